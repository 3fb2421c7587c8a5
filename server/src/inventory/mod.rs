//! The inventory: for each room type and night, the rooms for sale, the rooms sold, a price
//! that overrides the base rate, and whether the night is closed. The bookings side owns it
//! (a booking sells its nights here, in its own transaction); the hotels side's rates calendar
//! and search read and set it through this module. It depends on neither, so neither depends on
//! the other to reach it.
pub mod history_store;
pub mod store;

use std::collections::HashMap;

use chrono::NaiveDate;

/// What the inventory says about one room type on one night (absent row = nothing sold).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NightState {
    pub allotment: Option<i64>,
    pub sold: i64,
    pub rate_minor: Option<i64>,
    pub closed: bool,
}

/// Night states keyed by room type, then night.
pub type InventoryMap = HashMap<i64, HashMap<NaiveDate, NightState>>;

/// A calendar change to a range of nights; `None` keeps what each night has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NightsChange {
    pub rooms: Option<u32>,
    pub rate_minor: Option<i64>,
    /// Back to the room type's base rates (clears price overrides).
    pub reset_rate: bool,
    pub closed: Option<bool>,
}
