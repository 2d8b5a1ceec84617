"""Risk signals become escalations for the jobcoach: the one place where they are made.

Every trigger (a message, a check-in's answers, the scheduler's "no answer", a channel
that refuses delivery) calls `create`: it deduplicates, assigns the jobcoach, and queues
a notification per channel the jobcoach has (sent by the outbox in
bot.escalations.notifications). The record holds the reason, the severity (1 = most
urgent) and a short excerpt of the conversation; the candidate is told honestly what happens next.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot import settings
from bot.catalogue import say
from bot.escalations import owners
from bot.escalations.owners import jobcoach_for, notification_channels  # noqa: F401 - API
from bot.store.models import Candidate, Escalation, Event, Staff
from bot.text import words

DEDUPE_WINDOW = dt.timedelta(hours=24)
# A conversation that keeps raising new reasons: beyond this many in the window, while one is
# still open, the jobcoach is not told again (the open escalation stands). Crisis always passes.
MAX_PER_WINDOW = 5
EXCERPT_CHARS = 1000
MERGED_CHARS = 4000  # the excerpts of merged meldingen together
# How soon a jobcoach gets in touch, per severity ("vandaag nog"): catalogue keys. The same
# times the scheduler checks (bot.escalations.owners.due).
WHEN = {1: "escalations.when_1", 2: "escalations.when_2", 3: "escalations.when_3"}
# A person who asks for a person waits least of all: today or the next working day.
WHEN_REASON = {"wil_persoon": "escalations.when_person"}


@dataclass(frozen=True)
class Reason:
    code: str
    severity: int
    label_key: str  # the catalogue key of the label for the jobcoach

    @property
    def label(self) -> str:
        return say(self.label_key)


REASONS = {
    r.code: r
    for r in (
        Reason("crisis", 1, "escalations.reason_crisis"),
        Reason("wil_stoppen", 2, "escalations.reason_wil_stoppen"),
        Reason("conflict", 2, "escalations.reason_conflict"),
        Reason("gezondheid_stress", 2, "escalations.reason_gezondheid_stress"),
        Reason("niet_goed_2x", 2, "escalations.reason_niet_goed_2x"),
        Reason("contract", 2, "escalations.reason_contract"),
        Reason("geen_begeleiding", 3, "escalations.reason_geen_begeleiding"),
        Reason("wil_persoon", 2, "escalations.reason_wil_persoon"),
        Reason("nazorg_hulp", 3, "escalations.reason_nazorg_hulp"),
        Reason("zorgen_overig", 3, "escalations.reason_zorgen_overig"),
        Reason("geen_reactie", 3, "escalations.reason_geen_reactie"),
        Reason("onbereikbaar", 3, "escalations.reason_onbereikbaar"),
        Reason("niet_begrepen", 3, "escalations.reason_niet_begrepen"),
    )
}

# Words in a free message that point at a reason. Checked in this order.
_PROBLEM_WORDS = (
    ("conflict", r"ruzie|conflict|gedoe|pest|gepest|uitgescholden|boos op mij|schreeuw"),
    ("gezondheid_stress", r"ziek|stress|gestrest|burn ?out|pijn|moe|slaap|overspannen|paniek"),
    ("contract", r"contract|ontslag|ontslagen|baan kwijt|eruit gezet|niet verlengd"),
    ("geen_begeleiding", r"niemand helpt|geen begeleid|geen tijd voor mij|alleen gelaten"),
    ("wil_stoppen", r"stoppen|ermee kappen|ik kap|ik stop|wil niet meer"),
)


def problem_reason(text: str) -> str:
    """The reason a free message ('ik heb ruzie met mijn baas') points at."""
    folded = words(text or "")
    for code, pattern in _PROBLEM_WORDS:
        if re.search(rf"\b(?:{pattern})", folded):
            return code
    return "wil_persoon"


def checkin_signals(answers: dict[str, str], previous_mood: str | None) -> list[str]:
    """Reasons in a progress check-in's answers."""
    reasons = []
    if answers.get("ci_mood") == "niet_goed" and previous_mood == "niet_goed":
        reasons.append("niet_goed_2x")
    if answers.get("ci_opleider_time") == "nee":
        reasons.append("geen_begeleiding")
    worry = answers.get("ci_worries")
    by_worry = {
        "gezondheid": "gezondheid_stress",
        "contract": "contract",
        "werk": "conflict",
        "reizen": "zorgen_overig",
        "geld": "zorgen_overig",
        "thuis": "zorgen_overig",
    }
    if worry in by_worry:
        reasons.append(by_worry[worry])
    elif worry and worry not in ("geen", "onbekend"):
        reason = problem_reason(worry)
        reasons.append(reason if reason != "wil_persoon" else "zorgen_overig")
    return list(dict.fromkeys(reasons))


def followup_signals(answers: dict[str, str]) -> list[str]:
    return ["nazorg_hulp"] if answers.get("fu_help") == "ja" else []


def create(
    s: Session,
    candidate: Candidate,
    reason: str,
    excerpt: str,
    now: dt.datetime,
) -> Escalation:
    """A new open escalation with its owner, promised time and queued notifications; or the
    candidate's open one it merges into: from the last few minutes (merge window), or with
    the same reason from the last 24 hours. A merge keeps every excerpt and the highest
    urgency, and tells again only what is new (more urgent, or still without an owner)."""
    info = REASONS[reason]
    existing = _mergeable(s, candidate, reason, now)
    if existing is not None:
        _merge(s, existing, candidate, reason, excerpt, now)
        return existing
    limited = _over_the_limit(s, candidate, reason, now)
    if limited is not None:
        s.add(Event(kind="escalatie_begrensd", candidate_id=candidate.id, detail=reason))
        return limited
    staff = jobcoach_for(s, candidate)
    escalation = Escalation(
        candidate_id=candidate.id,
        reason=reason,
        severity=info.severity,
        excerpt=(excerpt or "")[-EXCERPT_CHARS:],
        created_at=now,
        staff_id=staff.id if staff else None,
        due_at=owners.due(info.severity, reason, now),
    )
    s.add(escalation)
    s.flush()
    owners.alert(s, escalation, owners.recipients(s, candidate, staff, info.severity), now)
    s.add(Event(kind=f"escalatie_{reason}", candidate_id=candidate.id, region=candidate.region))
    return escalation


def _mergeable(s: Session, candidate: Candidate, reason: str, now: dt.datetime):
    window = dt.timedelta(minutes=settings.current().merge_minutes)
    return s.execute(
        select(Escalation)
        .where(
            Escalation.candidate_id == candidate.id,
            Escalation.status == "open",
            or_(
                Escalation.created_at >= now - window,
                and_(Escalation.reason == reason, Escalation.created_at >= now - DEDUPE_WINDOW),
            ),
        )
        .order_by(Escalation.created_at.desc(), Escalation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def _merge(
    s: Session, e: Escalation, candidate: Candidate, reason: str, excerpt: str, now: dt.datetime
) -> None:
    e.excerpt = joined_excerpt(e.excerpt, excerpt)
    severity = REASONS[reason].severity
    rose = severity < e.severity
    if reason != e.reason:  # the label shows the most urgent reason; the excerpt the other
        also = say("escalations.excerpt_also", reason=REASONS[e.reason if rose else reason].label)
        e.excerpt = joined_excerpt(e.excerpt, also) if also not in e.excerpt else e.excerpt
    if rose:
        e.severity, e.reason = severity, reason
        e.due_at = min(e.due_at or now, owners.due(severity, reason, now))
    owner = s.get(Staff, e.staff_id) if e.staff_id else None
    if owner is None:
        owner = jobcoach_for(s, candidate)  # a region may have a default jobcoach by now
        if owner is not None:
            owners.assign(s, e, owner, now)
        elif now - e.created_at >= dt.timedelta(minutes=settings.current().merge_minutes):
            owners.alert(s, e, owners.admins(s), now, owners.AGAIN)  # never silently
    if rose:
        owners.alert(s, e, owners.recipients(s, candidate, owner, e.severity), now)


def joined_excerpt(old: str | None, new: str | None) -> str:
    """Both excerpts, the lines they share once (each is the last few messages)."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    also = say("escalations.excerpt_also", reason="")
    said = [line for line in old_lines if not line.startswith(also)]  # the messages
    for k in range(min(len(said), len(new_lines)), 0, -1):
        if said[-k:] == new_lines[:k]:
            new_lines = new_lines[k:]
            break
    return "\n".join(old_lines + new_lines)[-MERGED_CHARS:]


def _over_the_limit(
    s: Session, candidate: Candidate, reason: str, now: dt.datetime
) -> Escalation | None:
    """The open escalation that stands for a new one, when this conversation has had
    MAX_PER_WINDOW already; None when a new one may be made."""
    if reason == "crisis":
        return None
    recent = s.execute(
        select(func.count(Escalation.id)).where(
            Escalation.candidate_id == candidate.id,
            Escalation.created_at >= now - DEDUPE_WINDOW,
        )
    ).scalar_one()
    if recent < MAX_PER_WINDOW:
        return None
    return s.execute(
        select(Escalation)
        .where(Escalation.candidate_id == candidate.id, Escalation.status == "open")
        .order_by(Escalation.created_at.desc(), Escalation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def contact_name(s: Session, escalation: Escalation) -> str | None:
    staff = s.get(Staff, escalation.staff_id) if escalation.staff_id else None
    return staff.display_name if staff else None


def candidate_message(reasons: list[str], known: bool, contact: str | None = None) -> str:
    """What the candidate is told: honest about who does what next, and when."""
    if not reasons:
        return ""
    if not known:
        return say("escalations.unknown_candidate")
    severity = min(REASONS[r].severity for r in reasons)
    special = [WHEN_REASON[r] for r in reasons if r in WHEN_REASON]
    when = say(special[0] if special and severity >= 2 else WHEN.get(severity, WHEN[3]))
    if "wil_stoppen" in reasons:
        key = "escalations.stop_named" if contact else "escalations.stop_anyone"
    else:
        key = "escalations.reported_named" if contact else "escalations.reported_anyone"
    return say(key, contact=contact, when=when)
