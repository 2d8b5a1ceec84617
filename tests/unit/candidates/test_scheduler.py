"""The scheduler with a controllable clock: on time, exactly once, reminder, flag."""

import datetime as dt

import pytest

from bot.candidates.scheduler import Unreachable, mark_answered, run_once
from bot.candidates.trajecten import register_traject
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation

START = dt.date(2026, 12, 1)
FIRST_DUE = dt.datetime(2026, 12, 15, 10, 0)


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        c = Candidate(first_name="Sam", consent_at=dt.datetime(2026, 11, 1))
        s.add(c)
        s.flush()
        register_traject(s, c.id, "Bakkerij", START)
        s.commit()
        yield s


class Outbox:
    def __init__(self, fail=False):
        self.sent, self.fail = [], fail

    def __call__(self, delivery):
        if self.fail:
            return False
        self.sent.append((delivery.id, delivery.reminder))
        return True


def test_nothing_before_it_is_due(s):
    outbox = Outbox()
    assert run_once(s, FIRST_DUE - dt.timedelta(minutes=1), outbox).sent == 0
    assert outbox.sent == []


def test_due_checkin_is_sent_exactly_once(s):
    outbox = Outbox()
    assert run_once(s, FIRST_DUE, outbox).sent == 1
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=1), outbox).sent == 0
    assert outbox.sent == [(1, False)]


def test_failed_delivery_is_retried_next_run(s):
    assert run_once(s, FIRST_DUE, Outbox(fail=True)).failed == 1
    outbox = Outbox()
    assert run_once(s, FIRST_DUE + dt.timedelta(minutes=5), outbox).sent == 1


def test_one_reminder_then_a_flag_for_the_jobcoach(s):
    outbox = Outbox()
    run_once(s, FIRST_DUE, outbox)
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=47), outbox).reminded == 0
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=48), outbox).reminded == 1
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=60), outbox).reminded == 0
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=96), outbox).flagged == 1
    assert outbox.sent == [(1, False), (1, True)]
    escalation = s.query(Escalation).one()
    assert escalation.reason == "geen_reactie" and escalation.status == "open"
    assert run_once(s, FIRST_DUE + dt.timedelta(days=10), outbox).flagged == 0


def test_answer_stops_reminders_and_plans_the_next(s):
    outbox = Outbox()
    run_once(s, FIRST_DUE, outbox)
    assert mark_answered(s, 1, FIRST_DUE + dt.timedelta(hours=2))
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=100), outbox).reminded == 0
    nxt = s.query(CheckIn).filter_by(status="gepland").one()
    assert nxt.due_at == FIRST_DUE + dt.timedelta(days=14)
    assert not mark_answered(s, 1, FIRST_DUE + dt.timedelta(hours=3))  # only once


def test_a_candidate_without_a_conversation_is_flagged_not_retried_forever(s):
    def unreachable(delivery):
        assert delivery.conversation_id is None
        raise Unreachable

    result = run_once(s, FIRST_DUE, unreachable)
    assert result.unreachable == 1 and result.sent == 0
    assert s.query(CheckIn).filter_by(status="onbereikbaar").count() == 1
    assert s.query(Escalation).one().reason == "onbereikbaar"
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=1), Outbox()).sent == 0


def test_a_crashing_delivery_is_retried(s):
    def broken(delivery):
        raise ConnectionError("Rasa is down")

    assert run_once(s, FIRST_DUE, broken).failed == 1
    outbox = Outbox()
    assert run_once(s, FIRST_DUE, outbox).sent == 0  # a pause first (BACKOFF)
    assert run_once(s, FIRST_DUE + dt.timedelta(seconds=30), outbox).sent == 1


def test_parallel_delivery_sends_each_once(project_db):
    with session(project_db) as s:
        for i in range(40):
            c = Candidate(first_name=f"K{i}", conversation_id=f"conv-{i}", channel="rest")
            s.add(c)
            s.flush()
            register_traject(s, c.id, "Bakkerij", START)
        s.commit()
        outbox = Outbox()
        result = run_once(s, FIRST_DUE, outbox, workers=8)
        assert result.sent == 40 and len({i for i, _ in outbox.sent}) == 40
        assert run_once(s, FIRST_DUE, outbox, workers=8).sent == 0


def test_two_schedulers_claiming_the_same_checkins_split_them(project_db):
    from bot.candidates.scheduler import _claim_batch

    with session(project_db) as s1, session(project_db) as s2:
        for i in range(10):
            c = Candidate(first_name=f"K{i}", conversation_id=f"conv-{i}")
            s1.add(c)
            s1.flush()
            register_traject(s1, c.id, "Bakkerij", START)
        s1.commit()
        ids = [c.id for c in s1.query(CheckIn)]
        lease = dt.timedelta(minutes=5)
        _, first = _claim_batch(s1, ids, ("gepland",), "bezig", False, FIRST_DUE, lease)
        _, second = _claim_batch(s2, ids, ("gepland",), "bezig", False, FIRST_DUE, lease)
        assert len(first) == 10 and second == []
