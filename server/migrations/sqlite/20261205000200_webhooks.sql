-- Webhooks: endpoints that hotels' own systems (channel managers, PMS) registered for booking
-- events, each event's delivery to each subscribed endpoint (written in the booking's own
-- transaction, beside the event), and every try of each delivery.

CREATE TABLE webhook_endpoints (
    id                    INTEGER PRIMARY KEY,
    -- NULL: platform-wide, the events of every hotel (only platform admins manage those).
    hotel_id              INTEGER REFERENCES hotels(id) ON DELETE CASCADE,
    url                   TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    -- A JSON array of the CloudEvent types it subscribed to.
    event_types           TEXT NOT NULL,
    enabled               INTEGER NOT NULL DEFAULT 1,
    -- The signing secret (`whsec_` + base64), needed as such to sign every delivery: never
    -- read back by the admin API or UI after it was shown once.
    secret                TEXT NOT NULL,
    -- The secret before the last rotation, still signing beside the new one until this instant.
    previous_secret       TEXT,
    previous_secret_until TEXT,
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_hotel ON webhook_endpoints(hotel_id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    -- The CloudEvent's id: the `webhook-id` of every try, so receivers drop repeats.
    event_id        TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    hotel_id        INTEGER,
    -- The CloudEvent JSON exactly as the event writer wrote it: the body of every try.
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by      TEXT,
    claimed_until   TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT,
    last_error      TEXT,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries(endpoint_id, id);

CREATE TABLE webhook_attempts (
    id               INTEGER PRIMARY KEY,
    delivery_id      INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
    relay            TEXT NOT NULL,
    started_at       TEXT NOT NULL,
    duration_ms      INTEGER NOT NULL,
    -- The HTTP status the endpoint answered, or NULL when it did not answer (error says why).
    status_code      INTEGER,
    error            TEXT,
    -- The first bytes of the answer's body, for the admin to see what the endpoint said.
    response_excerpt TEXT
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, id);
