//! The admin half of the `Backend`: running hotels, their calendars and their bookings.
use async_trait::async_trait;
use chrono::NaiveDate;

use super::Caller;
use crate::model::*;

/// Every call is checked against the caller's scope by the service: a hotel outside it is
/// `NotFound`, a guest is `Forbidden`.
#[async_trait]
pub trait AdminBackend: Send + Sync + 'static {
    async fn admin_hotels(&self, caller: &Caller) -> Result<Vec<AdminHotelSummary>, AppError>;
    async fn admin_hotel(&self, caller: &Caller, slug: &str) -> Result<AdminHotel, AppError>;
    async fn create_hotel(
        &self,
        caller: &Caller,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError>;
    async fn update_hotel(
        &self,
        caller: &Caller,
        slug: &str,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError>;
    async fn publish_hotel(
        &self,
        caller: &Caller,
        slug: &str,
        published: bool,
    ) -> Result<AdminHotel, AppError>;
    async fn upload_photo(
        &self,
        caller: &Caller,
        slug: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> Result<Photo, AppError>;
    async fn delete_photo(&self, caller: &Caller, slug: &str, id: i64) -> Result<(), AppError>;
    /// A photo of the hotel, published or not: content type and bytes.
    async fn photo(
        &self,
        caller: &Caller,
        slug: &str,
        id: i64,
    ) -> Result<(String, Vec<u8>), AppError>;

    async fn create_room_type(
        &self,
        caller: &Caller,
        slug: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError>;
    async fn update_room_type(
        &self,
        caller: &Caller,
        slug: &str,
        room: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError>;
    async fn retire_room_type(
        &self,
        caller: &Caller,
        slug: &str,
        room: &str,
        retired: bool,
    ) -> Result<AdminRoomType, AppError>;
    async fn calendar(
        &self,
        caller: &Caller,
        slug: &str,
        room: &str,
        from: Option<NaiveDate>,
        nights: Option<u32>,
    ) -> Result<Calendar, AppError>;
    async fn change_calendar(
        &self,
        caller: &Caller,
        slug: &str,
        room: &str,
        change: CalendarChange,
    ) -> Result<Calendar, AppError>;

    async fn alert_recipients(
        &self,
        caller: &Caller,
        slug: &str,
    ) -> Result<AlertRecipients, AppError>;
    async fn set_alert_recipients(
        &self,
        caller: &Caller,
        slug: &str,
        list: AlertRecipients,
    ) -> Result<AlertRecipients, AppError>;
    async fn hotel_admins(&self, caller: &Caller, slug: &str) -> Result<Vec<HotelAdmin>, AppError>;
    async fn assign_hotel_admin(
        &self,
        caller: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<HotelAdmin, AppError>;
    async fn unassign_hotel_admin(
        &self,
        caller: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError>;

    async fn admin_bookings(
        &self,
        caller: &Caller,
        filter: &BookingFilter,
    ) -> Result<AdminBookingList, AppError>;
    async fn admin_booking(
        &self,
        caller: &Caller,
        reference: &str,
    ) -> Result<AdminBooking, AppError>;
    async fn booking_action(
        &self,
        caller: &Caller,
        reference: &str,
        action: BookingAction,
    ) -> Result<AdminBooking, AppError>;
    async fn dashboard(&self, caller: &Caller, slug: &str) -> Result<Dashboard, AppError>;
    /// The newest emails of the caller's hotels (or of one hotel), with delivery status.
    async fn emails(
        &self,
        caller: &Caller,
        hotel: Option<&str>,
    ) -> Result<Vec<EmailSummary>, AppError>;
}
