#!/usr/bin/env bash
# The production-shape tests (tests/services.py) start Debian's PostgreSQL and Redis servers
# themselves. `make test` runs this first: it installs them with apt-get when they are
# missing and we are root; otherwise it stops with one line that says what to install.
set -u
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
found() { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v redis-server >/dev/null 2>&1; }
found && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL of Redis ontbreekt (nodig voor de tests van de productieopzet); installeren met apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  packages="postgresql-15 redis-server"
  apt-get install -y -q $packages >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q $packages >/dev/null; }
  found && exit 0
fi
echo "make test: PostgreSQL 15 of Redis ontbreekt; installeer ze (Debian: sudo apt-get install postgresql-15 redis-server) of zet PG_BIN=/pad/naar/postgresql/bin." >&2
exit 1
