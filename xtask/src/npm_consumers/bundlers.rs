//! The consumer projects' type check and builds.

use super::{copy_dir, files_under, Places};
use crate::run;
use anyhow::{bail, Result};
use std::fs;

/// tsc --noEmit of a consumer using every option and event, and misuse
/// that must not type-check.
pub fn types(places: &Places) -> Result<()> {
    println!("== npm package: tsc --noEmit of a consumer using every option and event, and misuse that must not type-check");
    let project = places.consumer("types", "tests/npm/consumers/types")?;
    run(places
        .tool("tsc")
        .arg("-p")
        .arg(project.join("tsconfig.json")))?;
    let consumer = fs::read_to_string(project.join("consumer.ts"))?;
    let refused = consumer
        .lines()
        .filter(|line| line.starts_with("// @ts-expect-error"))
        .count();
    println!("npm-consumers: types: ok ({refused} misuses refused)");
    Ok(())
}

/// The page built by each bundler as the README says, then the React
/// example with Vite.
pub fn pages(places: &Places) -> Result<()> {
    println!("== npm package: built with Vite, esbuild, Rollup, webpack and Parcel, and the React example with Vite");
    let page = "tests/npm/consumers/page";
    let out = &places.out;
    // --base ./ only because the test serves each build under /npm/NAME/,
    // not at a site's root; the package needs no Vite option for a build.
    vite_build(places, "vite", page)?;
    esbuild(places)?;
    // Rollup alone leaves `new URL("./…", import.meta.url)` as written and
    // emits no file: the README names @web/rollup-plugin-import-meta-assets,
    // and its one line in a config, which is this one.
    let rollup = places.consumer("rollup", page)?;
    fs::copy(
        places.root.join("tests/npm/consumers/rollup.config.js"),
        rollup.join("rollup.config.js"),
    )?;
    run(places
        .tool("rollup")
        .current_dir(&rollup)
        .args(["-c", "--dir"])
        .arg(out.join("rollup")))?;
    fs::copy(rollup.join("index.html"), out.join("rollup/index.html"))?;
    // webpack 5 with its defaults (output.publicPath "auto", top-level
    // await on): the entry and the output folder are the only options.
    let webpack = places.consumer("webpack", page)?;
    run(places
        .tool("webpack")
        .current_dir(&webpack)
        .args([
            "--mode",
            "production",
            "--entry",
            "./main.js",
            "--output-path",
        ])
        .arg(out.join("webpack"))
        .args(["--stats", "errors-warnings"]))?;
    fs::copy(webpack.join("index.html"), out.join("webpack/index.html"))?;
    parcel(places)?;
    language_file_arrived(places)?;
    vite_build(places, "react", "examples/react")
}

/// A consumer of `source`, built by Vite into out/NAME.
fn vite_build(places: &Places, name: &str, source: &str) -> Result<()> {
    let project = places.consumer(name, source)?;
    run(places
        .tool("vite")
        .current_dir(&project)
        .args(["build", "--base", "./", "--logLevel", "warn", "--outDir"])
        .arg(places.out.join(name))
        .arg("--emptyOutDir"))
}

/// esbuild leaves `new URL("./…", import.meta.url)` as written: the
/// README's hint is to copy the wasm and i18n/ next to the bundle, which is
/// what this does.
fn esbuild(places: &Places) -> Result<()> {
    let project = places.consumer("esbuild", "tests/npm/consumers/page")?;
    let out = places.out.join("esbuild");
    fs::create_dir_all(&out)?;
    run(places
        .tool("esbuild")
        .arg(project.join("main.js"))
        .args([
            "--bundle",
            "--format=esm",
            "--minify",
            "--log-level=warning",
        ])
        .arg(format!("--outfile={}", out.join("main.js").display())))?;
    let package = project.join("node_modules/auth-widget");
    fs::copy(project.join("index.html"), out.join("index.html"))?;
    fs::copy(
        package.join("auth-widget-core_bg.wasm"),
        out.join("auth-widget-core_bg.wasm"),
    )?;
    copy_dir(&package.join("i18n"), &out.join("i18n"))
}

/// Parcel 2 with its defaults, from the page. --public-url ./ (as Vite's
/// --base) because the test serves it under /npm/parcel/; the cache in the
/// consumer's folder, not in tests/npm, which Parcel takes for the project
/// root (the folder with the lock file).
fn parcel(places: &Places) -> Result<()> {
    let project = places.consumer("parcel", "tests/npm/consumers/page")?;
    run(places
        .tool("parcel")
        .current_dir(&project)
        .args(["build", "index.html", "--dist-dir"])
        .arg(places.out.join("parcel"))
        .args(["--public-url", "./", "--cache-dir"])
        .arg(project.join(".parcel-cache"))
        .args([
            "--no-source-maps",
            "--no-autoinstall",
            "--log-level",
            "warn",
        ]))
}

/// What arrived: each build that emits files emitted the language file as
/// it is (Parcel turned a `.json` into a JavaScript module, so the package
/// ships JSON named `.txt`). Vite inlines it as a data: URL; the browser
/// test covers every build.
fn language_file_arrived(places: &Places) -> Result<()> {
    let french = fs::read(places.root.join("dist/i18n/fr.txt"))?;
    for name in ["esbuild", "rollup", "webpack", "parcel"] {
        let mut same = None;
        for file in files_under(&places.out.join(name))? {
            if fs::metadata(&file)?.len() == french.len() as u64 && fs::read(&file)? == french {
                same = Some(file);
                break;
            }
        }
        let Some(same) = same else {
            bail!("npm-consumers: {name} emitted no file with i18n/fr.txt's bytes");
        };
        let arrived = same.strip_prefix(&places.out).unwrap_or(&same);
        println!(
            "npm-consumers: {name}: i18n/fr.txt arrived as {}, unchanged",
            arrived.display()
        );
    }
    Ok(())
}
