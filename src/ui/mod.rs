//! The view layer: Leptos components. It reads options and strings, calls
//! the API client, and shows what came back; the logic lives in `api`,
//! `auth_core` and `i18n`.

mod field;
mod fresh;
mod screen;
pub mod style;

use crate::api::DbConnections;
use crate::events::{EventHandler, WidgetEvent};
use crate::i18n::{Dictionary, EN};
use crate::options::{Options, Screen};
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What every screen needs (passed down, not looked up: the views are few).
#[derive(Clone)]
pub(crate) struct WidgetContext {
    pub client: DbConnections,
    pub options: Options,
    /// Shared by the views; freed with the last of them.
    pub strings: Arc<Dictionary>,
    /// Prefix for element ids, unique per widget on the page.
    pub id_prefix: String,
    pub screen: ScreenSignal,
    /// What the person typed, by [`crate::form::Key::slot`]: kept across
    /// screens and failed submits.
    pub values: Vec<RwSignal<String>>,
    /// The host's listener. It may hold JS functions, which are not Send;
    /// the views that carry it must be (wasm32 has one thread, which
    /// SendWrapper checks anyway).
    pub events: send_wrapper::SendWrapper<Option<EventHandler>>,
}

impl WidgetContext {
    /// Tells the host that `event` happened.
    pub fn emit(&self, event: WidgetEvent) {
        if let Some(handler) = &*self.events {
            handler.call(&event);
        }
    }

    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix)
    }
}

/// The screen shown, held as a bool: a signal of a type of its own would
/// carry a copy of the signal code for it (1.3 KB of wasm); bools have it
/// already.
#[derive(Clone, Copy)]
pub(crate) struct ScreenSignal(RwSignal<bool>);

impl ScreenSignal {
    fn new(screen: Screen) -> Self {
        ScreenSignal(RwSignal::new(screen == Screen::ForgotPassword))
    }

    /// The screen (tracked).
    pub fn get(self) -> Screen {
        if self.0.get() {
            Screen::ForgotPassword
        } else {
            Screen::SignUp
        }
    }

    pub fn set(self, screen: Screen) {
        self.0.set(screen == Screen::ForgotPassword);
    }
}

static NEXT_WIDGET: AtomicUsize = AtomicUsize::new(1);

/// The sign-up and forgot-password widget.
#[component]
pub fn AuthWidget(
    /// The tenant: a host name (`tenant.example.com`, reached over https) or
    /// an origin (`http://127.0.0.1:8787`).
    #[prop(into)]
    domain: String,
    /// The application's client ID at the tenant.
    #[prop(into)]
    client_id: String,
    /// Connection, screens, password policy, prefill and timeout.
    #[prop(optional)]
    options: Options,
    /// Called for every [`WidgetEvent`] (ready, submit, success, error).
    #[prop(optional)]
    on_event: Option<EventHandler>,
    /// Every string shown (default: English). See [`crate::i18n`].
    #[prop(optional, into)]
    strings: Option<Arc<Dictionary>>,
) -> impl IntoView {
    let strings = strings.unwrap_or_else(|| Arc::new(EN.to_dictionary()));
    let client = options.check().and_then(|()| match &options.base_url {
        Some(base) => Ok(DbConnections::with_base_url(base, &client_id)),
        None => DbConnections::new(&domain, &client_id),
    });
    let id_prefix = format!("aw{}", NEXT_WIDGET.fetch_add(1, Ordering::Relaxed));
    let root_ref = NodeRef::<leptos::html::Section>::new();
    let content = match client {
        Err(error) => {
            leptos::logging::error!("auth-widget: {error}");
            when_shown(root_ref, None);
            let message =
                view! { <p class="aw-alert" role="alert">{strings.err_config.clone()}</p> };
            Either::Left(message)
        }
        Ok(client) => {
            let screen = ScreenSignal::new(options.first_screen());
            // Checked here too: a Rust app sets options without the reader.
            let logo =
                (options.logo_url.as_deref()).and_then(|url| crate::options::safe_url(url, true));
            let context = WidgetContext {
                client: client.with_timeout(options.request_timeout_ms),
                values: crate::form::initial_values(&options)
                    .into_iter()
                    .map(RwSignal::new)
                    .collect(),
                options,
                strings: strings.clone(),
                id_prefix: id_prefix.clone(),
                screen,
                events: send_wrapper::SendWrapper::new(on_event),
            };
            let screens = view! {
                {logo.map(|src| view! { <img class="aw-logo" src=src alt="" /> })}
                // A change of screen builds the other one afresh.
                {move || {
                    let shown = screen.get();
                    let ready = match shown {
                        Screen::SignUp => WidgetEvent::SignupReady,
                        Screen::ForgotPassword => WidgetEvent::ForgotPasswordReady,
                    };
                    when_shown(root_ref, Some((context.clone(), ready)));
                    fresh::Fresh(screen::screen(&context, shown))
                }}
            };
            Either::Right(screens)
        }
    };
    view! {
        <section
            class="aw-root"
            node_ref=root_ref
            lang=strings.lang.clone()
            dir=strings.dir.clone()
            aria-labelledby=format!("{id_prefix}-title")
        >
            {content}
        </section>
    }
}

/// Once the view being built is in the page: its styles go to the document
/// or shadow root it was mounted in, and the host hears `ready`. A task
/// runs after the synchronous mount or screen change that spawned it (an
/// `Effect` did this at 1.4 KB more wasm); a widget removed in between
/// hears nothing.
fn when_shown(root: NodeRef<leptos::html::Section>, ready: Option<(WidgetContext, WidgetEvent)>) {
    leptos::task::spawn_local(async move {
        let Some(root) = root.try_get_untracked().flatten() else {
            return;
        };
        if !root.is_connected() {
            return;
        }
        style::adopt_styles(&root.get_root_node());
        if let Some((widget, event)) = ready {
            widget.emit(event);
        }
    });
}
