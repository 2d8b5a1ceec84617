"""Check-in scheduling (issue 3): which check-ins are due, sending each exactly once,
one gentle reminder after 48 hours, and a flag for the jobcoach after another 48.

Plain functions over the project database with the clock passed in, so tests
control time. Delivery is a callback (the portal will pass one that calls Rasa's
`trigger_intent`); a check-in is claimed with a conditional UPDATE before it is
sent, so two schedulers never send the same one, and a failed delivery puts it
back to be tried on the next run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.models import CheckIn, Escalation, Event, Traject

REMIND_AFTER = dt.timedelta(hours=48)
FLAG_AFTER = dt.timedelta(hours=48)  # after the reminder
NO_ANSWER_SEVERITY = 3


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    reminded: int = 0
    flagged: int = 0


def due(s: Session, now: dt.datetime, limit: int = 1000) -> list[CheckIn]:
    query = (
        select(CheckIn)
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
        .execution_options(synchronize_session=False)
    )
    s.commit()
    return result.rowcount == 1


def run_once(
    s: Session,
    now: dt.datetime,
    deliver: Callable[[CheckIn, bool], bool],
    limit: int = 1000,
) -> RunResult:
    """One scheduler tick. `deliver(checkin, is_reminder)` returns True when delivered."""
    result = RunResult()
    for checkin in due(s, now, limit):
        if not _claim(s, checkin, "gepland", "verstuurd", sent_at=now):
            continue  # another scheduler took it
        s.refresh(checkin)
        if deliver(checkin, False):
            result.sent += 1
        else:
            _claim(s, checkin, "verstuurd", "gepland", sent_at=None)
            result.failed += 1
    waiting = select(CheckIn).where(
        CheckIn.status == "verstuurd", CheckIn.sent_at <= now - REMIND_AFTER
    )
    for checkin in list(s.execute(waiting).scalars()):
        if _claim(s, checkin, "verstuurd", "herinnerd", reminder_sent_at=now):
            s.refresh(checkin)
            deliver(checkin, True)
            result.reminded += 1
    silent = select(CheckIn).where(
        CheckIn.status == "herinnerd", CheckIn.reminder_sent_at <= now - FLAG_AFTER
    )
    for checkin in list(s.execute(silent).scalars()):
        if _claim(s, checkin, "herinnerd", "gemist", flagged_at=now):
            traject = s.get(Traject, checkin.traject_id)
            s.add(
                Escalation(
                    candidate_id=traject.candidate_id,
                    reason="geen_reactie",
                    severity=NO_ANSWER_SEVERITY,
                    created_at=now,
                    excerpt=f"Geen reactie op check-in {checkin.id} ({checkin.kind}).",
                )
            )
            s.add(Event(kind="checkin_gemist", candidate_id=traject.candidate_id, at=now))
            s.commit()
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
