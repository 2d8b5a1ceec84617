"""'Wat weet je van mij?' and 'verwijder mijn gegevens' (thin; logic in bot.candidates.privacy).

Deleting takes two steps in one conversation: the question (which notes, where no message
can reach it, that it was asked) and the confirmation right after it. A confirmation that
answers no question (a forged `/confirm_delete`, a stale button) deletes nothing: the
question is asked (again).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.buttons import button
from bot.candidates.privacy import ask_deletion, confirmed, delete_candidate, what_we_know
from bot.catalogue import say
from bot.store.engine import session


def confirm_buttons() -> list[dict[str, str]]:
    return [
        button(say("privacy.delete_yes"), "confirm_delete"),
        button(say("privacy.delete_no"), "deny"),
    ]


def deleted_text(had_record: bool) -> str:
    return say("privacy.deleted" if had_record else "privacy.deleted_nothing")


ASK = "action_ask_delete_confirmation"
DELETE = "action_delete_my_data"  # asks the question again after a confirmation that was none


def answers_the_question(events: list[dict[str, Any]]) -> bool:
    """The latest message is the reply to the deletion question: the last thing the bot did
    before it (besides listening) was asking it."""
    replies = 0
    for event in reversed(events):
        kind = event.get("event")
        if kind == "user":
            replies += 1
            if replies > 1:
                return False
        elif replies and kind == "action" and event.get("name") != "action_listen":
            return event.get("name") in (ASK, DELETE)
    return False


def ask(dispatcher: CollectingDispatcher, conversation_id: str, now: dt.datetime) -> None:
    with session() as s:
        ask_deletion(s, conversation_id, now)
    dispatcher.utter_message(text=say("privacy.delete_question"), buttons=confirm_buttons())


class ActionWhatWeKnow(Action):
    def name(self) -> str:
        return "action_what_we_know"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        with session() as s:
            dispatcher.utter_message(text=what_we_know(s, tracker.sender_id))
        return []


class ActionAskDeleteConfirmation(Action):
    def name(self) -> str:
        return ASK

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        ask(dispatcher, tracker.sender_id, dt.datetime.utcnow())
        return []


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return DELETE

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        now = dt.datetime.utcnow()
        with session() as s:
            if not confirmed(s, tracker.sender_id, answers_the_question(tracker.events), now):
                ask(dispatcher, tracker.sender_id, now)
                return []
            had_record = delete_candidate(s, tracker.sender_id, now)
        dispatcher.utter_message(text=deleted_text(had_record))
        return [AllSlotsReset(), Restarted()]
