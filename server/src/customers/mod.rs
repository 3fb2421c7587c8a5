//! The customers service: accounts, passwords and sign-in sessions.
pub mod account_api;
pub mod accounts;
pub mod admins;
mod admins_store;
pub mod api;
pub mod hashing;
pub mod input;
pub mod links_store;
pub mod service;
pub mod store;
pub mod throttle;
pub mod tokens;

pub use admins::verified_platform_admins;
