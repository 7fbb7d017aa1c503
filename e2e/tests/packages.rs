//! The npm package as users meet it: pages of apps that installed it from its
//! packed tarball and were built with each bundler the README names, as it
//! says — Vite, esbuild (with its copy step), Rollup (with node-resolve and
//! @web/rollup-plugin-import-meta-assets), webpack 5 and Parcel 2 — and the
//! React example built with Vite (`cargo xtask npm-consumers`, run by `make test`
//! before this), each served by the emulator and signed up through in
//! Chromium, in French: the wasm and the language file are found after
//! bundling, and the language file is still JSON.

mod common;

use e2e::{repo, Engine};
use emulator::config::Config;
use fantoccini::{Client, Locator};
use tower_http::services::ServeDir;

/// Serves target/npm-consumers/ at /npm/ from the emulator's app (the pages
/// use their origin as the tenant) and opens Chromium.
async fn start() -> (String, e2e::Driver, Client) {
    let built = repo("target/npm-consumers");
    assert!(
        built.join("react/index.html").exists(),
        "no consumer builds in target/npm-consumers (make test runs cargo xtask npm-consumers first)"
    );
    let state = common::tenant(Config::embedded_default());
    let app = emulator::app(state.clone(), None).nest_service("/npm", ServeDir::new(built));
    let base = common::serve(state, app).await;
    let (driver, browser) = e2e::browser(Engine::Chromium).await;
    (base, driver, browser)
}

async fn until(browser: &Client, what: &str, test: &str) {
    assert!(
        e2e::eventually(browser, test).await,
        "timed out waiting for {what}"
    );
}

/// Focuses `selector` under `root` (a JS expression for a document or a
/// shadow root) and types `text` into it, as a person would.
async fn type_into(browser: &Client, root: &str, selector: &str, text: &str) {
    e2e::js(
        browser,
        &format!("{root}.querySelector('{selector}').focus()"),
    )
    .await;
    browser
        .active_element()
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// Signs up through the widget under `root`, which must be in French.
async fn sign_up(browser: &Client, root: &str, email: &str) {
    until(
        browser,
        "the widget's form",
        &format!("{root}.querySelector('.aw-host[data-state=ready] .aw-root form')"),
    )
    .await;
    until(
        browser,
        "the French dictionary (i18n/fr.txt, loaded after bundling)",
        &format!("{root}.querySelector('.aw-root').lang === 'fr'"),
    )
    .await;
    let title = e2e::js(
        browser,
        &format!("return {root}.querySelector('h2').textContent"),
    )
    .await;
    assert_ne!(title, "Sign up", "the title is French, not English");
    type_into(browser, root, "input[type=email]", email).await;
    type_into(
        browser,
        root,
        "input[autocomplete=new-password]",
        "Correct-Horse-7",
    )
    .await;
    e2e::js(
        browser,
        &format!("{root}.querySelector('button[type=submit]').click()"),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bundlers_build_and_the_react_example_sign_up_in_chromium() {
    let (base, _driver, browser) = start().await;
    for build in ["vite", "esbuild", "rollup", "webpack", "parcel"] {
        eprintln!("chromium: the {build} build of a page using the package");
        browser
            .goto(&format!("{base}/npm/{build}/index.html?language=fr"))
            .await
            .unwrap();
        let email = format!("{build}-{}@example.com", emulator::random_hex(5));
        sign_up(&browser, "document", &email).await;
        until(
            &browser,
            &format!("{build}: signup success"),
            "document.querySelector('#log li[data-event=\"signup success\"]')",
        )
        .await;
        let success = e2e::js(
            &browser,
            "return document.querySelector('#log li[data-event=\"signup success\"]').textContent",
        )
        .await;
        assert!(
            success.as_str().unwrap().contains(&email),
            "{build}: {success}"
        );
        let version = e2e::js(&browser, "return document.documentElement.dataset.version").await;
        assert_eq!(
            version,
            e2e::widget_version(),
            "{build}: AuthWidget.version"
        );
    }

    eprintln!("chromium: the React example (Vite)");
    browser
        .goto(&format!("{base}/npm/react/index.html?language=fr"))
        .await
        .unwrap();
    let shadow = "document.querySelector('auth-widget').shadowRoot";
    until(
        &browser,
        "<auth-widget>",
        "document.querySelector('auth-widget')?.shadowRoot",
    )
    .await;
    // The options set through the ref arrived (theme.primaryColor).
    until(
        &browser,
        "the options set through the ref",
        &format!(
            "getComputedStyle({shadow}.querySelector('.aw-submit') ?? document.body).backgroundColor === 'rgb(10, 125, 85)'"
        ),
    )
    .await;
    let email = format!("react-{}@example.com", emulator::random_hex(5));
    sign_up(&browser, shadow, &email).await;
    // The app's listener got the event and re-rendered.
    until(
        &browser,
        "the app's welcome after signup-success",
        "document.getElementById('welcome')",
    )
    .await;
    let welcome = browser
        .find(Locator::Id("welcome"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(welcome.contains(&email), "{welcome}");
    browser.close().await.unwrap();
}
