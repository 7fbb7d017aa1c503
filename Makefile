# Two commands on a fresh machine: `make demo` and `make test`.
# Each installs what is missing first (scripts/bootstrap), then does its job.
.PHONY: demo test size bench fuzz bootstrap dist clean

demo: bootstrap
	scripts/demo

test: bootstrap
	scripts/test

size: bootstrap
	scripts/size

bench: bootstrap
	scripts/bench

# The JSON reader against serde_json for FUZZ_SECONDS (default 60).
fuzz:
	scripts/fuzz $(FUZZ_SECONDS)

dist: bootstrap
	scripts/dist

bootstrap:
	scripts/bootstrap

clean:
	cargo clean
	rm -rf dist
