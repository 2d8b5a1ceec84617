import datetime as dt

import pytest

from bot.candidates.trajecten import (
    TrajectError,
    add_months,
    add_werkproces,
    record_praktijkverklaring,
    register_traject,
)
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Event


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        yield s


@pytest.fixture
def candidate(s):
    c = Candidate(first_name="Sam", region="twente", consent_at=dt.datetime(2026, 11, 1))
    s.add(c)
    s.flush()
    return c


def test_register_schedules_the_first_checkin(s, candidate):
    t = register_traject(s, candidate.id, "Bakkerij De Korf", dt.date(2026, 12, 1), interval_days=7)
    s.commit()
    checkin = s.query(CheckIn).filter_by(traject_id=t.id).one()
    assert checkin.due_at == dt.datetime(2026, 12, 8, 10, 0)
    assert s.query(Event).filter_by(kind="traject_gestart", region="twente").count() == 1


def test_clear_errors_in_dutch(s, candidate):
    with pytest.raises(TrajectError, match="bestaat niet"):
        register_traject(s, 999, "X", dt.date(2026, 12, 1))
    with pytest.raises(TrajectError, match="einddatum"):
        register_traject(s, candidate.id, "X", dt.date(2026, 12, 1), dt.date(2026, 11, 1))
    with pytest.raises(TrajectError, match="werkproces"):
        t = register_traject(s, candidate.id, "X", dt.date(2026, 12, 1))
        add_werkproces(s, t.id, "  ")


def test_praktijkverklaring_schedules_follow_ups_once(s, candidate):
    t = register_traject(s, candidate.id, "Bakkerij", dt.date(2026, 1, 5))
    add_werkproces(s, t.id, "Bereidt deeg voor")
    follow_ups = record_praktijkverklaring(s, t.id, dt.date(2026, 1, 31))
    s.commit()
    assert [f.due_at.date() for f in follow_ups] == [
        dt.date(2026, 2, 28),
        dt.date(2026, 7, 31),
        dt.date(2027, 1, 31),
    ]
    assert t.status == "afgerond"
    assert s.query(CheckIn).filter_by(traject_id=t.id, kind="voortgang").one().status == "vervallen"
    with pytest.raises(TrajectError, match="al vastgelegd"):
        record_praktijkverklaring(s, t.id, dt.date(2026, 2, 1))


def test_add_months_handles_month_ends():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 15), 2) == dt.date(2027, 1, 15)
