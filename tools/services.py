"""PostgreSQL and Redis for the benchmarks: Debian's servers started by bot.launch.services in
a temporary directory on free ports (bound to 127.0.0.1, random passwords), removed after."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bot.launch.services import Postgres, Redis, pg_owner


def _root(prefix: str, shared: bool) -> Path:
    # as root in /tmp: the postgres user must reach it (TMPDIR may be root's own)
    root = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp" if shared else None))
    if shared:
        root.chmod(0o711)
    return root


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    root = _root("pg-bench-", pg_owner() is not None)
    server = Postgres.in_dir(root / "cluster")
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def redis_server() -> Iterator[Redis]:
    root = _root("redis-bench-", False)
    server = Redis.in_dir(root)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
