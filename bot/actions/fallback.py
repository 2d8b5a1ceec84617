"""The calm reply when nothing else fits (low confidence, bad input, a lone 'ja'), and
the simple-language path: someone who writes English or says Dutch is hard gets short
Dutch sentences, buttons, and a person offered (the request_human path)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import role_of, send, track_misunderstood
from bot.actions.knowledge import ActionAnswerQuestion
from bot.buttons import button
from bot.catalogue import say
from bot.input_guard import problem_reply
from bot.knowledge.case_facts import read_facts
from bot.knowledge.replies import Reply

# A lone answer that belongs to no question: its intent -> the text that replies to it.
LONE_ANSWER = {
    "affirm": "fallback.lone_affirm",
    "deny": "fallback.lone_deny",
    "dont_know": "fallback.lone_dont_know",
    "inform": "fallback.lone_inform",
}


def simple_language_reply(in_form: bool = False) -> list[Reply]:
    """Short Dutch with buttons; in a form the question comes again after it."""
    person = button(say("fallback.simple_person"), "request_human")
    if in_form:
        return [Reply(say("fallback.simple_language_in_form"), [person])]
    choices = [
        button(say("fallback.simple_intake"), "start_intake"),
        button(say("fallback.simple_question"), "want_to_ask"),
        person,
    ]
    return [Reply(say("fallback.simple_language"), choices)]


def _reply(tracker: Tracker) -> str | None:
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    lone = LONE_ANSWER.get(intent or "")
    return problem_reply(message.get("text")) or (say(lone) if lone else None)


class ActionHandleStray(Action):
    """A 'ja', 'nee', 'weet ik niet' or a number that belongs to no question."""

    def name(self) -> str:
        return "action_handle_stray"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        text = message.get("text") or ""
        # "hoe oud was de oudste?" or "en 4" after an answer: a question, not a lone answer
        asks = (message.get("intent") or {}).get("name") == "inform" and (
            text.rstrip().endswith("?") or tracker.get_slot("kb_context")
        )
        if asks or (len(text.split()) >= 3 and read_facts(text)):  # "mijn klant is 17": a case
            return ActionAnswerQuestion().answer(dispatcher, tracker, domain)
        dispatcher.utter_message(text=_reply(tracker) or say("fallback.lone_dont_know"))
        return []


class ActionDefaultFallback(Action):
    """Rasa's core fallback: reply calmly and forget the message, as Rasa's own does."""

    def name(self) -> str:
        return "action_default_fallback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text=_reply(tracker) or say("fallback.not_understood"))
        # after the revert, or the count would be reverted with the message
        return [UserUtteranceReverted(), *track_misunderstood(dispatcher, tracker, True)]


class ActionOtherLanguage(Action):
    """English or "nederlands moeilijk" (the input guard's intent other_language)."""

    def name(self) -> str:
        return "action_other_language"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        if role_of(tracker) == "consultant" and read_facts(text):  # a client who reads little
            return ActionAnswerQuestion().answer(dispatcher, tracker, domain)
        send(dispatcher, simple_language_reply())
        return []
