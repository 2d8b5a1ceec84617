#!/usr/bin/env bash
# The browser tests drive Debian's chromium through Playwright (tests/stacks.py). `make test`
# runs this first: it installs chromium with apt-get when it is missing and we are root;
# otherwise it stops with one line that says what to install.
set -u
found() {
  if [ -n "${CHROMIUM:-}" ]; then [ -x "$CHROMIUM" ]; else command -v chromium >/dev/null 2>&1; fi
}
found && exit 0
if [ -z "${CHROMIUM:-}" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium ontbreekt (nodig voor de browsertests); installeren met apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
  found && exit 0
fi
echo "make test: Chromium ontbreekt voor de browsertests; installeer het (Debian/Ubuntu: sudo apt-get install chromium) of zet CHROMIUM=/pad/naar/chromium." >&2
exit 1
