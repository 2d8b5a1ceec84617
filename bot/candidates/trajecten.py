"""Registering trajecten for consultants: plain functions, used by the CLI
`python -m bot.cli` and by the dashboard. A traject's jobcoach is a staff account (by user
name): they get its escalations and see its candidate in the dashboard.

Recording the praktijkverklaring schedules the follow-up conversations at about
1, 6 and 12 months (as check-ins of kind nazorg-1/6/12).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.candidates import journey
from bot.candidates.scheduler import ANSWERED
from bot.catalogue import say
from bot.store.models import Candidate, CheckIn, Event, Staff, Traject, Werkproces

FOLLOW_UP_MONTHS = (1, 6, 12)


class TrajectError(ValueError):
    """A consultant's request that cannot be carried out (message in Dutch)."""


def _traject(s: Session, traject_id: int) -> Traject:
    traject = s.get(Traject, traject_id)
    if traject is None:
        raise TrajectError(say("dashboard.traject_missing", id=traject_id))
    return traject


def _log(s: Session, kind: str, traject: Traject, detail: str = "") -> None:
    s.add(
        Event(
            kind=kind,
            candidate_id=traject.candidate_id,
            region=traject.candidate.region if traject.candidate else None,
            detail=detail,
        )
    )


def jobcoach_account(s: Session, username: str) -> Staff:
    """The jobcoach's staff account by user name; TrajectError when there is none."""
    coach = s.execute(
        select(Staff).where(
            Staff.username == username.strip().lower()[:60], Staff.role == "jobcoach"
        )
    ).scalar_one_or_none()
    if coach is None:
        raise TrajectError(say("dashboard.no_such_jobcoach"))
    return coach


def assign_jobcoach(s: Session, traject_id: int, username: str) -> Traject:
    """Link the traject to this jobcoach's account (replacing the one before)."""
    traject = _traject(s, traject_id)
    coach = jobcoach_account(s, username)
    traject.jobcoach_id, traject.jobcoach = coach.id, coach.display_name
    return traject


def register_traject(
    s: Session,
    candidate_id: int,
    leerbedrijf: str,
    start: dt.date,
    planned_end: dt.date | None = None,
    praktijkopleider: str = "",
    jobcoach: str = "",
    interval_days: int = 14,
) -> Traject:
    """A new traject; `jobcoach` is the user name of the jobcoach's account (or empty)."""
    if s.get(Candidate, candidate_id) is None:
        raise TrajectError(say("dashboard.candidate_missing", id=candidate_id))
    if planned_end is not None and planned_end < start:
        raise TrajectError(say("dashboard.end_before_start"))
    if not 1 <= interval_days <= 90:
        raise TrajectError(say("dashboard.interval_range"))
    coach = jobcoach_account(s, jobcoach) if jobcoach.strip() else None
    traject = Traject(
        candidate_id=candidate_id,
        leerbedrijf=leerbedrijf,
        start_date=start,
        planned_end=planned_end,
        praktijkopleider=praktijkopleider,
        jobcoach=coach.display_name if coach else None,
        jobcoach_id=coach.id if coach else None,
        checkin_interval_days=interval_days,
    )
    s.add(traject)
    s.flush()
    first = dt.datetime.combine(start, dt.time(10, 0)) + dt.timedelta(days=interval_days)
    s.add(CheckIn(traject_id=traject.id, kind="voortgang", due_at=first))
    _log(s, "traject_gestart", traject, leerbedrijf)
    return traject


def add_werkproces(s: Session, traject_id: int, name: str) -> Werkproces:
    traject = _traject(s, traject_id)
    if not name.strip():
        raise TrajectError(say("dashboard.werkproces_name"))
    werkproces = Werkproces(traject_id=traject.id, name=name.strip())
    s.add(werkproces)
    _log(s, "werkproces_gepland", traject, name.strip())
    return werkproces


def complete_werkproces(s: Session, werkproces_id: int, on: dt.date) -> Werkproces:
    werkproces = s.get(Werkproces, werkproces_id)
    if werkproces is None:
        raise TrajectError(say("dashboard.werkproces_missing", id=werkproces_id))
    werkproces.done_on = on
    _log(s, "werkproces_afgerond", werkproces.traject, werkproces.name)
    return werkproces


def stop_traject(s: Session, traject_id: int, reason: str, on: dt.date) -> Traject:
    """The candidate dropped out: no more check-ins; counted as dropout."""
    traject = _traject(s, traject_id)
    if traject.status != "actief":
        raise TrajectError(
            say("dashboard.traject_not_active", id=traject_id, status=traject.status)
        )
    traject.status = "gestopt"
    waiting = CheckIn.status.in_(("gepland", "mislukt"))  # not sent yet, or to be tried again
    for pending in s.query(CheckIn).filter(CheckIn.traject_id == traject.id, waiting):
        pending.status = "vervallen"
    _log(s, "traject_gestopt", traject, f"{on.isoformat()} {reason}".strip())
    return traject


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):  # 31 januari + 1 maand = 28/29 februari
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def record_praktijkverklaring(s: Session, traject_id: int, on: dt.date) -> list[CheckIn]:
    """Mark the traject as completed and schedule the follow-ups (1, 6, 12 months)."""
    traject = _traject(s, traject_id)
    if traject.pv_obtained_on is not None:
        raise TrajectError(say("dashboard.pv_already", id=traject_id))
    traject.pv_obtained_on = on
    traject.status = "afgerond"
    waiting = CheckIn.status.in_(("gepland", "mislukt"))
    for pending in s.query(CheckIn).filter(
        CheckIn.traject_id == traject.id, CheckIn.kind == "voortgang", waiting
    ):
        pending.status = "vervallen"
    follow_ups = [
        CheckIn(
            traject_id=traject.id,
            kind=f"nazorg-{m}",
            due_at=dt.datetime.combine(add_months(on, m), dt.time(10, 0)),
        )
        for m in FOLLOW_UP_MONTHS
    ]
    s.add_all(follow_ups)
    _log(s, "praktijkverklaring_behaald", traject, on.isoformat())
    return follow_ups


def record_follow_up(
    s: Session, traject_id: int, months: int, work: str, now: dt.datetime
) -> CheckIn:
    """A follow-up answered outside the chat (the consultant asked, e.g. by phone): stored as
    if the candidate answered it there, so it is counted the same way; not sent any more."""
    traject = _traject(s, traject_id)
    checkin = s.execute(
        select(CheckIn).where(CheckIn.traject_id == traject.id, CheckIn.kind == f"nazorg-{months}")
    ).scalar_one_or_none()
    if checkin is None:
        raise TrajectError(say("cli.no_follow_up", traject=traject_id, months=months))
    journey.store_followup(s, checkin, {"fu_work": work}, "", now)
    if checkin.answered_at is None:  # not sent yet: nothing to send any more
        checkin.status, checkin.answered_at = ANSWERED, now
    return checkin
