#!/usr/bin/env bash
# The chaos run (chaos.py): three nodes on a private PostgreSQL server under a fault injector.
#   swift build -c release && Benchmarks/chaos/run.sh [--items 10000] [--faults 50] [--rate 40] [--seed 1] [--disk-mb 64]
# Needs Debian's postgresql and python3. Keeps its folder (node logs, chaos.log) when it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
quire=${QUIRE:-.build/release/quire}
[ -x "$quire" ] || { echo "no $quire: swift build -c release first (or QUIRE=path)" >&2; exit 1; }
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 1; }
dir=$(mktemp -d /tmp/quire-chaos.XXXXXX)
chmod 755 "$dir"
# A --disk-mb run mounts a tmpfs for the blobs; it goes however the run ends.
trap 'mountpoint -q "$dir/shared/blobs" 2>/dev/null && umount -l "$dir/shared/blobs"' EXIT
if python3 Benchmarks/chaos/chaos.py --quire "$(realpath "$quire")" --pg-bin "$bin" --dir "$dir" "$@"; then
  rm -rf "$dir"
else
  echo "chaos run failed; logs in $dir" >&2
  exit 1
fi
