#![cfg(feature = "ssr")]
//! The component rendered to HTML on a server (`--features ssr`, natively):
//! what a server-rendered Leptos app sends before any wasm runs. `make test`
//! runs these (`cargo test --features ssr --test server_render`).

use auth_widget::i18n::{apply_json, with_overrides, EN};
use auth_widget::options::{FieldKind, SignUpField};
use auth_widget::{AuthWidget, Options, Screen};
use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use std::sync::Arc;

/// The widget for `options` as a server writes it, rendered inside a
/// request's owner (as leptos_axum does, with a shared context) or, with
/// `shared: false`, inside a bare one.
fn render_with(
    options: Options,
    strings: Option<auth_widget::i18n::Dictionary>,
    shared: bool,
) -> String {
    let context: Option<Arc<dyn hydration_context::SharedContext + Send + Sync>> =
        shared.then(|| Arc::new(SsrSharedContext::new()) as _);
    let owner = Owner::new_root(context);
    let html = owner.with(|| {
        match strings {
            Some(strings) => view! {
                <AuthWidget domain="tenant.example.com" client_id="client" options=options strings=Arc::new(strings) />
            }
            .to_html(),
            None => view! { <AuthWidget domain="tenant.example.com" client_id="client" options=options /> }.to_html(),
        }
    });
    owner.unset();
    html
}

fn render(options: Options) -> String {
    render_with(options, None, true)
}

fn sign_up() -> Options {
    Options::default()
}

fn forgot() -> Options {
    Options {
        initial_screen: Screen::ForgotPassword,
        ..Options::default()
    }
}

/// The opening tag of the element with `id`.
fn tag_with_id<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html
        .find(&format!(r#"id="{id}""#))
        .unwrap_or_else(|| panic!("no element with id {id} in {html}"));
    let start = html[..at].rfind('<').unwrap();
    let end = at + html[at..].find('>').unwrap();
    &html[start..=end]
}

/// The first opening tag that starts with `start` (`<form`).
fn first_tag<'a>(html: &'a str, start: &str) -> &'a str {
    let at = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"));
    &html[at..=at + html[at..].find('>').unwrap()]
}

/// Whether `tag` has every one of `attributes` (in any order: the server
/// writes `class` last).
fn has(tag: &str, attributes: &[&str]) -> bool {
    attributes
        .iter()
        .all(|attribute| tag.contains(&format!(" {attribute}")))
}

/// The HTML without its `<style>` element (whose CSS names every class).
fn markup(html: &str) -> String {
    let start = html.find("<style").expect("a <style> element");
    let end = html.find("</style>").unwrap() + "</style>".len();
    format!("{}{}", &html[..start], &html[end..])
}

/// Every `id="…"` in the HTML.
fn ids(html: &str) -> Vec<String> {
    html.split(r#" id=""#)
        .skip(1)
        .map(|rest| rest[..rest.find('"').unwrap()].to_string())
        .collect()
}

#[test]
fn the_sign_up_form_has_its_labels_autocomplete_and_password_rules() {
    let html = render(sign_up());
    let section = first_tag(&html, "<section");
    assert!(
        has(
            section,
            &[
                r#"class="aw-root""#,
                r#"lang="en""#,
                r#"dir="ltr""#,
                r#"aria-labelledby="aw-r0-title""#
            ]
        ),
        "{section}"
    );
    assert!(has(
        tag_with_id(&html, "aw-r0-title"),
        &[r#"class="aw-title""#]
    ));
    assert!(html.contains(">Sign up</h2>"), "{html}");
    // Each control has its label, and the autocomplete a password manager needs.
    for (id, label) in [("aw-r0-email", "Email"), ("aw-r0-password", "Password")] {
        assert!(
            html.contains(&format!(r#"<label for="{id}">{label}"#)),
            "label of {id}: {html}"
        );
    }
    assert!(has(
        tag_with_id(&html, "aw-r0-email"),
        &[r#"type="email""#, r#"autocomplete="email""#, "required"]
    ));
    let password = tag_with_id(&html, "aw-r0-password");
    assert!(
        has(
            password,
            &[
                r#"type="password""#,
                r#"autocomplete="new-password""#,
                r#"aria-describedby="aw-r0-password-error aw-r0-password-rules""#,
            ]
        ),
        "{password}"
    );
    // The policy's rules, each unmet before anything is typed.
    assert!(has(
        tag_with_id(&html, "aw-r0-password-rules"),
        &[r#"class="aw-rules""#]
    ));
    assert!(html.contains(r#"data-rule="lengthAtLeast""#), "{html}");
    assert!(!markup(&html).contains("aw-met"), "{html}");
    // The alert and the error lines are empty (`:empty` hides them): a
    // comment marker, not a space.
    assert!(html.contains(r#"class="aw-alert"><!></div>"#), "{html}");
    assert!(html.contains(r#"class="aw-field-error"><!></p>"#), "{html}");
    assert!(!html.contains(r#"class="aw-field-error"> </p>"#), "{html}");
    // The link to the other screen, and a form that is inert until hydrated.
    assert!(html.contains(">Forgot your password?</button>"), "{html}");
    assert!(
        has(
            first_tag(&html, "<form"),
            &[r#"class="aw-form""#, r#"method="dialog""#, "novalidate"]
        ),
        "{html}"
    );
    // Its CSS, as it is: `>` selectors unescaped.
    let style = &html[html.find("<style").expect("a <style> element")..];
    let style = &style[..style.find("</style>").unwrap()];
    assert!(
        style.contains(".aw-root") && style.contains('>') && !style.contains("&gt;"),
        "{style}"
    );
}

#[test]
fn the_forgot_password_form_has_no_password_input() {
    let html = render(forgot());
    assert!(html.contains(">Reset your password</h2>"), "{html}");
    assert!(has(
        tag_with_id(&html, "aw-r0-email"),
        &[r#"autocomplete="email""#]
    ));
    assert!(!html.contains(r#"type="password""#), "{html}");
    assert!(!html.contains("-password\""), "{html}");
    assert!(!markup(&html).contains("aw-rules"), "{html}");
}

#[test]
fn arabic_renders_right_to_left_in_its_language() {
    let (arabic, unknown) = apply_json(
        EN.to_dictionary(),
        include_str!("../src/i18n/languages/ar.json"),
    )
    .unwrap();
    assert!(unknown.is_empty(), "{unknown:?}");
    let title = arabic.sign_up_title.to_string();
    let html = render_with(sign_up(), Some(arabic), true);
    assert!(
        has(
            first_tag(&html, "<section"),
            &[r#"lang="ar""#, r#"dir="rtl""#]
        ),
        "{html}"
    );
    assert!(
        html.contains(&format!(">{title}</h2>")),
        "{title} in {html}"
    );
}

#[test]
fn username_extra_fields_terms_confirm_and_logo_appear() {
    let options = Options {
        requires_username: true,
        confirm_password: true,
        must_accept_terms: true,
        prefill_email: "ada@example.com".into(),
        logo_url: Some("https://example.com/logo.png".into()),
        additional_fields: vec![
            SignUpField {
                name: "company".into(),
                kind: FieldKind::Text,
                label: "Company".into(),
                aria_label: None,
                initial: "Analytical Engines".into(),
                storage_root: false,
                validator: None,
            },
            SignUpField {
                name: "plan".into(),
                kind: FieldKind::Select(vec![
                    ("free".into(), "Free".into()),
                    ("pro".into(), "Pro".into()),
                ]),
                label: "Plan".into(),
                aria_label: None,
                initial: "pro".into(),
                storage_root: false,
                validator: None,
            },
            SignUpField {
                name: "news".into(),
                kind: FieldKind::Checkbox,
                label: "Send me [news](https://example.com/news)".into(),
                aria_label: None,
                initial: "true".into(),
                storage_root: false,
                validator: None,
            },
        ],
        ..Options::default()
    };
    let strings = with_overrides(
        EN.to_dictionary(),
        &[(
            "terms_label".into(),
            "I accept the [terms](https://example.com/terms).".into(),
        )],
    );
    let html = render_with(options, Some(strings), true);
    assert!(
        has(
            first_tag(&html, "<img"),
            &[
                r#"class="aw-logo""#,
                r#"src="https://example.com/logo.png""#,
                r#"alt="""#
            ]
        ),
        "{html}"
    );
    assert!(tag_with_id(&html, "aw-r0-username").contains(r#"autocomplete="username""#));
    // Prefilled and initial values are in the HTML (a server cannot set properties).
    assert!(tag_with_id(&html, "aw-r0-email").contains(r#"value="ada@example.com""#));
    assert!(tag_with_id(&html, "aw-r0-field-0").contains(r#"value="Analytical Engines""#));
    assert!(
        html.contains(r#"<option value="pro" selected>Pro</option>"#),
        "{html}"
    );
    let news = tag_with_id(&html, "aw-r0-field-2");
    assert!(
        news.contains(r#"type="checkbox""#) && news.contains(" checked"),
        "{news}"
    );
    let link = first_tag(&html, "<a ");
    assert!(
        has(
            link,
            &[
                r#"href="https://example.com/news""#,
                r#"target="_blank""#,
                r#"rel="noopener noreferrer""#
            ]
        ),
        "{link}"
    );
    assert!(
        html.contains(r#"rel="noopener noreferrer" class="aw-label-link">news</a>"#),
        "{html}"
    );
    let confirm = tag_with_id(&html, "aw-r0-confirm");
    assert!(
        confirm.contains(r#"type="password""#)
            && confirm.contains(r#"autocomplete="new-password""#),
        "{confirm}"
    );
    let terms = tag_with_id(&html, "aw-r0-terms");
    assert!(
        terms.contains(r#"type="checkbox""#) && !terms.contains("checked"),
        "{terms}"
    );
    assert!(
        html.contains(r#"href="https://example.com/terms""#),
        "{html}"
    );
}

#[test]
fn text_from_options_and_dictionaries_is_escaped() {
    let payload = r#"<img src=x onerror=alert(1)>"#;
    let options = Options {
        additional_fields: vec![SignUpField {
            name: "company".into(),
            kind: FieldKind::Text,
            label: payload.into(),
            aria_label: Some(format!("\"{payload}")),
            initial: format!("\"><script>alert(2)</script>"),
            storage_root: false,
            validator: None,
        }],
        ..Options::default()
    };
    let strings = with_overrides(
        EN.to_dictionary(),
        &[("sign_up_title".into(), payload.into())],
    );
    let html = render_with(options, Some(strings), true);
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;</h2>"),
        "{html}"
    );
    assert!(
        tag_with_id(&html, "aw-r0-field-0").contains(r#"value="&quot;&gt;&lt;script&gt;"#),
        "{html}"
    );
}

#[test]
fn two_widgets_on_one_page_have_distinct_ids_the_same_for_every_request() {
    let page = || {
        let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
        let html = owner.with(|| {
            view! {
                <AuthWidget domain="tenant.example.com" client_id="a" />
                <AuthWidget domain="tenant.example.com" client_id="b" options=forgot() />
            }
            .to_html()
        });
        owner.unset();
        html
    };
    let first = page();
    let written = ids(&first);
    let unique: std::collections::HashSet<_> = written.iter().collect();
    assert!(written.len() > 5, "{written:?}");
    assert_eq!(unique.len(), written.len(), "an id twice: {written:?}");
    assert!(
        written.contains(&"aw-r0-email".to_string())
            && written.contains(&"aw-r1-email".to_string()),
        "{written:?}"
    );
    // The same ids for the next request (the browser hydrates them).
    assert_eq!(page(), first);
    // Rendered with no request context, ids still differ between widgets.
    let (a, b) = (
        render_with(sign_up(), None, false),
        render_with(sign_up(), None, false),
    );
    assert_ne!(ids(&a), ids(&b));
}

#[test]
fn a_page_built_on_one_thread_renders_and_drops_on_others() {
    // A multi-threaded server (tokio under leptos_axum) may build a page on
    // one worker, go on rendering it on another after an await, and drop
    // what is left on a third: nothing the widget keeps may mind (a
    // SendWrapper would panic). Eight pages at once, each crossing threads.
    let built: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(|| {
                let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
                let page = owner.with(|| {
                    let on_event = auth_widget::EventHandler::new(|_| {});
                    view! { <AuthWidget domain="tenant.example.com" client_id="c" on_event=on_event /> }
                });
                (owner, page)
            })
        })
        .map(|thread| thread.join().expect("building a page"))
        .collect();
    let rendered: Vec<_> = built
        .into_iter()
        .map(|(owner, page)| std::thread::spawn(move || (owner.with(|| page.to_html()), owner)))
        .map(|thread| thread.join().expect("rendering a page on another thread"))
        .collect();
    for (html, _) in &rendered {
        assert!(html.contains(r#"id="aw-r0-password""#), "{html}");
    }
    std::thread::spawn(move || drop(rendered))
        .join()
        .expect("dropping the pages on a third thread");
}
