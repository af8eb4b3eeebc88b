#!/bin/sh
# Make sure a PostgreSQL server is there for the shared-workspace tests; print its URL.
#
#   export QIKIT_TEST_DATABASE_URL="$(sh scripts/ensure-postgres.sh)"
#   sh scripts/ensure-postgres.sh stop      # stop the throwaway server again
#
# If QIKIT_TEST_DATABASE_URL is already set, it is printed unchanged. Otherwise Debian's
# postgresql is installed with apt-get when missing and running as root, and a throwaway
# cluster is started in a folder under /tmp (QIKIT_PG_DIR) that listens on a unix socket in
# that folder only (no network port). The same cluster is reused by later runs.
# Messages go to standard error; only the URL goes to standard output. Exits 1 with an
# explanation when no PostgreSQL can be had.
set -e
DIR="${QIKIT_PG_DIR:-${TMPDIR:-/tmp}/qikit-postgres-$(id -u)}"
DATA="$DIR/data"
DB=qikit_test

say() { echo "$*" >&2; }

find_bin() {
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then echo "$candidate"; return; fi
  done
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir)"
    if [ -x "$candidate/initdb" ]; then echo "$candidate"; return; fi
  fi
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

BIN="$(find_bin)"

if [ "$1" = "stop" ]; then
  if [ -n "$BIN" ] && [ -f "$DATA/postmaster.pid" ]; then
    if [ "$(id -u)" = "0" ]; then
      runuser -u postgres -- "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2
    else
      "$BIN/pg_ctl" -D "$DATA" -m fast stop >&2
    fi
  fi
  rm -rf "$DIR"
  exit 0
fi

if [ -n "$QIKIT_TEST_DATABASE_URL" ]; then
  echo "$QIKIT_TEST_DATABASE_URL"
  exit 0
fi

if [ -z "$BIN" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing PostgreSQL for the shared-workspace tests (apt-get install postgresql)..."
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    BIN="$(find_bin)"
  fi
fi
if [ -z "$BIN" ]; then
  cat >&2 <<'MSG'
The shared-workspace tests need PostgreSQL, and none was found.
  Debian or Ubuntu:  sudo apt-get install postgresql
  macOS:             brew install postgresql
Or set QIKIT_TEST_DATABASE_URL to a database you may empty, e.g.
  postgresql://user:password@localhost:5432/qikit_test
MSG
  exit 1
fi

# Run a server program as the 'postgres' user when we are root (PostgreSQL refuses root).
as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$DIR"
if [ "$(id -u)" = "0" ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir "$DIR" postgres
  chown postgres "$DIR"
  chmod 700 "$DIR"
  USER_NAME=postgres
else
  USER_NAME="$(id -un)"
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  say "Creating a throwaway PostgreSQL cluster in $DATA ..."
  as_owner "$BIN/initdb" -D "$DATA" -U "$USER_NAME" -A trust -E UTF8 --no-locale >/dev/null
fi

if ! as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
  rm -f "$DATA/postmaster.pid"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $DIR -c max_connections=200" start >/dev/null || {
    say "PostgreSQL did not start; its log says:"
    tail -n 20 "$DIR/server.log" >&2
    exit 1
  }
fi

if ! as_owner "$BIN/psql" -h "$DIR" -U "$USER_NAME" -d postgres -tAc \
  "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
  as_owner "$BIN/createdb" -h "$DIR" -U "$USER_NAME" "$DB"
fi

echo "postgresql://$USER_NAME@/$DB?host=$DIR"
