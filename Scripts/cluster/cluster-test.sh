#!/usr/bin/env bash
# `make cluster-test`: the sharded path on a real Slurm 22.05, on this machine.
#
# 1. installs slurmctld, slurmd, slurm-client and munge from Debian's packages (apt; needs root);
# 2. starts a one-node cluster in a temporary directory (loopback only), see slurm-cluster.sh;
# 3. submits the bundled CI smoke matrix as a 4-task array plus a dependent merge job
#    (deploy/slurm/submit.sh → deploy/slurm/matrix.sbatch), waits, and checks the merged outputs
#    byte for byte against a local single-process run of the same matrix;
# 4. does the same for a sharded Monte Carlo run (`scoring run … --shard auto`, then
#    `scoring simulate --merge`) against `scoring simulate --runs N`, ignoring only the manifest's
#    declared time fields;
# 5. stops the daemons it started and removes the temporary directory (KEEP=1 keeps it).
#
# SCORING names the binary (default .build/debug/scoring); the Makefile target builds it first.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SCORING=$(cd "$(dirname "${SCORING:-.build/debug/scoring}")" && pwd)/$(basename "${SCORING:-.build/debug/scoring}")
[ -x "$SCORING" ] || { echo "no scoring binary at $SCORING; build it first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "cluster-test runs slurmctld/slurmd/munged and installs packages: run it as root" >&2; exit 2; }

# shellcheck source=slurm-cluster.sh
source Scripts/cluster/slurm-cluster.sh
T=$(mktemp -d /tmp/scoring-cluster-XXXXXX)
cleanup() { slurm_stop; [ "${KEEP:-0}" = 1 ] && echo "kept $T" || rm -rf "$T"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

slurm_install || fail "apt could not install slurm"
slurm_start "$T/slurm" || fail "the one-node cluster did not start"
sinfo

export SCORING
MATRIX=configs/matrix/ci-smoke.yaml
MC_RUNS=${MC_RUNS:-12}
MC_SET="--set simulation.runs=$MC_RUNS --set simulation.epochs=10"

echo "==> matrix $MATRIX: 4-task array + dependent merge"
read -r ARRAY MERGE OUT < <(KIND=matrix MATRIX=$MATRIX OUT=$T/matrix deploy/slurm/submit.sh 4) || fail "sbatch failed"
[ -n "${MERGE:-}" ] || fail "submitting the jobs failed"
echo "    array job $ARRAY, merge job $MERGE (after $ARRAY), output $OUT"
start=$(date +%s)
slurm_wait "$ARRAY" "$MERGE" || { tail -n 30 "$OUT"/slurm-*.out; fail "a matrix job did not complete"; }
echo "    cluster run: $(( $(date +%s) - start )) s"
ls "$OUT"
echo "==> local single-process run of the same matrix"
"$SCORING" matrix "$MATRIX" -o "$T/matrix-local" --quiet >/dev/null || fail "the local matrix run failed"
for f in results.jsonl summary.csv junit.xml comparison.md; do
    cmp "$OUT/merged/$f" "$T/matrix-local/$f" || fail "merged $f differs from the local run"
    echo "    $f: identical ($(wc -l <"$OUT/merged/$f") lines)"
done
for k in 1 2 3 4; do grep -q '"complete" : true\|"complete": true\|"complete":true' "$OUT/shard-$k-of-4/shard.json" || fail "shard $k/4 not complete"; done
echo "    4 shard directories complete, merged outputs equal the local run"

echo "==> Monte Carlo ($MC_RUNS runs): 4-task array + dependent merge"
read -r ARRAY MERGE OUT < <(KIND=montecarlo CONFIG=configs/reasonforge/default.yaml SET="$MC_SET" OUT=$T/mc deploy/slurm/submit.sh 4) \
    || fail "sbatch failed"
[ -n "${MERGE:-}" ] || fail "submitting the jobs failed"
echo "    array job $ARRAY, merge job $MERGE (after $ARRAY), output $OUT"
start=$(date +%s)
slurm_wait "$ARRAY" "$MERGE" || { tail -n 30 "$OUT"/slurm-*.out; fail "a Monte Carlo job did not complete"; }
echo "    cluster run: $(( $(date +%s) - start )) s"
echo "==> local single-process run: scoring simulate --runs $MC_RUNS"
# shellcheck disable=SC2086
"$SCORING" simulate --config configs/reasonforge/default.yaml $MC_SET --format json -o "$T/mc-local.json" --quiet \
    || fail "the local Monte Carlo run failed"
python3 Scripts/cluster/compare_manifest_json.py "$OUT/merged.json" "$T/mc-local.json" || fail "merged Monte Carlo output differs"
echo "PASS: cluster-test (Slurm $(sinfo -V | awk '{print $2}'), matrix and Monte Carlo, 4 shards each)"
