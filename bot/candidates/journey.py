"""The candidate's traject in conversation (issue 3): who is this conversation, which
check-in is open, and storing the answers of a check-in or a follow-up.

Risk signals in the answers become escalation records (bot.escalations.records). Follow-up
answers are also written to the event log, so inflow, progress, dropout and
outflow to work or school can be counted per region (bot.candidates.figures).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.candidates.linking import candidate_for
from bot.candidates.scheduler import OPEN, mark_answered
from bot.escalations import records as escalation
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Event, Traject, Werkproces

# Follow-up answer -> event kind counted as outflow.
OUTFLOW = {
    "zelfde_werkgever": "uitstroom_werk",
    "ander_werk": "uitstroom_werk",
    "school": "uitstroom_school",
    "zoekt_werk": "uitstroom_geen_werk",
    "anders": "uitstroom_anders",
}


@dataclass
class Stored:
    escalations: list[str] = field(default_factory=list)
    answered: bool = False
    contact: str | None = None  # the jobcoach who is told


def touch(s: Session, candidate: Candidate, now: dt.datetime) -> None:
    candidate.last_active_at = now


def checkin_of(s: Session, conversation_id: str, checkin_id: int | None) -> CheckIn | None:
    """The check-in, only if it belongs to the candidate of this conversation."""
    if not checkin_id:
        return None
    row = s.execute(
        select(CheckIn)
        .join(Traject, Traject.id == CheckIn.traject_id)
        .join(Candidate, Candidate.id == Traject.candidate_id)
        .where(CheckIn.id == int(checkin_id), Candidate.conversation_id == conversation_id)
    ).scalar_one_or_none()
    return row


def open_checkin(s: Session, candidate: Candidate | None, conversation: str) -> CheckIn | None:
    """The candidate's most recent check-in that was (perhaps) sent and not yet answered."""
    if candidate is None:
        return None
    kind = (
        CheckIn.kind.like("nazorg-%") if conversation == "followup" else CheckIn.kind == "voortgang"
    )
    return s.execute(
        select(CheckIn)
        .join(Traject, Traject.id == CheckIn.traject_id)
        .where(
            Traject.candidate_id == candidate.id,
            CheckIn.status.in_(OPEN),
            kind,
        )
        .order_by(CheckIn.due_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def open_werkprocessen(s: Session, candidate: Candidate | None) -> list[str]:
    if candidate is None:
        return []
    rows = s.execute(
        select(Werkproces.name)
        .join(Traject, Traject.id == Werkproces.traject_id)
        .where(
            Traject.candidate_id == candidate.id,
            Traject.status == "actief",
            Werkproces.done_on.is_(None),
        )
        .order_by(Werkproces.id)
    ).scalars()
    return list(rows)[:5]


def previous_mood(s: Session, checkin: CheckIn) -> str | None:
    """The mood answered in the traject's check-in before this one."""
    return s.execute(
        select(CheckInAnswer.answer)
        .join(CheckIn, CheckIn.id == CheckInAnswer.checkin_id)
        .where(
            CheckIn.traject_id == checkin.traject_id,
            CheckIn.id != checkin.id,
            CheckIn.answered_at.is_not(None),
            CheckInAnswer.question == "ci_mood",
        )
        .order_by(CheckIn.answered_at.desc())
        .limit(1)
    ).scalar_one_or_none()


def _store(
    s: Session,
    checkin: CheckIn,
    answers: dict[str, str],
    reasons: list[str],
    event: tuple[str, str | None],
    excerpt: str,
    now: dt.datetime,
    said: dict[str, str] | None = None,
) -> Stored:
    """The answers (with the candidate's own words, when they typed them), an escalation per
    reason, the event (kind, detail) for the figures; then the check-in counts as answered."""
    for question, answer in answers.items():
        if answer is not None:
            words = (said or {}).get(question)
            s.add(
                CheckInAnswer(
                    checkin_id=checkin.id,
                    question=question,
                    answer=str(answer)[:200],
                    said=words[:500] if words else None,
                )
            )
    candidate = s.get(Traject, checkin.traject_id).candidate
    result = Stored()
    for reason in reasons:
        made = escalation.create(s, candidate, reason, excerpt, now)
        result.escalations.append(reason)
        result.contact = escalation.contact_name(s, made)
    kind, detail = event
    s.add(
        Event(kind=kind, candidate_id=candidate.id, region=candidate.region, detail=detail, at=now)
    )
    touch(s, candidate, now)
    s.flush()
    result.answered = mark_answered(s, checkin.id, now)
    return result


def store_checkin(
    s: Session,
    checkin: CheckIn,
    answers: dict[str, str],
    excerpt: str,
    now: dt.datetime,
    said: dict[str, str] | None = None,
) -> Stored:
    reasons = escalation.checkin_signals(answers, previous_mood(s, checkin))
    event = ("checkin_beantwoord", answers.get("ci_mood"))
    return _store(s, checkin, answers, reasons, event, excerpt, now, said)


def store_followup(
    s: Session,
    checkin: CheckIn,
    answers: dict[str, str],
    excerpt: str,
    now: dt.datetime,
    said: dict[str, str] | None = None,
) -> Stored:
    reasons = escalation.followup_signals(answers)
    event = (OUTFLOW.get(answers.get("fu_work") or "", "uitstroom_onbekend"), checkin.kind)
    return _store(s, checkin, answers, reasons, event, excerpt, now, said)


def report(
    s: Session, conversation_id: str, reason: str, excerpt: str, now: dt.datetime
) -> tuple[bool, str]:
    """A risk signal outside a check-in. Returns (known candidate?, message for them)."""
    candidate = candidate_for(s, conversation_id)
    if candidate is None:
        return False, escalation.candidate_message([reason], known=False)
    made = escalation.create(s, candidate, reason, excerpt, now)
    touch(s, candidate, now)
    if reason == "wil_stoppen":
        s.add(Event(kind="wil_stoppen", candidate_id=candidate.id, region=candidate.region, at=now))
    contact = escalation.contact_name(s, made)
    return True, escalation.candidate_message([reason], known=True, contact=contact)
