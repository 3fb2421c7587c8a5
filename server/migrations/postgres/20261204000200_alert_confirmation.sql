-- Alert recipients confirm their address by a single-use link before booking alerts (with the
-- guests' details) go to it. Only a hash of the link's token is kept; it stays on the row after
-- use, so a second use can be told apart from a link that never existed.
ALTER TABLE alert_recipients ADD COLUMN confirmed_at TIMESTAMPTZ;
ALTER TABLE alert_recipients ADD COLUMN token_hash TEXT;
ALTER TABLE alert_recipients ADD COLUMN token_expires_at TIMESTAMPTZ;
-- The recipients already here were added by hotel admins before this rule: they stay confirmed,
-- so no hotel stops hearing about its bookings the day this runs.
UPDATE alert_recipients SET confirmed_at = now();
CREATE UNIQUE INDEX alert_recipients_token ON alert_recipients(token_hash);
