#!/usr/bin/env bash
# Makes sure a Chromium is there for tests/test_browser.py, which drives it with Playwright's Python
# package (Playwright's own browser download is never used: it needs the internet).
#
# Uses, in order: $GANBOOK_CHROMIUM; chromium or chromium-browser on PATH; otherwise, where
# apt-get can be run (as root, or through sudo without a password), installs Debian's `chromium`
# package. Prints the browser's path. Without a browser it exits with status 1 and says why.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${GANBOOK_CHROMIUM:-}" ]; then echo "$GANBOOK_CHROMIUM"; exit 0; fi
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null; then command -v "$b"; exit 0; fi
done
if command -v apt-get >/dev/null; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi
  fi
  if [ "$SUDO" != none ]; then
    mkdir -p .venv
    echo "installing Debian's chromium for the browser tests (log: .venv/chromium-install.log) ..." >&2
    if { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } \
        >.venv/chromium-install.log 2>&1 && command -v chromium >/dev/null; then
      command -v chromium; exit 0
    fi
    tail -5 .venv/chromium-install.log >&2
  fi
fi
echo "no Chromium found: install the chromium package or set GANBOOK_CHROMIUM to a Chromium binary" >&2
exit 1
