#!/usr/bin/env bash
# Starts the machine's PostgreSQL cluster when it is down (these machines run it outside Docker).
set -euo pipefail
if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then exit 0; fi
if command -v pg_ctlcluster >/dev/null; then
  echo "Starting PostgreSQL…" >&2
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done
fi
echo "PostgreSQL is not reachable at 127.0.0.1:5432; start it or set DATABASE_URL." >&2
exit 1
