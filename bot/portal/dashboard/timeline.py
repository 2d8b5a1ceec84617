"""A candidate's timeline for the jobcoach (issue 12): the intake, the trajecten, every
check-in with each question as it was asked and the answer as the candidate gave it (the
button they chose, or their own words), and the meldingen with what came of them, closed
ones and taken-over conversations included. Newest first; the next planned check-in on top.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.candidates import scheduler
from bot.questions import conversations
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Escalation, Staff, Traject
from bot.text import fold

# A check-in in one of these states was never sent: not part of the history.
NOT_SENT = (scheduler.PENDING, scheduler.SENDING, scheduler.FAILED, "vervallen")


@dataclass
class Answer:
    question: str  # as the candidate read it
    answer: str  # the button's title, or the value
    said: str | None = None  # their own words, when they differ from the answer


@dataclass
class Moment:
    at: dt.datetime
    kind: str  # intake | traject | checkin | gepland | melding | praktijkverklaring
    checkin: CheckIn | None = None
    answers: list[Answer] = field(default_factory=list)
    escalation: Escalation | None = None
    coach: str | None = None
    traject: Traject | None = None
    lines: list[str] = field(default_factory=list)


def _day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(0, 0))


def answers_of(kind: str, rows: list[CheckInAnswer]) -> list[Answer]:
    """The stored answers of a check-in, read with the questions of its conversation."""
    conversation = conversations()["followup" if kind.startswith("nazorg") else "checkin"]
    known = {q.slot: q for q in conversation.questions}
    out = []
    for row in rows:
        q = known.get(row.question)
        asked = q.ask[-1] if q else row.question
        shown = q.display(row.answer) if q else (row.answer or "-")
        said = row.said if row.said and fold(row.said) != fold(shown) else None
        out.append(Answer(asked, shown, said))
    order = [q.slot for q in conversation.questions]
    rank = {slot: i for i, slot in enumerate(order)}
    return [a for _, a in sorted(zip(rows, out), key=lambda p: rank.get(p[0].question, 99))]


def timeline(s: Session, c: Candidate) -> list[Moment]:
    moments: list[Moment] = []
    if c.intake_summary or c.consent_at:
        lines = [line for line in (c.intake_summary or "").splitlines() if line.strip()]
        moments.append(Moment(c.consent_at or c.created_at, "intake", lines=lines))
    names = dict(s.execute(select(Staff.id, Staff.display_name)).all())
    trajecten = s.execute(select(Traject).where(Traject.candidate_id == c.id)).scalars().all()
    for t in trajecten:
        if t.start_date:
            moments.append(Moment(_day(t.start_date), "traject", traject=t))
        if t.pv_obtained_on:
            moments.append(Moment(_day(t.pv_obtained_on), "praktijkverklaring", traject=t))
    checkins = s.execute(
        select(CheckIn)
        .where(CheckIn.traject_id.in_([t.id for t in trajecten]))
        .order_by(CheckIn.due_at)
    ).scalars()
    upcoming = None
    for ci in checkins:
        if ci.status == scheduler.PENDING:
            upcoming = upcoming or ci
        if ci.status in NOT_SENT:
            continue
        rows = s.execute(
            select(CheckInAnswer)
            .where(CheckInAnswer.checkin_id == ci.id)
            .order_by(CheckInAnswer.id)
        ).scalars()
        given = answers_of(ci.kind, list(rows))
        at = ci.answered_at or ci.sent_at or ci.due_at
        moments.append(Moment(at, "checkin", checkin=ci, answers=given))
    for e in s.execute(select(Escalation).where(Escalation.candidate_id == c.id)).scalars():
        moments.append(Moment(e.created_at, "melding", escalation=e, coach=names.get(e.staff_id)))
    moments.sort(key=lambda m: m.at, reverse=True)
    if upcoming is not None:
        moments.insert(0, Moment(upcoming.due_at, "gepland", checkin=upcoming))
    return moments
