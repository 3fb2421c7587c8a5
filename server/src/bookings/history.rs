//! The demo's booking history (demo only): bookings as they stand after their stay, their
//! cancellation or the front desk's record, written with the nights they hold in the caller's
//! transaction. The booking service refuses stays that open before today, and would send every
//! booking's emails; a history already happened, so it is written as it ended, without emails.
use std::collections::{BTreeMap, HashMap};

use anyhow::{Context, ensure};
use app::model::{Arrival, GuestDetails, Quote, Stay};
use chrono::{DateTime, NaiveDate, Utc};

use super::history_store;
use crate::error::Party;
use crate::inventory::history_store as inventory;
use crate::store::Tx;

/// One booking of a demo history.
#[derive(Clone, Debug)]
pub struct PastBooking {
    pub reference: String,
    pub customer_id: i64,
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub stay: Stay,
    pub guests: u32,
    pub guest: GuestDetails,
    pub special_requests: Option<String>,
    pub price: Quote,
    pub cancel_deadline: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub fate: Fate,
}

/// Where a booking stands, and since when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Not arrived yet (a coming stay, or today's arrival).
    Expected,
    CheckedIn(DateTime<Utc>),
    CheckedOut(DateTime<Utc>),
    /// Recorded on the night of arrival, so every night went back on sale (as the desk does).
    NoShow(DateTime<Utc>),
    Cancelled(DateTime<Utc>, Party),
}

impl Fate {
    /// Whether the booking still holds its nights in the inventory.
    pub fn holds_nights(&self) -> bool {
        matches!(
            self,
            Fate::Expected | Fate::CheckedIn(_) | Fate::CheckedOut(_)
        )
    }

    pub fn arrival(&self) -> (Arrival, Option<DateTime<Utc>>) {
        match *self {
            Fate::Expected | Fate::Cancelled(..) => (Arrival::Expected, None),
            Fate::CheckedIn(at) => (Arrival::CheckedIn, Some(at)),
            Fate::CheckedOut(at) => (Arrival::CheckedOut, Some(at)),
            Fate::NoShow(at) => (Arrival::NoShow, Some(at)),
        }
    }

    pub fn cancelled(&self) -> Option<(DateTime<Utc>, &'static str)> {
        match *self {
            Fate::Cancelled(at, Party::Guest) => Some((at, "guest")),
            Fate::Cancelled(at, Party::Hotel) => Some((at, "hotel")),
            _ => None,
        }
    }
}

/// Writes `bookings` and the nights they hold, for room types that have sold nothing yet (the
/// demo's new hotels); `rooms` gives each room type's total. Refuses, and writes nothing of its
/// own, if any night would sell more rooms than the room type has.
pub async fn record(
    tx: &mut Tx,
    rooms: &HashMap<i64, i64>,
    bookings: &[PastBooking],
) -> anyhow::Result<()> {
    let mut held: BTreeMap<i64, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.fate.holds_nights()) {
        let nights = held.entry(b.room_type_id).or_default();
        for night in b.stay.each_night() {
            *nights.entry(night).or_default() += 1;
        }
    }
    for (room_type_id, nights) in &held {
        let total = *rooms
            .get(room_type_id)
            .with_context(|| format!("room type {room_type_id} has no total"))?;
        let most = nights.values().copied().max().unwrap_or(0);
        ensure!(
            most <= total,
            "the demo history sells {most} of room type {room_type_id}'s {total} rooms"
        );
        let nights: Vec<(NaiveDate, i64)> = nights.iter().map(|(n, s)| (*n, *s)).collect();
        inventory::insert_sold(tx, *room_type_id, total, &nights)
            .await
            .context("cannot write the demo history's nights")?;
    }
    history_store::insert(tx, bookings)
        .await
        .context("cannot write the demo history's bookings")
}
