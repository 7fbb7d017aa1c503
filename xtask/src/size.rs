//! `cargo xtask size [--check]`: builds the demo's release bundle (trunk,
//! wasm-opt) and prints raw and `gzip -9` bytes of the wasm, the JS glue and
//! the CSS, and of the embed bundle in dist/ (built first if missing). With
//! `--check`, fails when a bundle's gzipped total exceeds its guard (a
//! little above what it measures, so that a regression fails CI) or when a
//! bundle holds a path of the build machine.

use crate::toolchain::Toolchain;
use crate::{dist, output, run};
use anyhow::{Context, Result};
use std::env;
use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// A bundle's guard: `variable` overrides `default` (bytes, gzipped).
fn limit(variable: &str, default: u64) -> Result<u64> {
    match env::var(variable) {
        Ok(value) => value
            .parse()
            .with_context(|| format!("{variable} must be a number of bytes")),
        Err(_) => Ok(default),
    }
}

pub fn size(toolchain: &Toolchain, check: bool) -> Result<ExitCode> {
    let root = &toolchain.root;
    let demo_limit = limit("SIZE_LIMIT_GZIP", 68_000)?;
    let embed_limit = limit("EMBED_SIZE_LIMIT_GZIP", 93_900)?;

    build(toolchain)?;
    println!(
        "embed bundle (dist/, from make dist; the widget's CSS and early form are in the JS):"
    );
    let embed_total = report(&root.join("dist"))?;
    println!();
    println!("demo page (target/site, trunk build --release):");
    let demo_total = report(&root.join("target/site"))?;
    println!("(release builds: {} toolchain)", toolchain.release);
    if !check {
        return Ok(ExitCode::SUCCESS);
    }

    let mut failed = false;
    for (name, total, limit) in [
        ("demo", demo_total, demo_limit),
        ("embed", embed_total, embed_limit),
    ] {
        if total > limit {
            println!("size: FAILED: the {name} bundle is {total} B gzipped, above its guard of {limit} B");
            failed = true;
        } else {
            println!("size: ok: the {name} bundle is {total} B gzipped (guard {limit} B)");
        }
    }
    let leaked = leaked_paths(root)?;
    if leaked.is_empty() {
        println!("size: ok: no build-machine path in the bundles (strings)");
    } else {
        println!("size: FAILED: build-machine paths in the bundles, e.g.:");
        for line in leaked.iter().take(5) {
            println!("{line}");
        }
        failed = true;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The demo's release build in target/site (trunk), after the embed
/// bundle it copies.
fn build(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    // Trunk always runs offline: it must not download wasm-bindgen or
    // wasm-opt. The first cargo build of the (Debian) std may need crates:
    // fetch them online.
    crate::build_demo_wasm(toolchain.release_command("cargo")?.current_dir(root), true)?;
    // The demo page copies the embed bundle (dist/); build it if it is missing.
    if !root.join("dist/auth-widget.js").is_file() {
        dist::dist(toolchain)?;
    }
    run(toolchain
        .release_command("trunk")?
        .current_dir(root)
        .args(["build", "--release", "--offline"])
        .stdout(Stdio::null()))
}

/// The strings in the bundles' wasm and JS that hold a path of the build
/// machine (its home, this checkout, cargo's registry), each after its file.
fn leaked_paths(root: &Path) -> Result<Vec<String>> {
    let home = env::var("HOME").unwrap_or_default();
    let needles = [
        format!("{home}/"),
        root.display().to_string(),
        ".cargo/registry".into(),
    ];
    let mut leaked = Vec::new();
    for dir in ["dist", "target/site"] {
        for extension in ["wasm", "js"] {
            for file in crate::files_with_extension(&root.join(dir), extension)? {
                for string in strings(&fs::read(&file)?) {
                    if needles
                        .iter()
                        .any(|needle| string.contains(needle.as_str()))
                    {
                        leaked.push(format!("{dir}/{}: {string}", file_name(&file)));
                    }
                }
            }
        }
    }
    Ok(leaked)
}

/// Prints raw and gzip -9 bytes of the wasm, JS and CSS in `dir`; returns
/// the gzipped total.
fn report(dir: &Path) -> Result<u64> {
    let (mut total_raw, mut total_gz) = (0, 0);
    println!("{:<10} {:>10} {:>10}  file", "part", "raw", "gzip-9");
    for kind in ["wasm", "js", "css"] {
        let (mut raw, mut gz, mut names) = (0, 0, Vec::new());
        for file in crate::files_with_extension(dir, kind)? {
            raw += fs::metadata(&file)?.len();
            gz += gzip9(&file)?;
            names.push(file_name(&file));
        }
        println!("{kind:<10} {raw:>10} {gz:>10}  {}", names.join(" "));
        total_raw += raw;
        total_gz += gz;
    }
    println!("{:<10} {total_raw:>10} {total_gz:>10}", "total");
    Ok(total_gz)
}

/// The size of `gzip -9` of `file`: the figure the README's size table
/// gives, from the same program.
pub fn gzip9(file: &Path) -> Result<u64> {
    Ok(output(Command::new("gzip").arg("-9").arg("-c").arg(file))?.len() as u64)
}

fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The runs of at least 4 printable ASCII characters (or tabs) in `data`,
/// as `strings` finds them.
fn strings(data: &[u8]) -> Vec<String> {
    data.split(|&byte| !(byte == b'\t' || (0x20..0x7f).contains(&byte)))
        .filter(|run| run.len() >= 4)
        .map(|run| String::from_utf8_lossy(run).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_printable_runs_of_four_or_more() {
        assert_eq!(
            strings(b"\0abc\0/home/me/x\x01\x02tab\there\xffok"),
            ["/home/me/x", "tab\there"]
        );
    }
}
