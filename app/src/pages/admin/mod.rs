//! The admin UI under `/admin`: hotels, room types, rates, bookings, dashboard and alerts.
mod shell;

pub use shell::{AdminSection, AdminShell};

// Hotels part: hotels, photos, room types, calendar, alert recipients, hotel admins, webhooks.
mod alerts;
mod calendar;
mod hotel_confirm;
mod hotel_fields;
mod hotels;
pub mod hotels_api;
mod hotels_edit;
mod hotels_form;
mod rooms;
mod team;
mod webhook;
mod webhooks;
pub mod webhooks_api;
pub use alerts::AllAlertsPage;
pub use calendar::CalendarPage;
pub use hotel_confirm::{DeletePhotoPage, UnpublishPage};
pub use hotels::{AdminHomePage, AdminHotelsPage};
pub use hotels_edit::EditHotelPage;
pub use hotels_form::NewHotelPage;
pub use rooms::{RetireRoomTypePage, RoomTypePage};
#[cfg(feature = "ssr")]
pub use shell::admin_caller;
pub use shell::{AdminError, HotelHead, HotelTab, SignedOut, published_badge};
pub use team::{AlertsPage, HotelAdminsPage, RemoveAdminPage};
pub use webhook::{DeleteWebhookPage, WebhookEndpointPage};
pub use webhooks::{AllWebhooksPage, HotelWebhooksPage};

// Bookings part: bookings list and detail, front-desk actions, dashboard, emails.
mod booking;
mod booking_confirm;
mod bookings;
pub mod bookings_api;
mod bookings_common;
mod chart;
mod dashboard;
mod emails;
mod outbox;
pub use booking::AdminBookingPage;
pub use booking_confirm::{AdminCancelPage, AdminNoShowPage};
pub use bookings::AdminBookingsPage;
pub use dashboard::HotelDashboardPage;
pub use emails::EmailsPage;
pub use outbox::ParkedPage;
