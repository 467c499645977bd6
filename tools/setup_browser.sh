#!/usr/bin/env bash
# Makes sure a Chromium is there for tests/test_browser.py, which drives it with Playwright's Python
# package (Playwright's own browser download is never used: it needs the internet), and a Korean font
# for the Korean edition's pages (without one, Korean text renders as empty boxes).
#
# Browser: $GANBOOK_CHROMIUM; chromium or chromium-browser on PATH; otherwise, where apt-get can be
# run (as root, or through sudo without a password), Debian's `chromium` package. Font: any font
# that fontconfig lists for Korean; otherwise Debian's `fonts-nanum` (Nanum Gothic and Myeongjo,
# about 10 MB), the same way. Prints the browser's path. Without a browser it exits with status 1
# and says why; without a Korean font it warns (tests/test_browser.py then fails on the Korean pages).
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=none
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; fi
fi
apt_install() {  # apt_install PACKAGE: install one Debian package quietly, log in .venv/
  [ "$SUDO" != none ] || return 1
  mkdir -p .venv
  echo "installing Debian's $1 for the browser tests (log: .venv/$1-install.log) ..." >&2
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$1"; } \
    >".venv/$1-install.log" 2>&1 || { tail -5 ".venv/$1-install.log" >&2; return 1; }
}

if ! { command -v fc-list >/dev/null && [ -n "$(fc-list :lang=ko family 2>/dev/null)" ]; }; then
  apt_install fonts-nanum || echo "warning: no Korean font; install fonts-nanum (or any Korean font)" >&2
fi

if [ -n "${GANBOOK_CHROMIUM:-}" ]; then echo "$GANBOOK_CHROMIUM"; exit 0; fi
for b in chromium chromium-browser; do
  if command -v "$b" >/dev/null; then command -v "$b"; exit 0; fi
done
if apt_install chromium && command -v chromium >/dev/null; then
  command -v chromium; exit 0
fi
echo "no Chromium found: install the chromium package or set GANBOOK_CHROMIUM to a Chromium binary" >&2
exit 1
