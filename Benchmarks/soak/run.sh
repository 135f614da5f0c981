#!/usr/bin/env bash
# A long run through one `quire serve` on its embedded SQLite store, at a steady rate, watching
# what should stay flat: the server's resident memory (RSS), its open file descriptors, the
# workers' memory, blob temporary files, and the database's size. Every file is a fixture (or a
# file of --source) with a few unique bytes appended, so each is a new item and none a duplicate.
#
#   swift build -c release
#   Benchmarks/soak/run.sh [--items 50000] [--rate 20] [--every 30] [--source fixtures] [--out DIR]
#
# Writes DIR/soak.csv (one row per sample) and prints a table of samples and the RSS growth
# between the first fifth and the end of the run (target: under 10 % after warm-up), with the heap
# (RssAnon) apart from mapped files (the SQLite database is mapped, so its pages count in RSS).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
quire=${QUIRE:-.build/release/quire}
items=50000 rate=20 every=30 source=fixtures out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --items) items=$2; shift 2;;
    --rate) rate=$2; shift 2;;
    --every) every=$2; shift 2;;
    --source) source=$2; shift 2;;
    --out) out=$2; shift 2;;
    *) echo "unknown option $1; see the comment at the top of $0" >&2; exit 2;;
  esac
done
. "$here/serve.sh"
start_serve soak
PYTHONPATH="$here" python3 - "$dir/home" "$serve" "$items" "$rate" "$every" "$source" "$out/soak.csv" <<'PY'
import os, sys, time, random, sqlite3, glob
home, pid, items, rate, every, source, csv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6], sys.argv[7]
files = sorted(p for p in glob.glob(os.path.join(source, "**", "*"), recursive=True)
               if os.path.isfile(p) and p.lower().endswith((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")))
if not files: sys.exit(f"no documents under {source}")
inbox = os.path.join(home, "inbox", "invoices"); os.makedirs(inbox, exist_ok=True)
db = os.path.join(home, "data", "quire.sqlite")
from procstat import memory_mb as rss
def workers():
    total = 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                cmd = open(f"/proc/{d}/cmdline", "rb").read().split(b"\0")
                if len(cmd) > 1 and cmd[0].endswith(b"quire") and cmd[1] == b"worker": total += rss(int(d))
            except OSError: pass
    return total
def sample(t0, fed):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    n, settled = con.execute("select count(*), sum(state not in ('received','processing')) from items").fetchone()
    con.close()
    size = sum(os.path.getsize(p) for p in glob.glob(db + "*"))
    tmp = sum(len(fs) for d, _, fs in os.walk(os.path.join(home, "data", "blobs")) if "tmp" in d.split(os.sep)[-1])
    # RSS counts the pages of files the server maps: its executable and the SQLite database, which the store maps up to
    # 256 MB (mmap_size), so it grows with the database. The heap is RssAnon: what a leak would grow.
    return dict(seconds=round(time.time() - t0), fed=fed, items=n or 0, settled=settled or 0, rss_mb=rss(pid),
                anon_mb=rss(pid, "RssAnon"), file_mb=rss(pid, "RssFile"),
                fds=len(os.listdir(f"/proc/{pid}/fd")), workers_rss_mb=workers(), blob_tmp_files=tmp, db_mb=round(size / 2**20, 1))
rows, t0, fed, next_sample = [], time.time(), 0, 0
with open(csv, "w") as out:
    out.write("seconds,fed,items,settled,rss_mb,anon_mb,file_mb,fds,workers_rss_mb,blob_tmp_files,db_mb\n")
    while True:
        now = time.time()
        while fed < items and fed < (now - t0) * rate:
            src = files[fed % len(files)]
            name = f"soak-{fed:06d}{os.path.splitext(src)[1].lower()}"
            data = open(src, "rb").read() + b"\n%soak " + str(random.random()).encode() + b"\n"
            tmp = os.path.join(inbox, "." + name)
            with open(tmp, "wb") as f: f.write(data)
            os.rename(tmp, os.path.join(inbox, name))
            fed += 1
        if now >= next_sample:
            r = sample(t0, fed); rows.append(r)
            out.write(",".join(str(r[k]) for k in r) + "\n"); out.flush()
            print(" ".join(f"{k}={v}" for k, v in r.items()), flush=True)
            next_sample = now + every
            if fed >= items and r["settled"] >= r["items"]: break
        time.sleep(0.05)
warm = rows[max(1, len(rows) // 5)]
end = rows[-1]
growth = (end["rss_mb"] - warm["rss_mb"]) / max(1, warm["rss_mb"]) * 100
anon = (end["anon_mb"] - warm["anon_mb"]) / max(1, warm["anon_mb"]) * 100
print(f"RSS after warm-up {warm['rss_mb']} MB at {warm['settled']} items, {end['rss_mb']} MB at {end['settled']}: {growth:+.1f} %")
print(f"of which the heap (RssAnon): {warm['anon_mb']} MB, then {end['anon_mb']} MB: {anon:+.1f} %; mapped files (the database, the executable): {warm['file_mb']} MB, then {end['file_mb']} MB")
PY
echo "samples: $out/soak.csv"
