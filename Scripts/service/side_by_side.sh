#!/usr/bin/env bash
# Side-by-side service figures: alternates two (or more) release builds of `scoring` through run.sh,
# ROUNDS times (A B A B …), each run against a fresh server and data directory, and prints one
# Requests/sec line per run and scenario. On a shared or noisy machine only the ratios between
# neighbouring runs mean much: alternating spreads the machine's drift over both builds.
#
# Usage (from the repository root): Scripts/service/side_by_side.sh NAME=BINARY NAME=BINARY …
#   e.g.  old=/tmp/scoring-34a2b15 new=.build/release/scoring
#   A BINARY may be followed by words for `scoring serve` (one quoted argument), e.g.
#         "global=.build/release/scoring --set service.executor=global"
# Env: ROUNDS (3), BENCH_ONLY ("reputation allocation-fsync"), BENCH_COUNT (60000), BENCH_DURATION (10s),
#      BENCH_DIR (.build/bench-compare), SERVICE_BENCH (.build/release/ServiceBench), BENCH_PORT (5177).
# Every run's data is kept until the last run ends (run.sh's BENCH_KEEP_DATA=1): deleting tens of
# thousands of files slows the file creation of the next runs (README, "Why the settle time"), which
# would favour whichever build runs first after a deletion.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 NAME=BINARY NAME=BINARY …" >&2; exit 2; }
rounds=${ROUNDS:-3}
dir=${BENCH_DIR:-.build/bench-compare}
mkdir -p "$dir"
trap 'rm -rf "$dir"/data-*' EXIT
for i in $(seq 1 "$rounds"); do
    for side in "$@"; do
        name=${side%%=*} command=${side#*=}
        binary=${command%% *} extra=
        [ "$binary" = "$command" ] || extra=${command#* }
        echo "=== round $i: $name ($command), $(date +%T), load average $(cut -d' ' -f1 /proc/loadavg)"
        SCORING=$binary BENCH_SERVER_ARGS=$extra BENCH_KEEP_DATA=1 BENCH_SETTLE=0 BENCH_DIR=$dir \
            BENCH_ONLY="${BENCH_ONLY:-reputation allocation-fsync}" BENCH_COUNT=${BENCH_COUNT:-60000} \
            BENCH_PORT=${BENCH_PORT:-5177} Benchmarks/ServiceBench/run.sh 2>&1 |
            grep -E "==> |Requests/sec|latency p50|server|stored" || true
    done
done
