//! `cargo xtask bench`: figures, not pass/fail.
//!
//! 1. Size side by side: our dist/ against Lock 14.3 (bundled by esbuild,
//!    minified, production) and auth0.js 10.2.1's auth0.min.js, from npm
//!    into bench/node_modules (git-ignored), with the ratios; then twiggy's
//!    largest items of our wasm.
//! 2. How soon a sign-up form is there in headless Chromium
//!    (e2e/examples/interactive.rs, pages in bench/pages/): ours inline in
//!    English and French, ours as the <auth-widget> element, Lock and a plain
//!    HTML form (the floor), served gzip-compressed with the cache off, in
//!    turns; time to the form visible, to the email field accepting typing
//!    and to the ready event, CLS until ready + 500 ms and bytes over the
//!    wire, median/min/max. Two profiles, a table each: loopback over
//!    BENCH_RUNS (default 20) runs, and Lighthouse's mobile profile (150 ms
//!    RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4x, through the
//!    DevTools protocol) over BENCH_MOBILE_RUNS (default 5), then the
//!    targets against the plain form.
//! 3. Policy evaluation per keystroke, native: ns per call.

use crate::toolchain::Toolchain;
use crate::{dist, output, run};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const TWIGGY: &str = "0.7.0";

pub fn bench(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    let twiggy = prepare(toolchain)?;
    sizes(root)?;
    println!();
    println!("largest items of the wasm (twiggy top, before wasm-opt, names kept):");
    let out = root.join("bench/out");
    crate::bindgen(&toolchain.release_wasm("auth_widget.wasm"), &out, "named")?;
    let top = output(
        Command::new(&twiggy)
            .args(["top", "-n", "16"])
            .arg(out.join("named_bg.wasm")),
    )?;
    for line in String::from_utf8_lossy(&top).lines() {
        println!("{}", line.chars().take(140).collect::<String>());
    }

    println!();
    println!(
        "== 2. time to a visible, interactive, ready sign-up form, loopback and mobile (headless Chromium; best on an idle machine)"
    );
    // BENCH_MOBILE_RUNS reaches the example through the environment.
    let runs = std::env::var("BENCH_RUNS").unwrap_or_else(|_| "20".into());
    let interactive = ["-p", "e2e", "--example", "interactive", "--release", "--"];
    run(Command::new("cargo")
        .current_dir(root)
        .args(["run", "-q"])
        .args(interactive)
        .arg(runs))?;

    println!();
    println!("== 3. password policy evaluation per keystroke (native, release)");
    let policy = ["-p", "auth-core", "--example", "policy_bench"];
    run(Command::new("cargo")
        .current_dir(root)
        .args(["run", "-q", "--release"])
        .args(policy))?;
    Ok(())
}

/// What the figures need: dist/ (built if missing), twiggy (installed
/// once into the tool cache; its path returned), Lock and auth0.js from npm,
/// and Lock bundled into bench/out/lock.js.
fn prepare(toolchain: &Toolchain) -> Result<PathBuf> {
    let root = &toolchain.root;
    if !root.join("dist/auth-widget.js").is_file() {
        dist::dist(toolchain)?;
    }
    let twiggy = toolchain.tools.join("cargo/bin/twiggy");
    let installed = Command::new(&twiggy)
        .arg("--version")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(TWIGGY));
    if !installed {
        println!("bench: cargo install twiggy {TWIGGY} (once)");
        run(Command::new("cargo")
            .env_remove("CARGO_TARGET_DIR")
            .args(["install", "twiggy", "--version", TWIGGY, "--root"])
            .arg(toolchain.tools.join("cargo"))
            .arg("-q"))?;
    }
    run(Command::new("npm").current_dir(root.join("bench")).args([
        "ci",
        "--silent",
        "--no-audit",
        "--no-fund",
    ]))?;
    std::fs::create_dir_all(root.join("bench/out"))?;
    let esbuild = toolchain.tools.join("npm/node_modules/esbuild/lib/main.js");
    run(Command::new("node")
        .current_dir(root)
        .env("ESBUILD_MODULE", esbuild)
        .arg("bench/build-lock.mjs"))?;
    Ok(twiggy)
}

/// Section 1's table: raw, gzip -9 and brotli bytes of each bundle.
fn sizes(root: &Path) -> Result<()> {
    let wasm = root.join("dist/auth-widget-core_bg.wasm");
    let js = root.join("dist/auth-widget.js");
    let lock = root.join("bench/out/lock.js");
    let auth0 = root.join("bench/node_modules/auth0-js/dist/auth0.min.js");
    let brotli = has_brotli();
    println!("== 1. size (bytes; brotli when the brotli command is installed)");
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "bundle", "raw", "gzip-9", "brotli"
    );
    let row = |name: &str, files: &[&PathBuf]| -> Result<usize> {
        let data = concat(files)?;
        let gz = compressed_len("gzip", &["-9", "-c"], &data)?;
        let br = if brotli {
            compressed_len("brotli", &["-c", "-q", "11"], &data)?.to_string()
        } else {
            "-".into()
        };
        println!("{name:<34} {:>10} {gz:>10} {br:>10}", data.len());
        Ok(gz)
    };
    row("auth-widget wasm", &[&wasm])?;
    row("auth-widget JS", &[&js])?;
    let ours = row("auth-widget total (wasm + JS)", &[&wasm, &js])?;
    let lock = row("Lock 14.3.0 (esbuild, minified)", &[&lock])?;
    let auth0 = row("auth0.js 10.2.1 (auth0.min.js)", &[&auth0])?;
    println!(
        "gzip ratios: Lock / auth-widget = {:.2}x, auth-widget / auth0.js = {:.2}x",
        lock as f64 / ours as f64,
        ours as f64 / auth0 as f64
    );
    Ok(())
}

fn concat(files: &[&PathBuf]) -> Result<Vec<u8>> {
    let mut data = Vec::new();
    for file in files {
        data.extend(std::fs::read(file).with_context(|| format!("reading {}", file.display()))?);
    }
    Ok(data)
}

/// The length of `program args` run on `data` (the gzip and brotli commands,
/// whose figures the README quotes).
fn compressed_len(program: &str, args: &[&str], data: &[u8]) -> Result<usize> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start {program}"))?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output()?;
    writer.join().expect("the writer thread")?;
    anyhow::ensure!(out.status.success(), "{program} failed ({})", out.status);
    Ok(out.stdout.len())
}

fn has_brotli() -> bool {
    Command::new("brotli")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}
