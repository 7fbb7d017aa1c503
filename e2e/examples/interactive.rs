//! `make bench`, table 2: how soon a sign-up form is there, in headless
//! Chromium, under two profiles, one table each:
//!
//! - loopback: the pages straight from 127.0.0.1, no throttling;
//! - mobile: Lighthouse's mobile profile, applied through chromedriver's
//!   DevTools bridge (`POST /session/{id}/goog/cdp/execute`) on the tab
//!   before every navigation: `Network.emulateNetworkConditions` with
//!   150 ms latency (round trip), 1,638.4 kbit/s down (204,800 B/s) and
//!   750 kbit/s up (96,000 B/s), and `Emulation.setCPUThrottlingRate` 4.
//!   Each profile prints checks that it is in effect: the page's request
//!   to its last byte from navigation timing (responseEnd - requestStart:
//!   Chromium's emulated latency delays the body, so the < 1 kB page takes
//!   at least 150 ms when throttled, a few ms on loopback), and a fixed JS loop
//!   timed in the page without throttling and at the profile's rate, in
//!   turns (about 4x; the throttler's slices make it a little less).
//!
//! In both, the browser cache is off (`Network.setCacheDisabled`, and every
//! response says `Cache-Control: no-store`) so that every run is cold, and
//! everything is served gzip-compressed as a CDN would (tower-http's
//! CompressionLayer over the pages, dist/, Lock's bundle and the emulator's
//! answers). The emulator's app serves them all from loopback.
//!
//! Pages (bench/pages/), measured in turns: our inline widget in English
//! (ours.html) and in French (ours-fr.html, its language file loaded too),
//! our `<auth-widget>` custom element (element.html; element-preload.html
//! with the wasm preloaded, the README's element snippet), the inline widget with
//! the module and the wasm preloaded from <head> (ours-preload.html, the
//! README's snippet; ours-fr-preload.html, the same in French with its
//! language file preloaded too), with options whose markup cannot be rendered ahead
//! (ours-options.html: a username and a terms box), Lock 14.3 (lock.html,
//! bundled into bench/out/lock.js by `cargo xtask bench`) and a plain HTML
//! form with the same fields and nothing to load (plain.html: the floor).
//! For each, median (min-max) in ms since navigation start, as recorded in
//! the page by bench/pages/probe.js (loaded first, in <head>):
//!
//! - visible: the email input rendered with a non-empty box, visible;
//! - typing: the email input enabled and taking the keyboard focus;
//! - ready: the widget's ready event (`signup ready` through `widget.on`
//!   for our class and for Lock, the element's `signup-ready` CustomEvent);
//!   for the plain form, = typing. Lock's comes before its form can be
//!   seen (it then animates in);
//! - CLS: the sum of the layout shifts without recent input from the start
//!   until ready + 500 ms (PerformanceObserver "layout-shift", buffered);
//! - bytes: what came over the wire, the navigation entry's and the resource
//!   entries' transferSize (headers and compressed bodies) at ready +
//!   500 ms. Resource timing reports it under throttling too; entries with
//!   transferSize 0 (none expected: nothing is cached and all is one
//!   origin) are counted and reported.
//!
//! Then the targets, as figures: on mobile, ours' typing and ready above the
//! plain form's (+300 ms and +600 ms) and CLS <= 0.01 for every page.
//! One warm-up round per profile is not counted. Runs: BENCH_RUNS (default
//! 20, or the first argument) on loopback, BENCH_MOBILE_RUNS (default 5) on
//! mobile. Figures, not pass/fail; a page that never becomes interactive
//! (or never ready) panics with the reason.
//!
//! Usage: cargo run -p e2e --example interactive --release [-- RUNS]

use axum::http::{header, HeaderValue, Method};
use e2e::repo;
use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// When a page is ready.
#[derive(Clone, Copy, PartialEq)]
enum Ready {
    /// It calls `window.__markReady()` from its widget's ready event.
    Event,
    /// It has no such event: ready is when typing is possible.
    Typing,
}

struct Page {
    name: &'static str,
    file: &'static str,
    ready: Ready,
}

const PAGES: [Page; 9] = [
    Page {
        name: "auth-widget inline, en",
        file: "ours.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget inline, fr",
        file: "ours-fr.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget element",
        file: "element.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget element, wasm preloaded",
        file: "element-preload.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget en, preloaded",
        file: "ours-preload.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget fr, preloaded",
        file: "ours-fr-preload.html",
        ready: Ready::Event,
    },
    Page {
        name: "auth-widget, form options",
        file: "ours-options.html",
        ready: Ready::Event,
    },
    Page {
        name: "Lock 14.3.0",
        file: "lock.html",
        ready: Ready::Event,
    },
    Page {
        name: "plain HTML form (floor)",
        file: "plain.html",
        ready: Ready::Typing,
    },
];
const OURS_EN: usize = 0;
const OURS_FR: usize = 1;
const ELEMENT: usize = 2;
const ELEMENT_PRELOADED: usize = 3;
const PRELOADED: usize = 4;
const FR_PRELOADED: usize = 5;
const OPTIONS: usize = 6;
const LOCK: usize = 7;
const PLAIN: usize = 8;

/// A network and CPU profile, applied before each navigation.
struct Profile {
    name: &'static str,
    /// Added round-trip latency, ms.
    latency: f64,
    /// Bytes per second; -1: not throttled.
    down: f64,
    up: f64,
    cpu: f64,
    runs: usize,
    /// How long a page may take to become interactive and ready.
    timeout: Duration,
}

/// One load of one page, in ms since navigation start.
#[derive(Clone, Default)]
struct Sample {
    visible: f64,
    typing: f64,
    ready: f64,
    cls: f64,
    bytes: f64,
    /// The resource or navigation entries with transferSize 0.
    zero_size: Vec<String>,
    /// The navigation's responseEnd - requestStart (the page is < 1 kB:
    /// about one round trip; Chromium's emulated latency delays the body,
    /// between responseStart and responseEnd).
    last_byte: f64,
}

/// A Chrome DevTools Protocol command through chromedriver's bridge.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (Method::POST, Some(body.to_string()))
    }
}

async fn cdp(browser: &Client, cmd: &'static str, params: Value) {
    browser
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"));
}

/// Applies `profile` to the current tab (the settings stay with the tab
/// until changed), with the cache off.
async fn apply(browser: &Client, profile: &Profile) {
    cdp(browser, "Network.enable", json!({})).await;
    cdp(
        browser,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await;
    cdp(
        browser,
        "Network.emulateNetworkConditions",
        json!({
            "offline": false,
            "latency": profile.latency,
            "downloadThroughput": profile.down,
            "uploadThroughput": profile.up,
        }),
    )
    .await;
    cdp(
        browser,
        "Emulation.setCPUThrottlingRate",
        json!({ "rate": profile.cpu }),
    )
    .await;
}

/// What the page recorded, once it is ready and 500 ms more have passed.
const COLLECT: &str = "
    const until = window.__ready + 500;
    const cls = window.__shifts.filter((s) => s.at <= until).reduce((sum, s) => sum + s.value, 0);
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    const nav = performance.getEntriesByType('navigation')[0];
    return {
        cls,
        bytes: entries.reduce((sum, e) => sum + e.transferSize, 0),
        zeroSize: entries.filter((e) => e.transferSize === 0).map((e) => e.name),
        lastByte: nav.responseEnd - nav.requestStart,
    };";

/// Loads `page` under `profile` (applied on a blank tab first) and waits
/// until it is interactive, ready, and 500 ms past ready.
async fn measure(browser: &Client, base: &str, page: &Page, profile: &Profile) -> Sample {
    browser.goto("about:blank").await.unwrap();
    apply(browser, profile).await;
    browser
        .goto(&format!("{base}/bench/{}", page.file))
        .await
        .unwrap();
    let wanted = match page.ready {
        Ready::Event => "window.__interactive !== undefined && window.__ready !== undefined",
        Ready::Typing => "window.__interactive !== undefined",
    };
    let script = format!(
        "if (!({wanted})) return null; \
         if ({typing}) window.__ready = window.__interactive; \
         return [window.__visible, window.__interactive, window.__ready, performance.now()]",
        typing = page.ready == Ready::Typing
    );
    let started = std::time::Instant::now();
    let times = loop {
        let value = browser.execute(&script, vec![]).await.unwrap();
        if let Value::Array(times) = value {
            break times
                .iter()
                .map(|t| t.as_f64().unwrap())
                .collect::<Vec<_>>();
        }
        if started.elapsed() > profile.timeout {
            let why = browser
                .execute(
                    "return [window.__visible, window.__interactive, window.__ready, \
                     window.__problems, document.body.innerHTML.slice(0, 400)]",
                    vec![],
                )
                .await
                .unwrap();
            panic!(
                "{} ({}): not interactive and ready in {:?} [visible, typing, ready, problems, body]: {why}",
                page.name, profile.name, profile.timeout
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let (visible, typing, ready, now) = (times[0], times[1], times[2], times[3]);
    let rest = ready + 500.0 - now;
    if rest > 0.0 {
        tokio::time::sleep(Duration::from_secs_f64(rest / 1000.0 + 0.02)).await;
    }
    let got = browser.execute(COLLECT, vec![]).await.unwrap();
    let number = |key: &str| got[key].as_f64().unwrap_or_else(|| panic!("{key}: {got}"));
    Sample {
        visible,
        typing,
        ready,
        cls: number("cls"),
        bytes: number("bytes"),
        zero_size: got["zeroSize"]
            .as_array()
            .unwrap_or_else(|| panic!("zeroSize: {got}"))
            .iter()
            .map(|name| name.as_str().unwrap_or_default().to_owned())
            .collect(),
        last_byte: number("lastByte"),
    }
}

/// A fixed JS loop timed in the current page (ms, medians) without CPU
/// throttling and with `rate`, in turns: how much the CPU is slowed there.
async fn cpu_check(browser: &Client, rate: f64) -> (f64, f64) {
    let script = "const t = performance.now(); let x = 0; \
                  for (let i = 0; i < 2e7; i++) x = (x + i * 7) % 1000003; \
                  window.__sink = x; return performance.now() - t;";
    let (mut plain, mut slowed) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        for (rate, times) in [(1.0, &mut plain), (rate, &mut slowed)] {
            cdp(
                browser,
                "Emulation.setCPUThrottlingRate",
                json!({ "rate": rate }),
            )
            .await;
            times.push(
                browser
                    .execute(script, vec![])
                    .await
                    .unwrap()
                    .as_f64()
                    .unwrap(),
            );
        }
    }
    (median(&mut plain), median(&mut slowed))
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    }
}

/// Median, min and max of one figure over the samples.
fn stats(samples: &[Sample], figure: fn(&Sample) -> f64) -> (f64, f64, f64) {
    let mut values: Vec<f64> = samples.iter().map(figure).collect();
    let mid = median(&mut values);
    (mid, values[0], values[values.len() - 1])
}

fn env_runs(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name}: a number")))
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // The indices above name pages by position: a page added in between
    // must not make the targets compare the wrong pages.
    for (index, file) in [
        (OURS_EN, "ours.html"),
        (OURS_FR, "ours-fr.html"),
        (ELEMENT, "element.html"),
        (ELEMENT_PRELOADED, "element-preload.html"),
        (PRELOADED, "ours-preload.html"),
        (FR_PRELOADED, "ours-fr-preload.html"),
        (OPTIONS, "ours-options.html"),
        (LOCK, "lock.html"),
        (PLAIN, "plain.html"),
    ] {
        assert_eq!(PAGES[index].file, file, "PAGES and the page indices differ");
    }
    let runs = match std::env::args().nth(1) {
        Some(n) => n.parse().expect("RUNS: a number"),
        None => env_runs("BENCH_RUNS", 20),
    };
    let mobile_runs = env_runs("BENCH_MOBILE_RUNS", 5);
    assert!(runs > 0 && mobile_runs > 0, "at least one run per profile");
    for needed in ["dist/auth-widget.js", "bench/out/lock.js"] {
        assert!(repo(needed).exists(), "{needed} is missing: run make bench");
    }
    let profiles = [
        Profile {
            name: "loopback",
            latency: 0.0,
            down: -1.0,
            up: -1.0,
            cpu: 1.0,
            runs,
            timeout: Duration::from_secs(15),
        },
        Profile {
            name: "mobile",
            latency: 150.0,
            // 1,638.4 kbit/s (x 1000 / 8).
            down: 204_800.0,
            // 750 kbit/s as Lighthouse converts it (x 1024 / 8).
            up: 96_000.0,
            cpu: 4.0,
            runs: mobile_runs,
            timeout: Duration::from_secs(60),
        },
    ];

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
        ))
        // gzip, as a CDN would serve them (Chromium asks for it).
        .layer(CompressionLayer::new().gzip(true));
    let base = format!("http://{}", listener.local_addr().unwrap());
    // Served as the emulator serves itself (bound address, read timeouts).
    tokio::spawn(emulator::serve_app(listener, state, app));
    let (_driver, browser) = e2e::chromium().await;

    let mut typing_medians = Vec::new();
    for profile in &profiles {
        let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); PAGES.len()];
        // One warm-up round (not counted), then the pages in turns.
        for round in 0..=profile.runs {
            for (i, page) in PAGES.iter().enumerate() {
                let sample = measure(&browser, &base, page, profile).await;
                if round > 0 {
                    samples[i].push(sample);
                }
            }
        }
        // Still on the plain page.
        let cpu = cpu_check(&browser, profile.cpu).await;

        println!();
        println!(
            "-- profile {}: {} (gzip, cache off), {} runs each, in turns; ms since navigation start, median (min-max)",
            profile.name,
            if profile.cpu == 1.0 {
                "loopback, no throttling".to_string()
            } else {
                format!(
                    "{:.0} ms RTT, {:.0} B/s down, {:.0} B/s up, CPU / {}",
                    profile.latency, profile.down, profile.up, profile.cpu
                )
            },
            profile.runs
        );
        println!(
            "{:<25} {:>21} {:>21} {:>21} {:>15} {:>9}",
            "page", "form visible", "accepts typing", "ready", "CLS (max)", "bytes"
        );
        let cell = |(mid, min, max): (f64, f64, f64)| format!("{mid:.0} ({min:.0}-{max:.0})");
        let mut medians = Vec::new();
        let mut zero_size = std::collections::BTreeMap::<String, usize>::new();
        let mut last_bytes = Vec::new();
        for (page, samples) in PAGES.iter().zip(&samples) {
            let visible = stats(samples, |s| s.visible);
            let typing = stats(samples, |s| s.typing);
            let ready = stats(samples, |s| s.ready);
            let cls = stats(samples, |s| s.cls);
            let bytes = stats(samples, |s| s.bytes);
            for name in samples.iter().flat_map(|s| &s.zero_size) {
                *zero_size
                    .entry(format!("{} {name}", page.file))
                    .or_default() += 1;
            }
            last_bytes.extend(samples.iter().map(|s| s.last_byte));
            println!(
                "{:<25} {:>21} {:>21} {:>21} {:>15} {:>9.0}",
                page.name,
                cell(visible),
                cell(typing),
                cell(ready),
                format!("{:.4} ({:.4})", cls.0, cls.2),
                bytes.0
            );
            medians.push((typing.0, ready.0, cls.2));
        }
        println!(
            "check: the page's request to its last byte (navigation timing), median {:.0} ms; a fixed JS loop {:.0} ms unthrottled, {:.0} ms at CPU rate {} ({:.1}x)",
            median(&mut last_bytes),
            cpu.0,
            cpu.1,
            profile.cpu,
            cpu.1 / cpu.0
        );
        if zero_size.is_empty() {
            println!("check: no entry with transferSize 0");
        }
        for (entry, count) in &zero_size {
            println!(
                "check: transferSize 0 ({count}x over the runs, not counted in bytes): {entry}"
            );
        }
        println!(
            "Lock / auth-widget (typing, en) = {:.1}x; auth-widget (en) above the floor: {:.0} ms",
            medians[LOCK].0 / medians[OURS_EN].0,
            medians[OURS_EN].0 - medians[PLAIN].0
        );
        let over = |cls: f64| if cls <= 0.01 { "met" } else { "MISSED" };
        let cls: Vec<String> = PAGES
            .iter()
            .zip(&medians)
            .map(|(page, m)| format!("{} {:.4} {}", page.file, m.2, over(m.2)))
            .collect();
        println!("target CLS <= 0.01 (max over runs): {}", cls.join("; "));
        typing_medians.push(medians);
    }

    let mobile = &typing_medians[1];
    println!();
    println!("targets on mobile (medians above the plain form's):");
    for (i, label) in [
        (OURS_EN, "inline, en"),
        (OURS_FR, "inline, fr"),
        (ELEMENT, "element"),
        (ELEMENT_PRELOADED, "element, preloaded"),
        (PRELOADED, "en, preloaded"),
        (FR_PRELOADED, "fr, preloaded"),
        (OPTIONS, "options"),
    ] {
        let typing = mobile[i].0 - mobile[PLAIN].0;
        let ready = mobile[i].1 - mobile[PLAIN].1;
        println!(
            "  auth-widget {label:<18} accepts typing {typing:+.0} ms (target +300: {}), ready {ready:+.0} ms (target +600: {})",
            if typing <= 300.0 { "met" } else { "missed" },
            if ready <= 600.0 { "met" } else { "missed" },
        );
    }
}
