#![recursion_limit = "256"]
//! A server-rendered Leptos app that uses `<AuthWidget>`: the server binary
//! (`src/main.rs`, feature `ssr`) renders the pages, and this library,
//! built for wasm32 with `hydrate`, brings them to life in the browser.

pub mod app;

/// The browser's entry: reads the tenant the server wrote into the page and
/// hydrates the app the server rendered. Leptos's hydration script calls it
/// once the wasm is loaded.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    use app::{App, Tenant};
    use leptos::prelude::*;

    console_error_panic_hook::set_once();
    let meta = |name: &str| {
        web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| {
                document
                    .query_selector(&format!("meta[name={name}]"))
                    .ok()
                    .flatten()
            })
            .and_then(|meta| meta.get_attribute("content"))
            .unwrap_or_default()
    };
    let tenant = Tenant {
        domain: meta("auth-widget-domain"),
        client_id: meta("auth-widget-client-id"),
    };
    leptos::mount::hydrate_body(move || view! { <App tenant /> });
}
