"""Failure under load on the production shape (issue 14, item 5): scripted conversations run
over nginx while Rasa instance 0 is killed with SIGKILL; the supervisor starts it again.
Nothing is lost or kept twice in the tracker store on PostgreSQL, the clients' errors stop
once nginx skips the dead instance, and the two schedulers send each check-in that falls due
meanwhile exactly once. tools/failover.py does the measuring (the benchmark prints it)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from stacks import wait_for

from bot.candidates.trajecten import register_traject
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn
from tools.failover import bot_texts, run_failover, user_texts

WORKERS = 6
CHECKINS = 6

pytestmark = pytest.mark.restarts_stack  # kills an instance of the shared production shape


def _checkins(stack, count: int) -> dict[int, str]:
    """`count` candidates on the REST channel, each with a check-in not yet due."""
    made = {}
    with session(stack.db) as s:
        for _ in range(count):
            sender = f"rest-ci-{uuid.uuid4().hex[:10]}"
            c = Candidate(first_name="Kim", conversation_id=sender, channel="rest")
            c.region, c.consent_at = "twente", dt.datetime.utcnow()
            s.add(c)
            s.flush()
            traject = register_traject(s, c.id, "Bakkerij", dt.date.today())
            checkin = s.query(CheckIn).filter_by(traject_id=traject.id).one()
            checkin.due_at = dt.datetime.utcnow() + dt.timedelta(days=30)
            made[checkin.id] = sender
        s.commit()
    return made


def _due_now(stack, ids) -> None:
    with session(stack.db) as s:
        for checkin in s.query(CheckIn).filter(CheckIn.id.in_(ids)):
            checkin.due_at = dt.datetime.utcnow()
        s.commit()


def test_a_killed_instance_loses_no_message_and_no_checkin_is_sent_twice(prod):
    checkins = _checkins(prod, CHECKINS)
    before = prod.instance_pids()
    result = run_failover(prod, workers=WORKERS, on_kill=lambda: _due_now(prod, checkins))
    print(result.summary())  # the figures (pytest -rA shows them)
    print(result.failures())

    after = prod.instance_pids()
    assert after[0] != before[0] and after[1:] == before[1:]  # only the killed one restarted
    assert result.ready_at is not None

    # every conversation's tracker in PostgreSQL: each message once, in the order sent, and
    # every message that was answered is there
    conversations = result.conversations()
    assert len(conversations) >= WORKERS
    for sender, turns in conversations.items():
        kept = user_texts(prod.tracker_db_url, sender)
        assert len(kept) == len(set(kept)), sender  # the script's messages are all different
        assert kept == [t.text for t in turns if t.text in kept], sender
        assert {t.text for t in turns if t.ok} <= set(kept), sender

    # the errors stop: once each client got an answer after the kill, none fails again
    turns, recovered = result.after_kill(), result.recovered_at()
    assert recovered is not None, result.summary()
    assert all(t.ok for t in turns if t.started > recovered), result.summary()
    last = turns[-2 * WORKERS :]
    assert len(last) == 2 * WORKERS
    assert all(t.ok for t in last), result.summary()
    assert sum(t.ok for t in turns if t.started >= result.ready_at) >= 2 * WORKERS

    # the two schedulers sent each check-in exactly once, to its own conversation
    def all_sent() -> bool:
        with session(prod.db) as s:
            rows = s.query(CheckIn).filter(CheckIn.id.in_(list(checkins))).all()
            return all(c.status == "verstuurd" for c in rows)

    assert wait_for(all_sent, timeout=60)
    assert len(checkins) == CHECKINS
    for sender in checkins.values():
        intros = [t for t in bot_texts(prod.tracker_db_url, sender) if "korte check-in" in t]
        assert len(intros) == 1, sender

    # no secret in any log, nginx's included (Rasa's API takes its token in the URL)
    files = sorted(prod.log_dir.glob("*.log"))
    assert {"nginx-error", "rasa-0", "dispatcher-1"} <= {p.stem for p in files}
    logs = " ".join(p.read_text(errors="replace") for p in files)
    for secret in (prod.token, prod.rest_token, prod.portal_secret, prod.action_secret):
        assert secret not in logs
