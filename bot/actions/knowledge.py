"""Answering knowledge questions (consultants and candidates)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import role_of, send, track_misunderstood
from bot.knowledge.live import current_answerer, watch


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        # Off the event loop: after a curator's change the question waits for the new
        # knowledge (seconds), while the server keeps answering its health checks.
        await asyncio.to_thread(current_answerer)
        return self.answer(dispatcher, tracker, domain)

    def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """The knowledge answer (also from the forms and fallbacks, which run in the loop)."""
        answerer = current_answerer()
        message = tracker.latest_message or {}
        intent = (message.get("intent") or {}).get("name")
        picked = next(tracker.get_latest_entity_values("kb_entry_id"), None)
        text = message.get("text") or ""
        role = role_of(tracker)
        if intent == "more_info":
            outcome = answerer.more(picked or tracker.get_slot("kb_last_entry"), role)
        else:
            chosen = picked if intent == "choose_entry" else None
            outcome = answerer.respond(
                text, tracker.get_slot("region"), chosen, role, tracker.get_slot("kb_context")
            )
        send(dispatcher, outcome.replies)
        values: dict[str, Any] = {"kb_entry_id": None, "kb_last_entry": outcome.entry_id}
        if intent != "more_info":
            values["kb_context"] = outcome.context
        if outcome.region:
            values["region"] = outcome.region
        # only what changes: every event is kept in the tracker store for as long as the
        # conversation (a 25-turn conversation held 93 slot events that changed nothing)
        events = [SlotSet(k, v) for k, v in values.items() if tracker.get_slot(k) != v]
        failed = outcome.kind in ("refuse", "problem")
        return events + track_misunderstood(dispatcher, tracker, failed)


# Build the ranker when the action server starts, not on the first question; build it again
# as soon as a curator changes the knowledge (bot.knowledge.live).
current_answerer()
watch()
