"""The greeting, with the buttons for who is writing: a candidate can sign up, a consultant
can check a client (never the other way round)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import role_of, send
from bot.buttons import button
from bot.catalogue import say
from bot.knowledge.replies import Reply


def greeting(role: str) -> Reply:
    ask = button(say("fallback.simple_question"), "want_to_ask")
    if role == "candidate":
        return Reply(
            say("fallback.greet"), [ask, button(say("fallback.simple_intake"), "start_intake")]
        )
    check = button(say("answers.check_client_button"), "start_eligibility")
    return Reply(say("fallback.greet"), [ask, check])


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send(dispatcher, [greeting(role_of(tracker))])
        return []
