# SubnetScoring — two-command set-up: `make run`, `make test`.
SWIFT        ?= swift
CONFIG       ?= configs/default.yaml
BUILD_FLAGS  ?=
SUDO         := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
SCORING      ?= .build/debug/scoring

.PHONY: all deps build run test ci-smoke bench bench-signatures interop browser-test clean bench-service bench-chain bench-chain-floor chain-scenarios postgres-up postgres-down bench-reputation

all: build

## Install what the project needs on a fresh machine (libsodium through apt when pkg-config cannot find it).
deps:
	@command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium || { \
	  echo "==> installing libsodium-dev and pkg-config through apt"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libsodium-dev pkg-config; }
	@pkg-config --exists sqlite3 2>/dev/null || { \
	  echo "==> installing libsqlite3-dev through apt (the reputation store's SQLite)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libsqlite3-dev; }

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

## Run the main job on the bundled default config.
run: build
	$(SCORING) run $(CONFIG) --report out/report.html
	@echo "==> open out/report.html for charts, the sortable leaderboard and per-miner detail"

## Run every test, then the CI smoke matrix (fails on any broken invariant or expectation).
## The reputation store tests also run against the PostgreSQL that postgres-up starts.
test: deps postgres-up
	SCORING_TEST_POSTGRES_URL="$$(cat $(PG_DIR)/url)" $(SWIFT) test $(BUILD_FLAGS)
	$(MAKE) --no-print-directory ci-smoke

## The CI smoke matrix alone (SMOKE=path/to/matrix.yaml to run another).
SMOKE ?= configs/matrix/ci-smoke.yaml
ci-smoke:
	@[ "$(SKIP_BUILD)" = "1" ] || $(SWIFT) build $(BUILD_FLAGS) --product scoring
	$(SCORING) matrix $(SMOKE) --output .build/ci-smoke --quiet

## Simulator throughput (release build) next to the Python reference's, when its checkout is present.
REF ?= /work/ref/ReasonForge
bench: deps
	$(SWIFT) build -c release --product SimulationBench
	@rm -f .build/reference-timing.txt; if [ -d "$(REF)/reasonforge" ]; then \
	  echo "==> reference timing ($(REF)), same machine, same run"; \
	  python3 Scripts/fixtures/make_parity_fixtures.py "$(REF)" --out "$$(mktemp -d)" --timing | grep -E "roster" | tee .build/reference-timing.txt; \
	else echo "==> reference checkout not found at $(REF): ratios use the issue's reference figures"; fi
	.build/release/SimulationBench --reference-timing .build/reference-timing.txt

## One yuma epoch (fixed and float, release build) beside yuma-simulation's Yuma 2 on the same inputs
## (YUMA_SIM=checkout of bactensor/yuma-simulation, PYTHON=an interpreter with torch from PyPI).
## TORCH_PATH: a directory torch was installed into with `pip install --target` (prepended to
## PYTHONPATH); leave empty when torch is installed normally. CHAIN_BENCH_FLAGS: e.g. --cpu-time (ours
## only: torch is timed by the wall clock, the time two threads take; its CPU time ÷ 2 would halve
## the small epochs, which torch runs on one thread).
YUMA_SIM ?= /tmp/yuma-sim
PYTHON   ?= python3
TORCH_PATH ?=
CHAIN_BENCH_FLAGS ?=
CHAIN_PY = $(if $(TORCH_PATH),PYTHONPATH="$(TORCH_PATH)$${PYTHONPATH:+:$$PYTHONPATH}") $(PYTHON)
bench-chain: deps
	$(SWIFT) build -c release --product ChainBench
	@rm -f .build/yuma-sim-timing.txt; if [ -d "$(YUMA_SIM)/src" ] && $(CHAIN_PY) -c "import torch" 2>/dev/null; then \
	  echo "==> yuma-simulation Yuma 2 ($(YUMA_SIM)), torch on 2 threads, same inputs, same run"; \
	  $(CHAIN_PY) Benchmarks/ChainBench/yuma_sim_bench.py "$(YUMA_SIM)" --threads 2 | tee .build/yuma-sim-timing.txt; \
	else echo "==> no yuma-simulation checkout at $(YUMA_SIM) or no torch for $(PYTHON): ours only"; fi
	.build/release/ChainBench --reference .build/yuma-sim-timing.txt $(CHAIN_BENCH_FLAGS)

## The machine's floor for a dense float Yuma 2 epoch (Benchmarks/DenseFloor: no generality, not the
## product), beside ChainBench's float on the same inputs: what issue 15's speed targets ask of this machine.
bench-chain-floor: deps
	$(SWIFT) build -c release --product ChainBench
	@mkdir -p .build && $(SWIFT)c -Ounchecked Benchmarks/DenseFloor/dense_floor.swift -o .build/dense-floor
	@for s in "64 256" "256 4096"; do .build/dense-floor $$s; done
	@echo "==> same epoch: first values after four epochs (floor, then ChainBench float)"
	@.build/dense-floor 256 4096 --summary; .build/release/ChainBench --summary 256x4096
	.build/release/ChainBench --shape 64x256:1.0 --shape 256x4096:1.0 $(CHAIN_BENCH_FLAGS)

## Every chain scenario (configs/chain/) with its HTML report under out/chain/; fails when an expect: line does not hold.
chain-scenarios: build
	@mkdir -p out/chain; fail=0; for f in configs/chain/*.yaml; do n=$$(basename $$f .yaml); \
	  $(SCORING) chain run $$f --format json -o out/chain/$$n.json --report out/chain/$$n.html --quiet || fail=1; done; \
	  echo "==> reports: out/chain/*.html"; exit $$fail

## Signature interoperability with the Bittensor key library, both ways (installs bittensor-wallet from PyPI).
interop: deps
	python3 -m pip install --quiet bittensor-wallet || python3 -m pip install --quiet --user bittensor-wallet
	python3 -c "import bittensor_wallet" && $(SWIFT) test $(BUILD_FLAGS) --filter Interop

## Single-core sr25519/ed25519 verification throughput and the share spent in libsodium.
bench-signatures: deps
	$(SWIFT) run -c release SignatureBench

## Load the HTML report and the live dashboard in headless chromium (installed through apt when missing).
browser-test: build
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "==> installing chromium through apt"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }
	SCORING=$(SCORING) Scripts/browser/browser-test.sh

clean:
	rm -rf .build

## Benchmark the reputation service with wrk (production checks on: fresh unique signatures, fsync with group
## commit; plus an fsync=false run for comparison). See Benchmarks/ServiceBench.
BENCH_DIR      ?= .build/bench
BENCH_DURATION ?= 10s
BENCH_CONNS    ?= 4
BENCH_KEY      ?= Tests/Fixtures/signature-vectors/hotkeys/hotkey0.json
bench-service: deps
	@command -v wrk >/dev/null 2>&1 || { echo "==> installing wrk through apt"; $(SUDO) apt-get install -y -qq wrk; }
	$(SWIFT) build -c release --product scoring
	$(SWIFT) build -c release --product ServiceBench
	BENCH_DIR=$(BENCH_DIR) BENCH_DURATION=$(BENCH_DURATION) BENCH_CONNS=$(BENCH_CONNS) BENCH_KEY=$(BENCH_KEY) \
	  Benchmarks/ServiceBench/run.sh

## A throw-away PostgreSQL for the reputation store tests on 127.0.0.1:$(PG_PORT), cluster under $(PG_DIR)
## (installed through apt when missing; as root it runs as the postgres user). Idempotent; URL in $(PG_DIR)/url.
PG_DIR  ?= .build/pg
PG_PORT ?= 54329
postgres-up:
	@PG_DIR=$(PG_DIR) PG_PORT=$(PG_PORT) Scripts/postgres/postgres-up.sh

postgres-down:
	@PG_DIR=$(PG_DIR) Scripts/postgres/postgres-down.sh

## Reputation store benchmarks (release): ingest into SQLite and PostgreSQL, one engine pass over 10,000 miners,
## then the 100-cycle, 256-miner, 8-validator loop (configs/reputation/cycles.yaml) on SQLite and on PostgreSQL.
bench-reputation: deps postgres-up
	$(SWIFT) build -c release --product ReputationBench
	$(SWIFT) build -c release --product scoring
	.build/release/ReputationBench --postgres "$$(cat $(PG_DIR)/url)"
	.build/release/scoring run configs/reputation/cycles.yaml -o .build/bench-cycles --report .build/bench-cycles.html --quiet
	@tail -1 .build/bench-cycles/summary.txt
	.build/release/scoring run configs/reputation/cycles.yaml --set reputation.store="$$(cat $(PG_DIR)/url)" -o .build/bench-cycles-pg --quiet
	@tail -1 .build/bench-cycles-pg/summary.txt

## Sharded matrix and Monte Carlo on a real one-node Slurm 22.05 started on this machine (installs slurmctld, slurmd,
## slurm-client and munge through apt; needs root; loopback only; stops what it starts). Not part of `make test`.
.PHONY: cluster-test
cluster-test: deps
	$(SWIFT) build $(BUILD_FLAGS) --product scoring
	SCORING=$(SCORING) Scripts/cluster/cluster-test.sh
