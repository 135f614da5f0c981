#!/usr/bin/env bash
# The scheduler on SQLite and on PostgreSQL over loopback, side by side in one run:
# claim + complete per second, enqueue → pickup latency, and the claim's plan.
# Starts a private PostgreSQL server (Debian's postgresql package; as root it runs as the
# postgres user) with its default durability settings, and removes it afterwards.
#
# With --split the server is pinned to core 0 and quire to core 1 (taskset): what a database host of its own
# would give, as far as two cores can show it.
#
#   swift build -c release && Benchmarks/postgres/run.sh [--split] [--jobs 20000 --finished 1000000 --workers 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
quire=${QUIRE:-.build/release/quire}
run=()
if [ "${1:-}" = --split ]; then
  shift
  [ "$(nproc)" -ge 2 ] || { echo "--split needs two cores" >&2; exit 2; }
  export PG_CPUS=0
  run=(taskset -c 1)
fi
source Benchmarks/lib/private-postgres.sh postgres
"${run[@]}" "$quire" bench scheduler --postgres "postgres://quire@127.0.0.1:$pg_port/postgres?sslmode=disable&pool=16" "$@"
