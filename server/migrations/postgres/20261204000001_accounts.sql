-- Accounts: verified email addresses, single-use links sent by email (verification, password
-- reset), sessions with an idle expiry, and account emails in the outbox.

ALTER TABLE customers ADD COLUMN email_verified_at TIMESTAMPTZ;
-- Admins were vouched for by whoever made them; guests confirm their address from now on.
UPDATE customers SET email_verified_at = created_at WHERE role <> 'guest';

-- Only a hash of each link's token is kept; a link is bound to the address it was sent to.
CREATE TABLE account_links (
    token_hash  TEXT PRIMARY KEY,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    email       TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_links_customer ON account_links(customer_id, purpose);
CREATE INDEX account_links_expires ON account_links(expires_at);

ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_expires ON sessions(expires_at);

ALTER TABLE emails DROP CONSTRAINT emails_kind_check;
ALTER TABLE emails ADD CONSTRAINT emails_kind_check CHECK (kind IN ('guest_confirmation', 'guest_cancellation', 'admin_new_booking', 'admin_cancellation',
                                  'account_verification', 'password_reset', 'account_exists', 'recipient_confirmation'));
