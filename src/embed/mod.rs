//! The JavaScript API: a Lock-shaped class, `new AuthWidget(clientID,
//! domain, options)` with `show`, `hide`, `on`, `off` and `destroy`. It is a
//! thin layer over the [`crate::AuthWidget`] component: it parses options,
//! mounts the component inline or in a modal `<dialog>`, and forwards events
//! to JS handlers. The `<auth-widget>` custom element (src/embed/js/element.js)
//! is a thinner layer still, over this class.

pub mod options;

use crate::api::{ApiError, Description};
use crate::events::{EventHandler, WidgetEvent, EVENT_NAMES};
use crate::i18n;
use crate::options::lock::ThemeMode;
use crate::ui::AuthWidget as Widget;
use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

struct Shown {
    /// Dropping it unmounts the component.
    _unmount: Box<dyn std::any::Any>,
    /// The element the component lives in (removed on hide, with its modal).
    host: web_sys::HtmlElement,
    /// Called by the modal's Escape and close button.
    _on_close: Closure<dyn FnMut()>,
}

/// The embedding shell: the host element, inline or in a modal `<dialog>`
/// with its close button. Plain DOM plumbing, a few lines of JS: as wasm
/// imports (one per DOM method) it cost more bytes than it does here.
mod shell {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
const dialogs = new WeakMap();
export function open(container, closable, closeLabel, mode, color, onClose) {
  const host = document.createElement("div");
  host.className = "aw-host";
  if (mode) host.setAttribute("data-theme", mode);
  // CSSOM, not a style attribute: allowed under a strict CSP.
  if (color) host.style.setProperty("--aw-primary", color);
  if (container) {
    container.append(host);
    return host;
  }
  const dialog = document.createElement("dialog");
  dialog.className = "aw-dialog";
  dialog.append(host);
  // Escape fires "cancel": close through hide(), or refuse.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (closable) onClose();
  });
  if (closable) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "aw-close";
    close.setAttribute("aria-label", closeLabel);
    close.textContent = "\u00d7";
    close.addEventListener("click", () => onClose());
    host.append(close);
  }
  document.body.append(dialog);
  dialogs.set(host, dialog);
  return host;
}
export function show(host, autofocus) {
  const dialog = dialogs.get(host);
  // Named by the screen's title (one id for both screens), as a screen
  // reader announces it on opening.
  const title = host.querySelector("h2");
  if (dialog && title) dialog.setAttribute("aria-labelledby", title.id);
  dialog?.showModal();
  if (autofocus || dialog) host.querySelector("input")?.focus();
}
export function getText(url) {
  return fetch(url).then((response) =>
    response.ok ? response.text() : Promise.reject(response.status),
  );
}
export function close(host) {
  const dialog = dialogs.get(host);
  if (dialog) {
    dialog.close();
    dialog.remove();
  } else {
    host.remove();
  }
}
"#)]
    extern "C" {
        /// Makes the host element: appended to `container`, or inside a new
        /// modal `<dialog>` (not yet open) on the page.
        pub fn open(
            container: Option<&JsValue>,
            closable: bool,
            close_label: &str,
            mode: Option<&str>,
            color: Option<&str>,
            on_close: &Closure<dyn FnMut()>,
        ) -> web_sys::HtmlElement;
        /// Opens the modal, if any, and focuses the first input when asked
        /// (always in a modal).
        pub fn show(host: &web_sys::HtmlElement, autofocus: bool);
        /// Removes the host, with its modal.
        pub fn close(host: &web_sys::HtmlElement);
        #[wasm_bindgen(js_name = getText)]
        fn get_text_promise(url: &str) -> js_sys::Promise;

    }

    /// GETs `url` as text (the bundle's own files, a client configuration);
    /// when it cannot, the HTTP status it was refused with, or `None` when
    /// nothing answered (fetch's TypeError: offline, CORS, CSP).
    pub async fn get_text(url: &str) -> Result<String, Option<u16>> {
        match wasm_bindgen_futures::JsFuture::from(get_text_promise(url)).await {
            Ok(text) => Ok(text.as_string().unwrap_or_default()),
            Err(reason) => Err(reason.as_f64().map(|status| status as u16)),
        }
    }
}

/// Where an instance is in its life. Each call moves it along one edge:
/// `show()` Idle → Loading (a language or client configuration to fetch
/// first) or Idle → Shown; the load ending Loading → Shown; `hide()` Loading
/// or Shown → Idle; `destroy()` anything → Destroyed, for good.
enum Lifecycle {
    Idle,
    /// A load for the `show()` numbered so is under way. A load whose number
    /// is no longer the one here (hidden, shown again, destroyed) is dropped.
    Loading(u32),
    Shown(Shown),
    Destroyed,
}

struct State {
    client_id: String,
    domain: String,
    parsed: options::Parsed,
    handlers: Vec<(String, Function)>,
    lifecycle: Lifecycle,
    /// Numbers the loads, so that a late one is recognised.
    loads: u32,
}

impl State {
    /// True (and one console warning) when the instance is destroyed:
    /// every call on it is then a no-op.
    fn destroyed(&self, call: &str) -> bool {
        let destroyed = matches!(self.lifecycle, Lifecycle::Destroyed);
        if destroyed {
            web_sys::console::warn_1(
                &format!("auth-widget: {call}() after destroy() does nothing").into(),
            );
        }
        destroyed
    }
}

thread_local! {
    /// Each language file's URL by code, `{fr: "https://…/i18n/fr.txt"}`:
    /// set by auth-widget.js, which names every file as
    /// `new URL("./i18n/fr.txt", import.meta.url)` so that bundlers see
    /// them, emit them and give their new URLs.
    static LANGUAGE_FILES: RefCell<JsValue> = RefCell::new(JsValue::UNDEFINED);
}

/// `new AuthWidget(clientID, domain, options)`: the widget for plain pages.
#[wasm_bindgen(js_name = AuthWidget)]
pub struct JsAuthWidget {
    state: Rc<RefCell<State>>,
}

fn console_error(message: &str) {
    web_sys::console::error_1(&format!("auth-widget: {message}").into());
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &key.into(), value);
}

/// The JS payload of an event (undefined when it has none).
fn payload(event: &WidgetEvent) -> JsValue {
    match event {
        WidgetEvent::SignupSuccess(created) => {
            let object = Object::new();
            set(&object, "_id", &created.id.as_str().into());
            set(&object, "email", &created.email.as_str().into());
            set(&object, "email_verified", &created.email_verified.into());
            if let Some(username) = &created.username {
                set(&object, "username", &username.as_str().into());
            }
            object.into()
        }
        WidgetEvent::SignupError(error) | WidgetEvent::ForgotPasswordError(error) => {
            error_object(error).into()
        }
        _ => JsValue::UNDEFINED,
    }
}

/// A normalised error for JS: `{code, name, description, statusCode, rules}`.
fn error_object(error: &ApiError) -> Object {
    let object = Object::new();
    let (code, status) = match error {
        ApiError::Server(e) => (e.code.clone(), e.status),
        ApiError::UnexpectedResponse { status } => ("unexpected_response".into(), *status),
        ApiError::Network => ("network_error".into(), 0),
        ApiError::Timeout(_) => ("timeout".into(), 0),
    };
    set(&object, "code", &code.into());
    set(&object, "statusCode", &status.into());
    set(&object, "message", &error.to_string().into());
    if let ApiError::Server(e) = error {
        if let Some(name) = &e.name {
            set(&object, "name", &name.as_str().into());
        }
        match &e.description {
            Description::Text(text) => set(&object, "description", &text.as_str().into()),
            Description::Rules(rules) => {
                let list = js_sys::Array::new();
                for rule in rules {
                    let item = Object::new();
                    set(&item, "code", &rule.code.as_str().into());
                    set(&item, "message", &rule.message.as_str().into());
                    set(&item, "verified", &rule.verified.into());
                    list.push(&item);
                }
                set(&object, "rules", &list);
            }
            Description::None => {}
        }
    }
    object
}

fn emit(state: &Rc<RefCell<State>>, event: WidgetEvent) {
    // Handlers are cloned out first: one may call hide() or on().
    let handlers: Vec<Function> = state
        .borrow()
        .handlers
        .iter()
        .filter(|(n, _)| n == event.name())
        .map(|(_, f)| f.clone())
        .collect();
    let data = payload(&event);
    for handler in handlers {
        if let Err(error) = handler.call1(&JsValue::NULL, &data) {
            web_sys::console::error_2(
                &format!("auth-widget: a \"{}\" handler threw", event.name()).into(),
                &error,
            );
        }
    }
}

#[wasm_bindgen(js_class = AuthWidget)]
impl JsAuthWidget {
    /// Like `new Auth0Lock(clientID, domain, options)`.
    #[wasm_bindgen(constructor)]
    pub fn new(client_id: String, domain: String, options: JsValue) -> JsAuthWidget {
        let parsed = options::parse(&options);
        for problem in &parsed.problems {
            console_error(problem);
        }
        JsAuthWidget {
            state: Rc::new(RefCell::new(State {
                client_id,
                domain,
                parsed,
                handlers: Vec::new(),
                lifecycle: Lifecycle::Idle,
                loads: 0,
            })),
        }
    }

    /// `AuthWidget.version`: the package's version (Cargo.toml's, which the
    /// npm package shares).
    #[wasm_bindgen(getter)]
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").into()
    }

    /// Every event name `on()` takes (the custom element dispatches each,
    /// dashed): the one list, kept in Rust.
    #[wasm_bindgen(js_name = eventNames)]
    pub fn event_names() -> Vec<JsValue> {
        EVENT_NAMES
            .iter()
            .map(|name| JsValue::from_str(name))
            .collect()
    }

    /// Where each language file is served from, `{fr: url, …}`; the entry
    /// module sets them relative to its own URL. A language not in `files`
    /// is loaded from `i18n/{code}.json` relative to the page.
    #[wasm_bindgen(js_name = setLanguageFiles)]
    pub fn set_language_files(files: Object) {
        LANGUAGE_FILES.with(|current| *current.borrow_mut() = files.into());
    }

    /// Renders the widget: inline in `options.container`, else as a modal.
    /// With a `language` or a `configurationBaseUrl`, those are loaded
    /// first; `hide()` or `destroy()` meanwhile cancels the mount. Showing a
    /// widget that is shown or loading does nothing.
    pub fn show(&self) {
        let Some(show) = self.start_show() else {
            return;
        };
        if show.language.is_none() && show.config_url.is_none() {
            self.mount(i18n::with_overrides(
                i18n::EN.to_dictionary(),
                &show.overrides,
            ));
            return;
        }
        self.state.borrow_mut().lifecycle = Lifecycle::Loading(show.load);
        let this = JsAuthWidget {
            state: self.state.clone(),
        };
        // Not leptos::task::spawn_local: no Leptos executor runs before the first mount.
        wasm_bindgen_futures::spawn_local(this.load_then_mount(show));
    }
}

/// What a `show()` loads before it mounts, and its load's number.
struct Show {
    load: u32,
    /// The client configuration's URL (`configurationBaseUrl`).
    config_url: Option<String>,
    language: Option<String>,
    /// `languageDictionary`.
    overrides: Vec<(String, String)>,
}

impl JsAuthWidget {
    /// The loads a `show()` needs, numbered; `None` when it does nothing
    /// (destroyed, shown or loading).
    fn start_show(&self) -> Option<Show> {
        let mut state = self.state.borrow_mut();
        if state.destroyed("show") || !matches!(state.lifecycle, Lifecycle::Idle) {
            return None;
        }
        let embed = &state.parsed.embed;
        let config_url = embed.configuration_base_url.as_ref().map(|base| {
            format!(
                "{}/client/{}.js",
                base.trim_end_matches('/'),
                state.client_id
            )
        });
        let (language, overrides) = (embed.language.clone(), embed.dictionary.clone());
        state.loads = state.loads.wrapping_add(1);
        Some(Show {
            load: state.loads,
            config_url,
            language,
            overrides,
        })
    }

    /// Loading → Idle → Shown: the client configuration, then the language
    /// file, then the mount. Whatever ends the load meanwhile (`hide()`,
    /// `destroy()`, another `show()`) drops it at the next step.
    async fn load_then_mount(self, show: Show) {
        let wanted = |this: &JsAuthWidget| matches!(this.state.borrow().lifecycle, Lifecycle::Loading(n) if n == show.load);
        if let Some(url) = &show.config_url {
            let script = shell::get_text(url).await;
            if !wanted(&self) {
                return;
            }
            self.apply_client_config(url, script);
        }
        let mut strings = i18n::EN.to_dictionary();
        if let Some(language) = &show.language {
            let url = language_url(language);
            let loaded = shell::get_text(&url).await;
            if !wanted(&self) {
                return;
            }
            // Once, naming the file and why (i18n::LoadError); the form
            // is then shown in English.
            match i18n::read_language_file(
                strings.clone(),
                loaded.as_deref().map_err(|&status| status),
            ) {
                Ok(loaded) => strings = loaded,
                Err(why) => console_error(&format!(
                    "could not load the language file {url}: {why}; showing English"
                )),
            }
        }
        if wanted(&self) {
            self.state.borrow_mut().lifecycle = Lifecycle::Idle;
            self.mount(i18n::with_overrides(strings, &show.overrides));
        }
    }

    /// The client configuration fetched from `url` (its text, or the HTTP
    /// status it was refused with), over the options; else one console
    /// error saying why not.
    fn apply_client_config(&self, url: &str, script: Result<String, Option<u16>>) {
        let mut state = self.state.borrow_mut();
        let client_id = state.client_id.clone();
        let applied = match script {
            Ok(script) => {
                crate::options::apply_client_config(&mut state.parsed.options, &client_id, &script)
            }
            Err(status) => Err(i18n::LoadError::fetch(status).into()),
        };
        drop(state);
        if let Err(problem) = applied {
            console_error(&format!(
                "could not use the client configuration {url}: {problem}"
            ));
        }
    }
}

/// Where the file of `language` is: where the entry module said (see
/// `setLanguageFiles`), else `i18n/{language}.json` relative to the page.
fn language_url(language: &str) -> String {
    LANGUAGE_FILES
        .with(|files| Reflect::get(&files.borrow(), &JsValue::from_str(language)).ok())
        .and_then(|url| url.as_string())
        .unwrap_or_else(|| format!("i18n/{language}.json"))
}

impl JsAuthWidget {
    /// Idle → Shown.
    fn mount(&self, strings: i18n::Dictionary) {
        if !matches!(self.state.borrow().lifecycle, Lifecycle::Idle) {
            return;
        }
        let state = self.state.clone();
        // Escape or the close button: close through hide() (only offered,
        // and only honoured, when the modal is closable).
        let on_close = Closure::<dyn FnMut()>::new(move || {
            JsAuthWidget {
                state: state.clone(),
            }
            .hide()
        });
        let (host, autofocus, client_id, domain, options) = {
            let state = self.state.borrow();
            let embed = &state.parsed.embed;
            let host = shell::open(
                embed.container.as_ref().map(JsCast::unchecked_ref),
                embed.closable,
                &strings.close,
                embed.theme_mode.map(ThemeMode::as_str),
                embed.primary_color.as_deref(),
                &on_close,
            );
            (
                host,
                embed.autofocus,
                state.client_id.clone(),
                state.domain.clone(),
                state.parsed.options.clone(),
            )
        };
        let state = self.state.clone();
        let handler = EventHandler::new(move |event| emit(&state, event.clone()));
        let strings = std::sync::Arc::new(strings);
        let unmount = leptos::mount::mount_to(host.clone(), move || {
            view! { <Widget domain=domain client_id=client_id options=options on_event=handler strings=strings /> }
        });
        shell::show(&host, autofocus);
        self.state.borrow_mut().lifecycle = Lifecycle::Shown(Shown {
            _unmount: Box::new(unmount),
            host,
            _on_close: on_close,
        });
        emit(&self.state, WidgetEvent::Show);
    }
}

#[wasm_bindgen(js_class = AuthWidget)]
impl JsAuthWidget {
    /// Removes the widget from the page (it can be shown again), or cancels
    /// the mount of a `show()` that is still loading.
    pub fn hide(&self) {
        if self.state.borrow().destroyed("hide") {
            return;
        }
        self.unmount();
    }

    /// Calls `handler(payload)` on `event` (Lock's names, e.g. "signup success").
    pub fn on(&self, event: String, handler: Function) {
        if self.state.borrow().destroyed("on") {
            return;
        }
        if !EVENT_NAMES.contains(&event.as_str()) {
            console_error(&format!(
                "unknown event \"{event}\"; known events: {}",
                EVENT_NAMES.join(", ")
            ));
            return;
        }
        self.state.borrow_mut().handlers.push((event, handler));
    }

    /// Stops calling `handler` on `event`.
    pub fn off(&self, event: String, handler: Function) {
        if self.state.borrow().destroyed("off") {
            return;
        }
        self.state
            .borrow_mut()
            .handlers
            .retain(|(n, f)| !(n == &event && f == &handler));
    }

    /// Hides the widget, cancels a pending load and forgets every handler,
    /// for good: any later call is a no-op (with a console warning).
    pub fn destroy(&self) {
        if self.state.borrow().destroyed("destroy") {
            return;
        }
        self.unmount();
        let mut state = self.state.borrow_mut();
        state.lifecycle = Lifecycle::Destroyed;
        state.handlers.clear();
    }
}

impl JsAuthWidget {
    /// Loading or Shown → Idle; "hide" is emitted only for what was shown.
    fn unmount(&self) {
        let previous = std::mem::replace(&mut self.state.borrow_mut().lifecycle, Lifecycle::Idle);
        let Lifecycle::Shown(shown) = previous else {
            return;
        };
        shell::close(&shown.host);
        drop(shown);
        emit(&self.state, WidgetEvent::Hide);
    }
}
