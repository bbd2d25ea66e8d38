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

## Load the HTML report and the live dashboard in headless chromium (installed through apt when missing).
browser-test: build
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "==> installing chromium through apt"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }
	SCORING=$(SCORING) Scripts/browser/browser-test.sh

clean:
	rm -rf .build
