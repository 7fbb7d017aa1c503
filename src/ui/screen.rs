//! One screen component for both screens, with one submit path: every
//! field is checked by [`form::problem`], the first problem gets focus, and
//! a valid form becomes one [`form::Request`] sent by one call. The
//! forgot-password screen lists only the email field, and its request type
//! has no password field: none can be sent.

use super::field::field;
use super::WidgetContext;
use crate::events::WidgetEvent;
use crate::form::{self, Request};
use crate::i18n::Text;
use crate::options::Screen;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The sign-up or the forgot-password screen.
pub(crate) fn screen(widget: &WidgetContext, screen: Screen) -> impl IntoView {
    let widget = widget.clone();
    let signup = screen == Screen::SignUp;
    let strings = widget.strings.clone();
    let keys = form::fields(screen, &widget.options);
    // What is wrong with each field, and with the request; empty: nothing.
    let errors: Vec<RwSignal<String>> = keys.iter().map(|_| RwSignal::new(String::new())).collect();
    let alert = RwSignal::new(String::new());
    let pending = RwSignal::new(false);
    let done = RwSignal::new(false);
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
            if pending.get_untracked() {
                return;
            }
            let values: Vec<String> = widget.values.iter().map(|v| v.get_untracked()).collect();
            // Every field is checked; the first one in page order that fails gets focus.
            let mut first = None;
            for (key, error) in keys.iter().zip(&errors) {
                let problem = form::problem(*key, &values, &widget.options, &widget.strings);
                if problem.is_some() && first.is_none() {
                    first = Some(widget.id(&key.id()));
                }
                error.set(problem.unwrap_or_default());
            }
            if let Some(id) = first {
                // Looked up in the form (the event's target), not the
                // document: the widget may live in a shadow root.
                let form: web_sys::Element = event_target(&ev);
                if let Ok(Some(element)) = form.query_selector(&format!("#{id}")) {
                    let _ = element.unchecked_into::<web_sys::HtmlElement>().focus();
                }
                return;
            }
            send(
                &widget,
                form::request(screen, &values, &widget.options),
                pending,
                alert,
                done,
            );
        }
    };

    let (title, intro, idle, busy, success) = if signup {
        (
            &strings.sign_up_title,
            None,
            &strings.sign_up_submit,
            &strings.sign_up_pending,
            &strings.sign_up_success,
        )
    } else {
        (
            &strings.forgot_title,
            Some(strings.forgot_intro.clone()),
            &strings.forgot_submit,
            &strings.forgot_pending,
            &strings.forgot_success,
        )
    };
    let (idle, busy, success) = (idle.clone(), busy.clone(), success.clone());
    let link = if signup {
        widget
            .options
            .allow_forgot_password
            .then(|| (Screen::ForgotPassword, strings.to_forgot.clone()))
    } else {
        widget
            .options
            .allow_sign_up
            .then(|| (Screen::SignUp, strings.to_sign_up.clone()))
    };
    let current = widget.screen;
    view! {
        <h2 class="aw-title" id=widget.id("title")>{title.clone()}</h2>
        // A live region from the start (so that it is announced when it
        // fills), styled as the success message once there is one.
        <p class="aw-status" role="status">
            // An element that is always there, classed and filled once the
            // request succeeded: no view built later, and no code for it.
            <span class:aw-success=move || done.get()>
                {move || if done.get() { success.clone() } else { Text::from("") }}
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
            hidden=move || done.get()
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            {intro.map(|text| view! { <p class="aw-intro">{text}</p> })}
            // Always in the page, so that screen readers notice when it fills.
            <div class="aw-alert" role="alert">{move || super::message(alert.get())}</div>
            {fields}
            <button type="submit" class="aw-submit" disabled=move || pending.get()>
                {move || if pending.get() { busy.clone() } else { idle.clone() }}
            </button>
        </form>
        {link.map(|(to, label)| view! {
            <p class="aw-links">
                <button type="button" class="aw-link" on:click=move |_| current.set(to)>{label}</button>
            </p>
        })}
    }
}

/// Sends a screen's request: marks it pending, tells the host it was
/// submitted, then records the outcome and tells the host how it ended.
/// What the person typed is left alone either way.
fn send(
    widget: &WidgetContext,
    request: Request,
    pending: RwSignal<bool>,
    alert: RwSignal<String>,
    done: RwSignal<bool>,
) {
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
