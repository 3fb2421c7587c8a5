//! The hotels service: cities, hotels, room types, rates and what is free to sell.
pub mod admin;
pub mod alerts;
pub mod api;
pub mod art;
pub mod catalog;
pub mod pricing;
pub mod scope;
pub mod service;
pub mod staff;
pub mod store;
pub mod webhooks;
