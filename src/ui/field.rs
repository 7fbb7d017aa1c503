//! One field component for every field of both screens: a label, a control
//! (an input, a checkbox or a select) and an error line; the new password
//! also gets a show/hide button and the live rule checklist. What differs
//! between fields is data ([`form::presentation`]), not view code.

use super::WidgetContext;
use crate::form::{self, Control, Key};
use crate::i18n::{class_text, rule_text, Dictionary};
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
    let shown = form::presentation(key, &widget.options, &widget.strings);
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
    // The password as text, when the person asked to see it.
    let visible = RwSignal::new(false);
    let invalid = move || {
        // get(), not with(): one signal accessor fewer in the wasm.
        if error.get().is_empty() {
            "false"
        } else {
            "true"
        }
    };
    let edit = move |ev: leptos::ev::Event| {
        value.set(if checkbox {
            event_target_checked(&ev).to_string()
        } else {
            event_target_value(&ev)
        });
        error.set(String::new());
    };
    let control = match shown.control {
        Control::Select(choices) => Either::Left(view! {
            <select
                id=id.clone()
                aria-label=shown.aria_label
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:change=edit
            >
                <option value="">""</option>
                {choices
                    .into_iter()
                    .map(|(choice, text)| {
                        let selected = value.get_untracked() == choice;
                        view! { <option value=choice selected=selected>{text}</option> }
                    })
                    .collect_view()}
            </select>
        }),
        control => {
            let input_type = match control {
                Control::Input(input_type) => input_type,
                _ => "checkbox",
            };
            Either::Right(view! {
                <input
                    id=id.clone()
                    type=move || if visible.get() { "text" } else { input_type }
                    autocomplete=shown.autocomplete
                    autocapitalize=shown.verbatim.then_some("off")
                    spellcheck=shown.verbatim.then_some("false")
                    required=shown.required
                    value=super::server_only(|| (!checkbox).then(|| value.get_untracked()))
                    checked=super::server_only(|| checkbox && value.get_untracked() == "true")
                    aria-label=shown.aria_label
                    aria-invalid=invalid
                    aria-describedby=described_by
                    prop:value=move || value.get()
                    prop:checked=move || checkbox && value.get() == "true"
                    on:input=edit
                />
            })
        }
    };
    let toggle = (shown.new_password && widget.options.allow_show_password).then(|| {
        let strings = widget.strings.clone();
        let (show, hide) = (strings.show.clone(), strings.hide.clone());
        view! {
            <button
                type="button"
                class="aw-toggle"
                aria-controls=id.clone()
                aria-pressed=move || if visible.get() { "true" } else { "false" }
                aria-label=move || {
                    if visible.get() { strings.hide_password.clone() } else { strings.show_password.clone() }
                }
                on:click=move |_| visible.set(!visible.get_untracked())
            >
                {move || if visible.get() { hide.clone() } else { show.clone() }}
            </button>
        }
    });
    #[cfg(feature = "hydrate")]
    let served = widget.served[key.slot()].clone();
    #[cfg(not(feature = "hydrate"))]
    let served: ServedValue = ();
    let checklist = shown.new_password.then(|| {
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
            <label for=id>
                // Links are inside the label but outside the checkbox's
                // activation: following one never ticks the box.
                {form::label_parts(&shown.label)
                    .into_iter()
                    .map(|(text, href)| match href {
                        None => Either::Left(text),
                        Some(href) => Either::Right(view! {
                            <a class="aw-label-link" href=href target="_blank" rel="noopener noreferrer">{text}</a>
                        }),
                    })
                    .collect_view()}
            </label>
            <div class=if shown.new_password { "aw-password" } else { "aw-control" }>
                {control}
                {toggle}
            </div>
            <p class="aw-field-error" id=error_id>{move || super::message(error.get())}</p>
            {checklist}
        </div>
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
    password: RwSignal<String>,
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))] served: ServedValue,
    id: String,
) -> impl IntoView {
    let heading = strings.rules_heading.clone();
    let item = move |strings: &Dictionary, met: bool| {
        view! {
            <span class="aw-mark" aria-hidden="true">{if met { "✓" } else { "○" }}</span>
            <span class="aw-sr">{if met { strings.rule_met.clone() } else { strings.rule_unmet.clone() }}</span>
        }
    };
    view! {
        <div class="aw-rules" id=id>
            <p class="aw-rules-heading">{heading}</p>
            <ul>
                {move || {
                    let strings = &*strings;
                    let typed = password.get();
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
                        .map(|rule| {
                            let items = (!rule.items.is_empty()).then(|| {
                                view! {
                                    <ul>
                                        {rule
                                            .items
                                            .iter()
                                            .map(|(class, has)| {
                                                view! {
                                                    <li class="aw-rule" class:aw-met=*has>
                                                        {item(strings, *has)}
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
                                    {item(strings, rule.verified)}
                                    {rule_text(strings, rule.code)}
                                    {items}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
