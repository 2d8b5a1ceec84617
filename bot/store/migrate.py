"""Database migrations (Alembic): `python -m bot.store.migrate` upgrades to the latest revision.

Imports nothing from the bot package but bot.settings: bot.store.engine migrates through this
module.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

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


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def main() -> int:
    url = sys.argv[1] if len(sys.argv) > 1 else default_url()
    upgrade(url)
    print("Database bijgewerkt naar de laatste versie.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
