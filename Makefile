# Two commands on a fresh machine: `make demo` and `make test`.
# Each installs what is missing first (scripts/bootstrap), then does its job.
# Everything after the bootstrap is the project's build tool, `cargo xtask`
# (xtask/; `cargo xtask help` lists its commands).
.PHONY: demo test size bench fuzz bootstrap dist clean

demo: bootstrap
	cargo xtask demo

# No incremental state (one build from scratch, as CI's): the xtask's own
# build too, so that the builds it starts find it up to date.
test: bootstrap
	CARGO_INCREMENTAL=$${CARGO_INCREMENTAL:-0} cargo xtask test

size: bootstrap
	cargo xtask size

bench: bootstrap
	cargo xtask bench

# The JSON reader against serde_json for FUZZ_SECONDS (default 60).
fuzz:
	cargo xtask fuzz $(FUZZ_SECONDS)

dist: bootstrap
	cargo xtask dist

bootstrap:
	scripts/bootstrap

clean:
	cargo clean
	rm -rf dist
