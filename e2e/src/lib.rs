//! Shared parts of the end-to-end tests (`tests/`): a WebDriver process and
//! a browser session through it, in each engine a person may use:
//! Chromium (chromedriver, headless), Firefox (geckodriver, headless) and
//! WebKit (WebKitGTK's WebDriver driving its MiniBrowser under Xvfb, since
//! MiniBrowser's own headless mode hung here). Capabilities come from the
//! project's committed webdriver.json.

use fantoccini::{Client, ClientBuilder};
use serde_json::Value;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// A browser engine the tests run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    /// Every engine, or those named in `AW_E2E_ENGINES` (comma-separated:
    /// `chromium,firefox,webkit`), to run one while working on it.
    pub fn all() -> Vec<Engine> {
        let every = [Engine::Chromium, Engine::Firefox, Engine::WebKit];
        match std::env::var("AW_E2E_ENGINES") {
            Ok(names) => every
                .into_iter()
                .filter(|engine| names.split(',').any(|n| n.trim() == engine.name()))
                .collect(),
            Err(_) => every.to_vec(),
        }
    }
}

/// A running WebDriver (and, for WebKit, its Xvfb), stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
    /// The driver's and its browser's TMPDIR, removed when dropped: a
    /// browser whose driver is killed leaves its profile behind (Chromium's
    /// `scoped_dir`s grew to tens of MB each), and `make test` opens
    /// hundreds of sessions.
    scratch: PathBuf,
}

impl Driver {
    /// The loopback port it listens on: for the commands fantoccini does not
    /// wrap (Chromium's DevTools bridge, Get Computed Role and Label).
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Its own process group: xvfb-run's X server and the browser go too.
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.child.id()))
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

/// A free loopback port.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The driver command for `engine`, listening on `port`.
fn driver_command(engine: Engine, port: u16) -> Command {
    let tool = |var: &str, default: String| std::env::var(var).unwrap_or(default);
    match engine {
        Engine::Chromium => {
            let mut command = Command::new(tool("CHROMEDRIVER", "/usr/bin/chromedriver".into()));
            command.arg(format!("--port={port}"));
            command
        }
        Engine::Firefox => {
            let tools = std::env::var("AW_TOOLS").unwrap_or_else(|_| {
                format!(
                    "{}/.cache/auth-widget",
                    std::env::var("HOME").unwrap_or_default()
                )
            });
            let mut command = Command::new(tool(
                "GECKODRIVER",
                format!("{tools}/cargo/bin/geckodriver"),
            ));
            command.args(["--host", "127.0.0.1", "--port", &port.to_string()]);
            command
        }
        Engine::WebKit => {
            let mut command = Command::new("xvfb-run");
            command.args(["-a", "WebKitWebDriver", &format!("--port={port}")]);
            command
        }
    }
}

/// The capabilities for `engine`: its entry of webdriver.json.
fn capabilities(engine: Engine) -> serde_json::Map<String, Value> {
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("webdriver.json")).unwrap()).unwrap();
    let key = match engine {
        Engine::Chromium => "goog:chromeOptions",
        Engine::Firefox => "moz:firefoxOptions",
        Engine::WebKit => "webkitgtk:browserOptions",
    };
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(key.into(), all[key].clone());
    capabilities
}

/// Starts the driver for `engine` on a free loopback port and opens a
/// session through it.
pub async fn browser(engine: Engine) -> (Driver, Client) {
    let port = free_port();
    let scratch = std::env::temp_dir().join(format!(
        "auth-widget-{}-{}-{port}",
        engine.name(),
        std::process::id()
    ));
    std::fs::create_dir_all(&scratch).unwrap();
    let driver = driver_command(engine, port)
        .env("TMPDIR", &scratch)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map(|child| Driver {
            child,
            port,
            scratch,
        })
        .unwrap_or_else(|e| panic!("the {} driver (make test installs it): {e}", engine.name()));
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let capabilities = capabilities(engine);
    // A driver that listens may still drop the first connection while it
    // starts (seen once as "connection reset by peer"): try a few times.
    let mut attempt = 0;
    let client = loop {
        let session = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match session {
            Ok(client) => break client,
            Err(error) if attempt < 5 => {
                attempt += 1;
                eprintln!("{}: no session yet ({error}); trying again", engine.name());
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(error) => panic!("a {} session: {error}", engine.name()),
        }
    };
    (driver, client)
}

/// A headless Chromium session (the tests that run in Chromium only).
pub async fn chromium() -> (Driver, Client) {
    browser(Engine::Chromium).await
}

/// Runs `script` (a function body) in the page and returns its value.
pub async fn js(browser: &Client, script: &str) -> Value {
    browser.execute(script, vec![]).await.unwrap()
}

/// Whether the JS expression `test` holds now (an error counts as no: the
/// element may not be there yet).
pub async fn holds(browser: &Client, test: &str) -> bool {
    js(
        browser,
        &format!("try {{ return !!({test}); }} catch (e) {{ return false; }}"),
    )
    .await
        == Value::Bool(true)
}

/// Waits up to 10 s until the JS expression `test` holds; `false` if it
/// never did (the caller says what it waited for).
pub async fn eventually(browser: &Client, test: &str) -> bool {
    for _ in 0..200 {
        if holds(browser, test).await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// The widget crate's version, from its Cargo.toml (the one source the npm
/// package and `AuthWidget.version` take it from).
pub fn widget_version() -> String {
    let manifest = std::fs::read_to_string(repo("Cargo.toml")).unwrap();
    let package = &manifest[manifest.find("[package]").unwrap()..];
    let line = package
        .lines()
        .find(|line| line.starts_with("version = "))
        .unwrap();
    line.trim_start_matches("version = ")
        .trim_matches('"')
        .to_owned()
}

/// The status `/oauth/token` at `base` (the tenant, or a proxy in front of
/// it) answers a password-realm login with `email` and `password`: 200 when
/// the password is the account's, 403 when it is not.
pub fn token_status(base: &str, email: &str, password: &str) -> u16 {
    let body = serde_json::json!({
        "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
        "client_id": "demo-client", "realm": "Username-Password-Authentication",
        "username": email, "password": password,
    });
    match ureq::post(&format!("{base}/oauth/token"))
        .set("Content-Type", "application/json")
        .send_string(&body.to_string())
    {
        Ok(response) => response.status(),
        Err(ureq::Error::Status(status, _)) => status,
        Err(error) => panic!("POST {base}/oauth/token: {error}"),
    }
}

/// Checks through `/oauth/token` at `base` that `email`'s password is now
/// `new` and no longer `old`.
pub fn assert_password_changed(base: &str, email: &str, old: &str, new: &str) {
    assert_eq!(
        token_status(base, email, new),
        200,
        "the new password works"
    );
    assert_eq!(token_status(base, email, old), 403, "the old one does not");
}

/// Checks, with the emulator at `tenant`'s own count, that it received
/// `requests` change_password requests and that none carried a password.
pub fn assert_change_password_requests_without_password(tenant: &str, requests: u64) {
    let stats: Value = ureq::get(&format!("{tenant}/emulator/stats.json"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(stats["change_password_requests"], requests, "{stats}");
    assert_eq!(
        stats["change_password_with_password"], 0,
        "no change_password request carried a password"
    );
}

/// Presses each key in turn (down, then up), as a person on a keyboard.
pub async fn press(browser: &Client, keys: &[char]) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".into());
    for &key in keys {
        actions = actions
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
    }
    browser.perform_actions(actions).await.unwrap();
}

/// Opens `{base}/axe/page.html` (e2e/axe/page.html, served by the test) and
/// shows a widget in its #widget with `options` (a JS expression for an
/// options object, over which `container` is set unless it says otherwise),
/// waiting until its form is there.
pub async fn show_on_test_page(browser: &Client, base: &str, domain: &str, options: &str) {
    browser
        .goto(&format!("{base}/axe/page.html"))
        .await
        .unwrap();
    assert!(
        eventually(browser, "window.AuthWidget").await,
        "timed out waiting for the bundle"
    );
    js(
        browser,
        &format!(
            "window.widget = new AuthWidget('demo-client', '{domain}', \
             Object.assign({{container: document.getElementById('widget')}}, {options})); \
             window.widget.show();"
        ),
    )
    .await;
    assert!(
        // Ready: the component itself, not the early form it takes over.
        eventually(
            browser,
            "document.querySelector('.aw-host[data-state=ready] .aw-root form')"
        )
        .await,
        "timed out waiting for the form"
    );
}

/// Sets the value of the field matching `selector` and sends the input
/// event a person's typing would.
pub async fn fill(browser: &Client, selector: &str, value: &str) {
    js(
        browser,
        &format!(
            "const el = document.querySelector('{selector}'); el.value = {value:?}; \
             el.dispatchEvent(new Event('input', {{bubbles: true}}));"
        ),
    )
    .await;
}

/// Clicks the widget's submit button.
pub async fn submit(browser: &Client) {
    js(
        browser,
        "document.querySelector('.aw-root button[type=submit]').click()",
    )
    .await;
}
