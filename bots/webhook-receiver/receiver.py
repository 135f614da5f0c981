#!/usr/bin/env python3
"""webhook-receiver: a small receiver for Quire's http bot kind (docs/bots.md). It checks each
request's signature (HMAC-SHA256 over "<Quire-Timestamp>.<body>" with the shared secret, header
Quire-Signature: v1=<hex>), refuses requests older than five minutes (replays), records each
request once per Idempotency-Key in a JSON-lines file, and answers with a protocol result.

    WEBHOOK_SECRET=... python3 receiver.py --port 8490 --log received.jsonl

Answers: 200 {"status": "done", "output": {...}}; 401 for a bad or missing signature (quire
retries it as an application error: fix the secret); 400 for a body that is not a request.
Standard library only.
"""
import argparse
import hashlib
import hmac
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()


def verify(secret, timestamp, body, signature, now=None, tolerance=300):
    """True when the signature is right and the timestamp recent. Constant-time comparison."""
    try:
        ts = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs((now or time.time()) - ts) > tolerance:
        return False
    expected = "v1=" + hmac.new(secret.encode(), f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature or "")


class Handler(BaseHTTPRequestHandler):
    secret = ""
    log_path = "received.jsonl"

    def log_message(self, fmt, *args):
        pass

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not verify(self.secret, self.headers.get("Quire-Timestamp"), body, self.headers.get("Quire-Signature")):
            return self.answer(401, {"message": "bad or missing signature; check the shared secret"})
        try:
            request = json.loads(body)
            key = request["idempotency_key"]
        except (ValueError, KeyError):
            return self.answer(400, {"message": "the body is not a Quire bot request"})
        with LOCK:
            seen = []
            if os.path.exists(self.log_path):
                with open(self.log_path) as f:
                    seen = [json.loads(line) for line in f if line.strip()]
            earlier = [r for r in seen if r["idempotency_key"] == key]
            if not earlier:
                with open(self.log_path, "a") as f:
                    f.write(json.dumps({"idempotency_key": key, "event": self.headers.get("Quire-Event"),
                                        "traceparent": self.headers.get("traceparent"), "request": request}) + "\n")
                    f.flush()
                    os.fsync(f.fileno())
        self.answer(200, {"status": "done", "output": {"received": True, "duplicate": bool(earlier), "count": len(seen) + (0 if earlier else 1)}})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8490)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--log", default="received.jsonl")
    args = parser.parse_args()
    Handler.secret = os.environ.get("WEBHOOK_SECRET", "")
    if not Handler.secret:
        raise SystemExit("set WEBHOOK_SECRET to the secret quire signs with (the bot's signing_secret)")
    Handler.log_path = args.log
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"webhook receiver on http://{args.host}:{server.server_address[1]}/ (log {args.log})", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
