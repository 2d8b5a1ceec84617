"""The greeting, with the buttons for who is writing: a candidate can sign up, a consultant
can check a client (never the other way round); on REST, where nobody is proved, both."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import declared_role, send
from bot.buttons import button
from bot.catalogue import say
from bot.knowledge.replies import Reply


def greeting(role: str | None) -> Reply:
    ask = button(say("fallback.simple_question"), "want_to_ask")
    check = button(say("answers.check_client_button"), "start_eligibility")
    sign_up = button(say("fallback.simple_intake"), "start_intake")
    buttons = {"candidate": [ask, sign_up], "consultant": [ask, check]}.get(
        role or "", [ask, check, sign_up]
    )
    return Reply(say("fallback.greet"), buttons)


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send(dispatcher, [greeting(declared_role(tracker))])
        return []
