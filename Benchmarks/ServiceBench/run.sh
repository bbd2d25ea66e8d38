#!/usr/bin/env bash
# `make bench-service`: wrk against a release build of the reputation service, production checks on.
#
# Runs, each against a freshly started server with an empty data directory and replay cache:
#   1. /reputation_request (256 miners)                      fsync on (irrelevant for this route)
#   2. /reward_allocation  (256 miners)                      fsync on: group commit, durable before the 200
#   3. /reward_allocation  (256 miners)                      --set service.fsync=false, for comparison
#   4. /reward_allocation  (256 miners)                      fsync on, BENCH_WIDE_CONNS (16) connections:
#      with more clients in flight, more renames share each directory sync round
# and prints, beside wrk's own summary, the server's count of the same requests (by status, from
# /metrics), the allocation files actually stored, and the group-commit batch sizes (files per directory sync). wrk counts only
# responses that arrived before its deadline; the server also finishes requests still in flight when
# wrk stops, so "server" may exceed "wrk" by at most the number of connections.
#
# BENCH_ONLY (space-separated labels: reputation allocation-fsync allocation-nofsync allocation-fsync-wide)
# runs only those scenarios.
#
# Env: BENCH_ONLY BENCH_KEEP_DATA BENCH_DIR BENCH_DURATION BENCH_CONNS BENCH_WIDE_CONNS BENCH_KEY BENCH_COUNT SCORING SERVICE_BENCH BENCH_PORT BENCH_SERVER_ARGS
# (BENCH_SERVER_ARGS: extra words for `scoring serve`, e.g. "--set service.executor=global")
set -euo pipefail

dir=${BENCH_DIR:-.build/bench}
duration=${BENCH_DURATION:-10s}
conns=${BENCH_CONNS:-4}
wide=${BENCH_WIDE_CONNS:-16}
key=${BENCH_KEY:-Tests/Fixtures/signature-vectors/hotkeys/hotkey0.json}
# Documents signed per run: wrk stops when they run out, so at least the most a run can send in $duration
# (10 s: /reputation_request has reached 7,700 req/s here and 8,100 in an experimental build, allocations
# 2,660). Default per endpoint below.
count=${BENCH_COUNT:-}
scoring=${SCORING:-.build/release/scoring}
signer=${SERVICE_BENCH:-.build/release/ServiceBench}
port=${BENCH_PORT:-5077}
base=http://127.0.0.1:$port
server_pid=

stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
# Every run gets a new, empty data directory; they are all removed only when the benchmark ends (or
# kept, with BENCH_KEEP_DATA=1). ext4 without a journal avoids reusing recently deleted inodes, and
# creating a file costs a scan past every inode deleted in the last minutes: deleting the previous
# run's tens of thousands of files right before a run would slow that run's file creation (and its
# directory lock) several times over (measured here: 26 µs per file creation normally, 613 µs right
# after deleting 5,000 files of 47 KB, back to normal within ~20–60 s). So the end of an invocation
# records when it deleted its data, and the next invocation first waits until BENCH_SETTLE seconds
# (default 90) have passed since then.
stamp=$(date +%s)-$$
settle=${BENCH_SETTLE:-90}
mkdir -p "$dir"
if [ -f "$dir/.last-cleanup" ]; then
    wait_for=$(( $(cat "$dir/.last-cleanup") + settle - $(date +%s) ))
    if [ "$wait_for" -gt 0 ]; then
        echo "==> waiting ${wait_for} s for the file system to settle after the previous run's deletions (BENCH_SETTLE=$settle)"
        sleep "$wait_for"
    fi
fi
cleanup() {
    stop_server
    if [ "${BENCH_KEEP_DATA:-0}" != 1 ] && compgen -G "$dir/data-*-$stamp" >/dev/null; then
        rm -rf "$dir"/data-*-"$stamp"
        date +%s > "$dir/.last-cleanup"
    fi
}
trap cleanup EXIT

# metric NAME ROUTE STATUS-REGEX: the sum of reputation_http_requests_total for that route and status.
counter() {
    curl -sf "$base/metrics" | awk -v route="$1" -v status="$2" '
        /^reputation_http_requests_total\{/ && index($0, "route=\"" route "\"") && match($0, /status="[0-9]+"/) {
            s = substr($0, RSTART + 8, RLENGTH - 9); if (s ~ status) total += $NF }
        END { printf "%d", total }'
}

# cpu_ticks PID: user + system CPU time of the process so far, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
# context_switches PID: voluntary + involuntary context switches of all the process's threads so far.
context_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { n += $2 } END { print n + 0 }'; }
# minor_faults PID: page faults of the process so far that needed no disk read.
minor_faults() { awk '{ sub(/^.*\) /, ""); print $8 }' "/proc/$1/stat"; }

plain() { curl -sf "$base/metrics" | awk -v name="$1" '$1 == name { printf "%d", $2; found = 1 } END { if (!found) printf "0" }'; }

run() { # run LABEL ENDPOINT FSYNC CONNECTIONS
    local label=$1 endpoint=$2 fsync=$3 conns=$4
    if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $label "* ]]; then return; fi
    local data="$dir/data-$label-$stamp"
    # shellcheck disable=SC2086 # BENCH_SERVER_ARGS is a list of words
    "$scoring" serve --config configs/reputation/bench.yaml --port "$port" \
        --set service.data_dir="$data" --set service.fsync="$fsync" ${BENCH_SERVER_ARGS:-} &
    server_pid=$!
    for _ in $(seq 1 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
    curl -sf "$base/healthz" >/dev/null || { echo "server did not start" >&2; exit 1; }

    local documents=${count:-$([ "$endpoint" = reputation_request ] && echo 200000 || echo 60000)}
    "$signer" --key "$key" --endpoint "$endpoint" --count "$documents" --miners 256 --out "$dir"
    local cpu_before faults_before switches_before
    cpu_before=$(cpu_ticks "$server_pid")
    faults_before=$(minor_faults "$server_pid")
    switches_before=$(context_switches "$server_pid")
    echo "==> $label: POST /$endpoint, 256 miners, fsync=$fsync, $conns connections, $duration"
    local out
    out=$(BENCH_DIR=$dir BENCH_ENDPOINT=$endpoint BENCH_THREADS=2 \
        wrk -t2 -c"$conns" -d"$duration" --latency -s Benchmarks/ServiceBench/bench.lua "$base")
    echo "$out" | grep -E "Requests/sec|Latency +[0-9]|^ +(50|90|99)%|requests:|latency p50|Non-2xx"
    sleep 1 # let requests that were in flight when wrk stopped finish
    local ok other stored batches files
    ok=$(counter "/$endpoint" '^2')
    other=$(counter "/$endpoint" '^[^2]')
    echo "    server: $ok × 2xx, $other × non-2xx for /$endpoint (wrk's count excludes at most $conns in flight at its deadline)"
    echo "    server CPU (user+system, all threads) per 2xx request: $(awk -v t="$(( $(cpu_ticks "$server_pid") - cpu_before ))" \
        -v hz="$(getconf CLK_TCK)" -v n="$ok" 'BEGIN { printf "%.3f ms", n ? t * 1000 / hz / n : 0 }')," \
        "minor page faults per 2xx request: $(awk -v f="$(( $(minor_faults "$server_pid") - faults_before ))" -v n="$ok" \
        'BEGIN { printf "%.1f", n ? f / n : 0 }'), context switches per 2xx request:" \
        "$(awk -v c="$(( $(context_switches "$server_pid") - switches_before ))" -v n="$ok" 'BEGIN { printf "%.2f", n ? c / n : 0 }')"
    if [ "$endpoint" = reward_allocation ]; then
        stored=$(find "$data/rewards" -type f -name 'reward_*.json' | wc -l)
        temps=$(find "$data" -name '.*tmp-*' | wc -l)
        batches=$(plain reputation_commit_batches_total)
        files=$(plain reputation_commit_files_total)
        echo "    stored allocation files: $stored, temporary files left: $temps, commit batches: $batches" \
            "(mean $(awk -v f="$files" -v b="$batches" 'BEGIN { printf "%.2f", b ? f / b : 0 }') files per batch)"
    fi
    stop_server
}

run reputation reputation_request true "$conns"
run allocation-fsync reward_allocation true "$conns"
run allocation-nofsync reward_allocation false "$conns"
run allocation-fsync-wide reward_allocation true "$wide"
