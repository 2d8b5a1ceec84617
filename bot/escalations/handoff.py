"""A jobcoach takes over a conversation (issue 5): pause the bot, relay messages both
ways, and resume it when the escalation is closed.

Rasa has no handoff of its own: the conversation is paused with a `pause` event
(ConversationPaused) through Rasa's HTTP API (bot.rasa_client); while paused Rasa still
records the candidate's messages, which the dashboard reads from the tracker. The
jobcoach's replies are relayed by bot.channels.delivery: to the candidate's channel, and into the
tracker, so the history stays complete.

A paused conversation must never stay paused by accident (issue 11). The takeover of an
escalation therefore moves through states (`escalations.handoff_state`), each written
before the step it announces:

    overnemen (taking over) -> overgenomen (taken over) -> teruggeven (closed: give the
    conversation back) -> teruggegeven (given back)
    overnemen -> terugdraaien (the takeover failed halfway: resume without a word) -> None

A step that fails leaves its state behind, and the scheduler (bot.candidates.dispatcher)
finishes it every tick: `finish_pending`. Blocking calls: the portal runs them in a thread.
Each function opens its own database session, so it can run in any thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import or_, select

from bot.catalogue import say
from bot.channels import delivery
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, HandoffMessage

log = logging.getLogger("praktijkbot.handoff")
TAKING, TAKEN, GIVING_BACK, GIVEN_BACK = "overnemen", "overgenomen", "teruggeven", "teruggegeven"
UNDOING = "terugdraaien"
PAUSED = (TAKING, TAKEN, GIVING_BACK)  # Rasa may be paused: the bot says nothing
CANDIDATE, JOBCOACH, BOT = "kandidaat", "jobcoach", "bot"  # who wrote a kept message
STUCK_AFTER = dt.timedelta(minutes=2)  # a takeover still "overnemen" by then was interrupted


class TakeOverFailed(RuntimeError):
    """The takeover did not happen; the bot keeps (or gets back) the conversation."""


def _load(s, escalation_id: int) -> tuple[Escalation, Candidate | None]:
    e = s.get(Escalation, escalation_id)
    return e, s.get(Candidate, e.candidate_id) if e.candidate_id else None


def take_over(rasa: RasaClient, escalation_id: int, jobcoach_name: str, now: dt.datetime) -> None:
    """Pause the bot and tell the candidate who took over. When a step fails, the bot is
    given the conversation back (now, or by the scheduler) and TakeOverFailed is raised."""
    with session() as s:
        e, c = _load(s, escalation_id)
        conversation = delivery.reachable(c.conversation_id if c else None)
        channel = c.channel
        e.handoff_state, e.handoff_at = TAKING, now
        e.acknowledged_at = e.acknowledged_at or now
        s.commit()
    key = f"overgenomen-{escalation_id}-{now:%Y%m%d%H%M%S%f}"  # one per takeover
    try:
        rasa.pause(conversation)
        text = say("escalations.taken_over", name=jobcoach_name)
        delivery.relay(rasa, conversation, channel, text, key=key)
        keep(escalation_id, BOT, text, now, key)
    except Exception as exc:
        log.warning("overnemen mislukt (%s); de bot krijgt het gesprek terug", type(exc).__name__)
        _set(escalation_id, UNDOING, TAKING)
        _finish(rasa, escalation_id)
        raise TakeOverFailed(str(exc)) from exc
    _set(escalation_id, TAKEN, TAKING, handback_at=None)


def first_name(display_name: str) -> str:
    return (display_name or "").split()[0] if (display_name or "").split() else ""


def reply(
    rasa: RasaClient,
    escalation_id: int,
    jobcoach_name: str,
    text: str,
    now: dt.datetime,
    key: str | None = None,
) -> str:
    """The jobcoach's reply, signed with their first name so the candidate sees a person
    wrote it ("Sanne (jobcoach): ..."), to the candidate and into the kept conversation.
    Returns the text as the candidate got it."""
    with session() as s:
        _, c = _load(s, escalation_id)
        conversation, channel = c.conversation_id if c else None, c.channel if c else None
    signed = say("escalations.signed", name=first_name(jobcoach_name), message=text)
    delivery.relay(rasa, conversation, channel, signed, key=key)
    keep(escalation_id, JOBCOACH, signed, now, key)
    return signed


def close(rasa: RasaClient, escalation_id: int, note: str, now: dt.datetime) -> None:
    """Resolve the escalation; a taken-over conversation goes back to the bot (now, or by
    the scheduler when Rasa cannot be reached: the escalation is closed either way)."""
    with session() as s:
        e, _ = _load(s, escalation_id)
        e.status, e.resolved_at, e.note = "afgehandeld", now, note
        if e.handoff_state in (TAKING, TAKEN):
            e.handoff_state = GIVING_BACK
        s.commit()
    _finish(rasa, escalation_id)


def _set(escalation_id: int, state: str | None, expected: str | None, **values: Any) -> bool:
    with session() as s:
        e = s.get(Escalation, escalation_id)
        if e is None or e.handoff_state != expected:
            return False
        e.handoff_state = state
        for key, value in values.items():
            setattr(e, key, value)
        s.commit()
        return True


def _finish(rasa: RasaClient, escalation_id: int) -> bool:
    """Give the conversation back if that is still to be done. True when it is done."""
    with session() as s:
        e, c = _load(s, escalation_id)
        state, conversation = e.handoff_state, c.conversation_id if c else None
        channel = c.channel if c else None
    if state not in (GIVING_BACK, UNDOING):
        return True
    if conversation is None:  # no conversation (any more): nothing is paused
        if state == UNDOING:
            return _set(escalation_id, None, UNDOING, handoff_at=None)
        return _set(escalation_id, GIVEN_BACK, GIVING_BACK)
    try:
        rasa.resume(conversation)
        if state == GIVING_BACK:
            text, key = say("escalations.given_back"), f"teruggegeven-{escalation_id}"
            delivery.relay(rasa, conversation, channel, text, key=key)
            keep(escalation_id, BOT, text, dt.datetime.utcnow(), key)
    except Exception as exc:  # noqa: BLE001 - the scheduler tries again next tick
        log.warning("teruggeven mislukt (%s); de planner probeert het opnieuw", type(exc).__name__)
        return False
    if state == UNDOING:
        return _set(escalation_id, None, UNDOING, handoff_at=None)
    return _set(escalation_id, GIVEN_BACK, GIVING_BACK, handback_at=dt.datetime.utcnow())


def finish_pending(rasa: RasaClient, now: dt.datetime) -> int:
    """The scheduler's part: give back every conversation that is still to be given back,
    and undo takeovers that were interrupted halfway. Returns how many were finished."""
    with session() as s:
        interrupted = s.execute(
            select(Escalation.id).where(
                Escalation.handoff_state == TAKING,
                or_(Escalation.handoff_at.is_(None), Escalation.handoff_at <= now - STUCK_AFTER),
            )
        ).scalars()
        for escalation_id in list(interrupted):
            _set(escalation_id, UNDOING, TAKING)
        pending = list(
            s.execute(
                select(Escalation.id).where(Escalation.handoff_state.in_((GIVING_BACK, UNDOING)))
            ).scalars()
        )
    return sum(_finish(rasa, escalation_id) for escalation_id in pending)


def conversation_since_pause(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Messages after the last pause: who (kandidaat/jobcoach/bot) and the text. A reply
    written into the history twice (sent again after a failure) is shown once."""
    start = 0
    for i, event in enumerate(events):
        if event.get("event") == "pause":
            start = i
    out, keys = [], set()
    for event in events[start:]:
        if event.get("event") == "user" and event.get("text"):
            out.append({"wie": "kandidaat", "tekst": event["text"]})
        elif event.get("event") == "bot" and event.get("text"):
            metadata = event.get("metadata") or {}
            key = metadata.get("sleutel")
            if key and key in keys:
                continue
            keys.add(key)
            by_coach = metadata.get("van") == "jobcoach"
            out.append({"wie": "jobcoach" if by_coach else "bot", "tekst": event["text"]})
    return out


def keep(
    escalation_id: int, sender: str, text: str, now: dt.datetime, key: str | None = None
) -> None:
    """One message of the takeover conversation, kept in the project database (so it stays
    after closing); with a key, a message sent again is kept once."""
    with session() as s:
        keep_in(s, escalation_id, sender, text, now, key)
        s.commit()


def keep_in(
    s, escalation_id: int, sender: str, text: str, now: dt.datetime, key: str | None = None
) -> None:
    if key is not None:
        kept = s.execute(
            select(HandoffMessage.id).where(
                HandoffMessage.escalation_id == escalation_id, HandoffMessage.idem_key == key
            )
        ).first()
        if kept is not None:
            return
    s.add(
        HandoffMessage(
            escalation_id=escalation_id, at=now, sender=sender, text=text[:4000], idem_key=key
        )
    )


def taken_over_escalation(s, candidate_id: int | None) -> Escalation | None:
    """The candidate's escalation whose takeover has (or may have) paused the bot."""
    if candidate_id is None:
        return None
    return s.execute(
        select(Escalation)
        .where(Escalation.candidate_id == candidate_id, Escalation.handoff_state.in_(PAUSED))
        .order_by(Escalation.handoff_at.desc(), Escalation.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def transcript(s, escalation_id: int) -> list[dict[str, Any]]:
    """The kept takeover conversation of an escalation, oldest first: `wie` (kandidaat,
    jobcoach or bot), `tekst` and `tijd` (UTC). Also after closing; for the dashboard's
    escalation page and a candidate's timeline."""
    rows = s.execute(
        select(HandoffMessage)
        .where(HandoffMessage.escalation_id == escalation_id)
        .order_by(HandoffMessage.id)
    ).scalars()
    return [{"wie": r.sender, "tekst": r.text, "tijd": r.at} for r in rows]
