//! `cargo xtask`: the project's build tool (the cargo-xtask pattern: a
//! workspace binary that the Makefile and scripts/ call, aliased in
//! .cargo/config.toml). Run without arguments for its commands.

mod bench;
mod demo;
mod dist;
mod early;
mod generate;
mod glue;
mod link;
mod npm;
mod npm_consumers;
mod package_check;
mod pages;
mod runner;
mod size;
mod tenant;
mod test;
mod toolchain;
mod wasm;
mod wasm_test;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use toolchain::Toolchain;

const USAGE: &str = "\
usage: cargo xtask COMMAND

  dist                the embed bundle and the npm package in dist/ (make dist)
  size [--check]      raw and gzip -9 bytes of dist/ and of the demo's release
                      build (make size); --check: fail above the guards
                      (SIZE_LIMIT_GZIP, EMBED_SIZE_LIMIT_GZIP) or on a path
                      of the build machine in a bundle
  bench               figures: sizes against Lock and auth0.js, time to an
                      interactive form, policy evaluation (make bench)
  generate [--check]  the lists in src/embed/js/auth-widget.d.ts and
                      src/embed/js/auth-widget.js from the widget's Rust lists, and
                      index.html's wasm-opt flags from the xtask's; --check:
                      fail if a file differs from what it would write
  demo                the emulator and trunk serve in front of it (make demo;
                      DEMO_PORT 8080, TENANT_PORT 8787, DEMO_TENANT_ARGS)
  test                everything make test runs, in order; stops at the
                      first failure (CARGO_INCREMENTAL=0 unless set)
  wasm-test chromium|firefox|webkit [cargo test args...]
                      the browser tests in one headless browser, against an
                      emulator on TENANT_PORT (8790) unless
                      AUTH_WIDGET_TEST_TENANT names one; tests served from
                      WASM_BINDGEN_TEST_ADDRESS (127.0.0.1:8791); e.g.
                      cargo xtask wasm-test chromium --test screens checklist
  package-check       the widget crate as cargo package would ship it: all
                      it needs, nothing else
  ssr-app             builds examples/ssr-app (server with ssr, client wasm
                      with hydrate, wasm-bindgen into target/ssr-app/site/pkg)
                      and prints the server binary's path
  npm-consumers       the npm package as its users meet it: npm pack of
                      dist/, installed offline, tsc, Vite, esbuild, Rollup,
                      webpack, Parcel, React, Vite's dev server; builds in
                      target/npm-consumers/ (e2e/tests/packages.rs uses them)
  smoke-dist          the demo's release build (target/site, from size)
                      must start in headless Chromium
  screenshots         remakes the README's docs/*.png in headless Chromium
  fuzz [SECONDS]      the JSON reader against serde_json for SECONDS (60),
                      optimised (make fuzz); AW_FUZZ_SEED=S replays a seed

Wasm builds use rustup's toolchain when it has the wasm32 std (release
builds: and rust-src), else Debian's rustc-web (WASM_TOOLCHAIN=debian
forces it).";

fn main() -> ExitCode {
    if std::env::var_os(link::AS_LINKER).is_some() {
        return link::main();
    }
    if std::env::var_os(runner::AS_RUNNER).is_some() {
        return runner::main();
    }
    match run_command(std::env::args().skip(1).collect()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run_command(args: Vec<String>) -> Result<ExitCode> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["dist"] => {
            let toolchain = Toolchain::new()?;
            println!("{}", dist::dist(&toolchain)?);
            Ok(ExitCode::SUCCESS)
        }
        ["size"] => size::size(&Toolchain::new()?, false),
        ["size", "--check"] => size::size(&Toolchain::new()?, true),
        ["bench"] => bench::bench(&Toolchain::new()?).map(|()| ExitCode::SUCCESS),
        ["generate"] => generate::write(&toolchain::root()).map(|()| ExitCode::SUCCESS),
        ["generate", "--check"] => generate::check(&toolchain::root()).map(|()| {
            println!("generate: ok: the generated lists are the runtime's");
            ExitCode::SUCCESS
        }),
        ["test"] => {
            // One build from scratch (CI's fresh clone): incremental state
            // would only be written, never reused, and it was a sixth of
            // target/. A person may set it. (Set before any thread starts.)
            std::env::set_var("CARGO_INCREMENTAL", env_or("CARGO_INCREMENTAL", "0"));
            test::test(&Toolchain::new()?).map(|()| ExitCode::SUCCESS)
        }
        ["wasm-test", browser, args @ ..] if wasm_test::BROWSERS.contains(browser) => {
            let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
            wasm_test::wasm_test(&Toolchain::new()?, browser, &args).map(|()| ExitCode::SUCCESS)
        }
        ["wasm-test", ..] => {
            eprintln!("usage: cargo xtask wasm-test chromium|firefox|webkit [cargo test args...]");
            Ok(ExitCode::from(2))
        }
        ["package-check"] => package_check::check(&toolchain::root()).map(|()| ExitCode::SUCCESS),
        ["demo"] => demo::demo(&Toolchain::new()?),
        ["ssr-app"] => {
            // The server binary's path, last, on its own.
            println!("{}", pages::ssr_app(&Toolchain::new()?)?.display());
            Ok(ExitCode::SUCCESS)
        }
        ["npm-consumers"] => {
            npm_consumers::npm_consumers(&Toolchain::new()?).map(|()| ExitCode::SUCCESS)
        }
        ["smoke-dist"] => pages::smoke_dist(&toolchain::root()).map(|()| ExitCode::SUCCESS),
        ["screenshots"] => pages::screenshots(&Toolchain::new()?).map(|()| ExitCode::SUCCESS),
        ["fuzz"] => pages::fuzz(&toolchain::root(), "60"),
        ["fuzz", seconds] => pages::fuzz(&toolchain::root(), seconds),
        [] | ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `cargo build` of the demo's binary (the component alone, `csr`) for
/// wasm32, `--release` or not, with `cargo` as the toolchain made it for
/// that profile.
pub fn build_demo_wasm(cargo: &mut Command, release: bool) -> Result<()> {
    cargo.arg("build");
    if release {
        cargo.arg("--release");
    }
    run(cargo.args(["--target", "wasm32-unknown-unknown"]).args([
        "--bin",
        "auth-widget",
        "--features",
        "csr",
        "-q",
    ]))
}

/// Runs `command`; fails unless it succeeds.
pub fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("could not start {:?}", command.get_program()))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `command` and returns its standard output; fails unless it succeeds.
pub fn output(command: &mut Command) -> Result<Vec<u8>> {
    let output = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("could not start {:?}", command.get_program()))?;
    if !output.status.success() {
        bail!("{} failed ({})", describe(command), output.status);
    }
    Ok(output.stdout)
}

/// The program and its arguments, for an error message.
fn describe(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|arg| arg.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ")
}

/// wasm-bindgen's JS bindings for `module` (`--target web
/// --no-typescript`), as `out_name`.js and `out_name`_bg.wasm in `out_dir`.
/// The CLI's defaults are spelled out: the library's differ.
pub fn bindgen(module: &Path, out_dir: &Path, out_name: &str) -> Result<()> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen.web(true)?;
    #[allow(deprecated)] // reference_types: set as the CLI sets it, off unless asked
    bindgen
        .input_path(module)
        .out_name(out_name)
        .typescript(false)
        .debug(false)
        .demangle(true)
        .keep_lld_exports(false)
        .keep_debug(false)
        .remove_name_section(false)
        .remove_producers_section(false)
        .omit_imports(false)
        .omit_default_module_path(false)
        .split_linked_modules(false)
        .reference_types(false);
    bindgen
        .generate(out_dir)
        .with_context(|| format!("wasm-bindgen of {}", module.display()))
}

/// The environment variable `name`, or `default` when it is unset or
/// empty (the shell's `${NAME:-default}`).
pub fn env_or(name: &str, default: &str) -> String {
    std::env::var(name)
        .ok()
        .filter(|value| !value.is_empty())
        .unwrap_or_else(|| default.to_owned())
}

/// A process killed (and waited for) when dropped: a server started for
/// one step.
pub struct KillOnDrop(pub std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port free on 127.0.0.1 now (the system's choice), for a server to be
/// started on it.
pub fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A folder in the temporary directory, removed when dropped (scratch
/// space of a build or a test run).
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `$TMPDIR/NAME-PID`, empty.
    pub fn new(name: &str) -> Result<Scratch> {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The files `*.{extension}` in `dir`, sorted by name.
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .map(|entry| Ok(entry?.path()))
        .filter(|path: &Result<PathBuf>| {
            path.as_ref().map_or(true, |path| {
                path.extension().is_some_and(|e| e == extension)
            })
        })
        .collect::<Result<Vec<_>>>()?;
    files.sort();
    Ok(files)
}
