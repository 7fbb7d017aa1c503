//! axe-core (pinned in e2e/axe, loaded into the page from the test server,
//! which a strict CSP would allow too) finds no violation in any state of
//! the widget, in every engine: sign-up empty, with field errors, with a
//! server error, pending and done; forgot-password empty and sent; the
//! modal; the dark theme; Arabic, right to left; 320 px wide. The count per
//! state is printed.

mod common;

use e2e::{repo, Driver, Engine};
use emulator::config::Config;
use fantoccini::Client;
use serde_json::Value;
use tower_http::services::ServeDir;

struct Session {
    browser: Client,
    base: String,
    /// An origin that takes connections and never answers: requests to it
    /// stay pending.
    silent: String,
    _driver: Driver,
}

async fn start(engine: Engine) -> Session {
    assert!(
        repo("e2e/axe/node_modules/axe-core/axe.min.js").exists(),
        "axe-core is missing (make test installs it into e2e/axe)"
    );
    assert!(
        repo("dist/auth-widget.js").exists(),
        "no dist/ (make test builds it first)"
    );
    let state = common::tenant(Config::embedded_default());
    let app = emulator::app(state.clone(), None)
        .nest_service("/dist", ServeDir::new(repo("dist")))
        .nest_service("/axe", ServeDir::new(repo("e2e/axe")));
    let base = common::serve(state, app).await;
    let silent_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent = format!("http://{}", silent_listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((connection, _)) = silent_listener.accept().await {
            held.push(connection);
        }
    });
    let (driver, browser) = e2e::browser(engine).await;
    Session {
        browser,
        base,
        silent,
        _driver: driver,
    }
}

impl Session {
    async fn js(&self, script: &str) -> Value {
        e2e::js(&self.browser, script).await
    }

    async fn until(&self, what: &str, script: &str) {
        assert!(
            e2e::eventually(&self.browser, script).await,
            "timed out waiting for {what}"
        );
    }

    async fn show(&self, options: &str, domain: &str) {
        e2e::show_on_test_page(&self.browser, &self.base, domain, options).await
    }

    async fn fill(&self, selector: &str, value: &str) {
        e2e::fill(&self.browser, selector, value).await
    }

    async fn submit(&self) {
        e2e::submit(&self.browser).await
    }

    /// axe-core's violations inside `context` (a selector), as
    /// "rule (impact): nodes" lines.
    async fn violations(&self, context: &str) -> Vec<String> {
        self.js(
            "if (!window.axe) { const s = document.createElement('script'); \
             s.src = '/axe/node_modules/axe-core/axe.min.js'; document.head.append(s); }",
        )
        .await;
        self.until("axe-core", "window.axe").await;
        let found = self
            .js(&format!(
                "return axe.run(document.querySelector('{context}'), {{resultTypes: ['violations']}}) \
                 .then(r => r.violations.map(v => `${{v.id}} (${{v.impact}}): ` + \
                 v.nodes.map(n => n.target.join(' ')).join(', ')))"
            ))
            .await;
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_axe_violations_in_any_state() {
    for engine in Engine::all() {
        states_in(engine).await;
    }
}

async fn states_in(engine: Engine) {
    let s = start(engine).await;
    let origin = s.base.clone();
    let mut report = Vec::new();
    let mut check = |state: &str, violations: Vec<String>| {
        println!(
            "axe ({}): {state}: {} violations",
            engine.name(),
            violations.len()
        );
        report.push((state.to_owned(), violations));
    };

    s.show("{}", &origin).await;
    // axe works in this engine: an input without a label beside the widget
    // is reported.
    s.js("const control = document.createElement('div'); control.id = 'control'; \
          control.append(document.createElement('input')); document.querySelector('main').append(control);")
        .await;
    let control = s.violations("#control").await;
    assert!(
        control.iter().any(|v| v.starts_with("label ")),
        "{}: axe did not report an unlabelled input: {control:?}",
        engine.name()
    );
    s.js("document.getElementById('control').remove()").await;
    check("sign-up, empty", s.violations("#widget").await);

    s.submit().await;
    s.until(
        "the field errors",
        "document.querySelector('.aw-field-error:not(:empty)')",
    )
    .await;
    check("sign-up, field errors", s.violations("#widget").await);

    let taken = format!("taken-{}@example.com", emulator::random_hex(4));
    s.js(&format!(
        "return fetch('/dbconnections/signup', {{method: 'POST', headers: {{'Content-Type': 'application/json'}}, \
         body: JSON.stringify({{client_id: 'demo-client', email: '{taken}', password: 'Correct-Horse-7', \
         connection: 'Username-Password-Authentication'}})}}).then(r => r.status)"
    ))
    .await;
    s.fill("input[type=email]", &taken).await;
    s.fill("input[autocomplete=new-password]", "Correct-Horse-7")
        .await;
    s.submit().await;
    s.until(
        "the server's refusal",
        "document.querySelector('[role=alert]').textContent.trim()",
    )
    .await;
    check("sign-up, server error", s.violations("#widget").await);

    s.show("{requestTimeout: 600000}", &s.silent).await;
    s.fill("input[type=email]", "pending@example.com").await;
    s.fill("input[autocomplete=new-password]", "Correct-Horse-7")
        .await;
    s.submit().await;
    s.until(
        "the pending state",
        "document.querySelector('form[aria-busy=true]')",
    )
    .await;
    check("sign-up, pending", s.violations("#widget").await);

    s.show("{}", &origin).await;
    s.fill(
        "input[type=email]",
        &format!("new-{}@example.com", emulator::random_hex(4)),
    )
    .await;
    s.fill("input[autocomplete=new-password]", "Correct-Horse-7")
        .await;
    s.submit().await;
    s.until(
        "the success message",
        "document.querySelector('.aw-success')",
    )
    .await;
    check("sign-up, success", s.violations("#widget").await);

    s.show("{initialScreen: 'forgotPassword'}", &origin).await;
    check("forgot-password, empty", s.violations("#widget").await);
    s.fill("input[type=email]", "someone@example.com").await;
    s.submit().await;
    s.until("the confirmation", "document.querySelector('.aw-success')")
        .await;
    check("forgot-password, sent", s.violations("#widget").await);

    s.show("{container: undefined}", &origin).await;
    s.until(
        "the modal",
        "document.querySelector('dialog.aw-dialog')?.open",
    )
    .await;
    check("modal", s.violations("dialog.aw-dialog").await);

    s.show("{theme: {mode: 'dark'}}", &origin).await;
    check("dark", s.violations("#widget").await);

    s.show("{language: 'ar'}", &origin).await;
    s.until("Arabic", "document.querySelector('.aw-root[dir=rtl]')")
        .await;
    check("Arabic, right to left", s.violations("#widget").await);

    s.js("document.getElementById('widget').style.width = '320px'")
        .await;
    s.show("{}", &origin).await;
    s.js("document.getElementById('widget').style.width = '320px'")
        .await;
    check("320 px wide", s.violations("#widget").await);

    s.browser.close().await.unwrap();
    let failing: Vec<_> = report.iter().filter(|(_, v)| !v.is_empty()).collect();
    assert!(
        failing.is_empty(),
        "{}: axe found {failing:#?}",
        engine.name()
    );
}
