//! `cargo xtask demo` (`make demo`): starts the tenant emulator and serves
//! the demo with `trunk serve`, which proxies the tenant's paths to it.
//!   DEMO_PORT         the demo's port (default 8080)
//!   TENANT_PORT       the emulator's port (default 8787)
//!   DEMO_TENANT_ARGS  more emulator flags (e.g. --db :memory:, a store of its own)
//!
//! e2e/tests/demo.rs runs it (through scripts/demo) on free ports, as a
//! person runs it, and ends it with SIGTERM to its process group.

use crate::tenant::Tenant;
use crate::toolchain::Toolchain;
use crate::{dist, env_or, KillOnDrop};
use anyhow::{bail, Context, Result};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Trunk.toml names the tenant as 127.0.0.1:8787 in its proxies, and trunk
/// takes proxies from its configuration only (its command line holds one).
/// So trunk reads a copy with this run's ports, written beside Trunk.toml
/// because trunk resolves the paths in it from the file's folder; removed
/// when dropped. (Should a copy outlive its run anyway, it is harmless: the
/// next run with that port writes it anew, and git ignores it.)
struct TrunkConfig(PathBuf);

impl Drop for TrunkConfig {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

pub fn demo(toolchain: &Toolchain) -> Result<ExitCode> {
    // A signal (Ctrl-C, SIGTERM to the process group, a closed terminal)
    // ends the demo through the return below, so that the drops stop the
    // emulator and trunk and remove the configuration's copy.
    let caught = Arc::new(AtomicUsize::new(0));
    for signal in [SIGHUP, SIGINT, SIGTERM] {
        signal_hook::flag::register_usize(signal, Arc::clone(&caught), signal as usize)?;
    }
    let root = &toolchain.root;
    let (demo_port, tenant_port) = (env_or("DEMO_PORT", "8080"), env_or("TENANT_PORT", "8787"));
    let demo = format!("http://127.0.0.1:{demo_port}");
    // Links in reset emails point at the demo's origin (trunk proxies /lo/).
    let mut args = vec!["--public-url".to_owned(), demo.clone()];
    args.extend(
        env_or("DEMO_TENANT_ARGS", "")
            .split_whitespace()
            .map(String::from),
    );
    let tenant = Tenant::start(root, &tenant_port, &args)?;
    let trunk_toml = fs::read_to_string(root.join("Trunk.toml"))?;
    let config = TrunkConfig(root.join(format!(".trunk-demo-{demo_port}.toml")));
    fs::write(
        &config.0,
        demo_config(&trunk_toml, &demo_port, &tenant_port)?,
    )?;

    // The embed bundle the examples use (trunk copies dist/ and examples/).
    println!("{}", dist::dist(toolchain)?);
    // Warm the wasm build online once (the Debian std may need crates);
    // trunk runs offline.
    if caught.load(Ordering::SeqCst) == 0 {
        crate::build_demo_wasm(toolchain.wasm_command("cargo")?.current_dir(root), false)?;
    }
    println!();
    println!("  demo:   {demo}/");
    println!("  examples: {demo}/examples/ (script tag, custom element, strict CSP, modal)");
    println!("  outbox: {demo}/outbox (reset emails land here)");
    println!("  tenant: {} (emulator; logs on stderr)", tenant.url);
    println!();
    serve(toolchain, &config.0, &caught)
}

/// `trunk serve` with the demo's configuration until it ends (its exit
/// status) or a signal comes (128 + its number, as a shell reports it).
fn serve(toolchain: &Toolchain, config: &Path, caught: &AtomicUsize) -> Result<ExitCode> {
    let signalled = || match caught.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(ExitCode::from(128 + signal as u8)),
    };
    if let Some(code) = signalled() {
        return Ok(code);
    }
    let mut trunk = KillOnDrop(
        toolchain
            .wasm_command("trunk")?
            .current_dir(&toolchain.root)
            .args(["serve", "--offline", "--config"])
            .arg(config)
            .spawn()
            .context("starting trunk")?,
    );
    loop {
        if let Some(code) = signalled() {
            return Ok(code);
        }
        if let Some(status) = trunk.0.try_wait()? {
            return Ok(ExitCode::from(status.code().unwrap_or(1) as u8));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Trunk.toml with the demo's port, its build in target/demo-PORT (never
/// target/site, the release build that make test checks and serves) and
/// the tenant's port in every proxy; fails if Trunk.toml no longer has the
/// lines this rewrites.
fn demo_config(trunk_toml: &str, demo_port: &str, tenant_port: &str) -> Result<String> {
    let tenant = format!("//127.0.0.1:{tenant_port}/");
    let (port, dist) = (
        format!("port = {demo_port}"),
        format!("dist = \"target/demo-{demo_port}\""),
    );
    let mut config = String::new();
    for line in trunk_toml.lines() {
        let line = match line {
            "port = 8080" => port.clone(),
            "dist = \"target/site\"" => dist.clone(),
            _ => line.replacen("//127.0.0.1:8787/", &tenant, 1),
        };
        config.push_str(&line);
        config.push('\n');
    }
    let proxies = trunk_toml
        .lines()
        .filter(|line| line.starts_with("backend = "))
        .count();
    let backend = format!("backend = \"http://127.0.0.1:{tenant_port}/");
    let rewritten = config
        .lines()
        .filter(|line| line.starts_with(&backend))
        .count();
    if rewritten != proxies
        || !config.lines().any(|l| l == port)
        || !config.lines().any(|l| l == dist)
    {
        bail!("demo: Trunk.toml no longer has the lines this rewrites (port, dist, proxies)");
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_toml_gets_the_ports_in_every_line_that_names_them() {
        let trunk_toml = include_str!("../../Trunk.toml");
        let config = demo_config(trunk_toml, "9080", "9787").unwrap();
        assert!(config.contains("port = 9080\n"));
        assert!(config.contains("dist = \"target/demo-9080\"\n"));
        assert!(!config.contains("//127.0.0.1:8787/"), "{config}");
        assert!(demo_config("port = 8080\n", "9080", "9787").is_err());
    }
}
