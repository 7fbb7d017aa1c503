//! `cargo xtask npm-consumers`: the npm package as its users meet it.
//! `npm pack` of dist/, installed offline from the tarball into temporary
//! consumer projects, which then
//!   - type-check against its types (tsc --noEmit, tests/npm/consumers/types),
//!   - build tests/npm/consumers/page with each bundler the README names, as
//!     the README says: Vite (nothing), esbuild (the copy step), Rollup (its
//!     node-resolve and @web/rollup-plugin-import-meta-assets, the config in
//!     tests/npm/consumers/rollup.config.js), webpack 5 (nothing) and
//!     Parcel 2 (nothing), checking that each emitted the language file as
//!     it is, and
//!   - build the React example with Vite (examples/react), then serve it
//!     with Vite's dev server;
//!
//! and first, that dist/'s .gz and .br siblings are its files, compressed.
//!
//! The built pages land in
//! target/npm-consumers/{vite,esbuild,rollup,webpack,parcel,react}/, where
//! e2e/tests/packages.rs signs up through each in Chromium, in French.
//! The tools are tests/npm's devDependencies, installed by scripts/bootstrap
//! from its lock file; a consumer project in tests/npm/work/ finds them as
//! an app in a monorepo would, in a parent folder's node_modules, and gets
//! only auth-widget installed of its own.

mod bundlers;
mod dev_server;

use crate::toolchain::Toolchain;
use crate::{dist, output, run};
use anyhow::{bail, Context, Result};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where things are: the bundlers, the built pages, the consumer projects,
/// the tarball.
pub struct Places {
    root: PathBuf,
    tools: PathBuf,
    out: PathBuf,
    work: PathBuf,
    tarball: PathBuf,
}

impl Places {
    /// `tool` from tests/npm's node_modules.
    fn tool(&self, tool: &str) -> Command {
        Command::new(self.tools.join(tool))
    }

    /// A fresh project in work/NAME with `source`'s files and auth-widget
    /// installed from the tarball, offline.
    fn consumer(&self, name: &str, source: &str) -> Result<PathBuf> {
        let project = self.work.join(name);
        copy_dir(&self.root.join(source), &project)?;
        fs::write(
            project.join("package.json"),
            "{ \"private\": true, \"type\": \"module\" }\n",
        )?;
        run(Command::new("npm")
            .current_dir(&project)
            .args(["install", "--offline", "--no-audit", "--no-fund"])
            .args(["--no-package-lock", "--silent"])
            .arg(&self.tarball))?;
        Ok(project)
    }
}

pub fn npm_consumers(toolchain: &Toolchain) -> Result<()> {
    let root = &toolchain.root;
    let tools = root.join("tests/npm/node_modules/.bin");
    for tool in ["tsc", "vite", "esbuild", "rollup", "webpack", "parcel"] {
        if !is_executable(&tools.join(tool)) {
            bail!("npm-consumers: no {tool}: run scripts/bootstrap (tests/npm)");
        }
    }
    if !root.join("dist/package.json").is_file() {
        println!("{}", dist::dist(toolchain)?);
    }
    check_siblings(&root.join("dist"))?;
    let out = root.join("target/npm-consumers");
    fresh_dir(&out)?;
    let tarball = pack(root, &out)?;
    let work = root.join("tests/npm/work");
    fresh_dir(&work)?;
    let places = Places {
        root: root.clone(),
        tools,
        out,
        work,
        tarball,
    };
    bundlers::types(&places)?;
    bundlers::pages(&places)?;
    dev_server::check(&places)?;
    for name in ["vite", "esbuild", "rollup", "webpack", "parcel", "react"] {
        let count = files_under(&places.out.join(name))?.len();
        println!("npm-consumers: {name}: {count} files in target/npm-consumers/{name}");
    }
    Ok(())
}

/// dist/'s precompressed siblings, for static hosts: every shipped file has
/// a .gz and a .br that decompress to exactly its bytes (none missing or
/// stale).
fn check_siblings(dist: &Path) -> Result<()> {
    let mut files = vec![
        "auth-widget.js".to_owned(),
        "auth-widget-core_bg.wasm".to_owned(),
    ];
    for language in crate::files_with_extension(&dist.join("i18n"), "txt")? {
        let name = language.file_name().context("a language file")?;
        files.push(format!("i18n/{}", name.to_string_lossy()));
    }
    for file in &files {
        let data = fs::read(dist.join(file))?;
        for suffix in ["gz", "br"] {
            let sibling = fs::read(dist.join(format!("{file}.{suffix}"))).ok();
            if sibling.and_then(|bytes| decompress(suffix, &bytes)) != Some(data.clone()) {
                bail!("npm-consumers: dist/{file}.{suffix} is missing or is not dist/{file}");
            }
        }
    }
    println!(
        "npm-consumers: dist/: .gz and .br of {} files decompress to them",
        files.len()
    );
    Ok(())
}

/// `bytes` decompressed as gzip (every member, as node's gunzip) or
/// brotli; None if they are not.
fn decompress(kind: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let mut data = Vec::new();
    let read = match kind {
        "gz" => flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut data),
        _ => brotli::Decompressor::new(bytes, 4096).read_to_end(&mut data),
    };
    read.ok().map(|_| data)
}

/// `npm pack` of dist/ into `out`, and what the tarball holds: the module,
/// its types and wasm, the language files, nothing compressed twice or
/// private, and no path of the build machine. Returns the tarball.
fn pack(root: &Path, out: &Path) -> Result<PathBuf> {
    let name = output(
        Command::new("npm")
            .current_dir(out)
            .arg("pack")
            .arg(root.join("dist"))
            .arg("--silent"),
    )?;
    let tarball = out.join(String::from_utf8(name)?.trim());
    let listing = String::from_utf8(output(Command::new("tar").arg("tzf").arg(&tarball))?)?;
    let mut listing: Vec<&str> = listing.lines().collect();
    listing.sort_unstable();
    for needed in [
        "package/package.json",
        "package/auth-widget.js",
        "package/auth-widget.d.ts",
        "package/auth-widget-core_bg.wasm",
        "package/i18n/fr.txt",
        "package/README.md",
        "package/LICENSE",
    ] {
        if !listing.contains(&needed) {
            bail!("npm-consumers: {needed} is not in the tarball");
        }
    }
    let extra: Vec<&str> = listing
        .iter()
        .copied()
        .filter(|file| [".gz", ".br", ".map"].iter().any(|end| file.ends_with(end)))
        .collect();
    if !extra.is_empty() {
        println!("{}", extra.join("\n"));
        bail!("npm-consumers: the tarball carries the files above, which it should not");
    }
    let contents = output(Command::new("tar").arg("xOzf").arg(&tarball))?;
    let home = format!("{}/", std::env::var("HOME").unwrap_or_default());
    let root_path = root.display().to_string();
    for needle in [root_path.as_str(), home.as_str(), ".cargo/registry"] {
        if contents
            .windows(needle.len())
            .any(|window| window == needle.as_bytes())
        {
            bail!("npm-consumers: the tarball holds build-machine paths");
        }
    }
    println!(
        "npm-consumers: {}: {} files, {} B, no build-machine path",
        tarball
            .file_name()
            .context("the tarball's name")?
            .to_string_lossy(),
        listing.len(),
        fs::metadata(&tarball)?.len()
    );
    Ok(tarball)
}

/// `dir`, emptied (made if missing).
fn fresh_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("removing {}", dir.display()))?;
    }
    fs::create_dir_all(dir)?;
    Ok(())
}

/// `cp -r from to`.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The files under `dir`, recursively, sorted.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        if entry.file_type()?.is_dir() {
            files.extend(files_under(&entry.path())?);
        } else {
            files.push(entry.path());
        }
    }
    Ok(files)
}

fn is_executable(file: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    file.metadata()
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}
