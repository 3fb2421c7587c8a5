-- Alert recipients confirm their address by a single-use link before booking alerts (with the
-- guests' details) go to it. Only a hash of the link's token is kept; it stays on the row after
-- use, so a second use can be told apart from a link that never existed.
ALTER TABLE alert_recipients ADD COLUMN confirmed_at TEXT;
ALTER TABLE alert_recipients ADD COLUMN token_hash TEXT;
ALTER TABLE alert_recipients ADD COLUMN token_expires_at TEXT;
-- The recipients already here were added by hotel admins before this rule: they stay confirmed,
-- so no hotel stops hearing about its bookings the day this runs.
UPDATE alert_recipients SET confirmed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now');
CREATE UNIQUE INDEX alert_recipients_token ON alert_recipients(token_hash);
