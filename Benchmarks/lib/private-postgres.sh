# Sourced by the benchmark scripts: starts a private PostgreSQL server (Debian's postgresql package; as
# root it runs as the postgres user) with its default durability settings on a free loopback port, and
# removes it when the script exits. Sets pg_bin, pg_dir, pg_port and as_pg (the prefix that runs a
# command as the server's user). With PG_CPUS set (a taskset list, e.g. 0), the server and every backend it
# starts run on those cores only.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
pg_dir=$(mktemp -d "/tmp/quire-${1:-bench}-pg.XXXXXX")
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir"; as_pg=(/usr/sbin/runuser -u postgres --); fi
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
private_postgres_stop() { "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap private_postgres_stop EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U quire --auth=trust -E UTF8 --locale=C >/dev/null
pin=()
if [ -n "${PG_CPUS:-}" ]; then pin=(taskset -c "$PG_CPUS"); fi
"${pin[@]}" "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=200" \
  -l "$pg_dir/log" -w start >/dev/null
