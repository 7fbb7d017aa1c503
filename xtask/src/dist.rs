//! `cargo xtask dist`: the embed bundle in dist/, with stable names:
//!
//! - dist/auth-widget.js: the ES module a page imports (window.AuthWidget,
//!   <auth-widget>): entry, element and wasm-bindgen's bindings in one
//!   file, bundled and minified by esbuild;
//! - dist/auth-widget-core_bg.wasm: the widget (CSS included), size-first
//!   build, wasm-opt;
//! - dist/i18n/*.txt: languages other than English, loaded on demand;
//! - dist/package.json, auth-widget.d.ts, README.md, LICENSE: the npm
//!   package (see [`crate::npm`]), with .gz and .br siblings.

use crate::toolchain::Toolchain;
use crate::{early, generate, glue, npm, run, wasm, Scratch};
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::Path;
use std::process::Command;

/// wasm-opt's flags for the embed bundle, in the order they are passed.
/// `WASM_OPT_LEVEL` and `WASM_OPT_SHARED` are the trunk demo's too
/// (index.html's `data-wasm-opt` and `data-wasm-opt-params`, written by
/// `cargo xtask generate`).
pub fn wasm_opt_flags() -> Vec<String> {
    let mut flags = vec![format!("-O{WASM_OPT_LEVEL}")];
    // The stack comes first in memory, checked before wasm-opt runs
    // (see `wasm::Layout::stack_first`).
    flags.extend(["--converge", "--low-memory-unused"].map(String::from));
    flags.extend(WASM_OPT_SHARED.iter().map(|flag| flag.to_string()));
    flags.extend(["--strip-debug", "--strip-producers"].map(String::from));
    flags
}

/// wasm-opt's optimisation level (`-Oz`): size first.
pub const WASM_OPT_LEVEL: &str = "z";

/// The flags both bundles pass. `--one-caller-inline-max-function-size`:
/// wasm-opt's -Oz inlines every function that has one caller, whatever its
/// size; Leptos's view code is many such functions, and merged into a few
/// huge ones they gzip worse. Limited, the raw file grows a little and the
/// gzipped one shrinks (the figures: README, Size).
pub const WASM_OPT_SHARED: &[&str] = &["--one-caller-inline-max-function-size=15"];

/// Builds dist/; returns lines that sum it up.
pub fn dist(toolchain: &Toolchain) -> Result<String> {
    let root = &toolchain.root;
    // The .d.ts and the entry module are shipped as they are: their
    // generated lists must be the runtime's.
    generate::check(root)?;
    run(toolchain.release_command("cargo")?.current_dir(root).args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--lib",
        "--features",
        "embed,external-css",
        "-q",
    ]))?;
    let scratch = Scratch::new("auth-widget-dist")?;
    let build = &scratch.0;
    crate::bindgen(
        &toolchain.release_wasm("auth_widget.wasm"),
        build,
        "auth-widget-core",
    )?;
    for file in ["auth-widget.js", "element.js", "early.js"] {
        fs::copy(root.join("src/embed/js").join(file), build.join(file))?;
    }
    fs::write(build.join("early-en.js"), early::english_module())?;
    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist)?;
    }
    fs::create_dir_all(&dist)?;

    let linked = build.join("auth-widget-core_bg.wasm");
    check_linked(&fs::read(&linked)?)?;
    let optimised = dist.join("auth-widget-core_bg.wasm");
    run(Command::new("wasm-opt")
        .args(wasm_opt_flags())
        .arg(&linked)
        .arg("-o")
        .arg(&optimised))?;
    let (removed, classes) = prune_glue(&build.join("auth-widget-core.js"), &optimised)?;
    run(Command::new("esbuild")
        .arg(build.join("auth-widget.js"))
        .args(["--bundle", "--format=esm", "--minify", "--target=es2022"])
        .arg("--log-level=warning")
        .arg(format!(
            "--outfile={}",
            dist.join("auth-widget.js").display()
        )))?;
    copy_languages(root, &dist)?;
    npm::package(root, &dist)?;
    Ok(format!(
        "dist: removed {removed} import functions from wasm-bindgen's glue that the \
         optimised wasm no longer imports, and {classes} classes it has no exports for\n\
         dist: {} (release build: {})",
        listing(&dist)?.join(" "),
        toolchain.release
    ))
}

/// Removes from wasm-bindgen's glue what the optimised wasm no longer
/// imports and the classes it has no exports for; returns how many of each.
fn prune_glue(glue: &Path, optimised: &Path) -> Result<(usize, usize)> {
    let optimised = fs::read(optimised)?;
    let imported = wasm::imported_names(&optimised)?;
    let (pruned, removed) = glue::prune(&fs::read_to_string(glue)?, &imported);
    let exported = wasm::exported_names(&optimised)?;
    let (pruned, classes) = glue::prune_classes(&pruned, &exported);
    if pruned.contains("IntoUnderlying") {
        bail!("wasm-streams' classes are still in the glue: has wasm-bindgen's output changed?");
    }
    fs::write(glue, pruned)?;
    Ok((removed, classes))
}

/// Fails unless the linked (not yet optimised) module is as the release
/// build makes it.
fn check_linked(module: &[u8]) -> Result<()> {
    // wasm-streams' classes come with Leptos (server_fn) and are never used:
    // the xtask, as the linker, links without them (see `link`). Checked,
    // so that a build that bypassed it does not pass unnoticed.
    if module
        .windows(b"intounderlying".len())
        .any(|w| w == b"intounderlying")
    {
        bail!("wasm-streams' classes are linked: was the xtask the linker?");
    }
    // wasm-opt's --low-memory-unused is safe only so.
    let layout = wasm::layout(module)?;
    if !layout.stack_first() {
        bail!(
            "the stack does not come first in memory (stack pointer at {}, data at {}): \
             wasm-opt's --low-memory-unused would be unsafe",
            layout.stack,
            layout.data
        );
    }
    Ok(())
}

/// src/i18n/languages/CODE.json shipped as dist/i18n/CODE.txt: the same
/// JSON with the language's early form (see `early`), under a type no
/// bundler transforms (Parcel makes a `.json` named by `new URL` a
/// JS module).
fn copy_languages(root: &Path, dist: &Path) -> Result<()> {
    fs::create_dir_all(dist.join("i18n"))?;
    for file in crate::files_with_extension(&root.join("src/i18n/languages"), "json")? {
        let mut name = file
            .file_stem()
            .context("a language file's name")?
            .to_owned();
        name.push(".txt");
        let text = fs::read_to_string(&file)?;
        let shipped = early::with_markup(&text).with_context(|| file.display().to_string())?;
        fs::write(dist.join("i18n").join(name), shipped)?;
    }
    Ok(())
}

/// The names in `dir`, sorted (as `ls` lists them).
fn listing(dir: &Path) -> Result<Vec<String>> {
    let mut names = fs::read_dir(dir)?
        .map(|entry| Ok(entry?.file_name().to_string_lossy().into_owned()))
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}
