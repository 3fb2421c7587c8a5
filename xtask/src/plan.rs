//! Which bookings a run makes: spread over every (hotel, room type) and date so none sells out.
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use serde::Deserialize;
use std::sync::atomic::{AtomicU64, Ordering};

/// Bookings are spread over check-in dates today+FIRST_DAY ..= today+LAST_DAY, one night each:
/// after the demo's booking history (six weeks ahead), which leaves only one room free some nights.
const FIRST_DAY: u64 = 50;
const LAST_DAY: u64 = 340;

#[derive(Deserialize)]
struct DemoFile {
    hotels: Vec<DemoHotel>,
}

#[derive(Deserialize)]
struct DemoHotel {
    slug: String,
    room_types: Vec<DemoRoomType>,
}

#[derive(Deserialize)]
struct DemoRoomType {
    slug: String,
    total_rooms: u64,
    capacity: u64,
}

/// One bookable (hotel, room type) pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    pub hotel: String,
    pub room_type: String,
    pub guests: u64,
}

/// Spreads bookings over every (hotel, room type) and check-in date so none sells out.
#[derive(Debug)]
pub struct Plan {
    slots: Vec<Slot>,
    /// Rooms of the smallest room type: how many times every (slot, night) can be booked.
    rounds: u64,
    today: NaiveDate,
    /// The next booking `take()` hands out: one server's booking runs share it.
    next: AtomicU64,
}

impl Plan {
    /// Reads the demo data (`server/src/demo/hotels.json`).
    pub fn from_demo_json(json: &str, today: NaiveDate) -> Result<Plan> {
        let demo: DemoFile = serde_json::from_str(json).context("parsing the demo hotels")?;
        let mut slots = Vec::new();
        let mut rounds = u64::MAX;
        for hotel in demo.hotels {
            for rt in hotel.room_types {
                if rt.total_rooms == 0 || rt.capacity == 0 {
                    continue;
                }
                rounds = rounds.min(rt.total_rooms);
                slots.push(Slot {
                    hotel: hotel.slug.clone(),
                    room_type: rt.slug,
                    guests: rt.capacity.min(2),
                });
            }
        }
        if slots.is_empty() {
            bail!("the demo data has no bookable room type");
        }
        Ok(Plan {
            slots,
            rounds,
            today,
            next: AtomicU64::new(0),
        })
    }

    /// Bookings that fit without selling anything out: the cap of a booking run.
    pub fn capacity(&self) -> u64 {
        self.slots.len() as u64 * (LAST_DAY - FIRST_DAY + 1) * self.rounds
    }

    /// The `i`th booking: its slot and one-night stay, or None past `capacity()`.
    pub fn nth(&self, i: u64) -> Option<(&Slot, NaiveDate, NaiveDate)> {
        if i >= self.capacity() {
            return None;
        }
        let n = self.slots.len() as u64;
        let slot = &self.slots[(i % n) as usize];
        let day = FIRST_DAY + (i / n) % (LAST_DAY - FIRST_DAY + 1);
        let check_in = self.today + chrono::Days::new(day);
        Some((slot, check_in, check_in + chrono::Days::new(1)))
    }

    /// The next booking not yet handed out (over every run on this plan), or None when full.
    pub fn take(&self) -> Option<(&Slot, NaiveDate, NaiveDate)> {
        self.nth(self.next.fetch_add(1, Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_spreads_over_room_types_and_dates() {
        let json = r#"{"hotels":[
            {"slug":"a","name":"x","room_types":[{"slug":"d","total_rooms":3,"capacity":4},
                                     {"slug":"s","total_rooms":2,"capacity":1}]},
            {"slug":"b","room_types":[{"slug":"z","total_rooms":0,"capacity":2}]}]}"#;
        let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let plan = Plan::from_demo_json(json, today).unwrap();
        assert_eq!(plan.capacity(), 2 * 291 * 2);
        let (slot, check_in, check_out) = plan.nth(0).unwrap();
        assert_eq!((slot.room_type.as_str(), slot.guests), ("d", 2));
        assert_eq!(check_in, NaiveDate::from_ymd_opt(2030, 2, 20).unwrap());
        assert_eq!(check_out, NaiveDate::from_ymd_opt(2030, 2, 21).unwrap());
        let (slot, check_in, _) = plan.nth(1).unwrap();
        assert_eq!((slot.room_type.as_str(), slot.guests), ("s", 1));
        assert_eq!(check_in, NaiveDate::from_ymd_opt(2030, 2, 20).unwrap());
        let (_, check_in, _) = plan.nth(2).unwrap();
        assert_eq!(check_in, NaiveDate::from_ymd_opt(2030, 2, 21).unwrap());
        let (_, last, _) = plan.nth(2 * 291 - 1).unwrap();
        assert_eq!(last, today + chrono::Days::new(340));
        assert!(plan.nth(plan.capacity()).is_none());
        assert_eq!(plan.take().unwrap().1, check_in - chrono::Days::new(1));
        assert_eq!(plan.take().unwrap().0.room_type, "s");
    }
}
