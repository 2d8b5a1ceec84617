"""Crisis language: safety information first, then the highest-severity escalation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import excerpt
from bot.candidates import journey
from bot.catalogue import say
from bot.escalations.crisis import safety_message
from bot.store.engine import session


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=safety_message())  # before anything else
        with session() as s:
            known, message = journey.report(
                s, tracker.sender_id, "crisis", excerpt(tracker), dt.datetime.utcnow()
            )
            s.commit()
        dispatcher.utter_message(text=message if known else say("escalations.crisis_unknown_next"))
        return []
