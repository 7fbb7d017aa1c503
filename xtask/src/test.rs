//! `cargo xtask test` (`make test`): native tests and property tests,
//! browser tests in Chromium, Firefox and WebKit, a release build that must
//! start in Chromium, the size guard, the embed bundle, the npm package met
//! as its users meet it (types, Vite, esbuild, Rollup, webpack, Parcel,
//! React), the Leptos example apps' builds (client-rendered, and
//! server-rendered with hydration), and end-to-end runs in Chromium,
//! Firefox and WebKit (make demo itself among them, through trunk's proxy).
//! Stops at the first failure, with a non-zero exit. Run after
//! scripts/bootstrap (the Makefile does).

use crate::toolchain::Toolchain;
use crate::{dist, generate, npm_consumers, output, package_check, pages, run, size, wasm_test};
use anyhow::{bail, Result};
use std::process::{Command, ExitCode};

pub fn test(toolchain: &Toolchain) -> Result<()> {
    native()?;
    checks(toolchain)?;
    for browser in wasm_test::BROWSERS {
        wasm_test::wasm_test(toolchain, browser, &[])?;
    }
    release(toolchain)?;
    examples(toolchain)?;
    end_to_end()
}

/// `cargo ARGS` in the checkout (ARGS split at spaces, as the shell did).
fn cargo(args: &str) -> Result<()> {
    run(Command::new("cargo")
        .current_dir(crate::toolchain::root())
        .args(args.split_whitespace()))
}

/// The native tests: pure logic, the property tests and the emulator's
/// (their figures shown), the component rendered on a server.
fn native() -> Result<()> {
    println!("== native tests (pure logic, the emulator over real HTTP)");
    cargo("test --workspace --exclude e2e --exclude emulator -- --skip json::differential --skip hostile_shapes")?;
    // The property tests print their figures (cases, agreements): shown.
    println!("== property tests: the JSON reader against serde_json (100,000 cases), the tenant's error shapes bent");
    cargo("test --lib -- --nocapture json::differential hostile_shapes")?;
    // The emulator's tests print figures (lockout, peak memory, timing
    // medians, slow clients): shown, not captured.
    cargo("test -p emulator -- --nocapture")?;
    println!("== the component rendered on a server (ssr, natively): labels, autocomplete, rules, rtl, escaping, ids, threads");
    cargo("test -p auth-widget --features ssr --test server_render")
}

/// What is checked without a browser: the generated lists, the crate's
/// files, its features, its docs and its doc example for wasm32.
fn checks(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    println!("== generated lists: the .d.ts unions, the entry's language files and the demo's wasm-opt flags are the xtask's output from the Rust lists");
    generate::check(root)?;
    println!("generate: ok: the generated lists are the runtime's");
    package_check::check(root)?;
    features()?;
    println!("== docs: cargo doc of the widget crate (the wasm build, all of its public API), warnings denied");
    run(toolchain
        .wasm_command("cargo")?
        .current_dir(root)
        .env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--no-deps", "-q", "-p", "auth-widget"])
        .args(["--target", "wasm32-unknown-unknown", "--features", "embed"]))?;
    println!("== doc example: the crate's front-page example compiled for wasm32, where its view layer is (no_run: no page to mount on)");
    run(toolchain
        .wasm_command("cargo")?
        .current_dir(root)
        .args(["test", "--doc", "-p", "auth-widget"])
        .args(["--target", "wasm32-unknown-unknown", "--features", "csr"]))
}

/// The crate chooses no rendering mode: with `ssr` (a server-rendered
/// app's server build) nothing turns on leptos/csr. (With `csr` this finds
/// it.) The same for a server-rendered app's server (examples/ssr-app).
fn features() -> Result<()> {
    for package in ["auth-widget", "ssr-app"] {
        let tree = output(
            Command::new("cargo")
                .current_dir(crate::toolchain::root())
                .args(["tree", "-p", package, "--features", "ssr"])
                .args(["-e", "features", "-i", "leptos"]),
        )?;
        let tree = String::from_utf8_lossy(&tree);
        let csr: Vec<&str> = tree
            .lines()
            .filter(|line| line.contains("leptos feature \"csr\""))
            .collect();
        if !csr.is_empty() {
            println!("{}", csr.join("\n"));
            bail!("features: {package} with ssr turns on leptos/csr");
        }
        println!("features: {package} with ssr: no leptos/csr");
    }
    Ok(())
}

/// The embed bundle, the demo's release build under the size guard, and
/// that build started in Chromium.
fn release(toolchain: &Toolchain) -> Result<()> {
    println!("== embed bundle (make dist), demo release build, size guard and start check");
    println!("{}", dist::dist(toolchain)?);
    if size::size(toolchain, true)? != ExitCode::SUCCESS {
        bail!("size --check failed");
    }
    pages::smoke_dist(&toolchain.root)
}

/// The npm package in its consumers' builds, and the Leptos example apps.
fn examples(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    println!("== npm package: its generated lists checked above; packed, installed offline, type-checked, built by Vite, esbuild, Rollup, webpack, Parcel and the React example");
    npm_consumers::npm_consumers(toolchain)?;
    println!("== the Leptos example app (examples/leptos-app, the crate by path): trunk build");
    run(toolchain
        .wasm_command("trunk")?
        .current_dir(root.join("examples/leptos-app"))
        .args(["build", "--offline"]))?;
    println!("== the server-rendered example (examples/ssr-app): server binary (ssr) and client wasm (hydrate), plain cargo + wasm-bindgen");
    println!("{}", pages::ssr_app(toolchain)?.display());
    Ok(())
}

/// The end-to-end tests in three engines, then the two whose figures are
/// shown.
fn end_to_end() -> Result<()> {
    println!("== end to end in Chromium, Firefox and WebKit: make demo through trunk's proxy (Chromium), a person's path, the example pages, keyboard only, axe-core, the server-rendered app; the npm consumer builds in Chromium");
    cargo("test -p e2e -- --skip no_axe_violations_in_any_state --skip two_hundred_concurrent_requests")?;
    // The SSR server under 200 concurrent requests: its figures shown.
    cargo("test -p e2e --test ssr_app -- --nocapture two_hundred_concurrent_requests")?;
    // axe-core's findings per state and engine: shown.
    cargo("test -p e2e --test accessibility -- --nocapture")
}
