//! The in-process `Backend`: the web calls the services directly (one-process mode).
use app::backend::{Backend, Caller, SessionGrant};
use app::model::*;
use async_trait::async_trait;

use crate::store::Db;
use crate::{bookings, customers, hotels};

#[derive(Clone)]
pub struct InProcess {
    pub db: Db,
}

#[async_trait]
impl Backend for InProcess {
    async fn cities(&self) -> Result<Vec<City>, AppError> {
        hotels::service::cities(&self.db).await
    }
    async fn hotels(&self) -> Result<Vec<HotelSummary>, AppError> {
        hotels::service::hotels(&self.db).await
    }
    async fn search(&self, params: &SearchParams) -> Result<SearchResults, AppError> {
        hotels::service::search(&self.db, params).await
    }
    async fn hotel(
        &self,
        slug: &str,
        stay: Option<&StayParams>,
    ) -> Result<(HotelDetail, Option<(Stay, u32)>), AppError> {
        hotels::service::hotel(&self.db, slug, stay).await
    }
    async fn sign_up(&self, form: SignUp) -> Result<SessionGrant, AppError> {
        customers::service::sign_up(&self.db, form).await
    }
    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError> {
        customers::service::sign_in(&self.db, form).await
    }
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError> {
        customers::service::session(&self.db, token).await
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        customers::service::sign_out(&self.db, token).await
    }
    async fn create_booking(
        &self,
        caller: &Caller,
        hotel: &str,
        form: &BookingForm,
    ) -> Result<Booking, AppError> {
        bookings::service::create(&self.db, &caller.customer, hotel, form)
            .await
            .map(|(booking, _)| booking)
    }
    async fn booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError> {
        bookings::service::get(&self.db, &caller.customer, reference).await
    }
    async fn bookings(&self, caller: &Caller) -> Result<Vec<Booking>, AppError> {
        bookings::service::list(&self.db, &caller.customer).await
    }
    async fn cancel_booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError> {
        bookings::service::cancel(&self.db, &caller.customer, reference).await
    }
}
