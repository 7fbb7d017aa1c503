//! Labelled inputs with their error text, and the password field with its
//! show/hide button and live rule checklist.

use super::use_widget;
use crate::api::ApiError;
use crate::i18n::error_message;
use crate::i18n::{class_text, rule_text, Text};
use crate::options::Screen;
use auth_core::PasswordPolicy;
use leptos::html::Input;
use leptos::prelude::*;

/// A labelled text input bound to `value`, with an error line under it.
#[component]
pub(crate) fn TextField(
    /// The id of the input (the label points at it).
    #[prop(into)]
    id: String,
    /// The visible label.
    label: Text,
    /// `type`: email or text.
    input_type: &'static str,
    /// `autocomplete`: email, username.
    autocomplete: &'static str,
    /// The value, shared with the form.
    value: RwSignal<String>,
    /// The error to show under the field, if any.
    error: RwSignal<Option<String>>,
    /// Lets the form focus the field.
    #[prop(optional)]
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    view! {
        <div class="aw-field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=input_type
                autocomplete=autocomplete
                autocapitalize="off"
                spellcheck="false"
                required
                node_ref=node_ref
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    error.set(None);
                }
            />
            <p class="aw-field-error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// The new-password input, a show/hide button and the live checklist.
#[component]
pub(crate) fn PasswordField(
    /// The policy the checklist follows.
    policy: PasswordPolicy,
    /// The error to show under the field, if any.
    error: RwSignal<Option<String>>,
    /// Lets the form focus the field.
    #[prop(optional)]
    node_ref: NodeRef<Input>,
) -> impl IntoView {
    let widget = use_widget();
    let strings = widget.strings.clone();
    let password = widget.password;
    let id = widget.id("password");
    let rules_id = widget.id("password-rules");
    let error_id = widget.id("password-error");
    let shown = RwSignal::new(false);
    let report = Memo::new(move |_| policy.evaluate(&password.get()));
    let toggle = widget.options.allow_show_password.then(|| {
        let (s1, s2) = (strings.clone(), strings.clone());
        view! {
            <button
                type="button"
                class="aw-toggle"
                aria-controls=id.clone()
                aria-pressed=move || shown.get().to_string()
                aria-label=move || if shown.get() { s1.hide_password.clone() } else { s1.show_password.clone() }
                on:click=move |_| shown.update(|s| *s = !*s)
            >
                {move || if shown.get() { s2.hide.clone() } else { s2.show.clone() }}
            </button>
        }
    });
    let marks = strings.clone();
    let mark = move |met: bool| {
        view! {
            <span class="aw-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
            <span class="aw-sr">{if met { marks.rule_met.clone() } else { marks.rule_unmet.clone() }}</span>
        }
    };
    let checklist = strings.clone();
    view! {
        <div class="aw-field">
            <label for=id.clone()>{strings.password_label.clone()}</label>
            <div class="aw-password">
                <input
                    id=id.clone()
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    required
                    node_ref=node_ref
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=format!("{error_id} {rules_id}")
                    prop:value=move || password.get()
                    on:input=move |ev| {
                        password.set(event_target_value(&ev));
                        error.set(None);
                    }
                />
                {toggle}
            </div>
            <p class="aw-field-error" id=error_id.clone()>{move || error.get()}</p>
            <div class="aw-rules" id=rules_id.clone()>
                <p class="aw-rules-heading">{strings.rules_heading.clone()}</p>
                <ul>
                    {move || {
                        report
                            .get()
                            .checklist()
                            .map(|rule| {
                                let strings = &checklist;
                                let items = (!rule.items.is_empty()).then(|| {
                                    view! {
                                        <ul>
                                            {rule
                                                .items
                                                .iter()
                                                .map(|(class, has)| {
                                                    view! {
                                                        <li class="aw-rule" class:aw-met=*has>
                                                            {mark(*has)}
                                                            {class_text(strings, *class)}
                                                        </li>
                                                    }
                                                })
                                                .collect_view()}
                                        </ul>
                                    }
                                });
                                view! {
                                    <li class="aw-rule" class:aw-met=rule.verified data-rule=rule.code.code()>
                                        {mark(rule.verified)}
                                        {rule_text(strings, rule.code)}
                                        {items}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </div>
    }
}

/// The region where a failed request is announced (`role="alert"`); it is
/// always in the page so that screen readers notice when it fills.
#[component]
pub(crate) fn ErrorAlert(
    /// The failure to describe, if any.
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let strings = use_widget().strings;
    view! {
        <div class="aw-alert" role="alert">
            {move || error.get().map(|error| error_message(&strings, &error))}
        </div>
    }
}

/// The submit button: disabled and saying so while a request is pending.
#[component]
pub(crate) fn SubmitButton(
    /// True while a request is under way.
    pending: RwSignal<bool>,
    /// The label at rest.
    idle: Text,
    /// The label while pending.
    busy: Text,
) -> impl IntoView {
    view! {
        <button type="submit" class="aw-submit" disabled=move || pending.get()>
            {move || if pending.get() { busy.clone() } else { idle.clone() }}
        </button>
    }
}

/// A link-styled button to another screen.
#[component]
pub(crate) fn ScreenLink(
    /// The screen it opens.
    to: Screen,
    /// Its text.
    label: Text,
) -> impl IntoView {
    let screen = use_widget().screen;
    view! {
        <p class="aw-links">
            <button type="button" class="aw-link" on:click=move |_| screen.set(to)>{label}</button>
        </p>
    }
}
