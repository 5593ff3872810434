#!/usr/bin/env sh
# Runs Warden's process (runtime/main.ts) with its heap cap; `npm start` (scripts/start.sh) and the Docker image
# both start it through here, so a container gets the same cap as a developer machine.
#
# The cap, because V8 sizes its heap from the machine's memory (about 4 GB on a 16 GB host) and collects
# lazily below it: a 100,000-member review's short-lived garbage (Slack payloads, query results) then piles up
# to gigabytes of RSS before a full collection (docs/bench.md, access-review). Capped, V8 collects sooner, and
# the Temporal worker sizes its workflow cache from the same limit (about 600 cached workflows per GB above
# 200 MB) instead of keeping thousands of idle workflows in memory. WARDEN_MAX_HEAP_MB overrides it.
set -eu
cd "$(dirname "$0")/.."
export NODE_OPTIONS="--max-old-space-size=${WARDEN_MAX_HEAP_MB:-384}${NODE_OPTIONS:+ $NODE_OPTIONS}"
exec npx --no-install tsx runtime/main.ts "$@"
