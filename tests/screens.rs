#![cfg(target_arch = "wasm32")]
//! The sign-up and forgot-password screens in a real browser, against the
//! running emulator (`make test` starts it and passes its URL at build time
//! in AUTH_WIDGET_TEST_TENANT; see tests/tenant.toml).

mod common;

use auth_core::{PasswordPolicy, PolicyLevel};
use auth_widget::i18n::EN;
use auth_widget::{AuthWidget, EventHandler, Options, Screen, WidgetEvent};
use common::{sleep, tenant};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const CLIENT_ID: &str = "widget-test";

fn unique_email(tag: &str) -> String {
    let n = (js_sys::Math::random() * 1e12) as u64;
    format!("{tag}-{n}@example.com")
}

/// Waits up to 10 s for `condition`.
async fn wait_for(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..400 {
        if condition() {
            return;
        }
        sleep(25).await;
    }
    panic!("timed out waiting for {what}");
}

/// A widget mounted in its own container.
struct Mounted {
    root: Element,
}

async fn mount(options: Options) -> Mounted {
    mount_with_events(options, EventHandler::new(|_| {})).await
}

async fn mount_with_events(options: Options, on_event: EventHandler) -> Mounted {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        view! { <AuthWidget domain=tenant() client_id=CLIENT_ID options=options.clone() on_event=on_event.clone() /> }
    })
    .forget();
    leptos::task::tick().await;
    Mounted { root }
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }
    fn get(&self, selector: &str) -> Element {
        self.find(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }
    fn input(&self, selector: &str) -> HtmlInputElement {
        self.get(selector).unchecked_into()
    }
    /// Types `text` into the input like a person: value, then an input event.
    async fn type_into(&self, selector: &str, text: &str) {
        let input = self.input(selector);
        input.set_value(text);
        let event = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&event).unwrap();
        leptos::task::tick().await;
    }
    fn submit_button(&self) -> HtmlButtonElement {
        self.get("button[type=submit]").unchecked_into()
    }
    async fn click(&self, selector: &str) {
        self.get(selector).unchecked_into::<HtmlElement>().click();
        leptos::task::tick().await;
    }
    async fn submit(&self) {
        self.submit_button().click();
        leptos::task::tick().await;
    }
    fn alert(&self) -> String {
        self.get("[role=alert]").text_content().unwrap_or_default()
    }
    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }
    async fn wait_for_alert(&self) -> String {
        wait_for("an alert", || !self.alert().trim().is_empty()).await;
        self.alert()
    }
}

/// Reads a JSON document from the emulator.
async fn tenant_json(path: &str) -> wasm_bindgen::JsValue {
    let window = web_sys::window().unwrap();
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str(&format!("{}{path}", tenant())))
            .await
            .unwrap()
            .unchecked_into();
    JsFuture::from(response.json().unwrap()).await.unwrap()
}

async fn stat(name: &str) -> f64 {
    js_sys::Reflect::get(&tenant_json("/emulator/stats.json").await, &name.into())
        .unwrap()
        .as_f64()
        .unwrap()
}

/// Asks the emulator for a token: proves the account and its password.
async fn token_status(email: &str, password: &str) -> u16 {
    let body = format!(
        r#"{{"grant_type":"http://auth0.com/oauth/grant-type/password-realm","client_id":"{CLIENT_ID}","realm":"Username-Password-Authentication","username":"{email}","password":"{password}"}}"#
    );
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    let headers = web_sys::Headers::new().unwrap();
    headers.set("Content-Type", "application/json").unwrap();
    init.set_headers(&headers);
    let window = web_sys::window().unwrap();
    let response: web_sys::Response =
        JsFuture::from(window.fetch_with_str_and_init(&format!("{}/oauth/token", tenant()), &init))
            .await
            .unwrap()
            .unchecked_into();
    response.status()
}

fn options() -> Options {
    Options {
        connection: "Username-Password-Authentication".into(),
        ..Options::default()
    }
}

const STRONG: &str = "Correct-Horse-7";

#[wasm_bindgen_test]
async fn sign_up_screen_has_labelled_fields_for_password_managers() {
    let w = mount(options()).await;
    assert_eq!(w.get("h2").text_content().unwrap(), EN.sign_up_title);
    let email = w.input("input[type=email]");
    assert_eq!(
        email.get_attribute("autocomplete").as_deref(),
        Some("email")
    );
    let label = w.get(&format!("label[for='{}']", email.id()));
    assert_eq!(label.text_content().unwrap(), EN.email_label);
    let password = w.input("input[autocomplete=new-password]");
    assert_eq!(password.type_(), "password");
    assert_eq!(
        w.get(&format!("label[for='{}']", password.id()))
            .text_content()
            .unwrap(),
        EN.password_label
    );
    assert!(
        w.find("input[autocomplete=username]").is_none(),
        "no username unless required"
    );
    let toggle = w.get("button.aw-toggle");
    assert_eq!(
        toggle.get_attribute("aria-label").as_deref(),
        Some(EN.show_password)
    );
    assert_eq!(toggle.get_attribute("type").as_deref(), Some("button"));
    assert!(
        w.find("[role=alert]").is_some(),
        "the alert region exists before any error"
    );
    assert_eq!(
        w.get("section").get_attribute("lang").as_deref(),
        Some("en")
    );

    let with_username = mount(Options {
        connection: "with-username".into(),
        requires_username: true,
        ..Options::default()
    })
    .await;
    let username = with_username.input("input[autocomplete=username]");
    assert_eq!(
        with_username
            .get(&format!("label[for='{}']", username.id()))
            .text_content()
            .unwrap(),
        EN.username_label
    );
}

#[wasm_bindgen_test]
async fn show_password_toggle_says_what_it_does() {
    let w = mount(options()).await;
    w.type_into("input[autocomplete=new-password]", "secret")
        .await;
    w.click("button.aw-toggle").await;
    assert_eq!(w.input("input[autocomplete=new-password]").type_(), "text");
    let toggle = w.get("button.aw-toggle");
    assert_eq!(
        toggle.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert_eq!(
        toggle.get_attribute("aria-label").as_deref(),
        Some(EN.hide_password)
    );
    w.click("button.aw-toggle").await;
    assert_eq!(
        w.input("input[autocomplete=new-password]").type_(),
        "password"
    );
    assert_eq!(
        w.input("input[autocomplete=new-password]").value(),
        "secret",
        "toggling keeps the value"
    );
}

#[wasm_bindgen_test]
async fn checklist_follows_typing_in_text_not_only_colour() {
    let w = mount(options()).await;
    let rule = |code: &str| w.get(&format!("li[data-rule={code}]"));
    w.type_into("input[autocomplete=new-password]", "abc").await;
    assert!(!rule("lengthAtLeast").class_list().contains("aw-met"));
    assert!(rule("lengthAtLeast")
        .text_content()
        .unwrap()
        .contains(EN.rule_unmet));
    assert!(rule("containsAtLeast")
        .text_content()
        .unwrap()
        .contains(EN.rule_unmet));
    w.type_into("input[autocomplete=new-password]", "abcdefG1")
        .await;
    assert!(rule("lengthAtLeast").class_list().contains("aw-met"));
    assert!(rule("lengthAtLeast")
        .text_content()
        .unwrap()
        .contains(EN.rule_met));
    assert!(rule("containsAtLeast")
        .text_content()
        .unwrap()
        .contains(EN.rule_met));
    assert!(
        w.find("li[data-rule=lengthAtMost]").is_none(),
        "the byte limit shows only when exceeded"
    );
    w.type_into(
        "input[autocomplete=new-password]",
        &format!("abcdefG1{}", "x".repeat(70)),
    )
    .await;
    assert!(rule("lengthAtMost")
        .text_content()
        .unwrap()
        .contains(EN.rule_unmet));

    let excellent = mount(Options {
        password_policy: PasswordPolicy::new(PolicyLevel::Excellent),
        ..options()
    })
    .await;
    excellent
        .type_into("input[autocomplete=new-password]", "aaaBcdef12!")
        .await;
    assert!(excellent
        .get("li[data-rule=identicalChars]")
        .text_content()
        .unwrap()
        .contains(EN.rule_unmet));
}

#[wasm_bindgen_test]
async fn client_side_validation_stops_the_submit_and_says_why() {
    let before = stat("signup_requests").await;
    let w = mount(options()).await;
    w.type_into("input[type=email]", "not-an-email").await;
    w.type_into("input[autocomplete=new-password]", "weak")
        .await;
    w.submit().await;
    let email = w.input("input[type=email]");
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let email_error = w.get(&format!(
        "#{}",
        email.get_attribute("aria-describedby").unwrap()
    ));
    assert_eq!(email_error.text_content().unwrap(), EN.email_invalid);
    assert!(w.text().contains(EN.password_policy_unmet));
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some(email.id()),
        "focus goes to the first invalid field"
    );
    assert_eq!(email.value(), "not-an-email", "what was typed stays");

    w.type_into("input[type=email]", "").await;
    w.submit().await;
    assert!(w.text().contains(EN.email_required));

    let with_username = mount(Options {
        connection: "with-username".into(),
        requires_username: true,
        ..Options::default()
    })
    .await;
    with_username
        .type_into("input[type=email]", &unique_email("u"))
        .await;
    with_username
        .type_into("input[autocomplete=username]", "a b")
        .await;
    with_username
        .type_into("input[autocomplete=new-password]", "abcdef")
        .await;
    with_username.submit().await;
    assert!(with_username.text().contains(EN.username_invalid));
    sleep(100).await;
    assert_eq!(stat("signup_requests").await, before, "nothing was sent");
}

#[wasm_bindgen_test]
async fn a_real_sign_up_succeeds_and_a_second_one_says_the_user_exists() {
    let email = unique_email("signup");
    let w = mount(options()).await;
    w.type_into("input[type=email]", &email).await;
    w.type_into("input[autocomplete=new-password]", STRONG)
        .await;
    w.submit().await;
    wait_for("the success message", || {
        w.text().contains(EN.sign_up_success)
    })
    .await;
    assert_eq!(
        w.get("[role=status]").text_content().unwrap(),
        EN.sign_up_success
    );
    assert_eq!(
        token_status(&email, STRONG).await,
        200,
        "the tenant knows the new account and its password"
    );

    let again = mount(options()).await;
    again
        .type_into("input[type=email]", &email.to_uppercase())
        .await;
    again
        .type_into("input[autocomplete=new-password]", STRONG)
        .await;
    again.submit().await;
    assert_eq!(again.wait_for_alert().await, EN.err_user_exists);
    assert_eq!(
        again.input("input[type=email]").value(),
        email.to_uppercase(),
        "the email stays"
    );
    assert_eq!(
        again.input("input[autocomplete=new-password]").value(),
        STRONG,
        "the password stays"
    );
    assert!(!again.submit_button().disabled());
}

#[wasm_bindgen_test]
async fn forgot_password_keeps_the_email_and_confirms_without_revealing_accounts() {
    let email = unique_email("forgot");
    let w = mount(options()).await;
    w.type_into("input[type=email]", &email).await;
    w.type_into("input[autocomplete=new-password]", STRONG)
        .await;
    w.submit().await;
    wait_for("sign-up", || w.text().contains(EN.sign_up_success)).await;

    let before = stat("change_password_requests").await;
    w.click("button.aw-link").await;
    assert_eq!(w.get("h2").text_content().unwrap(), EN.forgot_title);
    assert!(
        w.find("input[type=password]").is_none(),
        "no password on this screen"
    );
    // Reactive properties of a newly shown screen are applied a tick later.
    wait_for("the email typed on sign-up to be kept", || {
        w.input("input[type=email]").value() == email
    })
    .await;
    w.submit().await;
    wait_for("the confirmation", || w.text().contains(EN.forgot_success)).await;
    assert_eq!(stat("change_password_requests").await, before + 1.0);
    let outbox = tenant_json("/outbox.json").await;
    let newest = js_sys::Reflect::get(&outbox, &0.into()).unwrap();
    assert_eq!(
        js_sys::Reflect::get(&newest, &"to".into())
            .unwrap()
            .as_string()
            .unwrap(),
        email
    );

    // An unknown address gets the very same confirmation.
    let unknown = mount(Options {
        initial_screen: Screen::ForgotPassword,
        ..options()
    })
    .await;
    unknown
        .type_into("input[type=email]", &unique_email("nobody"))
        .await;
    unknown.submit().await;
    wait_for("the confirmation", || {
        unknown.text().contains(EN.forgot_success)
    })
    .await;
    assert_eq!(
        stat("change_password_with_password").await,
        0.0,
        "no password was ever sent on change_password"
    );
}

#[wasm_bindgen_test]
async fn screens_follow_allow_options() {
    let only_forgot = mount(Options {
        allow_sign_up: false,
        ..options()
    })
    .await;
    assert_eq!(
        only_forgot.get("h2").text_content().unwrap(),
        EN.forgot_title
    );
    assert!(
        only_forgot.find("button.aw-link").is_none(),
        "no link to a disallowed screen"
    );
    let only_signup = mount(Options {
        allow_forgot_password: false,
        initial_screen: Screen::ForgotPassword,
        ..options()
    })
    .await;
    assert_eq!(
        only_signup.get("h2").text_content().unwrap(),
        EN.sign_up_title
    );
    assert!(only_signup.find("button.aw-link").is_none());
}

#[wasm_bindgen_test]
async fn a_pending_request_disables_the_button_and_a_second_click_sends_nothing() {
    let before = stat("test_requests").await;
    let slow = Options {
        base_url: Some(format!("{}/test/slow", tenant())),
        request_timeout_ms: 1500,
        ..options()
    };
    let w = mount(slow).await;
    w.type_into("input[type=email]", &unique_email("pending"))
        .await;
    w.type_into("input[autocomplete=new-password]", STRONG)
        .await;
    w.submit().await;
    let button = w.submit_button();
    assert!(button.disabled());
    assert_eq!(button.text_content().unwrap(), EN.sign_up_pending);
    assert_eq!(
        w.get("form").get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    w.submit().await;
    w.submit().await;
    // The 1.5 s timeout ends the request with a retryable message.
    assert_eq!(w.wait_for_alert().await, EN.err_timeout);
    assert!(!w.submit_button().disabled());
    assert_eq!(w.submit_button().text_content().unwrap(), EN.sign_up_submit);
    assert_eq!(w.input("input[autocomplete=new-password]").value(), STRONG);
    assert_eq!(
        stat("test_requests").await,
        before + 1.0,
        "exactly one request was sent"
    );
}

/// Submits a sign-up with `email`/`password` (and a weaker client-side policy
/// when the server's own check is under test) and returns the alert.
async fn signup_alert(options: Options, email: &str, password: &str) -> String {
    signup_alert_with_username(options, email, None, password).await
}

async fn signup_alert_with_username(
    options: Options,
    email: &str,
    username: Option<&str>,
    password: &str,
) -> String {
    let w = mount(options).await;
    w.type_into("input[type=email]", email).await;
    if let Some(username) = username {
        w.type_into("input[autocomplete=username]", username).await;
    }
    w.type_into("input[autocomplete=new-password]", password)
        .await;
    w.submit().await;
    let alert = w.wait_for_alert().await;
    assert_eq!(
        w.input("input[type=email]").value(),
        email,
        "the email stays after an error"
    );
    assert_eq!(
        w.input("input[autocomplete=new-password]").value(),
        password,
        "the password stays after an error"
    );
    alert
}

#[wasm_bindgen_test]
async fn every_sign_up_error_code_has_its_message() {
    let lenient = || Options {
        password_policy: PasswordPolicy::new(PolicyLevel::None),
        ..options()
    };
    let via = |behaviour: &str| Options {
        base_url: Some(format!("{}/test/{behaviour}", tenant())),
        ..options()
    };
    assert_eq!(
        signup_alert(lenient(), &unique_email("weak"), "abcdefgh").await,
        EN.err_password_strength
    );
    assert_eq!(
        signup_alert(options(), &unique_email("dict"), "P@ssw0rd").await,
        EN.err_password_dictionary
    );
    assert_eq!(
        signup_alert(options(), "margaret@example.com", "Margaret-2026").await,
        EN.err_password_no_user_info
    );
    assert_eq!(
        signup_alert(options(), &unique_email("leak"), "Breached-Pass-1").await,
        EN.err_password_leaked
    );
    assert_eq!(
        signup_alert(options(), "someone@denied.example", STRONG).await,
        EN.err_invalid_signup
    );
    assert_eq!(
        signup_alert(options(), "someone@hooked.example", STRONG).await,
        "Sign-ups from hooked.example are closed this week."
    );
    assert_eq!(
        signup_alert(via("conflict"), &unique_email("conflict"), STRONG).await,
        EN.err_user_exists,
        "409 user_exists"
    );
    assert_eq!(
        signup_alert(via("history"), &unique_email("history"), STRONG).await,
        EN.err_invalid_password
    );
    assert_eq!(
        signup_alert(via("legacy"), &unique_email("legacy"), STRONG).await,
        EN.err_invalid_signup
    );
    assert_eq!(
        signup_alert(via("html502"), &unique_email("502"), STRONG).await,
        EN.err_generic
    );
    assert_eq!(
        signup_alert(via("empty500"), &unique_email("500"), STRONG).await,
        EN.err_generic
    );
    let unreachable = Options {
        base_url: Some("http://127.0.0.1:9".into()),
        ..options()
    };
    assert_eq!(
        signup_alert(unreachable, &unique_email("net"), STRONG).await,
        EN.err_network
    );

    let with_username = || Options {
        connection: "with-username".into(),
        requires_username: true,
        password_policy: PasswordPolicy::new(PolicyLevel::Low),
        ..Options::default()
    };
    let name = format!("n{}", (js_sys::Math::random() * 1e9) as u64);
    let first = mount(with_username()).await;
    first
        .type_into("input[type=email]", &unique_email("name1"))
        .await;
    first.type_into("input[autocomplete=username]", &name).await;
    first
        .type_into("input[autocomplete=new-password]", "abcdef")
        .await;
    first.submit().await;
    wait_for("the first sign-up with the name", || {
        first.text().contains(EN.sign_up_success)
    })
    .await;
    assert_eq!(
        signup_alert_with_username(
            with_username(),
            &unique_email("name2"),
            Some(&name),
            "abcdef"
        )
        .await,
        EN.err_username_exists
    );
}

#[wasm_bindgen_test]
async fn forgot_password_errors_have_their_messages() {
    let forgot = |email: String| async move {
        let w = mount(Options {
            initial_screen: Screen::ForgotPassword,
            ..options()
        })
        .await;
        w.type_into("input[type=email]", &email).await;
        w.submit().await;
        wait_for("an answer", || {
            !w.alert().is_empty() || w.text().contains(EN.forgot_success)
        })
        .await;
        (w.alert(), w.input("input[type=email]").value())
    };
    assert_eq!(
        forgot("boss@corp.example".into()).await.0,
        EN.err_enterprise_email
    );
    let email = unique_email("limited");
    for _ in 0..3 {
        assert_eq!(forgot(email.clone()).await.0, "", "within the limit");
    }
    // The fourth is refused with Retry-After (exposed to the page by CORS):
    // the message says when to try again; what was typed is kept.
    let (alert, kept) = forgot(email.clone()).await;
    let minutes: usize = alert
        .strip_prefix("Too many attempts. Try again in about ")
        .and_then(|rest| rest.strip_suffix(" minutes."))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("says when: {alert:?}"));
    assert!((59..=60).contains(&minutes), "an hour's window: {alert}");
    assert_eq!(kept, email);
}

/// Records every event the widget emits.
fn recorder() -> (EventHandler, Rc<RefCell<Vec<WidgetEvent>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (
        EventHandler::new(move |event| sink.borrow_mut().push(event.clone())),
        seen,
    )
}

fn names(seen: &Rc<RefCell<Vec<WidgetEvent>>>) -> Vec<&'static str> {
    seen.borrow().iter().map(WidgetEvent::name).collect()
}

#[wasm_bindgen_test]
async fn events_report_ready_submit_and_outcomes_with_payloads() {
    let (handler, seen) = recorder();
    let email = unique_email("events");
    let w = mount_with_events(options(), handler).await;
    wait_for("signup ready", || names(&seen) == ["signup ready"]).await;
    w.type_into("input[type=email]", "bad").await;
    w.submit().await;
    assert_eq!(
        names(&seen),
        ["signup ready"],
        "a submit stopped by validation is not a submit"
    );
    w.type_into("input[type=email]", &email).await;
    w.type_into("input[autocomplete=new-password]", STRONG)
        .await;
    w.submit().await;
    wait_for("signup success", || names(&seen).len() == 3).await;
    assert_eq!(
        names(&seen),
        ["signup ready", "signup submit", "signup success"]
    );
    match &seen.borrow()[2] {
        WidgetEvent::SignupSuccess(created) => {
            assert_eq!(created.email, email);
            assert!(!created.id.is_empty());
            assert!(!created.email_verified);
        }
        other => panic!("unexpected {other:?}"),
    }

    let (handler, seen) = recorder();
    let again = mount_with_events(options(), handler).await;
    again.type_into("input[type=email]", &email).await;
    again
        .type_into("input[autocomplete=new-password]", STRONG)
        .await;
    again.submit().await;
    wait_for("signup error", || names(&seen).len() == 3).await;
    match &seen.borrow()[2] {
        WidgetEvent::SignupError(error) => {
            assert_eq!(error.kind(), auth_core::wire::ErrorCode::UserExists)
        }
        other => panic!("unexpected {other:?}"),
    }

    again.click("button.aw-link").await;
    wait_for("forgot_password ready", || {
        names(&seen).last() == Some(&"forgot_password ready")
    })
    .await;
    again.submit().await;
    wait_for("forgot_password success", || {
        names(&seen).last() == Some(&"forgot_password success")
    })
    .await;
    assert_eq!(
        names(&seen)[3..],
        [
            "forgot_password ready",
            "forgot_password submit",
            "forgot_password success"
        ]
    );

    let (handler, seen) = recorder();
    let enterprise = mount_with_events(
        Options {
            initial_screen: Screen::ForgotPassword,
            ..options()
        },
        handler,
    )
    .await;
    enterprise
        .type_into("input[type=email]", "boss@corp.example")
        .await;
    enterprise.submit().await;
    wait_for("forgot_password error", || {
        names(&seen).last() == Some(&"forgot_password error")
    })
    .await;
    let last = seen.borrow().last().cloned().unwrap();
    match last {
        WidgetEvent::ForgotPasswordError(error) => {
            assert_eq!(error.kind(), auth_core::wire::ErrorCode::EnterpriseEmail)
        }
        other => panic!("unexpected {other:?}"),
    }
}

async fn profile(email: &str) -> wasm_bindgen::JsValue {
    tenant_json(&format!(
        "/test/profile?connection=Username-Password-Authentication&email={email}"
    ))
    .await
}

fn prop(value: &wasm_bindgen::JsValue, path: &[&str]) -> Option<String> {
    let mut current = value.clone();
    for key in path {
        current = js_sys::Reflect::get(&current, &(*key).into()).ok()?;
    }
    current.as_string()
}

#[wasm_bindgen_test]
async fn confirm_password_terms_and_extra_fields_are_checked_and_sent() {
    use auth_widget::options::{FieldKind, FieldValidator, SignUpField};
    let field = |name: &str, kind: FieldKind| SignUpField {
        name: name.into(),
        kind,
        label: format!("Your {name}"),
        aria_label: None,
        initial: String::new(),
        storage_root: false,
        validator: None,
    };
    let options = Options {
        confirm_password: true,
        must_accept_terms: true,
        logo_url: Some("data:image/gif;base64,R0lGODlhAQABAAAAACw=".into()),
        additional_fields: vec![
            SignUpField {
                storage_root: true,
                validator: Some(FieldValidator(std::sync::Arc::new(|v: &str| {
                    if v.chars().next().is_some_and(char::is_uppercase) {
                        Ok(())
                    } else {
                        Err(Some("Start with a capital.".into()))
                    }
                }))),
                ..field("given_name", FieldKind::Text)
            },
            field(
                "plan",
                FieldKind::Select(vec![
                    ("free".into(), "Free".into()),
                    ("pro".into(), "Pro".into()),
                ]),
            ),
            field("newsletter", FieldKind::Checkbox),
            SignUpField {
                initial: "spring-campaign".into(),
                ..field("source", FieldKind::Hidden)
            },
        ],
        ..options()
    };
    let before = stat("signup_requests").await;
    let w = mount(options).await;
    assert_eq!(
        w.get("img.aw-logo").get_attribute("alt").as_deref(),
        Some(""),
        "the logo is decorative"
    );
    assert!(
        !w.text().contains("Your source"),
        "hidden fields are not shown"
    );
    let email = unique_email("extra");
    w.type_into("input[type=email]", &email).await;
    w.type_into("input[autocomplete=new-password]", STRONG)
        .await;
    w.submit().await;
    // Every problem at once: validator hint, required select, mismatch, terms.
    let text = w.text();
    assert!(text.contains("Start with a capital."), "{text}");
    assert!(text.contains(EN.field_required), "{text}");
    assert!(text.contains(EN.password_mismatch), "{text}");
    assert!(text.contains(EN.terms_required), "{text}");
    let first_extra = w.get("input[type=text]");
    assert_eq!(
        document().active_element().map(|e| e.id()),
        Some(first_extra.id()),
        "focus goes to the first problem"
    );

    w.type_into("input[type=text]", "Jane").await;
    let select: web_sys::HtmlSelectElement = w.get("select").unchecked_into();
    select.set_value("pro");
    select
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("change", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    let passwords = w
        .root
        .query_selector_all("input[autocomplete=new-password]")
        .unwrap();
    assert_eq!(passwords.length(), 2, "password and its confirmation");
    let confirm_input: HtmlInputElement = passwords.item(1).unwrap().unchecked_into();
    confirm_input.set_value(STRONG);
    confirm_input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    for checkbox in ["newsletter", "terms"] {
        let boxes = w.root.query_selector_all("input[type=checkbox]").unwrap();
        let index = if checkbox == "newsletter" { 0 } else { 1 };
        boxes
            .item(index)
            .unwrap()
            .unchecked_into::<HtmlElement>()
            .click();
    }
    leptos::task::tick().await;
    assert_eq!(
        stat("signup_requests").await,
        before,
        "nothing was sent while invalid"
    );
    w.submit().await;
    wait_for("success", || w.text().contains(EN.sign_up_success)).await;
    let stored = profile(&email).await;
    assert_eq!(
        prop(&stored, &["given_name"]).as_deref(),
        Some("Jane"),
        "storage root"
    );
    assert_eq!(
        prop(&stored, &["user_metadata", "plan"]).as_deref(),
        Some("pro")
    );
    assert_eq!(
        prop(&stored, &["user_metadata", "newsletter"]).as_deref(),
        Some("true")
    );
    assert_eq!(
        prop(&stored, &["user_metadata", "source"]).as_deref(),
        Some("spring-campaign"),
        "hidden value sent"
    );
}
