//! The guest's operations: search, hotels, and booking, reading and cancelling stays.
use serde::Deserialize;

use super::{Caller, Client};
use crate::endpoints as ep;
use crate::model::*;

/// One page of `GET /api/v1/hotels`.
#[derive(Deserialize)]
struct HotelPage {
    items: Vec<HotelSummary>,
    next_page: Option<u32>,
}

impl Client {
    /// Confirms an address for a hotel's booking alerts with the token from its link.
    pub async fn confirm_alert_recipient(&self, token: &str) -> Result<ConfirmedAlerts, AppError> {
        let body = AlertConfirmation {
            token: token.to_owned(),
        };
        let call = self.call(ep::CONFIRM_ALERT_RECIPIENT, &[]);
        call.json(&body).send().await
    }

    pub async fn cities(&self) -> Result<Vec<City>, AppError> {
        self.call(ep::CITIES, &[]).send().await
    }

    /// Every published hotel, for the home page, without availability.
    pub async fn hotels(&self) -> Result<Vec<HotelSummary>, AppError> {
        let mut all = Vec::new();
        let mut page = Some(1);
        while let Some(n) = page {
            let got: HotelPage = self
                .call(ep::HOTELS, &[])
                .query(&[("page", n)])
                .send()
                .await?;
            all.extend(got.items);
            page = got.next_page;
        }
        Ok(all)
    }

    pub async fn search(&self, params: &SearchParams) -> Result<SearchResults, AppError> {
        let query = [
            ("city", &params.city),
            ("check_in", &params.stay.check_in),
            ("check_out", &params.stay.check_out),
            ("guests", &params.stay.guests),
            ("sort", &params.sort),
        ];
        self.call(ep::SEARCH, &[]).query(&query).send().await
    }

    /// A hotel; with stay params, room types carry a quote and rooms left, and the stay comes
    /// back as the service read it.
    pub async fn hotel(
        &self,
        slug: &str,
        stay: Option<&StayParams>,
    ) -> Result<(HotelDetail, Option<(Stay, u32)>), AppError> {
        let mut call = self.call(ep::HOTEL, &[slug]);
        if let Some(p) = stay {
            call = call.query(&[
                ("check_in", &p.check_in),
                ("check_out", &p.check_out),
                ("guests", &p.guests),
            ]);
        }
        let hotel: HotelDetail = call.send().await?;
        // The service accepted the stay by the hotel's clock; the same rule reads it back.
        let today = today_at(chrono::Utc::now(), &hotel.time_zone);
        let stay = stay
            .map(|p| p.parse(today).map_err(AppError::Invalid))
            .transpose()?;
        Ok((hotel, stay))
    }

    /// Books a stay; the same `key` again replays the first booking instead of making another.
    pub async fn create_booking(
        &self,
        caller: &Caller,
        booking: &NewBooking,
        key: &str,
    ) -> Result<Booking, AppError> {
        self.call(ep::CREATE_BOOKING, &[])
            .caller(caller)
            .header("idempotency-key", key)
            .json(booking)
            .send()
            .await
    }

    pub async fn booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError> {
        self.call(ep::BOOKING, &[reference])
            .caller(caller)
            .send()
            .await
    }

    pub async fn bookings(&self, caller: &Caller) -> Result<Vec<Booking>, AppError> {
        self.call(ep::BOOKINGS, &[]).caller(caller).send().await
    }

    pub async fn cancel_booking(
        &self,
        caller: &Caller,
        reference: &str,
    ) -> Result<Booking, AppError> {
        self.call(ep::CANCEL_BOOKING, &[reference])
            .caller(caller)
            .send()
            .await
    }

    /// Asks for a guest account (no session): the answer is the same whether or not the
    /// address already had one.
    pub async fn register(&self, form: &SignUp) -> Result<Accepted, AppError> {
        self.call(ep::CREATE_CUSTOMER, &[]).json(form).send().await
    }

    /// Confirms an address with the emailed link's token.
    pub async fn verify_email(&self, token: &str) -> Result<(), AppError> {
        let link = EmailLink {
            token: token.to_owned(),
        };
        self.call(ep::VERIFY_EMAIL, &[])
            .json(&link)
            .send_empty()
            .await
    }

    /// Emails the caller a new confirmation link.
    pub async fn resend_verification(&self, caller: &Caller) -> Result<Accepted, AppError> {
        self.call(ep::RESEND_VERIFICATION, &[])
            .caller(caller)
            .send()
            .await
    }

    /// Emails a reset link to the address, if it has an account.
    pub async fn request_password_reset(&self, email: &str) -> Result<Accepted, AppError> {
        let form = PasswordResetRequest {
            email: email.to_owned(),
        };
        self.call(ep::REQUEST_PASSWORD_RESET, &[])
            .json(&form)
            .send()
            .await
    }

    /// Sets a new password with the emailed link's token.
    pub async fn reset_password(&self, form: &PasswordReset) -> Result<(), AppError> {
        self.call(ep::RESET_PASSWORD, &[])
            .json(form)
            .send_empty()
            .await
    }

    /// Ends the session of an access token.
    pub async fn end_session(&self, token: &str) -> Result<(), AppError> {
        self.call(ep::END_SESSION, &[])
            .header("authorization", &format!("Bearer {token}"))
            .send_empty()
            .await
    }

    /// Ends every session of the caller's account.
    pub async fn end_sessions(&self, caller: &Caller) -> Result<(), AppError> {
        self.call(ep::END_SESSIONS, &[])
            .caller(caller)
            .send_empty()
            .await
    }

    /// An access token for these credentials.
    pub async fn access_token(&self, form: &SignIn) -> Result<AccessToken, AppError> {
        self.call(ep::CREATE_SESSION, &[]).json(form).send().await
    }

    /// The account an access token belongs to.
    pub async fn me(&self, token: &str) -> Result<Customer, AppError> {
        self.call(ep::ME, &[])
            .header("authorization", &format!("Bearer {token}"))
            .send()
            .await
    }
}
