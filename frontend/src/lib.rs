//! The browser half of Vision Stays: wakes the interactive islands of the server-rendered page.

// Links the app crate, whose `#[island]`s export the functions the island script calls: a crate
// nothing names is not linked, and its exports would be missing.
use app as _;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The island script calls each `#[island]`'s own export after this; pages themselves are
    // server-rendered and need no hydration.
    leptos::mount::hydrate_islands();
    // Lets tests (and curious people) see that the page came alive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "true");
    }
}
