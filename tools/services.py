"""PostgreSQL for the benchmarks: the tests' own server code (tests/services.py: Debian's
server in a temporary directory on a free port, bound to 127.0.0.1, random password).
TEMPORARY: that code moves to bot/launch/services.py (branch prod-stack); this shim goes then."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.run import ROOT

sys.path.insert(0, str(ROOT / "tests"))
from services import Postgres, Redis, _pg_owner, free_port  # noqa: E402


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    owner = _pg_owner()
    root = Path(tempfile.mkdtemp(prefix="pg-bench-", dir="/tmp" if owner else None))
    server = Postgres(root, free_port(), secrets.token_hex(16), owner)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def redis_server() -> Iterator[Redis]:
    root = Path(tempfile.mkdtemp(prefix="redis-bench-"))
    server = Redis(root, free_port(), secrets.token_hex(16))
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
