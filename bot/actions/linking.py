"""Linking this conversation to a candidate with an invite code.

Thin; the logic is in bot.candidates.linking.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.candidates.linking import redeem
from bot.catalogue import say
from bot.store.engine import session

CHANNELS = {"telegram": "telegram", "web": "web"}


class ActionAskInviteCode(Action):
    def name(self) -> str:
        return "action_ask_invite_code"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=say("linking.ask_code"))
        return []


class ActionLinkAccount(Action):
    def name(self) -> str:
        return "action_link_account"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        code = str(tracker.get_slot("invite_code") or "")
        channel = CHANNELS.get(tracker.get_latest_input_channel() or "")
        if channel is None:  # REST: whoever calls it proved nobody's identity
            dispatcher.utter_message(text=say("linking.chat_only"))
            return [SlotSet("invite_code", None)]
        with session() as s:
            result = redeem(s, code, tracker.sender_id, channel, dt.datetime.utcnow())
        dispatcher.utter_message(text=result.message)
        return [SlotSet("invite_code", None)]
