//! The customers service: accounts, passwords and sign-in sessions.
pub mod service;
pub mod store;
