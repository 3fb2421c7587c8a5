-- Booking events: CloudEvents 1.0 documents written by the booking's own transaction, numbered
-- per hotel in commit order, and published to OCI Streaming by the relay; admin alerts for an
-- OCI Notifications topic; every publish try. Owned by the outbox.

-- One row per hotel: the last event number it handed out, and its stream cursor's lease. The
-- booking transaction bumps `last_seq` as its last write, so the row lock orders the hotel's
-- writers and an event's number is its commit order; one relay at a time holds a hotel, so
-- its events leave in that order.
CREATE TABLE hotel_event_streams (
    hotel_id        BIGINT PRIMARY KEY REFERENCES hotels(id),
    last_seq        BIGINT NOT NULL,
    -- The hotel's next event waits until then after a failed try (backoff holds the whole
    -- hotel back, keeping its order).
    stream_due_at   TIMESTAMPTZ NOT NULL,
    stream_claimed_by    TEXT,
    stream_claimed_until TIMESTAMPTZ
);

CREATE TABLE booking_events (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The CloudEvents `id` (a UUID): consumers drop the duplicates at-least-once delivery makes.
    event_id          TEXT NOT NULL UNIQUE,
    hotel_id          BIGINT NOT NULL REFERENCES hotels(id),
    seq               BIGINT NOT NULL,
    booking_id        BIGINT REFERENCES bookings(id),
    booking_reference TEXT NOT NULL,
    hotel_name        TEXT NOT NULL,
    type              TEXT NOT NULL,
    -- The exact bytes published (text, not JSONB, so a resend is byte for byte the same).
    document          TEXT NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    stream_status     TEXT NOT NULL DEFAULT 'pending'
                      CHECK (stream_status IN ('pending', 'published', 'parked')),
    stream_attempts   INTEGER NOT NULL DEFAULT 0,
    stream_last_error TEXT,
    stream_last_attempt_at TIMESTAMPTZ,
    stream_published_at TIMESTAMPTZ,
    stream_partition  TEXT,
    stream_offset     BIGINT,
    parked_at         TIMESTAMPTZ,
    UNIQUE (hotel_id, seq)
);
CREATE INDEX booking_events_stream_pending ON booking_events(hotel_id, seq) WHERE stream_status = 'pending';
CREATE INDEX booking_events_parked ON booking_events(parked_at) WHERE stream_status = 'parked';
CREATE INDEX booking_events_booking ON booking_events(booking_id);
CREATE INDEX booking_events_created ON booking_events(created_at);

-- Admin alerts (new booking, cancellation) for an OCI Notifications topic, written beside the
-- alert emails when the writing process has a topic; rendered then, as emails are.
CREATE TABLE admin_alerts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id        BIGINT NOT NULL REFERENCES hotels(id),
    booking_id      BIGINT REFERENCES bookings(id),
    booking_reference TEXT NOT NULL,
    hotel_name      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('admin_new_booking', 'admin_cancellation')),
    topic_id        TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'published', 'parked')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ,
    message_id      TEXT,
    last_error      TEXT,
    last_attempt_at TIMESTAMPTZ,
    parked_at       TIMESTAMPTZ
);
CREATE INDEX admin_alerts_due ON admin_alerts(next_attempt_at) WHERE status = 'pending';
CREATE INDEX admin_alerts_parked ON admin_alerts(parked_at) WHERE status = 'parked';

-- Every publish try of an event (sink 'stream') or an alert (sink 'topic').
CREATE TABLE event_attempts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sink        TEXT NOT NULL CHECK (sink IN ('stream', 'topic')),
    event_id    BIGINT REFERENCES booking_events(id) ON DELETE CASCADE,
    alert_id    BIGINT REFERENCES admin_alerts(id) ON DELETE CASCADE,
    relay       TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome IN ('published', 'retry', 'parked', 'unavailable')),
    error       TEXT,
    CHECK ((event_id IS NULL) <> (alert_id IS NULL))
);
CREATE INDEX event_attempts_event ON event_attempts(event_id, started_at);
CREATE INDEX event_attempts_alert ON event_attempts(alert_id, started_at);
