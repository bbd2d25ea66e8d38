#!/usr/bin/env bash
# Starts (or finds running) a throw-away PostgreSQL for the tests, on 127.0.0.1:$PG_PORT, with its
# cluster under $PG_DIR (default .build/pg). Idempotent: a running server is reused, a stale
# postmaster.pid is removed, a missing server is installed through apt. As root the server runs as
# the `postgres` user (root cannot run postgres). Writes the URL to $PG_DIR/url and prints it.
set -euo pipefail
PG_DIR="${PG_DIR:-.build/pg}"
PG_PORT="${PG_PORT:-54329}"
mkdir -p "$PG_DIR"
PG_DIR="$(cd "$PG_DIR" && pwd)"
DATA="$PG_DIR/data"

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
BIN="$(find_bin)"
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "==> installing postgresql through apt" >&2
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

if [ "$(id -u)" = "0" ]; then
  RUN_USER=postgres
  as_pg() { runuser -u postgres -- "$@"; }
  # The postgres user must reach the cluster: a checkout under a private home (/root) is not reachable,
  # so the cluster then lives under /tmp, named after this checkout.
  if ! runuser -u postgres -- test -x "$PG_DIR"; then
    DATA="/tmp/scoring-pg-$(printf '%s' "$PG_DIR" | md5sum | cut -c1-10)/data"
    mkdir -p "$(dirname "$DATA")"
    chmod 755 "$(dirname "$DATA")"
  fi
else
  RUN_USER="$(id -un)"
  as_pg() { "$@"; }
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  rm -rf "$DATA"
  mkdir -p "$DATA"
  [ "$RUN_USER" = "$(id -un)" ] || chown "$RUN_USER" "$DATA"
  chmod 700 "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" -U "$RUN_USER" --auth=trust --encoding=UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; exit 1; }
fi

running() { as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }
if ! running; then
  # A pid file left by a killed server (or a machine restart) would stop pg_ctl from starting.
  if [ -f "$DATA/postmaster.pid" ]; then
    pid="$(head -1 "$DATA/postmaster.pid" || true)"
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "==> removing stale $DATA/postmaster.pid" >&2
      rm -f "$DATA/postmaster.pid"
    fi
  fi
  as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2 \
    || { tail -20 "$DATA/server.log" >&2; exit 1; }
fi
for _ in $(seq 1 60); do
  "$BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q && break
  sleep 0.5
done
"$BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q || { echo "postgres did not answer on 127.0.0.1:$PG_PORT" >&2; exit 1; }
URL="postgres://$RUN_USER@127.0.0.1:$PG_PORT/postgres"
echo "$URL" > "$PG_DIR/url"
echo "$URL"
