//! `cargo xtask wasm-test chromium|firefox|webkit [cargo test args...]`:
//! the wasm-bindgen-test browser tests (tests/*.rs) in one headless browser,
//! against an emulator started here with tests/tenant.toml (unless
//! AUTH_WIDGET_TEST_TENANT already names one), through [`crate::runner`].
//! Without arguments: every test, then the tests whose output carries
//! figures again, with their output.

use crate::runner::AS_RUNNER;
use crate::tenant::Tenant;
use crate::toolchain::Toolchain;
use crate::{env_or, run};
use anyhow::{bail, Context, Result};
use std::env;
use std::fs;
use std::process::Command;

/// The browsers, as `wasm-test` names them.
pub const BROWSERS: [&str; 3] = ["chromium", "firefox", "webkit"];

/// The WebDriver wasm-bindgen-test-runner uses for `browser`: the variable
/// that names it, and the program.
fn driver(toolchain: &Toolchain, browser: &str) -> Result<(&'static str, String)> {
    Ok(match browser {
        "chromium" => ("CHROMEDRIVER", "/usr/bin/chromedriver".into()),
        "firefox" => (
            "GECKODRIVER",
            toolchain
                .tools
                .join("cargo/bin/geckodriver")
                .display()
                .to_string(),
        ),
        // WebKitGTK's WebDriver, which wasm-bindgen-test-runner drives as it
        // would safaridriver (it passes --port=N, asks for no capabilities,
        // and WebKitWebDriver then starts its default browser, MiniBrowser),
        // on a virtual X server that lives as long as the test run (see
        // `cargo_test`): MiniBrowser's own --headless hung here.
        "webkit" => ("SAFARIDRIVER", "/usr/bin/WebKitWebDriver".into()),
        _ => bail!("unknown browser: {browser}"),
    })
}

pub fn wasm_test(toolchain: &Toolchain, browser: &str, args: &[String]) -> Result<()> {
    let driver = driver(toolchain, browser)?;
    let (_tenant, tenant_url) = match env::var("AUTH_WIDGET_TEST_TENANT") {
        Ok(url) if !url.is_empty() => (None, url),
        _ => {
            let tenant = start_tenant(toolchain)?;
            let url = tenant.url.clone();
            (Some(tenant), url)
        }
    };
    println!(
        "== browser tests in headless {browser} (wasm toolchain: {})",
        toolchain.wasm
    );
    let test = |args: &[&str]| -> Result<()> {
        run(cargo_test(toolchain, browser, driver.clone(), &tenant_url)?.args(args))
    };
    if !args.is_empty() {
        return test(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    // Everything, then the tests whose output carries figures (lifecycle:
    // case counts, memory; hostile input: payloads rendered, none
    // executed) again, with their output.
    test(&[
        "--",
        "--skip",
        "random_sequences_mount",
        "--skip",
        "show_destroy_cycles",
        "--skip",
        "every_text_the_widget_shows",
    ])?;
    test(&["--test", "lifecycle", "--", "--nocapture"])?;
    test(&[
        "--test",
        "hostile",
        "--",
        "--nocapture",
        "every_text_the_widget_shows",
    ])
}

/// The emulator with the browser tests' tenant, on TENANT_PORT (8790). It
/// also serves the language files (i18n/), as a page's server would.
fn start_tenant(toolchain: &Toolchain) -> Result<Tenant> {
    let root = &toolchain.root;
    let assets = root.join("target/test-assets");
    fs::create_dir_all(&assets)?;
    let link = assets.join("i18n");
    let _ = fs::remove_file(&link);
    std::os::unix::fs::symlink(root.join("src/i18n/languages"), &link)
        .with_context(|| format!("linking {}", link.display()))?;
    let port = env_or("TENANT_PORT", "8790");
    let args = [
        "--db".into(),
        ":memory:".into(),
        "--config".into(),
        root.join("tests/tenant.toml").display().to_string(),
        "--test-routes".into(),
        "--static".into(),
        assets.display().to_string(),
    ];
    Tenant::start(root, &port, &args)
}

/// `cargo test --target wasm32-unknown-unknown --features embed` for
/// `browser`, with its driver only, the xtask as cargo's runner, the tests
/// served from a fixed origin (which tests/tenant.toml allows); WebKit's
/// run under `xvfb-run -a`.
fn cargo_test(
    toolchain: &Toolchain,
    browser: &str,
    (variable, driver): (&str, String),
    tenant_url: &str,
) -> Result<Command> {
    let mut command = if browser == "webkit" {
        let mut command = toolchain.wasm_command("xvfb-run")?;
        command.args(["-a", "cargo"]);
        command
    } else {
        toolchain.wasm_command("cargo")?
    };
    for other in ["CHROMEDRIVER", "GECKODRIVER", "SAFARIDRIVER"] {
        command.env_remove(other);
    }
    command
        .current_dir(&toolchain.root)
        .env(variable, driver)
        .env("AUTH_WIDGET_TEST_TENANT", tenant_url)
        .env(
            "WASM_BINDGEN_TEST_ADDRESS",
            env_or("WASM_BINDGEN_TEST_ADDRESS", "127.0.0.1:8791"),
        )
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            env::current_exe().context("the xtask's own path")?,
        )
        .env(AS_RUNNER, "1")
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            toolchain.root.join("webdriver.json"),
        )
        .env(
            "WASM_BINDGEN_TEST_TIMEOUT",
            env_or("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        )
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--features",
            "embed",
        ]);
    Ok(command)
}
