//! The trunk demo's mount (src/main.rs calls it; index.html turns `csr`
//! on). It lives in the library, not in the binary, because the same code
//! compiled in the binary crate makes the demo's wasm larger (see
//! ARCHITECTURE.md). The demo talks to the emulator through trunk's proxy
//! (or is served by it), so its tenant is the page's own origin.
//! `?screen=forgot` opens the forgot-password screen.

use crate::options::{Options, Screen};
use crate::ui::AuthWidget;

/// Mounts the demo on `<body>`.
pub fn mount() {
    let location = web_sys::window().map(|w| w.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let search = location.and_then(|l| l.search().ok()).unwrap_or_default();
    let options = Options {
        initial_screen: if search.contains("screen=forgot") {
            Screen::ForgotPassword
        } else {
            Screen::SignUp
        },
        ..Options::default()
    };
    leptos::mount::mount_to_body(move || {
        leptos::view! { <AuthWidget domain=origin client_id="demo-client" options=options /> }
    });
}
