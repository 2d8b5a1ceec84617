"""Database migrations (Alembic): `python -m bot.migrate` upgrades to the latest revision."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


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
    from bot.db import default_url

    url = sys.argv[1] if len(sys.argv) > 1 else default_url()
    upgrade(url)
    print("Database bijgewerkt naar de laatste versie.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
