//! The customers service: accounts, passwords and sign-in sessions.
pub mod admins;
pub mod api;
pub mod service;
pub mod store;
pub mod tokens;
