"""Exactly once with several schedulers on PostgreSQL (issue 14): claims use
`SELECT ... FOR UPDATE SKIP LOCKED`, so copies of the scheduler and of the notification
sender running at once take different rows, never wait for each other, and send each
check-in and each notification exactly once."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter

import pytest
from sqlalchemy import insert, select, text

from bot.candidates.scheduler import PENDING, SENT, _claim, _due, run_once
from bot.escalations import notifications as notify
from bot.escalations.records import REASONS
from bot.store.engine import engine, session
from bot.store.models import Candidate, CheckIn, Escalation, Notification, Traject

NOW = dt.datetime(2026, 12, 15, 10, 0)
LEASE = dt.timedelta(minutes=10)


@pytest.fixture
def pg(postgres, monkeypatch):
    url = postgres.database("claims")
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", url)
    yield url
    engine(url).dispose()


def _due_checkins(url: str, count: int) -> list[int]:
    """`count` candidates, each with a traject and a check-in that is due."""
    with engine(url).begin() as conn:
        conn.execute(
            insert(Candidate.__table__),
            [
                {"id": i, "first_name": f"K{i}", "conversation_id": f"web-{i}", "channel": "web"}
                for i in range(1, count + 1)
            ],
        )
        conn.execute(
            insert(Traject.__table__),
            [{"id": i, "candidate_id": i, "leerbedrijf": "Bakkerij"} for i in range(1, count + 1)],
        )
        conn.execute(
            insert(CheckIn.__table__),
            [
                {"traject_id": i, "due_at": NOW - dt.timedelta(minutes=i % 60)}
                for i in range(1, count + 1)
            ],
        )
        return list(conn.execute(select(CheckIn.id)).scalars())


def _concurrently(*work) -> None:
    """Runs each callable in its own thread, started together; re-raises a failure."""
    barrier, errors = threading.Barrier(len(work)), []

    def run(job):
        try:
            barrier.wait()
            job()
        except BaseException as exc:  # noqa: BLE001 - handed to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not errors, errors
    assert not any(thread.is_alive() for thread in threads)


def test_a_claim_skips_rows_another_scheduler_holds_instead_of_waiting(pg):
    ids = _due_checkins(pg, 200)
    with session(pg) as holder, session(pg) as claimer:
        held = list(holder.execute(_due(NOW).limit(64).with_for_update()).scalars())
        # Without SKIP LOCKED this claim would wait for `holder`; the timeout makes it fail.
        claimer.execute(text("SET lock_timeout = '5s'"))
        _, jobs = _claim(claimer, _due(NOW).limit(64), (PENDING,), "bezig", False, NOW, LEASE)
        holder.rollback()
    claimed = {job.id for job in jobs}
    assert len(held) == 64 and len(claimed) == 64
    assert claimed.isdisjoint(held) and claimed <= set(ids)


def test_two_schedulers_send_each_of_2000_due_checkins_exactly_once(pg):
    ids = _due_checkins(pg, 2000)
    sent: list[tuple[str, int]] = []
    b_sent = threading.Event()

    def scheduler(name: str):
        def deliver(delivery) -> bool:
            if name == "a" and not sent:  # a holds its first claim until b has sent one
                b_sent.wait(timeout=120)
            sent.append((name, delivery.id))
            if name == "b":
                b_sent.set()
            return True

        def work():
            with session(pg) as s:
                while run_once(s, NOW, deliver, limit=500, workers=2, lease=LEASE).sent:
                    pass

        return work

    _concurrently(scheduler("a"), scheduler("b"))
    per_checkin = Counter(cid for _, cid in sent)
    assert sorted(per_checkin) == sorted(ids)
    assert set(per_checkin.values()) == {1}
    assert {name for name, _ in sent} == {"a", "b"}  # both did part of the work
    with session(pg) as s:
        statuses = Counter(s.execute(select(CheckIn.status)).scalars())
    assert statuses == {SENT: 2000}


def test_two_senders_send_each_notification_exactly_once(pg):
    with session(pg) as s:
        candidate = Candidate(first_name="Sam", conversation_id="web-1", channel="web")
        s.add(candidate)
        s.flush()
        escalation = Escalation(candidate_id=candidate.id, reason=next(iter(REASONS)), severity=2)
        s.add(escalation)
        s.flush()
        s.add_all(
            Notification(
                escalation_id=escalation.id,
                channel="email",
                recipient=f"jobcoach{i}@example.nl",
                next_attempt_at=NOW,
            )
            for i in range(300)
        )
        s.commit()
        ids = list(s.execute(select(Notification.id)).scalars())
    mails: list[tuple[str, str]] = []

    def sender(name: str):
        def mail(to: str, subject: str, body: str, message_id: str) -> None:
            mails.append((name, message_id))

        senders = notify.Senders(email=mail, telegram=lambda chat, message: None)

        def work():
            with session(pg) as s:
                while notify.send_pending(s, NOW, senders, limit=50, lease=LEASE).sent:
                    pass

        return work

    _concurrently(sender("a"), sender("b"))
    per_message = Counter(message_id for _, message_id in mails)
    assert len(per_message) == len(ids) == 300
    assert set(per_message.values()) == {1}
    with session(pg) as s:
        statuses = Counter(s.execute(select(Notification.status)).scalars())
    assert statuses == {notify.SENT: 300}
