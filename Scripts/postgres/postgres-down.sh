#!/usr/bin/env bash
# Stops the test PostgreSQL started by postgres-up.sh (nothing to do when it is not running).
set -euo pipefail
PG_DIR="${PG_DIR:-.build/pg}"
DATA="$PG_DIR/data"
if [ ! -f "$DATA/PG_VERSION" ] && [ -d "$PG_DIR" ]; then
  ALT="/tmp/scoring-pg-$(printf '%s' "$(cd "$PG_DIR" && pwd)" | md5sum | cut -c1-10)/data"
  [ -f "$ALT/PG_VERSION" ] && DATA="$ALT"
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] && [ -f "$DATA/PG_VERSION" ] || exit 0
if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop || true
else "$BIN/pg_ctl" -D "$DATA" -m fast stop || true; fi
