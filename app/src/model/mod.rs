//! Types shared by the UI, the services and (later) the API clients.
mod admin;
mod booking;
mod customer;
mod email;
mod error;
mod front_desk;
mod hotel;
mod money;
mod outbox;
mod params;
mod stay;
mod webhook;

pub use admin::*;
pub use booking::*;
pub use customer::*;
pub use email::*;
pub use error::*;
pub use front_desk::*;
pub use hotel::*;
pub use money::*;
pub use outbox::*;
pub use params::*;
pub use stay::*;
pub use webhook::*;
