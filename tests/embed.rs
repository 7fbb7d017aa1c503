#![cfg(all(target_arch = "wasm32", feature = "embed"))]
//! The JavaScript API in a real browser: Lock-style options (with one clear
//! console error per mistake), inline and modal rendering, and events.

mod common;

use auth_core::PolicyLevel;
use auth_widget::embed::options::parse;
use auth_widget::embed::JsAuthWidget;
use auth_widget::options::lock::ThemeMode;
use auth_widget::options::Screen;
use common::obj;
use js_sys::{Function, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn lock_options_are_read() {
    let parsed = parse(&obj(&[
        ("connection", "db-2".into()),
        ("initialScreen", "forgotPassword".into()),
        ("allowSignUp", false.into()),
        ("allowLogin", false.into()),
        (
            "prefill",
            obj(&[
                ("email", "jane@example.com".into()),
                ("username", "jane".into()),
            ]),
        ),
        ("passwordPolicy", "excellent".into()),
        ("minLength", 12.into()),
        ("requiresUsername", true.into()),
        ("allowShowPassword", false.into()),
        ("requestTimeout", 5000.into()),
        ("closable", false.into()),
        (
            "theme",
            obj(&[("primaryColor", "#123456".into()), ("mode", "dark".into())]),
        ),
    ]));
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let o = &parsed.options;
    assert_eq!(o.connection, "db-2");
    assert_eq!(o.initial_screen, Screen::ForgotPassword);
    assert!(!o.allow_sign_up && o.allow_forgot_password);
    assert_eq!(
        (o.prefill_email.as_str(), o.prefill_username.as_str()),
        ("jane@example.com", "jane")
    );
    assert_eq!(o.password_policy.level, PolicyLevel::Excellent);
    assert_eq!(o.password_policy.min_length, Some(12));
    assert!(o.requires_username && !o.allow_show_password);
    assert_eq!(o.request_timeout_ms, 5000);
    assert!(!parsed.embed.closable);
    assert_eq!(parsed.embed.primary_color.as_deref(), Some("#123456"));
    assert_eq!(parsed.embed.theme_mode, Some(ThemeMode::Dark));

    let defaults = parse(&JsValue::UNDEFINED);
    assert!(defaults.problems.is_empty());
    assert!(defaults.embed.closable, "Lock's default");
    assert_eq!(
        defaults.options.connection,
        "Username-Password-Authentication"
    );
}

#[wasm_bindgen_test]
fn each_mistake_is_one_message_naming_the_option() {
    let parsed = parse(&obj(&[
        ("colour", "red".into()),
        ("allowSignUp", "yes".into()),
        ("initialScreen", "login".into()),
        ("minLength", 0.into()),
        ("passwordPolicy", "strong".into()),
        ("prefill", 5.into()),
        ("theme", obj(&[("mode", "neon".into())])),
        ("container", "no-such-element".into()),
        ("requestTimeout", 1.5.into()),
    ]));
    let problems = parsed.problems.join("\n");
    for name in [
        "\"colour\"",
        "\"allowSignUp\"",
        "\"initialScreen\"",
        "\"minLength\"",
        "\"passwordPolicy\"",
        "\"prefill\"",
        "\"theme.mode\"",
        "\"container\"",
        "\"requestTimeout\"",
    ] {
        assert_eq!(
            parsed.problems.iter().filter(|p| p.contains(name)).count(),
            1,
            "{name} in:\n{problems}"
        );
    }
    assert_eq!(parsed.problems.len(), 9, "{problems}");
    // The widget still gets usable defaults.
    assert!(parsed.options.allow_sign_up);
    assert_eq!(parsed.options.password_policy.level, PolicyLevel::Good);
    assert!(parsed.embed.container.is_none());
    assert_eq!(parse(&"text".into()).problems.len(), 1);
}

/// Records calls of a JS function.
fn recorder(log: &Rc<RefCell<Vec<String>>>, name: &str) -> Function {
    let (log, name) = (log.clone(), name.to_owned());
    Closure::<dyn FnMut(JsValue)>::new(move |payload: JsValue| {
        let detail = if payload.is_undefined() {
            String::new()
        } else {
            format!(" {}", js_sys::JSON::stringify(&payload).unwrap())
        };
        log.borrow_mut().push(format!("{name}{detail}"));
    })
    .into_js_value()
    .unchecked_into()
}

#[wasm_bindgen_test]
async fn bad_options_make_console_errors_not_a_blank_widget() {
    let console: JsValue = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = Reflect::get(&console, &"error".into()).unwrap();
    let errors = Rc::new(RefCell::new(Vec::new()));
    let sink = errors.clone();
    let spy = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
        sink.borrow_mut()
            .push(message.as_string().unwrap_or_default())
    });
    Reflect::set(&console, &"error".into(), spy.as_ref()).unwrap();
    let container = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .body()
        .unwrap()
        .append_child(&container)
        .unwrap();
    let widget = JsAuthWidget::new(
        "client".into(),
        "tenant.example.com".into(),
        obj(&[
            ("container", container.clone().into()),
            ("allowSignup", true.into()),
        ]),
    );
    Reflect::set(&console, &"error".into(), &original).unwrap();
    assert_eq!(errors.borrow().len(), 1, "{:?}", errors.borrow());
    assert!(
        errors.borrow()[0].contains("unknown option \"allowSignup\""),
        "{:?}",
        errors.borrow()
    );
    widget.show();
    leptos::task::tick().await;
    assert!(
        container.query_selector(".aw-root form").unwrap().is_some(),
        "the widget still renders"
    );
    widget.destroy();
}

#[wasm_bindgen_test]
async fn inline_widget_shows_hides_and_reports_events() {
    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    container.set_id("inline-target");
    document.body().unwrap().append_child(&container).unwrap();
    let log = Rc::new(RefCell::new(Vec::new()));
    let widget = JsAuthWidget::new(
        "client".into(),
        "tenant.example.com".into(),
        obj(&[("container", "inline-target".into())]),
    );
    let on_show = recorder(&log, "show");
    widget.on("show".into(), on_show.clone());
    widget.on("hide".into(), recorder(&log, "hide"));
    widget.on("signup ready".into(), recorder(&log, "signup ready"));
    widget.on("no such event".into(), recorder(&log, "never"));
    widget.show();
    widget.show(); // a second show does nothing
    for _ in 0..20 {
        leptos::task::tick().await;
    }
    assert!(container
        .query_selector(".aw-host .aw-root")
        .unwrap()
        .is_some());
    assert_eq!(
        container.query_selector_all(".aw-root").unwrap().length(),
        1
    );
    assert!(
        document
            .query_selector("dialog.aw-dialog")
            .unwrap()
            .is_none(),
        "inline, not a modal"
    );
    widget.hide();
    assert!(container.query_selector(".aw-root").unwrap().is_none());
    assert_eq!(*log.borrow(), ["show", "signup ready", "hide"]);

    widget.off("show".into(), on_show);
    widget.show();
    leptos::task::tick().await;
    assert_eq!(
        log.borrow().last().map(String::as_str),
        Some("signup ready"),
        "off() removed the show handler"
    );
    widget.destroy();
    assert!(container.query_selector(".aw-root").unwrap().is_none());
    let count = log.borrow().len();
    widget.show();
    widget.hide();
    assert_eq!(log.borrow().len(), count, "destroy() forgot every handler");
}

#[wasm_bindgen_test]
async fn without_a_container_it_is_a_modal_dialog() {
    let document = web_sys::window().unwrap().document().unwrap();
    let widget = JsAuthWidget::new(
        "client".into(),
        "tenant.example.com".into(),
        obj(&[("theme", obj(&[("mode", "dark".into())]))]),
    );
    widget.show();
    leptos::task::tick().await;
    let dialog: web_sys::HtmlDialogElement = document
        .query_selector("dialog.aw-dialog")
        .unwrap()
        .expect("a dialog")
        .unchecked_into();
    assert!(dialog.open());
    assert!(dialog.query_selector(".aw-root form").unwrap().is_some());
    assert_eq!(
        dialog
            .query_selector(".aw-host")
            .unwrap()
            .unwrap()
            .get_attribute("data-theme")
            .as_deref(),
        Some("dark")
    );
    let close = dialog
        .query_selector(".aw-close")
        .unwrap()
        .expect("a close button when closable");
    assert_eq!(close.get_attribute("aria-label").as_deref(), Some("Close"));
    close.unchecked_into::<web_sys::HtmlElement>().click();
    assert!(
        document
            .query_selector("dialog.aw-dialog")
            .unwrap()
            .is_none(),
        "closed and removed"
    );
    widget.destroy();
}

#[wasm_bindgen_test]
async fn language_dictionary_overrides_strings_and_unknown_keys_are_reported() {
    let dictionary = obj(&[
        ("sign_up_title", "Join the club".into()),
        ("signUpTitle", "x".into()),
        ("close", 5.into()),
    ]);
    let parsed = parse(&obj(&[
        ("languageDictionary", dictionary.clone()),
        ("language", "xx".into()),
    ]));
    let problems = parsed.problems.join("\n");
    assert_eq!(parsed.problems.len(), 3, "{problems}");
    assert!(
        problems.contains("unknown key \"signUpTitle\""),
        "{problems}"
    );
    assert!(
        problems.contains("\"languageDictionary.close\""),
        "{problems}"
    );
    assert!(problems.contains("no dictionary for \"xx\""), "{problems}");
    assert_eq!(parsed.embed.language, None, "English is used");
    assert_eq!(
        parse(&obj(&[("language", "ar".into())]))
            .embed
            .language
            .as_deref(),
        Some("ar")
    );

    let document = web_sys::window().unwrap().document().unwrap();
    let container = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&container).unwrap();
    let widget = JsAuthWidget::new(
        "client".into(),
        "tenant.example.com".into(),
        obj(&[
            ("container", container.clone().into()),
            ("languageDictionary", dictionary),
        ]),
    );
    widget.show();
    leptos::task::tick().await;
    let title = container
        .query_selector("h2")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(title, "Join the club");
    widget.destroy();
}

#[wasm_bindgen_test]
fn additional_signup_fields_are_read_with_js_validators() {
    use auth_widget::options::{FieldKind, FieldProblem};
    let validator = js_sys::Function::new_with_args(
        "v",
        "return v.length > 2 ? true : { valid: false, hint: 'Too short' }",
    );
    let fields = js_sys::Array::new();
    fields.push(&obj(&[
        ("name", "nickname".into()),
        ("placeholder", "Nickname".into()),
        ("storage", "root".into()),
        ("validator", validator.into()),
    ]));
    let options = js_sys::Array::new();
    options.push(&obj(&[("value", "free".into()), ("label", "Free".into())]));
    fields.push(&obj(&[
        ("name", "plan".into()),
        ("type", "select".into()),
        ("placeholder", "Plan".into()),
        ("options", options.into()),
        ("prefill", "free".into()),
    ]));
    fields.push(&obj(&[
        ("name", "source".into()),
        ("type", "hidden".into()),
        ("value", "ad".into()),
    ]));
    fields.push(&obj(&[("name", "bad name".into())]));
    fields.push(&obj(&[("name", "email".into())]));
    fields.push(&obj(&[
        ("name", "plan2".into()),
        ("storage", "root".into()),
    ]));
    fields.push(&obj(&[("name", "x".into()), ("type", "radio".into())]));
    let parsed = parse(&obj(&[
        ("additionalSignUpFields", fields.into()),
        ("confirmPassword", true.into()),
        ("mustAcceptTerms", true.into()),
    ]));
    let problems = parsed.problems.join("\n");
    assert_eq!(parsed.problems.len(), 4, "{problems}");
    for expected in [
        "[3]: field name \"bad name\"",
        "[4]: field name \"email\" is reserved",
        "[5]: field \"plan2\" cannot use storage",
        "[6]: \"type\" must be",
    ] {
        assert!(problems.contains(expected), "{expected} in {problems}");
    }
    let o = &parsed.options;
    assert!(o.confirm_password && o.must_accept_terms);
    assert_eq!(o.additional_fields.len(), 3);
    let nickname = &o.additional_fields[0];
    assert!(nickname.storage_root);
    assert_eq!(nickname.label, "Nickname");
    assert_eq!(
        nickname.check("Jo"),
        Err(FieldProblem::Invalid(Some("Too short".into())))
    );
    assert_eq!(nickname.check("Joe"), Ok(()));
    assert_eq!(
        o.additional_fields[1].kind,
        FieldKind::Select(vec![("free".into(), "Free".into())])
    );
    assert_eq!(o.additional_fields[1].initial, "free");
    assert_eq!(
        (
            o.additional_fields[2].kind.clone(),
            o.additional_fields[2].initial.as_str()
        ),
        (FieldKind::Hidden, "ad")
    );
}

#[wasm_bindgen_test]
fn username_style_is_accepted_and_metadata_fields_are_capped() {
    assert!(parse(&obj(&[("usernameStyle", "email".into())]))
        .problems
        .is_empty());
    let bad = parse(&obj(&[("usernameStyle", "phone".into())]));
    assert!(
        bad.problems[0].contains("\"usernameStyle\""),
        "{:?}",
        bad.problems
    );
    let fields = js_sys::Array::new();
    for i in 0..12 {
        fields.push(&obj(&[
            ("name", format!("f{i}").into()),
            ("placeholder", "x".into()),
        ]));
    }
    fields.push(&obj(&[
        ("name", "nickname".into()),
        ("storage", "root".into()),
    ]));
    let parsed = parse(&obj(&[("additionalSignUpFields", fields.into())]));
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert!(
        parsed.problems[0].contains("at most 10"),
        "{:?}",
        parsed.problems
    );
    assert_eq!(
        parsed.options.additional_fields.len(),
        11,
        "10 metadata fields and the root one"
    );
    assert!(parsed
        .options
        .additional_fields
        .iter()
        .any(|f| f.name == "nickname"));
}

/// A language file that cannot be used (not found, unanswered, or not a JSON
/// object: what Parcel makes of a `.json` named by `new URL(…)` is a
/// JavaScript module) is one console error naming its URL and why, and the
/// form in English.
#[wasm_bindgen_test]
async fn a_language_file_that_cannot_be_used_is_one_console_error_and_an_english_form() {
    let cases = [
        // The test page's own server, which has no such file.
        ("no-such-folder/fr.txt", ": HTTP 404;"),
        // A port nothing answers on (and that browsers refuse to fetch from).
        ("http://127.0.0.1:1/fr.txt", "no answer"),
        (
            "data:text/javascript,var%20r%3DglobalThis%3Bmodule.exports%3DJSON.parse('%7B%7D')",
            "not JSON: a bundler may have transformed it — see the README's bundler notes",
        ),
        (
            "data:application/json,%5B%22fr%22%5D",
            ": not a JSON object;",
        ),
    ];
    let console: JsValue = Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    let original = Reflect::get(&console, &"error".into()).unwrap();
    let document = web_sys::window().unwrap().document().unwrap();
    for (url, why) in cases {
        JsAuthWidget::set_language_files(obj(&[("fr", url.into())]).unchecked_into());
        let errors = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = errors.clone();
        let spy = Closure::<dyn FnMut(JsValue)>::new(move |message: JsValue| {
            sink.borrow_mut()
                .push(message.as_string().unwrap_or_default())
        });
        Reflect::set(&console, &"error".into(), spy.as_ref()).unwrap();
        let container = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&container).unwrap();
        let widget = JsAuthWidget::new(
            "client".into(),
            "tenant.example.com".into(),
            obj(&[
                ("container", container.clone().into()),
                ("language", "fr".into()),
            ]),
        );
        widget.show();
        for _ in 0..250 {
            if container.query_selector(".aw-root form").unwrap().is_some() {
                break;
            }
            common::sleep(20).await;
        }
        Reflect::set(&console, &"error".into(), &original).unwrap();
        let errors = errors.borrow().clone();
        assert!(
            container.query_selector(".aw-root form").unwrap().is_some(),
            "{url}: the form is shown"
        );
        let root = container.query_selector(".aw-root").unwrap().unwrap();
        assert_eq!(root.get_attribute("lang").as_deref(), Some("en"), "{url}");
        let title = container.query_selector("h2").unwrap().unwrap();
        assert_eq!(
            title.text_content().as_deref(),
            Some(auth_widget::i18n::EN.sign_up_title),
            "{url}: in English"
        );
        assert_eq!(errors.len(), 1, "{url}: one console error: {errors:?}");
        assert!(
            errors[0].contains(&format!("the language file {url}: ")) && errors[0].contains(why),
            "{url}: {:?} names the file and says {why:?}",
            errors[0]
        );
        widget.destroy();
        container.remove();
    }
    JsAuthWidget::set_language_files(js_sys::Object::new());
}
