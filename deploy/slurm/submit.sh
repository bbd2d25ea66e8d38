#!/usr/bin/env bash
# Submits deploy/slurm/matrix.sbatch as an N-task array plus a merge job that waits for it.
#   deploy/slurm/submit.sh [N]      (environment as in matrix.sbatch: KIND, MATRIX, CONFIG, SET, OUT, SCORING)
# Prints the two job ids and the output directory: ARRAY_ID MERGE_ID OUT.
set -euo pipefail
N=${1:-4}
# The shards and the merge must agree on OUT; the array's job id is not known to the merge job.
export OUT=${OUT:-out/slurm/$(date -u +%Y%m%d-%H%M%S)}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
array=$(sbatch --parsable --array=1-"$N" --export=ALL,STEP=shard --output="$OUT/slurm-%A_%a.out" "$here/matrix.sbatch")
array=${array%%;*}
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL,STEP=merge \
    --output="$OUT/slurm-merge-%j.out" "$here/matrix.sbatch")
echo "$array ${merge%%;*} $OUT"
