# SubnetScoring — two-command set-up: `make run`, `make test`.
SWIFT        ?= swift
CONFIG       ?= configs/default.yaml
BUILD_FLAGS  ?=
SUDO         := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
SCORING      := .build/debug/scoring

.PHONY: all deps build run test bench interop browser-test clean

all: build

## Install what the project needs on a fresh machine (libsodium through apt when pkg-config cannot find it).
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium || { \
	  echo "==> installing libsodium-dev and pkg-config through apt"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libsodium-dev pkg-config; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## Run the main job on the bundled default config.
run: build
	$(SCORING) run $(CONFIG)

## Run every test.
test: deps
	$(SWIFT) test $(BUILD_FLAGS)

## Simulator throughput (release build) next to the Python reference's, when its checkout is present.
REF ?= /work/ref/ReasonForge
bench: deps
	$(SWIFT) build -c release --product SimulationBench
	.build/release/SimulationBench
	@if [ -d "$(REF)/reasonforge" ]; then \
	  echo "==> reference timing ($(REF)), same machine, same run"; \
	  python3 Scripts/fixtures/make_parity_fixtures.py "$(REF)" --out "$$(mktemp -d)" --timing | grep -E "roster"; \
	else echo "==> reference checkout not found at $(REF): reference timing skipped (figures from the brief are printed above)"; fi

clean:
	rm -rf .build
