//! The `vision-stays` server: every service, the web front end and the operator commands.
#![recursion_limit = "512"]
pub mod api;
pub mod art;
pub mod backend;
pub mod bookings;
pub mod config;
pub mod customers;
pub mod demo;
pub mod hotels;
pub mod notify;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
