"""The schema comes from the Alembic migrations, and the due-query uses its index."""

import datetime as dt

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from bot.store.migrate import downgrade, upgrade
from bot.store.models import Candidate, CheckIn, Traject


def test_upgrade_creates_every_table_and_downgrade_removes_them(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {
        "candidates",
        "trajecten",
        "werkprocessen",
        "checkins",
        "checkin_answers",
        "escalations",
        "events",
        "knowledge_gaps",
    } <= tables
    downgrade(url, "base")
    # sqlite_sequence: SQLite's own counters for AUTOINCREMENT; it cannot be dropped
    left = set(inspect(create_engine(url)).get_table_names())
    assert left <= {"alembic_version", "sqlite_sequence"}


def test_due_checkins_query_uses_the_index(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = create_engine(url, future=True)
    now = dt.datetime(2026, 11, 22, 12, 0)
    with Session(engine) as s:
        c = Candidate(first_name="Sam", consent_at=now)
        t = Traject(candidate=c, leerbedrijf="Bakkerij", start_date=now.date())
        s.add_all([c, t])
        s.flush()
        s.add_all(
            [
                CheckIn(traject_id=t.id, due_at=now - dt.timedelta(days=1)),
                CheckIn(traject_id=t.id, due_at=now + dt.timedelta(days=13)),
            ]
        )
        s.commit()
        query = select(CheckIn).where(CheckIn.status == "gepland", CheckIn.due_at <= now)
        assert len(s.execute(query).scalars().all()) == 1
        compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
        plan = s.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    assert any("ix_checkins_status_due" in str(row) for row in plan)


def test_models_and_migrations_agree(tmp_path):
    """A model change without a migration (or the other way round) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    import bot.store.models  # noqa: F401 - registers the tables
    from bot.store.engine import Base

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    from bot.store.migrate import include_name

    with create_engine(url).connect() as conn:
        opts = {"include_name": include_name, "compare_type": True, "compare_server_default": True}
        context = MigrationContext.configure(conn, opts=opts)
        diff = compare_metadata(context, Base.metadata)
    assert diff == []
