//! A person's path through the built widget, end to end: the demo's release
//! build (target/site, built by `make test` before this runs) served by the emulator
//! (`--static`), driven in Chromium, Firefox and WebKit through WebDriver.
//!
//! Sign up → switch to forgot-password → request a reset → read the link
//! from the outbox → set a new password on the reset page → the new password
//! gets a token and the old one does not. The emulator then confirms that no
//! change_password request carried a password.

use e2e::Engine;
use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use fantoccini::Locator;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

fn dist_dir() -> PathBuf {
    let dir = std::env::var_os("AUTH_WIDGET_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| e2e::repo("target/site"));
    assert!(
        dir.join("index.html").exists(),
        "no built widget in {} (make test builds it with cargo xtask size first)",
        dir.display()
    );
    dir
}

async fn start_emulator() -> (String, Arc<AppState>) {
    let state = Arc::new(AppState::new(
        Config::embedded_default(),
        Store::open(":memory:").unwrap(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(emulator::serve(listener, state.clone(), Some(dist_dir())));
    (base, state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_forget_reset_and_log_in_with_the_new_password() {
    for engine in Engine::all() {
        eprintln!("{}: a person's path", engine.name());
        path(engine).await;
    }
}

async fn path(engine: Engine) {
    let (base, state) = start_emulator().await;
    let (_driver, browser) = e2e::browser(engine).await;
    let wait = || browser.wait().at_most(Duration::from_secs(20));
    let (email, old_password, new_password) =
        ("person@example.com", "Correct-Horse-7", "Battery-Staple-9");

    browser.goto(&format!("{base}/")).await.unwrap();
    wait()
        .for_element(Locator::Css("input[type=email]"))
        .await
        .unwrap()
        .send_keys(email)
        .await
        .unwrap();
    browser
        .find(Locator::Css("input[autocomplete=new-password]"))
        .await
        .unwrap()
        .send_keys(old_password)
        .await
        .unwrap();
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let status = wait()
        .for_element(Locator::Css(".aw-success"))
        .await
        .unwrap();
    assert!(status.text().await.unwrap().contains("account was created"));
    assert_eq!(e2e::token_status(&base, email, old_password), 200);

    browser
        .find(Locator::Css("button.aw-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let heading = wait()
        .for_element(Locator::XPath("//h2[text()='Reset your password']"))
        .await
        .unwrap();
    assert_eq!(heading.text().await.unwrap(), "Reset your password");
    let email_input = browser
        .find(Locator::Css("input[type=email]"))
        .await
        .unwrap();
    assert_eq!(
        email_input.prop("value").await.unwrap().as_deref(),
        Some(email),
        "the email carried over"
    );
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let confirmation = wait()
        .for_element(Locator::XPath(
            "//p[@role='status' and normalize-space(.)!='']",
        ))
        .await
        .unwrap();
    assert!(confirmation
        .text()
        .await
        .unwrap()
        .contains("we have sent it a link"));

    let outbox: Value = ureq::get(&format!("{base}/outbox.json"))
        .call()
        .unwrap()
        .into_json()
        .unwrap();
    assert_eq!(outbox[0]["to"], email);
    let link = outbox[0]["link"].as_str().unwrap().to_owned();
    browser.goto(&link).await.unwrap();
    wait()
        .for_element(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(new_password)
        .await
        .unwrap();
    browser
        .find(Locator::Id("confirm"))
        .await
        .unwrap()
        .send_keys(new_password)
        .await
        .unwrap();
    browser
        .find(Locator::Css("button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let done = wait()
        .for_element(Locator::XPath("//h1[text()='Password changed']"))
        .await
        .unwrap();
    assert_eq!(done.text().await.unwrap(), "Password changed");

    e2e::assert_password_changed(&base, email, old_password, new_password);

    e2e::assert_change_password_requests_without_password(&base, 1);
    assert_eq!(
        state
            .stats
            .change_password_with_password
            .load(std::sync::atomic::Ordering::Relaxed),
        0
    );
    browser.close().await.unwrap();
}
