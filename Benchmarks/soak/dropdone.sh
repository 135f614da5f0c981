#!/usr/bin/env bash
# Drop to done for born-digital invoices through one `quire serve` on its embedded SQLite store
# with the shipped pipelines (issue 22, item 7). Every file is a made-up one-page invoice with a
# text layer and its own number and totals (invoices.py), so none is a duplicate and a correct
# one can go straight through.
#
#   swift build -c release --product quire
#   Benchmarks/soak/dropdone.sh [--flood 2000] [--rate 40] [--seconds 60] [--out DIR]
#
# Two runs on one server:
#   flood  --flood files moved into inbox/invoices/ at once: documents settled per second, from
#          the first item taken in to the last settled;
#   steady --rate files a second for --seconds: the latency of each from the moment it was
#          dropped to the moment its item settled (done, needs a human, or an exception), p50/p95/max.
# Prints, for each run, the items' states (done = went straight through), the time each stage ran
# and waited (from job_history), and the latencies.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
quire=${QUIRE:-.build/release/quire}
flood=2000 rate=40 seconds=60 out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --flood) flood=$2; shift 2;;
    --rate) rate=$2; shift 2;;
    --seconds) seconds=$2; shift 2;;
    --out) out=$2; shift 2;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2;;
  esac
done
. "$here/serve.sh"
start_serve dropdone
PYTHONPATH="$here" python3 - "$dir" "$flood" "$rate" "$seconds" <<'PY'
import os, sys, time, sqlite3
from invoices import invoice_pdf
base, flood, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
home = os.path.join(base, "home")
inbox = os.path.join(home, "inbox", "invoices")
staging = os.path.join(base, "staging"); os.makedirs(staging)
db = os.path.join(home, "data", "quire.sqlite")
SETTLED = "state not in ('received', 'processing')"

def query(sql, *args):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=60)
    try: return con.execute(sql, args).fetchall()
    finally: con.close()

def write(names, seed):
    for i, name in enumerate(names):
        data, _ = invoice_pdf(i, seed)
        with open(os.path.join(staging, name), "wb") as f: f.write(data)

def wait_settled(prefix, count, limit=1800):
    t = time.time()
    while time.time() - t < limit:
        (n, settled), = query(f"select count(*), coalesce(sum({SETTLED}), 0) from items where name like ?", prefix + "%")
        if n >= count and settled >= count: return
        time.sleep(0.5)
    sys.exit(f"{prefix}: not settled after {limit} s")

def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

def report(prefix, dropped):
    states = dict(query("select state, count(*) from items where name like ? group by state", prefix + "%"))
    print("  states: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))
    rows = query("select stage_id, count(*), avg(finished_at - started_at), avg(started_at - run_at) from job_history "
                 "where item_id in (select id from items where name like ?) group by stage_id order by min(id)", prefix + "%")
    for stage, n, run, wait in rows:
        print(f"  {stage:14s} {n:6d} jobs  ran {run * 1000:7.1f} ms  waited {wait * 1000:8.1f} ms (means)")
    settled = dict(query(f"select name, updated_at from items where name like ? and {SETTLED}", prefix + "%"))
    created = [c for c, in query("select created_at from items where name like ?", prefix + "%")]
    lat = [settled[n] - t for n, t in dropped.items() if n in settled]
    return lat, min(created), max(settled.values())

# flood
names = [f"flood-{i:06d}.pdf" for i in range(flood)]
write(names, 1)
t0 = time.time()
for n in names: os.rename(os.path.join(staging, n), os.path.join(inbox, n))
wait_settled("flood-", flood)
print(f"flood: {flood} invoices moved into the inbox at once")
lat, first, last = report("flood-", {n: t0 for n in names})
print(f"  {flood / (last - first):.1f} documents/s settled (first taken in {first - t0:.1f} s after the drop, "
      f"last settled {last - t0:.1f} s after); drop to settled p50 {pct(lat, 50):.2f} s, p95 {pct(lat, 95):.2f} s")

# steady
count = int(rate * seconds)
names = [f"steady-{i:06d}.pdf" for i in range(count)]
write(names, 2)
dropped, t0 = {}, time.time()
for i, n in enumerate(names):
    due = t0 + i / rate
    if due > time.time(): time.sleep(due - time.time())
    os.rename(os.path.join(staging, n), os.path.join(inbox, n)); dropped[n] = time.time()
wait_settled("steady-", count)
print(f"steady: {count} invoices, {rate:g} a second for {seconds:g} s")
lat, first, last = report("steady-", dropped)
print(f"  drop to settled: p50 {pct(lat, 50) * 1000:.0f} ms, p95 {pct(lat, 95) * 1000:.0f} ms, max {max(lat) * 1000:.0f} ms")
PY
