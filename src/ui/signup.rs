//! The sign-up screen.

use super::fields::{PasswordField, TextField};
use super::use_widget;
use crate::api::{ApiError, SignupRequest, SignupSuccess};
use crate::events::WidgetEvent;
use crate::i18n::{error_message, with_n};
use crate::options::Screen;
use auth_core::username::UsernameError;
use leptos::either::Either;
use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Checks an email field; the message to show if it is not acceptable.
pub(crate) fn email_problem(strings: &crate::i18n::Strings, email: &str) -> Option<String> {
    match auth_core::email::validate(email) {
        Ok(()) => None,
        Err(auth_core::email::EmailError::Empty) => Some(strings.email_required.to_owned()),
        Err(_) => Some(strings.email_invalid.to_owned()),
    }
}

#[component]
pub(crate) fn SignUp() -> impl IntoView {
    let widget = use_widget();
    let strings = widget.strings;
    let options = widget.options.clone();
    let policy = options.password_policy;
    let (email, username, password) = (widget.email, widget.username, widget.password);
    let email_error = RwSignal::new(None::<String>);
    let username_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let server_error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let success = RwSignal::new(None::<SignupSuccess>);
    let email_ref = NodeRef::<Input>::new();
    let username_ref = NodeRef::<Input>::new();
    let password_ref = NodeRef::<Input>::new();
    let client = StoredValue::new(widget.client.clone());
    let submit_options = StoredValue::new(options.clone());
    let events = widget.clone();
    Effect::new(move |_| events.emit(WidgetEvent::SignupReady));
    let events = widget.clone();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second click or Enter while a request is under way sends nothing.
        if pending.get_untracked() {
            return;
        }
        let options = submit_options.get_value();
        let email_value = email.get_untracked();
        let username_value = username.get_untracked();
        let password_value = password.get_untracked();
        email_error.set(email_problem(strings, &email_value));
        username_error.set(if options.requires_username {
            match auth_core::username::validate(
                username_value.trim(),
                options.username_min,
                options.username_max,
            ) {
                Ok(()) => None,
                Err(_) if username_value.trim().is_empty() => {
                    Some(strings.username_required.to_owned())
                }
                Err(UsernameError::TooShort(n)) => Some(with_n(strings.username_too_short, n)),
                Err(UsernameError::TooLong(n)) => Some(with_n(strings.username_too_long, n)),
                Err(UsernameError::InvalidCharacters) => Some(strings.username_invalid.to_owned()),
            }
        } else {
            None
        });
        password_error.set(if password_value.is_empty() {
            Some(strings.password_required.to_owned())
        } else if !policy.evaluate(&password_value).is_ok() {
            Some(strings.password_policy_unmet.to_owned())
        } else {
            None
        });
        let first_invalid = [
            (email_error.get_untracked().is_some(), email_ref),
            (username_error.get_untracked().is_some(), username_ref),
            (password_error.get_untracked().is_some(), password_ref),
        ]
        .into_iter()
        .find(|(invalid, _)| *invalid);
        if let Some((_, field)) = first_invalid {
            if let Some(input) = field.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        let request = SignupRequest {
            email: email_value,
            password: password_value,
            connection: options.connection.clone(),
            username: options
                .requires_username
                .then(|| username_value.trim().to_owned()),
            ..Default::default()
        };
        server_error.set(None);
        pending.set(true);
        events.emit(WidgetEvent::SignupSubmit);
        let client = client.get_value();
        let events = events.clone();
        spawn_local(async move {
            let result = client.signup(&request).await;
            pending.set(false);
            match result {
                Ok(created) => {
                    success.set(Some(created.clone()));
                    events.emit(WidgetEvent::SignupSuccess(created));
                }
                Err(error) => {
                    server_error.set(Some(error.clone()));
                    events.emit(WidgetEvent::SignupError(error));
                }
            }
        });
    };

    let title_id = widget.id("title");
    let allow_forgot = options.allow_forgot_password;
    let to_forgot = move |_| widget.screen.set(Screen::ForgotPassword);
    let form = view! {
        <form class="aw-form" novalidate on:submit=on_submit aria-busy=move || pending.get().to_string()>
            <div class="aw-alert" role="alert">
                {move || server_error.get().map(|error| error_message(strings, &error))}
            </div>
            <TextField
                id=widget.id("email")
                label=strings.email_label
                input_type="email"
                autocomplete="email"
                value=email
                error=email_error
                node_ref=email_ref
            />
            {options.requires_username.then(|| view! {
                <TextField
                    id=widget.id("username")
                    label=strings.username_label
                    input_type="text"
                    autocomplete="username"
                    value=username
                    error=username_error
                    node_ref=username_ref
                />
            })}
            <PasswordField policy=policy error=password_error node_ref=password_ref />
            <button type="submit" class="aw-submit" disabled=move || pending.get()>
                {move || if pending.get() { strings.sign_up_pending } else { strings.sign_up_submit }}
            </button>
        </form>
    };
    view! {
        <h2 class="aw-title" id=title_id>{strings.sign_up_title}</h2>
        {move || match success.get() {
            Some(_) => Either::Left(view! {
                <p class="aw-success" role="status">{strings.sign_up_success}</p>
            }),
            None => Either::Right(()),
        }}
        <div hidden=move || success.get().is_some()>{form}</div>
        {allow_forgot.then(|| view! {
            <p class="aw-links">
                <button type="button" class="aw-link" on:click=to_forgot>{strings.to_forgot}</button>
            </p>
        })}
    }
}
