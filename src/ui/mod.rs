//! The view layer: Leptos components. It renders the screens as [`crate::screens`]
//! describes them, in the words of [`crate::i18n`], sends their requests with
//! the [`crate::api`] client, and shows what came back; the logic lives in
//! those layers and in `auth_core`.

mod field;
mod fresh;
#[cfg(feature = "hydrate")]
mod hydrate;
mod screen;
pub mod style;

use crate::api::{ConfigError, DbConnections};
use crate::events::{EventHandler, WidgetEvent};
use crate::i18n::{Dictionary, EN};
use crate::options::{Options, OptionsError, Screen};
use crate::screens::FieldValue;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// What every screen needs (passed down, not looked up: the views are few).
#[derive(Clone)]
pub(crate) struct WidgetContext {
    /// Used in the browser; a server renders and never sends.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub client: DbConnections,
    pub options: Options,
    /// Shared by the views; freed with the last of them.
    pub strings: Arc<Dictionary>,
    /// Prefix for element ids, unique per widget on the page.
    pub id_prefix: String,
    pub screen: ScreenSignal,
    /// What the person typed, by [`crate::screens::Key::slot`]: kept across
    /// screens and failed submits.
    pub values: Vec<FieldSignal>,
    /// The host's listener.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub events: Listener,
    /// What the server wrote into each control (the options' initial
    /// values), while the signals in `values` hold what the page holds,
    /// which a person may have changed before the wasm arrived.
    #[cfg(feature = "hydrate")]
    pub served: Arc<Vec<FieldValue>>,
}

/// In the browser: the host's listener. It may hold JS functions, which are
/// not Send; the views that carry it must be (wasm32 has one thread, which
/// SendWrapper checks anyway).
#[cfg(target_arch = "wasm32")]
pub(crate) type Listener = send_wrapper::SendWrapper<Option<EventHandler>>;
/// On a server: none. Events happen in the browser, and a multi-threaded
/// server drops views on any thread, where a SendWrapper would panic.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type Listener = ();

impl WidgetContext {
    /// A widget's context: its client, options and strings, its values as
    /// the options start them (or, when hydrating, as the page has them),
    /// on the screen it opens with.
    fn new(
        client: DbConnections,
        options: Options,
        strings: Arc<Dictionary>,
        id_prefix: String,
        on_event: Option<EventHandler>,
    ) -> Self {
        let initial = crate::screens::initial_values(&options);
        #[cfg(feature = "hydrate")]
        let (served, initial) = {
            let typed = hydrate::typed_before_hydration(&id_prefix, &options, &initial);
            (Arc::new(initial), typed)
        };
        WidgetContext {
            screen: ScreenSignal::new(options.first_screen()),
            client: client.with_timeout(options.request_timeout_ms),
            values: initial.into_iter().map(FieldSignal::new).collect(),
            options,
            strings,
            id_prefix,
            #[cfg(target_arch = "wasm32")]
            events: send_wrapper::SendWrapper::new(on_event),
            #[cfg(not(target_arch = "wasm32"))]
            events: drop(on_event),
            #[cfg(feature = "hydrate")]
            served,
        }
    }

    /// Tells the host that `event` happened.
    pub fn emit(&self, event: WidgetEvent) {
        #[cfg(target_arch = "wasm32")]
        if let Some(handler) = &*self.events {
            handler.call(&event);
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = event;
    }

    pub fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.id_prefix)
    }
}

/// A field's value, held as a signal of its kind: a text, or a checkbox's
/// state. Signals of `String` and `bool` the widget has anyway; a signal of
/// [`FieldValue`] would carry a copy of the signal code of its own.
#[derive(Clone, Copy)]
pub(crate) enum FieldSignal {
    Text(RwSignal<String>),
    Checked(RwSignal<bool>),
}

impl FieldSignal {
    fn new(value: FieldValue) -> Self {
        match value {
            FieldValue::Text(text) => FieldSignal::Text(RwSignal::new(text)),
            FieldValue::Checked(checked) => FieldSignal::Checked(RwSignal::new(checked)),
        }
    }

    /// The value as its control holds it (tracked): the text, or "true"
    /// or "false" (see [`FieldValue::as_str`]).
    pub fn text(self) -> String {
        match self {
            FieldSignal::Text(text) => text.get(),
            FieldSignal::Checked(checked) => FieldValue::Checked(checked.get()).as_str().to_owned(),
        }
    }

    pub fn get_untracked(self) -> FieldValue {
        match self {
            FieldSignal::Text(text) => FieldValue::Text(text.get_untracked()),
            FieldSignal::Checked(checked) => FieldValue::Checked(checked.get_untracked()),
        }
    }

    /// Whether it is a ticked checkbox (tracked; a text is never ticked,
    /// and is not tracked for it).
    pub fn checked(self) -> bool {
        match self {
            FieldSignal::Text(_) => false,
            FieldSignal::Checked(checked) => checked.get(),
        }
    }

    /// Takes the value of the control an input or change event came from.
    pub fn set_from(self, event: &leptos::ev::Event) {
        match self {
            FieldSignal::Text(text) => text.set(event_target_value(event)),
            FieldSignal::Checked(checked) => checked.set(event_target_checked(event)),
        }
    }

    /// Tells whatever reads it to read it again.
    #[cfg(all(target_arch = "wasm32", feature = "hydrate"))]
    fn notify(self) {
        match self {
            FieldSignal::Text(text) => text.update(|_| {}),
            FieldSignal::Checked(checked) => checked.update(|_| {}),
        }
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

/// A prefix for the widget's element ids, unique on the page. A page that a
/// server renders and the browser hydrates takes it from the render's
/// shared context, whose sequence the server and the browser step through in
/// the same order (as Leptos's resources do): the ids the server writes are
/// the ids the client hydrates, and the same for every request. Rendered in
/// the browser alone, a counter is enough.
fn id_prefix() -> String {
    #[cfg(server_html)]
    if let Some(shared) = Owner::current_shared_context() {
        return format!("aw-r{}", shared.next_id().into_inner());
    }
    format!("aw{}", NEXT_WIDGET.fetch_add(1, Ordering::Relaxed))
}

/// An attribute value written only where the view's HTML comes from a
/// server: the initial value of a control (a client-side build sets the
/// property instead) or what keeps a form inert until it is hydrated.
/// Elsewhere the attribute is `()`, which writes nothing and costs no code.
#[cfg(server_html)]
pub(crate) fn server_only<T>(value: impl FnOnce() -> T) -> Option<T> {
    Some(value())
}

/// See the server-rendered variant.
#[cfg(not(server_html))]
pub(crate) fn server_only<T>(_: impl FnOnce() -> T) {}

/// A message that is often empty, in an element the CSS hides while it is
/// (`:empty`). A server writes an empty text as a space (a text node must be
/// there to be hydrated), which `:empty` does not match, and the empty
/// error lines and alert box would show; no text at all is a comment marker,
/// which `:empty` ignores.
#[cfg(server_html)]
pub(crate) fn message(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// See the server-rendered variant: in the browser an empty text node is
/// empty.
#[cfg(not(server_html))]
pub(crate) fn message(text: String) -> String {
    text
}

/// Why the widget shows its configuration message instead of a screen.
#[derive(Debug, thiserror::Error)]
enum SetupError {
    #[error(transparent)]
    Options(#[from] OptionsError),
    #[error(transparent)]
    Client(#[from] ConfigError),
}

/// The tenant's client, unless the options or the tenant are set up wrongly.
fn client(domain: &str, client_id: &str, options: &Options) -> Result<DbConnections, SetupError> {
    options.check()?;
    Ok(match &options.base_url {
        Some(base) => DbConnections::with_base_url(base, client_id),
        None => DbConnections::new(domain, client_id)?,
    })
}

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
    let id_prefix = id_prefix();
    let root_ref = NodeRef::<leptos::html::Section>::new();
    let content = match client(&domain, &client_id, &options) {
        Err(error) => {
            leptos::logging::error!("auth-widget: {error}");
            when_shown(root_ref, None);
            let message =
                view! { <p class="aw-alert" role="alert">{strings.err_config.clone()}</p> };
            Either::Left(message)
        }
        Ok(client) => {
            let context = WidgetContext::new(
                client,
                options,
                strings.clone(),
                id_prefix.clone(),
                on_event,
            );
            Either::Right(screens(context, root_ref))
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
            {style::server_style()}
            {content}
        </section>
    }
}

/// The logo, and the screen shown: a change of screen builds the other one
/// afresh.
fn screens(context: WidgetContext, root_ref: NodeRef<leptos::html::Section>) -> impl IntoView {
    // Checked here too: a Rust app sets options without the reader.
    let logo =
        (context.options.logo_url.as_deref()).and_then(|url| crate::options::safe_url(url, true));
    let screen = context.screen;
    view! {
        {logo.map(|src| view! { <img class="aw-logo" src=src alt="" /> })}
        {move || {
            let shown = screen.get();
            let ready = match shown {
                Screen::SignUp => WidgetEvent::SignupReady,
                Screen::ForgotPassword => WidgetEvent::ForgotPasswordReady,
            };
            when_shown(root_ref, Some((context.clone(), ready)));
            fresh::Fresh(screen::screen(&context, shown))
        }}
    }
}

/// Once the view being built is in the page: its styles go to the document
/// or shadow root it was mounted in, and the host hears `ready`. A task
/// runs after the synchronous mount or screen change that spawned it (an
/// `Effect` did this at 1.4 KB more wasm); a widget removed in between
/// hears nothing.
///
/// A hydrated widget has its `<style>` already; what changes there is that
/// the views that showed the served values during hydration (so as to
/// match the server's HTML) are told to catch up with what was typed.
///
/// On a server nothing is shown, so nothing happens.
fn when_shown(root: NodeRef<leptos::html::Section>, ready: Option<(WidgetContext, WidgetEvent)>) {
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async move {
        let Some(root) = root.try_get_untracked().flatten() else {
            return;
        };
        if !root.is_connected() {
            return;
        }
        #[cfg(not(server_html))]
        style::adopt_styles(&root.get_root_node());
        if let Some((widget, event)) = ready {
            #[cfg(feature = "hydrate")]
            for value in &widget.values {
                value.notify();
            }
            widget.emit(event);
        }
    });
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (root, ready);
}
