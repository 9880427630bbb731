#!/usr/bin/env bash
# Installs what the browser test (test/browser/site.test.ts) needs on Debian/Ubuntu:
#   - Debian's `chromium` package (/usr/bin/chromium), driven by playwright-core;
#   - fonts-noto-cjk, so Chinese text renders (not as boxes) in the screenshots.
# CI runs this too. Exits 0 when everything is present, 1 when it cannot be installed (no root, no
# apt, no network): the test then skips with this script's message instead of failing.
set -u

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
if command -v fc-list >/dev/null 2>&1; then
  fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
else
  missing+=(fonts-noto-cjk fontconfig)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-browser: chromium and CJK fonts present"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-browser: missing ${missing[*]} and there is no apt-get to install them" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "setup-browser: missing ${missing[*]}; installing needs root (run: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
fi

echo "setup-browser: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/tmp/setup-browser.log 2>&1; then
  $SUDO apt-get update >>/tmp/setup-browser.log 2>&1 || true
  if ! $SUDO apt-get install -y --no-install-recommends "${missing[@]}" >>/tmp/setup-browser.log 2>&1; then
    echo "setup-browser: apt-get install ${missing[*]} failed (see /tmp/setup-browser.log)" >&2
    tail -n 5 /tmp/setup-browser.log >&2
    exit 1
  fi
fi
[ -x /usr/bin/chromium ] || { echo "setup-browser: /usr/bin/chromium still missing after install" >&2; exit 1; }
echo "setup-browser: done"
