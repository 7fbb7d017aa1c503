//! Peak resident memory of the emulator under password-hashing load, over
//! real HTTP (its own test binary, so that nothing else runs in the process
//! while it measures). Argon2 needs 19 MiB per hash: unbounded, 100
//! concurrent token requests reached 2.7 GB; hashing now runs on a fixed set
//! of workers that reuse their memory (emulator/src/hashing.rs).

mod common;

use common::{start, CONNECTION, TEST_CONFIG};
use std::sync::Arc;

const LIMIT: u64 = 512 * 1024 * 1024;

/// The process's peak resident set since the last reset, in bytes.
fn peak() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<u64>()
        .unwrap()
        * 1024
}

/// Starts a new peak measurement (Linux: "5" resets VmHWM).
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").expect("/proc/self/clear_refs");
}

/// Runs `jobs` at `concurrency` at a time; returns their statuses.
fn run(concurrency: usize, jobs: Vec<Box<dyn FnOnce() -> u16 + Send>>) -> Vec<u16> {
    let jobs = Arc::new(std::sync::Mutex::new(jobs));
    let threads: Vec<_> = (0..concurrency)
        .map(|_| {
            let jobs = jobs.clone();
            std::thread::spawn(move || {
                let mut statuses = Vec::new();
                loop {
                    let job = jobs.lock().unwrap().pop();
                    match job {
                        Some(job) => statuses.push(job()),
                        None => return statuses,
                    }
                }
            })
        })
        .collect();
    threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect()
}

#[test]
fn peak_memory_stays_bounded_under_hashing_load() {
    let server = Arc::new(start(TEST_CONFIG));
    let mib = |bytes: u64| bytes as f64 / 1048576.0;

    reset_peak();
    let tokens: Vec<Box<dyn FnOnce() -> u16 + Send>> = (0..100)
        .map(|i| {
            let server = server.clone();
            Box::new(move || {
                server
                    .token(&format!("nobody-{i}@example.com"), "a wrong guess")
                    .status
            }) as Box<dyn FnOnce() -> u16 + Send>
        })
        .collect();
    let statuses = run(100, tokens);
    let token_peak = peak();
    assert!(
        statuses.iter().all(|s| *s == 403 || *s == 429),
        "{statuses:?}"
    );
    let queued_out = statuses.iter().filter(|s| **s == 429).count();

    reset_peak();
    let signup = |n: usize| -> Box<dyn FnOnce() -> u16 + Send> {
        let server = server.clone();
        Box::new(move || {
            let email = format!("memory-{n}-{}@example.com", emulator::random_hex(4));
            server.signup(CONNECTION, &email, "Correct-Horse-7").status
        })
    };
    let first = run(8, (0..300).map(signup).collect());
    let second = run(2, (300..400).map(signup).collect());
    let signup_peak = peak();
    assert!(
        first.iter().chain(&second).all(|s| *s == 200),
        "every sign-up succeeds"
    );

    println!(
        "memory: peak {:.0} MiB for 100 concurrent token requests ({queued_out} answered 429 past the queue); \
         peak {:.0} MiB for 300 sign-ups at 8 concurrent then 100 at 2 (limit {:.0} MiB; {} hashing workers)",
        mib(token_peak),
        mib(signup_peak),
        mib(LIMIT),
        server.state.hasher.workers
    );
    assert!(token_peak < LIMIT, "{:.0} MiB", mib(token_peak));
    assert!(signup_peak < LIMIT, "{:.0} MiB", mib(signup_peak));
}
