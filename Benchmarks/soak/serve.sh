# Sourced by run.sh and flood.sh: a fresh home with the shipped pipelines and one `quire serve`
# on it, stopped (SIGTERM) when the script exits. Needs $quire and $out (empty: keep the run's folder).
#   start_serve NAME [SPOOL_PARALLELISM]    sets $dir (the run's folder), $serve (the server's pid), $out
start_serve() {
  [ -x "$quire" ] || { echo "no $quire: swift build -c release first (or QUIRE=path)" >&2; exit 1; }
  dir=$(mktemp -d "/tmp/quire-$1.XXXXXX")
  out=${out:-$dir}
  mkdir -p "$out"
  "$quire" init "$dir/home" --pipelines pipelines >/dev/null
  if [ -n "${2:-}" ]; then sed -i "s/^  parallelism: [0-9]*/  parallelism: $2/" "$dir/home/quire.yaml"; fi
  "$quire" serve --home "$dir/home" --api off >"$dir/serve.log" 2>&1 &
  serve=$!
  trap 'kill -TERM $serve 2>/dev/null || true; wait $serve 2>/dev/null || true; [ "$out" = "$dir" ] || rm -rf "$dir"' EXIT
  sleep 3
}
