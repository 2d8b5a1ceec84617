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
from bot.questions import conversations

MISUNDERSTOOD_LIMIT = 3
# A button pressed, as the jobcoach reads it in the excerpt.
PRESSED = {
    "affirm": "escalations.excerpt_yes",
    "deny": "escalations.excerpt_no",
    "dont_know": "escalations.excerpt_unknown",
}


def declared_role(tracker: Tracker) -> str | None:
    """The role the channel attached to the latest message, or None (REST: no channel
    proved anything about the writer)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            role = (event.get("metadata") or {}).get("role")
            return role if role in ("candidate", "consultant") else None
    return None


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


def _option_title(choice: str) -> str | None:
    """A choice's button title, or a question's label when the choice names a question
    (the intake's "which answer do you want to change?")."""
    for conversation in conversations().values():
        for question in conversation.questions:
            if question.slot == choice:
                return question.label
            for option in question.options:
                if option.value == choice:
                    return option.title
    return None


def _shown(text: str, titles: dict[str, str]) -> str | None:
    """A typed text as is; a button as its title (as the candidate saw it); other payloads
    left out. `titles`: payload -> title of the buttons shown last."""
    if not text.startswith("/"):
        return text
    pressed = read_payload(text)
    if pressed is None:
        return None
    intent, entities = pressed
    title = titles.get(text)
    if title is None and intent == "inform":
        choice = str(entities.get("choice") or "")
        title = _option_title(choice) or choice
    if title:
        return say("escalations.excerpt_button", choice=title)
    key = PRESSED.get(intent)
    return say(key) if key else None


def _turns(events: list[dict[str, Any]]) -> list[tuple[str | None, str]]:
    """(the question the bot asked just before, what the candidate said) per message."""
    turns: list[tuple[str | None, str]] = []
    asked: str | None = None
    titles: dict[str, str] = {}
    for e in events:
        if e.get("event") == "bot":
            text = (e.get("text") or "").strip()
            if text:
                # the question itself: its last line (not "Vraag 3 van 7" above it)
                asked = text.splitlines()[-1].strip() if text.endswith("?") else None
            shown = (e.get("data") or {}).get("buttons") or []
            titles = {b.get("payload", ""): b.get("title", "") for b in shown} if shown else {}
        elif e.get("event") == "user":
            said = _shown((e.get("text") or "").strip(), titles)
            if said:
                turns.append((asked, said))
            asked = None
    return turns


def excerpt(tracker: Tracker, turns: int = 6) -> str:
    """The last few messages of the candidate, each after the question it answers, for the
    jobcoach: buttons by their titles, never a payload or a slot name."""
    lines: list[str] = []
    for asked, said in _turns(tracker.events)[-turns:]:
        if asked:
            lines.append(say("dashboard.excerpt_asked", text=asked[:200]))
        lines.append(say("escalations.excerpt_line", text=said))
    return "\n".join(lines)


def said_per_slot(events: list[dict[str, Any]], slots: list[str]) -> dict[str, str]:
    """What the candidate typed for each of these slots (the last answer that filled it);
    a pressed button is not their own words and is left out."""
    said: dict[str, str] = {}
    typed: str | None = None
    for e in events:
        if e.get("event") == "user":
            text = (e.get("text") or "").strip()
            typed = None if text.startswith("/") else " ".join(text.split())[:500]
        elif e.get("event") == "slot" and e.get("name") in slots and e.get("value") is not None:
            if typed:
                said[e["name"]] = typed
            else:
                said.pop(e["name"], None)
    return said


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
