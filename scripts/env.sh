# shellcheck shell=bash
# Where tools live and how wasm is built, for the shell scripts: the
# bootstrap and the scripts that run debug wasm builds (the browser tests,
# the demo, the example apps). The release builds (make dist, size, bench)
# are the xtask's (xtask/src/toolchain.rs), which decides the same way.
# Sourced after scripts/bootstrap has installed what is missing. Defines:
#   AW_ROOT, AW_TOOLS       the checkout and the tool cache (kept between runs)
#   WASM_MODE               "rustup" (rustup's wasm32 std) or "debian"
#                           (Debian's rustc-web 1.96 + -Zbuild-std + wasm-ld)
#   WASM_TARGET_DIR         where wasm builds land
#   wasm_run CMD...         runs CMD (cargo, trunk) with the wasm environment
#   RELEASE_MODE            the release builds' toolchain (for the bootstrap)
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

# Size-first release builds (make dist, make size, the start check) rebuild
# std, which needs its source: rustup's rust-src where it can be had, else
# Debian's rust-web-src with rustc-web (which scripts/bootstrap installs).
# The xtask runs them; this tells the bootstrap what they will need.
select_release_mode() {
  if [ "$WASM_MODE" = rustup ] && rustup_has_std_source; then
    RELEASE_MODE=rustup
  else
    RELEASE_MODE=debian
  fi
  export RELEASE_MODE
}

# Online if crates.io answers quickly; trunk and cargo then may fetch.
# Trunk itself is always run offline: it must never download tools.
select_wasm_mode
select_release_mode
