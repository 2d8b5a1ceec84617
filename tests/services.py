"""Real PostgreSQL and Redis for the tests (issue 14): Debian's server binaries, started by
bot.launch.services in a temporary directory on free ports, bound to 127.0.0.1, with a
random password, and stopped at the end of the session. `make test` installs the packages
when they are missing (scripts/need_services.sh).

Fixtures (session scope): `postgres` (a `Postgres`: `.database()` makes a fresh database
and returns its SQLAlchemy URL) and `redis` (a `Redis`: `.url`, `.host`, `.port`,
`.password`); tests/conftest.py offers them to every test. `Postgres.migrated()` gives a
database with the latest schema (`make test-postgres` runs the in-process tests on those).
The production-shape stack (tests/prod_stack.py) uses the same two servers (`SERVERS`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bot.launch.services import PG_BIN, REDIS_SERVER, Postgres, Redis, ServiceMissing, pg_owner


class Servers:
    """The session's PostgreSQL and Redis, each started the first time it is asked for."""

    def __init__(self) -> None:
        self._postgres: Postgres | None = None
        self._redis: Redis | None = None
        self.roots: list[Path] = []

    def _root(self, prefix: str, shared: bool) -> Path:
        # as root in /tmp: the postgres user must reach it (TMPDIR may be root's own)
        root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp" if shared else None))
        if shared:
            root.chmod(0o711)  # the cluster's own directory inside belongs to postgres
        self.roots.append(root)
        return root

    def postgres(self) -> Postgres:
        if self._postgres is None:
            try:
                owner = pg_owner()
                server = Postgres.in_dir(self._root("pg-", owner is not None) / "cluster")
                server.bin = Path(os.environ.get("PG_BIN") or PG_BIN)
                self._postgres = server.start()
            except ServiceMissing as exc:
                pytest.fail(str(exc), pytrace=False)
        return self._postgres

    def redis(self) -> Redis:
        if self._redis is None:
            try:
                server = Redis.in_dir(self._root("redis-", False))
                server.binary = os.environ.get("REDIS_SERVER") or REDIS_SERVER
                self._redis = server.start()
            except ServiceMissing as exc:
                pytest.fail(str(exc), pytrace=False)
        return self._redis

    def stop(self) -> None:
        for server in (self._postgres, self._redis):
            if server is not None:
                server.stop()
        for root in self.roots:
            shutil.rmtree(root, ignore_errors=True)
        self._postgres, self._redis, self.roots = None, None, []


SERVERS = Servers()


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test session."""
    return SERVERS.postgres()


@pytest.fixture(scope="session")
def redis():
    """A Redis server for this test session."""
    return SERVERS.redis()
