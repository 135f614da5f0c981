#!/usr/bin/env bash
# Quire's one entry point on a fresh Debian 12 machine. Idempotent; run as root or with sudo.
#
#   ./install.sh run     install system packages, build release, set up ./quire-home, run `quire serve`
#   ./install.sh test    install what the tests need too, build, run the whole test suite
#   ./install.sh build   install system packages and build release (.build/release/quire)
#   ./install.sh --help
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$(pwd)

# System packages the appliance links or runs with: SQLite, poppler-glib and cairo (PDF text,
# layout, embedded files, rendering), tesseract and leptonica with English, German and French
# models and the orientation model (OCR), libxml2 (Foundation's XML parser reads e-invoices),
# libcurl4 (Foundation's URLSession talks to a model server), fonts-dejavu-core (the nightly
# report's PDF and charts are drawn with cairo in DejaVu Sans), libchafa-dev (quire review draws
# the page as a picture in the terminal: symbols, sixel or kitty graphics).
RUN_PACKAGES=(libsqlite3-dev pkg-config ca-certificates libpoppler-glib-dev libcairo2-dev
              libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra
              tesseract-ocr-osd libxml2 libcurl4 fonts-dejavu-core libchafa-dev)
# Extra packages the tests use: qpdf (encrypts PDFs and adds attachments in the document tests),
# fonts-dejavu-core (the font test PDFs are written in), tmux (the end-to-end test of quire review
# drives the terminal UI in it), python3-venv (schemathesis, from PyPI, fuzzes the HTTP API against
# docs/openapi.yaml), openssl and curl (a certificate for the API's TLS test, and its client),
# sqlite3 and procps for looking into failures, poppler-utils (pdftoppm turns the report's PDF
# into page images in the report test), postgresql (the tests start private clusters of it, as the
# postgres user the package creates; the package's own cluster is not used).
TEST_PACKAGES=(qpdf fonts-dejavu-core sqlite3 procps tmux python3-venv openssl curl poppler-utils postgresql)
# The reference RPA bots (bots/): erp-web and screen-capture drive headless Chromium with Selenium
# (Debian's chromium, chromium-driver and python3-selenium, run by /usr/bin/python3); ledger-csv,
# webhook-receiver and the demo ERP need only Python's standard library. `./install.sh bots`
# installs them for an appliance; the tests always do.
BOT_PACKAGES=(python3 chromium chromium-driver python3-selenium fonts-liberation)
SCHEMATHESIS_VERSION=4.32.5

usage() {
  cat <<'TXT'
Usage: ./install.sh COMMAND

Commands:
  run     Install the system packages, build a release binary, create ./quire-home
          (quire.yaml, inbox/<pipeline>/ for every pipeline in pipelines/, outbox/, data/)
          and run `quire serve` in the foreground. Drop files into quire-home/inbox/invoices/.
  run --demo
          The same, but on a throw-away home with sample invoices (PDFs and scans) dropped
          in, so you see documents flow in the first minute (`quire demo`).
  test    Install the same plus what the tests need, build, and run the whole test suite.
  bots    Install what the reference bots need (Chromium, chromedriver, Selenium; docs/bots.md).
  build   Install the system packages and build .build/release/quire.
  --help  Show this help.

Environment:
  QUIRE_HOME   home folder for `run` (default ./quire-home)
  SWIFT        the swift driver to use (default: swift on PATH, else /opt/swift/usr/bin/swift)
TXT
}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "this step needs root: run ./install.sh as root or install sudo"
  fi
}

apt_install() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then return 0; fi
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found; Quire's installer supports Debian 12. Install these packages by hand: ${missing[*]}"
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

find_swift() {
  if [ -n "${SWIFT:-}" ]; then echo "$SWIFT"; return; fi
  if command -v swift >/dev/null 2>&1; then command -v swift; return; fi
  if [ -x /opt/swift/usr/bin/swift ]; then echo /opt/swift/usr/bin/swift; return; fi
  die "Swift 6.2 or later is needed and was not found. Install a Swift toolchain for Debian 12 (swift.org) and put it on PATH, or set SWIFT=/path/to/swift"
}

build_release() {
  local swift; swift=$(find_swift)
  log "building release (first build takes several minutes)"
  "$swift" build -c release --product quire
}

case "${1:---help}" in
  run)
    apt_install "${RUN_PACKAGES[@]}"
    build_release
    if [ "${2:-}" = "--demo" ]; then
      log "starting the demo (Ctrl-C stops)"
      exec "$ROOT/.build/release/quire" demo --pipelines "$ROOT/pipelines"
    fi
    HOME_DIR=${QUIRE_HOME:-$ROOT/quire-home}
    log "setting up $HOME_DIR"
    "$ROOT/.build/release/quire" init "$HOME_DIR" --pipelines "$ROOT/pipelines" --bots "$ROOT/bots"
    log "serving $HOME_DIR (Ctrl-C stops). Drop files into $HOME_DIR/inbox/invoices/ (or another pipeline's inbox)."
    log "In a second terminal: .build/release/quire status --home $HOME_DIR shows what was taken in, what is done"
    log "(records in $HOME_DIR/outbox/<pipeline>/done/) and what waits for a person;"
    log ".build/release/quire review --as YOUR-NAME --home $HOME_DIR works that queue."
    exec "$ROOT/.build/release/quire" serve --home "$HOME_DIR"
    ;;
  test)
    apt_install "${RUN_PACKAGES[@]}" "${TEST_PACKAGES[@]}" "${BOT_PACKAGES[@]}"
    if [ ! -x "$ROOT/.build/schemathesis/bin/st" ]; then
      log "installing schemathesis $SCHEMATHESIS_VERSION from PyPI into .build/schemathesis"
      python3 -m venv "$ROOT/.build/schemathesis"
      "$ROOT/.build/schemathesis/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
    fi
    swift=$(find_swift)
    log "building (debug, with tests)"
    "$swift" build --build-tests
    log "running the test suite"
    # At most QUIRE_TEST_WIDTH tests at once (default 8). Unbounded, Swift Testing starts all 550
    # together: dozens of appliances, OCR workers and browsers on two cores, where leases, watchdogs
    # and connection timeouts ran out for want of CPU (CI runs failed so). Eight took 358 s here
    # against 311 s unbounded.
    # The multi-node test runs three appliances and a database server: on a two-core machine it
    # starves whatever runs beside it, so it runs on its own, after the rest.
    "$swift" test --skip-build --skip MultiNodeTests --experimental-maximum-parallelization-width "${QUIRE_TEST_WIDTH:-8}"
    log "running the multi-node test on its own"
    "$swift" test --skip-build --filter MultiNodeTests
    ;;
  bots)
    apt_install "${BOT_PACKAGES[@]}"
    log "the reference bots are ready; see bots/*/README.md and docs/bots.md"
    ;;
  build)
    apt_install "${RUN_PACKAGES[@]}"
    build_release
    log "built $ROOT/.build/release/quire"
    ;;
  -h|--help|help)
    usage
    ;;
  *)
    usage >&2
    exit 64
    ;;
esac
