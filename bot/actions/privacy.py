"""'Wat weet je van mij?' and 'verwijder mijn gegevens' (thin; logic in bot.candidates.privacy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import AllSlotsReset, Restarted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.buttons import button
from bot.candidates.privacy import delete_candidate, what_we_know
from bot.catalogue import say
from bot.store.engine import session


def confirm_buttons() -> list[dict[str, str]]:
    return [
        button(say("privacy.delete_yes"), "confirm_delete"),
        button(say("privacy.delete_no"), "deny"),
    ]


def deleted_text(had_record: bool) -> str:
    return say("privacy.deleted" if had_record else "privacy.deleted_nothing")


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
        return "action_ask_delete_confirmation"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("privacy.delete_question"), buttons=confirm_buttons())
        return []


class ActionDeleteMyData(Action):
    def name(self) -> str:
        return "action_delete_my_data"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        with session() as s:
            had_record = delete_candidate(s, tracker.sender_id, dt.datetime.utcnow())
        dispatcher.utter_message(text=deleted_text(had_record))
        return [AllSlotsReset(), Restarted()]
