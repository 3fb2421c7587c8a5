-- Accounts: verified email addresses, single-use links sent by email (verification, password
-- reset), sessions with an idle expiry, and account emails in the outbox. SQLite cannot change a
-- CHECK constraint, so `emails` is rebuilt. Migrations run inside a transaction, where foreign
-- keys cannot be switched off: email_attempts is set aside and rebuilt around it, so dropping
-- the old table cascades to nothing.

ALTER TABLE customers ADD COLUMN email_verified_at TEXT;
-- Admins were vouched for by whoever made them; guests confirm their address from now on.
UPDATE customers SET email_verified_at = created_at WHERE role <> 'guest';

-- Only a hash of each link's token is kept; a link is bound to the address it was sent to.
CREATE TABLE account_links (
    token_hash  TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    email       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX account_links_customer ON account_links(customer_id, purpose);
CREATE INDEX account_links_expires ON account_links(expires_at);

ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE emails_new (
    id              INTEGER PRIMARY KEY,
    booking_id      INTEGER REFERENCES bookings(id),
    hotel_id        INTEGER REFERENCES hotels(id),
    kind            TEXT NOT NULL CHECK (kind IN ('guest_confirmation', 'guest_cancellation', 'admin_new_booking', 'admin_cancellation',
                                  'account_verification', 'password_reset', 'account_exists', 'recipient_confirmation')),
    recipient       TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by      TEXT,
    claimed_until   TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    last_error      TEXT,
    delivered_via   TEXT CHECK (delivered_via IS NULL OR delivered_via IN ('smtp', 'file', 'memory')),
    file_name       TEXT,
    booking_reference TEXT,
    hotel_name      TEXT,
    time_zone       TEXT
);
INSERT INTO emails_new (id, booking_id, hotel_id, kind, recipient, subject, text_body, html_body,
        message_id, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at,
        sent_at, last_error, delivered_via, file_name, booking_reference, hotel_name, time_zone)
    SELECT id, booking_id, hotel_id, kind, recipient, subject, text_body, html_body,
        message_id, status, attempts, next_attempt_at, claimed_by, claimed_until, created_at,
        sent_at, last_error, delivered_via, file_name, booking_reference, hotel_name, time_zone
    FROM emails;
CREATE TEMP TABLE email_attempts_kept AS SELECT * FROM email_attempts;
DROP TABLE email_attempts;
DROP TABLE emails;
ALTER TABLE emails_new RENAME TO emails;
CREATE TABLE email_attempts (
    id          INTEGER PRIMARY KEY,
    email_id    INTEGER NOT NULL REFERENCES emails(id) ON DELETE CASCADE,
    relay       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT
);
INSERT INTO email_attempts (id, email_id, relay, started_at, finished_at, ok, error)
    SELECT id, email_id, relay, started_at, finished_at, ok, error FROM email_attempts_kept;
DROP TABLE email_attempts_kept;
CREATE INDEX email_attempts_email ON email_attempts(email_id, started_at);
CREATE INDEX emails_due ON emails(next_attempt_at) WHERE status = 'pending';
CREATE INDEX emails_hotel_created ON emails(hotel_id, created_at);
CREATE INDEX emails_created ON emails(created_at);
CREATE INDEX emails_booking ON emails(booking_id);
