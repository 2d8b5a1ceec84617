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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import settings
from bot.catalogue import say
from bot.store.models import Candidate, Escalation, Event, Notification, Staff, Traject
from bot.text import words

DEDUPE_WINDOW = dt.timedelta(hours=24)
# A conversation that keeps raising new reasons: beyond this many in the window, while one is
# still open, the jobcoach is not told again (the open escalation stands). Crisis always passes.
MAX_PER_WINDOW = 5
EXCERPT_CHARS = 1000
# How soon a jobcoach gets in touch, per severity ("vandaag nog"): catalogue keys.
WHEN = {1: "escalations.when_1", 2: "escalations.when_2", 3: "escalations.when_3"}


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
        Reason("wil_persoon", 3, "escalations.reason_wil_persoon"),
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


def jobcoach_for(s: Session, candidate: Candidate) -> Staff | None:
    """The jobcoach of the candidate's latest traject, or else the region's default one."""
    traject = s.execute(
        select(Traject)
        .where(Traject.candidate_id == candidate.id, Traject.jobcoach_id.is_not(None))
        .order_by(Traject.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if traject is not None:
        return s.get(Staff, traject.jobcoach_id)
    if candidate.region:
        return s.execute(
            select(Staff)
            .where(
                Staff.role == "jobcoach",
                Staff.region == candidate.region,
                Staff.default_for_region == 1,
            )
            .order_by(Staff.id)
            .limit(1)
        ).scalar_one_or_none()
    return None


def notification_channels(staff: Staff | None) -> list[tuple[str, str]]:
    """(channel, recipient) for each way this jobcoach can be told that is configured."""
    if staff is None:
        return []
    channels = []
    config = settings.current()
    if staff.email and config.smtp_host:
        channels.append(("email", staff.email))
    if staff.telegram_chat_id and config.telegram_token:
        channels.append(("telegram", staff.telegram_chat_id))
    return channels


def create(
    s: Session,
    candidate: Candidate,
    reason: str,
    excerpt: str,
    now: dt.datetime,
) -> Escalation:
    """A new open escalation with its jobcoach and queued notifications, or the open one
    with the same reason from the last 24 hours (then nobody is told twice)."""
    info = REASONS[reason]
    existing = s.execute(
        select(Escalation).where(
            Escalation.candidate_id == candidate.id,
            Escalation.reason == reason,
            Escalation.status == "open",
            Escalation.created_at >= now - DEDUPE_WINDOW,
        )
    ).scalar_one_or_none()
    if existing is not None:
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
    )
    s.add(escalation)
    s.flush()
    for channel, recipient in notification_channels(staff):
        s.add(
            Notification(
                escalation_id=escalation.id,
                channel=channel,
                recipient=recipient,
                created_at=now,
                next_attempt_at=now,
            )
        )
    s.add(Event(kind=f"escalatie_{reason}", candidate_id=candidate.id, region=candidate.region))
    return escalation


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
    when = say(WHEN.get(severity, WHEN[3]))
    if "wil_stoppen" in reasons:
        key = "escalations.stop_named" if contact else "escalations.stop_anyone"
    else:
        key = "escalations.reported_named" if contact else "escalations.reported_anyone"
    return say(key, contact=contact, when=when)
