"""A candidate wants to stop, reports a problem, or asks for a person (thin)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import declared_role, excerpt, role_of
from bot.actions.knowledge import ActionAnswerQuestion
from bot.candidates import journey
from bot.catalogue import say
from bot.escalations.records import problem_reason
from bot.store.engine import session

# Someone the assistant does not know asks for a person: a candidate or a consultant.
HUMAN_FOR_UNKNOWN = {
    "candidate": "escalations.human_for_unknown_candidate",
    "consultant": "escalations.human_for_unknown_consultant",
}


def _reason(tracker: Tracker) -> str:
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    if intent == "want_to_stop":
        return "wil_stoppen"
    if intent == "request_human":
        return "wil_persoon"
    return problem_reason(tracker.latest_message.get("text") or "")


def escalate(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Record the risk signal in the latest message and tell the candidate what happens;
    a problem ("ruzie", "stress") first gets a short warm word."""
    reason = _reason(tracker)
    if (tracker.latest_message.get("intent") or {}).get("name") == "report_problem":
        dispatcher.utter_message(text=say("forms.ack_problem"))
    with session() as s:
        known, message = journey.report(
            s, tracker.sender_id, reason, excerpt(tracker), dt.datetime.utcnow()
        )
        s.commit()
    if not known and reason == "wil_persoon":
        message = say(HUMAN_FOR_UNKNOWN[role_of(tracker)])
    dispatcher.utter_message(text=message)


class ActionEscalate(Action):
    def name(self) -> str:
        return "action_escalate"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent == "report_problem" and declared_role(tracker) == "consultant":
            # a consultant's "mijn klant heeft ruzie met zijn baas" is about a client: answered
            return ActionAnswerQuestion().answer(dispatcher, tracker, domain)
        escalate(dispatcher, tracker)
        return []
