#!/usr/bin/env bash
# `npm run bench [-- <name>…]`: runs the named benchmarks (bench/<name>.ts), or all of them. Each starts its own
# Temporal dev server, PostgreSQL database and fakes, prints its figures and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -n "${DATABASE_URL:-}" ] || bash scripts/ensure-postgres.sh

names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  # Issue 9's four goals, then key-add, ingestion (ocr-pool, metering), data rights and API keys.
  names=(slack-acks access-review health-sweep audit-append key-add ocr-pool metering dsar-export redaction apikey-verify)
fi

status=0
for name in "${names[@]}"; do
  file="bench/${name}.ts"
  if [ ! -f "$file" ]; then
    echo "No benchmark named '${name}' (expected ${file})." >&2
    status=1
    continue
  fi
  echo "=== ${name} ($(date -u +%Y-%m-%dT%H:%M:%SZ)) ==="
  # Each benchmark limits its own run time; `timeout` is the last resort if one hangs past it.
  timeout --kill-after=30s 15m npx --no-install tsx "$file" || status=1
  echo
done
exit "$status"
