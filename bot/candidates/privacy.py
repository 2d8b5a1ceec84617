"""Privacy (AVG) for candidates: what is stored, deleting it, and a retention period.

- `what_we_know` lists what the project database holds about the candidate of a
  conversation, in plain Dutch.
- `ask_deletion` / `confirmed`: deleting needs the question first, answered in the same
  conversation before it expires (kept here, where no message can set it).
- `delete_candidate` removes the candidate and everything linked to them (bot/store/
  personal_data.py lists every column and what deletion does to it) and the conversation's
  own rows, and asks for its history in Rasa's tracker store to be wiped. That wipe runs a few
  seconds later (`process_deletions`, called by the scheduler process), because Rasa writes
  the turn in which the candidate asked after the action has run; and again until GUARD has
  passed, because a turn that was still running writes the whole history back when it saves.
- A turn in progress cannot bring anything back: rows that point at the candidate fail on
  their foreign key (ids are never reused), and the portal checks `deleted_since` before it
  stores the replies of a turn that started before the deletion.
- `purge_expired` deletes candidates and conversations older than the retention
  period (PRAKTIJKBOT_RETENTION_DAYS, default 730 days after the last activity).
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import settings
from bot.candidates.intake import FIELDS, intake
from bot.candidates.linking import candidate_for
from bot.catalogue import say
from bot.knowledge.kb import load_regions
from bot.store.engine import KnowledgeGap
from bot.store.models import (
    AuditEntry,
    Candidate,
    ChatRole,
    CheckIn,
    CheckInAnswer,
    DeletionRequest,
    Escalation,
    Event,
    HandoffMessage,
    InviteCode,
    LinkAttempt,
    Notification,
    PendingDeletion,
    Traject,
    WebMessage,
    Werkproces,
)

WIPE_DELAY = dt.timedelta(seconds=3)
GUARD = dt.timedelta(minutes=10)  # far longer than any turn (Rasa waits 60 s at most)
CONFIRM_WITHIN = dt.timedelta(minutes=10)
NAME_MARK = "[naam]"


EVENTS_TIME_INDEX = "ix_praktijkbot_events_timestamp"


def retention_days() -> int:
    return settings.current().retention_days


def period_in_words(days: int) -> str:
    """730 -> "2 jaar": a period a candidate reads at a glance, not a count of days."""
    if days >= 365 and days % 365 == 0:
        return f"{days // 365} jaar"
    if days >= 30 and days % 30 == 0:
        return "1 maand" if days == 30 else f"{days // 30} maanden"
    return "1 dag" if days == 1 else f"{days} dagen"


def what_we_know(s: Session, conversation_id: str) -> str:
    candidate = candidate_for(s, conversation_id)
    if candidate is None:
        return say("privacy.nothing_stored", period=period_in_words(retention_days()))
    conv = intake()
    lines = [say("privacy.stored")]
    regions = load_regions()
    for column, slot in FIELDS:
        value = getattr(candidate, column)
        if value in (None, ""):
            continue
        if column == "region" and value in regions:  # a place we could place in a region
            lines.append(
                "- " + say("privacy.stored_region", region=regions[value].get("name", value))
            )
        else:
            lines.append(f"- {conv.question(slot).label}: {conv.question(slot).display(value)}")
    trajecten = s.execute(
        select(func.count()).select_from(Traject).where(Traject.candidate_id == candidate.id)
    ).scalar_one()
    answers = s.execute(
        select(func.count())
        .select_from(CheckInAnswer)
        .join(CheckIn, CheckIn.id == CheckInAnswer.checkin_id)
        .join(Traject, Traject.id == CheckIn.traject_id)
        .where(Traject.candidate_id == candidate.id)
    ).scalar_one()
    escalations = s.execute(
        select(func.count()).select_from(Escalation).where(Escalation.candidate_id == candidate.id)
    ).scalar_one()
    if trajecten:
        lines.append("- " + say("privacy.stored_trajecten", count=trajecten))
    if answers:
        lines.append("- " + say("privacy.stored_answers", count=answers))
    if escalations:
        lines.append("- " + say("privacy.stored_escalations", count=escalations))
    lines.append(say("privacy.who_sees"))
    lines.append(say("privacy.how_to_delete"))
    return "\n".join(lines)


def ask_deletion(s: Session, conversation_id: str, now: dt.datetime) -> None:
    """The deletion question is being asked in this conversation (again: the clock restarts)."""
    pending = s.get(PendingDeletion, conversation_id)
    if pending is None:
        pending = PendingDeletion(conversation_id=conversation_id)
        s.add(pending)
    pending.asked_at, pending.expires_at = now, now + CONFIRM_WITHIN
    s.commit()


def confirmed(s: Session, conversation_id: str, answers_question: bool, now: dt.datetime) -> bool:
    """A confirmation counts only as the reply to the deletion question asked in this
    conversation, before it expired. It is used up either way: after a refusal the question
    is asked anew."""
    pending = s.get(PendingDeletion, conversation_id)
    if pending is None:
        return False
    s.delete(pending)
    s.commit()
    return answers_question and pending.expires_at > now


def _scrub_name(s: Session, name: str | None) -> None:
    """Knowledge gaps are kept for the curators, without the candidate's first name (e-mail
    addresses and long numbers never get in: bot.knowledge.gaps.redact)."""
    name = (name or "").strip()
    if len(name) < 2:
        return
    pattern = re.compile(rf"\b{re.escape(name)}\b", re.IGNORECASE)
    gaps = s.execute(
        select(KnowledgeGap).where(
            func.lower(KnowledgeGap.question).contains(name.lower(), autoescape=True)
        )
    ).scalars()
    for gap in gaps:
        gap.question = pattern.sub(NAME_MARK, gap.question)


def _delete_conversation_rows(s: Session, conversation_id: str) -> None:
    for statement in (
        delete(WebMessage).where(WebMessage.conversation_id == conversation_id),
        delete(ChatRole).where(ChatRole.conversation_id == conversation_id),
        delete(LinkAttempt).where(LinkAttempt.key == conversation_id),
        delete(PendingDeletion).where(PendingDeletion.conversation_id == conversation_id),
    ):
        s.execute(statement.execution_options(synchronize_session=False))


def _delete_candidate_rows(s: Session, candidate: Candidate) -> None:
    cid = candidate.id
    traject_ids = s.execute(select(Traject.id).where(Traject.candidate_id == cid)).scalars().all()
    escalation_ids = (
        s.execute(select(Escalation.id).where(Escalation.candidate_id == cid)).scalars().all()
    )
    checkin_ids = select(CheckIn.id).where(CheckIn.traject_id.in_(traject_ids))
    # The audit log keeps who did what and when, not what was written about the candidate.
    targets = [f"kandidaat:{cid}"]
    targets += [f"traject:{t}" for t in traject_ids] + [f"escalatie:{e}" for e in escalation_ids]
    _scrub_name(s, candidate.first_name)
    statements = [
        delete(CheckInAnswer).where(CheckInAnswer.checkin_id.in_(checkin_ids)),
        delete(CheckIn).where(CheckIn.traject_id.in_(traject_ids)),
        delete(Werkproces).where(Werkproces.traject_id.in_(traject_ids)),
        delete(Traject).where(Traject.candidate_id == cid),
        delete(Notification).where(Notification.escalation_id.in_(escalation_ids)),
        delete(HandoffMessage).where(HandoffMessage.escalation_id.in_(escalation_ids)),
        delete(Escalation).where(Escalation.candidate_id == cid),
        delete(InviteCode).where(InviteCode.candidate_id == cid),
        # The event log keeps its counts (kind, region, date) but no longer points at anyone.
        update(Event).where(Event.candidate_id == cid).values(candidate_id=None, detail=None),
        update(AuditEntry).where(AuditEntry.target.in_(targets)).values(detail=None),
        delete(Candidate).where(Candidate.id == cid),
    ]
    for statement in statements:
        s.execute(statement.execution_options(synchronize_session=False))
    if candidate.conversation_id:
        _delete_conversation_rows(s, candidate.conversation_id)
    s.expunge(candidate)


def delete_candidate(s: Session, conversation_id: str, now: dt.datetime) -> bool:
    """Delete the candidate of this conversation (if any) and the conversation's own rows,
    and queue the history wipe."""
    candidate = candidate_for(s, conversation_id)
    if candidate is not None:
        _delete_candidate_rows(s, candidate)
        s.add(Event(kind="gegevens_verwijderd", at=now))
    _delete_conversation_rows(s, conversation_id)
    s.add(DeletionRequest(conversation_id=conversation_id, requested_at=now))
    s.commit()
    return candidate is not None


def deletion_mark(s: Session, conversation_id: str) -> int:
    """Taken before a turn starts; `deleted_since` tells afterwards if the turn deleted it."""
    return s.execute(
        select(func.coalesce(func.max(DeletionRequest.id), 0)).where(
            DeletionRequest.conversation_id == conversation_id
        )
    ).scalar_one()


def deleted_since(s: Session, conversation_id: str, mark: int) -> bool:
    return deletion_mark(s, conversation_id) > mark


def wipe_conversation(tracker: Engine, conversation_id: str, until: dt.datetime) -> int:
    """Delete a conversation's events up to `until` from Rasa's SQL tracker store (`events`)."""
    with tracker.begin() as conn:
        result = conn.execute(
            text("DELETE FROM events WHERE sender_id = :sender AND timestamp <= :until"),
            {"sender": conversation_id, "until": _epoch(until)},
        )
    return result.rowcount


def _epoch(moment: dt.datetime) -> float:
    return moment.replace(tzinfo=dt.timezone.utc).timestamp()


def process_deletions(s: Session, tracker: Engine, now: dt.datetime) -> int:
    """Wipe the conversations deleted at least WIPE_DELAY ago, and wipe again what a turn
    that was still running wrote back, until GUARD has passed. Returns the first wipes."""
    pending = s.execute(
        select(DeletionRequest).where(
            DeletionRequest.done_at.is_(None), DeletionRequest.requested_at <= now - WIPE_DELAY
        )
    ).scalars()
    first = 0
    for request in list(pending):
        if request.wiped_at is None:
            request.wiped_at = now
            first += 1
        wipe_conversation(tracker, request.conversation_id, request.wiped_at)
        if now >= request.requested_at + GUARD:
            request.done_at = now
            request.conversation_id = "-"  # nothing left to point at
    s.commit()
    return first


def purge_expired(s: Session, tracker: Engine | None, now: dt.datetime, days: int) -> int:
    """Delete candidates without an active traject, inactive for `days`, and old chats."""
    cutoff = now - dt.timedelta(days=days)
    active = select(Traject.candidate_id).where(Traject.status == "actief")
    expired = s.execute(
        select(Candidate).where(
            func.coalesce(Candidate.last_active_at, Candidate.created_at) < cutoff,
            Candidate.id.not_in(active),
        )
    ).scalars()
    count = 0
    for candidate in list(expired):
        if candidate.conversation_id:
            s.add(DeletionRequest(conversation_id=candidate.conversation_id, requested_at=now))
        _delete_candidate_rows(s, candidate)
        count += 1
    for statement in (
        delete(WebMessage).where(WebMessage.created_at < cutoff),
        delete(ChatRole).where(ChatRole.updated_at < cutoff),
        delete(PendingDeletion).where(PendingDeletion.expires_at < now),
    ):
        s.execute(statement.execution_options(synchronize_session=False))
    s.commit()
    if tracker is not None:
        with tracker.begin() as conn:
            # Rasa's tracker store has no index on the time; without one this is a full scan
            conn.execute(
                text(f"CREATE INDEX IF NOT EXISTS {EVENTS_TIME_INDEX} ON events (timestamp)")
            )
            conn.execute(
                text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": _epoch(cutoff)}
            )
    return count
