#!/usr/bin/env bash
# The browser tests: Huzhu's portal driven in Debian's headless Chromium by playwright-core.
#   tests/browser/run.sh HUZHU_BINARY OUTDIR     (screenshots of the main pages land in OUTDIR)
# Installs the npm packages when node_modules is missing or package-lock.json changed since
# the last install. Needs Debian's chromium, nodejs and npm (scripts/lib/deps.sh installs them).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 HUZHU_BINARY OUTDIR" >&2
  exit 2
fi
binary=$(realpath "$1")
outdir=$(realpath -m "$2")
cd "$(dirname "$0")"

chromium=${HUZHU_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser tests: $chromium is missing (apt-get install chromium, or scripts/lib/deps.sh)" >&2
  exit 1
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "browser tests: node and npm are missing (apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -x "$binary" ]; then
  echo "browser tests: no huzhu binary at $1" >&2
  exit 1
fi

# node_modules/.installed-lock is the package-lock.json the last `npm ci` installed.
if [ ! -d node_modules/playwright-core ] || ! cmp -s package-lock.json node_modules/.installed-lock; then
  echo "browser tests: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock
fi

exec node journeys.mjs "$binary" "$outdir"
