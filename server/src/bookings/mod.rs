//! The bookings service: one transaction per booking, no overbooking, idempotent retries.
pub mod admin;
pub mod api;
mod emails;
pub mod events;
pub mod history;
mod history_store;
pub mod labelled;
pub mod policy;
pub mod reference;
pub mod request;
pub mod row;
pub mod service;
pub mod store;
