//! The bookings service: one transaction per booking, no overbooking, idempotent retries.
pub mod admin;
pub mod api;
pub mod policy;
pub mod reference;
mod row;
pub mod service;
pub mod store;
