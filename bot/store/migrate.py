"""Database migrations (Alembic): `python -m bot.store.migrate` upgrades to the latest revision.

Imports nothing from the bot package but bot.settings: bot.store.engine migrates through this
module.
"""

from __future__ import annotations

import contextlib
import fcntl
import sys
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from bot import settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
ROOT = MIGRATIONS.parent.parent


def default_url() -> str:
    """PRAKTIJKBOT_DB_URL, or SQLite in var/ (e.g. postgresql://user:pw@host/praktijkbot)."""
    return settings.current().db_url or f"sqlite:///{ROOT / 'var' / 'praktijkbot.db'}"


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """For comparing models and database: SQLite's own tables (sqlite_sequence, the counters
    behind AUTOINCREMENT) belong to no migration."""
    return not (type_ == "table" and (name or "").startswith("sqlite_"))


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url)
    return config


# Any number; PostgreSQL's advisory lock for "a process is migrating this database".
_PG_LOCK = 720_011


@contextlib.contextmanager
def _one_at_a_time(url: str) -> Iterator[Config]:
    """Every process migrates when it starts (portal, actions, scheduler...): one at a time,
    or two of them run the same revision and the second fails halfway."""
    config = alembic_config(url)
    if url.startswith("sqlite:///"):
        lock = Path(url.removeprefix("sqlite:///")).with_suffix(".migrate.lock")
        lock.parent.mkdir(parents=True, exist_ok=True)
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield config
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    elif url.startswith("postgresql"):
        engine = create_engine(url, future=True)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK})
            try:
                yield config
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK})
        engine.dispose()
    else:
        yield config


def upgrade(url: str, revision: str = "head") -> None:
    with _one_at_a_time(url) as config:
        command.upgrade(config, revision)


def downgrade(url: str, revision: str) -> None:
    with _one_at_a_time(url) as config:
        command.downgrade(config, revision)


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else default_url()
    upgrade(url)
    print("Database bijgewerkt naar de laatste versie.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
