//! Hotel administration in the hotels service: hotels, room types, photos, the rates calendar
//! and alert recipients, each scoped to the hotels the caller runs.
pub mod api;
pub mod calendar;
pub mod input;
mod metadata;
mod photo_store;
pub mod photos;
pub mod seed_store;
pub mod service;
pub mod staff_store;
pub mod store;
