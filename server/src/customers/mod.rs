//! The customers service: accounts, passwords and sign-in sessions.
pub mod api;
pub mod hashing;
pub mod input;
pub mod service;
pub mod store;
pub mod tokens;
