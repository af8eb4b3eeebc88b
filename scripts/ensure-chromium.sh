#!/bin/sh
# Make sure a Chromium is available for the browser tests.
# QIKIT_CHROMIUM may name a Chromium or Chrome binary; otherwise Debian's chromium is used,
# installed with apt-get when missing and running as root.
set -e
if [ -n "$QIKIT_CHROMIUM" ]; then
  if [ -x "$QIKIT_CHROMIUM" ]; then exit 0; fi
  echo "QIKIT_CHROMIUM is set to '$QIKIT_CHROMIUM', but no program is there." >&2
  exit 1
fi
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests (apt-get install chromium)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Chromium, and none was found.
  Debian or Ubuntu:  sudo apt-get install chromium
  macOS:             brew install --cask chromium
  Windows:           install Google Chrome, then set QIKIT_CHROMIUM to chrome.exe's full path
Or point QIKIT_CHROMIUM at any Chromium or Chrome binary and run 'make test' again.
MSG
exit 1
