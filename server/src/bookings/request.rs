//! A booking request parsed at the edge: the API's `NewBooking` and its idempotency key become a
//! stay, a party size, a guest and a key of the right shape, every field's problem at once.
use app::model::{FieldErrors, GuestDetails, MAX_KEY_LEN, NewBooking, Stay, parse_dates};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::checked::Checked;
use crate::customers::input;

const MAX_REQUEST_CHARS: usize = 1000;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BookingRequest {
    pub hotel: String,
    pub room_type: String,
    pub stay: Stay,
    pub guests: u32,
    pub guest: GuestDetails,
    pub special_requests: Option<String>,
    /// The client's key for this booking attempt: a retry with it replays the first answer.
    #[serde(skip)]
    pub key: String,
}

impl BookingRequest {
    pub fn parse(b: NewBooking, key: &str) -> Result<Checked<BookingRequest>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let stay = parse_dates(&b.check_in, &b.check_out)
            .map_err(|e| errors.merge(e))
            .ok();
        if !(1..=app::model::MAX_GUESTS).contains(&b.guests) {
            errors.add("guests", "Choose between 1 and 8 guests.");
        }
        let name = input::name(&b.guest.name, "guest_name", &mut errors);
        let email = input::email(&b.guest.email, "guest_email", &mut errors);
        let phone = input::phone(b.guest.phone.as_deref(), "guest_phone", &mut errors);
        let requests = b
            .special_requests
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty());
        if requests.is_some_and(|r| r.chars().count() > MAX_REQUEST_CHARS) {
            errors.add(
                "special_requests",
                "Keep special requests under 1,000 characters.",
            );
        }
        let key = key.trim();
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            errors.add(
                "idempotency_key",
                "This form has expired. Reload the page and try again.",
            );
        }
        match (stay, name, email) {
            (Some(stay), Some(name), Some(email)) if errors.is_empty() => {
                Ok(Checked::new(BookingRequest {
                    hotel: b.hotel,
                    room_type: b.room_type,
                    stay,
                    guests: b.guests,
                    guest: GuestDetails { name, email, phone },
                    special_requests: requests.map(str::to_owned),
                    key: key.to_owned(),
                }))
            }
            _ => Err(errors),
        }
    }

    /// Identifies the request an idempotency key was first used with.
    pub fn fingerprint(&self) -> String {
        let canonical = serde_json::json!([
            self.hotel,
            self.room_type,
            self.stay,
            self.guests,
            self.guest,
            self.special_requests
        ]);
        hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking() -> NewBooking {
        NewBooking {
            hotel: "casa".into(),
            room_type: "double".into(),
            check_in: "2027-05-07".into(),
            check_out: "2027-05-10".into(),
            guests: 2,
            guest: GuestDetails {
                name: " Ana Silva ".into(),
                email: "ana@example.pt".into(),
                phone: Some(" ".into()),
            },
            special_requests: Some("  ".into()),
        }
    }

    #[test]
    fn a_good_request_is_trimmed() {
        let r = BookingRequest::parse(booking(), " k1 ").unwrap();
        assert_eq!(r.stay.nights(), 3);
        assert_eq!((r.guest.name.as_str(), r.key.as_str()), ("Ana Silva", "k1"));
        assert_eq!(
            (r.guest.phone.clone(), r.special_requests.clone()),
            (None, None)
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut b = booking();
        b.check_out = "2027-05-07".into();
        b.guests = 0;
        b.guest.email = "nope".into();
        b.guest.phone = Some("call me".into());
        b.special_requests = Some("x".repeat(1001));
        let errors = BookingRequest::parse(b, "").unwrap_err();
        for f in [
            "check_out",
            "guests",
            "guest_email",
            "guest_phone",
            "special_requests",
            "idempotency_key",
        ] {
            assert!(errors.get(f).is_some(), "{f}");
        }
    }

    #[test]
    fn the_fingerprint_follows_the_request_not_the_key() {
        let a = BookingRequest::parse(booking(), "k1").unwrap();
        let b = BookingRequest::parse(booking(), "k2").unwrap();
        assert_eq!(a.fingerprint(), b.fingerprint());
        let mut other = booking();
        other.guests = 1;
        let c = BookingRequest::parse(other, "k1").unwrap();
        assert_ne!(a.fingerprint(), c.fingerprint());
    }
}
