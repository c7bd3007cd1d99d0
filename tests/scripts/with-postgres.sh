#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster (installed if absent), started as the
# postgres user on a free port, and removed afterwards: bash tests/scripts/with-postgres.sh CMD...
set -euo pipefail
PG_BIN=/usr/lib/postgresql/15/bin
if [ ! -x "$PG_BIN/pg_ctl" ]; then
  echo "PostgreSQL 15 absent: installing postgresql-15" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
fi
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres

dir=$(mktemp -d /tmp/ent-pg.XXXXXX)
chown postgres "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_pg() { su postgres -s /bin/bash -c "$*"; }
cleanup() {
  as_pg "$PG_BIN/pg_ctl -D $dir/data -m fast -w stop" >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$PG_BIN/initdb -D $dir/data -A trust -U postgres -E UTF8 --locale=C.UTF-8" >/dev/null
as_pg "$PG_BIN/pg_ctl -D $dir/data -l $dir/server.log -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off\" start" >/dev/null
as_pg "$PG_BIN/createdb -h 127.0.0.1 -p $port ent_test"
echo "PostgreSQL 15 on 127.0.0.1:$port (data in $dir)" >&2

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/ent_test"
"$@"
