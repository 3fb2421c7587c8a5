//! The in-process `AdminBackend`: the admin pages call the services directly.
use app::backend::{AdminBackend, Caller};
use app::model::*;
use async_trait::async_trait;
use chrono::NaiveDate;

use super::InProcess;
use crate::bookings::admin as bookings;
use crate::hotels::admin::{calendar, photos, service as hotels};

#[async_trait]
impl AdminBackend for InProcess {
    async fn admin_hotels(&self, c: &Caller) -> Result<Vec<AdminHotelSummary>, AppError> {
        hotels::hotels(&self.db, &c.customer).await
    }
    async fn admin_hotel(&self, c: &Caller, slug: &str) -> Result<AdminHotel, AppError> {
        hotels::hotel(&self.db, &c.customer, slug).await
    }
    async fn create_hotel(&self, c: &Caller, input: HotelInput) -> Result<AdminHotel, AppError> {
        hotels::create(&self.db, &c.customer, input).await
    }
    async fn update_hotel(
        &self,
        c: &Caller,
        slug: &str,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError> {
        hotels::update(&self.db, &c.customer, slug, input).await
    }
    async fn publish_hotel(
        &self,
        c: &Caller,
        slug: &str,
        published: bool,
    ) -> Result<AdminHotel, AppError> {
        hotels::publish(&self.db, &c.customer, slug, published).await
    }
    async fn upload_photo(
        &self,
        c: &Caller,
        slug: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> Result<Photo, AppError> {
        photos::upload(&self.db, &c.customer, slug, &bytes, caption).await
    }
    async fn delete_photo(&self, c: &Caller, slug: &str, id: i64) -> Result<(), AppError> {
        photos::delete(&self.db, &c.customer, slug, id).await
    }
    async fn photo(&self, c: &Caller, slug: &str, id: i64) -> Result<(String, Vec<u8>), AppError> {
        photos::admin_bytes(&self.db, &c.customer, slug, id).await
    }
    async fn create_room_type(
        &self,
        c: &Caller,
        slug: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        hotels::create_room(&self.db, &c.customer, slug, input).await
    }
    async fn update_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        hotels::update_room(&self.db, &c.customer, slug, room, input).await
    }
    async fn retire_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        retired: bool,
    ) -> Result<AdminRoomType, AppError> {
        hotels::retire_room(&self.db, &c.customer, slug, room, retired).await
    }
    async fn calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        from: Option<NaiveDate>,
        nights: Option<u32>,
    ) -> Result<Calendar, AppError> {
        calendar::get(&self.db, &c.customer, slug, room, from, nights).await
    }
    async fn change_calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        change: CalendarChange,
    ) -> Result<Calendar, AppError> {
        calendar::change(&self.db, &c.customer, slug, room, change).await
    }
    async fn alert_recipients(&self, c: &Caller, slug: &str) -> Result<AlertRecipients, AppError> {
        hotels::recipients(&self.db, &c.customer, slug).await
    }
    async fn set_alert_recipients(
        &self,
        c: &Caller,
        slug: &str,
        list: AlertRecipients,
    ) -> Result<AlertRecipients, AppError> {
        hotels::set_recipients(&self.db, &c.customer, slug, list).await
    }
    async fn hotel_admins(&self, c: &Caller, slug: &str) -> Result<Vec<HotelAdmin>, AppError> {
        hotels::admins(&self.db, &c.customer, slug).await
    }
    async fn assign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<HotelAdmin, AppError> {
        hotels::assign_admin(&self.db, &c.customer, slug, email).await
    }
    async fn unassign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError> {
        hotels::unassign_admin(&self.db, &c.customer, slug, email).await
    }
    async fn admin_bookings(
        &self,
        c: &Caller,
        filter: &BookingFilter,
    ) -> Result<AdminBookingList, AppError> {
        bookings::service::list(&self.db, &c.customer, filter).await
    }
    async fn admin_booking(&self, c: &Caller, reference: &str) -> Result<AdminBooking, AppError> {
        bookings::service::detail(&self.db, &c.customer, reference).await
    }
    async fn booking_action(
        &self,
        c: &Caller,
        reference: &str,
        action: BookingAction,
    ) -> Result<AdminBooking, AppError> {
        bookings::service::act(&self.db, &c.customer, reference, action).await
    }
    async fn dashboard(&self, c: &Caller, slug: &str) -> Result<Dashboard, AppError> {
        bookings::dashboard::get(&self.db, &c.customer, slug).await
    }
    async fn emails(&self, c: &Caller, hotel: Option<&str>) -> Result<Vec<EmailSummary>, AppError> {
        bookings::emails::list(&self.db, &c.customer, hotel).await
    }
}
