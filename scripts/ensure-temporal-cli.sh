#!/usr/bin/env bash
# Builds the pinned Temporal CLI (dev server + Web UI) with Go into a per-user cache, once.
# Later tags carry a `replace` directive that makes `go install pkg@version` refuse them, so v1.5.1 it is.
set -euo pipefail
version=v1.5.1
dir="${XDG_CACHE_HOME:-$HOME/.cache}/warden/temporal-$version"
if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
  [ -x "$TEMPORAL_CLI_PATH" ] || { echo "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable" >&2; exit 1; }
  exit 0
fi
if [ -x "$dir/temporal" ]; then exit 0; fi
command -v go >/dev/null || { echo "Go is needed to build the Temporal CLI $version (or set TEMPORAL_CLI_PATH)" >&2; exit 1; }
echo "Building Temporal CLI $version into $dir (first time only; takes a few minutes)…" >&2
mkdir -p "$dir"
tmp="$dir.partial"
rm -rf "$tmp" && mkdir -p "$tmp"
GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$version"
mv "$tmp/temporal" "$dir/temporal"
rm -rf "$tmp"
