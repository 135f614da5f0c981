#!/usr/bin/env bash
# POST /v1/classify under load from a separate process (wrk from Debian), at a fixed pace of
# about 200 requests per second (11 connections, 45 ms between each connection's requests, plus the answer time).
# Usage: Benchmarks/api/classify.sh [QUIRE_BINARY] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
QUIRE=${1:-.build/release/quire}
SECONDS_TO_RUN=${2:-30}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
HOME_DIR=$(mktemp -d /tmp/quire-bench-api.XXXXXX)
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$HOME_DIR"' EXIT
"$QUIRE" init "$HOME_DIR" --pipelines pipelines >/dev/null
PORT=$((20000 + RANDOM % 20000))
QUIRE_API=127.0.0.1:$PORT QUIRE_API_RATE=100000/1s QUIRE_LOG_LEVEL=warning "$QUIRE" serve --home "$HOME_DIR" >"$HOME_DIR/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
export QUIRE_TOKEN=$(cat "$HOME_DIR/admin.token") QUIRE_DELAY_MS=45
# Warm up (model cache, connections), then measure.
wrk -t 2 -c 10 -d 5s -s Benchmarks/api/classify.lua "http://127.0.0.1:$PORT/v1/classify" >/dev/null
echo "POST /v1/classify, 11 connections, 45 ms pace, ${SECONDS_TO_RUN} s:"
wrk -t 2 -c 11 -d "${SECONDS_TO_RUN}s" -s Benchmarks/api/classify.lua "http://127.0.0.1:$PORT/v1/classify" | tail -2
echo "server RSS: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
