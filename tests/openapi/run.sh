#!/usr/bin/env bash
# tests/openapi/run.sh [FILE] — validates ops/openapi.json (or FILE).
# Installs the pinned validator from package-lock.json on the first run (needs the npm registry);
# after that it works offline.
set -euo pipefail
args=()
for a in "$@"; do args+=("$(realpath -m -- "$a")"); done
cd "$(dirname "$0")"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "tests/openapi: node and npm are required (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
if [ ! -d node_modules/@seriousme/openapi-schema-validator ]; then
  if ! npm ci --no-audit --no-fund --loglevel=error >/dev/null; then
    echo "tests/openapi: npm ci failed: is the npm registry reachable?" >&2
    exit 1
  fi
fi
exec node validate.mjs "${args[@]}"
