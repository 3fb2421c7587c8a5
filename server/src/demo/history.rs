//! The demo's booking history for one hotel: eight weeks back and six ahead of the hotel's
//! today, busier at weekends and thinner further ahead (bookings still to come), with some
//! cancellations and no-shows. Drawn from a generator seeded by the hotel's slug, so the same
//! day gives the same history; one room of each type stays free every night, so a newcomer's
//! first booking never meets "sold out".
use std::collections::HashSet;

use anyhow::Context;
use app::model::{GuestDetails, Policies, Stay};
use chrono::Weekday;
use chrono::{DateTime, Datelike, Days, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use rand::distributions::{Distribution, WeightedIndex};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::bookings::history::{Fate, PastBooking};
use crate::bookings::policy::cancel_deadline;
use crate::bookings::reference::reference_from;
use crate::error::Party;
use crate::hotels::pricing::{Rates, quote};

/// Nights before the hotel's today that the history covers (eight weeks).
pub const PAST_DAYS: u64 = 56;
/// Nights from the hotel's today on (six weeks).
pub const AHEAD_DAYS: u64 = 42;

const CANCELLED: f64 = 0.10;
/// Of the stays that should have begun by today (drawn from the same roll, after cancellations).
const NO_SHOW: f64 = 0.05;
/// Weights of stays of 1 to 7 nights.
const LENGTHS: [u32; 7] = [22, 28, 20, 12, 8, 5, 5];
const REQUESTS: &[&str] = &[
    "Late arrival, around 23:00.",
    "A quiet room away from the lift, please.",
    "Celebrating our anniversary.",
    "Travelling with a baby: a cot, if possible.",
    "Early check-in if a room is ready.",
    "Vegetarian breakfast, please.",
];

pub struct Hotel<'a> {
    pub id: i64,
    pub slug: &'a str,
    pub time_zone: &'a str,
    pub currency: &'a str,
    pub policies: &'a Policies,
    pub rooms: Vec<Room>,
}

pub struct Room {
    pub id: i64,
    pub capacity: u32,
    pub rates: Rates,
}

/// The hotel's history as of `now`, booked by `guests` (account id and details); `references`
/// holds those taken so far and receives the new ones.
pub fn plan(
    hotel: &Hotel,
    guests: &[(i64, GuestDetails)],
    now: DateTime<Utc>,
    references: &mut HashSet<String>,
) -> anyhow::Result<Vec<PastBooking>> {
    anyhow::ensure!(!guests.is_empty(), "the demo has no guests");
    let tz: Tz = hotel.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let today = now.with_timezone(&tz).date_naive();
    let first = today - Days::new(PAST_DAYS);
    let mut p = Planner {
        hotel,
        guests,
        tz,
        today,
        now,
        rng: StdRng::seed_from_u64(seed(hotel.slug)),
        clock: StdRng::seed_from_u64(!seed(hotel.slug)),
        references,
        out: Vec::new(),
    };
    let lengths = WeightedIndex::new(LENGTHS).context("stay length weights")?;
    let base = p.rng.gen_range(0.38..0.52);
    let busiest = hotel.rooms.iter().map(|r| r.rates.total_rooms).max();
    let mut anchored = false;
    for room in &hotel.rooms {
        let mut sold = vec![0u32; (PAST_DAYS + AHEAD_DAYS) as usize];
        let cap = (room.rates.total_rooms - 1).max(1) as u32;
        // Today's front desk has someone to check out and someone to welcome.
        if !anchored && Some(room.rates.total_rooms) == busiest {
            anchored = true;
            for (from, to) in [(1, 0), (0, 1)] {
                let nights = p.rng.gen_range(1..=3);
                let stay = Stay::new(
                    today - Days::new(nights * from),
                    today + Days::new(nights * to),
                );
                p.take(room, stay.ok().context("stay")?, true, &mut sold, first)?;
            }
        }
        for i in 0..sold.len() {
            let night = first + Days::new(i as u64);
            let target = p.target(base, night, room.rates.total_rooms).min(cap);
            while sold[i] < target {
                let wanted = lengths.sample(&mut p.rng) + 1;
                let nights = sold[i..]
                    .iter()
                    .take(wanted)
                    .take_while(|s| **s < cap)
                    .count();
                let stay = Stay::new(night, night + Days::new(nights as u64));
                p.take(room, stay.ok().context("stay")?, false, &mut sold, first)?;
            }
        }
    }
    Ok(p.out)
}

struct Planner<'a, 'r> {
    hotel: &'a Hotel<'a>,
    guests: &'a [(i64, GuestDetails)],
    tz: Tz,
    today: NaiveDate,
    now: DateTime<Utc>,
    /// Draws what the history is made of: stays, who, what became of them.
    rng: StdRng,
    /// Draws the times things happened at. They depend on the minute of planning, and a draw's
    /// size on its range, so they come from a stream of their own: the same day gives the same
    /// bookings whatever the hour.
    clock: StdRng,
    references: &'r mut HashSet<String>,
    out: Vec<PastBooking>,
}

impl Planner<'_, '_> {
    /// Books `stay` and counts the nights it holds in `sold` (indexed from `first`).
    fn take(
        &mut self,
        room: &Room,
        stay: Stay,
        kept: bool,
        sold: &mut [u32],
        first: NaiveDate,
    ) -> anyhow::Result<()> {
        let b = self.booking(room, stay, kept)?;
        if b.fate.holds_nights() {
            let from = (stay.check_in - first).num_days() as usize;
            for n in &mut sold[from..from + stay.nights() as usize] {
                *n += 1;
            }
        }
        self.out.push(b);
        Ok(())
    }

    /// Rooms to sell of `rooms` on `night`: the hotel's base, more at weekends, and for nights
    /// ahead only part of what will have sold by then.
    fn target(&mut self, base: f64, night: NaiveDate, rooms: i64) -> u32 {
        let weekend = match night.weekday() {
            Weekday::Fri | Weekday::Sat => 0.22,
            Weekday::Thu | Weekday::Sun => 0.06,
            _ => 0.0,
        };
        let mut share = base + weekend + self.rng.gen_range(-0.08..0.08);
        let ahead = (night - self.today).num_days();
        if ahead > 0 {
            share *= 1.0 - 0.45 * ahead as f64 / AHEAD_DAYS as f64;
        }
        (share.clamp(0.0, 0.95) * rooms as f64).round() as u32
    }

    /// One booking of `stay`; `kept` ones are neither cancelled nor missed.
    fn booking(&mut self, room: &Room, stay: Stay, kept: bool) -> anyhow::Result<PastBooking> {
        let rng = &mut self.rng;
        let h = self.hotel;
        let price = quote(
            &stay,
            &room.rates,
            &Default::default(),
            h.currency,
            h.policies.tax_rate_bp,
        )
        .context("a demo night is closed")?;
        let deadline = cancel_deadline(
            stay.check_in,
            &h.policies.check_in_time,
            h.policies.free_cancellation_days,
            h.time_zone,
        );
        let roll = rng.gen_range(0.0..1.0);
        let (customer_id, guest) = self.guests[rng.gen_range(0..self.guests.len())].clone();
        let guests = match room.capacity {
            0 | 1 => 1,
            2 => 1 + u32::from(rng.gen_bool(0.8)),
            n => rng.gen_range(1..=n).max(2),
        };
        let special_requests = rng
            .gen_bool(0.12)
            .then(|| REQUESTS[rng.gen_range(0..REQUESTS.len())].to_owned());
        let reference = loop {
            let r = reference_from(rng);
            if self.references.insert(r.clone()) {
                break r;
            }
        };
        let created_at = self.created_at(stay.check_in);
        let fate = self.fate(roll, stay, created_at, deadline, kept);
        Ok(PastBooking {
            reference,
            customer_id,
            hotel_id: h.id,
            room_type_id: room.id,
            stay,
            guests,
            guest,
            special_requests,
            price,
            cancel_deadline: deadline,
            created_at,
            fate,
        })
    }

    /// Booked from the same day to three months ahead, mostly within two weeks; never later
    /// than a little before now.
    fn created_at(&mut self, check_in: NaiveDate) -> DateTime<Utc> {
        let rng = &mut self.clock;
        let lead = match rng.gen_range(0..100) {
            0..25 => rng.gen_range(0..=3),
            25..60 => rng.gen_range(4..=14),
            60..90 => rng.gen_range(15..=45),
            _ => rng.gen_range(46..=90),
        };
        let hour = rng.gen_range(7..23);
        let latest = self.now - Duration::minutes(rng.gen_range(5..48 * 60));
        let at = self.local(check_in - Days::new(lead), hour);
        at.min(latest)
    }

    /// Cancelled when `roll` says so, a no-show now and then, else as far as the stay got by now.
    fn fate(
        &mut self,
        roll: f64,
        stay: Stay,
        created: DateTime<Utc>,
        deadline: Option<DateTime<Utc>>,
        kept: bool,
    ) -> Fate {
        let policies = self.hotel.policies;
        let arrive = self.local_time(stay.check_in, &policies.check_in_time);
        if !kept && roll < CANCELLED {
            let until = arrive.min(self.now);
            let span = (until - created).num_minutes().max(1);
            let at = (created + Duration::minutes(self.clock.gen_range(1..=span))).min(self.now);
            // A guest may cancel only inside the free window; later, only the hotel can.
            let by = if deadline.is_some_and(|d| at < d) && self.clock.gen_bool(0.85) {
                Party::Guest
            } else {
                Party::Hotel
            };
            return Fate::Cancelled(at, by);
        }
        let after = |at: DateTime<Utc>| at.max(created + Duration::minutes(20));
        if stay.check_in >= self.today {
            return Fate::Expected;
        }
        if !kept && roll < CANCELLED + NO_SHOW {
            let at = self.local(stay.check_in, 23);
            return Fate::NoShow(after(at).min(self.now));
        }
        let late = Duration::minutes(self.clock.gen_range(0..6 * 60));
        let checked_in = after(arrive + late).min(self.now);
        if stay.check_out >= self.today {
            return Fate::CheckedIn(checked_in);
        }
        let leave = self.local_time(stay.check_out, &policies.check_out_time)
            - Duration::minutes(self.clock.gen_range(0..180));
        Fate::CheckedOut(leave.max(checked_in + Duration::hours(1)))
    }

    /// `day` at `hour` and a random minute on the hotel's clock.
    fn local(&mut self, day: NaiveDate, hour: u32) -> DateTime<Utc> {
        let minute = self.clock.gen_range(0..60);
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
        self.at(day, time)
    }

    /// `day` at a policy time like "15:00" on the hotel's clock.
    fn local_time(&self, day: NaiveDate, hhmm: &str) -> DateTime<Utc> {
        let time = NaiveTime::parse_from_str(hhmm, "%H:%M").unwrap_or(NaiveTime::MIN);
        self.at(day, time)
    }

    fn at(&self, day: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let local = day.and_time(time);
        // In a DST gap the hour does not exist; an hour later does.
        let local = self.tz.from_local_datetime(&local).earliest().or_else(|| {
            let later = local.with_hour((time.hour() + 1) % 24)?;
            self.tz.from_local_datetime(&later).earliest()
        });
        local.map_or_else(|| day.and_time(time).and_utc(), |t| t.with_timezone(&Utc))
    }
}

/// FNV-1a of the slug: a seed that stays the same across Rust releases (the standard hasher
/// promises no such thing).
fn seed(slug: &str) -> u64 {
    slug.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn policies() -> Policies {
        serde_json::from_value(serde_json::json!({
            "check_in_time": "15:00", "check_out_time": "11:00", "free_cancellation_days": 2,
            "tax_rate_bp": 600, "pets_allowed": false, "notes": []
        }))
        .unwrap()
    }

    fn room(id: i64, capacity: u32, total_rooms: i64) -> Room {
        let rates = Rates {
            nightly_minor: 10_000,
            weekend_minor: 13_000,
            total_rooms,
        };
        Room {
            id,
            capacity,
            rates,
        }
    }

    fn guests() -> Vec<(i64, GuestDetails)> {
        (1..=12)
            .map(|i| {
                let guest = GuestDetails {
                    name: format!("Guest {i}"),
                    email: format!("guest{i}@example.org"),
                    phone: None,
                };
                (i, guest)
            })
            .collect()
    }

    fn history(now: &str) -> Vec<PastBooking> {
        let policies = policies();
        let hotel = Hotel {
            id: 7,
            slug: "casa-do-tejo",
            time_zone: "Europe/Lisbon",
            currency: "EUR",
            policies: &policies,
            rooms: vec![room(1, 2, 8), room(2, 4, 3), room(3, 1, 2)],
        };
        let now = now.parse().unwrap();
        plan(&hotel, &guests(), now, &mut HashSet::new()).unwrap()
    }

    const NOW: &str = "2027-03-10T14:20:00Z";

    #[test]
    fn no_night_sells_the_last_room_and_every_night_is_counted_once() {
        let all = history(NOW);
        let mut held: HashMap<(i64, NaiveDate), i64> = HashMap::new();
        for b in all.iter().filter(|b| b.fate.holds_nights()) {
            for night in b.stay.each_night() {
                *held.entry((b.room_type_id, night)).or_default() += 1;
            }
        }
        let totals = HashMap::from([(1, 8), (2, 3), (3, 2)]);
        for ((room, night), sold) in &held {
            assert!(
                sold < &totals[room],
                "room type {room} sold {sold} on {night}"
            );
        }
        let today: NaiveDate = "2027-03-10".parse().unwrap();
        let first = today - Days::new(PAST_DAYS);
        let end = today + Days::new(AHEAD_DAYS);
        assert!(
            all.iter()
                .all(|b| b.stay.check_in >= first && b.stay.check_out <= end)
        );
        assert!(all.iter().all(|b| (1..=7).contains(&b.stay.nights())));
        // Busy enough to show: the past nights of the 8-room type average 30–70 %.
        let past: i64 = (0..PAST_DAYS)
            .map(|d| held.get(&(1, first + Days::new(d))).copied().unwrap_or(0))
            .sum();
        let share = past as f64 / (8 * PAST_DAYS) as f64;
        assert!((0.3..=0.7).contains(&share), "{share}");
    }

    #[test]
    fn some_cancel_a_few_miss_and_the_desk_has_work_today() {
        let all = history(NOW);
        let now: DateTime<Utc> = NOW.parse().unwrap();
        let today: NaiveDate = "2027-03-10".parse().unwrap();
        let count = |f: &dyn Fn(&PastBooking) -> bool| all.iter().filter(|b| f(b)).count();
        let n = all.len() as f64;
        let cancelled = count(&|b| matches!(b.fate, Fate::Cancelled(..))) as f64 / n;
        let no_shows = count(&|b| matches!(b.fate, Fate::NoShow(_))) as f64 / n;
        assert!((0.05..0.16).contains(&cancelled), "{cancelled}");
        assert!((0.01..0.06).contains(&no_shows), "{no_shows}");
        assert!(count(&|b| b.stay.check_in == today && b.fate == Fate::Expected) > 0);
        assert!(count(&|b| b.stay.check_out == today && matches!(b.fate, Fate::CheckedIn(_))) > 0);
        for b in &all {
            assert!(b.created_at <= now, "{b:?}");
            match b.fate {
                Fate::Expected => assert!(b.stay.check_in >= today, "{b:?}"),
                Fate::CheckedIn(at) => {
                    assert!(b.stay.check_in < today && b.stay.check_out >= today);
                    assert!(b.created_at < at && at <= now, "{b:?}");
                }
                Fate::CheckedOut(at) => {
                    assert!(b.stay.check_out < today && b.created_at < at && at <= now);
                }
                Fate::NoShow(at) => {
                    assert!(b.stay.check_in < today && b.created_at < at && at <= now);
                }
                Fate::Cancelled(at, by) => {
                    assert!(b.created_at < at && at <= now, "{b:?}");
                    if by == Party::Guest {
                        assert!(b.cancel_deadline.is_some_and(|d| at < d), "{b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_same_day_gives_the_same_history() {
        let key = |all: Vec<PastBooking>| -> Vec<_> {
            all.into_iter()
                .map(|b| (b.reference, b.stay, b.customer_id, b.fate.holds_nights()))
                .collect()
        };
        let morning = key(history("2027-03-10T09:00:00Z"));
        assert_eq!(morning, key(history("2027-03-10T17:45:00Z")));
        assert_ne!(morning, key(history("2027-03-11T09:00:00Z")));
    }
}
