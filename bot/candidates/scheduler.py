"""Check-in scheduling (issue 3): which check-ins are due, sending each exactly once,
one gentle reminder after 48 hours, and an escalation for the jobcoach after another 48
(made by bot.escalations.records, like every other).

Plain functions over the project database with the clock passed in, so tests
control time. Delivery is a callback (bot.candidates.dispatcher passes one that uses
bot.channels.delivery); a check-in is claimed with a conditional UPDATE before it is sent, so
two schedulers never send the same one, and a failed delivery puts it back to be
tried on the next run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.catalogue import say
from bot.channels.delivery import Unreachable
from bot.escalations import records as escalation
from bot.store.models import Candidate, CheckIn, Event, Traject

REMIND_AFTER = dt.timedelta(hours=48)
FLAG_AFTER = dt.timedelta(hours=48)  # after the reminder


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    reminded: int = 0
    flagged: int = 0
    unreachable: int = 0


def due_ids(s: Session, now: dt.datetime, limit: int = 1000) -> list[int]:
    """The check-ins to send now, oldest first (uses ix_checkins_status_due)."""
    query = (
        select(CheckIn.id)
        .where(CheckIn.status == "gepland", CheckIn.due_at <= now)
        .order_by(CheckIn.due_at)
        .limit(limit)
    )
    return list(s.execute(query).scalars())


def _claim(s: Session, checkin: CheckIn, from_status: str, to_status: str, **values) -> bool:
    result = s.execute(
        update(CheckIn)
        .where(CheckIn.id == checkin.id, CheckIn.status == from_status)
        .values(status=to_status, **values)
        .execution_options(synchronize_session="evaluate")
    )
    s.commit()
    return result.rowcount == 1


@dataclass(frozen=True)
class Delivery:
    """What the delivery callback needs; read before delivery so it can run in threads."""

    id: int
    kind: str
    conversation_id: str | None
    channel: str | None
    reminder: bool


CHUNK = 500


def _claim_batch(
    s: Session, ids: list[int], from_status: str, to_status: str, reminder: bool, **values
) -> list[Delivery]:
    """Claim many check-ins with one UPDATE per chunk; only rows still in `from_status`
    get this run's token, so a check-in claimed by another scheduler is left alone."""
    token = uuid.uuid4().hex
    claimed: list[Delivery] = []
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        s.execute(
            update(CheckIn)
            .where(CheckIn.id.in_(chunk), CheckIn.status == from_status)
            .values(status=to_status, claim_token=token, **values)
            .execution_options(synchronize_session=False)
        )
        s.commit()
        s.expire_all()  # objects loaded earlier in this session still hold the old status
        rows = s.execute(
            select(CheckIn.id, CheckIn.kind, Candidate.conversation_id, Candidate.channel)
            .join(Traject, Traject.id == CheckIn.traject_id)
            .join(Candidate, Candidate.id == Traject.candidate_id)
            .where(CheckIn.id.in_(chunk), CheckIn.claim_token == token)
            .order_by(CheckIn.due_at)
        )
        claimed += [
            Delivery(cid, kind, conv, channel, reminder) for cid, kind, conv, channel in rows
        ]
    return claimed


def _attempt(deliver: Callable[[Delivery], bool], delivery: Delivery) -> str:
    try:
        return "ok" if deliver(delivery) else "failed"
    except Unreachable:
        return "unreachable"
    except Exception:  # noqa: BLE001 - a broken delivery is retried, never lost
        return "failed"


def _flag(s: Session, checkin: CheckIn, reason: str, now: dt.datetime, excerpt: str) -> None:
    """No answer, or no way to reach the candidate: an escalation like any other."""
    candidate = s.get(Traject, checkin.traject_id).candidate
    escalation.create(s, candidate, reason, excerpt, now)
    s.add(Event(kind=f"checkin_{reason}", candidate_id=candidate.id, at=now))
    s.commit()


def run_once(
    s: Session,
    now: dt.datetime,
    deliver: Callable[[Delivery], bool],
    limit: int = 1000,
    workers: int = 1,
) -> RunResult:
    """One scheduler tick. `deliver(delivery)` returns True when delivered, False to retry
    later, or raises Unreachable when the candidate has no reachable conversation."""
    result = RunResult()
    waiting = select(CheckIn.id).where(
        CheckIn.status == "verstuurd", CheckIn.sent_at <= now - REMIND_AFTER
    )
    remind_ids = list(s.execute(waiting.limit(limit)).scalars())
    jobs = _claim_batch(s, due_ids(s, now, limit), "gepland", "verstuurd", False, sent_at=now)
    jobs += _claim_batch(s, remind_ids, "verstuurd", "herinnerd", True, reminder_sent_at=now)
    if workers > 1 and len(jobs) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(lambda d: _attempt(deliver, d), jobs))
    else:
        outcomes = [_attempt(deliver, d) for d in jobs]
    for job, outcome in zip(jobs, outcomes):
        if outcome == "ok":
            if job.reminder:
                result.reminded += 1
            else:
                result.sent += 1
            continue
        checkin = s.get(CheckIn, job.id)
        s.refresh(checkin)
        if outcome == "failed":
            if job.reminder:
                _claim(s, checkin, "herinnerd", "verstuurd", reminder_sent_at=None)
            else:
                _claim(s, checkin, "verstuurd", "gepland", sent_at=None)
            result.failed += 1
        elif _claim(s, checkin, "herinnerd" if job.reminder else "verstuurd", "onbereikbaar"):
            excerpt = say("escalations.excerpt_undelivered", id=job.id)
            _flag(s, checkin, "onbereikbaar", now, excerpt)
            result.unreachable += 1
    silent = select(CheckIn).where(
        CheckIn.status == "herinnerd", CheckIn.reminder_sent_at <= now - FLAG_AFTER
    )
    for checkin in list(s.execute(silent).scalars()):
        if _claim(s, checkin, "herinnerd", "gemist", flagged_at=now):
            excerpt = say("escalations.excerpt_no_answer", id=checkin.id, kind=checkin.kind)
            _flag(s, checkin, "geen_reactie", now, excerpt)
            result.flagged += 1
    return result


def mark_answered(s: Session, checkin_id: int, now: dt.datetime) -> bool:
    """The candidate answered: no reminder, no flag; the next check-in is planned."""
    checkin = s.get(CheckIn, checkin_id)
    if checkin is None or checkin.status not in ("verstuurd", "herinnerd"):
        return False
    checkin.status, checkin.answered_at = "beantwoord", now
    traject = s.get(Traject, checkin.traject_id)
    if checkin.kind == "voortgang" and traject.status == "actief":
        s.add(
            CheckIn(
                traject_id=traject.id,
                kind="voortgang",
                due_at=checkin.due_at + dt.timedelta(days=traject.checkin_interval_days),
            )
        )
    s.commit()
    return True
