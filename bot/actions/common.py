"""Helpers shared by the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.buttons import read_payload
from bot.catalogue import say
from bot.knowledge.replies import Reply

MISUNDERSTOOD_LIMIT = 3
# A button pressed, as the jobcoach reads it in the excerpt.
PRESSED = {
    "affirm": "escalations.excerpt_yes",
    "deny": "escalations.excerpt_no",
    "dont_know": "escalations.excerpt_unknown",
}


def role_of(tracker: Tracker) -> str:
    """'candidate' or 'consultant', as the channel proved it (message metadata).

    The REST channel carries no metadata: it is the consultants' and developers' channel.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            role = (event.get("metadata") or {}).get("role")
            return "candidate" if role == "candidate" else "consultant"
    return "consultant"


def send(dispatcher: CollectingDispatcher, replies: list[Reply]) -> None:
    for reply in replies:
        dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None)


def _shown(text: str) -> str | None:
    """A typed text as is; a button as the value chosen; other payloads left out."""
    if not text.startswith("/"):
        return text
    pressed = read_payload(text)
    if pressed is None:
        return None
    intent, entities = pressed
    if intent == "inform":
        return say("escalations.excerpt_button", choice=entities.get("choice"))
    key = PRESSED.get(intent)
    return say(key) if key else None


def excerpt(tracker: Tracker, turns: int = 6) -> str:
    """The last few messages of the candidate, for the jobcoach."""
    texts = [
        shown
        for e in tracker.events
        if e.get("event") == "user"
        and (shown := _shown((e.get("text") or "").strip())) is not None
        and shown
    ]
    return "\n".join(say("escalations.excerpt_line", text=t) for t in texts[-turns:])


def track_misunderstood(
    dispatcher: CollectingDispatcher, tracker: Tracker, failed: bool
) -> list[dict[str, Any]]:
    """Three misunderstood messages in a row: a person is asked to step in."""
    count = int(tracker.get_slot("misunderstood") or 0)
    if not failed:
        return [SlotSet("misunderstood", 0)] if count else []
    count += 1
    if count < MISUNDERSTOOD_LIMIT:
        return [SlotSet("misunderstood", count)]
    from bot.candidates import journey
    from bot.store.engine import session

    with session() as s:
        known, message = journey.report(
            s, tracker.sender_id, "niet_begrepen", excerpt(tracker), dt.datetime.utcnow()
        )
        s.commit()
    dispatcher.utter_message(text=say("fallback.three_times"))
    dispatcher.utter_message(text=message if known else say("fallback.ask_a_person"))
    return [SlotSet("misunderstood", 0)]
