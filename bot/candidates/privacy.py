"""Privacy (AVG) for candidates: what is stored, deleting it, and a retention period.

- `what_we_know` lists what the project database holds about the candidate of a
  conversation, in plain Dutch.
- `delete_candidate` removes the candidate and everything linked to them, and asks
  for the conversation history in Rasa's tracker store to be wiped. That wipe runs a
  few seconds later (`process_deletions`, called by the scheduler process): Rasa
  writes the turn in which the candidate asked after the action has run, so wiping
  inside the action would be undone.
- `purge_expired` deletes candidates and conversations older than the retention
  period (PRAKTIJKBOT_RETENTION_DAYS, default 730 days after the last activity).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import settings
from bot.candidates.intake import FIELDS, intake
from bot.candidates.linking import candidate_for
from bot.catalogue import say
from bot.knowledge.kb import load_regions
from bot.store.models import (
    Candidate,
    ChatRole,
    CheckIn,
    CheckInAnswer,
    DeletionRequest,
    Escalation,
    Event,
    Traject,
    WebMessage,
    Werkproces,
)

WIPE_DELAY = dt.timedelta(seconds=3)


def retention_days() -> int:
    return settings.current().retention_days


def what_we_know(s: Session, conversation_id: str) -> str:
    candidate = candidate_for(s, conversation_id)
    if candidate is None:
        return say("privacy.nothing_stored", days=retention_days())
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


def _delete_candidate_rows(s: Session, candidate: Candidate) -> None:
    traject_ids = select(Traject.id).where(Traject.candidate_id == candidate.id)
    checkin_ids = select(CheckIn.id).where(CheckIn.traject_id.in_(traject_ids))
    statements = [
        delete(CheckInAnswer).where(CheckInAnswer.checkin_id.in_(checkin_ids)),
        delete(CheckIn).where(CheckIn.traject_id.in_(traject_ids)),
        delete(Werkproces).where(Werkproces.traject_id.in_(traject_ids)),
        delete(Traject).where(Traject.candidate_id == candidate.id),
        delete(Escalation).where(Escalation.candidate_id == candidate.id),
        # The event log keeps its counts (kind, region, date) but no longer points at anyone.
        update(Event)
        .where(Event.candidate_id == candidate.id)
        .values(candidate_id=None, detail=None),
        delete(Candidate).where(Candidate.id == candidate.id),
    ]
    for statement in statements:
        s.execute(statement.execution_options(synchronize_session=False))
    s.expunge(candidate)


def delete_candidate(s: Session, conversation_id: str, now: dt.datetime) -> bool:
    """Delete the candidate of this conversation (if any) and queue the history wipe."""
    candidate = candidate_for(s, conversation_id)
    if candidate is not None:
        _delete_candidate_rows(s, candidate)
        s.add(Event(kind="gegevens_verwijderd", at=now))
    s.execute(delete(ChatRole).where(ChatRole.conversation_id == conversation_id))
    s.execute(delete(WebMessage).where(WebMessage.conversation_id == conversation_id))
    s.add(DeletionRequest(conversation_id=conversation_id, requested_at=now))
    s.commit()
    return candidate is not None


def wipe_conversation(tracker: Engine, conversation_id: str) -> int:
    """Delete a conversation from Rasa's SQL tracker store (table `events`)."""
    with tracker.begin() as conn:
        result = conn.execute(
            text("DELETE FROM events WHERE sender_id = :sender"), {"sender": conversation_id}
        )
    return result.rowcount


def process_deletions(s: Session, tracker: Engine, now: dt.datetime) -> int:
    """Wipe the conversations whose deletion was asked for at least WIPE_DELAY ago."""
    pending = s.execute(
        select(DeletionRequest).where(
            DeletionRequest.done_at.is_(None), DeletionRequest.requested_at <= now - WIPE_DELAY
        )
    ).scalars()
    done = 0
    for request in list(pending):
        wipe_conversation(tracker, request.conversation_id)
        request.done_at = now
        request.conversation_id = "-"  # nothing left to point at
        done += 1
    s.commit()
    return done


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
    s.commit()
    if tracker is not None:
        with tracker.begin() as conn:
            conn.execute(
                text("DELETE FROM events WHERE timestamp < :cutoff"),
                {"cutoff": cutoff.replace(tzinfo=dt.timezone.utc).timestamp()},
            )
    return count
