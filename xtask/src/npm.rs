//! Makes dist/ the npm package `auth-widget`:
//!
//! - package.json: name, version, description, license and repository from
//!   Cargo.toml (one source), the entry module and its types, the language
//!   files as `auth-widget/i18n/*` (JSON named `.txt`, see `dist`), and no
//!   dependencies;
//! - auth-widget.d.ts (src/embed/js/, written by hand but for its generated
//!   lists), README.md (src/embed/js/npm-README.md), LICENSE;
//! - precompressed `.gz` and `.br` siblings of the module, the wasm and the
//!   language files, for static hosts that serve them (not in the npm
//!   tarball: bundlers and servers compress on their own).

use anyhow::{Context, Result};
use serde::Serialize;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    version: &'a str,
    description: &'a str,
    keywords: &'a [&'a str],
    license: &'a str,
    repository: Repository,
    #[serde(rename = "type")]
    kind: &'a str,
    exports: Exports<'a>,
    main: &'a str,
    types: &'a str,
    files: &'a [&'a str],
    /// Importing the entry defines window.AuthWidget and registers
    /// <auth-widget>: a bundler must keep it even when nothing is imported
    /// from it by name.
    #[serde(rename = "sideEffects")]
    side_effects: &'a [&'a str],
}

#[derive(Serialize)]
struct Repository {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
}

#[derive(Serialize)]
struct Exports<'a> {
    #[serde(rename = ".")]
    entry: Entry<'a>,
    #[serde(rename = "./i18n/*")]
    languages: &'a str,
    #[serde(rename = "./package.json")]
    manifest: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    types: &'a str,
    default: &'a str,
}

/// The fields of the root Cargo.toml that package.json repeats.
struct Crate {
    version: String,
    description: String,
    license: String,
    repository: String,
}

fn read_crate(root: &Path) -> Result<Crate> {
    let manifest: toml::Table = fs::read_to_string(root.join("Cargo.toml"))?.parse()?;
    let field = |table: &str, key: &str| -> Result<String> {
        let table = if table == "package" {
            manifest.get("package")
        } else {
            manifest.get("workspace").and_then(|w| w.get("package"))
        };
        table
            .and_then(|t| t.get(key))
            .and_then(|value| value.as_str())
            .map(str::to_owned)
            .with_context(|| format!("Cargo.toml has no string {key}"))
    };
    Ok(Crate {
        version: field("package", "version")?,
        description: field("package", "description")?,
        license: field("workspace", "license")?,
        repository: field("workspace", "repository")?,
    })
}

/// package.json's text.
fn manifest(krate: &Crate) -> Result<String> {
    let manifest = Manifest {
        name: "auth-widget",
        version: &krate.version,
        description: &krate.description,
        keywords: &[
            "auth0",
            "signup",
            "sign-up",
            "forgot-password",
            "password-reset",
            "web-component",
            "custom-element",
            "lock",
            "webassembly",
            "wasm",
        ],
        license: &krate.license,
        repository: Repository {
            kind: "git",
            url: format!("git+{}.git", krate.repository),
        },
        kind: "module",
        exports: Exports {
            entry: Entry {
                types: "./auth-widget.d.ts",
                default: "./auth-widget.js",
            },
            languages: "./i18n/*",
            manifest: "./package.json",
        },
        main: "./auth-widget.js",
        types: "./auth-widget.d.ts",
        files: &[
            "auth-widget.js",
            "auth-widget.d.ts",
            "auth-widget-core_bg.wasm",
            "i18n/*.txt",
        ],
        side_effects: &["./auth-widget.js"],
    };
    Ok(serde_json::to_string_pretty(&manifest)? + "\n")
}

/// Writes the package's files into `dist` (which holds the bundle) and the
/// compressed siblings.
pub fn package(root: &Path, dist: &Path) -> Result<()> {
    let krate = read_crate(root)?;
    fs::write(dist.join("package.json"), manifest(&krate)?)?;
    for (from, to) in [
        ("src/embed/js/auth-widget.d.ts", "auth-widget.d.ts"),
        ("src/embed/js/npm-README.md", "README.md"),
        ("LICENSE", "LICENSE"),
    ] {
        fs::copy(root.join(from), dist.join(to)).with_context(|| format!("copying {from}"))?;
    }
    let mut served: Vec<PathBuf> = vec![
        dist.join("auth-widget.js"),
        dist.join("auth-widget-core_bg.wasm"),
    ];
    served.extend(crate::files_with_extension(&dist.join("i18n"), "txt")?);
    for file in &served {
        let data = fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        fs::write(with_suffix(file, ".gz"), gzip(&data)?)?;
        fs::write(with_suffix(file, ".br"), brotli(&data)?)?;
    }
    Ok(())
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// gzip at level 9, with no time or name in its header: the same bytes on
/// every build.
pub fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::GzBuilder::new()
        .operating_system(3) // Unix, as zlib writes it
        .write(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

/// brotli at its best quality (11), with the default window and the
/// data's size as a hint.
pub fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        size_hint: data.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn package_json_carries_cargo_tomls_fields_in_npms_order() {
        let text = manifest(&Crate {
            version: "1.2.3".into(),
            description: "A widget".into(),
            license: "MIT".into(),
            repository: "https://example.com/w".into(),
        })
        .unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["version"], "1.2.3");
        assert_eq!(value["repository"]["url"], "git+https://example.com/w.git");
        assert_eq!(value["exports"]["."]["default"], "./auth-widget.js");
        let keys: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("  \""))
            .map(|line| line.trim().split('"').nth(1).unwrap())
            .collect();
        assert_eq!(
            keys,
            [
                "name",
                "version",
                "description",
                "keywords",
                "license",
                "repository",
                "type",
                "exports",
                "main",
                "types",
                "files",
                "sideEffects"
            ]
        );
        assert!(text.ends_with("}\n"));
    }

    #[test]
    fn the_compressed_siblings_decompress_to_the_file_and_carry_no_time() {
        let data = "{\"lang\": \"fr\"} ".repeat(200).into_bytes();
        let gz = gzip(&data).unwrap();
        assert_eq!(&gz[4..8], [0, 0, 0, 0], "no modification time");
        assert_eq!(gzip(&data).unwrap(), gz, "the same bytes every time");
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        let br = brotli(&data).unwrap();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).unwrap();
        assert_eq!(back, data);
        assert!(br.len() < data.len() / 10);
    }
}
