#!/usr/bin/env bash
# The production shape (make run-prod, tests/prod, the e2e tests on both shapes) starts
# Debian's PostgreSQL, Redis and nginx itself (bot/launch/services.py, bot/launch/prod.py).
# `make test` runs this first: it installs them with apt-get when they are missing and we are
# root; otherwise it stops with one line that says what to install.
set -u
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
NGINX="${NGINX:-/usr/sbin/nginx}"
found() {
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && command -v redis-server >/dev/null 2>&1 \
    && [ -x "$NGINX" ]
}
found && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL, Redis of nginx ontbreekt (nodig voor de productieopzet); installeren met apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  packages="postgresql-15 redis-server nginx"
  apt-get install -y -q $packages >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && apt-get install -y -q $packages >/dev/null; }
  found && exit 0
fi
echo "make test: PostgreSQL 15, Redis of nginx ontbreekt; installeer ze (Debian: sudo apt-get install postgresql-15 redis-server nginx) of zet PG_BIN=/pad/naar/postgresql/bin." >&2
exit 1
