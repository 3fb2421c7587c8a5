//! The `vision-stays` server: every service, the web front end and the operator commands.
#![recursion_limit = "512"]
pub mod alert_bridge;
pub mod api;
pub mod backup;
pub mod bookings;
pub mod checked;
pub mod config;
pub mod customers;
pub mod demo;
pub mod error;
pub mod files;
pub mod functions;
pub mod hotels;
pub mod http;
pub mod inventory;
#[cfg(test)]
mod layers;
pub mod metrics;
pub mod oci;
pub mod outbox;
pub mod secrets;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod web;
