-- Email: the guest and hotel-admin messages of each booking event, written in the booking's own
-- transaction (rendered then, so a relay needs nothing but this table), and every delivery try.

CREATE TABLE emails (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    booking_id      BIGINT REFERENCES bookings(id),
    hotel_id        BIGINT REFERENCES hotels(id),
    kind            TEXT NOT NULL CHECK (kind IN ('guest_confirmation', 'guest_cancellation',
                                                  'admin_new_booking', 'admin_cancellation')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    -- Fixed when the row is written, so a resend after a crash is the same message to receivers.
    message_id      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    -- The relay holding the row and until when; an expired lease means that relay died mid-send.
    claimed_by      TEXT,
    claimed_until   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ,
    last_error      TEXT,
    delivered_via   TEXT CHECK (delivered_via IS NULL OR delivered_via IN ('smtp', 'file', 'memory')),
    file_name       TEXT
);
CREATE INDEX emails_due ON emails(next_attempt_at) WHERE status = 'pending';
CREATE INDEX emails_hotel_created ON emails(hotel_id, created_at);
CREATE INDEX emails_created ON emails(created_at);
CREATE INDEX emails_booking ON emails(booking_id);

CREATE TABLE email_attempts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email_id    BIGINT NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
    relay       TEXT NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    ok          BOOLEAN NOT NULL,
    error       TEXT
);
CREATE INDEX email_attempts_email ON email_attempts(email_id, started_at);
