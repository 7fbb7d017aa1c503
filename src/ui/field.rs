//! One field component for every field of both screens: a label, a control
//! (an input, a checkbox or a select) and an error line; the new password
//! also gets a show/hide button and the live rule checklist. What differs
//! between fields is data ([`screens::presentation`]), not view code.

use super::{FieldSignal, WidgetContext};
use crate::i18n::{class_text, rule_text, Dictionary};
use crate::screens::{self, Control, Key, Presentation};
use auth_core::policy::Rule;
use auth_core::PasswordPolicy;
use leptos::either::Either;
use leptos::prelude::*;
use std::sync::Arc;

/// The value the server wrote into a control (see the checklist).
#[cfg(feature = "hydrate")]
type ServedValue = String;
#[cfg(not(feature = "hydrate"))]
type ServedValue = ();

/// The field for `key`, bound to the widget's value for it; `error` is
/// what the screen found wrong with it (empty: nothing).
pub(crate) fn field(widget: &WidgetContext, key: Key, error: RwSignal<String>) -> impl IntoView {
    let shown = screens::presentation(key, &widget.options, &widget.strings);
    let id = widget.id(&key.id());
    let error_id = format!("{id}-error");
    let rules_id = widget.id("password-rules");
    let described_by = if shown.new_password {
        format!("{error_id} {rules_id}")
    } else {
        error_id.clone()
    };
    let value = widget.values[key.slot()];
    let checkbox = shown.control == Control::Checkbox;
    let new_password = shown.new_password;
    let label = label(&shown.label);
    // The password as text, when the person asked to see it.
    let visible = RwSignal::new(false);
    let toggle = (new_password && widget.options.allow_show_password)
        .then(|| password_toggle(&widget.strings, id.clone(), visible));
    let control = control(id.clone(), shown, described_by, value, error, visible);
    #[cfg(feature = "hydrate")]
    let served = widget.served[key.slot()].clone().into_string();
    #[cfg(not(feature = "hydrate"))]
    let served: ServedValue = ();
    let checklist = new_password.then(|| {
        checklist(
            widget.options.password_policy,
            widget.strings.clone(),
            value,
            served,
            rules_id,
        )
    });
    view! {
        <div class=if checkbox { "aw-field aw-check" } else { "aw-field" }>
            <label for=id>{label}</label>
            <div class=if new_password { "aw-password" } else { "aw-control" }>
                {control}
                {toggle}
            </div>
            <p class="aw-field-error" id=error_id>{move || super::message(error.get())}</p>
            {checklist}
        </div>
    }
}

/// A field's label: text, and the links written `[text](url)` in it. The
/// links are inside the label but outside the checkbox's activation:
/// following one never ticks the box.
fn label(label: &str) -> impl IntoView {
    screens::label_parts(label)
        .into_iter()
        .map(|(text, href)| match href {
            None => Either::Left(text),
            Some(href) => Either::Right(view! {
                <a class="aw-label-link" href=href target="_blank" rel="noopener noreferrer">{text}</a>
            }),
        })
        .collect_view()
}

/// The control as `shown`, with the element id `id`: a select, or an input
/// (text, password, which `visible` shows as text, or checkbox).
fn control(
    id: String,
    shown: Presentation,
    described_by: String,
    value: FieldSignal,
    error: RwSignal<String>,
    visible: RwSignal<bool>,
) -> impl IntoView {
    match shown.control {
        Control::Select(choices) => Either::Left(select(
            id,
            shown.aria_label,
            described_by,
            choices,
            value,
            error,
        )),
        Control::Input(input_type) => Either::Right(input(
            id,
            shown,
            input_type,
            described_by,
            value,
            error,
            visible,
        )),
        Control::Checkbox => Either::Right(input(
            id,
            shown,
            "checkbox",
            described_by,
            value,
            error,
            visible,
        )),
    }
}

/// `aria-invalid`: whether the screen found something wrong with the field.
fn invalid(error: RwSignal<String>) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || {
        // get(), not with(): one signal accessor fewer in the wasm.
        if error.get().is_empty() {
            "false"
        } else {
            "true"
        }
    }
}

/// What a control does when the person changes it: the value follows, and
/// the field's error goes until the next submit.
fn edit(
    value: FieldSignal,
    error: RwSignal<String>,
) -> impl Fn(leptos::ev::Event) + Copy + Send + Sync + 'static {
    move |ev| {
        value.set_from(&ev);
        error.set(String::new());
    }
}

/// A select of `choices` (value, label), after an empty one.
fn select(
    id: String,
    aria_label: Option<String>,
    described_by: String,
    choices: Vec<(String, String)>,
    value: FieldSignal,
    error: RwSignal<String>,
) -> impl IntoView {
    view! {
        <select
            id=id
            aria-label=aria_label
            aria-invalid=invalid(error)
            aria-describedby=described_by
            prop:value=move || value.text()
            on:change=edit(value, error)
        >
            <option value="">""</option>
            {choices
                .into_iter()
                .map(|(choice, text)| {
                    let selected = value.get_untracked().as_str() == choice;
                    view! { <option value=choice selected=selected>{text}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// An input of `input_type`; a password one shows as text while `visible`.
fn input(
    id: String,
    shown: Presentation,
    input_type: &'static str,
    described_by: String,
    value: FieldSignal,
    error: RwSignal<String>,
    visible: RwSignal<bool>,
) -> impl IntoView {
    let checkbox = shown.control == Control::Checkbox;
    view! {
        <input
            id=id
            type=move || if visible.get() { "text" } else { input_type }
            autocomplete=shown.autocomplete
            autocapitalize=shown.verbatim.then_some("off")
            spellcheck=shown.verbatim.then_some("false")
            required=shown.required
            value=super::server_only(|| (!checkbox).then(|| value.get_untracked().into_string()))
            checked=super::server_only(|| value.get_untracked().is_checked())
            aria-label=shown.aria_label
            aria-invalid=invalid(error)
            aria-describedby=described_by
            prop:value=move || value.text()
            prop:checked=move || value.checked()
            on:input=edit(value, error)
        />
    }
}

/// The new password's show/hide button, for the control `controls`.
fn password_toggle(
    strings: &Arc<Dictionary>,
    controls: String,
    visible: RwSignal<bool>,
) -> impl IntoView {
    let strings = strings.clone();
    let (show, hide) = (strings.show.clone(), strings.hide.clone());
    view! {
        <button
            type="button"
            class="aw-toggle"
            aria-controls=controls
            aria-pressed=move || if visible.get() { "true" } else { "false" }
            aria-label=move || {
                if visible.get() { strings.hide_password.clone() } else { strings.show_password.clone() }
            }
            on:click=move |_| visible.set(!visible.get_untracked())
        >
            {move || if visible.get() { hide.clone() } else { show.clone() }}
        </button>
    }
}

/// The password policy's rules, each marked met or not as the person types
/// (in words for screen readers, not only by colour).
///
/// While hydrating, the list is the server's (for `served`, the password it
/// wrote, so that the two agree); the widget then nudges the password's
/// signal, and the list catches up with what was typed before hydration.
fn checklist(
    policy: PasswordPolicy,
    strings: Arc<Dictionary>,
    password: FieldSignal,
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))] served: ServedValue,
    id: String,
) -> impl IntoView {
    let heading = strings.rules_heading.clone();
    view! {
        <div class="aw-rules" id=id>
            <p class="aw-rules-heading">{heading}</p>
            <ul>
                {move || {
                    let typed = password.text();
                    #[cfg(feature = "hydrate")]
                    let typed = if Owner::current_shared_context()
                        .is_some_and(|shared| shared.during_hydration())
                    {
                        served.clone()
                    } else {
                        typed
                    };
                    policy
                        .evaluate(&typed)
                        .checklist()
                        .map(|rule| rule_item(&strings, rule))
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// One rule of the checklist, with its character classes when it has them.
fn rule_item(strings: &Dictionary, rule: &Rule) -> impl IntoView {
    let items = (!rule.items.is_empty()).then(|| {
        view! {
            <ul>
                {rule
                    .items
                    .iter()
                    .map(|(class, has)| {
                        view! {
                            <li class="aw-rule" class:aw-met=*has>
                                {mark(strings, *has)}
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
            {mark(strings, rule.verified)}
            {rule_text(strings, rule.code)}
            {items}
        </li>
    }
}

/// Whether a rule is met: a mark, and words for screen readers (not only
/// the colour).
fn mark(strings: &Dictionary, met: bool) -> impl IntoView {
    view! {
        <span class="aw-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
        <span class="aw-sr">{if met { strings.rule_met.clone() } else { strings.rule_unmet.clone() }}</span>
    }
}
