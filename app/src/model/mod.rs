//! Types shared by the UI, the services and (later) the API clients.
mod booking;
mod customer;
mod error;
mod hotel;
mod money;
mod params;
mod stay;

pub use booking::*;
pub use customer::*;
pub use error::*;
pub use hotel::*;
pub use money::*;
pub use params::*;
pub use stay::*;
