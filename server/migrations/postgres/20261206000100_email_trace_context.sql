-- The request that wrote each email: its id (as the logs name it) and its W3C `traceparent`
-- (only while traces are exported), so the relay's send joins that request's trace and log
-- lines. NULL for emails written before, or outside any request.
ALTER TABLE emails ADD COLUMN request_id TEXT;
ALTER TABLE emails ADD COLUMN traceparent TEXT;
