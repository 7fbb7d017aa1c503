//! auth-widget: an embeddable sign-up and forgot-password widget for
//! Auth0-compatible tenants, written with Leptos and compiled to WebAssembly.
//!
//! Data flows one way: [`options`] → the screens ([`ui`]) → [`api`]
//! requests → the tenant → normalised answers → [`i18n`] messages.
//!
//! # Features
//!
//! `csr`, `ssr` and `hydrate` pass through to Leptos, and none is on by
//! default: an app turns on the one it renders with. Under `csr` the
//! component renders in the browser; under `ssr` it renders to HTML on a
//! server (light DOM, its CSS in a `<style>` element, ids from the render's
//! shared context), and under `hydrate` the browser brings that HTML to life
//! without losing what was typed into it. `embed` is the JavaScript API of
//! the embed bundle and implies `csr`.
// The example exists for wasm32 only, where the view layer is: there `make
// test` compiles it (`cargo test --doc --target wasm32-unknown-unknown`).
// Natively there is nothing to compile, so there is no doctest to skip.
#![cfg_attr(
    target_arch = "wasm32",
    doc = r#"
# Example

The component in a Leptos app, built for `wasm32-unknown-unknown` (e.g.
with trunk; `examples/leptos-app` in the repository is such an app). The
view layer exists only on that target, so `make test` compiles this
example there (`cargo test --doc --target wasm32-unknown-unknown`); it is
`no_run` because a doctest's `main` has no page to mount on.

```rust,no_run
use auth_widget::{AuthWidget, EventHandler, Options, Screen, WidgetEvent};
use leptos::prelude::*;

#[component]
fn SignUp() -> impl IntoView {
    let options = Options {
        initial_screen: Screen::SignUp,
        must_accept_terms: true,
        ..Options::default()
    };
    let on_event = EventHandler::new(|event: &WidgetEvent| {
        if let WidgetEvent::SignupSuccess(user) = event {
            leptos::logging::log!("welcome, {}", user.email);
        }
    });
    view! {
        <AuthWidget
            domain="tenant.example.com"
            client_id="YOUR_CLIENT_ID"
            options=options
            on_event=on_event
        />
    }
}
```
"#
)]
#![warn(missing_docs)]

pub mod api;
pub mod events;
pub mod form;
pub mod i18n;
pub mod json;
pub mod options;
#[cfg(test)]
mod testing;
// The view layer: rendered in the browser, or to HTML on a server (`ssr`).
pub mod ui;
// The JavaScript API over the component (wasm only, like the view layer;
// feature "embed", which make dist and the browser tests turn on).
#[cfg(all(target_arch = "wasm32", feature = "embed"))]
pub mod embed;

pub use events::{EventHandler, WidgetEvent};
pub use options::{Options, Screen};
pub use ui::AuthWidget;

/// Mounts the demo on `<body>`: the entry of the trunk demo page. The demo
/// talks to the emulator through trunk's proxy (or is served by it), so its
/// tenant is the page's own origin. `?screen=forgot` opens the
/// forgot-password screen.
#[cfg(target_arch = "wasm32")]
pub fn mount_demo() {
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
