-- Each service reads only its own tables: an email keeps the booking reference, hotel name and
-- time zone its admin list shows (as they were when it was written), so listing emails needs
-- neither the bookings nor the hotels table.
ALTER TABLE emails ADD COLUMN booking_reference TEXT;
ALTER TABLE emails ADD COLUMN hotel_name TEXT;
ALTER TABLE emails ADD COLUMN time_zone TEXT;
UPDATE emails SET
    booking_reference = (SELECT b.reference FROM bookings b WHERE b.id = emails.booking_id),
    hotel_name = (SELECT h.name FROM hotels h WHERE h.id = emails.hotel_id),
    time_zone = (SELECT h.time_zone FROM hotels h WHERE h.id = emails.hotel_id);

-- Booking events were written here and never read; they come back with the relay that
-- delivers them.
DROP TABLE outbox;
