//! `make bench`, table 2: time to an interactive sign-up form in headless
//! Chromium, from navigation start until the email field takes the focus
//! (bench/pages/probe.js), for our embed bundle (dist/), Lock 14.3 (bundled
//! into bench/out/lock.js by scripts/bench) and a plain HTML form with the
//! same fields and nothing to load (the harness's floor). All three are
//! served from loopback by the emulator's app, with `Cache-Control:
//! no-store`, and run in turns. Figures, not pass/fail.
//!
//! Usage: cargo run -p e2e --example interactive --release [-- RUNS]

use axum::http::{header, HeaderValue};
use e2e::repo;
use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

const PAGES: [(&str, &str); 3] = [
    ("auth-widget (dist/)", "ours.html"),
    ("Lock 14.3.0", "lock.html"),
    ("plain HTML form (floor)", "plain.html"),
];

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|n| n.parse().expect("RUNS: a number"))
        .unwrap_or(20);
    for needed in ["dist/auth-widget.js", "bench/out/lock.js"] {
        assert!(repo(needed).exists(), "{needed} is missing: run make bench");
    }
    let state = Arc::new(AppState::new(
        Config::embedded_default(),
        Store::open(":memory:").unwrap(),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app = emulator::app(state.clone(), None)
        .nest_service("/dist", ServeDir::new(repo("dist")))
        .nest_service("/bench", ServeDir::new(repo("bench/pages")))
        .nest_service("/lock", ServeDir::new(repo("bench/out")))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let base = format!("http://{}", listener.local_addr().unwrap());
    // Served as the emulator serves itself (bound address, read timeouts).
    tokio::spawn(emulator::serve_app(listener, state, app));
    let (_driver, browser) = e2e::chromium().await;

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); PAGES.len()];
    // One warm-up round (not counted), then the pages in turns.
    for round in 0..=runs {
        for (i, (name, page)) in PAGES.iter().enumerate() {
            browser.goto("about:blank").await.unwrap();
            browser.goto(&format!("{base}/bench/{page}")).await.unwrap();
            let mut found = None;
            for _ in 0..300 {
                let value = browser
                    .execute("return window.__interactive ?? null", vec![])
                    .await
                    .unwrap();
                if let Value::Number(ms) = value {
                    found = ms.as_f64();
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            let Some(ms) = found else {
                let why = browser
                    .execute(
                        "return [window.__problems, document.body.innerHTML.slice(0, 400)]",
                        vec![],
                    )
                    .await
                    .unwrap();
                panic!("{name}: no interactive email field in 15 s: {why}");
            };
            if round > 0 {
                times[i].push(ms);
            }
        }
    }

    println!("time to an interactive sign-up form, headless Chromium, {runs} runs each, in turns (ms since navigation start)");
    println!("{:<28} {:>8} {:>8} {:>8}", "page", "median", "min", "max");
    let mut medians = Vec::new();
    for ((name, _), samples) in PAGES.iter().zip(&mut times) {
        samples.sort_by(f64::total_cmp);
        let median = if samples.len() % 2 == 1 {
            samples[samples.len() / 2]
        } else {
            (samples[samples.len() / 2 - 1] + samples[samples.len() / 2]) / 2.0
        };
        medians.push(median);
        println!(
            "{name:<28} {median:>8.1} {:>8.1} {:>8.1}",
            samples[0],
            samples[samples.len() - 1]
        );
    }
    let (ours, lock, floor) = (medians[0], medians[1], medians[2]);
    println!(
        "Lock / auth-widget = {:.1}x; auth-widget above the floor: {:.1} ms (targets: >= 10x faster than Lock, or <= 60 ms above the floor)",
        lock / ours,
        ours - floor
    );
}
