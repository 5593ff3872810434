#!/usr/bin/env bash
# Authors Prisma migrations offline.
#
#   scripts/prisma-migration-diff.sh <name>           diff the last migrated schema against prisma/schema.prisma and
#                                                     write prisma/migrations/<UTC timestamp>_<name>/migration.sql
#   scripts/prisma-migration-diff.sh --empty <name>   create an empty migration to write by hand (triggers, functions,
#                                                     data fixes: things Prisma does not model)
#   scripts/prisma-migration-diff.sh --from-empty     print the SQL that builds prisma/schema.prisma from nothing
#   scripts/prisma-migration-diff.sh --check          exit 1, printing the SQL, if schema.prisma has changes no
#                                                     migration covers yet
#
# Why not `prisma migrate dev`: it needs Prisma's Rust schema engine, a download our machines cannot make. The
# Prisma 6.19 CLI ships the same engine as wasm, so this script installs 6.19 (pinned by scripts/prisma-tool/
# package-lock.json) into a cache folder outside the repo and diffs there. The project itself stays on Prisma 7.
#
# "The last migrated schema" is prisma/migrations/.schema-snapshot.prisma: a copy of schema.prisma taken each time
# this script writes a migration. test/db/drift.test.ts checks that the committed migrations and schema.prisma agree.
#
# The wasm engine connects once to ask the server's version: DATABASE_URL (default: the local test database) must
# reach any PostgreSQL. Nothing is written to it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOL_SRC=$ROOT/scripts/prisma-tool
TOOL_DIR=${WARDEN_PRISMA_TOOL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/warden/prisma-6.19}
SCHEMA=$ROOT/prisma/schema.prisma
MIGRATIONS=$ROOT/prisma/migrations
SNAPSHOT=$MIGRATIONS/.schema-snapshot.prisma
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

install_tool() {
  mkdir -p "$TOOL_DIR"
  local want
  want=$(sha256sum "$TOOL_SRC/package-lock.json" | cut -d' ' -f1)
  (
    # Two test workers may arrive here at once on a fresh machine; one installs, the other waits.
    flock 9
    if [ "$(cat "$TOOL_DIR/.installed-lock" 2>/dev/null)" != "$want" ] || [ ! -x "$TOOL_DIR/node_modules/.bin/prisma" ]; then
      echo "Installing the Prisma 6.19 migration tool into $TOOL_DIR" >&2
      rm -f "$TOOL_DIR/.installed-lock"
      cp "$TOOL_SRC/package.json" "$TOOL_SRC/package-lock.json" "$TOOL_DIR/"
      # --ignore-scripts: Prisma's install scripts would try to download the Rust engines that the stubs replace.
      npm ci --prefix "$TOOL_DIR" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
      echo "$want" >"$TOOL_DIR/.installed-lock"
    fi
    cp "$TOOL_SRC/prisma.config.cjs" "$TOOL_DIR/prisma.config.cjs"
  ) 9>"$TOOL_DIR.lock"
}

# The 6.19 CLI validates schemas by its own rules: it needs a datasource `url` (Prisma 7 moved it to
# prisma.config.ts) and has no use for the Prisma 7 generator block. Neither affects the SQL.
for_cli() {
  awk '
    /^[[:space:]]*generator[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\{/ { in_generator = 1; next }
    in_generator { if ($0 ~ /^[[:space:]]*\}/) in_generator = 0; next }
    /^[[:space:]]*datasource[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\{/ { in_datasource = 1; has_url = 0 }
    in_datasource && /^[[:space:]]*url[[:space:]]*=/ { has_url = 1 }
    in_datasource && /^[[:space:]]*\}/ { if (!has_url) print "  url = env(\"DATABASE_URL\")"; in_datasource = 0 }
    { print }
  ' "$1"
}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# diff_sql FROM_SCHEMA TO_SCHEMA: prints the SQL that turns the first datamodel into the second.
diff_sql() {
  install_tool
  for_cli "$1" >"$WORK/from.prisma"
  for_cli "$2" >"$WORK/to.prisma"
  # The stubs stop the CLI from looking for (and trying to download) the Rust engines it does not need here.
  if ! (cd "$WORK" && env \
    PRISMA_SCHEMA_ENGINE_BINARY="$ROOT/scripts/prisma-engine-stub.sh" \
    PRISMA_QUERY_ENGINE_LIBRARY="$ROOT/scripts/prisma-engine-stub.sh" \
    CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 \
    "$TOOL_DIR/node_modules/.bin/prisma" migrate diff --config "$TOOL_DIR/prisma.config.cjs" \
      --from-schema-datamodel from.prisma --to-schema-datamodel to.prisma --script \
      >"$WORK/diff.sql" 2>"$WORK/diff.err"); then
    cat "$WORK/diff.err" >&2
    echo "prisma migrate diff failed (is PostgreSQL reachable at DATABASE_URL?)" >&2
    exit 1
  fi
  cat "$WORK/diff.sql"
}

empty_schema() {
  printf 'datasource db {\n  provider = "postgresql"\n}\n' >"$WORK/empty.prisma"
  echo "$WORK/empty.prisma"
}

last_migrated_schema() {
  if [ -f "$SNAPSHOT" ]; then echo "$SNAPSHOT"; else empty_schema; fi
}

# Prisma prints comments only ("-- This is an empty migration.") when nothing changed.
is_empty_sql() {
  ! grep -qvE '^[[:space:]]*(--.*)?$' "$1"
}

new_migration_dir() {
  local name=$1
  [[ "$name" =~ ^[a-z0-9_]+$ ]] || { echo "migration name must be snake_case: $name" >&2; exit 2; }
  local dir
  dir="$MIGRATIONS/$(date -u +%Y%m%d%H%M%S)_$name"
  [ ! -e "$dir" ] || { echo "$dir already exists; wait a second and run again" >&2; exit 1; }
  mkdir -p "$dir"
  if [ ! -f "$MIGRATIONS/migration_lock.toml" ]; then
    # The file Prisma writes; `prisma migrate` refuses a migrations folder whose provider differs.
    printf '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n' \
      >"$MIGRATIONS/migration_lock.toml"
  fi
  echo "$dir"
}

case "${1:-}" in
  --from-empty)
    [ $# -eq 1 ] || usage
    diff_sql "$(empty_schema)" "$SCHEMA"
    ;;
  --check)
    [ $# -eq 1 ] || usage
    diff_sql "$(last_migrated_schema)" "$SCHEMA" >"$WORK/pending.sql"
    if ! is_empty_sql "$WORK/pending.sql"; then
      echo "prisma/schema.prisma has changes that no migration covers; run scripts/prisma-migration-diff.sh <name>:" >&2
      cat "$WORK/pending.sql"
      exit 1
    fi
    ;;
  --empty)
    [ $# -eq 2 ] || usage
    diff_sql "$(last_migrated_schema)" "$SCHEMA" >"$WORK/pending.sql"
    if ! is_empty_sql "$WORK/pending.sql"; then
      echo "schema.prisma has unmigrated changes; write their migration first (scripts/prisma-migration-diff.sh <name>)" >&2
      exit 1
    fi
    dir=$(new_migration_dir "$2")
    printf -- '-- Hand-written: Prisma does not model what follows, so schema.prisma does not change with it.\n' \
      >"$dir/migration.sql"
    echo "${dir#"$ROOT"/}/migration.sql"
    ;;
  -* | "")
    usage
    ;;
  *)
    [ $# -eq 1 ] || usage
    diff_sql "$(last_migrated_schema)" "$SCHEMA" >"$WORK/pending.sql"
    if is_empty_sql "$WORK/pending.sql"; then
      echo "No schema changes since the last migration; nothing written." >&2
      exit 0
    fi
    dir=$(new_migration_dir "$1")
    cp "$WORK/pending.sql" "$dir/migration.sql"
    cp "$SCHEMA" "$SNAPSHOT"
    echo "${dir#"$ROOT"/}/migration.sql"
    ;;
esac
