//! The admin's operations: running hotels, their calendars, staff and bookings. The services
//! check every call against the caller's scope: a hotel outside it is `NotFound`, a guest is
//! `Forbidden`.
use chrono::NaiveDate;

use super::{Caller, Client};
use crate::endpoints as ep;
use crate::model::*;

impl Client {
    pub async fn admin_hotels(&self, c: &Caller) -> Result<Vec<AdminHotelSummary>, AppError> {
        self.call(ep::ADMIN_HOTELS, &[]).caller(c).send().await
    }
    pub async fn admin_hotel(&self, c: &Caller, slug: &str) -> Result<AdminHotel, AppError> {
        self.call(ep::ADMIN_HOTEL, &[slug]).caller(c).send().await
    }
    pub async fn create_hotel(
        &self,
        c: &Caller,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError> {
        let call = self.call(ep::CREATE_HOTEL, &[]).caller(c);
        call.json(&input).send().await
    }
    pub async fn update_hotel(
        &self,
        c: &Caller,
        slug: &str,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError> {
        let call = self.call(ep::UPDATE_HOTEL, &[slug]).caller(c);
        call.json(&input).send().await
    }
    pub async fn publish_hotel(
        &self,
        c: &Caller,
        slug: &str,
        published: bool,
    ) -> Result<AdminHotel, AppError> {
        let call = self.call(ep::PUBLISH_HOTEL, &[slug]).caller(c);
        call.json(&PublishInput { published }).send().await
    }
    pub async fn upload_photo(
        &self,
        c: &Caller,
        slug: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> Result<Photo, AppError> {
        let call = self.call(ep::UPLOAD_PHOTO, &[slug]).caller(c);
        let call = call.query(&[("caption", caption)]);
        call.bytes("application/octet-stream", bytes).send().await
    }
    pub async fn delete_photo(&self, c: &Caller, slug: &str, id: i64) -> Result<(), AppError> {
        let id = id.to_string();
        let call = self.call(ep::DELETE_PHOTO, &[slug, &id]).caller(c);
        call.send_empty().await
    }
    /// A photo of the hotel, published or not: content type and bytes.
    pub async fn photo(
        &self,
        c: &Caller,
        slug: &str,
        id: i64,
    ) -> Result<(String, Vec<u8>), AppError> {
        let id = id.to_string();
        let res = self
            .call(ep::ADMIN_PHOTO, &[slug, &id])
            .caller(c)
            .send_raw()
            .await?;
        let content_type = res
            .headers()
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        Ok((content_type, res.into_body().to_vec()))
    }
    pub async fn create_room_type(
        &self,
        c: &Caller,
        slug: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        let call = self.call(ep::CREATE_ROOM_TYPE, &[slug]).caller(c);
        call.json(&input).send().await
    }
    pub async fn update_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        let call = self.call(ep::UPDATE_ROOM_TYPE, &[slug, room]).caller(c);
        call.json(&input).send().await
    }
    pub async fn retire_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        retired: bool,
    ) -> Result<AdminRoomType, AppError> {
        let call = self.call(ep::RETIRE_ROOM_TYPE, &[slug, room]).caller(c);
        call.json(&RetireInput { retired }).send().await
    }
    pub async fn calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        from: Option<NaiveDate>,
        nights: Option<u32>,
    ) -> Result<Calendar, AppError> {
        #[derive(serde::Serialize)]
        struct Query {
            #[serde(skip_serializing_if = "Option::is_none")]
            from: Option<NaiveDate>,
            #[serde(skip_serializing_if = "Option::is_none")]
            nights: Option<u32>,
        }
        let call = self.call(ep::CALENDAR, &[slug, room]).caller(c);
        call.query(&Query { from, nights }).send().await
    }
    pub async fn change_calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        change: CalendarChange,
    ) -> Result<Calendar, AppError> {
        let call = self.call(ep::CHANGE_CALENDAR, &[slug, room]).caller(c);
        call.json(&change).send().await
    }
    pub async fn alert_recipients(
        &self,
        c: &Caller,
        slug: &str,
    ) -> Result<AlertRecipients, AppError> {
        self.call(ep::ALERT_RECIPIENTS, &[slug])
            .caller(c)
            .send()
            .await
    }
    pub async fn set_alert_recipients(
        &self,
        c: &Caller,
        slug: &str,
        list: AlertRecipients,
    ) -> Result<AlertRecipients, AppError> {
        let call = self.call(ep::SET_ALERT_RECIPIENTS, &[slug]).caller(c);
        call.json(&list).send().await
    }
    /// Takes one address off the hotel's alerts.
    pub async fn remove_alert_recipient(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError> {
        let call = self.call(ep::REMOVE_ALERT_RECIPIENT, &[slug, email]);
        call.caller(c).send_empty().await
    }
    /// Emails a waiting address a new confirmation link (the old one stops working).
    pub async fn resend_alert_confirmation(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError> {
        let call = self.call(ep::RESEND_ALERT_CONFIRMATION, &[slug, email]);
        call.caller(c).send_empty().await
    }
    /// The alert recipients of every hotel the caller runs (every hotel for a platform admin).
    pub async fn all_alert_recipients(
        &self,
        c: &Caller,
    ) -> Result<Vec<HotelAlertRecipient>, AppError> {
        let call = self.call(ep::ALL_ALERT_RECIPIENTS, &[]);
        call.caller(c).send().await
    }
    pub async fn hotel_admins(&self, c: &Caller, slug: &str) -> Result<Vec<HotelAdmin>, AppError> {
        self.call(ep::HOTEL_ADMINS, &[slug]).caller(c).send().await
    }
    pub async fn assign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<HotelAdmin, AppError> {
        let call = self.call(ep::ASSIGN_ADMIN, &[slug]).caller(c);
        let email = email.to_owned();
        call.json(&AssignAdmin { email }).send().await
    }
    pub async fn unassign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError> {
        let call = self.call(ep::UNASSIGN_ADMIN, &[slug, email]).caller(c);
        call.send_empty().await
    }
    pub async fn admin_bookings(
        &self,
        c: &Caller,
        filter: &BookingFilter,
    ) -> Result<AdminBookingList, AppError> {
        let call = self.call(ep::ADMIN_BOOKINGS, &[]).caller(c);
        call.query(filter).send().await
    }
    pub async fn admin_booking(
        &self,
        c: &Caller,
        reference: &str,
    ) -> Result<AdminBooking, AppError> {
        let call = self.call(ep::ADMIN_BOOKING, &[reference]).caller(c);
        call.send().await
    }
    pub async fn booking_action(
        &self,
        c: &Caller,
        reference: &str,
        action: BookingAction,
    ) -> Result<AdminBooking, AppError> {
        let action = action.as_str().replace('_', "-");
        let call = self
            .call(ep::BOOKING_ACTION, &[reference, &action])
            .caller(c);
        call.send().await
    }
    pub async fn dashboard(&self, c: &Caller, slug: &str) -> Result<Dashboard, AppError> {
        self.call(ep::DASHBOARD, &[slug]).caller(c).send().await
    }
    /// The newest emails of the caller's hotels (or of one hotel), with delivery status.
    pub async fn emails(
        &self,
        c: &Caller,
        hotel: Option<&str>,
    ) -> Result<Vec<EmailSummary>, AppError> {
        let call = self.call(ep::EMAILS, &[]).caller(c);
        call.query(&[("hotel", hotel)]).send().await
    }
    /// Booking events and admin alerts parked after their last try (the caller's hotels').
    pub async fn parked(&self, c: &Caller) -> Result<Vec<ParkedItem>, AppError> {
        self.call(ep::PARKED, &[]).caller(c).send().await
    }
    /// Puts a parked item back in line; answers the list as it is now.
    pub async fn retry_parked(
        &self,
        c: &Caller,
        sink: OutboxSink,
        id: i64,
    ) -> Result<Vec<ParkedItem>, AppError> {
        let id = id.to_string();
        let call = self.call(ep::RETRY_PARKED, &[sink.as_str(), &id]).caller(c);
        call.send().await
    }
}
