//! Where the tools live and which compiler builds the wasm, for every step
//! the xtask runs (scripts/bootstrap decides the same way, to install what
//! the choice needs).
//!
//! - Debug wasm builds (the browser tests, the docs, the demo, the example
//!   apps): rustup's toolchain when its wasm32 standard library is
//!   installed, else Debian's rustc-web (std rebuilt with -Zbuild-std, linked
//!   by wasm-ld). `WASM_TOOLCHAIN=debian` forces Debian's.
//! - Release builds (dist, size, bench) rebuild std for size, which needs
//!   std's source: rustup's rust-src where it is installed, else Debian's
//!   rust-web-src with rustc-web.

use crate::link;
use anyhow::{Context, Result};
use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::{env, fs};

/// Whose compiler and standard library build the wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// rustup's toolchain (its wasm32 std, or its rust-src for release builds).
    Rustup,
    /// Debian's rustc-web, std rebuilt from rust-web-src, wasm-ld.
    Debian,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Rustup => "rustup",
            Mode::Debian => "debian",
        })
    }
}

/// The checkout, the tool cache and the toolchain choices.
pub struct Toolchain {
    /// The checkout (AW_ROOT).
    pub root: PathBuf,
    /// The tool cache, kept between runs (AW_TOOLS).
    pub tools: PathBuf,
    /// Debug wasm builds.
    pub wasm: Mode,
    /// Size-first release builds.
    pub release: Mode,
}

impl Toolchain {
    /// Puts the tool cache's programs (trunk, wasm-bindgen, wasm-opt,
    /// esbuild) first on this process's PATH, as scripts/bootstrap does for
    /// the shell, and chooses the toolchains.
    pub fn new() -> Result<Toolchain> {
        let root = root();
        let tools = match env::var_os("AUTH_WIDGET_TOOLS") {
            Some(dir) => PathBuf::from(dir),
            None => env::var_os("XDG_CACHE_HOME")
                .map(PathBuf::from)
                .or_else(|| env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))
                .context("neither XDG_CACHE_HOME nor HOME is set")?
                .join("auth-widget"),
        };
        let mut path = vec![tools.join("cargo/bin"), tools.join("npm/node_modules/.bin")];
        path.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
        // Set once, before any thread starts, for every program started
        // from here. `cargo run` tells the xtask where its own cargo is
        // (CARGO); the builds started from here use the cargo on PATH, as
        // the scripts do (Debian's, for Debian's toolchain).
        env::set_var("PATH", env::join_paths(path)?);
        env::set_var("AW_ROOT", &root);
        env::set_var("AW_TOOLS", &tools);
        env::remove_var("CARGO");

        let sysroot = rustc_sysroot();
        let forced_debian = env::var("WASM_TOOLCHAIN").is_ok_and(|value| value == "debian");
        // The wasm toolchain (of debug builds: the browser tests, the demo)
        // first: release builds use rustup's only where it is.
        let wasm = match &sysroot {
            Some(sysroot) if !forced_debian && has_wasm_std(sysroot) => Mode::Rustup,
            _ => Mode::Debian,
        };
        let release = match &sysroot {
            Some(sysroot) if wasm == Mode::Rustup && has_std_source(sysroot) => Mode::Rustup,
            _ => Mode::Debian,
        };
        Ok(Toolchain {
            root,
            tools,
            wasm,
            release,
        })
    }

    /// Where debug wasm builds land (cargo's target directory).
    pub fn wasm_target_dir(&self) -> PathBuf {
        match self.wasm {
            Mode::Rustup => self.root.join("target"),
            Mode::Debian => self.root.join("target/debian"),
        }
    }

    /// `program` (cargo, trunk) in the debug wasm builds' environment
    /// (the shell scripts' `wasm_run` before): nothing to add for rustup's
    /// toolchain; Debian's rustc-web rebuilds std (nightly flags through
    /// RUSTC_BOOTSTRAP) and links with wasm-ld.
    pub fn wasm_command(&self, program: &str) -> Result<Command> {
        let mut command = Command::new(program);
        if self.wasm == Mode::Debian {
            self.debian_env(&mut command)?;
            command
                .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", "wasm-ld")
                .env("RUSTC_BOOTSTRAP", "1")
                .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort");
        }
        Ok(command)
    }

    /// Where release builds land (cargo's target directory).
    pub fn release_target_dir(&self) -> PathBuf {
        match self.release {
            Mode::Rustup => self.root.join("target"),
            Mode::Debian => self.root.join("target/debian"),
        }
    }

    /// The release wasm of `artifact` (`auth_widget.wasm`).
    pub fn release_wasm(&self, artifact: &str) -> PathBuf {
        self.release_target_dir()
            .join("wasm32-unknown-unknown/release")
            .join(artifact)
    }

    /// `program` (cargo, trunk) in the release builds' environment: std
    /// rebuilt for size, panics that abort with no message or location, no
    /// Debug formatting, no path of the build machine in the output, and
    /// this program as the linker (see [`link`]).
    pub fn release_command(&self, program: &str) -> Result<Command> {
        let mut command = Command::new(program);
        if self.release == Mode::Debian {
            self.debian_env(&mut command)?;
        }
        let home = env::var("HOME").unwrap_or_default();
        let rustflags = [
            "-Zunstable-options",
            "-Cpanic=immediate-abort",
            "-Zlocation-detail=none",
            "-Zfmt-debug=none",
            &format!("--remap-path-prefix={home}=~"),
            &format!("--remap-path-prefix={}=.", self.root.display()),
        ]
        .join(" ");
        command
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER",
                env::current_exe().context("the xtask's own path")?,
            )
            .env(link::AS_LINKER, "1")
            .env("RUSTC_BOOTSTRAP", "1")
            .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
            .env("CARGO_UNSTABLE_BUILD_STD_FEATURES", "optimize_for_size")
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", rustflags);
        Ok(command)
    }

    /// Debian's rustc-web for wasm, in artifacts of its own (a different
    /// compiler and a rebuilt std).
    fn debian_env(&self, command: &mut Command) -> Result<()> {
        // Debian's cargo must come first on PATH: trunk runs `cargo` from PATH.
        let bin = self.tools.join("debian-bin");
        let cargo = bin.join("cargo");
        if fs::read_link(&cargo).ok().as_deref() != Some(Path::new("/usr/bin/cargo")) {
            fs::create_dir_all(&bin)?;
            let _ = fs::remove_file(&cargo);
            std::os::unix::fs::symlink("/usr/bin/cargo", &cargo)
                .with_context(|| format!("linking {}", cargo.display()))?;
        }
        let mut path = OsString::from(bin);
        path.push(":");
        path.push(env::var_os("PATH").unwrap_or_default());
        command
            .env("PATH", path)
            .env("RUSTC", "/usr/bin/rustc")
            .env("RUSTDOC", "/usr/bin/rustdoc")
            .env("CARGO_TARGET_DIR", self.root.join("target/debian"));
        Ok(())
    }
}

/// The checkout: the xtask's parent folder.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is in the checkout")
        .to_path_buf()
}

/// The active rustup toolchain's sysroot (rustc from PATH).
fn rustc_sysroot() -> Option<PathBuf> {
    let output = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    (output.status.success() && !text.trim().is_empty()).then(|| PathBuf::from(text.trim()))
}

/// True when the toolchain has the wasm32 standard library.
fn has_wasm_std(sysroot: &Path) -> bool {
    fs::read_dir(sysroot.join("lib/rustlib/wasm32-unknown-unknown/lib")).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libstd-") && name.ends_with(".rlib")
        })
    })
}

/// True when the toolchain has std's source (the rust-src component).
fn has_std_source(sysroot: &Path) -> bool {
    sysroot
        .join("lib/rustlib/src/rust/library/std/Cargo.toml")
        .is_file()
}
