//! The reader against serde_json, on generated documents: valid ones (every
//! kind of value, escapes, surrogate pairs, numbers in all their forms,
//! whitespace, duplicate keys) and the same documents mutated byte by byte
//! into mostly invalid ones. Both must accept or refuse each alike, and read
//! what they accept to the same value.
//!
//! `make test` runs 100,000 cases from a fixed seed; `make fuzz` runs for
//! `AW_FUZZ_SECONDS` with a seed from the clock (printed, to replay a
//! failure with `AW_FUZZ_SEED`).
//!
//! The one allowed difference, counted apart: a number too large for a
//! float. It is valid JSON (`JSON.parse` reads Infinity) and the reader
//! keeps its text; serde_json refuses it.

use super::{parse, Value};
use crate::testing::Rng;
use std::time::{Duration, Instant};

fn whitespace(rng: &mut Rng, out: &mut String) {
    if rng.chance(30) {
        for _ in 0..rng.below(3) + 1 {
            out.push(*rng.pick(&[' ', '\n', '\r', '\t']));
        }
    }
}

fn digits(rng: &mut Rng, out: &mut String, max: usize) {
    for _ in 0..rng.below(max) + 1 {
        out.push(char::from(b'0' + rng.below(10) as u8));
    }
}

/// A number by JSON's grammar, with exponents small enough for a float
/// (larger ones come from mutations, and are the counted exception).
fn number(rng: &mut Rng, out: &mut String) {
    if rng.chance(30) {
        out.push('-');
    }
    if rng.chance(20) {
        out.push('0');
    } else {
        out.push(char::from(b'1' + rng.below(9) as u8));
        if rng.chance(60) {
            digits(rng, out, 18);
        }
    }
    if rng.chance(30) {
        out.push('.');
        digits(rng, out, 6);
    }
    if rng.chance(20) {
        out.push(*rng.pick(&['e', 'E']));
        if rng.chance(50) {
            out.push(*rng.pick(&['+', '-']));
        }
        digits(rng, out, 2);
    }
}

/// A string literal: plain text, non-ASCII, and every kind of escape.
fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(12) {
        match rng.below(10) {
            0..=3 => match char::from(b' ' + rng.below(95) as u8) {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c => out.push(c),
            },
            4 => out.push(*rng.pick(&['é', 'ü', '€', '😀', '\u{2028}', '\u{7f}', 'ß', '中'])),
            5 => {
                const ESCAPES: &[&str] =
                    &["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"];
                let escape = *rng.pick(ESCAPES);
                out.push_str(escape);
            }
            6 | 7 => {
                // Any BMP code point but a surrogate, as \uXXXX in either case.
                let code = loop {
                    let code = rng.below(0x10000);
                    if !(0xd800..0xe000).contains(&code) {
                        break code;
                    }
                };
                let hex = format!("\\u{code:04x}");
                out.push_str(&if rng.chance(50) {
                    hex.to_uppercase().replace("\\U", "\\u")
                } else {
                    hex
                });
            }
            _ => {
                // A surrogate pair.
                let code = 0x10000 + rng.below(0x100000);
                let high = 0xd800 + ((code - 0x10000) >> 10);
                let low = 0xdc00 + ((code - 0x10000) & 0x3ff);
                out.push_str(&format!("\\u{high:04x}\\u{low:04X}"));
            }
        }
    }
    out.push('"');
}

fn value(rng: &mut Rng, out: &mut String, depth: usize) {
    whitespace(rng, out);
    let kinds = if depth >= 6 { 5 } else { 7 };
    match rng.below(kinds) {
        0 => out.push_str("null"),
        1 => out.push_str(if rng.chance(50) { "true" } else { "false" }),
        2 | 3 => number(rng, out),
        4 => string(rng, out),
        5 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                value(rng, out, depth + 1);
            }
            whitespace(rng, out);
            out.push(']');
        }
        _ => {
            out.push('{');
            let mut keys: Vec<String> = Vec::new();
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                whitespace(rng, out);
                // Now and then a key again: the last one must win.
                let key = match keys.is_empty() || rng.chance(80) {
                    true => {
                        let mut key = String::new();
                        string(rng, &mut key);
                        key
                    }
                    false => rng.pick(&keys).clone(),
                };
                out.push_str(&key);
                keys.push(key);
                whitespace(rng, out);
                out.push(':');
                value(rng, out, depth + 1);
            }
            whitespace(rng, out);
            out.push('}');
        }
    }
    whitespace(rng, out);
}

/// One to three byte edits of the kind that break JSON in interesting ways;
/// `None` when the result is not UTF-8 (a &str cannot hold it).
fn mutate(rng: &mut Rng, text: &str) -> Option<String> {
    const BYTES: &[u8] = b"\"\\u0123456789abcdefABCDEF+-.eE,:[]{} \n\x01\x1f\x7fdnt";
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.below(3) + 1 {
        let at = rng.below(bytes.len() + 1);
        match rng.below(5) {
            0 if at < bytes.len() => {
                bytes.remove(at);
            }
            1 => bytes.insert(at, *rng.pick(BYTES)),
            2 if at < bytes.len() => bytes[at] = *rng.pick(BYTES),
            3 => bytes.truncate(at),
            _ => {
                let end = (at + rng.below(6)).min(bytes.len());
                let slice = bytes[at..end].to_vec();
                bytes.splice(at..at, slice);
            }
        }
    }
    String::from_utf8(bytes).ok()
}

/// The reader's value as serde_json's, built as serde_json would read it:
/// numbers from their text, object members inserted in order (so the last
/// of a duplicate key wins). `None` for a number serde_json cannot hold.
fn as_serde(value: &Value) -> Option<serde_json::Value> {
    Some(match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(text) => serde_json::from_str(text).ok()?,
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Array(items) => {
            serde_json::Value::Array(items.iter().map(as_serde).collect::<Option<_>>()?)
        }
        Value::Object(members) => {
            let mut map = serde_json::Map::new();
            for (key, value) in members {
                map.insert(key.clone(), as_serde(value)?);
            }
            serde_json::Value::Object(map)
        }
    })
}

#[derive(Default, Debug)]
struct Tally {
    cases: u64,
    generated: u64,
    mutated: u64,
    both_accepted: u64,
    both_refused: u64,
    /// Accepted with a number too large for a float, which serde_json refuses.
    huge_numbers: u64,
    disagreements: u64,
    /// The first few, to show.
    examples: Vec<String>,
}

impl Tally {
    fn check(&mut self, text: &str) {
        self.cases += 1;
        let ours = parse(text);
        let theirs = serde_json::from_str::<serde_json::Value>(text);
        match (&ours, &theirs) {
            (None, Err(_)) => self.both_refused += 1,
            (Some(ours), Ok(theirs)) if as_serde(ours).as_ref() == Some(theirs) => {
                self.both_accepted += 1
            }
            (Some(ours), Err(error))
                if error.to_string().contains("number out of range")
                    && as_serde(ours).is_none() =>
            {
                self.huge_numbers += 1
            }
            _ => {
                self.disagreements += 1;
                if self.examples.len() < 10 {
                    self.examples
                        .push(format!("{text:?}: ours {ours:?}, serde_json {theirs:?}"));
                }
            }
        }
    }

    fn case(&mut self, rng: &mut Rng) {
        let mut text = String::new();
        value(rng, &mut text, 0);
        if rng.chance(50) {
            self.generated += 1;
            self.check(&text);
        } else if let Some(mutated) = mutate(rng, &text) {
            self.mutated += 1;
            self.check(&mutated);
        }
    }

    fn report(&self, seed: u64) {
        println!(
            "json differential (seed {seed}): {} cases ({} generated, {} mutated): {} accepted by both \
             and read alike, {} refused by both, {} with a number too large for a float (accepted, \
             serde_json refuses), {} disagreements",
            self.cases,
            self.generated,
            self.mutated,
            self.both_accepted,
            self.both_refused,
            self.huge_numbers,
            self.disagreements
        );
        assert!(
            self.disagreements == 0,
            "the reader and serde_json disagree, for example:\n{}",
            self.examples.join("\n")
        );
    }
}

#[test]
fn reader_agrees_with_serde_json() {
    match crate::testing::env_u64("AW_FUZZ_SECONDS") {
        // make fuzz: as many cases as fit in the time, from a fresh seed.
        Some(seconds) => {
            let seed = crate::testing::env_u64("AW_FUZZ_SEED").unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
            let (mut rng, mut tally) = (Rng(seed), Tally::default());
            let end = Instant::now() + Duration::from_secs(seconds);
            while Instant::now() < end {
                for _ in 0..1000 {
                    tally.case(&mut rng);
                }
            }
            tally.report(seed);
        }
        // make test: 100,000 cases from a fixed seed.
        None => {
            let seed = crate::testing::env_u64("AW_FUZZ_SEED").unwrap_or(0x5eed_2026);
            let (mut rng, mut tally) = (Rng(seed), Tally::default());
            while tally.cases < 100_000 {
                tally.case(&mut rng);
            }
            tally.report(seed);
            assert!(
                tally.both_accepted > 30_000 && tally.both_refused > 20_000,
                "{tally:?}"
            );
        }
    }
}
