"""Every message a candidate writes, in every state: what a channel does after Rasa's turn.

Rasa runs no action while a jobcoach has taken the conversation over (it is paused), and a
turn whose action failed has no reply. So after each turn the candidate channels
(bot.channels.telegram, bot.channels.web) call `after_message`:

- crisis language that did not get the safety message in this turn gets it now, with an
  urgency-1 melding (records.create: the jobcoach, the region's fallback, or the
  administrators are alerted); in an ordinary turn Rasa's action_crisis has given it, and
  nothing is added;
- while a jobcoach has the conversation, the message and what is added are kept in the
  takeover conversation (bot.escalations.handoff), which the dashboard shows.

Blocking (database): the channels call it in a worker thread.
"""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select

from bot.catalogue import say
from bot.escalations import handoff, owners, records
from bot.escalations.crisis import crisis_kind, safety_message
from bot.store.engine import session
from bot.store.models import Candidate, Staff

log = logging.getLogger("praktijkbot.watch")


def _given(sent: list[str]) -> bool:
    wanted = safety_message()
    return any(" ".join((text or "").split()) == wanted for text in sent)


def after_message(
    conversation_id: str, text: str, sent: list[str], now: dt.datetime | None = None
) -> list[str]:
    """The texts the channel still has to send the writer of `text` (in this order), after
    Rasa's turn sent `sent`. Empty for almost every message. When the database fails, the
    safety message is still given."""
    try:
        return _after_message(conversation_id, text, sent, now or dt.datetime.utcnow())
    except Exception as exc:  # noqa: BLE001 - safety first, the melding is best effort here
        log.warning("na het bericht: controle mislukt (%s)", type(exc).__name__)
        return [safety_message()] if crisis_kind(text) and not _given(sent) else []


def _after_message(conversation_id: str, text: str, sent: list[str], now: dt.datetime):
    with session() as s:
        candidate = s.execute(
            select(Candidate).where(Candidate.conversation_id == conversation_id)
        ).scalar_one_or_none()
        taken = handoff.taken_over_escalation(s, candidate.id if candidate else None)
        if taken is not None and not text.startswith("/"):
            handoff.keep_in(s, taken.id, handoff.CANDIDATE, text, now)
        extra: list[str] = []
        if crisis_kind(text) and not _given(sent):
            extra = [safety_message(), *_next_step(s, candidate, taken, text, now)]
            if taken is not None:
                for line in extra:
                    handoff.keep_in(s, taken.id, handoff.BOT, line, now)
        s.commit()
    return extra


def _next_step(s, candidate: Candidate | None, taken, text: str, now: dt.datetime) -> list[str]:
    if candidate is None:
        return [say("escalations.crisis_unknown_next")]
    excerpt = say("escalations.excerpt_line", text=text)
    made = records.create(s, candidate, "crisis", excerpt, now)
    if taken is None:
        contact = records.contact_name(s, made)
        return [records.candidate_message(["crisis"], True, contact)]
    coach = s.get(Staff, taken.staff_id) if taken.staff_id else None
    if coach is not None and coach.id != made.staff_id:
        s.flush()
        owners.alert(s, made, [coach], now)  # the one in the conversation is told too
    if coach is None:
        return [records.candidate_message(["crisis"], True, records.contact_name(s, made))]
    return [say("escalations.crisis_in_takeover", contact=handoff.first_name(coach.display_name))]
