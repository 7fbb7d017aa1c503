//! `cargo xtask package-check`: the widget crate as `cargo package` would
//! ship it holds everything its build needs (the sources, the CSS build.rs
//! minifies, the language files), and nothing else (no scripts, benches,
//! emulator, test pages or databases).

use anyhow::{bail, Context, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Files the crate cannot build or be read without.
const NEEDED: &[&str] = &[
    "src/lib.rs",
    "src/ui/style.rs",
    "build.rs",
    "style/auth-widget.css",
    "src/i18n/languages/fr.json",
    "src/i18n/languages/ar.json",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "Cargo.toml",
];

/// Prints what is missing or unexpected; fails on either.
pub fn check(root: &Path) -> Result<()> {
    let output = Command::new("cargo")
        .current_dir(root)
        .args(["package", "--list", "-p", "auth-widget", "--allow-dirty"])
        .stderr(Stdio::null())
        .output()
        .context("could not start cargo package")?;
    if !output.status.success() {
        bail!("cargo package --list failed ({})", output.status);
    }
    let list = String::from_utf8(output.stdout)?;
    let files: Vec<&str> = list.lines().collect();
    let mut failed = false;
    for needed in NEEDED {
        if !files.contains(needed) {
            println!("package-check: {needed} is missing from the crate");
            failed = true;
        }
    }
    let unexpected: Vec<&&str> = files.iter().filter(|file| !expected(file)).collect();
    if !unexpected.is_empty() {
        println!("package-check: the crate would ship files it does not need:");
        for file in unexpected {
            println!("{file}");
        }
        failed = true;
    }
    if failed {
        bail!("package-check failed");
    }
    println!(
        "package-check: ok: the crate ships {} files, all it needs and nothing else",
        files.len()
    );
    Ok(())
}

/// The files the crate may ship: Rust sources, build.rs, the CSS, the
/// language files, the documents, the manifests and cargo's own.
fn expected(file: &str) -> bool {
    const EXACT: &[&str] = &[
        "build.rs",
        "style/auth-widget.css",
        "README.md",
        "CHANGELOG.md",
        "LICENSE",
        "Cargo.toml",
        "Cargo.toml.orig",
        "Cargo.lock",
        ".cargo_vcs_info.json",
    ];
    let language = file
        .strip_prefix("src/i18n/languages/")
        .and_then(|name| name.strip_suffix(".json"))
        .is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
        });
    EXACT.contains(&file) || (file.starts_with("src/") && file.ends_with(".rs")) || language
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_languages_and_documents_only() {
        for file in [
            "src/lib.rs",
            "src/ui/a/b.rs",
            "src/i18n/languages/pt-BR.json",
            "LICENSE",
        ] {
            assert!(expected(file), "{file}");
        }
        for file in [
            "scripts/test",
            "src/i18n/languages/x.txt",
            "emulator/src/main.rs",
            "a.db",
        ] {
            assert!(!expected(file), "{file}");
        }
    }
}
