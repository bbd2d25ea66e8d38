#!/usr/bin/env bash
# Old vs new, alternated in one run (release builds of SimulationBench at both commits, each with the
# `output` mode: `scoring run --format` without the CLI). Usage, from the package root:
#   Scripts/plagiarism/side_by_side.sh OLD_BENCH NEW_BENCH [LARGE_CONFIG]
# Prints one line per run: case, binary, arguments, wall and user (CPU) seconds, max RSS. On a shared machine
# compare user seconds: wall time follows the load.
set -u
OLD=$1; NEW=$2; LARGE=${3:-}
OUT=${TMPDIR:-/tmp}/side-by-side; mkdir -p "$OUT"
run() { # label binary args...
  local label=$1 bin=$2; shift 2
  /usr/bin/time -f "%e s wall, %U s user, %M KiB max RSS" -o "$OUT/time" "$bin" output "$@" >/dev/null
  echo "$label $(basename "$(dirname "$(dirname "$(dirname "$bin")")")") $* : $(cat "$OUT/time")"
}
for round in 1 2; do
  for b in "$OLD" "$NEW"; do
    run plagiarism-on  "$b" configs/default.yaml table 2000 "$OUT/t.txt"
    run plagiarism-off "$b" configs/default.yaml table 2000 "$OUT/t.txt" simulation.plagiarism.enabled=false
  done
done
if [ -n "$LARGE" ]; then
  for b in "$OLD" "$NEW"; do
    run large-on  "$b" "$LARGE" table 35 "$OUT/t.txt"
    run large-off "$b" "$LARGE" table 35 "$OUT/t.txt" simulation.plagiarism.enabled=false
  done
fi
for round in 1 2 3; do
  for b in "$OLD" "$NEW"; do
    for f in table jsonl csv; do
      run output-$f "$b" configs/reasonforge/reference-parity.yaml $f 3000 "$OUT/x.$f"
    done
  done
done
