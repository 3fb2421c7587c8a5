//! A stay: the half-open range of the hotel's local calendar dates `[check_in, check_out)`.
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::FieldErrors;

/// Longest stay one booking may cover.
pub const MAX_NIGHTS: u32 = 30;
/// How far ahead a stay may start.
pub const MAX_DAYS_AHEAD: i64 = 500;
/// Most guests one room type can hold.
pub const MAX_GUESTS: u32 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Stay {
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
}

impl Stay {
    /// A stay of at least one night and at most [`MAX_NIGHTS`].
    pub fn new(check_in: NaiveDate, check_out: NaiveDate) -> Result<Self, &'static str> {
        if check_out <= check_in {
            return Err("Check-out must be after check-in.");
        }
        let stay = Stay {
            check_in,
            check_out,
        };
        if stay.nights() > MAX_NIGHTS {
            return Err("Stays are limited to 30 nights.");
        }
        Ok(stay)
    }

    pub fn nights(&self) -> u32 {
        (self.check_out - self.check_in).num_days().max(0) as u32
    }

    /// Every night of the stay, named by the date the night starts.
    pub fn each_night(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let start = self.check_in;
        (0..self.nights()).filter_map(move |i| start.checked_add_days(Days::new(i.into())))
    }

    /// Half-open overlap: a stay ending the day another starts does not overlap it.
    pub fn overlaps(&self, other: &Stay) -> bool {
        self.check_in < other.check_out && other.check_in < self.check_out
    }

    /// Whether the stay may start on the hotel's `today`: not in the past, at most
    /// [`MAX_DAYS_AHEAD`] days ahead.
    pub fn opens_by(&self, today: NaiveDate) -> Result<(), Closed> {
        if self.check_in < today {
            Err(Closed::Past)
        } else if (self.check_in - today).num_days() > MAX_DAYS_AHEAD {
            Err(Closed::TooFarAhead)
        } else {
            Ok(())
        }
    }

    /// The query string fragment used in links that carry a stay.
    pub fn query(&self, guests: u32) -> String {
        format!(
            "check_in={}&check_out={}&guests={guests}",
            self.check_in, self.check_out
        )
    }
}

/// The date `at` falls on at a hotel in `time_zone` (UTC for a zone that does not parse).
#[cfg(feature = "ssr")]
pub fn today_at(at: chrono::DateTime<chrono::Utc>, time_zone: &str) -> NaiveDate {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).date_naive()
}

/// An instant as a hotel's wall clock reads it, e.g. "Thu 1 Apr 2027, 15:00".
#[cfg(feature = "ssr")]
pub fn wall_clock(at: chrono::DateTime<chrono::Utc>, time_zone: &str) -> String {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz)
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// Why a stay cannot start when asked (a problem with its check-in date).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    Past,
    TooFarAhead,
}

impl Closed {
    pub fn message(self) -> &'static str {
        match self {
            Closed::Past => "Check-in can't be in the past.",
            Closed::TooFarAhead => "Bookings open up to 500 days ahead.",
        }
    }
}

/// The first Friday at least a week away, for two nights: a sensible default search.
pub fn suggested_weekend(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    use chrono::Datelike;
    let mut day = today + Days::new(7);
    while day.weekday() != chrono::Weekday::Fri {
        day = day + Days::new(1);
    }
    (day, day + Days::new(2))
}

/// Parses the date fields of a search or booking form, checked against the hotel's "today".
pub fn parse_stay(check_in: &str, check_out: &str, today: NaiveDate) -> Result<Stay, FieldErrors> {
    let stay = parse_dates(check_in, check_out)?;
    let mut errors = FieldErrors::default();
    if let Err(closed) = stay.opens_by(today) {
        errors.add("check_in", closed.message());
        return Err(errors);
    }
    Ok(stay)
}

/// The two dates of a stay as typed: real dates, check-out after check-in, at most
/// [`MAX_NIGHTS`]. Whether the stay may start then depends on the hotel's calendar
/// ([`Stay::opens_by`]).
pub fn parse_dates(check_in: &str, check_out: &str) -> Result<Stay, FieldErrors> {
    let mut errors = FieldErrors::default();
    let parse = |field: &str, value: &str, errors: &mut FieldErrors| {
        let value = value.trim();
        if value.is_empty() {
            errors.add(field, "Choose a date.");
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                errors.add(field, "Use a date like 2027-03-14.");
                None
            }
        }
    };
    let check_in = parse("check_in", check_in, &mut errors);
    let check_out = parse("check_out", check_out, &mut errors);
    let (Some(check_in), Some(check_out)) = (check_in, check_out) else {
        return Err(errors);
    };
    Stay::new(check_in, check_out).map_err(|message| FieldErrors::one("check_out", message))
}

/// Parses the guests field: 1 to [`MAX_GUESTS`].
pub fn parse_guests(value: &str) -> Result<u32, FieldErrors> {
    match value.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_GUESTS).contains(&n) => Ok(n),
        _ => Err(FieldErrors::one("guests", "Choose between 1 and 8 guests.")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn nights_are_check_out_minus_check_in() {
        let stay = Stay::new(d("2027-03-30"), d("2027-04-02")).unwrap();
        assert_eq!(stay.nights(), 3);
        let nights: Vec<_> = stay.each_night().collect();
        assert_eq!(
            nights,
            vec![d("2027-03-30"), d("2027-03-31"), d("2027-04-01")]
        );
    }

    #[test]
    fn zero_or_negative_stays_are_rejected() {
        assert!(Stay::new(d("2027-03-30"), d("2027-03-30")).is_err());
        assert!(Stay::new(d("2027-03-30"), d("2027-03-29")).is_err());
        assert!(Stay::new(d("2027-03-01"), d("2027-03-31")).is_ok());
        assert!(Stay::new(d("2027-03-01"), d("2027-04-01")).is_err());
    }

    #[test]
    fn back_to_back_stays_do_not_overlap() {
        let a = Stay::new(d("2027-05-01"), d("2027-05-04")).unwrap();
        let b = Stay::new(d("2027-05-04"), d("2027-05-06")).unwrap();
        let c = Stay::new(d("2027-05-03"), d("2027-05-05")).unwrap();
        assert!(!a.overlaps(&b) && !b.overlaps(&a));
        assert!(a.overlaps(&c) && c.overlaps(&b));
        assert!(a.overlaps(&a));
    }

    #[test]
    fn overlap_matches_shared_nights_for_all_small_ranges() {
        let base = d("2027-01-01");
        let day = |i: u64| base.checked_add_days(Days::new(i)).unwrap();
        for a0 in 0..6 {
            for a1 in a0 + 1..7 {
                for b0 in 0..6 {
                    for b1 in b0 + 1..7 {
                        let a = Stay::new(day(a0), day(a1)).unwrap();
                        let b = Stay::new(day(b0), day(b1)).unwrap();
                        let shared = a.each_night().any(|n| b.each_night().any(|m| m == n));
                        assert_eq!(a.overlaps(&b), shared, "{a:?} {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn parse_stay_explains_each_problem() {
        let today = d("2027-03-10");
        assert!(parse_stay("2027-03-10", "2027-03-11", today).is_ok());
        let e = parse_stay("2027-03-09", "2027-03-11", today).unwrap_err();
        assert!(e.get("check_in").unwrap().contains("past"));
        let e = parse_stay("2027-03-12", "2027-03-12", today).unwrap_err();
        assert!(e.get("check_out").unwrap().contains("after"));
        let e = parse_stay("", "tomorrow", today).unwrap_err();
        assert!(e.get("check_in").is_some() && e.get("check_out").is_some());
    }

    #[test]
    fn guests_are_bounded() {
        assert_eq!(parse_guests("2"), Ok(2));
        assert!(parse_guests("0").is_err());
        assert!(parse_guests("9").is_err());
        assert!(parse_guests("two").is_err());
    }
}
