//! The app, shared by the server (which renders it) and the browser (which
//! hydrates it): the page's shell, and the sign-up and forgot-password pages,
//! each an `<AuthWidget>` talking to the tenant straight from the browser
//! (cross-origin, through the tenant's CORS allow-list).

use auth_widget::{AuthWidget, EventHandler, Options, Screen, WidgetEvent};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

/// Where the widget signs people up: the tenant's origin and this app's
/// client ID there. The server reads them from its environment and writes
/// them into the page's `<meta>` tags, where the browser reads them back
/// before it hydrates, so that both render the same widget.
#[derive(Clone, Debug)]
pub struct Tenant {
    /// The tenant's origin (`http://127.0.0.1:8787`) or host name.
    pub domain: String,
    /// This app's client ID at the tenant.
    pub client_id: String,
}

/// The whole page: what the server sends around the app.
pub fn shell(options: LeptosOptions, tenant: Tenant) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="auth-widget-domain" content=tenant.domain.clone() />
                <meta name="auth-widget-client-id" content=tenant.client_id.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App tenant />
            </body>
        </html>
    }
}

/// The app: a sign-up page (`/signup`, also `/`) and a forgot-password page
/// (`/forgot`).
#[component]
pub fn App(
    /// The tenant the widgets talk to.
    tenant: Tenant,
) -> impl IntoView {
    provide_meta_context();
    let signup = tenant.clone();
    let forgot = tenant;
    view! {
        <Router>
            <nav>
                <A href="/signup">"Sign up"</A>
                " · "
                <A href="/forgot">"Forgot password"</A>
            </nav>
            <main>
                <Routes fallback=|| "Not found.">
                    <Route
                        path=path!("/")
                        view={
                            let tenant = signup.clone();
                            move || view! { <AuthPage tenant=tenant.clone() screen=Screen::SignUp /> }
                        }
                    />
                    <Route
                        path=path!("/signup")
                        view=move || view! { <AuthPage tenant=signup.clone() screen=Screen::SignUp /> }
                    />
                    <Route
                        path=path!("/forgot")
                        view=move || view! { <AuthPage tenant=forgot.clone() screen=Screen::ForgotPassword /> }
                    />
                </Routes>
            </main>
        </Router>
    }
}

/// A page with the widget on `screen`.
#[component]
fn AuthPage(
    /// The tenant the widget talks to.
    tenant: Tenant,
    /// The screen the widget opens on.
    screen: Screen,
) -> impl IntoView {
    let title = match screen {
        Screen::SignUp => "Sign up",
        Screen::ForgotPassword => "Forgot password",
    };
    let options = Options {
        initial_screen: screen,
        ..Options::default()
    };
    // Events happen in the browser (on the server the handler is dropped
    // unused); here they go to the console.
    let on_event = EventHandler::new(|event: &WidgetEvent| {
        leptos::logging::log!("auth-widget event: {}", event.name());
    });
    view! {
        <Title text=title />
        <AuthWidget domain=tenant.domain client_id=tenant.client_id options=options on_event=on_event />
    }
}
