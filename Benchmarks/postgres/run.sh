#!/usr/bin/env bash
# The scheduler on SQLite and on PostgreSQL over loopback, side by side in one run:
# claim + complete per second, enqueue → pickup latency, and the claim's plan.
# Starts a private PostgreSQL server (Debian's postgresql package; as root it runs as the
# postgres user) with its default durability settings, and removes it afterwards.
#
#   swift build -c release && Benchmarks/postgres/run.sh [--jobs 20000 --finished 1000000 --workers 32]
set -euo pipefail
cd "$(dirname "$0")/../.."
quire=${QUIRE:-.build/release/quire}
source Benchmarks/lib/private-postgres.sh postgres
"$quire" bench scheduler --postgres "postgres://quire@127.0.0.1:$pg_port/postgres?sslmode=disable&pool=16" "$@"
