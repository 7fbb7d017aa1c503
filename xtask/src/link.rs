//! The linker of release wasm builds: cargo runs the xtask's own binary as
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER` with [`AS_LINKER`] set
//! (see `Toolchain::release_command`), and it runs rust-lld (rustup's
//! toolchain) or wasm-ld (Debian's lld) with every argument rustc gives but
//! the exports of wasm-streams' classes.
//!
//! Why: Leptos turns on server_fn's "browser" feature, which links
//! wasm-streams, whose #[wasm_bindgen] classes (IntoUnderlyingSource,
//! ...Sink, ...ByteSource) rustc exports from every module that links it.
//! The widget calls no server function. Not exported, they are never
//! linked, and neither is the code behind them; removing the exports after
//! linking leaves that code in the function table, where a vtable had put
//! it. `dist` checks that they are gone.

use std::ffi::{OsStr, OsString};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

/// Set in the environment of release builds: the xtask then acts as the
/// linker. (Cargo takes the linker as a path, without arguments.)
pub const AS_LINKER: &str = "AUTH_WIDGET_XTASK_LINKER";

/// Runs the real linker with rustc's arguments, filtered; returns only if
/// it could not be started.
pub fn main() -> ExitCode {
    let args = filter(std::env::args_os().skip(1));
    // rustc puts its own toolchain's bin directory (with rust-lld) first on PATH.
    let error = match find_on_path("rust-lld") {
        Some(lld) => Command::new(lld)
            .args(["-flavor", "wasm"])
            .args(&args)
            .exec(),
        None => Command::new("wasm-ld").args(&args).exec(),
    };
    eprintln!("xtask (linker): neither rust-lld nor wasm-ld could be run: {error}");
    ExitCode::FAILURE
}

/// rustc's linker arguments without `-flavor X` (rust-lld's; wasm-ld is
/// the wasm flavour already) and without `--export NAME` for wasm-streams'
/// classes and their descriptors.
pub fn filter(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut args = args.into_iter().peekable();
    let mut kept = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "-flavor" {
            args.next();
            continue;
        }
        if arg == "--export" && args.peek().is_some_and(|name| unexported(name)) {
            args.next();
            continue;
        }
        kept.push(arg);
    }
    kept
}

/// `^(__wbindgen_describe_)?(__wbg_)?intounderlying`: wasm-streams' classes,
/// their methods and their descriptors.
fn unexported(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    let name = name.strip_prefix("__wbindgen_describe_").unwrap_or(name);
    let name = name.strip_prefix("__wbg_").unwrap_or(name);
    name.starts_with("intounderlying")
}

/// The first executable `name` on PATH (`command -v`).
fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| {
            file.metadata()
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn drops_the_flavor_and_wasm_streams_exports_only() {
        let given = args(&[
            "-flavor",
            "wasm",
            "--export",
            "__wbg_intounderlyingsource_free",
            "--export",
            "__wbindgen_describe___wbg_intounderlyingsink_abort",
            "--export",
            "intounderlyingbytesource_start",
            "--export",
            "authwidget_new",
            "--export",
            "__wbg_authwidget_free",
            "-o",
            "out.wasm",
        ]);
        assert_eq!(
            filter(given),
            args(&[
                "--export",
                "authwidget_new",
                "--export",
                "__wbg_authwidget_free",
                "-o",
                "out.wasm"
            ])
        );
    }

    #[test]
    fn keeps_a_trailing_export_flag_and_names_that_only_contain_the_word() {
        let given = args(&["--export", "my_intounderlying", "--export"]);
        assert_eq!(filter(given.clone()), given);
    }
}
