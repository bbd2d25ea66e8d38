# SubnetScoring — two-command set-up: `make run`, `make test`.
SWIFT        ?= swift
CONFIG       ?= configs/default.yaml
BUILD_FLAGS  ?=
SUDO         := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
SCORING      := .build/debug/scoring

.PHONY: all deps build run test bench bench-signatures interop browser-test clean

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

## Signature interoperability with the Bittensor key library, both ways (installs bittensor-wallet from PyPI).
interop: deps
	python3 -m pip install --quiet bittensor-wallet
	python3 -c "import bittensor_wallet" && $(SWIFT) test $(BUILD_FLAGS) --filter Interop

## Single-core sr25519/ed25519 verification throughput and the share spent in libsodium.
bench-signatures: deps
	$(SWIFT) run -c release SignatureBench

clean:
	rm -rf .build
