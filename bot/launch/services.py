"""PostgreSQL and Redis from Debian's packages, started as plain child processes in a
directory of our own, on a free port, bound to 127.0.0.1, with a random password: for
`make run-prod` without PRAKTIJKBOT_DB_URL / REDIS_URL (var/prod/) and for the tests
(tests/services.py, in a temporary directory).

PostgreSQL refuses to run as root. As root the cluster belongs to the `postgres` system user
that Debian's package creates, and initdb/pg_ctl run as that user through `runuser`; as any
other user they run as that user. A cluster that already exists in the directory is started
again with the password it was made with (kept next to it, mode 600).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bot.launch.ports import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")  # Debian's; the tests' PG_BIN may name another
REDIS_SERVER = "redis-server"
PG_USER = "praktijkbot"
START_TIMEOUT = 60.0


class ServiceMissing(RuntimeError):
    """A server binary is not installed; the message says what to install, in Dutch."""


def missing(what: str, package: str) -> ServiceMissing:
    return ServiceMissing(
        f"{what} ontbreekt; installeer het (Debian: apt-get install {package}) "
        "of draai `make test` als root (scripts/need_services.sh)."
    )


def _as_owner(owner: str | None, args: list[str]) -> list[str]:
    """`args` run as `owner` (root cannot run PostgreSQL), or as ourselves."""
    return ["runuser", "-u", owner, "--", *args] if owner else args


def wait_port(port: int, proc: subprocess.Popen | None, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"de server stopte bij het opstarten (code {proc.returncode})")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"niets luistert op 127.0.0.1:{port} na {timeout:.0f} s")


def pg_owner() -> str | None:
    """The system user that runs PostgreSQL: `postgres` as root, else ourselves (None)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise ServiceMissing(
            "PostgreSQL draait niet als root en de systeemgebruiker postgres ontbreekt "
            "(apt-get install postgresql maakt hem)."
        ) from None
    return "postgres"


def _password(path: Path) -> str:
    """The password kept in `path` (mode 600), made when there is none yet."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    value = secrets.token_hex(16)
    path.write_text(value + "\n", encoding="utf-8")
    return value


@dataclass
class Postgres:
    """One cluster in `root`; `database()` gives each user (a test) its own database."""

    root: Path
    port: int
    password: str
    owner: str | None  # the system user that runs it (None: this process's user)
    made: list[str] = field(default_factory=list)
    template: str | None = None  # a migrated database that `migrated()` copies
    bin: Path = PG_BIN

    @classmethod
    def in_dir(cls, root: Path) -> Postgres:
        """A cluster kept in `root` (made on the first start), on a free port."""
        root.mkdir(parents=True, exist_ok=True)
        return cls(root, free_port(), _password(root.parent / f"{root.name}.password"), pg_owner())

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres", driver: str = "postgresql") -> str:
        return f"{driver}://{PG_USER}:{self.password}@127.0.0.1:{self.port}/{database}"

    def database(self, prefix: str = "t", template: str | None = None) -> str:
        """A new database (empty, or a copy of `template`); its SQLAlchemy URL."""
        return self.url(self.create(f"{prefix}_{uuid.uuid4().hex[:12]}", template))

    def create(self, name: str, template: str | None = None, exist_ok: bool = False) -> str:
        """The database `name`, made now (or already there with `exist_ok`)."""
        from sqlalchemy import create_engine, text

        copy = f' TEMPLATE "{template}"' if template else ""
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT", future=True)
        with engine.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not (exist_ok and found.first()):
                conn.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        engine.dispose()
        self.made.append(name)
        return name

    def migrated(self, prefix: str = "t") -> str:
        """A new database with the schema of the latest migration (a copy: fast)."""
        if self.template is None:
            from bot.store.migrate import upgrade

            url = self.database("migrated")
            upgrade(url)
            self.template = url.rsplit("/", 1)[1]
        return self.database(prefix, template=self.template)

    def _initdb(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if self.owner:
            user = pwd.getpwnam(self.owner)
            os.chown(self.root, user.pw_uid, user.pw_gid)
            os.chown(pwfile, user.pw_uid, user.pw_gid)
        init = [str(self.bin / "initdb"), "-D", str(self.data), "-U", PG_USER]
        init += ["--pwfile", str(pwfile), "--auth=scram-sha-256", "-E", "UTF8"]
        init += ["--locale=C.UTF-8", "--no-sync"]
        try:
            command = _as_owner(self.owner, init)
            subprocess.run(command, check=True, capture_output=True, cwd=self.root)
        finally:
            pwfile.unlink()

    def start(self, durable: bool = False) -> Postgres:
        """`durable=False` (tests) trades crash safety for speed (no fsync)."""
        initdb, pg_ctl = self.bin / "initdb", self.bin / "pg_ctl"
        if not initdb.exists():
            raise missing("PostgreSQL (initdb)", "postgresql-15")
        if not (self.data / "PG_VERSION").exists():
            self._initdb()
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c max_connections=200"
        )
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        start = [str(pg_ctl), "-D", str(self.data), "-l", str(self.root / "log"), "-o", options]
        command = _as_owner(self.owner, [*start, "-w", "-t", "60", "start"])
        subprocess.run(command, check=True, capture_output=True, cwd=self.root)
        wait_port(self.port, None)
        return self

    def stop(self) -> None:
        stop = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_owner(self.owner, stop), check=False, capture_output=True, cwd=self.root)


@dataclass
class Redis:
    """A Redis server that keeps nothing on disk (it holds Rasa's conversation locks only)."""

    root: Path
    port: int
    password: str
    proc: subprocess.Popen | None = None
    host: str = "127.0.0.1"
    binary: str = REDIS_SERVER

    @classmethod
    def in_dir(cls, root: Path) -> Redis:
        root.mkdir(parents=True, exist_ok=True)
        return cls(root, free_port(), secrets.token_hex(16))

    @property
    def url(self) -> str:
        return f"redis://:{self.password}@{self.host}:{self.port}/0"

    def start(self) -> Redis:
        binary = shutil.which(self.binary)
        if binary is None:
            raise missing("Redis (redis-server)", "redis-server")
        config = self.root / "redis.conf"
        config.touch(mode=0o600)
        config.chmod(0o600)
        config.write_text(
            f"port {self.port}\nbind 127.0.0.1\nprotected-mode yes\ndir {self.root}\n"
            f'save ""\nappendonly no\nrequirepass {self.password}\n',
            encoding="utf-8",
        )
        log = open(self.root / "redis.log", "wb")  # noqa: SIM115 - the server keeps its copy
        try:
            self.proc = subprocess.Popen(
                [binary, str(config)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        finally:
            log.close()
        wait_port(self.port, self.proc)
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
