# shellcheck shell=bash
# The one place that decides where tools live and how wasm is built.
# Sourced by every script behind a make target (after scripts/bootstrap has
# installed what is missing). Defines:
#   AW_ROOT, AW_TOOLS       the checkout and the tool cache (kept between runs)
#   WASM_MODE               "rustup" (rustup's wasm32 std) or "debian"
#                           (Debian's rustc-web 1.96 + -Zbuild-std + wasm-ld)
#   WASM_TARGET_DIR         where wasm builds land
#   wasm_run CMD...         runs CMD (cargo, trunk) with the wasm environment
# Force the Debian fallback with WASM_TOOLCHAIN=debian.

AW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
AW_TOOLS=${AUTH_WIDGET_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/auth-widget}
export AW_ROOT AW_TOOLS
export PATH="$AW_TOOLS/cargo/bin:$AW_TOOLS/npm/node_modules/.bin:$PATH"

# True when the active rustup toolchain has the wasm32 standard library.
rustup_has_wasm_std() {
  local sysroot
  sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
  compgen -G "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib/libstd-*.rlib" >/dev/null
}

# The version of a crate pinned in Cargo.lock (first match).
locked_version() {
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' \
    "$AW_ROOT/Cargo.lock"
}

select_wasm_mode() {
  if [ "${WASM_TOOLCHAIN:-auto}" = debian ]; then
    WASM_MODE=debian
  elif rustup_has_wasm_std; then
    WASM_MODE=rustup
  else
    WASM_MODE=debian
  fi
  export WASM_MODE
  WASM_ENV=()
  WASM_TARGET_DIR="$AW_ROOT/target"
  if [ "$WASM_MODE" = debian ]; then
    WASM_TARGET_DIR="$AW_ROOT/target/debian"
    debian_env
    WASM_ENV=("${DEBIAN_ENV[@]}" RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort)
  fi
}

# DEBIAN_ENV: Debian's rustc-web 1.96 for wasm (std rebuilt from rust-web-src,
# linked by wasm-ld), in artifacts of its own.
debian_env() {
  # Debian's cargo must come first on PATH: trunk runs `cargo` from PATH.
  mkdir -p "$AW_TOOLS/debian-bin"
  ln -sf /usr/bin/cargo "$AW_TOOLS/debian-bin/cargo"
  DEBIAN_ENV=(
    "PATH=$AW_TOOLS/debian-bin:$PATH"
    RUSTC=/usr/bin/rustc
    RUSTDOC=/usr/bin/rustdoc
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld
    # Separate artifacts: a different compiler and a rebuilt std.
    "CARGO_TARGET_DIR=$AW_ROOT/target/debian"
  )
}

wasm_run() {
  env "${WASM_ENV[@]}" "$@"
}

# True when rustup's toolchain has std's source (the rust-src component).
rustup_has_std_source() {
  local sysroot
  sysroot=$(rustc --print sysroot 2>/dev/null) || return 1
  [ -f "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ]
}

# Size-first release builds (make dist, make size, the start check): std
# rebuilt for size, panics abort with no message or location, no Debug
# formatting, and no build-machine path in the output. Rebuilding std needs
# its source: rustup's rust-src where it can be had, else Debian's
# rust-web-src with rustc-web (the RELEASE_MODE scripts/bootstrap prepared).
select_release_mode() {
  RELEASE_ENV=()
  if [ "$WASM_MODE" = rustup ] && rustup_has_std_source; then
    RELEASE_MODE=rustup
    RELEASE_TARGET_DIR="$AW_ROOT/target"
  else
    RELEASE_MODE=debian
    RELEASE_TARGET_DIR="$AW_ROOT/target/debian"
    debian_env
    RELEASE_ENV=("${DEBIAN_ENV[@]}")
  fi
  RELEASE_ENV+=(
    # Links without the exports of classes the widget never uses.
    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=$AW_ROOT/scripts/link-wasm"
    RUSTC_BOOTSTRAP=1
    CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS=-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none --remap-path-prefix=$HOME=~ --remap-path-prefix=$AW_ROOT=."
  )
  export RELEASE_MODE
}

release_run() {
  env "${RELEASE_ENV[@]}" "$@"
}

# Online if crates.io answers quickly; trunk and cargo then may fetch.
# Trunk itself is always run offline: it must never download tools.
select_wasm_mode
select_release_mode
