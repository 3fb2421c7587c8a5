//! How the API words each service error: its status, problem type and, for a rule about one
//! field, the field and the message people see (the web shows the same words).
use app::model::{AppError, Closed, FieldErrors};
use axum::http::StatusCode;

use super::problem::Problem;
use crate::error::{DeskAction, Error, Party, RoomsField, Rule};

impl From<Error> for Problem {
    fn from(e: Error) -> Self {
        match e {
            Error::Invalid(errors) => invalid(errors),
            Error::Rule(rule) => match field_of(&rule) {
                Some((field, message)) => invalid(FieldErrors::one(field, &message)),
                None => match link_refusal(&rule) {
                    Some((status, kind, title)) => {
                        Problem::new(status, kind, title, conflict(&rule))
                    }
                    None => Problem::new(
                        StatusCode::CONFLICT,
                        "conflict",
                        "Conflict",
                        conflict(&rule),
                    ),
                },
            },
            Error::NotFound(thing) => Problem::new(
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                format!("{} not found.", thing.name()),
            ),
            Error::SoldOut => Problem::new(
                StatusCode::CONFLICT,
                "sold-out",
                "Sold out",
                "Sorry, that room is no longer available for every night of your stay.",
            ),
            Error::Unauthorized => Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
                "Please sign in to continue.",
            ),
            Error::Forbidden => Problem::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "Forbidden",
                "You don't have access to that.",
            ),
            Error::TooManySignIns { retry_after_secs } => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
                too_many_sign_ins(retry_after_secs),
            ),
            Error::Unavailable => Problem::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                UNAVAILABLE,
            ),
            Error::Internal => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "Something went wrong on our side. Please try again.",
            ),
        }
    }
}

/// What an API client reads while the database cannot be reached (with `Retry-After`).
pub const UNAVAILABLE: &str = "The service cannot reach its database for a moment. Send the same request again after the Retry-After seconds; a booking with the same Idempotency-Key is made at most once.";

/// What a guest reads when their account's sign-ins are refused for now.
fn too_many_sign_ins(retry_after_secs: u64) -> String {
    let minutes = retry_after_secs.div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!(
        "Too many failed sign-ins for this account. Please wait {minutes} {unit} and try again."
    )
}

/// The error as the web shows it: what the same problem document reads as on the client.
impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        if let Error::Unavailable = e {
            return AppError::Unavailable {
                retry_after_secs: crate::store::health::RETRY_AFTER_SECS,
            };
        }
        if let Error::TooManySignIns { retry_after_secs } = e {
            return AppError::TooManyRequests {
                detail: too_many_sign_ins(retry_after_secs),
                retry_after_secs,
            };
        }
        let p = Problem::from(e);
        app::client::from_problem(p.status, &p.kind, p.detail, p.errors)
    }
}

/// A 422 naming each field and what is wrong with it.
pub fn invalid(errors: FieldErrors) -> Problem {
    Problem {
        errors: Some(errors.0),
        ..Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid request",
            "Please correct the highlighted fields.",
        )
    }
}

fn day(night: chrono::NaiveDate) -> String {
    night.format("%a %-d %b %Y").to_string()
}

/// The field a rule is about and what to tell the person who filled it in; `None` for rules
/// about the state of things (answered 409).
fn field_of(rule: &Rule) -> Option<(&'static str, String)> {
    let says = |field, text: &str| Some((field, text.to_owned()));
    match rule {
        Rule::CheckInPast => says("check_in", Closed::Past.message()),
        Rule::CheckInTooFar => says("check_in", Closed::TooFarAhead.message()),
        Rule::UnknownCity { name, known } => Some((
            "city",
            format!(
                "We don't have hotels in \"{name}\" yet. Try {}.",
                known.join(", ")
            ),
        )),
        Rule::TooManyGuests { capacity } => Some((
            "guests",
            format!("This room sleeps up to {capacity} guests."),
        )),
        Rule::KeyReused => says(
            "idempotency_key",
            "This form was already used for a different booking. Reload the page and try again.",
        ),
        Rule::LinkInvalid => says(
            "token",
            "This link no longer works: it was already used, it expired, or it was cut short. Ask for a new one.",
        ),
        Rule::NotVerified => says(
            "email",
            "This account hasn't confirmed its email address yet. Ask them to open the link we emailed them (they can send a new one from their account page), then try again.",
        ),
        Rule::WrongCredentials => says(
            "password",
            "That email and password don't match an account.",
        ),
        Rule::NoAccount => says(
            "email",
            "No account uses this email. Ask them to sign up first, then assign them.",
        ),
        Rule::CityNeedsCountry => says(
            "country",
            "This city is new to Vision Stays: enter its country too.",
        ),
        Rule::NameTaken { room_type: false } => {
            says("name", "Too many hotels share this name; choose another.")
        }
        Rule::NameTaken { room_type: true } => says(
            "name",
            "Too many room types share this name; choose another.",
        ),
        Rule::CurrencyLocked { currency } => Some((
            "currency",
            format!(
                "The currency stays {currency} once the hotel is published or has bookings: its rates and bookings are in {currency}."
            ),
        )),
        Rule::RoomsSold {
            night,
            sold,
            field: RoomsField::TotalRooms,
            ..
        } => Some((
            "total_rooms",
            format!(
                "{sold} rooms are already sold on {}: keep at least {sold}, or cancel bookings first.",
                day(*night)
            ),
        )),
        Rule::RoomsSold {
            night,
            sold,
            more,
            field: RoomsField::CalendarRooms,
        } => {
            let more = if *more > 0 {
                format!(" (and {more} more nights)")
            } else {
                String::new()
            };
            Some((
                "rooms",
                format!(
                    "{sold} rooms are already sold on {}{more}: offer at least {sold}.",
                    day(*night)
                ),
            ))
        }
        Rule::PhotoLimit => says(
            "photo",
            "A hotel can have up to 20 photos: delete one first.",
        ),
        Rule::PastNights => says(
            "first_night",
            "Past nights cannot change: start today or later.",
        ),
        Rule::NightsTooFar => says("first_night", "Plan at most three years ahead."),
        Rule::CalendarTooFar => says("from", "Show nights within three years of today."),
        Rule::UnknownHotelSlug => says("hotel", "No hotel has this slug."),
        Rule::AlreadyCancelled
        | Rule::CancellationClosed
        | Rule::Arrived { .. }
        | Rule::DeskRefused(_)
        | Rule::ChangedMeanwhile
        | Rule::NothingToSell
        | Rule::AlertLinkUnknown
        | Rule::AlertLinkExpired
        | Rule::AlertLinkUsed
        | Rule::AlreadyConfirmed
        | Rule::DeliveryNotFailed => None,
    }
}

/// Status, problem type and title of a refused alert confirmation link: each says what to do
/// next, and a scanner or a second click learns nothing more than that.
fn link_refusal(rule: &Rule) -> Option<(StatusCode, &'static str, &'static str)> {
    match rule {
        Rule::AlertLinkUnknown => Some((StatusCode::NOT_FOUND, "link-not-valid", "Link not valid")),
        Rule::AlertLinkExpired => Some((StatusCode::GONE, "link-expired", "Link expired")),
        Rule::AlertLinkUsed => Some((StatusCode::CONFLICT, "link-used", "Link already used")),
        _ => None,
    }
}

/// The detail of a 409 for a rule about the state of things.
fn conflict(rule: &Rule) -> &'static str {
    match rule {
        Rule::AlreadyCancelled => "This booking is already cancelled.",
        Rule::CancellationClosed => {
            "The free cancellation period for this booking has ended. Please contact the hotel."
        }
        Rule::Arrived {
            asked_by: Party::Guest,
        } => {
            "The hotel has already recorded your arrival or a no-show, so this booking can no longer be cancelled online. Please contact the hotel."
        }
        Rule::Arrived {
            asked_by: Party::Hotel,
        } => {
            "The guest has already arrived or was marked as a no-show: this booking can no longer be cancelled."
        }
        Rule::DeskRefused(DeskAction::CheckIn) => {
            "Guests can be checked in from the check-in day until check-out, once."
        }
        Rule::DeskRefused(DeskAction::CheckOut) => "Only a checked-in guest can be checked out.",
        Rule::DeskRefused(DeskAction::NoShow) => {
            "A no-show can be recorded from the check-in day, for a guest who has not arrived."
        }
        Rule::DeskRefused(DeskAction::Cancel) => {
            "Only a confirmed booking whose guest has not arrived can be cancelled."
        }
        Rule::ChangedMeanwhile => "This booking was changed at the same time. Please reload.",
        Rule::NothingToSell => "Add a room type with at least one room before publishing.",
        Rule::AlertLinkUnknown => {
            "This link is not valid: a newer link may have replaced it, or the address was taken off the hotel's alerts. Ask an admin of the hotel to send a new one."
        }
        Rule::AlertLinkExpired => {
            "This link has expired: links work for 7 days. Ask an admin of the hotel to send a new one from its alert emails page."
        }
        Rule::AlertLinkUsed => {
            "This link was already used: the address is confirmed and gets the hotel's booking alerts."
        }
        Rule::AlreadyConfirmed => {
            "This address has already confirmed: it gets the hotel's booking alerts."
        }
        Rule::DeliveryNotFailed => {
            "Only a failed delivery can be sent again: this one is delivered or still being tried."
        }
        _ => "This request conflicts with the current state.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Thing;

    #[test]
    fn rules_about_a_field_are_422_with_that_field() {
        let p = Problem::from(Error::Rule(Rule::TooManyGuests { capacity: 2 }));
        assert_eq!(p.status, 422);
        let errors = p.errors.unwrap();
        assert_eq!(errors["guests"], "This room sleeps up to 2 guests.");
        let night = chrono::NaiveDate::from_ymd_opt(2027, 3, 5).unwrap();
        let p = Problem::from(Error::Rule(Rule::RoomsSold {
            night,
            sold: 3,
            more: 2,
            field: RoomsField::CalendarRooms,
        }));
        assert_eq!(
            p.errors.unwrap()["rooms"],
            "3 rooms are already sold on Fri 5 Mar 2027 (and 2 more nights): offer at least 3."
        );
    }

    #[test]
    fn state_rules_are_409_and_missing_things_404() {
        let p = Problem::from(Error::Rule(Rule::AlreadyCancelled));
        assert_eq!(
            (p.status, p.detail.as_str()),
            (409, "This booking is already cancelled.")
        );
        assert!(p.errors.is_none());
        let p = Problem::from(Error::NotFound(Thing::RoomType));
        assert_eq!((p.status, p.detail.as_str()), (404, "Room type not found."));
        assert!(Problem::from(Error::SoldOut).kind.ends_with("/sold-out"));
    }
}
