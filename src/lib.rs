//! auth-widget: an embeddable sign-up and forgot-password widget for
//! Auth0-compatible tenants, written with Leptos and compiled to WebAssembly.
//!
//! # Layers
//!
//! Data flows one way, and so do the modules' uses of each other: each
//! module uses only those before it in this order, never one after it (the
//! native test `layering` reads the sources and keeps it so):
//!
//! `auth_core` (the rules shared with the tenant emulator, a crate of its
//! own) → [`json`] → [`api`] (the tenant's endpoints, and the normalised
//! answers) → [`events`] (what the host hears) → [`i18n`] (every word, and
//! the message for each answer) → [`options`] → [`screens`] (the screens as
//! data: fields, checks, the request a valid form becomes) → [`ui`] (the
//! Leptos views) → `embed` (the JavaScript API).
//!
//! At run time: options shape the screens, a valid form becomes an API
//! request, and the tenant's answer comes back normalised, as an event for
//! the host and a message in the person's language.
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
pub mod i18n;
pub mod json;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod layering;
pub mod options;
pub mod screens;
#[cfg(test)]
mod testing;
// The view layer: rendered in the browser, or to HTML on a server (`ssr`).
pub mod ui;
// The JavaScript API over the component (wasm only, like the view layer;
// feature "embed", which make dist and the browser tests turn on).
#[cfg(all(target_arch = "wasm32", feature = "embed"))]
pub mod embed;
// The trunk demo's mount (src/main.rs), for the browser only.
#[cfg(all(target_arch = "wasm32", feature = "csr"))]
#[doc(hidden)]
pub mod demo;

pub use events::{EventHandler, WidgetEvent};

/// The crate's version (the npm package shares it).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use options::{Options, Screen};
pub use ui::AuthWidget;
