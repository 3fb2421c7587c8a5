//! The post behind the button on `/alerts/confirm`: confirms an alert recipient's address by
//! the token from its link, then shows the outcome on the same page (without the token).
use std::collections::HashMap;

use app::model::{AppError, Flash};
use axum::Form;
use axum::extract::State;
use axum::response::Response;

use super::SiteState;
use super::forms::{field, flash_cookie, see_other};

const PAGE: &str = "/alerts/confirm";

pub async fn confirm(
    State(state): State<SiteState>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let token = field(&f, "token");
    let (mut flash, status) = match state.client.confirm_alert_recipient(token.trim()).await {
        Ok(done) => (
            Flash::notice(&format!(
                "Booking alerts for {} now come to {}. To stop them, ask an admin of the hotel.",
                done.hotel_name, done.email
            )),
            200,
        ),
        // The service's words say what happened and what to do next; a 404's are not a thing's
        // name, so they are written here.
        Err(AppError::NotFound(_)) => (
            Flash::alert(
                "This link is not valid: a newer link may have replaced it, or the address was \
                 taken off the hotel's alerts. Ask an admin of the hotel to send a new one.",
            ),
            404,
        ),
        Err(AppError::Invalid(errors)) => (
            Flash::alert(
                errors
                    .get("token")
                    .unwrap_or("Open the link from the email again."),
            ),
            422,
        ),
        Err(e) => (Flash::alert(&e.to_string()), e.status()),
    };
    flash.form = "alerts-confirm".to_owned();
    flash.values.insert("status".to_owned(), status.to_string());
    see_other(PAGE, vec![flash_cookie(&state, &flash)])
}
