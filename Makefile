# Two commands on a fresh machine: `make demo` and `make test`.
# Each installs what is missing first (scripts/bootstrap), then does its job.
# The release build, the size report and the benchmarks are the project's
# build tool, `cargo xtask` (xtask/).
.PHONY: demo test size bench fuzz bootstrap dist clean

demo: bootstrap
	scripts/demo

test: bootstrap
	cargo xtask test

size: bootstrap
	cargo xtask size

bench: bootstrap
	cargo xtask bench

# The JSON reader against serde_json for FUZZ_SECONDS (default 60).
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

dist: bootstrap
	cargo xtask dist

bootstrap:
	scripts/bootstrap

clean:
	cargo clean
	rm -rf dist
