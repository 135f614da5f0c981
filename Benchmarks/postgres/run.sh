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
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
dir=$(mktemp -d /tmp/quire-bench-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(/usr/sbin/runuser -u postgres --); fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U quire --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" -l "$dir/log" -w start >/dev/null
"$quire" bench scheduler --postgres "postgres://quire@127.0.0.1:$port/postgres?sslmode=disable&pool=16" "$@"
