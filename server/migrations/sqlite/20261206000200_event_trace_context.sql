-- Like the emails': the request that wrote each booking event (its id, and its W3C
-- `traceparent` while traces are exported), so the relay's publish of it joins that request's
-- trace. NULL for events written before.
ALTER TABLE booking_events ADD COLUMN request_id TEXT;
ALTER TABLE booking_events ADD COLUMN traceparent TEXT;
