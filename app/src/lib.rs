//! Vision Stays UI and the types shared between browser and server.
#![recursion_limit = "512"]

pub mod api;
pub mod components;
pub mod model;
pub mod pages;

#[cfg(feature = "ssr")]
pub mod backend;
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
                <HydrationScripts options />
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
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
