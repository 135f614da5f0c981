#!/usr/bin/env bash
# A flood: --files small PDFs moved into one inbox at once while `quire serve` runs on its
# embedded SQLite store with the shipped pipelines. Watches, every --every seconds, how many files
# are still in the inbox, how many items the store holds and how many are settled (the scheduler
# working while the intake lists and takes the flood), the server's RSS, its heap (RssAnon) and
# open descriptors.
# Goes on --after seconds once every file is an item, then stops the server with SIGTERM and
# reports how long it took to stop.
#
#   swift build -c release
#   Benchmarks/soak/flood.sh [--files 100000] [--every 10] [--after 60] [--parallelism N] [--out DIR]
#
# --parallelism sets spool.parallelism (files taken in at once; default 4) in the home's quire.yaml.
#
# Writes DIR/flood.csv (one row per sample) and prints a summary.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
quire=${QUIRE:-.build/release/quire}
files=100000 every=10 after=60 parallelism="" out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2;;
    --every) every=$2; shift 2;;
    --after) after=$2; shift 2;;
    --parallelism) parallelism=$2; shift 2;;
    --out) out=$2; shift 2;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2;;
  esac
done
. "$here/serve.sh"
start_serve flood "$parallelism"
PYTHONPATH="$here" python3 - "$dir" "$serve" "$files" "$every" "$after" "$out/flood.csv" <<'PY'
import os, sys, time, sqlite3, signal
base, pid, files, every, after, csv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
home = os.path.join(base, "home")
inbox = os.path.join(home, "inbox", "invoices")
staging = os.path.join(base, "staging"); os.makedirs(staging)
db = os.path.join(home, "data", "quire.sqlite")

from invoices import one_page_pdf

def tiny_pdf(n):
    """A one-page PDF of a few hundred bytes with one line of text; made up, unique per file."""
    text = f"Invoice FLOOD-{n:06d}  Total {n % 900 + 10}.00 EUR".encode()
    return one_page_pdf(b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")

from procstat import memory_mb as rss

t = time.time()
size = 0
for n in range(files):
    data = tiny_pdf(n); size += len(data)
    with open(os.path.join(staging, f"flood-{n:06d}.pdf"), "wb") as f: f.write(data)
print(f"{files} files written ({size / files:.0f} bytes each) in {time.time() - t:.1f} s", flush=True)
before, before_anon = rss(pid), rss(pid, "RssAnon")
peak_anon = before_anon
t0 = time.time()
for n in range(files):
    os.rename(os.path.join(staging, f"flood-{n:06d}.pdf"), os.path.join(inbox, f"flood-{n:06d}.pdf"))
print(f"moved into the inbox in {time.time() - t0:.1f} s; server RSS {before} MB", flush=True)

rows, done_at, peak = [], None, before
with open(csv, "w") as out:
    out.write("seconds,inbox,items,settled,rss_mb,anon_mb,fds\n")
    while True:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=60)
        n, settled = con.execute("select count(*), sum(state not in ('received','processing')) from items").fetchone()
        con.close()
        r = dict(seconds=round(time.time() - t0), inbox=len(os.listdir(inbox)), items=n or 0, settled=settled or 0,
                 rss_mb=rss(pid), anon_mb=rss(pid, "RssAnon"), fds=len(os.listdir(f"/proc/{pid}/fd")))
        peak = max(peak, r["rss_mb"]); peak_anon = max(peak_anon, r["anon_mb"]); rows.append(r)
        out.write(",".join(str(v) for v in r.values()) + "\n"); out.flush()
        print(" ".join(f"{k}={v}" for k, v in r.items()), flush=True)
        if done_at is None and r["items"] >= files: done_at = time.time()
        if done_at is not None and time.time() - done_at >= after: break
        time.sleep(every)

intake_s = done_at - t0
during = [r for r in rows if r["items"] < files]
settled_during = max((r["settled"] for r in during), default=0)
print(f"intake: {files} files in {intake_s:.0f} s ({files / intake_s:.0f} files/s)")
print(f"settled while the flood was taken in: {settled_during} items ({settled_during / max(1, intake_s):.1f}/s); by the end: {rows[-1]['settled']}")
print(f"server RSS: {before} MB before the flood, peak {peak} MB, {rows[-1]['rss_mb']} MB at the end")
print(f"server heap (RssAnon): {before_anon} MB before, peak {peak_anon} MB, {rows[-1]['anon_mb']} MB at the end")
t1 = time.time()
os.kill(pid, signal.SIGTERM)
while os.path.exists(f"/proc/{pid}") and open(f"/proc/{pid}/stat").read().split()[2] != "Z" and time.time() - t1 < 120: time.sleep(0.05)
print(f"SIGTERM to exit: {time.time() - t1:.1f} s")
PY
echo "samples: $out/flood.csv"
