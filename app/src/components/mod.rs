//! Pieces of UI used by more than one page.
pub mod form;
pub mod hotel;
pub mod layout;
pub mod price;
pub mod search;
