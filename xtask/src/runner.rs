//! Cargo's runner for the wasm32 browser tests: `cargo xtask wasm-test`
//! sets `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER` to the xtask's own
//! binary with [`AS_RUNNER`] set, and it runs wasm-bindgen-test-runner with
//! every idle worker thread of its page server kept busy before the
//! browser connects, in a temporary folder of its own.
//!
//! Why the connections: wasm-bindgen-test-runner serves the test page with
//! tiny_http 0.12, whose pool (4 threads to start) hands a new connection to
//! an idle thread when its count of idle threads is above zero, and starts
//! a thread otherwise; a thread serves its connection until it closes. The
//! count is lowered only when a woken thread runs, so on a busy machine a
//! burst of the browser's connections can all be queued for the same 4
//! threads: the fifth waits behind four open keep-alive connections, the
//! page never loads, and the run fails after chromedriver's 300 s page-load
//! timeout (seen in CI; reproduced with both cores busy). Holding more idle
//! connections than the pool has threads, first, keeps the idle count at
//! zero, so each connection the browser opens gets a new thread.

use crate::Scratch;
use anyhow::{Context, Result};
use std::net::TcpStream;
use std::process::{Command, ExitCode};
use std::time::Duration;
use std::{env, thread};

/// Set in the environment of `cargo test --target wasm32-unknown-unknown`:
/// the xtask then acts as the runner. (Cargo takes the runner as a path.)
pub const AS_RUNNER: &str = "AUTH_WIDGET_XTASK_TEST_RUNNER";

/// Connections held open to the page server (more than its 4 threads).
const HELD: usize = 15;

pub fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask (test runner): {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// wasm-bindgen-test-runner with cargo's arguments; its exit status.
fn run() -> Result<ExitCode> {
    let address = env::var("WASM_BINDGEN_TEST_ADDRESS").unwrap_or_else(|_| "127.0.0.1:8000".into());
    thread::spawn(move || hold_connections(&address));
    // The runner's, its driver's and its browser's temporary files, removed
    // when the run ends: a browser killed with its driver leaves its
    // profile behind.
    let scratch = Scratch::new("auth-widget-wasm-test")?;
    let status = Command::new("wasm-bindgen-test-runner")
        .args(env::args_os().skip(1))
        .env("TMPDIR", &scratch.0)
        .env_remove(AS_RUNNER)
        .status()
        .context("could not start wasm-bindgen-test-runner")?;
    drop(scratch);
    Ok(match status.code() {
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => ExitCode::FAILURE,
    })
}

/// Opens connections to the page server as soon as it listens (it binds
/// its address before it starts the driver and the browser, which take a
/// second or more) and holds them until the process ends.
fn hold_connections(address: &str) {
    let mut held = Vec::new();
    for _ in 0..400 {
        if let Ok(probe) = TcpStream::connect(address) {
            held.push(probe);
            break;
        }
        thread::sleep(Duration::from_millis(25));
    }
    if held.is_empty() {
        return; // no page server (not a browser run)
    }
    for _ in 0..HELD {
        match TcpStream::connect(address) {
            Ok(connection) => held.push(connection),
            Err(_) => break,
        }
    }
    loop {
        thread::park();
    }
}
