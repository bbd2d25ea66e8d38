#!/usr/bin/env bash
# Browser test of the HTML report and the live dashboard, in headless chromium.
#
#   Scripts/browser/browser-test.sh [OUT_DIR]      (default OUT_DIR: out/browser-test)
#
# 1. Report: runs the default simulation with JSON output, renders the report (`scoring report`,
#    and `scoring run --report` when the pipeline writes one), loads it headless (--dump-dom),
#    checks the DOM against the JSON (one leaderboard row per miner, every number equal, charts
#    present) and saves screenshots at 1280×800 and 390×844 plus a full-length one.
#    Reputation: `scoring run configs/reputation/miid-phase3.yaml --report`, every miner row and tier
#    share checked against the run's breakdown.json and metrics.json (check_tables.py).
#    Monte Carlo: `scoring simulate --runs 8 --report`, miner means/intervals and run metrics checked
#    against the JSON, and the first-run leaderboard against the same config run once.
#    Chain replay: `scoring chain run configs/chain/weight-copier.yaml --format json --report`, every
#    per-UID cell and every chart's lines checked against the JSON of the same run (check_chain.py).
# 2. Dashboard: starts `scoring serve`, loads `/?run=5&seed=42&emission=100` (the page streams 5
#    epochs from /api/simulate/stream), checks the DOM against POST /api/simulate for the same
#    run, and saves screenshots.
# Without chromium the test is skipped with a message (exit 0); `make browser-test` installs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT="${1:-out/browser-test}"
SCORING="${SCORING:-.build/debug/scoring}"
mkdir -p "$OUT"

CHROME=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" >/dev/null 2>&1; then CHROME="$(command -v "$c")"; break; fi
done
if [ -z "$CHROME" ]; then
  echo "SKIP browser test: chromium is not installed (apt-get install -y chromium, or run 'make browser-test')."
  exit 0
fi

[ -x "$SCORING" ] || swift build --product scoring
PROFILE="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$PROFILE"
}
trap cleanup EXIT

chrome() {
  "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$PROFILE" --no-first-run --disable-extensions "$@" 2>/dev/null
}
shots() { # URL NAME [extra flags]
  local url="$1" name="$2"; shift 2
  chrome "$@" --window-size=1280,800 --screenshot="$OUT/$name-1280x800.png" "$url" >/dev/null
  chrome "$@" --window-size=390,844 --screenshot="$OUT/$name-390x844.png" "$url" >/dev/null
  chrome "$@" --window-size=1280,4200 --screenshot="$OUT/$name-full.png" "$url" >/dev/null
}
fail=0

# ---- 1. static report --------------------------------------------------------------------------
RESULT="$OUT/run/results.json"
rm -f "$RESULT" "$OUT/run-report.html"
if "$SCORING" run configs/default.yaml --format json -o "$OUT/run" --report "$OUT/run-report.html" --quiet >/dev/null 2>"$OUT/run.stderr" \
   && [ -s "$RESULT" ]; then
  echo "simulation: $RESULT"
else
  echo "note: 'scoring run configs/default.yaml --format json' gave no JSON ($(head -c 200 "$OUT/run.stderr")); using the reference fixture"
  RESULT="Tests/ReportsTests/Fixtures/reference-seed42-e5.json"
fi
"$SCORING" report "$RESULT" -o "$OUT/report.html" >/dev/null
REPORT_URL="file://$(cd "$OUT" && pwd)/report.html"
chrome --dump-dom "$REPORT_URL" > "$OUT/report.dom.html"
python3 Scripts/browser/check_dom.py "$OUT/report.dom.html" "$RESULT" --name report || fail=1
shots "$REPORT_URL" report
if [ -s "$OUT/run-report.html" ]; then
  chrome --dump-dom "file://$(cd "$OUT" && pwd)/run-report.html" > "$OUT/run-report.dom.html"
  python3 Scripts/browser/check_dom.py "$OUT/run-report.dom.html" "$RESULT" --name "run --report" || fail=1
fi

# ---- 1b. reputation report ---------------------------------------------------------------------
REP_DIR="$OUT/reputation"
rm -rf "$REP_DIR" "$OUT/reputation-report.html"
if "$SCORING" run configs/reputation/miid-phase3.yaml -o "$REP_DIR" --report "$OUT/reputation-report.html" --quiet \
     >/dev/null 2>"$OUT/reputation.stderr" && [ -s "$OUT/reputation-report.html" ]; then
  REP_URL="file://$(cd "$OUT" && pwd)/reputation-report.html"
  chrome --dump-dom "$REP_URL" > "$OUT/reputation-report.dom.html"
  python3 Scripts/browser/check_tables.py reputation "$OUT/reputation-report.dom.html" "$REP_DIR" || fail=1
  shots "$REP_URL" reputation-report
else
  echo "FAIL reputation report: 'scoring run configs/reputation/miid-phase3.yaml --report' wrote no report: $(tail -c 400 "$OUT/reputation.stderr")"
  fail=1
fi

# ---- 1c. Monte Carlo report ----------------------------------------------------------------------
MC_JSON="$OUT/montecarlo.json"
rm -f "$MC_JSON" "$OUT/montecarlo-report.html"
if "$SCORING" simulate --runs 8 --epochs 10 --seed 42 --format json -o "$MC_JSON" --report "$OUT/montecarlo-report.html" --quiet \
     >/dev/null 2>"$OUT/montecarlo.stderr" && [ -s "$OUT/montecarlo-report.html" ]; then
  MC_URL="file://$(cd "$OUT" && pwd)/montecarlo-report.html"
  chrome --dump-dom "$MC_URL" > "$OUT/montecarlo-report.dom.html"
  python3 Scripts/browser/check_tables.py montecarlo "$OUT/montecarlo-report.dom.html" "$MC_JSON" || fail=1
  # The first run shown in detail must be the same config run once (seed 42, run 0).
  "$SCORING" simulate --epochs 10 --seed 42 --format json -o "$OUT/montecarlo-first.json" --quiet >/dev/null 2>&1
  python3 Scripts/browser/check_dom.py "$OUT/montecarlo-report.dom.html" "$OUT/montecarlo-first.json" --name "Monte Carlo first run" || fail=1
  shots "$MC_URL" montecarlo-report
else
  echo "FAIL Monte Carlo report: 'scoring simulate --runs 8 --report' wrote no report: $(tail -c 400 "$OUT/montecarlo.stderr")"
  fail=1
fi

# ---- 1d. chain replay report ------------------------------------------------------------------------
CHAIN_JSON="$OUT/chain.json"
rm -f "$CHAIN_JSON" "$OUT/chain-report.html"
# Exit status 2 (an expectation of the scenario failed) still writes the JSON and the report.
"$SCORING" chain run configs/chain/weight-copier.yaml --format json -o "$CHAIN_JSON" --report "$OUT/chain-report.html" --quiet \
  >/dev/null 2>"$OUT/chain.stderr" || true
if [ -s "$CHAIN_JSON" ] && [ -s "$OUT/chain-report.html" ]; then
  CHAIN_URL="file://$(cd "$OUT" && pwd)/chain-report.html"
  chrome --dump-dom "$CHAIN_URL" > "$OUT/chain-report.dom.html"
  python3 Scripts/browser/check_chain.py "$OUT/chain-report.dom.html" "$CHAIN_JSON" || fail=1
  shots "$CHAIN_URL" chain-report
else
  echo "FAIL chain report: 'scoring chain run configs/chain/weight-copier.yaml --report' wrote no report: $(tail -c 400 "$OUT/chain.stderr")"
  fail=1
fi

# ---- 2. live dashboard ---------------------------------------------------------------------------
if ! "$SCORING" serve --help >/dev/null 2>&1; then
  echo "SKIP dashboard: this build has no 'scoring serve'."
else
  PORT="${BROWSER_TEST_PORT:-$((20000 + RANDOM % 20000))}"
  "$SCORING" serve --port "$PORT" >"$OUT/serve.log" 2>&1 &
  SERVER_PID=$!
  up=0
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1; then up=1; break; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  if [ "$up" != 1 ]; then
    echo "FAIL dashboard: 'scoring serve --port $PORT' did not come up: $(tail -c 400 "$OUT/serve.log")"
    fail=1
  else
    BASE="http://127.0.0.1:$PORT"
    simulated=1
    curl -sf -X POST -H 'content-type: application/json' -d '{"epochs":5,"emission":100,"seed":42}' \
      "$BASE/api/simulate" > "$OUT/dashboard-simulate.json" || { echo "FAIL dashboard: POST /api/simulate did not answer"; fail=1; simulated=0; }
    if [ "$simulated" != 1 ]; then
      curl -sf "$BASE/" -o "$OUT/dashboard.html" && echo "note: GET / serves the dashboard ($(wc -c < "$OUT/dashboard.html") bytes)"
      shots "$BASE/" dashboard
    elif curl -sf "$BASE/" -o "$OUT/dashboard.html"; then
      URL="$BASE/?run=5&seed=42&emission=100"
      chrome --virtual-time-budget=30000 --dump-dom "$URL" > "$OUT/dashboard.dom.html"
      python3 Scripts/browser/check_dom.py "$OUT/dashboard.dom.html" "$OUT/dashboard-simulate.json" --name dashboard --tolerance 5e-7 || fail=1
      shots "$URL" dashboard --virtual-time-budget=30000
    else
      echo "FAIL dashboard: GET / did not return the dashboard"
      fail=1
    fi
  fi
fi

echo "screenshots: $(ls "$OUT"/*.png 2>/dev/null | tr '\n' ' ')"
exit "$fail"
