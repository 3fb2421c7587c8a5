//! Nightly rates, taxes and rooms left for a stay: pure functions, shared with bookings.
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

use app::model::{NightPrice, Quote, Stay};

pub use crate::inventory::NightState;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rates {
    pub nightly_minor: i64,
    pub weekend_minor: i64,
    pub total_rooms: i64,
}

/// Friday and Saturday nights take the weekend rate: those are the nights leisure guests want.
pub fn base_rate(rates: &Rates, night: NaiveDate) -> i64 {
    match night.weekday() {
        Weekday::Fri | Weekday::Sat => rates.weekend_minor,
        _ => rates.nightly_minor,
    }
}

/// `amount * bp / 10_000`, rounded half up, in integers.
pub fn taxes(subtotal_minor: i64, tax_rate_bp: u32) -> i64 {
    (subtotal_minor * i64::from(tax_rate_bp) + 5_000).div_euclid(10_000)
}

/// Price for every night of `stay`; `None` when any night is closed to sale.
pub fn quote(
    stay: &Stay,
    rates: &Rates,
    nights: &HashMap<NaiveDate, NightState>,
    currency: &str,
    tax_rate_bp: u32,
) -> Option<Quote> {
    let mut priced = Vec::with_capacity(stay.nights() as usize);
    for night in stay.each_night() {
        let state = nights.get(&night).copied().unwrap_or_default();
        if state.closed {
            return None;
        }
        let rate = state.rate_minor.unwrap_or_else(|| base_rate(rates, night));
        priced.push(NightPrice {
            night,
            rate_minor: rate,
        });
    }
    let subtotal: i64 = priced.iter().map(|n| n.rate_minor).sum();
    let tax = taxes(subtotal, tax_rate_bp);
    Some(Quote {
        currency: currency.to_owned(),
        nights: priced,
        subtotal_minor: subtotal,
        tax_rate_bp,
        taxes_minor: tax,
        total_minor: subtotal + tax,
    })
}

/// Fewest rooms free on any night of the stay (0 when a night is closed).
pub fn rooms_left(stay: &Stay, rates: &Rates, nights: &HashMap<NaiveDate, NightState>) -> i64 {
    stay.each_night()
        .map(|night| {
            let s = nights.get(&night).copied().unwrap_or_default();
            if s.closed {
                0
            } else {
                (s.allotment.unwrap_or(rates.total_rooms) - s.sold).max(0)
            }
        })
        .min()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    const RATES: Rates = Rates {
        nightly_minor: 10_000,
        weekend_minor: 12_500,
        total_rooms: 3,
    };

    #[test]
    fn weekend_nights_take_the_weekend_rate() {
        // Thu 2027-03-04 to Mon 2027-03-08: Thu, Fri, Sat, Sun nights.
        let stay = Stay::new(d("2027-03-04"), d("2027-03-08")).unwrap();
        let q = quote(&stay, &RATES, &HashMap::new(), "EUR", 0).unwrap();
        let rates: Vec<_> = q.nights.iter().map(|n| n.rate_minor).collect();
        assert_eq!(rates, vec![10_000, 12_500, 12_500, 10_000]);
        assert_eq!(q.subtotal_minor, 45_000);
        assert_eq!(q.total_minor, 45_000);
    }

    #[test]
    fn overrides_closures_and_taxes() {
        let stay = Stay::new(d("2027-03-01"), d("2027-03-03")).unwrap();
        let mut nights = HashMap::new();
        nights.insert(
            d("2027-03-02"),
            NightState {
                rate_minor: Some(9_999),
                ..Default::default()
            },
        );
        let q = quote(&stay, &RATES, &nights, "EUR", 650).unwrap();
        assert_eq!(q.subtotal_minor, 19_999);
        assert_eq!(q.taxes_minor, 1_300); // 1299.935 rounds half up
        assert_eq!(q.total_minor, 21_299);
        nights.insert(
            d("2027-03-01"),
            NightState {
                closed: true,
                ..Default::default()
            },
        );
        assert!(quote(&stay, &RATES, &nights, "EUR", 650).is_none());
    }

    #[test]
    fn tax_rounding_is_half_up_in_integers() {
        assert_eq!(taxes(0, 1_000), 0);
        assert_eq!(taxes(5, 1_000), 1); // 0.5 -> 1
        assert_eq!(taxes(4, 1_000), 0); // 0.4 -> 0
        assert_eq!(taxes(32_000, 1_000), 3_200);
    }

    #[test]
    fn rooms_left_is_the_tightest_night() {
        let stay = Stay::new(d("2027-03-01"), d("2027-03-04")).unwrap();
        let mut nights = HashMap::new();
        assert_eq!(rooms_left(&stay, &RATES, &nights), 3);
        nights.insert(
            d("2027-03-02"),
            NightState {
                allotment: Some(3),
                sold: 2,
                ..Default::default()
            },
        );
        assert_eq!(rooms_left(&stay, &RATES, &nights), 1);
        // The check-out day's night is not part of the stay.
        nights.insert(
            d("2027-03-04"),
            NightState {
                allotment: Some(3),
                sold: 3,
                ..Default::default()
            },
        );
        assert_eq!(rooms_left(&stay, &RATES, &nights), 1);
        nights.insert(
            d("2027-03-03"),
            NightState {
                closed: true,
                ..Default::default()
            },
        );
        assert_eq!(rooms_left(&stay, &RATES, &nights), 0);
    }
}
