#!/usr/bin/env bash
# tests/browser/run.sh BINARY ARTIFACT_DIR — the web pages in Debian's Chromium (playwright-core,
# no downloaded browsers): lapor.test.mjs (the citizen's pages) and console.test.mjs (the staff
# console), one after the other; each starts BINARY on a free loopback port with a fresh data
# directory and writes full-page screenshots and its server's log to ARTIFACT_DIR.
# Installs the pinned node modules from package-lock.json when node_modules is missing or older
# than the lockfile (needs the npm registry once); after that it works offline.
# Needs node >= 20, npm and /usr/bin/chromium (or TANGGAP_CHROMIUM). Exit status 0 only if every step passed.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 BINARY ARTIFACT_DIR" >&2
  exit 2
fi
binary=$(realpath -- "$1")
artifacts=$(realpath -m -- "$2")
cd "$(dirname "$0")"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "tests/browser: node and npm are required (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
chromium=${TANGGAP_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "tests/browser: no Chromium at $chromium (Debian: apt-get install --no-install-recommends chromium)" >&2
  exit 1
fi
if [ ! -x "$binary" ]; then
  echo "tests/browser: no server binary at $binary" >&2
  exit 1
fi

# npm writes node_modules/.package-lock.json on every install: older than the lockfile = stale.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "tests/browser: npm ci failed: is the npm registry reachable?" >&2
    exit 1
  fi
  touch node_modules/.package-lock.json
fi

mkdir -p -- "$artifacts"
export TANGGAP_BIN="$binary" TANGGAP_ARTIFACTS="$artifacts" TANGGAP_CHROMIUM="$chromium"
# One file at a time: each runs a server and a Chromium, and the machine may have two cores.
exec node --test --test-concurrency=1 --test-reporter=spec lapor.test.mjs console.test.mjs
