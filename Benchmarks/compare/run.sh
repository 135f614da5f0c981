#!/usr/bin/env bash
# Quire side by side with its peers, in one run, on this machine (issue 22). Builds nothing: takes the
# release binary. Each pair runs on the same input, alternating A and B for --rounds rounds; medians
# and ratios are printed.
#   1. Scheduler on PostgreSQL: `quire bench scheduler --postgres` (claim + complete of no-op jobs) against
#      pgqueuer (PyPI, in a private virtualenv) dequeuing, running and acknowledging no-op jobs, both on one
#      private PostgreSQL server that this script starts, with the same number of jobs and jobs at once.
#   2. OCR of a three-page scan: `quire bench ocr` (Quire's worker vs the tesseract command, and ocrmypdf
#      where it is installed).
#   3. Born-digital PDF text: `quire bench pdf` (in process, a warm worker, a pdftotext process).
#
#   swift build -c release && Benchmarks/compare/run.sh [--rounds 3] [--jobs 20000] [--workers 32]
# Needs Debian's postgresql, poppler-utils and tesseract-ocr, python3-venv, and PyPI for the first run
# (the virtualenv is kept in .build/compare-venv; COMPARE_VENV=dir to put it elsewhere).
set -euo pipefail
cd "$(dirname "$0")/../.."
quire=${QUIRE:-.build/release/quire}
rounds=3 jobs=20000 workers=32
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (--rounds N, --jobs N, --workers N, --help)" >&2; exit 2 ;;
  esac
done
[ -x "$quire" ] || { echo "no $quire: swift build -c release first (or QUIRE=path)" >&2; exit 1; }
venv=${COMPARE_VENV:-.build/compare-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import pgqueuer, asyncpg' 2>/dev/null; then
  echo "installing pgqueuer and asyncpg into $venv (PyPI)…" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pgqueuer asyncpg
fi
pgq_version=$("$venv/bin/python" -c 'import pgqueuer; print(pgqueuer.__version__)')

source Benchmarks/lib/private-postgres.sh compare
"${as_pg[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U quire pgq

echo "## Scheduler on PostgreSQL ($(nproc) cores, server on the same machine; $jobs no-op jobs, $workers at once)"
echo
ours=() theirs=()
for r in $(seq "$rounds"); do
  q=$("$quire" bench scheduler --postgres "postgres://quire@127.0.0.1:$pg_port/postgres?sslmode=disable&pool=16" \
        --jobs "$jobs" --finished 0 --samples 200 --workers "$workers" --json 2>/dev/null \
      | python3 -c 'import json,sys; print(round([p for p in json.load(sys.stdin)["phases"] if p["driver"] == "postgres"][0]["perSecond"]))')
  p=$("$venv/bin/python" Benchmarks/compare/pgqueuer_bench.py --dsn "postgres://quire@127.0.0.1:$pg_port/pgq" --jobs "$jobs" --workers "$workers" \
      | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["per_second"]))')
  echo "round $r: quire $q/s, pgqueuer $p/s" >&2
  ours+=("$q") theirs+=("$p")
done
python3 - "${ours[*]}" "${theirs[*]}" "$pgq_version" <<'PY'
import statistics, sys
ours, theirs = [int(x) for x in sys.argv[1].split()], [int(x) for x in sys.argv[2].split()]
mo, mt = statistics.median(ours), statistics.median(theirs)
print("| queue | jobs/s per round | median | ratio to pgqueuer |")
print("|---|---|---:|---:|")
print(f"| Quire (claim + complete) | {', '.join(map(str, ours))} | {mo:,.0f} | {mo / mt:.2f} |")
print(f"| pgqueuer {sys.argv[3]} (dequeue + run + ack) | {', '.join(map(str, theirs))} | {mt:,.0f} | 1.00 |")
PY
echo

# A three-page scan from the fixtures' scanned pages.
scan="$pg_dir/scan-3-pages.pdf"
pdfunite $(ls fixtures/scans/*.pdf | head -3) "$scan"
echo "## OCR of a three-page scan (fixtures/scans, first three)"
echo
"$quire" bench ocr "$scan"
echo
echo "## Born-digital PDF text (fixtures/documents, first five)"
echo
"$quire" bench pdf $(ls fixtures/documents/*.pdf | head -5) --runs 20
