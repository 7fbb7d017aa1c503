//! The forgot-password screen: an email, nothing else. The request type has
//! no password field, so none can be sent.

use super::fields::{ErrorAlert, ScreenLink, SubmitButton, TextField};
use super::signup::email_problem;
use super::{send, use_widget};
use crate::api::{ApiError, ChangePasswordRequest};
use crate::events::WidgetEvent;
use crate::options::Screen;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub(crate) fn ForgotPassword() -> impl IntoView {
    let widget = use_widget();
    let strings = widget.strings.clone();
    let email = widget.email;
    let email_error = RwSignal::new(None::<String>);
    let server_error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let email_ref = NodeRef::<Input>::new();
    let client = StoredValue::new(widget.client.clone());
    let connection = StoredValue::new(widget.options.connection.clone());
    let events = widget.clone();
    Effect::new(move |_| events.emit(WidgetEvent::ForgotPasswordReady));
    let events = widget.clone();

    let checks = strings.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let email_value = email.get_untracked();
        email_error.set(email_problem(&checks, &email_value));
        if email_error.get_untracked().is_some() {
            if let Some(input) = email_ref.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        let request = ChangePasswordRequest {
            email: email_value,
            connection: connection.get_value(),
        };
        let client = client.get_value();
        send(
            &events,
            pending,
            server_error,
            WidgetEvent::ForgotPasswordSubmit,
            async move { client.change_password(&request).await },
            move |()| {
                sent.set(true);
                WidgetEvent::ForgotPasswordSuccess
            },
            WidgetEvent::ForgotPasswordError,
        );
    };

    let allow_sign_up = widget.options.allow_sign_up;
    view! {
        <h2 class="aw-title" id=widget.id("title")>{strings.forgot_title.clone()}</h2>
        <p class="aw-success" role="status">{let done = strings.forgot_success.clone(); move || sent.get().then(|| done.clone())}</p>
        <form class="aw-form" novalidate on:submit=on_submit hidden=move || sent.get()
            aria-busy=move || pending.get().to_string()>
            <p class="aw-intro">{strings.forgot_intro.clone()}</p>
            <ErrorAlert error=server_error />
            <TextField
                id=widget.id("email")
                label=strings.email_label.clone()
                input_type="email"
                autocomplete="email"
                value=email
                error=email_error
                node_ref=email_ref
            />
            <SubmitButton pending=pending idle=strings.forgot_submit.clone() busy=strings.forgot_pending.clone() />
        </form>
        {allow_sign_up.then(|| view! { <ScreenLink to=Screen::SignUp label=strings.to_sign_up.clone() /> })}
    }
}
