//! Vision Stays UI and the types shared between browser and server.
#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod endpoints;
pub mod html;
pub mod model;
pub mod pages;
pub mod url;

#[cfg(feature = "ssr")]
pub mod client;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::layout::{Footer, Header};
use crate::pages::*;

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#0f3d3e" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let customer = Resource::new(|| (), |_| api::current_customer());
    provide_context(customer);
    view! {
        <Stylesheet id="vs" href="/pkg/vision-stays.css" />
        <Title formatter=|t: String| {
            if t.is_empty() { "Vision Stays".to_owned() } else { format!("{t} · Vision Stays") }
        } />
        <Router>
            <a class="skip" href="#main">"Skip to content"</a>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/search") view=SearchPage ssr=SsrMode::Async />
                    <Route path=path!("/hotels/:slug") view=HotelPage ssr=SsrMode::Async />
                    <Route path=path!("/hotels/:slug/book") view=BookPage ssr=SsrMode::Async />
                    <Route path=path!("/bookings/:reference") view=BookingPage ssr=SsrMode::Async />
                    <Route
                        path=path!("/bookings/:reference/cancel")
                        view=CancelPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/trips") view=TripsPage ssr=SsrMode::Async />
                    <Route path=path!("/signin") view=SignInPage ssr=SsrMode::Async />
                    <Route path=path!("/signup") view=SignUpPage ssr=SsrMode::Async />
                    <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                    <Route path=path!("/account/verify") view=VerifyEmailPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    // Admin, hotels part.
                    <Route path=path!("/admin") view=admin::AdminHomePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels") view=admin::AdminHotelsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/new") view=admin::NewHotelPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug") view=admin::EditHotelPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/unpublish") view=admin::UnpublishPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/photos/:id/delete") view=admin::DeletePhotoPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/room-types/new") view=admin::RoomTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/room-types/:room") view=admin::RoomTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/room-types/:room/retire") view=admin::RetireRoomTypePage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/room-types/:room/calendar") view=admin::CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/calendar") view=admin::CalendarPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/alerts") view=admin::AlertsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/admins") view=admin::HotelAdminsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/admins/remove") view=admin::RemoveAdminPage ssr=SsrMode::Async />
                    // Admin, bookings part.
                    <Route path=path!("/admin/bookings") view=admin::AdminBookingsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/bookings/:reference") view=admin::AdminBookingPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/bookings/:reference/cancel") view=admin::AdminCancelPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/bookings/:reference/no-show") view=admin::AdminNoShowPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/dashboard") view=admin::HotelDashboardPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/emails") view=admin::EmailsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/alerts") view=admin::AllAlertsPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/webhooks") view=admin::AllWebhooksPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/webhooks/:id") view=admin::WebhookEndpointPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/webhooks/:id/delete") view=admin::DeleteWebhookPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/hotels/:slug/webhooks") view=admin::HotelWebhooksPage ssr=SsrMode::Async />
                    <Route path=path!("/admin/events") view=admin::ParkedPage ssr=SsrMode::Async />
                    <Route path=path!("/alerts/confirm") view=AlertConfirmPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
