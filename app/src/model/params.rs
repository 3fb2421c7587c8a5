//! Raw form and query parameters as typed by people, validated by the services.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{FieldErrors, Stay, parse_dates, parse_guests};

/// The stay fields of a search, hotel page or booking form, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StayParams {
    #[serde(default)]
    pub check_in: String,
    #[serde(default)]
    pub check_out: String,
    #[serde(default)]
    pub guests: String,
}

impl StayParams {
    pub fn is_blank(&self) -> bool {
        self.check_in.trim().is_empty() && self.check_out.trim().is_empty()
    }

    /// The stay and party size these fields describe, checked against the hotel's `today`
    /// (guests default to 2); every field's problem at once.
    pub fn parse(&self, today: chrono::NaiveDate) -> Result<(Stay, u32), FieldErrors> {
        let (stay, guests) = self.asked()?;
        match stay.opens_by(today) {
            Ok(()) => Ok((stay, guests)),
            Err(closed) => Err(FieldErrors::one("check_in", closed.message())),
        }
    }

    /// The stay and party size asked for (guests default to 2), before any hotel's calendar
    /// has been consulted; every field's problem at once.
    pub fn asked(&self) -> Result<(Stay, u32), FieldErrors> {
        let stay = parse_dates(&self.check_in, &self.check_out);
        let guests = if self.guests.trim().is_empty() {
            Ok(2)
        } else {
            parse_guests(&self.guests)
        };
        match (stay, guests) {
            (Ok(stay), Ok(guests)) => Ok((stay, guests)),
            (stay, guests) => {
                let mut errors = FieldErrors::default();
                for e in [stay.err(), guests.err()].into_iter().flatten() {
                    errors.merge(e);
                }
                Err(errors)
            }
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub city: String,
    #[serde(flatten)]
    pub stay: StayParams,
    #[serde(default)]
    pub sort: String,
}

/// The booking form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingForm {
    #[serde(default)]
    pub room_type: String,
    #[serde(flatten)]
    pub stay: StayParams,
    #[serde(default)]
    pub guest_name: String,
    #[serde(default)]
    pub guest_email: String,
    #[serde(default)]
    pub guest_phone: String,
    #[serde(default)]
    pub special_requests: String,
    #[serde(default)]
    pub idempotency_key: String,
}

/// What a failed form post leaves for the page it returns to: the values typed (never
/// passwords), the field errors, or a notice for the whole page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub form: String,
    pub values: BTreeMap<String, String>,
    pub errors: FieldErrors,
    pub notice: Option<String>,
    pub alert: Option<String>,
}

impl Flash {
    pub fn notice(message: &str) -> Self {
        Flash {
            notice: Some(message.to_owned()),
            ..Default::default()
        }
    }
    pub fn alert(message: &str) -> Self {
        Flash {
            alert: Some(message.to_owned()),
            ..Default::default()
        }
    }
    /// The value typed into `field` of `form`, when this flash belongs to that form.
    pub fn value(&self, form: &str, field: &str) -> Option<String> {
        (self.form == form)
            .then(|| self.values.get(field).cloned())
            .flatten()
    }
    pub fn error(&self, form: &str, field: &str) -> Option<String> {
        (self.form == form)
            .then(|| self.errors.get(field).map(str::to_owned))
            .flatten()
    }
}
