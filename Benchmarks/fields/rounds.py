#!/usr/bin/env python3
"""Every made-up round of docs/benchmarks.md ("Made-up layouts the rules were not written against"), generated again and
measured, for checking a change of the field rules against all of them at once.

    python3 Benchmarks/fields/rounds.py generate OUT           # OUT/round01 … OUT/round48 from the table's seeds and layouts
    python3 Benchmarks/fields/rounds.py bench OUT QUIRE [CACHE] # `QUIRE bench fields --corpus OUT/roundNN --cache CACHE/roundNN
                                                               #  --misses` for each, then the totals over all rounds

The table's rows name each round's layouts and seed (4 invoices a layout); round 1 has two rows (seeds 1 and 2).
Round 49 (typefaces) picked its layouts at random and is not regenerated here. A cache keeps each round's OCR, so a
second `bench` reads the scans only once; the first takes about half an hour on two cores.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIRST_SIX = "de_window,de_keyvalue,de_english,fr_odoo,fr_classic,de_multipage"


def rounds():
    """(name, seed, layouts) for each row of the rounds table."""
    text = open(os.path.join(ROOT, "docs", "benchmarks.md"), encoding="utf-8").read()
    out = []
    for row in text.splitlines():
        m = re.match(r"\| (\d+)(, new values)? ", row)
        s = re.search(r"\(seed (\d+), \d+\)", row)
        if not m or not s:
            continue
        n, seed = int(m.group(1)), int(s.group(1))
        if n >= 49:
            continue
        layouts = FIRST_SIX if n == 1 else ",".join(re.findall(r"`([a-z0-9_]+)`", row.split("|")[2]))
        out.append((f"round{n:02d}" + ("b" if m.group(2) else ""), seed, layouts))
    return out


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("generate", "bench"):
        sys.exit(__doc__)
    out = sys.argv[2]
    if sys.argv[1] == "generate":
        for name, seed, layouts in rounds():
            d = os.path.join(out, name)
            if os.path.exists(os.path.join(d, "manifest.csv")):
                continue
            subprocess.run([sys.executable, os.path.join(HERE, "unseen_layouts.py"), d, "--count", "4", "--seed", str(seed), "--only", layouts], check=True)
        return
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    quire, cache = sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else os.path.join(out, "cache")
    totals = {}
    for name, _, _ in rounds():
        d = os.path.join(out, name)
        if not os.path.exists(os.path.join(d, "manifest.csv")):
            print(f"=== {name}: not generated, skipped", flush=True)
            continue
        r = subprocess.run([quire, "bench", "fields", "--corpus", d, "--cache", os.path.join(cache, name), "--misses"],
                           capture_output=True, text=True, check=True)
        print(f"=== {name}\n{r.stdout}", flush=True)
        for kind, pct, fields, approved, wrong in re.findall(r"^(born_digital|scan): ([\d.]+) % of (\d+) fields in \d+ documents; (\d+) approved without review, (\d+)",
                                                             r.stdout, re.M):
            t = totals.setdefault(kind, [0.0, 0, 0, 0])
            t[0] += float(pct) * int(fields) / 100
            t[1] += int(fields)
            t[2] += int(approved)
            t[3] += int(wrong)
    for kind, (right, fields, approved, wrong) in totals.items():
        print(f"all rounds, {kind}: {100 * right / fields:.2f} % of {fields} fields; {approved} approved without review, {wrong} of them with a wrong field")


if __name__ == "__main__":
    main()
