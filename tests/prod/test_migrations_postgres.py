"""The Alembic migrations on PostgreSQL (issue 14): they run on a fresh database, the result
agrees with the models (autogenerate's compare finds nothing), and they go down and up again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

import bot.store.models  # noqa: F401 - registers the tables
from bot.store.engine import Base
from bot.store.migrate import downgrade, include_name, upgrade


def _differences(url: str) -> list:
    engine = create_engine(url, future=True)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "include_name": include_name,
                "compare_type": True,
                "compare_server_default": True,
            },
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    return diff


def test_migrations_make_the_models_on_postgres(postgres):
    url = postgres.database()
    upgrade(url)
    tables = set(inspect(create_engine(url)).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert _differences(url) == []


def test_migrations_go_down_and_up_again_on_postgres(postgres):
    url = postgres.database()
    upgrade(url)
    downgrade(url, "base")
    assert set(inspect(create_engine(url)).get_table_names()) <= {"alembic_version"}
    upgrade(url)
    assert _differences(url) == []
    engine = create_engine(url, future=True)
    with engine.begin() as conn:  # the comparison sees a column that no model has
        conn.execute(text("ALTER TABLE candidates ADD COLUMN extra integer"))
    engine.dispose()
    assert [d[0] for d in _differences(url)] == ["remove_column"]


def test_integer_ids_count_on_after_a_delete_on_postgres(postgres):
    """As AUTOINCREMENT on SQLite: a deleted row's id is never handed out again (a sequence)."""
    url = postgres.database()
    upgrade(url)
    engine = create_engine(url, future=True)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO candidates (first_name, created_at) VALUES ('A', now())"))
        first = conn.execute(text("SELECT max(id) FROM candidates")).scalar()
        conn.execute(text("DELETE FROM candidates"))
        conn.execute(text("INSERT INTO candidates (first_name, created_at) VALUES ('B', now())"))
        second = conn.execute(text("SELECT max(id) FROM candidates")).scalar()
    engine.dispose()
    assert second > first
