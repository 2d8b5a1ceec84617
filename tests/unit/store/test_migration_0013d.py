"""Migration 0013d: woonplaatsen stored as regions become arbeidsmarktregio ids; a value that
is no known place becomes unknown on candidates and events, and stays as it was for staff."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import create_engine, text

from bot.store.migrate import upgrade

NOW = dt.datetime(2026, 11, 22, 12, 0)


def test_woonplaatsen_become_region_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'regio.db'}"
    upgrade(url, "0012")
    engine = create_engine(url)
    stored = ["Den helder", "Heerhugowaard", "twente", "Noord-Holland Noord", "Atlantis", None]
    with engine.begin() as conn:
        for i, region in enumerate(stored, start=1):
            conn.execute(
                text(
                    "INSERT INTO candidates (id, first_name, region, created_at)"
                    " VALUES (:i, 'S', :r, :t)"
                ),
                {"i": i, "r": region, "t": NOW},
            )
            conn.execute(
                text(
                    "INSERT INTO events (kind, candidate_id, region, at)"
                    " VALUES ('intake_afgerond', :i, :r, :t)"
                ),
                {"i": i, "r": region, "t": NOW},
            )
        for i, region in enumerate(["enschede", "twente", "ergens"], start=1):
            conn.execute(
                text(
                    "INSERT INTO staff (id, username, display_name, role, password_hash, region,"
                    " default_for_region, failed_logins, created_at)"
                    " VALUES (:i, :u, 'X', 'jobcoach', 'h', :r, 0, 0, :t)"
                ),
                {"i": i, "u": f"jc{i}", "r": region, "t": NOW},
            )
    upgrade(url, "0013d")
    expected = [
        "noord-holland-noord",
        "noord-holland-noord",
        "twente",
        "noord-holland-noord",
        None,
        None,
    ]
    with engine.connect() as conn:
        candidates = conn.execute(text("SELECT region FROM candidates ORDER BY id")).scalars().all()
        events = (
            conn.execute(text("SELECT region FROM events ORDER BY candidate_id")).scalars().all()
        )
        staff = conn.execute(text("SELECT region FROM staff ORDER BY id")).scalars().all()
    assert candidates == expected
    assert events == expected
    assert staff == ["twente", "twente", "ergens"]  # a staff region is only ever mapped
