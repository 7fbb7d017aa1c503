//! An app with the auth-widget crate as a dependency: it mounts the
//! `<AuthWidget>` component with options and an event handler, and greets the
//! person once the tenant has created the account. The component needs a
//! browser, so the app is built for wasm32 only (natively this is empty).
//!
//! `trunk serve` here (with the emulator on 127.0.0.1:8787: `make demo` starts
//! one) runs it; `make test` builds it with `trunk build`.
#![cfg(target_arch = "wasm32")]

use auth_widget::{AuthWidget, EventHandler, Options, WidgetEvent};
use leptos::prelude::*;

/// The page: a heading, the widget, and a welcome once signed up.
#[component]
pub fn App() -> impl IntoView {
    let (created, set_created) = signal(None::<String>);
    let options = Options {
        connection: "Username-Password-Authentication".into(),
        confirm_password: true,
        prefill_email: "jane@example.com".into(),
        ..Options::default()
    };
    // Every event comes here; this app only cares for a created account.
    let on_event = EventHandler::new(move |event: &WidgetEvent| {
        if let WidgetEvent::SignupSuccess(user) = event {
            set_created.set(Some(user.email.clone()));
        }
    });
    view! {
        <main>
            <h1>"Create your account"</h1>
            <AuthWidget
                domain="http://127.0.0.1:8787"
                client_id="demo-client"
                options=options
                on_event=on_event
            />
            {move || created.get().map(|email| view! { <p role="status">"Welcome, " {email} "."</p> })}
        </main>
    }
}
