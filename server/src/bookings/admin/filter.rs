//! The bookings list's filter, parsed at the edge: dates, a status or front-desk state, today's
//! arrivals or departures, a search text and a page, each checked with one message per field.
use app::model::{BookingFilter, FieldErrors};
use chrono::NaiveDate;

use crate::checked::Checked;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Hotel slug.
    pub hotel: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `confirmed`, `cancelled`, or a front-desk state.
    pub status: Option<String>,
    pub today: Option<Today>,
    /// Reference, guest name or email (part of it).
    pub q: String,
    pub page: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Today {
    Arrivals,
    Departures,
    InHouse,
}

fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn date(errors: &mut FieldErrors, field: &str, value: &Option<String>) -> Option<NaiveDate> {
    let text = text(value)?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Enter a date as YYYY-MM-DD.");
            None
        }
    }
}

impl Filter {
    pub fn parse(f: &BookingFilter) -> Result<Checked<Filter>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let from = date(&mut errors, "from", &f.from);
        let to = date(&mut errors, "to", &f.to);
        if let (Some(a), Some(b)) = (from, to)
            && b < a
        {
            errors.add("to", "The end date must be on or after the start date.");
        }
        let status = text(&f.status);
        if let Some(s) = status
            && !matches!(
                s,
                "confirmed" | "cancelled" | "checked_in" | "checked_out" | "no_show" | "expected"
            )
        {
            errors.add(
                "status",
                "Choose confirmed, cancelled, expected, checked_in, checked_out or no_show.",
            );
        }
        let today = match text(&f.today) {
            None => None,
            Some("arrivals") => Some(Today::Arrivals),
            Some("departures") => Some(Today::Departures),
            Some("in_house") => Some(Today::InHouse),
            Some(_) => {
                errors.add("today", "Choose arrivals, departures or in_house.");
                None
            }
        };
        let q = f.q.as_deref().unwrap_or_default().trim().to_owned();
        if q.chars().count() > 100 {
            errors.add("q", "Search for at most 100 characters.");
        }
        let page = f.page.unwrap_or(1);
        if !(1..=10_000).contains(&page) {
            errors.add("page", "Pages run from 1 to 10,000.");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Checked::new(Filter {
            hotel: text(&f.hotel).map(str::to_owned),
            from,
            to,
            status: status.map(str::to_owned),
            today,
            q,
            page,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_field_is_named() {
        let f = BookingFilter {
            from: Some("2027-05-10".into()),
            to: Some("2027-05-01".into()),
            status: Some("lost".into()),
            today: Some("yesterday".into()),
            q: Some("x".repeat(101)),
            page: Some(0),
            ..Default::default()
        };
        let errors = Filter::parse(&f).unwrap_err();
        for field in ["to", "status", "today", "q", "page"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn an_empty_filter_is_the_first_page() {
        let f = Filter::parse(&BookingFilter::default()).unwrap();
        assert_eq!((f.page, f.today, f.q.as_str()), (1, None, ""));
    }
}
