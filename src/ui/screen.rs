//! One screen component for both screens, with one submit path: every
//! field is checked by [`screens::problem`], the first problem gets focus, and
//! a valid form becomes one [`Request`] sent by one call. The
//! forgot-password screen lists only the email field, and its request type
//! has no password field: none can be sent.

use super::field::field;
use super::WidgetContext;
use crate::api::Request;
use crate::events::WidgetEvent;
use crate::i18n::{Dictionary, Text};
use crate::options::Screen;
use crate::screens::{self, Key};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where a screen's request is: under way, ended in an alert (empty: none),
/// or done.
#[derive(Clone, Copy)]
struct Progress {
    pending: RwSignal<bool>,
    alert: RwSignal<String>,
    done: RwSignal<bool>,
}

/// The words of a screen that differ between the two.
struct Words {
    title: Text,
    intro: Option<Text>,
    submit: Text,
    pending: Text,
    success: Text,
}

impl Words {
    fn of(strings: &Dictionary, screen: Screen) -> Self {
        match screen {
            Screen::SignUp => Words {
                title: strings.sign_up_title.clone(),
                intro: None,
                submit: strings.sign_up_submit.clone(),
                pending: strings.sign_up_pending.clone(),
                success: strings.sign_up_success.clone(),
            },
            Screen::ForgotPassword => Words {
                title: strings.forgot_title.clone(),
                intro: Some(strings.forgot_intro.clone()),
                submit: strings.forgot_submit.clone(),
                pending: strings.forgot_pending.clone(),
                success: strings.forgot_success.clone(),
            },
        }
    }
}

/// The sign-up or the forgot-password screen.
pub(crate) fn screen(widget: &WidgetContext, screen: Screen) -> impl IntoView {
    let widget = widget.clone();
    let keys = screens::fields(screen, &widget.options);
    // What is wrong with each field; empty: nothing.
    let errors: Vec<RwSignal<String>> = keys.iter().map(|_| RwSignal::new(String::new())).collect();
    let progress = Progress {
        pending: RwSignal::new(false),
        alert: RwSignal::new(String::new()),
        done: RwSignal::new(false),
    };
    let fields = keys
        .iter()
        .zip(&errors)
        .map(|(key, error)| field(&widget, *key, *error))
        .collect_view();
    let on_submit = {
        let widget = widget.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            // A second click or Enter while a request is under way sends nothing.
            if !progress.pending.get_untracked() {
                submit(&widget, screen, &keys, &errors, &ev, progress);
            }
        }
    };
    let words = Words::of(&widget.strings, screen);
    let (success, idle, busy) = (words.success, words.submit, words.pending);
    view! {
        <h2 class="aw-title" id=widget.id("title")>{words.title}</h2>
        // A live region from the start (so that it is announced when it
        // fills), styled as the success message once there is one.
        <p class="aw-status" role="status">
            // An element that is always there, classed and filled once the
            // request succeeded: no view built later, and no code for it.
            <span class:aw-success=move || progress.done.get()>
                {move || if progress.done.get() { success.clone() } else { Text::from("") }}
            </span>
        </p>
        // Served HTML is a form before its code arrives: `method="dialog"`
        // outside a dialog makes submitting it do nothing (no request, no
        // page load that would drop what was typed) until it is hydrated.
        <form
            class="aw-form"
            method=super::server_only(|| "dialog")
            novalidate
            on:submit=on_submit
            hidden=move || progress.done.get()
            aria-busy=move || if progress.pending.get() { "true" } else { "false" }
        >
            {words.intro.map(|text| view! { <p class="aw-intro">{text}</p> })}
            // Always in the page, so that screen readers notice when it fills.
            <div class="aw-alert" role="alert">{move || super::message(progress.alert.get())}</div>
            {fields}
            <button type="submit" class="aw-submit" disabled=move || progress.pending.get()>
                {move || if progress.pending.get() { busy.clone() } else { idle.clone() }}
            </button>
        </form>
        {other_screen(&widget, screen)}
    }
}

/// The link to the other screen, when that one is allowed.
fn other_screen(widget: &WidgetContext, screen: Screen) -> Option<impl IntoView> {
    let strings = &widget.strings;
    let (to, label) = match screen {
        Screen::SignUp => widget
            .options
            .allow_forgot_password
            .then(|| (Screen::ForgotPassword, strings.to_forgot.clone()))?,
        Screen::ForgotPassword => widget
            .options
            .allow_sign_up
            .then(|| (Screen::SignUp, strings.to_sign_up.clone()))?,
    };
    let current = widget.screen;
    Some(view! {
        <p class="aw-links">
            <button type="button" class="aw-link" on:click=move |_| current.set(to)>{label}</button>
        </p>
    })
}

/// A submit: every field is checked, and the first one in page order that
/// fails gets focus; a valid form's request is sent.
fn submit(
    widget: &WidgetContext,
    screen: Screen,
    keys: &[Key],
    errors: &[RwSignal<String>],
    ev: &leptos::ev::SubmitEvent,
    progress: Progress,
) {
    let values: Vec<_> = widget.values.iter().map(|v| v.get_untracked()).collect();
    let mut first = None;
    for (key, error) in keys.iter().zip(errors) {
        let problem = screens::problem(*key, &values, &widget.options, &widget.strings);
        if problem.is_some() && first.is_none() {
            first = Some(widget.id(&key.id()));
        }
        error.set(problem.unwrap_or_default());
    }
    match first {
        // Looked up in the form (the event's target), not the document:
        // the widget may live in a shadow root.
        Some(id) => {
            let form: web_sys::Element = event_target(ev);
            if let Ok(Some(element)) = form.query_selector(&format!("#{id}")) {
                let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
        None => send(
            widget,
            screens::request(screen, &values, &widget.options),
            progress,
        ),
    }
}

/// Sends a screen's request: marks it pending, tells the host it was
/// submitted, then records the outcome and tells the host how it ended.
/// What the person typed is left alone either way.
fn send(widget: &WidgetContext, request: Request, progress: Progress) {
    let Progress {
        pending,
        alert,
        done,
    } = progress;
    let signup = matches!(request, Request::Signup(_));
    alert.set(String::new());
    pending.set(true);
    widget.emit(if signup {
        WidgetEvent::SignupSubmit
    } else {
        WidgetEvent::ForgotPasswordSubmit
    });
    let widget = widget.clone();
    // Requests go from the browser; a server never submits the form.
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (widget, request, done);
    #[cfg(target_arch = "wasm32")]
    leptos::task::spawn_local(async move {
        let result = widget.client.send(&request).await;
        pending.set(false);
        match result {
            Ok(created) => {
                done.set(true);
                widget.emit(match created {
                    Some(user) => WidgetEvent::SignupSuccess(user),
                    None => WidgetEvent::ForgotPasswordSuccess,
                });
            }
            Err(error) => {
                alert.set(crate::i18n::error_message(&widget.strings, &error));
                widget.emit(if signup {
                    WidgetEvent::SignupError(error)
                } else {
                    WidgetEvent::ForgotPasswordError(error)
                });
            }
        }
    });
}
