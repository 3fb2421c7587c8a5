-- Like the emails' and events': the request that wrote each webhook delivery (its id, and its
-- W3C `traceparent` while traces are exported), so the deliverer's tries join that request's
-- trace. NULL for deliveries written before.
ALTER TABLE webhook_deliveries ADD COLUMN request_id TEXT;
ALTER TABLE webhook_deliveries ADD COLUMN traceparent TEXT;
