//! Plain form posts of the admin UI (they work with JavaScript off): each checks the session,
//! calls the service, and redirects back with a notice or with the typed values and errors.
use axum::Router;

use super::SiteState;

// Hotels part:
mod hotels;
// Bookings part:
mod bookings;
mod outbox;

pub fn routes() -> Router<SiteState> {
    Router::new()
        // Hotels part:
        .merge(hotels::routes())
        // Bookings part:
        .merge(bookings::routes())
        .merge(outbox::routes())
}
