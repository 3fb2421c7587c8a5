//! The customers service: accounts, passwords and sign-in sessions.
pub mod admins;
mod admins_store;
pub mod api;
pub mod input;
pub mod service;
pub mod store;
pub mod tokens;

pub use admins::verified_platform_admins;
