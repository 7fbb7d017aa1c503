//! `make demo` as a person meets it: `scripts/demo` (`cargo xtask demo`, which
//! `make demo` runs: the emulator, then `trunk serve` in front of it) started
//! on free ports, and Chromium going through trunk's proxy only.
//!
//! Sign up → forgot password → the demo's menu → "Outbox (emails)" → the
//! reset email's link → a new password → "Password changed"; then the new
//! password gets a token through the proxy and the old one does not, and the
//! emulator counts no change_password request that carried a password.

use fantoccini::{Client, Locator};
use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `scripts/demo` and everything it started (the emulator, trunk), stopped
/// when dropped: it runs in a process group of its own.
struct Demo {
    process: Child,
    log: PathBuf,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.process.id()))
            .status();
        let _ = self.process.wait();
    }
}

impl Demo {
    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

/// Starts `scripts/demo` on free ports and waits until trunk serves the demo
/// page. The first run builds the demo (and `make dist`), hence the long wait.
fn start_demo() -> (Demo, String, String) {
    let (demo_port, tenant_port) = (e2e::free_port(), e2e::free_port());
    assert_ne!(demo_port, tenant_port, "two free ports, not one twice");
    let log = e2e::repo(&format!("target/demo-test-{demo_port}.log"));
    let out = File::create(&log).unwrap();
    let process = Command::new(e2e::repo("scripts/demo"))
        .env("DEMO_PORT", demo_port.to_string())
        .env("TENANT_PORT", tenant_port.to_string())
        // The emulator's hook for extra flags: a store of the test's own, not
        // the users a person keeps in the demo's database between runs.
        .env("DEMO_TENANT_ARGS", "--db :memory:")
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .process_group(0)
        .spawn()
        .expect("scripts/demo");
    let mut demo = Demo { process, log };
    let base = format!("http://127.0.0.1:{demo_port}");
    let started = Instant::now();
    loop {
        if let Some(status) = demo.process.try_wait().unwrap() {
            panic!(
                "scripts/demo ended ({status}) before serving:\n{}",
                demo.log_tail()
            );
        }
        // trunk answers once its first build is in place.
        if let Ok(page) = ureq::get(&format!("{base}/")).call() {
            let html = page.into_string().unwrap_or_default();
            if html.contains("auth-widget demo") && html.contains(".wasm") {
                break;
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(900),
            "trunk serve did not serve the demo within 15 minutes:\n{}",
            demo.log_tail()
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    eprintln!(
        "demo: scripts/demo served {base} after {:.1} s",
        started.elapsed().as_secs_f64()
    );
    (demo, base, format!("http://127.0.0.1:{tenant_port}"))
}

async fn wait_for(
    browser: &Client,
    what: &str,
    locator: Locator<'_>,
) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(locator)
        .await
        .unwrap_or_else(|e| panic!("waiting for {what}: {e}"))
}

async fn type_into(browser: &Client, css: &str, text: &str) {
    wait_for(browser, css, Locator::Css(css))
        .await
        .send_keys(text)
        .await
        .unwrap();
}

async fn click(browser: &Client, what: &str, locator: Locator<'_>) {
    wait_for(browser, what, locator)
        .await
        .click()
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn make_demo_signs_up_and_resets_a_password_through_trunks_proxy() {
    let (demo, base, tenant) = tokio::task::spawn_blocking(start_demo).await.unwrap();
    let (_driver, browser) = e2e::chromium().await;
    let (email, old_password, new_password) = (
        "demo-person@example.com",
        "Correct-Horse-7",
        "Battery-Staple-9",
    );

    browser.goto(&format!("{base}/")).await.unwrap();
    type_into(&browser, "input[type=email]", email).await;
    type_into(&browser, "input[autocomplete=new-password]", old_password).await;
    click(&browser, "Sign up", Locator::Css("button[type=submit]")).await;
    // The widget's live region: the success, or the error that 421 became.
    assert!(
        e2e::eventually(
            &browser,
            "document.querySelector('.aw-success')?.textContent.trim() || document.querySelector('[role=alert]')?.textContent.trim()"
        )
        .await,
        "the sign-up ended in neither a success nor an error"
    );
    let said = e2e::js(
        &browser,
        "return [document.querySelector('.aw-success')?.textContent ?? '', document.querySelector('[role=alert]')?.textContent ?? ''].join(' | ')",
    )
    .await;
    assert!(
        said.as_str()
            .unwrap_or_default()
            .contains("account was created"),
        "sign-up through trunk's proxy: the widget said {said}\n{}",
        demo.log_tail()
    );

    click(
        &browser,
        "the forgot-password link",
        Locator::Css("button.aw-link"),
    )
    .await;
    wait_for(
        &browser,
        "the forgot-password screen",
        Locator::XPath("//h2[text()='Reset your password']"),
    )
    .await;
    click(&browser, "Send", Locator::Css("button[type=submit]")).await;
    let confirmation = wait_for(
        &browser,
        "the reset confirmation",
        Locator::XPath("//p[@role='status' and normalize-space(.)!='']"),
    )
    .await;
    assert!(confirmation
        .text()
        .await
        .unwrap()
        .contains("we have sent it a link"));

    // The demo's menu, as a person finds the email.
    click(
        &browser,
        "the menu's outbox link",
        Locator::LinkText("Outbox (emails)"),
    )
    .await;
    let link = wait_for(
        &browser,
        "the reset email in the outbox",
        Locator::XPath("//li[strong[text()='Reset your password']]/a[text()='Open the link']"),
    )
    .await;
    let href = link.attr("href").await.unwrap().unwrap_or_default();
    assert!(
        href.starts_with(&format!("{base}/lo/reset?")),
        "the reset link points at the demo's origin: {href}"
    );
    link.click().await.unwrap();
    type_into(&browser, "#password", new_password).await;
    type_into(&browser, "#confirm", new_password).await;
    click(
        &browser,
        "Change password",
        Locator::Css("button[type=submit]"),
    )
    .await;
    let done = wait_for(
        &browser,
        "the reset page's answer",
        Locator::XPath("//h1[text()='Password changed']"),
    )
    .await;
    assert_eq!(done.text().await.unwrap(), "Password changed");
    browser.close().await.unwrap();

    e2e::assert_password_changed(&base, email, old_password, new_password);
    e2e::assert_change_password_requests_without_password(&tenant, 1);
    drop(demo);
}
