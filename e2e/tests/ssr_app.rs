//! examples/ssr-app as its users meet it: the server binary (`ssr`) renders
//! the sign-up and forgot-password pages, and the client's wasm (`hydrate`)
//! brings them to life, against the emulator across origins. `make test`
//! builds the app first (`cargo xtask ssr-app`).
//!
//! The browser reaches the app through a small proxy of the test's own that
//! can hold back the wasm (so that the served form can be met before any
//! code runs) and records the page's console errors and warnings (a script
//! it adds at the top of each page's `<head>`).

mod common;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use e2e::{eventually, holds, js, Engine};
use emulator::config::Config;
use fantoccini::{Client, Locator};
use hyper_util::client::legacy::{connect::HttpConnector, Client as HttpClient};
use hyper_util::rt::TokioExecutor;
use serde_json::Value;
use std::fs::File;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// The app's server, stopped when dropped.
struct SsrApp {
    process: Child,
    log: PathBuf,
    origin: String,
}

impl Drop for SsrApp {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl SsrApp {
    /// The server's log so far.
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Its resident memory (VmRSS), in KiB.
    fn resident_kib(&self) -> u64 {
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", self.process.id())).unwrap();
        let line = status
            .lines()
            .find(|line| line.starts_with("VmRSS:"))
            .unwrap();
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }
}

/// Starts the server `cargo xtask ssr-app` built, talking to `tenant`, and waits
/// until it answers.
fn start_ssr_app(tenant: &str) -> SsrApp {
    let binary = e2e::repo("target/debug/ssr-app");
    let site = e2e::repo("target/ssr-app/site");
    assert!(
        binary.exists() && site.join("pkg/ssr_app_bg.wasm").exists(),
        "examples/ssr-app is not built: run cargo xtask ssr-app (make test does)"
    );
    let port = e2e::free_port();
    let log = e2e::repo(&format!("target/ssr-app/server-{port}.log"));
    let out = File::create(&log).unwrap();
    let process = Command::new(binary)
        .env("SSR_APP_ADDR", format!("127.0.0.1:{port}"))
        .env("SITE_ROOT", site)
        .env("AUTH_WIDGET_DOMAIN", tenant)
        .env("AUTH_WIDGET_CLIENT_ID", "demo-client")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .expect("the ssr-app server");
    let app = SsrApp {
        process,
        log,
        origin: format!("http://127.0.0.1:{port}"),
    };
    let started = Instant::now();
    while ureq::get(&format!("{}/signup", app.origin)).call().is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not answer: {}",
            app.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    app
}

/// What the page's console said (errors and warnings), uncaught errors, and
/// the widget events examples/ssr-app logs there.
const CONSOLE_RECORDER: &str = r#"<script>
window.__awConsole = [];
window.__awEvents = [];
const log = console.log.bind(console);
console.log = (...args) => {
  const line = args.map(String).join(" ");
  if (line.startsWith("auth-widget event: ")) window.__awEvents.push(line.slice(19));
  log(...args);
};
for (const level of ["error", "warn"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => { window.__awConsole.push(level + ": " + args.map(String).join(" ")); original(...args); };
}
addEventListener("error", (e) => window.__awConsole.push("uncaught: " + e.message));
addEventListener("unhandledrejection", (e) => window.__awConsole.push("unhandled rejection: " + e.reason));
</script>"#;

#[derive(Clone)]
struct Proxy {
    upstream: String,
    client: HttpClient<HttpConnector, Body>,
    /// While false, requests for `.wasm` files wait.
    wasm_allowed: watch::Receiver<bool>,
}

/// Forwards a request to the app; holds `.wasm` while told to; adds the
/// console recorder to pages; asks the browser to keep nothing (every page
/// load fetches the wasm again, so it can be held again).
async fn forward(State(proxy): State<Proxy>, mut request: Request) -> Response {
    if request.uri().path().ends_with(".wasm") {
        let mut allowed = proxy.wasm_allowed.clone();
        allowed.wait_for(|allowed| *allowed).await.unwrap();
    }
    let path = request
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    *request.uri_mut() = format!("{}{path}", proxy.upstream).parse().unwrap();
    let response = proxy.client.request(request).await.unwrap();
    let (mut parts, body) = response.into_parts();
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let html = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    if !html {
        return Response::from_parts(parts, Body::new(body)).into_response();
    }
    let page = axum::body::to_bytes(Body::new(body), usize::MAX)
        .await
        .unwrap();
    let page = String::from_utf8(page.to_vec()).unwrap().replacen(
        "<head>",
        &format!("<head>{CONSOLE_RECORDER}"),
        1,
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::TRANSFER_ENCODING);
    Response::from_parts(parts, Body::from(page))
}

/// The tenant, the app, and the proxy in front of the app.
struct Setup {
    tenant: String,
    app: SsrApp,
    /// The proxy's origin: the page's origin in the browser.
    origin: String,
    wasm_allowed: watch::Sender<bool>,
}

async fn setup() -> Setup {
    let proxy_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", proxy_listener.local_addr().unwrap());
    // The emulator's own configuration, with the page's origin (the proxy)
    // allowed for the app's client.
    let config = Config::parse(
        &emulator::config::DEFAULT_CONFIG
            .replace("\"http://127.0.0.1:8080\"", &format!("\"{origin}\"")),
    )
    .unwrap();
    let state = common::tenant(config);
    let tenant = common::serve(state.clone(), emulator::app(state, None)).await;
    let app = start_ssr_app(&tenant);
    let (wasm_allowed, receiver) = watch::channel(true);
    let proxy = Proxy {
        upstream: app.origin.clone(),
        client: HttpClient::builder(TokioExecutor::new()).build_http(),
        wasm_allowed: receiver,
    };
    let router = axum::Router::new().fallback(forward).with_state(proxy);
    tokio::spawn(async move { axum::serve(proxy_listener, router).await.unwrap() });
    Setup {
        tenant,
        app,
        origin,
        wasm_allowed,
    }
}

fn unique_email(tag: &str, engine: Engine) -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{tag}-{}-{n}@example.com", engine.name())
}

async fn console(browser: &Client) -> Vec<String> {
    let entries = js(
        browser,
        "return window.__awConsole || ['the console recorder is missing']",
    )
    .await;
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn get_signup_returns_the_form_in_its_html() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let setup = runtime.block_on(setup());
    let page = ureq::get(&format!("{}/signup", setup.app.origin))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    for part in [
        r#"<form method="dialog" novalidate aria-busy="false" class="aw-form">"#,
        r#"autocomplete="email""#,
        r#"autocomplete="new-password""#,
        r#"id="aw-r0-password-rules""#,
        ">Sign up</button>",
        "<style nonce=",
    ] {
        assert!(page.contains(part), "{part} in {page}");
    }
    let page = ureq::get(&format!("{}/forgot", setup.app.origin))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(
        page.contains(">Send email</button>") && !page.contains(r#"type="password""#),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_served_form_takes_typing_before_hydration_and_keeps_it() {
    let setup = setup().await;
    for engine in Engine::all() {
        let (_driver, browser) = e2e::browser(engine).await;
        sign_up_typing_before_hydration(&setup, &browser, engine).await;
        forgot_password(&setup, &browser, engine).await;
        browser.close().await.unwrap();
    }
    let log = setup.app.log();
    assert!(!log.contains("panicked"), "the server panicked: {log}");
}

async fn sign_up_typing_before_hydration(setup: &Setup, browser: &Client, engine: Engine) {
    let email = unique_email("ssr", engine);
    let password = "Correct-Horse-9";
    setup.wasm_allowed.send_replace(false);
    browser
        .goto(&format!("{}/signup", setup.origin))
        .await
        .unwrap();
    // The wasm is held: the form is the server's alone.
    let email_input = browser.find(Locator::Id("aw-r0-email")).await.unwrap();
    assert!(
        email_input.is_displayed().await.unwrap(),
        "{engine:?}: the served form is visible"
    );
    assert!(
        holds(
            browser,
            "!performance.getEntriesByType('resource').some(r => r.name.endsWith('.wasm'))"
        )
        .await,
        "{engine:?}: no wasm has arrived"
    );
    // As a person sees it: no empty alert box or error lines.
    assert!(
        holds(browser, "[...document.querySelectorAll('.aw-alert, .aw-field-error')].every(e => getComputedStyle(e).display == 'none')").await,
        "{engine:?}: an empty message is shown"
    );
    email_input.click().await.unwrap();
    email_input.send_keys(&email).await.unwrap();
    let password_input = browser.find(Locator::Id("aw-r0-password")).await.unwrap();
    password_input.click().await.unwrap();
    password_input.send_keys(password).await.unwrap();
    // Enter before hydration: the served form goes nowhere.
    password_input.send_keys("\u{E007}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        browser.current_url().await.unwrap().path(),
        "/signup",
        "{engine:?}: no page load"
    );
    assert!(
        holds(browser, "!document.querySelector('.aw-rule.aw-met')").await,
        "{engine:?}: no code ran yet"
    );

    setup.wasm_allowed.send_replace(true);
    // Hydrated: the rule checklist catches up with the password typed before.
    assert!(
        eventually(browser, "document.querySelectorAll('[data-rule].aw-met').length == 2").await,
        "{engine:?}: the checklist never followed the password typed before hydration; console: {:?}",
        console(browser).await
    );
    assert!(holds(browser, "document.querySelectorAll('.aw-root').length == 1 && document.querySelectorAll('form').length == 1").await, "{engine:?}: one widget, one form");
    assert_eq!(
        email_input.prop("value").await.unwrap().as_deref(),
        Some(email.as_str()),
        "{engine:?}: the email typed before hydration"
    );
    assert_eq!(
        password_input.prop("value").await.unwrap().as_deref(),
        Some(password),
        "{engine:?}: the password typed before hydration"
    );
    assert!(
        holds(
            browser,
            "document.activeElement && document.activeElement.id == 'aw-r0-password'"
        )
        .await,
        "{engine:?}: focus stayed in the password field"
    );
    // The show/hide button is alive.
    browser
        .find(Locator::Css(".aw-toggle"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        eventually(
            browser,
            "document.getElementById('aw-r0-password').type == 'text'"
        )
        .await,
        "{engine:?}: show password"
    );

    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        eventually(
            browser,
            "document.querySelector('.aw-success')?.textContent.length > 0"
        )
        .await,
        "{engine:?}: sign-up did not succeed: {}; console: {:?}",
        js(
            browser,
            "return document.querySelector('.aw-root').innerText"
        )
        .await,
        console(browser).await
    );
    assert_eq!(
        e2e::token_status(&setup.tenant, &email, password),
        200,
        "{engine:?}: the user exists with that password"
    );
    assert_eq!(
        events(browser).await,
        ["signup ready", "signup submit", "signup success"],
        "{engine:?}: the host heard"
    );
    assert_eq!(
        console(browser).await,
        Vec::<String>::new(),
        "{engine:?}: console errors or warnings"
    );
}

async fn forgot_password(setup: &Setup, browser: &Client, engine: Engine) {
    // An account to reset.
    let email = unique_email("ssr-reset", engine);
    let body = serde_json::json!({"client_id": "demo-client", "email": email, "password": "Correct-Horse-9", "connection": "Username-Password-Authentication"});
    let status = ureq::post(&format!("{}/dbconnections/signup", setup.tenant))
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
        .unwrap()
        .status();
    assert_eq!(status, 200);
    let requests_before = stats(&setup.tenant)["change_password_requests"]
        .as_u64()
        .unwrap();

    browser
        .goto(&format!("{}/forgot", setup.origin))
        .await
        .unwrap();
    // Submitted empty until the widget answers: before hydration the form
    // does nothing; after, validation says what is missing.
    assert!(
        eventually(
            browser,
            "document.getElementById('aw-r0-email-error').textContent.trim().length > 0 || document.querySelector('.aw-form').requestSubmit()"
        )
        .await,
        "{engine:?}: the hydrated form never validated; console: {:?}",
        console(browser).await
    );
    assert!(
        holds(browser, "document.activeElement.id == 'aw-r0-email'").await,
        "{engine:?}: the missing email has focus, not {}",
        js(
            browser,
            "return document.activeElement.outerHTML.slice(0, 200)"
        )
        .await
    );
    let input = browser.find(Locator::Id("aw-r0-email")).await.unwrap();
    input.send_keys(&email).await.unwrap();
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        eventually(
            browser,
            "document.querySelector('.aw-success')?.textContent.length > 0"
        )
        .await,
        "{engine:?}: no reset email was sent: {}; console: {:?}",
        js(
            browser,
            "return document.querySelector('.aw-root').innerText"
        )
        .await,
        console(browser).await
    );
    assert_eq!(
        events(browser).await,
        [
            "forgot_password ready",
            "forgot_password submit",
            "forgot_password success"
        ],
        "{engine:?}: the host heard"
    );
    let outbox: Value = ureq::get(&format!("{}/outbox.json", setup.tenant))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .any(|mail| mail["to"] == email.as_str() && mail["link"].is_string()),
        "{engine:?}: a reset email for {email} in {outbox}"
    );
    e2e::assert_change_password_requests_without_password(&setup.tenant, requests_before + 1);
    // The switch to the other screen, which keeps the email.
    browser
        .find(Locator::Css(".aw-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        eventually(browser, &format!("document.querySelector('[autocomplete=new-password]') && document.querySelector('input[type=email]').value == {email:?}")).await,
        "{engine:?}: the sign-up screen, with the email carried over"
    );
    assert_eq!(
        console(browser).await,
        Vec::<String>::new(),
        "{engine:?}: console errors or warnings"
    );
}

async fn events(browser: &Client) -> Vec<String> {
    let entries = js(browser, "return window.__awEvents").await;
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn stats(tenant: &str) -> Value {
    ureq::get(&format!("{tenant}/emulator/stats.json"))
        .call()
        .unwrap()
        .into_json()
        .unwrap()
}

#[test]
fn two_hundred_concurrent_requests_all_answer() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let setup = runtime.block_on(setup());
    let before = setup.app.resident_kib();
    let started = Instant::now();
    let statuses: Vec<Result<(u16, usize), String>> = std::thread::scope(|scope| {
        let requests: Vec<_> = (0..200)
            .map(|i| {
                let url = format!(
                    "{}/{}",
                    setup.app.origin,
                    if i % 2 == 0 { "signup" } else { "forgot" }
                );
                scope.spawn(move || {
                    let agent = ureq::AgentBuilder::new()
                        .timeout(Duration::from_secs(60))
                        .build();
                    match agent.get(&url).call() {
                        Ok(response) => {
                            let status = response.status();
                            Ok((
                                status,
                                response
                                    .into_string()
                                    .map_or(0, |page| page.matches("class=\"aw-form\"").count()),
                            ))
                        }
                        Err(error) => Err(error.to_string()),
                    }
                })
            })
            .collect();
        requests
            .into_iter()
            .map(|request| request.join().unwrap())
            .collect()
    });
    let elapsed = started.elapsed();
    let after = setup.app.resident_kib();
    let failed: Vec<_> = statuses
        .iter()
        .filter(|s| !matches!(s, Ok((200, 1))))
        .collect();
    println!(
        "ssr-app: 200 concurrent page requests in {} ms; {} answered 200 with one form; server resident memory {} KiB before, {} KiB after",
        elapsed.as_millis(),
        statuses.len() - failed.len(),
        before,
        after
    );
    assert!(
        failed.is_empty(),
        "{} requests failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(5)]
    );
    let log = setup.app.log();
    assert!(!log.contains("panicked"), "the server panicked: {log}");
}
