#!/usr/bin/python3
"""erp-web: a Quire bot (protocol 1, docs/bots.md) that enters an approved supplier invoice in the
demo ERP through its web form, in headless Chromium driven by Selenium.

Exactly once: the request's idempotency key goes into the invoice's Reference field, and the bot
looks it up before it enters anything, so a retry (after a crash, a kill, a lost answer) returns
the document number of the invoice entered before. The ERP also refuses a reference twice.

Environment: ERP_URL (default http://127.0.0.1:8480), ERP_USER (default clerk), ERP_PASSWORD (a
secret). Outcomes: done with the document number; business_error VENDOR_UNKNOWN or
VALIDATION_FAILED for what the ERP refuses; application_error for anything that may work later.
"""
import json
import os
import sys
import shutil
import tempfile
import threading
import time

LOCK = threading.Lock()


def send(message):
    with LOCK:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def result(status, code="", message="", output=None):
    send({"type": "result", "status": status, "code": code, "message": message, "output": output or {}})


def heartbeats(stop):
    while not stop.wait(5):
        send({"type": "heartbeat"})


def sweep_stale_scratch():
    """Removes Chromium folders of erp-web bots that are no longer running."""
    import glob
    for path in glob.glob("/tmp/erp-web-*"):
        parts = os.path.basename(path).split("-")
        if len(parts) < 4 or not parts[2].isdigit() or int(parts[2]) == os.getpid():
            continue
        try:
            os.kill(int(parts[2]), 0)
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def browser(scratch):
    from selenium import webdriver
    # Chromium puts a Unix socket in TMPDIR, and socket paths are limited to 107 bytes: a deep
    # scratch folder is too long, so Chromium gets a short private one.
    # (Named after this process: a bot stopped before its cleanup ran leaves one behind, which the next bot removes.)
    sweep_stale_scratch()
    os.environ["TMPDIR"] = tempfile.mkdtemp(prefix=f"erp-web-{os.getpid()}-", dir="/tmp")
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    # CI runs as root, where Chromium needs --no-sandbox.
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1200,900", f"--user-data-dir={os.path.join(scratch, 'chromium')}"]:
        options.add_argument(arg)
    log = os.path.join(scratch, "chromedriver.log")
    try:
        return webdriver.Chrome(service=Service("/usr/bin/chromedriver", log_path=log, service_args=["--verbose"]), options=options)
    except Exception:
        # What Chromium said goes to stderr, which quire logs.
        try:
            lines = open(log, errors="replace").read().splitlines()
            for line in [l for l in lines if "ERROR" in l or "error" in l][-8:] or lines[-8:]:
                sys.stderr.write("chromedriver: " + line[:400] + "\n")
        except OSError:
            pass
        raise


def amount(value):
    text = f"{float(value):.2f}" if isinstance(value, (int, float)) else str(value).strip()
    return text


def main():
    request = json.loads(sys.stdin.readline())
    if request.get("protocol") != 1:
        return result("application_error", "protocol", f"this bot speaks protocol 1, not {request.get('protocol')}")
    values = request["payload"]["values"]
    key = request["idempotency_key"]
    scratch = request["scratch"]
    base = os.environ.get("ERP_URL", "http://127.0.0.1:8480").rstrip("/")
    stop = threading.Event()
    threading.Thread(target=heartbeats, args=(stop,), daemon=True).start()
    try:
        from selenium.common.exceptions import TimeoutException, WebDriverException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions
        from selenium.webdriver.support.ui import WebDriverWait
    except ImportError:
        return result("application_error", "selenium_missing", "python3-selenium is not installed; run ./install.sh (it installs chromium, chromium-driver and python3-selenium)")
    driver = None
    try:
        send({"type": "progress", "percent": 10, "message": "starting Chromium"})
        driver = browser(scratch)
        driver.set_page_load_timeout(30)
        driver.get(base + "/login")
        driver.find_element(By.ID, "user").send_keys(os.environ.get("ERP_USER", "clerk"))
        driver.find_element(By.ID, "password").send_keys(os.environ.get("ERP_PASSWORD", ""))
        driver.find_element(By.ID, "login").click()
        # The login must have landed (its cookie set, its redirect to the full invoice list done)
        # before anything else is asked: on a busy machine the next page would otherwise be the
        # login form, or the unfiltered list would be read as the lookup's answer.
        WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url or "Wrong user or password" in d.page_source)
        if "/login" in driver.current_url:
            return result("application_error", "LOGIN_FAILED", "the ERP refused the login; check ERP_USER and the ERP_PASSWORD secret")
        WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "count")))
        send({"type": "progress", "percent": 30, "message": "looking up the reference"})
        driver.get(f"{base}/invoices?reference={key}")
        WebDriverWait(driver, 30).until(lambda d: f"reference={key}" in d.current_url and d.find_elements(By.ID, "count"))
        # Only a row that carries this very reference counts as entered before: whatever else the
        # page shows (another invoice, a list the filter did not reach) is not this invoice.
        found = [row.find_element(By.CSS_SELECTOR, "td.document_number") for row in driver.find_elements(By.CSS_SELECTOR, "tr.invoice")
                 if row.find_element(By.CSS_SELECTOR, "td.reference").text.strip() == key]
        if found:
            number = found[0].text
            send({"type": "log", "level": "info", "message": f"already entered as {number}; not entering it again"})
            shot = os.path.join(scratch, "erp-found.png")
            driver.save_screenshot(shot)
            send({"type": "evidence", "path": shot, "kind": "screenshot", "media_type": "image/png"})
            return result("done", "already_entered", f"entered before as {number}", {"document_number": number, "already_entered": True})
        send({"type": "progress", "percent": 50, "message": "filling the form"})
        driver.get(base + "/invoices/new")
        fields = {"vendor": values.get("vendor_name"), "invoice_number": values.get("invoice_number"),
                  "invoice_date": values.get("issue_date"), "currency": values.get("currency"),
                  "total": amount(values.get("total")), "reference": key}
        for field, value in fields.items():
            element = driver.find_element(By.ID, field)
            element.clear()
            element.send_keys("" if value is None else str(value))
        driver.find_element(By.ID, "save").click()
        # The ERP answers with either its errors or the new document number; wait for one of them
        # rather than reading the form that is still shown.
        try:
            WebDriverWait(driver, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "p.error") or d.find_elements(By.ID, "document-number"))
        except TimeoutException:
            pass  # the checks below say what is missing
        errors = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "p.error")]
        shot = os.path.join(scratch, "erp-entry.png")
        driver.save_screenshot(shot)
        send({"type": "evidence", "path": shot, "kind": "screenshot", "media_type": "image/png"})
        if errors:
            used = [e for e in errors if e.startswith("Reference already used by ")]
            if used:
                number = used[0].rsplit(" ", 1)[1]
                return result("done", "already_entered", f"entered before as {number}", {"document_number": number, "already_entered": True})
            if any(e.startswith("Unknown vendor") for e in errors):
                return result("business_error", "VENDOR_UNKNOWN", "; ".join(errors) + " (create the vendor in the ERP, then retry the item)")
            return result("business_error", "VALIDATION_FAILED", "the ERP refused the invoice: " + "; ".join(errors))
        numbers = driver.find_elements(By.ID, "document-number")
        if not numbers:
            return result("application_error", "NO_CONFIRMATION", "the ERP showed neither a document number nor an error")
        number = numbers[0].text
        send({"type": "progress", "percent": 100, "message": f"entered as {number}"})
        return result("done", "entered", f"entered as {number}", {"document_number": number, "already_entered": False})
    except WebDriverException as e:
        return result("application_error", "BROWSER", f"the browser failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
    except OSError as e:
        return result("application_error", "UNREACHABLE", f"the ERP at {base} could not be reached: {e}")
    finally:
        stop.set()
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        if os.environ.get("TMPDIR", "").startswith("/tmp/erp-web-"):
            # Chromium's last processes may still write there for a moment after quit(): try again until it is gone.
            for _ in range(20):
                shutil.rmtree(os.environ["TMPDIR"], ignore_errors=True)
                if not os.path.exists(os.environ["TMPDIR"]):
                    break
                time.sleep(0.1)


if __name__ == "__main__":
    main()
