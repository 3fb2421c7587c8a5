//! Bookings as the hotel sees them: the list with filters, front-desk actions, the dashboard.
pub mod api;
pub mod dashboard;
pub mod emails;
pub mod filter;
pub mod outbox;
pub mod service;
pub mod store;
