//! The HTTP `AdminBackend`: admin pages in the web role call the hotels and bookings services'
//! admin APIs with the admin's access token.
use app::backend::{AdminBackend, Caller};
use app::model::*;
use app::pages::url_encode;
use async_trait::async_trait;
use chrono::NaiveDate;
use reqwest::Method;
use serde_json::json;

use super::HttpBackend;

impl HttpBackend {
    fn hotel_url(&self, slug: &str, rest: &str) -> String {
        format!(
            "{}/api/v1/admin/hotels/{}{rest}",
            self.urls.hotels,
            url_encode(slug)
        )
    }
    fn room_url(&self, slug: &str, room: &str, rest: &str) -> String {
        self.hotel_url(slug, &format!("/room-types/{}{rest}", url_encode(room)))
    }
}

#[async_trait]
impl AdminBackend for HttpBackend {
    async fn admin_hotels(&self, c: &Caller) -> Result<Vec<AdminHotelSummary>, AppError> {
        let url = format!("{}/api/v1/admin/hotels", self.urls.hotels);
        self.send(self.request(Method::GET, url, Some(&c.token)))
            .await
    }
    async fn admin_hotel(&self, c: &Caller, slug: &str) -> Result<AdminHotel, AppError> {
        self.send(self.request(Method::GET, self.hotel_url(slug, ""), Some(&c.token)))
            .await
    }
    async fn create_hotel(&self, c: &Caller, input: HotelInput) -> Result<AdminHotel, AppError> {
        let url = format!("{}/api/v1/admin/hotels", self.urls.hotels);
        self.send(self.request(Method::POST, url, Some(&c.token)).json(&input))
            .await
    }
    async fn update_hotel(
        &self,
        c: &Caller,
        slug: &str,
        input: HotelInput,
    ) -> Result<AdminHotel, AppError> {
        self.send(
            self.request(Method::PUT, self.hotel_url(slug, ""), Some(&c.token))
                .json(&input),
        )
        .await
    }
    async fn publish_hotel(
        &self,
        c: &Caller,
        slug: &str,
        published: bool,
    ) -> Result<AdminHotel, AppError> {
        let req = self.request(
            Method::PUT,
            self.hotel_url(slug, "/published"),
            Some(&c.token),
        );
        self.send(req.json(&json!({ "published": published })))
            .await
    }
    async fn upload_photo(
        &self,
        c: &Caller,
        slug: &str,
        bytes: Vec<u8>,
        caption: &str,
    ) -> Result<Photo, AppError> {
        let url = self.hotel_url(slug, &format!("/photos?caption={}", url_encode(caption)));
        let req = self
            .request(Method::POST, url, Some(&c.token))
            .header("content-type", "application/octet-stream");
        self.send(req.body(bytes)).await
    }
    async fn delete_photo(&self, c: &Caller, slug: &str, id: i64) -> Result<(), AppError> {
        self.send_empty(self.request(
            Method::DELETE,
            self.hotel_url(slug, &format!("/photos/{id}")),
            Some(&c.token),
        ))
        .await
    }
    async fn photo(&self, c: &Caller, slug: &str, id: i64) -> Result<(String, Vec<u8>), AppError> {
        let url = self.hotel_url(slug, &format!("/photos/{id}"));
        let res = self
            .answer(self.request(Method::GET, url, Some(&c.token)))
            .await?;
        let content_type = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        let bytes = res.bytes().await.map_err(super::http::transport)?;
        Ok((content_type, bytes.to_vec()))
    }
    async fn create_room_type(
        &self,
        c: &Caller,
        slug: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        self.send(
            self.request(
                Method::POST,
                self.hotel_url(slug, "/room-types"),
                Some(&c.token),
            )
            .json(&input),
        )
        .await
    }
    async fn update_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        input: RoomTypeInput,
    ) -> Result<AdminRoomType, AppError> {
        self.send(
            self.request(Method::PUT, self.room_url(slug, room, ""), Some(&c.token))
                .json(&input),
        )
        .await
    }
    async fn retire_room_type(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        retired: bool,
    ) -> Result<AdminRoomType, AppError> {
        let req = self.request(
            Method::PUT,
            self.room_url(slug, room, "/retired"),
            Some(&c.token),
        );
        self.send(req.json(&json!({ "retired": retired }))).await
    }
    async fn calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        from: Option<NaiveDate>,
        nights: Option<u32>,
    ) -> Result<Calendar, AppError> {
        let mut query = Vec::new();
        if let Some(from) = from {
            query.push(format!("from={from}"));
        }
        if let Some(n) = nights {
            query.push(format!("nights={n}"));
        }
        let url = self.room_url(slug, room, &format!("/calendar?{}", query.join("&")));
        self.send(self.request(Method::GET, url, Some(&c.token)))
            .await
    }
    async fn change_calendar(
        &self,
        c: &Caller,
        slug: &str,
        room: &str,
        change: CalendarChange,
    ) -> Result<Calendar, AppError> {
        self.send(
            self.request(
                Method::POST,
                self.room_url(slug, room, "/calendar"),
                Some(&c.token),
            )
            .json(&change),
        )
        .await
    }
    async fn alert_recipients(&self, c: &Caller, slug: &str) -> Result<AlertRecipients, AppError> {
        self.send(self.request(
            Method::GET,
            self.hotel_url(slug, "/alert-recipients"),
            Some(&c.token),
        ))
        .await
    }
    async fn set_alert_recipients(
        &self,
        c: &Caller,
        slug: &str,
        list: AlertRecipients,
    ) -> Result<AlertRecipients, AppError> {
        self.send(
            self.request(
                Method::PUT,
                self.hotel_url(slug, "/alert-recipients"),
                Some(&c.token),
            )
            .json(&list),
        )
        .await
    }
    async fn hotel_admins(&self, c: &Caller, slug: &str) -> Result<Vec<HotelAdmin>, AppError> {
        self.send(self.request(Method::GET, self.hotel_url(slug, "/admins"), Some(&c.token)))
            .await
    }
    async fn assign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<HotelAdmin, AppError> {
        let req = self.request(
            Method::POST,
            self.hotel_url(slug, "/admins"),
            Some(&c.token),
        );
        self.send(req.json(&json!({ "email": email }))).await
    }
    async fn unassign_hotel_admin(
        &self,
        c: &Caller,
        slug: &str,
        email: &str,
    ) -> Result<(), AppError> {
        let url = self.hotel_url(slug, &format!("/admins/{}", url_encode(email)));
        self.send_empty(self.request(Method::DELETE, url, Some(&c.token)))
            .await
    }
    async fn admin_bookings(
        &self,
        c: &Caller,
        filter: &BookingFilter,
    ) -> Result<AdminBookingList, AppError> {
        let url = format!("{}/api/v1/admin/bookings", self.urls.bookings);
        self.send(self.request(Method::GET, url, Some(&c.token)).query(filter))
            .await
    }
    async fn admin_booking(&self, c: &Caller, reference: &str) -> Result<AdminBooking, AppError> {
        let url = format!(
            "{}/api/v1/admin/bookings/{}",
            self.urls.bookings,
            url_encode(reference)
        );
        self.send(self.request(Method::GET, url, Some(&c.token)))
            .await
    }
    async fn booking_action(
        &self,
        c: &Caller,
        reference: &str,
        action: BookingAction,
    ) -> Result<AdminBooking, AppError> {
        let url = format!(
            "{}/api/v1/admin/bookings/{}/{}",
            self.urls.bookings,
            url_encode(reference),
            action.as_str().replace('_', "-")
        );
        self.send(self.request(Method::POST, url, Some(&c.token)))
            .await
    }
    async fn dashboard(&self, c: &Caller, slug: &str) -> Result<Dashboard, AppError> {
        let url = format!(
            "{}/api/v1/admin/hotels/{}/dashboard",
            self.urls.bookings,
            url_encode(slug)
        );
        self.send(self.request(Method::GET, url, Some(&c.token)))
            .await
    }
    async fn emails(&self, c: &Caller, hotel: Option<&str>) -> Result<Vec<EmailSummary>, AppError> {
        let mut url = format!("{}/api/v1/admin/emails", self.urls.bookings);
        if let Some(h) = hotel {
            url.push_str(&format!("?hotel={}", url_encode(h)));
        }
        self.send(self.request(Method::GET, url, Some(&c.token)))
            .await
    }
}
