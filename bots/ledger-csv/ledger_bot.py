#!/usr/bin/env python3
"""ledger-csv: a Quire bot (protocol 1, docs/bots.md) that appends approved invoices to a CSV
ledger. Idempotent: the request's idempotency key is the first column, and a key already in the
ledger is answered with the row it wrote before. The file is locked while it is read and written,
and each row is flushed and fsynced before the result is sent."""
import csv
import fcntl
import json
import os
import sys

COLUMNS = ["idempotency_key", "item", "vendor_name", "invoice_number", "issue_date", "due_date",
           "currency", "net_total", "tax_total", "total"]


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main():
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != 1:
        send({"type": "result", "status": "application_error", "code": "protocol",
              "message": f"this bot speaks protocol 1, not {request.get('protocol')}"})
        return
    values = (request.get("payload") or {}).get("values") or {}
    key = request["idempotency_key"]
    path = os.environ.get("QUIRE_LEDGER") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "ledger.csv")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a+", newline="") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        f.seek(0)
        rows = list(csv.reader(f))
        for number, row in enumerate(rows):
            if row and row[0] == key:
                send({"type": "log", "level": "info", "message": f"already in the ledger at row {number}"})
                send({"type": "result", "status": "done", "code": "already_recorded",
                      "output": {"ledger": path, "row": number, "duplicate": True}})
                return
        if not rows:
            csv.writer(f, lineterminator="\n").writerow(COLUMNS)
            rows.append(COLUMNS)
        row = [key, request["item"]] + ["" if values.get(c) is None else str(values.get(c)) for c in COLUMNS[2:]]
        csv.writer(f, lineterminator="\n").writerow(row)
        f.flush()
        os.fsync(f.fileno())
        send({"type": "result", "status": "done", "output": {"ledger": path, "row": len(rows), "duplicate": False}})


if __name__ == "__main__":
    main()
