//! `make bench`, table 3: what the live checklist costs per keystroke. Each
//! level evaluates passwords typed one character at a time (every prefix of
//! a realistic password), the way the widget calls it on each input event.

use auth_core::{PasswordPolicy, PolicyLevel};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let typed = [
        "correct horse battery staple",
        "Tr0ub4dor&3",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!",
        "pässwörd-ünïcödé-9Ä",
    ];
    let prefixes: Vec<&str> = typed
        .iter()
        .flat_map(|p| p.char_indices().map(move |(i, c)| &p[..i + c.len_utf8()]))
        .collect();
    println!("{:<10} {:>12} {:>12}", "level", "calls", "ns/call");
    for level in PolicyLevel::ALL {
        let policy = PasswordPolicy::new(level);
        // Warm up, then time enough calls to be well above the clock's grain.
        for p in &prefixes {
            black_box(policy.evaluate(black_box(p)));
        }
        let rounds = 20_000;
        let start = Instant::now();
        for _ in 0..rounds {
            for p in &prefixes {
                black_box(policy.evaluate(black_box(p)));
            }
        }
        let calls = rounds * prefixes.len();
        let ns = start.elapsed().as_nanos() as f64 / calls as f64;
        println!("{:<10} {:>12} {:>12.1}", level.as_str(), calls, ns);
    }
}
