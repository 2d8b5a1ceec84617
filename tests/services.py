"""Real PostgreSQL and Redis for the tests (issue 14): Debian's server binaries, started in a
temporary directory on free ports, bound to 127.0.0.1, with a random password, and stopped
at the end of the session. `make test` installs the packages when they are missing
(scripts/need_services.sh).

PostgreSQL refuses to run as root. As root (CI) the cluster belongs to the `postgres` system
user that Debian's package creates, and initdb/pg_ctl run as that user through `runuser`;
as any other user they run as that user.

Fixtures (session scope): `postgres` (a `Postgres`: `.database()` makes a fresh database
and returns its SQLAlchemy URL) and `redis` (a `Redis`: `.url`, `.host`, `.port`,
`.password`); tests/conftest.py offers them to every test. `Postgres.migrated()` gives a
database with the latest schema (`make test-postgres` runs the in-process tests on those).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = os.environ.get("REDIS_SERVER", "redis-server")
PG_USER = "praktijkbot"
START_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _missing(what: str, package: str) -> None:
    pytest.fail(
        f"{what} ontbreekt voor de tests; installeer het (Debian: apt-get install {package}) "
        "of draai `make test` als root (scripts/need_services.sh).",
        pytrace=False,
    )


def _as_owner(owner: str | None, args: list[str]) -> list[str]:
    """`args` run as `owner` (root cannot run PostgreSQL), or as ourselves."""
    return ["runuser", "-u", owner, "--", *args] if owner else args


def _wait_port(port: int, proc: subprocess.Popen | None, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"de server stopte bij het opstarten (code {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"niets luistert op 127.0.0.1:{port} na {timeout:.0f} s")


@dataclass
class Postgres:
    """One temporary cluster; `database()` gives each test its own database."""

    root: Path
    port: int
    password: str
    owner: str | None  # the system user that runs it (None: this process's user)
    made: list[str] = field(default_factory=list)
    template: str | None = None  # a migrated database that `migrated()` copies

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", driver: str = "postgresql") -> str:
        return f"{driver}://{PG_USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def database(self, prefix: str = "t", template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); its SQLAlchemy URL."""
        from sqlalchemy import create_engine, text

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        copy = f' TEMPLATE "{template}"' if template else ""
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT", future=True)
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        engine.dispose()
        self.made.append(name)
        return self.url(name)

    def migrated(self, prefix: str = "t") -> str:
        """A new database with the schema of the latest migration (a copy: fast)."""
        if self.template is None:
            from bot.store.migrate import upgrade

            url = self.database("migrated")
            upgrade(url)
            self.template = url.rsplit("/", 1)[1]
        return self.database(prefix, template=self.template)

    def start(self) -> Postgres:
        initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
        if not initdb.exists():
            _missing("PostgreSQL (initdb)", "postgresql")
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if self.owner:
            user = pwd.getpwnam(self.owner)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        init = [str(initdb), "-D", str(self.data), "-U", PG_USER, "--pwfile", str(pwfile)]
        init += ["--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]
        subprocess.run(_as_owner(self.owner, init), check=True, capture_output=True, cwd=self.root)
        pwfile.unlink()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        start = [str(pg_ctl), "-D", str(self.data), "-l", str(self.root / "log"), "-o", options]
        command = _as_owner(self.owner, [*start, "-w", "-t", "60", "start"])
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)
        _wait_port(self.port, None)
        return self

    def stop(self) -> None:
        stop = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_owner(self.owner, stop), check=False, capture_output=True, cwd=self.root)


@dataclass
class Redis:
    root: Path
    port: int
    password: str
    proc: subprocess.Popen | None = None
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@{self.host}:{self.port}/0"

    def start(self) -> Redis:
        binary = shutil.which(REDIS_SERVER)
        if binary is None:
            _missing("Redis (redis-server)", "redis-server")
        config = self.root / "redis.conf"
        config.write_text(
            f"port {self.port}\nbind 127.0.0.1\nprotected-mode yes\ndir {self.root}\n"
            f'save ""\nappendonly no\nrequirepass {self.password}\n',
            encoding="utf-8",
        )
        config.chmod(0o600)
        log = open(self.root / "redis.log", "wb")  # noqa: SIM115 - open as long as the server
        self.proc = subprocess.Popen([binary, str(config)], stdout=log, stderr=subprocess.STDOUT)
        _wait_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _pg_owner() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "PostgreSQL draait niet als root en de systeemgebruiker postgres ontbreekt "
            "(apt-get install postgresql maakt hem).",
            pytrace=False,
        )
    return "postgres"


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for this test session."""
    owner = _pg_owner()
    # as root in /tmp: the postgres user must reach it (TMPDIR may be root's own)
    root = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp" if owner else None))
    server = Postgres(root, free_port(), secrets.token_hex(16), owner)
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def redis():
    """A Redis server for this test session."""
    root = Path(tempfile.mkdtemp(prefix="redis-"))
    server = Redis(root, free_port(), secrets.token_hex(16))
    try:
        yield server.start()
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
