"""Migrating safely: every process migrates when it starts, so they take turns; and the
SQLite rebuild of migration 0008 (ids never reused) resumes after a crash halfway."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from sqlalchemy import create_engine, inspect, text

from bot.store.migrate import ROOT, upgrade

NOW = dt.datetime(2026, 11, 22, 12, 0)


def test_processes_that_start_together_migrate_one_after_the_other(tmp_path):
    url = f"sqlite:///{tmp_path / 'samen.db'}"
    code = f"from bot.store.migrate import upgrade; upgrade({url!r})"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    with create_engine(url).connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'candidates'"))
        assert "AUTOINCREMENT" in sql.scalar_one()


def test_a_rebuild_that_stopped_halfway_is_finished_without_losing_a_row(tmp_path):
    url = f"sqlite:///{tmp_path / 'half.db'}"
    upgrade(url, "0007")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO candidates (id, first_name, created_at) VALUES (1, 'Sam', :t)"),
            {"t": NOW},
        )
        # what 0008 had done when the process died: its new column and table, and the
        # candidates copied and the original dropped, but the copy not yet renamed
        conn.execute(text("ALTER TABLE deletion_requests ADD COLUMN wiped_at DATETIME"))
        conn.execute(
            text(
                "CREATE TABLE pending_deletions (conversation_id VARCHAR(128) PRIMARY KEY, "
                "asked_at DATETIME NOT NULL, expires_at DATETIME NOT NULL)"
            )
        )
        conn.execute(text("CREATE TABLE _alembic_tmp_candidates AS SELECT * FROM candidates"))
        conn.execute(text("DROP TABLE candidates"))
        # and a copy of the web messages that was still being made
        conn.execute(text("CREATE TABLE _alembic_tmp_web_messages (id INTEGER)"))
    upgrade(url)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        assert not {n for n in names if n.startswith("_alembic_tmp")}
        rows = conn.execute(text("SELECT id, first_name FROM candidates")).all()
        assert [tuple(r) for r in rows] == [(1, "Sam")]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() >= "0008"
