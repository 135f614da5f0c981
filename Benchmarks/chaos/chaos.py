#!/usr/bin/env python3
"""Chaos run: three `quire serve` nodes on a private PostgreSQL server, a shared inbox, outbox and
blob folder, a pipeline whose bot stage appends to a CSV ledger, and a fault injector that for the
whole run SIGKILLs nodes (and starts them again), SIGSTOPs them, restarts PostgreSQL, and cuts or
delays a node's database connection through a TCP proxy on loopback (one per node). At the end:
every file fed has exactly one item (or one rejection record), every item is settled with one
outbox record, every ledger row is there exactly once, no job is left leased, and the audit chain
verifies. Prints the fault log's summary, the counts and the time to settle after the last fault.

Run it through run.sh (it starts the server and cleans up):
    Benchmarks/chaos/run.sh [--items 10000] [--faults 50] [--rate 40]
"""
import argparse, csv, glob, json, os, random, shutil, signal, socket, subprocess, sys, threading, time

ap = argparse.ArgumentParser()
ap.add_argument("--quire", required=True)
ap.add_argument("--pg-bin", required=True)
ap.add_argument("--dir", required=True)
ap.add_argument("--items", type=int, default=10000)
ap.add_argument("--faults", type=int, default=50, help="at least this many faults, spread over the feeding")
ap.add_argument("--rate", type=float, default=40, help="files per second into the shared inbox")
ap.add_argument("--fault-every", type=float, default=0, help="seconds between faults on average (each gap 0.5-1.5 times it), to spread --faults over a long feed; 0: every 1-4 s, as many as the feed lasts")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--settle-timeout", type=float, default=900)
ap.add_argument("--hostile-every", type=int, default=20, help="every Nth file is a broken one (truncated PDF, random bytes, empty image); 0: none")
ap.add_argument("--capture-every", type=int, default=7, help="every Nth file comes with a bot's capture in a sidecar <name>.json; 0: none")
ap.add_argument("--disk-mb", type=int, default=0, help="put the shared blob folder on a tmpfs of this many MiB (root only) and add 'disk_full' faults that fill it for a few seconds; 0: off")
ap.add_argument("--log-level", default="notice", help="the nodes' log level (their logs stay in the run's folder on failure)")
a = ap.parse_args()
random.seed(a.seed)
root = a.dir
shared = os.path.join(root, "shared")
as_pg = ["/usr/sbin/runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
log_lines = []


def say(msg):
    line = f"{time.strftime('%H:%M:%S')} {msg}"
    log_lines.append(line)
    print(line, flush=True)


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


# PostgreSQL: a private server with its default durability.
pg_port = free_port()
pg_data = os.path.join(root, "pg")
os.makedirs(pg_data)
if as_pg: shutil.chown(root, "postgres"); shutil.chown(pg_data, "postgres")
subprocess.run(as_pg + [f"{a.pg_bin}/initdb", "-D", f"{pg_data}/data", "-U", "quire", "--auth=trust", "-E", "UTF8", "--locale=C"],
               check=True, stdout=subprocess.DEVNULL)
pg_opts = f"-p {pg_port} -k {pg_data} -c listen_addresses=127.0.0.1 -c max_connections=200"


def pg_ctl(*args):
    return subprocess.run(as_pg + [f"{a.pg_bin}/pg_ctl", "-D", f"{pg_data}/data", "-o", pg_opts, "-l", f"{pg_data}/log", "-w", *args],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


pg_ctl("start")


def psql(q):
    r = subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "quire", "-d", "quire", "-At", "-c", q],
                       capture_output=True, text=True)
    if r.returncode != 0: raise RuntimeError(r.stderr)
    return r.stdout.strip()


subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "quire", "-d", "postgres", "-c", "CREATE DATABASE quire"],
               check=True, stdout=subprocess.DEVNULL)


class Proxy:
    """Loopback TCP proxy in front of PostgreSQL for one node: pass, cut every connection, or delay."""

    def __init__(self, target):
        self.target, self.delay, self.lock, self.socks = target, 0.0, threading.Lock(), set()
        self.srv = socket.socket(); self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(("127.0.0.1", 0)); self.srv.listen(128); self.port = self.srv.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            c, _ = self.srv.accept()
            try:
                s = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                c.close(); continue
            with self.lock: self.socks |= {c, s}
            for x, y in ((c, s), (s, c)): threading.Thread(target=self.pump, args=(x, y), daemon=True).start()

    def pump(self, x, y):
        try:
            while True:
                b = x.recv(65536)
                if not b: break
                if self.delay: time.sleep(self.delay)
                y.sendall(b)
        except OSError:
            pass
        for z in (x, y):
            try: z.shutdown(socket.SHUT_RDWR)
            except OSError: pass
        with self.lock:
            for z in (x, y):
                if z in self.socks: self.socks.discard(z); z.close()

    def cut(self):
        with self.lock:
            for z in self.socks:
                try: z.shutdown(socket.SHUT_RDWR)
                except OSError: pass


# The shared folders and the pipeline: identify, then the ledger bot, then the outbox record.
for d in ["inbox/chaos", "outbox", "blobs", "pipelines"]: os.makedirs(os.path.join(shared, d), exist_ok=True)
blob_disk = None
if a.disk_mb:
    # A small file system of its own for the blobs, so that a fault can fill it (a full disk) and free it again.
    blob_disk = os.path.join(shared, "blobs")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={a.disk_mb}m,mode=0755", "tmpfs", blob_disk], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"--disk-mb needs to mount a tmpfs (root): {r.stderr.strip()}")

ledger = os.path.join(shared, "ledger.csv")
with open(os.path.join(shared, "pipelines", "chaos.yaml"), "w") as f:
    f.write("""name: chaos
version: 1
sources:
  spool:
    accept: [pdf, png, jpeg, tiff]
stages:
  - id: identify
    use: file.identify
    lease: 10s
    heartbeat: 3s
    retry: { max_attempts: 20, backoff: 500ms, max_backoff: 5s }
  - id: ledger
    use: bot
    with: { bot: ledger-csv, action: append, payload: { values: { invoice_number: "chaos", total: 1 } } }
    lease: 10s
    heartbeat: 3s
    retry: { max_attempts: 20, backoff: 500ms, max_backoff: 5s }
  - id: record
    use: outbox.write
    with: { folder: done }
    lease: 10s
    heartbeat: 3s
    retry: { max_attempts: 20, backoff: 500ms, max_backoff: 5s }
on_failure:
  - id: failed_record
    use: outbox.write
    with: { folder: failed }
""")

nodes, procs, proxies = ["n1", "n2", "n3"], {}, {}
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for n in nodes:
    proxies[n] = Proxy(pg_port)
    home = os.path.join(root, n)
    os.makedirs(home)
    with open(os.path.join(home, "quire.yaml"), "w") as f:
        f.write(f"""node: {n}
blobs: {shared}/blobs
audit_key: {shared}/audit.key
outbox: {shared}/outbox
bots: {repo}/bots
spool:
  inbox: {shared}/inbox
  settle: 300ms
isolation:
  processes: 1
scheduler:
  workers: 4
  rescue_interval: 2s
log:
  level: {a.log_level}
""")


def env(n):
    e = dict(os.environ)
    e["QUIRE_STORE"] = f"postgres://quire@127.0.0.1:{proxies[n].port}/quire?sslmode=disable&connect_timeout=10&query_timeout=10"
    e["QUIRE_LEDGER"] = ledger
    return e


for n in nodes:
    subprocess.run([a.quire, "init", os.path.join(root, n), "--pipelines", os.path.join(shared, "pipelines")], env=env(n),
                   check=True, stdout=subprocess.DEVNULL)


def start(n):
    procs[n] = subprocess.Popen([a.quire, "serve", "--home", os.path.join(root, n), "--api", "off"], env=env(n),
                                stdout=open(os.path.join(root, f"{n}.log"), "a"), stderr=subprocess.STDOUT)


for n in nodes: start(n)
time.sleep(3)

# The documents: the repository's fixtures (born-digital and scans), each with unique bytes appended so that every
# file is a new item; every --hostile-every-th file is a broken one instead, and every --capture-every-th comes
# with a bot's capture in a sidecar.
docs = sorted(p for p in glob.glob(os.path.join(repo, "fixtures", "**", "*"), recursive=True)
              if os.path.isfile(p) and p.lower().endswith((".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")))
fed_names = []
done_feeding = threading.Event()


hostile_names, captured_names = [], []


def hostile(i):
    """A broken file of the kinds a real inbox gets: a PDF cut short, bytes that are no document, an empty image."""
    kind = (i // max(1, a.hostile_every)) % 3
    if kind == 0:
        pdfs = [d for d in docs if d.lower().endswith(".pdf")]
        return ".pdf", open(pdfs[i % len(pdfs)], "rb").read()[:300] + b"%cut " + str(i).encode()
    if kind == 1:
        return ".pdf", random.Random(i).randbytes(4096)
    return ".png", b""


def feed():
    inbox, t0 = os.path.join(shared, "inbox", "chaos"), time.time()
    for i in range(a.items):
        while i > (time.time() - t0) * a.rate: time.sleep(0.01)
        if a.hostile_every and i % a.hostile_every == a.hostile_every - 1:
            ext, data = hostile(i)
            name = f"c{i:06d}{ext}"
            hostile_names.append(name)
        else:
            src = docs[i % len(docs)]
            name = f"c{i:06d}{os.path.splitext(src)[1].lower()}"
            data = open(src, "rb").read() + b"\n%chaos " + str(i).encode() + b"\n"
            # What a bot captured from a screen rides along in a sidecar, which must be there before the document.
            if a.capture_every and i % a.capture_every == 0:
                side = os.path.join(inbox, name + ".json")
                with open(side + ".tmp", "w") as f:
                    json.dump({"capture": {"fields": {"invoice_number": f"CH-{i}", "total": "1.00"}}, "external_ref": f"chaos-{i}"}, f)
                os.rename(side + ".tmp", side)
                captured_names.append(name)
        tmp = os.path.join(inbox, "." + name)
        with open(tmp, "wb") as f: f.write(data)
        os.rename(tmp, os.path.join(inbox, name))
        fed_names.append(name)
    done_feeding.set()


faults, last_fault = [], [time.time()]


def inject():
    while not done_feeding.is_set() or len(faults) < a.faults:
        time.sleep(random.uniform(0.5 * a.fault_every, 1.5 * a.fault_every) if a.fault_every > 0 else random.uniform(1, 4))
        if done_feeding.is_set() and len(faults) >= a.faults: break
        kind = random.choice(["kill", "kill", "stop", "pg_restart", "cut", "delay"] + (["disk_full"] if blob_disk else []))
        n = random.choice(nodes)
        if kind == "kill":
            procs[n].kill(); procs[n].wait(); time.sleep(random.uniform(0.5, 3)); start(n)
        elif kind == "stop":
            procs[n].send_signal(signal.SIGSTOP); time.sleep(random.uniform(2, 12)); procs[n].send_signal(signal.SIGCONT)
        elif kind == "pg_restart":
            pg_ctl("restart", "-m", "fast")
        elif kind == "cut":
            proxies[n].cut()
        elif kind == "delay":
            proxies[n].delay = random.uniform(0.2, 2); time.sleep(random.uniform(3, 10)); proxies[n].delay = 0
        elif kind == "disk_full":
            # Fill the blob disk to the last byte, hold it full, free it.
            filler = os.path.join(blob_disk, ".filler")
            try:
                with open(filler, "wb") as f:
                    while True: f.write(b"\0" * (1 << 20))
            except OSError:
                pass
            try:
                with open(filler, "ab") as f:
                    while True: f.write(b"\0" * 4096)
            except OSError:
                pass
            time.sleep(random.uniform(3, 8))
            os.unlink(filler)
        faults.append((time.time(), kind, n))
        last_fault[0] = time.time()
        say(f"fault {len(faults)}: {kind} {n if kind not in ('pg_restart', 'disk_full') else ''}")


t_start = time.time()
threads = [threading.Thread(target=feed), threading.Thread(target=inject)]
for t in threads: t.start()
for t in threads: t.join()
say(f"faults over: {len(faults)} faults, {len(fed_names)} files fed in {time.time() - t_start:.0f} s; waiting for the nodes to settle")


def settled():
    left_in_inbox = [e for d, _, fs in os.walk(os.path.join(shared, "inbox")) for e in fs]
    open_items = int(psql("SELECT COUNT(*) FROM items WHERE state IN ('received', 'processing')"))
    leased = int(psql("SELECT COUNT(*) FROM jobs WHERE state = 'leased'"))
    return not left_in_inbox and open_items == 0 and leased == 0, len(left_in_inbox), open_items, leased


deadline, ok = time.time() + a.settle_timeout, False
while time.time() < deadline:
    try:
        ok, inbox_left, open_items, leased = settled()
    except RuntimeError:
        ok = False
    if ok: break
    time.sleep(2)
settle = time.time() - last_fault[0]
# Each node is stopped as an operator would (SIGTERM) and must be gone within a minute.
hung = []
for n in nodes: procs[n].terminate()
for n in nodes:
    try:
        procs[n].wait(timeout=60)
    except subprocess.TimeoutExpired:
        hung.append(n); procs[n].kill(); procs[n].wait()

# The checks.
problems = []
names = psql("SELECT name FROM items").splitlines()
per_name = {}
for nm in names: per_name[nm] = per_name.get(nm, 0) + 1
rejected = set()
for d, _, fs in os.walk(os.path.join(shared, "outbox", "chaos", "rejected")):
    for f in fs:
        if not f.endswith(".json"): continue  # the rejected file itself is kept beside its record
        try: rejected.add(json.load(open(os.path.join(d, f))).get("file"))
        except Exception: pass
lost = [n for n in fed_names if per_name.get(n, 0) == 0 and n not in rejected]
doubled = [n for n, c in per_name.items() if c > 1]
states = dict(line.split("|") for line in psql("SELECT state, COUNT(*) FROM items GROUP BY state").splitlines())
records = {}
for folder in ("done", "failed"):
    for f in glob.glob(os.path.join(shared, "outbox", "chaos", folder, "*.json")):
        iid = os.path.basename(f)[:-5]
        records[iid] = records.get(iid, 0) + 1
item_ids = psql("SELECT id FROM items WHERE state IN ('done', 'failed', 'exception')").splitlines()
missing_records = [i for i in item_ids if records.get(i, 0) == 0]
rows = list(csv.reader(open(ledger))) if os.path.exists(ledger) else []
keys = [r[0] for r in rows[1:]]
ledger_doubled = len(keys) - len(set(keys))
ledger_items = set(r[1] for r in rows[1:])
passed_ledger = set(psql("SELECT item_id FROM job_history WHERE stage_id = 'ledger' AND state = 'done'").splitlines())
ledger_missing = [i for i in passed_ledger if i not in ledger_items]
leased = int(psql("SELECT COUNT(*) FROM jobs WHERE state = 'leased'"))
# Every document that came with a capture carries it (and its reference); no sidecar was taken for a document.
with_capture = set(psql("SELECT name FROM items WHERE external_ref LIKE 'chaos-%' AND metadata LIKE '%\"capture\"%'").splitlines())
capture_missing = [n for n in captured_names if n not in with_capture]
sidecar_items = [n for n in names if n.endswith(".json")]
hostile_outcomes = {}
for n in hostile_names:
    st = psql(f"SELECT state FROM items WHERE name = '{n}'") or ("rejected" if n in rejected else "none")
    hostile_outcomes[st] = hostile_outcomes.get(st, 0) + 1
verify = subprocess.run([a.quire, "audit", "verify", "--home", os.path.join(root, "n1")], env=env("n1"), capture_output=True, text=True)
if not ok: problems.append(f"not settled within {a.settle_timeout:.0f} s")
if hung: problems.append(f"nodes that did not stop within 60 s of SIGTERM: {hung}")
if lost: problems.append(f"{len(lost)} files lost, e.g. {lost[:3]}")
if doubled: problems.append(f"{len(doubled)} files with more than one item, e.g. {doubled[:3]}")
if missing_records: problems.append(f"{len(missing_records)} settled items without an outbox record")
if ledger_doubled: problems.append(f"{ledger_doubled} ledger rows written twice")
if ledger_missing: problems.append(f"{len(ledger_missing)} items past the ledger stage without a row")
if leased: problems.append(f"{leased} jobs left leased")
if capture_missing: problems.append(f"{len(capture_missing)} documents lost their capture, e.g. {capture_missing[:3]}")
if sidecar_items: problems.append(f"{len(sidecar_items)} sidecars taken as documents, e.g. {sidecar_items[:3]}")
if verify.returncode != 0: problems.append(f"audit chain: {verify.stdout.strip()} {verify.stderr.strip()}")
kinds = {}
for _, k, _ in faults: kinds[k] = kinds.get(k, 0) + 1
summary = {
    "files_fed": len(fed_names), "items": len(names), "rejected": len(rejected), "states": states,
    "outbox_records": sum(records.values()), "ledger_rows": len(keys), "faults": len(faults), "faults_by_kind": kinds,
    "settled_after_last_fault_s": round(settle, 1), "lost": len(lost), "doubled": len(doubled), "ledger_doubled": ledger_doubled,
    "jobs_leased": leased, "audit_verify": verify.returncode == 0, "hostile": len(hostile_names), "hostile_outcomes": hostile_outcomes,
    "with_capture": len(captured_names), "capture_missing": len(capture_missing), "problems": problems,
}
with open(os.path.join(root, "chaos.log"), "w") as f: f.write("\n".join(log_lines) + "\n")
print(json.dumps(summary, indent=2))
pg_ctl("stop", "-m", "fast")
if blob_disk: subprocess.run(["umount", "-l", blob_disk])
sys.exit(1 if problems else 0)
