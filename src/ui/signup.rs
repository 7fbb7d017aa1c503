//! The sign-up screen.

use super::fields::{ErrorAlert, PasswordField, ScreenLink, SubmitButton, TextField};
use super::{send, use_widget};
use crate::api::{ApiError, SignupRequest, SignupSuccess};
use crate::events::WidgetEvent;
use crate::i18n::{with_n, Dictionary};
use crate::options::{extra_payload, FieldKind, FieldProblem, Screen, SignUpField};
use auth_core::username::UsernameError;
use leptos::either::Either;
use leptos::html::Form;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Checks an email field; the message to show if it is not acceptable.
pub(crate) fn email_problem(strings: &Dictionary, email: &str) -> Option<String> {
    match auth_core::email::validate(email) {
        Ok(()) => None,
        Err(auth_core::email::EmailError::Empty) => Some(strings.email_required.to_string()),
        Err(_) => Some(strings.email_invalid.to_string()),
    }
}

fn username_problem(
    strings: &Dictionary,
    username: &str,
    min: usize,
    max: usize,
) -> Option<String> {
    match auth_core::username::validate(username.trim(), min, max) {
        Ok(()) => None,
        Err(_) if username.trim().is_empty() => Some(strings.username_required.to_string()),
        Err(UsernameError::TooShort(n)) => Some(with_n(&strings.username_too_short, n)),
        Err(UsernameError::TooLong(n)) => Some(with_n(&strings.username_too_long, n)),
        Err(UsernameError::InvalidCharacters) => Some(strings.username_invalid.to_string()),
    }
}

fn field_problem(strings: &Dictionary, field: &SignUpField, value: &str) -> Option<String> {
    match field.check(value) {
        Ok(()) => None,
        Err(FieldProblem::Required) => Some(strings.field_required.to_string()),
        Err(FieldProblem::Invalid(Some(hint))) => Some(hint),
        Err(FieldProblem::TooLong | FieldProblem::Invalid(None)) => {
            Some(strings.field_invalid.to_string())
        }
    }
}

/// A checkbox with its label and error line (terms, extra checkbox fields).
fn checkbox(
    id: String,
    label: String,
    checked: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="aw-field aw-check">
            <input
                id=id.clone()
                type="checkbox"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| {
                    checked.set(event_target_checked(&ev));
                    error.set(None);
                }
            />
            <label for=id>{label}</label>
            <p class="aw-field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// An extra sign-up field (`additionalSignUpFields`), bound to `value`.
fn extra_field(
    id: String,
    field: &SignUpField,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let label = field.label.clone();
    let aria_label = field.aria_label.clone();
    let error_id = format!("{id}-error");
    let invalid = move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    };
    let control = match &field.kind {
        FieldKind::Text | FieldKind::Hidden => Either::Left(view! {
            <input
                id=id.clone()
                type="text"
                aria-label=aria_label
                aria-invalid=invalid
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            />
        }),
        FieldKind::Select(choices) => {
            let choices = choices.clone();
            Either::Right(view! {
                <select
                    id=id.clone()
                    aria-label=aria_label
                    aria-invalid=invalid
                    aria-describedby=error_id.clone()
                    prop:value=move || value.get()
                    on:change=move |ev| {
                        value.set(event_target_value(&ev));
                        error.set(None);
                    }
                >
                    <option value="">""</option>
                    {choices
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = value.get_untracked() == v;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()}
                </select>
            })
        }
        FieldKind::Checkbox => {
            let checked = RwSignal::new(value.get_untracked() == "true");
            Effect::new(move |_| value.set(checked.get().to_string()));
            return Either::Left(checkbox(id, label, checked, error));
        }
    };
    Either::Right(view! {
        <div class="aw-field">
            <label for=id>{label}</label>
            {control}
            <p class="aw-field-error" id=error_id>{move || error.get()}</p>
        </div>
    })
}

#[component]
pub(crate) fn SignUp() -> impl IntoView {
    let widget = use_widget();
    let strings = widget.strings.clone();
    let checks = strings.clone();
    let options = widget.options.clone();
    let policy = options.password_policy;
    let (email, username, password, confirm, terms) = (
        widget.email,
        widget.username,
        widget.password,
        widget.confirm,
        widget.terms,
    );
    let email_error = RwSignal::new(None::<String>);
    let username_error = RwSignal::new(None::<String>);
    let password_error = RwSignal::new(None::<String>);
    let confirm_error = RwSignal::new(None::<String>);
    let terms_error = RwSignal::new(None::<String>);
    let extra_errors: Vec<RwSignal<Option<String>>> =
        widget.extra.iter().map(|_| RwSignal::new(None)).collect();
    let server_error = RwSignal::new(None::<ApiError>);
    let pending = RwSignal::new(false);
    let success = RwSignal::new(None::<SignupSuccess>);
    let form_ref = NodeRef::<Form>::new();
    let client = StoredValue::new(widget.client.clone());
    let submit_options = StoredValue::new(options.clone());
    let extra = StoredValue::new(widget.extra.clone());
    let submit_extra_errors = StoredValue::new(extra_errors.clone());
    let events = widget.clone();
    Effect::new(move |_| events.emit(WidgetEvent::SignupReady));
    let events = widget.clone();
    let ids = StoredValue::new((
        widget.id("email"),
        widget.id("username"),
        widget.id("password"),
        widget.id("confirm"),
        widget.id("terms"),
        widget.id("field"),
    ));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second click or Enter while a request is under way sends nothing.
        if pending.get_untracked() {
            return;
        }
        let options = submit_options.get_value();
        let extra_values: Vec<String> = extra
            .get_value()
            .iter()
            .map(|v| v.get_untracked())
            .collect();
        let (email_value, username_value, password_value) = (
            email.get_untracked(),
            username.get_untracked(),
            password.get_untracked(),
        );
        let (email_id, username_id, password_id, confirm_id, terms_id, field_id) = ids.get_value();
        // Every field is checked; the first one in page order that fails gets focus.
        let mut invalid: Vec<String> = Vec::new();
        let mut check = |error: RwSignal<Option<String>>, problem: Option<String>, id: String| {
            if problem.is_some() {
                invalid.push(id);
            }
            error.set(problem);
        };
        let strings = &*checks;
        check(email_error, email_problem(strings, &email_value), email_id);
        if options.requires_username {
            let problem = username_problem(
                strings,
                &username_value,
                options.username_min,
                options.username_max,
            );
            check(username_error, problem, username_id);
        }
        for (i, (field, value)) in options
            .additional_fields
            .iter()
            .zip(&extra_values)
            .enumerate()
        {
            if field.kind != FieldKind::Hidden {
                let error = submit_extra_errors.with_value(|errors| errors[i]);
                check(
                    error,
                    field_problem(strings, field, value),
                    format!("{field_id}-{i}"),
                );
            }
        }
        let password_problem = if password_value.is_empty() {
            Some(strings.password_required.to_string())
        } else if !policy.evaluate(&password_value).is_ok() {
            Some(strings.password_policy_unmet.to_string())
        } else {
            None
        };
        check(password_error, password_problem, password_id);
        if options.confirm_password {
            let problem = (confirm.get_untracked() != password_value)
                .then(|| strings.password_mismatch.to_string());
            check(confirm_error, problem, confirm_id);
        }
        if options.must_accept_terms {
            check(
                terms_error,
                (!terms.get_untracked()).then(|| strings.terms_required.to_string()),
                terms_id,
            );
        }
        if let Some(first) = invalid.first() {
            let target = form_ref
                .get_untracked()
                .and_then(|form| form.query_selector(&format!("#{first}")).ok().flatten());
            if let Some(element) = target.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = element.focus();
            }
            return;
        }
        let (root_fields, user_metadata) = extra_payload(&options.additional_fields, &extra_values);
        let request = SignupRequest {
            email: email_value,
            password: password_value,
            connection: options.connection.clone(),
            username: options
                .requires_username
                .then(|| username_value.trim().to_owned()),
            root_fields,
            user_metadata,
        };
        let client = client.get_value();
        send(
            &events,
            pending,
            server_error,
            WidgetEvent::SignupSubmit,
            async move { client.signup(&request).await },
            move |created: SignupSuccess| {
                success.set(Some(created.clone()));
                WidgetEvent::SignupSuccess(created)
            },
            WidgetEvent::SignupError,
        );
    };

    let title_id = widget.id("title");
    let allow_forgot = options.allow_forgot_password;
    let extra_views = options
        .additional_fields
        .iter()
        .enumerate()
        .filter(|(_, field)| field.kind != FieldKind::Hidden)
        .map(|(i, field)| {
            extra_field(
                widget.id(&format!("field-{i}")),
                field,
                widget.extra[i],
                extra_errors[i],
            )
        })
        .collect_view();
    let confirm_view = options.confirm_password.then(|| {
        view! {
            <TextField
                id=widget.id("confirm")
                label=strings.confirm_password_label.clone()
                input_type="password"
                autocomplete="new-password"
                value=confirm
                error=confirm_error
            />
        }
    });
    let terms_view = options.must_accept_terms.then(|| {
        checkbox(
            widget.id("terms"),
            strings.terms_label.to_string(),
            terms,
            terms_error,
        )
    });
    let form = view! {
        <form class="aw-form" novalidate node_ref=form_ref on:submit=on_submit aria-busy=move || pending.get().to_string()>
            <ErrorAlert error=server_error />
            <TextField
                id=widget.id("email")
                label=strings.email_label.clone()
                input_type="email"
                autocomplete="email"
                value=email
                error=email_error
            />
            {options.requires_username.then(|| view! {
                <TextField
                    id=widget.id("username")
                    label=strings.username_label.clone()
                    input_type="text"
                    autocomplete="username"
                    value=username
                    error=username_error
                />
            })}
            {extra_views}
            <PasswordField policy=policy error=password_error />
            {confirm_view}
            {terms_view}
            <SubmitButton pending=pending idle=strings.sign_up_submit.clone() busy=strings.sign_up_pending.clone() />
        </form>
    };
    view! {
        <h2 class="aw-title" id=title_id>{strings.sign_up_title.clone()}</h2>
        {let done = strings.sign_up_success.clone(); move || match success.get() {
            Some(_) => Either::Left(view! {
                <p class="aw-success" role="status">{done.clone()}</p>
            }),
            None => Either::Right(()),
        }}
        <div hidden=move || success.get().is_some()>{form}</div>
        {allow_forgot.then(|| view! { <ScreenLink to=Screen::ForgotPassword label=strings.to_forgot.clone() /> })}
    }
}
