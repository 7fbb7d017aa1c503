//! The example pages (examples/*.html) with the embed bundle (dist/, built by
//! `make test` with `cargo xtask dist` first), served by the emulator's app under
//! a strict Content-Security-Policy header, driven in Chromium, Firefox and WebKit:
//! the script-tag API inline and as a modal, and the custom element.

mod common;

use e2e::{repo, Driver, Engine};
use emulator::config::Config;
use fantoccini::{Client, Locator};
use serde_json::Value;
use tower_http::services::ServeDir;

use common::STRICT_CSP;

struct Session {
    browser: Client,
    base: String,
    _driver: Driver,
}

async fn start(engine: Engine) -> Session {
    start_with(Config::embedded_default(), engine).await
}

async fn start_with(config: Config, engine: Engine) -> Session {
    assert!(
        repo("dist/auth-widget.js").exists(),
        "no embed bundle in dist/ (make test runs cargo xtask dist first)"
    );
    let state = common::tenant(config);
    let app = common::with_examples(
        emulator::app(state.clone(), None),
        axum::Router::new().fallback_service(ServeDir::new(repo("dist"))),
    );
    let base = common::serve(state, app).await;

    let (driver, browser) = e2e::browser(engine).await;
    Session {
        browser,
        base,
        _driver: driver,
    }
}

impl Session {
    async fn open(&self, page: &str) {
        self.browser
            .goto(&format!("{}/examples/{page}", self.base))
            .await
            .unwrap();
    }

    async fn js(&self, script: &str) -> Value {
        e2e::js(&self.browser, script).await
    }

    /// Waits until `script` (an expression) is truthy.
    async fn until(&self, what: &str, script: &str) {
        if !e2e::eventually(&self.browser, script).await {
            let log = self
                .js("return document.getElementById('log')?.innerText")
                .await;
            panic!("timed out waiting for {what}; event log: {log}");
        }
    }

    async fn events(&self) -> Vec<String> {
        let names = self
            .js("return [...document.querySelectorAll('#log li')].map(li => li.dataset.event)")
            .await;
        names
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }
}

fn unique_email(tag: &str) -> String {
    format!("{tag}-{}@example.com", emulator::random_hex(5))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inline_script_tag_page_signs_up_under_a_strict_csp() {
    for engine in Engine::all() {
        eprintln!(
            "{}: inline_script_tag_page_signs_up_under_a_strict_csp",
            engine.name()
        );
        inline_script_tag_page_signs_up_under_a_strict_csp_in(engine).await;
    }
}

async fn inline_script_tag_page_signs_up_under_a_strict_csp_in(engine: Engine) {
    let s = start(engine).await;
    for page in ["inline.html", "csp.html"] {
        s.open(page).await;
        s.until(
            "the widget inside #signup",
            "document.querySelector('#signup .aw-host[data-state=ready] .aw-root form')",
        )
        .await;
        // Styles came from the wasm (an adopted sheet) although the page forbids inline styles.
        let background = s.js("return getComputedStyle(document.querySelector('#signup .aw-submit')).backgroundColor").await;
        assert_eq!(
            background, "rgb(10, 125, 85)",
            "{page}: theme.primaryColor applied"
        );
        assert_eq!(
            s.js("return AuthWidget.version").await,
            e2e::widget_version(),
            "AuthWidget.version is the package's"
        );
        let email = unique_email("inline");
        s.browser
            .find(Locator::Css("#signup input[type=email]"))
            .await
            .unwrap()
            .send_keys(&email)
            .await
            .unwrap();
        s.browser
            .find(Locator::Css("#signup input[autocomplete=new-password]"))
            .await
            .unwrap()
            .send_keys("Correct-Horse-7")
            .await
            .unwrap();
        s.browser
            .find(Locator::Css("#signup button[type=submit]"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        s.until(
            "signup success",
            "document.querySelector('#log li[data-event=\"signup success\"]')",
        )
        .await;
        let events = s.events().await;
        assert_eq!(
            events,
            ["show", "signup ready", "signup submit", "signup success"],
            "{page}"
        );
        let success = s.js("return document.querySelector('#log li[data-event=\"signup success\"]').textContent").await;
        assert!(
            success.as_str().unwrap().contains(&email),
            "{page}: the payload carries the email"
        );
    }
    let headers = ureq::get(&format!("{}/examples/csp.html", s.base))
        .call()
        .unwrap();
    assert_eq!(
        headers.header("content-security-policy"),
        Some(STRICT_CSP),
        "served with the strict header"
    );
    s.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_element_renders_in_shadow_dom_and_follows_attributes() {
    for engine in Engine::all() {
        eprintln!(
            "{}: custom_element_renders_in_shadow_dom_and_follows_attributes",
            engine.name()
        );
        custom_element_renders_in_shadow_dom_and_follows_attributes_in(engine).await;
    }
}

async fn custom_element_renders_in_shadow_dom_and_follows_attributes_in(engine: Engine) {
    let s = start(engine).await;
    s.open("custom-element.html").await;
    let widget = "document.querySelector('auth-widget').shadowRoot";
    s.until(
        "the widget in the shadow root",
        &format!("document.querySelector('auth-widget').dataset.state == 'ready' && {widget}.querySelector('.aw-root form')"),
    )
    .await;
    assert_eq!(
        s.js("return document.querySelectorAll('.aw-root').length")
            .await,
        0,
        "nothing leaks into the page DOM"
    );
    let border = s
        .js(&format!(
            "return getComputedStyle({widget}.querySelector('input[type=email]')).borderTopStyle"
        ))
        .await;
    assert_ne!(
        border, "dotted",
        "the page's input style does not reach the shadow root"
    );
    let page_border = s
        .js("return getComputedStyle(document.querySelector('.hostile > input')).borderTopStyle")
        .await;
    assert_eq!(page_border, "dotted", "while it does apply to the page");
    assert!(s.events().await.contains(&"signup-ready".to_owned()));

    s.browser
        .find(Locator::Id("to-forgot"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.until(
        "the forgot-password screen",
        &format!("{widget}.querySelector('h2').textContent === 'Reset your password'"),
    )
    .await;
    s.until(
        "forgot-password-ready",
        "document.querySelector('#log li[data-event=\"forgot-password-ready\"]')",
    )
    .await;

    // Complex options through the property.
    s.js("document.querySelector('auth-widget').options = { prefill: { email: 'prefilled@example.com' } }").await;
    s.until(
        "the prefilled email",
        &format!("{widget}.querySelector('input[type=email]')?.value === 'prefilled@example.com'"),
    )
    .await;
    s.js(&format!(
        "{widget}.querySelector('button[type=submit]').click()"
    ))
    .await;
    s.until(
        "forgot-password-success",
        "document.querySelector('#log li[data-event=\"forgot-password-success\"]')",
    )
    .await;
    let events = s.events().await;
    assert!(
        !events.contains(&"csp-violation".to_owned())
            && !events.contains(&"console-error".to_owned()),
        "{events:?}"
    );
    s.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modal_opens_traps_focus_and_closes_with_escape() {
    for engine in Engine::all() {
        eprintln!(
            "{}: modal_opens_traps_focus_and_closes_with_escape",
            engine.name()
        );
        modal_opens_traps_focus_and_closes_with_escape_in(engine).await;
    }
}

async fn modal_opens_traps_focus_and_closes_with_escape_in(engine: Engine) {
    let s = start(engine).await;
    s.open("modal.html").await;
    s.until("the module", "window.AuthWidget").await;
    s.browser
        .find(Locator::Id("open"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    s.until(
        "an open dialog",
        "document.querySelector('dialog.aw-dialog')?.open",
    )
    .await;
    let focused = s
        .js("return document.activeElement?.getAttribute('type')")
        .await;
    assert_eq!(focused, "email", "focus moves into the dialog");
    assert_eq!(
        s.js("return document.querySelector('dialog.aw-dialog .aw-close').getAttribute('aria-label')").await,
        "Close"
    );
    s.browser
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{e00c}")
        .await
        .unwrap(); // Escape
    s.until(
        "the dialog to close",
        "!document.querySelector('dialog.aw-dialog')",
    )
    .await;
    assert_eq!(s.events().await, ["show", "hide"]);
    s.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn languages_load_beside_the_bundle_and_arabic_is_right_to_left() {
    for engine in Engine::all() {
        eprintln!(
            "{}: languages_load_beside_the_bundle_and_arabic_is_right_to_left",
            engine.name()
        );
        languages_load_beside_the_bundle_and_arabic_is_right_to_left_in(engine).await;
    }
}

async fn languages_load_beside_the_bundle_and_arabic_is_right_to_left_in(engine: Engine) {
    let s = start(engine).await;
    let root = "document.querySelector('#signup .aw-host[data-state=ready] .aw-root')";
    for (lang, dir, title, rule) in [
        ("fr", "ltr", "Créer un compte", "Au moins 8 caractères"),
        ("ja", "ltr", "新規登録", "8 文字以上"),
        // 8 is Polish's "many" (znaków), by the browser's Intl.PluralRules.
        ("pl", "ltr", "Rejestracja", "Co najmniej 8 znaków"),
        ("he", "rtl", "הרשמה", "לפחות 8 תווים"),
        // Last: the layout check below runs on this page.
        ("ar", "rtl", "إنشاء حساب", "8 أحرف على الأقل"),
    ] {
        s.open(&format!("languages.html?lang={lang}")).await;
        s.until(
            &format!("the {lang} widget"),
            &format!("{root}?.getAttribute('lang') === '{lang}'"),
        )
        .await;
        assert_eq!(
            s.js(&format!("return {root}.getAttribute('dir')")).await,
            dir,
            "{lang}"
        );
        assert_eq!(
            s.js(&format!("return {root}.querySelector('h2').textContent"))
                .await,
            title,
            "{lang}"
        );
        let rules = s
            .js(&format!(
                "return {root}.querySelector('[data-rule=lengthAtLeast]').textContent"
            ))
            .await;
        assert!(rules.as_str().unwrap().contains(rule), "{lang}: {rules}");
    }
    // Right-to-left really lays out right to left: the show button sits left of the input.
    let (input_x, button_x) = (
        s.js(&format!(
            "return {root}.querySelector('input[type=password]').getBoundingClientRect().left"
        ))
        .await,
        s.js(&format!(
            "return {root}.querySelector('.aw-toggle').getBoundingClientRect().left"
        ))
        .await,
    );
    assert!(
        button_x.as_f64().unwrap() < input_x.as_f64().unwrap(),
        "RTL: {button_x} < {input_x}"
    );
    s.browser.close().await.unwrap();
}

/// Every language the runtime lists, both screens, in a 320 px wide
/// container (a small phone): the file's words and direction, and nothing
/// wider than its box (a long German, Finnish or Greek word must wrap or
/// fit). Chromium; the three engines run the languages test above.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_language_renders_both_screens_at_320_px_without_overflow() {
    let s = start(Engine::Chromium).await;
    let root = "document.querySelector('#signup .aw-host[data-state=ready] .aw-root')";
    s.open("languages.html").await;
    s.until(
        "the picker",
        "document.querySelectorAll('select[name=lang] option').length > 1",
    )
    .await;
    let languages: Vec<String> =
        serde_json::from_value(s.js("return AuthWidget.languages()").await).unwrap();
    let offered = s
        .js("return [...document.querySelectorAll('select[name=lang] option')].map(o => o.value)")
        .await;
    assert!(languages.len() >= 50, "{} languages", languages.len());
    // `language: "auto"`: the entry module's choice, for the cases the
    // Rust twin is held to (src/i18n/language-cases.json).
    let cases: Value = serde_json::from_str(
        &std::fs::read_to_string(repo("src/i18n/language-cases.json")).unwrap(),
    )
    .unwrap();
    for case in cases.as_array().unwrap() {
        let picked = s
            .js(&format!(
                "return AuthWidget.bestLanguage({})",
                case["preferences"]
            ))
            .await;
        assert_eq!(picked, case["expected"], "auto for {}", case["preferences"]);
    }
    assert_eq!(
        s.js("return AuthWidget.bestLanguage(['constructor', 'toString'])")
            .await,
        "en"
    );
    assert_eq!(
        offered.as_array().unwrap().len(),
        languages.len() + 1,
        "the picker: auto and each language"
    );
    let mut overflowing = Vec::new();
    for lang in &languages {
        let strings: Value = if lang == "en" {
            serde_json::json!({"dir": "ltr", "sign_up_title": "Sign up", "forgot_title": "Reset your password"})
        } else {
            let path = repo(&format!("src/i18n/languages/{lang}.json"));
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
        };
        for (screen, title_key) in [
            ("signUp", "sign_up_title"),
            ("forgotPassword", "forgot_title"),
        ] {
            s.open(&format!("languages.html?lang={lang}&screen={screen}"))
                .await;
            s.until(
                &format!("the {lang} widget"),
                &format!("{root}?.getAttribute('lang') === '{lang}' && {root}.querySelector('h2')"),
            )
            .await;
            let seen = s
                .js(&format!(
                    "const box = document.getElementById('signup');
                     box.style.width = '320px';
                     const root = {root};
                     const wide = [root, ...root.querySelectorAll('*')]
                       .filter(e => !e.classList.contains('aw-sr') && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
                       .map(e => e.tagName + '.' + e.className + ': ' + e.scrollWidth + ' > ' + e.clientWidth);
                     const r = root.getBoundingClientRect();
                     if (r.width > 320.5) wide.push('the widget is ' + r.width + ' px wide');
                     return {{dir: root.getAttribute('dir'), title: root.querySelector('h2').textContent, wide}};"
                ))
                .await;
            assert_eq!(seen["dir"], strings["dir"], "{lang}");
            assert_eq!(seen["title"], strings[title_key], "{lang} {screen}");
            for wide in seen["wide"].as_array().unwrap() {
                overflowing.push(format!("{lang} {screen}: {}", wide.as_str().unwrap()));
            }
        }
    }
    assert!(
        overflowing.is_empty(),
        "wider than 320 px:\n{}",
        overflowing.join("\n")
    );
    s.browser.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configuration_base_url_takes_the_policy_from_the_tenant() {
    for engine in Engine::all() {
        eprintln!(
            "{}: configuration_base_url_takes_the_policy_from_the_tenant",
            engine.name()
        );
        configuration_base_url_takes_the_policy_from_the_tenant_in(engine).await;
    }
}

async fn configuration_base_url_takes_the_policy_from_the_tenant_in(engine: Engine) {
    let config = Config::parse(&emulator::config::DEFAULT_CONFIG.replace(
        "password_policy = \"good\"",
        "password_policy = \"excellent\"\nmin_length = 12",
    ))
    .unwrap();
    let s = start_with(config, engine).await;
    let root = "document.querySelector('#signup .aw-host[data-state=ready] .aw-root')";
    s.open("languages.html?config").await;
    s.until(
        "the widget",
        &format!("{root}?.querySelector('[data-rule=lengthAtLeast]')"),
    )
    .await;
    let rule = s
        .js(&format!(
            "return {root}.querySelector('[data-rule=lengthAtLeast]').textContent"
        ))
        .await;
    let log = s
        .js("return document.getElementById('log').innerText")
        .await;

    assert!(
        rule.as_str().unwrap().contains("At least 12 characters"),
        "{rule}; log: {log}"
    );
    assert_eq!(
        s.js(&format!(
            "return !!{root}.querySelector('[data-rule=identicalChars]')"
        ))
        .await,
        true,
        "the excellent policy's rule is shown"
    );
    s.open("languages.html").await;
    s.until(
        "the widget",
        &format!("{root}?.querySelector('[data-rule=lengthAtLeast]')"),
    )
    .await;
    let rule = s
        .js(&format!(
            "return {root}.querySelector('[data-rule=lengthAtLeast]').textContent"
        ))
        .await;
    assert!(
        rule.as_str().unwrap().contains("At least 8 characters"),
        "without it, the default policy: {rule}"
    );
    s.browser.close().await.unwrap();
}
