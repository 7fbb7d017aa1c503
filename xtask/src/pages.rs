//! Steps that build or load pages: `cargo xtask ssr-app` (the
//! server-rendered example), `smoke-dist` (the optimised demo started in
//! Chromium), `screenshots` (the README's pictures) and `fuzz`.

use crate::tenant::Tenant;
use crate::toolchain::Toolchain;
use crate::{free_port, run, KillOnDrop, Scratch};
use anyhow::{bail, Context, Result};
use std::net::TcpStream;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;
use std::{env, fs};

/// Builds examples/ssr-app the way cargo-leptos would, with plain cargo and
/// wasm-bindgen (cargo-leptos downloads tools at build time, which a
/// machine without the internet cannot): the server binary with `ssr`, the
/// client library for wasm32 with `hydrate`, and its JS glue and wasm in
/// target/ssr-app/site/pkg, which the server serves (SITE_ROOT). Returns
/// the server binary's path.
pub fn ssr_app(toolchain: &Toolchain) -> Result<PathBuf> {
    let root = &toolchain.root;
    run(Command::new("cargo").current_dir(root).args([
        "build",
        "-q",
        "-p",
        "ssr-app",
        "--bin",
        "ssr-app",
        "--features",
        "ssr",
    ]))?;
    run(toolchain
        .wasm_command("cargo")?
        .current_dir(root)
        .args([
            "build",
            "-q",
            "-p",
            "ssr-app",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["--features", "hydrate", "--profile", "example-wasm"]))?;
    let pkg = root.join("target/ssr-app/site/pkg");
    if pkg.exists() {
        fs::remove_dir_all(&pkg)?;
    }
    fs::create_dir_all(&pkg)?;
    let wasm = toolchain
        .wasm_target_dir()
        .join("wasm32-unknown-unknown/example-wasm/ssr_app.wasm");
    crate::bindgen(&wasm, &pkg, "ssr_app")?;
    // du -k's figure: the blocks the file takes, in KiB.
    let kib = fs::metadata(pkg.join("ssr_app_bg.wasm"))?.blocks() / 2;
    eprintln!("ssr-app: {kib} KiB of wasm in {}", pkg.display());
    Ok(root.join("target/debug/ssr-app"))
}

/// headless Chromium as a user might run it, with a profile of its own,
/// stopped after 60 s.
fn chromium(profile: &Path) -> Command {
    let mut command = Command::new("timeout");
    command
        .args([
            "60",
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
        ])
        .args([
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .arg("--disable-sync")
        .arg(format!("--user-data-dir={}", profile.display()))
        .stderr(Stdio::null());
    command
}

/// Loads the optimised demo build (target/site) in headless Chromium and
/// checks that the wasm started and rendered the widget. An optimiser that
/// produces a page that never starts fails here, not in front of a user.
pub fn smoke_dist(root: &Path) -> Result<()> {
    if !root.join("target/site/index.html").is_file() {
        bail!("smoke-dist: no target/site/index.html (run cargo xtask size first)");
    }
    let port = free_port()?.to_string();
    let _server = KillOnDrop(
        Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port,
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(root.join("target/site"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting python3 -m http.server")?,
    );
    for _ in 0..50 {
        if TcpStream::connect(format!("127.0.0.1:{port}")).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let profile = Scratch::new("auth-widget-smoke-dist")?;
    let dom = chromium(&profile.0)
        .args(["--virtual-time-budget=10000", "--dump-dom"])
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if dom.contains(r#"class="aw-root""#) {
        println!("smoke-dist: the optimised build started in Chromium");
        println!("smoke-dist: 1 passed, 0 failed");
        return Ok(());
    }
    println!("smoke-dist: the optimised build did not render the widget; DOM was:");
    let head: String = dom.chars().take(2000).collect();
    println!("{head}");
    println!("smoke-dist: 0 passed, 1 failed");
    bail!("smoke-dist failed")
}

/// Makes the README's screenshots (docs/*.png) with headless Chromium: the
/// release build served by the emulator, one picture per screen.
pub fn screenshots(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    let xtask = env::current_exe().context("the xtask's own path")?;
    for step in ["dist", "size"] {
        run(Command::new(&xtask).arg(step).stdout(Stdio::null()))?;
    }
    let site = root.join("target/site").display().to_string();
    let tenant = Tenant::start(
        root,
        "0",
        &["--db".into(), ":memory:".into(), "--static".into(), site],
    )?;
    let profile = Scratch::new("auth-widget-screenshots")?;
    let shots = [
        ("", "docs/sign-up.png"),
        ("?screen=forgot", "docs/forgot-password.png"),
        // Through the embed bundle: dark theme, and Arabic (right to left).
        ("examples/languages.html?mode=dark", "docs/dark.png"),
        ("examples/languages.html?lang=ar", "docs/rtl-arabic.png"),
        (
            "examples/languages.html?lang=ja&screen=forgotPassword",
            "docs/japanese-forgot-password.png",
        ),
    ];
    for (page, png) in shots {
        run(chromium(&profile.0)
            .current_dir(root)
            .args([
                "--hide-scrollbars",
                "--virtual-time-budget=5000",
                "--window-size=640,760",
            ])
            .arg(format!("--screenshot={png}"))
            .arg(format!("{}/{page}", tenant.url)))?;
        println!("screenshots: {png}");
    }
    Ok(())
}

/// `make fuzz [FUZZ_SECONDS=N]`: the JSON reader's differential test
/// against serde_json (src/json/differential.rs), for N seconds (default
/// 60) from a seed taken from the clock, optimised so that more cases fit.
/// It prints the cases run and the disagreements (each with the seed to
/// replay it: AW_FUZZ_SEED=S make fuzz) and fails on any disagreement.
/// Exits with 2 when `seconds` is not a whole number.
pub fn fuzz(root: &Path, seconds: &str) -> Result<ExitCode> {
    if seconds.is_empty() || !seconds.bytes().all(|byte| byte.is_ascii_digit()) {
        eprintln!("fuzz: FUZZ_SECONDS must be a whole number of seconds (got \"{seconds}\")");
        return Ok(ExitCode::from(2));
    }
    run(Command::new("cargo")
        .current_dir(root)
        .env("AW_FUZZ_SECONDS", seconds)
        .args([
            "test",
            "--release",
            "--lib",
            "-q",
            "json::differential",
            "--",
            "--nocapture",
        ]))?;
    Ok(ExitCode::SUCCESS)
}
