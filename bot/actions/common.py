"""Helpers shared by the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.buttons import read_payload
from bot.knowledge.answering import Reply

MISUNDERSTOOD_LIMIT = 3
STILL_NOT_UNDERSTOOD = "Ik begrijp je nu drie keer niet goed. Sorry."
ASK_A_PERSON = (
    "Wilt u liever een mens spreken? Neem contact op met het leerwerkloket in uw regio. "
    "Bent u kandidaat? Bel of mail dan uw jobcoach."
)


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
        return f"[knop] {entities.get('choice')}"
    return {"affirm": "[knop] ja", "deny": "[knop] nee", "dont_know": "[knop] weet ik niet"}.get(
        intent
    )


def excerpt(tracker: Tracker, turns: int = 6) -> str:
    """The last few messages of the candidate, for the jobcoach."""
    texts = [
        shown
        for e in tracker.events
        if e.get("event") == "user"
        and (shown := _shown((e.get("text") or "").strip())) is not None
        and shown
    ]
    return "\n".join(f"Kandidaat: {t}" for t in texts[-turns:])


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
    dispatcher.utter_message(text=STILL_NOT_UNDERSTOOD)
    dispatcher.utter_message(text=message if known else ASK_A_PERSON)
    return [SlotSet("misunderstood", 0)]
