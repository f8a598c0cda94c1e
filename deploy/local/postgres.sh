#!/usr/bin/env bash
# Makes sure a local PostgreSQL server answers on 127.0.0.1:5432 and prints its URL.
# Installs Debian's postgresql package when the machine has none.
set -euo pipefail

PGHOST_ADDR=${PGHOST_ADDR:-127.0.0.1}
PGPORT=${PGPORT:-5432}
URL="postgres://postgres@${PGHOST_ADDR}:${PGPORT}/test"

ready() { pg_isready -q -h "$PGHOST_ADDR" -p "$PGPORT" 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

if ! ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "postgres.sh: starting PostgreSQL ${version}" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 60); do ready && break; sleep 0.5; done
  ready || { echo "postgres.sh: PostgreSQL did not come up on ${PGHOST_ADDR}:${PGPORT}" >&2; exit 1; }
fi

# A fresh install has no `test` database and may not trust loopback connections.
if ! psql "$URL" -qAtc 'select 1' >/dev/null 2>&1; then
  runuser -u postgres -- psql -qAtc "select 1 from pg_database where datname = 'test'" | grep -q 1 ||
    runuser -u postgres -- createdb test >&2
  runuser -u postgres -- psql -qc "alter user postgres password 'postgres'" >&2
  URL="postgres://postgres:postgres@${PGHOST_ADDR}:${PGPORT}/test"
  psql "$URL" -qAtc 'select 1' >/dev/null
fi
echo "$URL"
