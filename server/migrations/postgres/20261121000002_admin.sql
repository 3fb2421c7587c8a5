-- Hotel administration: who runs which hotel, hotel photos, alert recipients, and what happened
-- at the front desk for each booking.

-- customers service: a hotel admin runs only the hotels assigned here; a platform admin runs all.
CREATE TABLE hotel_admins (
    hotel_id    BIGINT NOT NULL REFERENCES hotels(id) ON DELETE CASCADE,
    customer_id BIGINT NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (hotel_id, customer_id)
);
CREATE INDEX hotel_admins_customer ON hotel_admins(customer_id);

-- hotels service: photos are uploaded by admins and served by the app.
CREATE TABLE hotel_photos (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    hotel_id     BIGINT NOT NULL REFERENCES hotels(id) ON DELETE CASCADE,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        BYTEA NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    caption      TEXT NOT NULL DEFAULT '',
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX hotel_photos_hotel ON hotel_photos(hotel_id, position);

-- hotels service: who is told about new bookings and cancellations.
CREATE TABLE alert_recipients (
    hotel_id        BIGINT NOT NULL REFERENCES hotels(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    on_booking      BOOLEAN NOT NULL DEFAULT TRUE,
    on_cancellation BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (hotel_id, email)
);

-- bookings service: the front desk's record, separate from confirmed/cancelled.
ALTER TABLE bookings ADD COLUMN arrival TEXT NOT NULL DEFAULT 'expected'
    CHECK (arrival IN ('expected', 'checked_in', 'checked_out', 'no_show'));
ALTER TABLE bookings ADD COLUMN arrival_at TIMESTAMPTZ;
ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;
CREATE INDEX bookings_hotel_check_in ON bookings(hotel_id, check_in);
CREATE INDEX bookings_hotel_check_out ON bookings(hotel_id, check_out);
CREATE INDEX bookings_hotel_created ON bookings(hotel_id, created_at);
