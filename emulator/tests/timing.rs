//! change_password must not tell who has an account by how long it takes
//! (its own test binary: other tests hashing passwords in parallel would
//! make the timing noise). Over real HTTP against a file database.

mod common;

use common::{start_custom, CONNECTION, TEST_CONFIG};
use std::time::Instant;

const STRONG: &str = "Correct-Horse-7";

fn unique(tag: &str) -> String {
    format!("{tag}-{}@example.com", emulator::random_hex(5))
}

#[test]
fn change_password_takes_as_long_for_unknown_emails_as_for_known_ones() {
    // A file database (writes fsync), and a per-email limit that the
    // measurement does not reach.
    let path = std::env::temp_dir().join(format!("aw-timing-{}.db", emulator::random_hex(4)));
    let config = TEST_CONFIG.replace(
        "change_password_per_email = 3",
        "change_password_per_email = 1000",
    );
    let server = start_custom(&config, path.to_str().unwrap(), |_| {});
    let known = unique("timing");
    assert_eq!(server.signup(CONNECTION, &known, STRONG).status, 200);
    let time = |email: &str| {
        let started = Instant::now();
        assert_eq!(server.change_password(email).status, 200);
        started.elapsed().as_secs_f64() * 1000.0
    };
    for _ in 0..5 {
        time(&known);
        time(&unique("warm"));
    }
    let (mut known_ms, mut unknown_ms) = (Vec::new(), Vec::new());
    for i in 0..60 {
        // Interleaved, alternating which goes first.
        if i % 2 == 0 {
            known_ms.push(time(&known));
            unknown_ms.push(time(&unique("nobody")));
        } else {
            unknown_ms.push(time(&unique("nobody")));
            known_ms.push(time(&known));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0
    };
    let (k, u) = (median(&mut known_ms), median(&mut unknown_ms));
    println!("change_password timing over 60 interleaved pairs (file database): known median {k:.3} ms, unknown median {u:.3} ms");
    assert!(
        k <= 1.5 * u + 0.3,
        "known {k:.3} ms against unknown {u:.3} ms tells who exists"
    );
    // The emails were still written, after the answers.
    let outbox = server.get("/outbox.json").json();
    let sent = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["to"] == known.as_str() && e["subject"] == "Reset your password")
        .count();
    assert_eq!(sent, 65);
    // The database and SQLite's write-ahead log and shared-memory files.
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
