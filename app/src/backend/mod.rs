//! The one door from the web's server functions to the services: in-process or over HTTP.
use std::sync::Arc;

use async_trait::async_trait;

use crate::model::*;

mod admin;
pub use admin::AdminBackend;

/// A signed-in session: who, and the opaque token kept in the browser's cookie.
#[derive(Clone, Debug)]
pub struct SessionGrant {
    pub customer: Customer,
    pub token: String,
}

/// The signed-in caller as the web knows them: who, and the token from their cookie (a session
/// token in one-process mode, an RS256 access token when the services run apart).
#[derive(Clone, Debug)]
pub struct Caller {
    pub customer: Customer,
    pub token: String,
}

#[async_trait]
pub trait Backend: AdminBackend + Send + Sync + 'static {
    async fn cities(&self) -> Result<Vec<City>, AppError>;
    /// Every published hotel, for the home page, without availability.
    async fn hotels(&self) -> Result<Vec<HotelSummary>, AppError>;
    async fn search(&self, params: &SearchParams) -> Result<SearchResults, AppError>;
    /// A hotel; with stay params, room types carry a quote and rooms left.
    async fn hotel(
        &self,
        slug: &str,
        stay: Option<&StayParams>,
    ) -> Result<(HotelDetail, Option<(Stay, u32)>), AppError>;

    async fn sign_up(&self, form: SignUp) -> Result<SessionGrant, AppError>;
    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError>;
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;

    async fn create_booking(
        &self,
        caller: &Caller,
        hotel: &str,
        form: &BookingForm,
    ) -> Result<Booking, AppError>;
    async fn booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError>;
    async fn bookings(&self, caller: &Caller) -> Result<Vec<Booking>, AppError>;
    async fn cancel_booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError>;
}

/// What SSR and server functions find in Leptos context.
#[derive(Clone)]
pub struct AppContext {
    pub backend: Arc<dyn Backend>,
}
