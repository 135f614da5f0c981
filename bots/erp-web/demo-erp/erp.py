#!/usr/bin/env python3
"""A small demo ERP for Quire's erp-web bot: log in, enter a supplier invoice through a web form
with server-side validation, list the entered invoices. Its own SQLite database. Standard library
only (http.server, sqlite3), so it runs on any Debian 12 without installing anything.

    python3 erp.py --port 8480 --db /tmp/erp.sqlite

Users: ERP_USER / ERP_PASSWORD from the environment (default clerk / demo-password).
Test hooks: --slow-submit SECONDS waits after an invoice is committed and before the answer, and
--hold-file PATH waits there for as long as PATH exists (so a test can kill the bot in the middle
of an entry); GET /invoices.json lists every invoice.
"""
import argparse
import html
import json
import os
import re
import secrets
import sqlite3
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

VENDORS = ["Northwind Office Supplies Ltd", "Brauhaus Technik GmbH", "Papeterie Lumière SARL",
           "Alpenblick Hotel AG", "Boulangerie du Port", "Fabrikam Industrial Parts BV"]
CURRENCIES = ["EUR", "USD", "GBP", "CHF"]
STYLE = """body{font-family:sans-serif;margin:2em;max-width:60em} label{display:block;margin-top:.6em}
input,select{font-size:1em;padding:.2em;width:24em} .error{color:#a00;font-weight:bold} table{border-collapse:collapse}
td,th{border:1px solid #999;padding:.2em .5em;text-align:left} .invoice-detail{font-size:1.4em} .invoice-detail td,.invoice-detail th{border:none;padding:.3em 1.5em .3em 0} .ok{color:#070;font-weight:bold}"""


class ERP:
    def __init__(self, path, slow_submit, hold_file=None):
        self.path = path
        self.slow_submit = slow_submit
        self.hold_file = hold_file
        self.sessions = set()
        self.lock = threading.Lock()
        with self.db() as db:
            db.executescript("""
                CREATE TABLE IF NOT EXISTS vendors(name TEXT PRIMARY KEY);
                CREATE TABLE IF NOT EXISTS invoices(
                    document_number TEXT PRIMARY KEY, vendor TEXT NOT NULL REFERENCES vendors(name),
                    invoice_number TEXT NOT NULL, invoice_date TEXT NOT NULL, currency TEXT NOT NULL,
                    total TEXT NOT NULL, reference TEXT UNIQUE, entered_at TEXT NOT NULL);
            """)
            db.executemany("INSERT OR IGNORE INTO vendors(name) VALUES (?)", [(v,) for v in VENDORS])

    def db(self):
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        return db

    def enter(self, form):
        """Validates and stores an invoice; returns (document_number, errors)."""
        f = {k: (form.get(k, [""])[0] or "").strip() for k in
             ["vendor", "invoice_number", "invoice_date", "currency", "total", "reference"]}
        errors = []
        with self.db() as db:
            if not db.execute("SELECT 1 FROM vendors WHERE name = ?", (f["vendor"],)).fetchone():
                errors.append(f"Unknown vendor: {f['vendor'] or '(empty)'}")
            if not f["invoice_number"]:
                errors.append("Invoice number is required")
            try:
                date.fromisoformat(f["invoice_date"])
            except ValueError:
                errors.append("Invoice date must be YYYY-MM-DD")
            if f["currency"] not in CURRENCIES:
                errors.append("Currency must be one of " + ", ".join(CURRENCIES))
            if not re.fullmatch(r"\d+(\.\d{1,2})?", f["total"]) or float(f["total"]) <= 0:
                errors.append("Total must be a positive amount such as 1234.50")
            if f["reference"]:
                row = db.execute("SELECT document_number FROM invoices WHERE reference = ?", (f["reference"],)).fetchone()
                if row:
                    errors.append(f"Reference already used by {row[0]}")
            if errors:
                return None, errors
            with self.lock:
                db.execute("BEGIN IMMEDIATE")
                n = db.execute("SELECT COUNT(*) FROM invoices").fetchone()[0] + 1
                number = f"AP-{100000 + n}"
                try:
                    db.execute("INSERT INTO invoices VALUES (?,?,?,?,?,?,?,?)",
                               (number, f["vendor"], f["invoice_number"], f["invoice_date"], f["currency"],
                                f["total"], f["reference"] or None, time.strftime("%Y-%m-%dT%H:%M:%S")))
                    db.execute("COMMIT")
                except sqlite3.IntegrityError:
                    db.execute("ROLLBACK")
                    row = db.execute("SELECT document_number FROM invoices WHERE reference = ?", (f["reference"],)).fetchone()
                    return None, [f"Reference already used by {row[0] if row else '?'}"]
        if self.slow_submit:
            time.sleep(self.slow_submit)
        waited = 0
        while self.hold_file and os.path.exists(self.hold_file) and waited < 600:
            time.sleep(0.1)
            waited += 0.1
        return number, []

    def invoices(self, reference=None):
        with self.db() as db:
            q = "SELECT document_number, vendor, invoice_number, invoice_date, currency, total, reference FROM invoices"
            rows = db.execute(q + (" WHERE reference = ?" if reference else "") + " ORDER BY document_number",
                              (reference,) if reference else ()).fetchall()
        keys = ["document_number", "vendor", "invoice_number", "invoice_date", "currency", "total", "reference"]
        return [dict(zip(keys, r)) for r in rows]


def page(title, body):
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)} · Demo ERP</title>
<style>{STYLE}</style></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"""


class Handler(BaseHTTPRequestHandler):
    erp: ERP = None

    def log_message(self, fmt, *args):
        pass

    def send(self, status, body, content_type="text/html; charset=utf-8", headers=None):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, to, headers=None):
        self.send(303, "", headers={"Location": to, **(headers or {})})

    def logged_in(self):
        cookie = self.headers.get("Cookie", "")
        m = re.search(r"erp_session=([A-Za-z0-9_-]+)", cookie)
        return bool(m and m.group(1) in self.erp.sessions)

    def form(self):
        length = int(self.headers.get("Content-Length") or 0)
        return parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)

    def do_GET(self):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/invoices.json":
            return self.send(200, json.dumps(self.erp.invoices()), "application/json")
        if url.path in ("/", "/login"):
            return self.send(200, page("Log in", """<form method="post" action="/login">
<label>User <input name="user" id="user"></label><label>Password <input name="password" id="password" type="password"></label>
<p><button id="login" type="submit">Log in</button></p></form>"""))
        if not self.logged_in():
            return self.redirect("/login")
        if url.path == "/invoices":
            ref = (query.get("reference") or [""])[0]
            rows = self.erp.invoices(ref or None)
            body = """<p><a id="new-invoice" href="/invoices/new">New supplier invoice</a></p>
<form method="get" action="/invoices"><label>Find by reference <input name="reference" id="reference-search"></label>
<button id="search" type="submit">Find</button></form><table id="invoices"><tr><th>Document</th><th>Vendor</th><th>Invoice</th>
<th>Date</th><th>Currency</th><th>Total</th><th>Reference</th></tr>"""
            for r in rows:
                body += "<tr class='invoice'>" + "".join(f"<td class='{k}'>{html.escape(str(r[k] or ''))}</td>" for k in r) + "</tr>"
            body += f"</table><p id='count'>{len(rows)} invoice(s)</p>"
            return self.send(200, page("Supplier invoices", body))
        if url.path == "/invoices/new":
            return self.send(200, page("New supplier invoice", self.invoice_form({}, [])))
        if url.path.startswith("/invoices/AP-"):
            number = url.path.rsplit("/", 1)[1]
            rows = [r for r in self.erp.invoices() if r["document_number"] == number]
            if not rows:
                return self.send(404, page("Not found", "<p>No such invoice.</p>"))
            r = rows[0]
            labels = [("invoice_number", "Invoice No"), ("invoice_date", "Invoice date"),
                      ("currency", "Currency"), ("total", "Total"), ("reference", "Reference")]
            details = "".join(f"<tr><th>{label}</th><td id='{k}'>{html.escape(str(r[k] or ''))}</td></tr>" for k, label in labels)
            return self.send(200, page(f"Invoice {number}", f"<p class='ok' id='entered'>Entered as <span id='document-number'>{number}</span></p>"
                                        f"<h2 id='vendor'>{html.escape(r['vendor'])}</h2><table class='invoice-detail'>{details}</table>"))
        self.send(404, page("Not found", "<p>No such page.</p>"))

    def invoice_form(self, values, errors):
        v = {k: html.escape((values.get(k) or [""])[0]) for k in
             ["vendor", "invoice_number", "invoice_date", "currency", "total", "reference"]}
        err = "".join(f"<p class='error'>{html.escape(e)}</p>" for e in errors)
        return f"""{err}<form method="post" action="/invoices">
<label>Vendor <input name="vendor" id="vendor" value="{v['vendor']}"></label>
<label>Invoice number <input name="invoice_number" id="invoice_number" value="{v['invoice_number']}"></label>
<label>Invoice date <input name="invoice_date" id="invoice_date" value="{v['invoice_date']}" placeholder="YYYY-MM-DD"></label>
<label>Currency <input name="currency" id="currency" value="{v['currency']}"></label>
<label>Total <input name="total" id="total" value="{v['total']}"></label>
<label>Reference <input name="reference" id="reference" value="{v['reference']}"></label>
<p><button id="save" type="submit">Save invoice</button></p></form>"""

    def do_POST(self):
        url = urlparse(self.path)
        form = self.form()
        if url.path == "/login":
            user, password = (form.get("user") or [""])[0], (form.get("password") or [""])[0]
            if user == os.environ.get("ERP_USER", "clerk") and password == os.environ.get("ERP_PASSWORD", "demo-password"):
                token = secrets.token_urlsafe(16)
                self.erp.sessions.add(token)
                return self.redirect("/invoices", {"Set-Cookie": f"erp_session={token}; Path=/; HttpOnly"})
            return self.send(401, page("Log in", "<p class='error'>Wrong user or password</p>"))
        if not self.logged_in():
            return self.redirect("/login")
        if url.path == "/invoices":
            number, errors = self.erp.enter(form)
            if errors:
                return self.send(422, page("New supplier invoice", self.invoice_form(form, errors)))
            return self.redirect(f"/invoices/{number}")
        self.send(404, page("Not found", "<p>No such page.</p>"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8480)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--db", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "erp.sqlite"))
    parser.add_argument("--slow-submit", type=float, default=0.0)
    parser.add_argument("--hold-file")
    args = parser.parse_args()
    Handler.erp = ERP(args.db, args.slow_submit, args.hold_file)
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"demo ERP on http://{args.host}:{server.server_address[1]}/ (database {args.db})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
