#!/usr/bin/python3
"""screen-capture: an RPA bot on the capture side. It opens an invoice in the demo ERP in headless
Chromium, takes a screenshot, reads the fields it can see on the screen, and submits both to
Quire with `quire submit --pipeline bot-capture --json ... --attach ... --wait`. Quire OCRs the
screenshot, extracts and checks the fields, sends what it is unsure of to review, and answers;
this script prints the fields Quire returns beside the ones it captured.

    python3 screen_capture.py --erp http://127.0.0.1:8480 --document AP-100001 --home ./quire-home

Exit status: that of `quire submit --wait` (0 done, 3 in review, 4 failed, 5 still running),
or 2 when the ERP page could not be captured. Needs chromium, chromium-driver, python3-selenium.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def capture(erp, document, user, password, folder):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1000,700",
                f"--user-data-dir={os.path.join(folder, 'chromium')}"]:
        options.add_argument(arg)
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    try:
        driver.get(erp + "/login")
        driver.find_element(By.ID, "user").send_keys(user)
        driver.find_element(By.ID, "password").send_keys(password)
        driver.find_element(By.ID, "login").click()
        # The login must have landed (its cookie set) before the invoice is asked for: on a busy
        # machine the next page would otherwise be the login form again.
        WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url or "Wrong user or password" in d.page_source)
        if "/login" in driver.current_url:
            raise RuntimeError("the ERP refused the login; check ERP_USER and ERP_PASSWORD")
        driver.get(f"{erp}/invoices/{document}")
        try:
            WebDriverWait(driver, 30).until(expected_conditions.presence_of_element_located((By.ID, "invoice_number")))
        except Exception:
            pass  # the check below says what is missing
        fields = {}
        for field, element in [("vendor_name", "vendor"), ("invoice_number", "invoice_number"), ("issue_date", "invoice_date"),
                               ("currency", "currency"), ("total", "total")]:
            found = driver.find_elements(By.ID, element)
            if found:
                fields[field] = found[0].text
        if not fields:
            raise RuntimeError(f"the ERP shows no invoice {document}")
        shot = os.path.join(folder, f"{document}.png")
        driver.save_screenshot(shot)
        return fields, shot
    finally:
        driver.quit()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--erp", default=os.environ.get("ERP_URL", "http://127.0.0.1:8480"))
    parser.add_argument("--document", required=True, help="the ERP document number, e.g. AP-100001")
    parser.add_argument("--home", help="the Quire home (default: $QUIRE_HOME)")
    parser.add_argument("--quire", default=shutil.which("quire") or "quire", help="the quire binary")
    parser.add_argument("--pipeline", default="bot-capture")
    parser.add_argument("--wait", default="120")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="capture-", dir="/tmp")
    os.environ["TMPDIR"] = folder
    try:
        try:
            fields, shot = capture(args.erp.rstrip("/"), args.document, os.environ.get("ERP_USER", "clerk"),
                                   os.environ.get("ERP_PASSWORD", "demo-password"), folder)
        except Exception as e:
            print(f"screen-capture: could not capture {args.document}: {e}", file=sys.stderr)
            return 2
        captured = os.path.join(folder, "captured.json")
        with open(captured, "w") as f:
            json.dump({"source": "demo-erp", "document": args.document, "fields": fields}, f)
        command = [args.quire, "submit", "--pipeline", args.pipeline, "--json", captured, "--attach", shot,
                   "--wait", args.wait, "--external-ref", args.document]
        if args.home:
            command += ["--home", args.home]
        answer = subprocess.run(command, capture_output=True, text=True)  # an argument list: no shell
        if answer.stderr:
            sys.stderr.write(answer.stderr)
        try:
            result = json.loads(answer.stdout)
        except ValueError:
            sys.stderr.write(answer.stdout)
            return answer.returncode or 1
        values = (result.get("result") or {}).get("values") or {}
        print(f"item {result.get('item')}: {result.get('state')}")
        print(f"{'field':16} {'on the screen':32} quire")
        for name in sorted(set(fields) | set(values)):
            print(f"{name:16} {str(fields.get(name, '')):32} {values.get(name, '')}")
        print(json.dumps(result), file=sys.stderr if os.environ.get("SCREEN_CAPTURE_QUIET") else sys.stdout)
        return answer.returncode
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
