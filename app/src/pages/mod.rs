//! One module per page of the guest site, and the admin UI.
mod account;
pub mod admin;
mod alerts;
mod auth;
mod book;
mod booking;
mod home;
mod hotel;
mod search;
mod trips;

pub use crate::components::layout::NotFound;
pub use account::{AccountPage, ForgotPasswordPage, ResetPasswordPage, VerifyEmailPage};
pub use alerts::AlertConfirmPage;
pub use auth::{SignInPage, SignUpPage};
pub use book::BookPage;

pub use booking::{BookingPage, CancelPage};
pub use home::HomePage;
pub use hotel::HotelPage;
pub use search::SearchPage;
pub use trips::TripsPage;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::model::{SearchParams, StayParams};

/// The stay fields of the current URL's query string.
pub(crate) fn stay_params_from_query() -> Memo<StayParams> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| StayParams {
            check_in: q.get("check_in").unwrap_or_default(),
            check_out: q.get("check_out").unwrap_or_default(),
            guests: q.get("guests").unwrap_or_default(),
        })
    })
}

pub(crate) fn search_params_from_query() -> Memo<SearchParams> {
    let query = use_query_map();
    let stay = stay_params_from_query();
    Memo::new(move |_| SearchParams {
        city: query.with(|q| q.get("city").unwrap_or_default()),
        stay: stay.get(),
        sort: query.with(|q| q.get("sort").unwrap_or_default()),
    })
}
