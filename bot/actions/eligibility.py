"""The consultant quick-check form: ask, validate, conclude."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import accept_or_retry
from bot.answering import default_answerer
from bot.case_facts import describe, read_facts
from bot.dialogue_context import Context
from bot.eligibility import RuleSet, answers_from_slots, load_rules, result_message
from bot.parsing import parse_age, parse_yes_no

YES_NO_BUTTONS = [
    {"title": "Ja", "payload": "/affirm"},
    {"title": "Nee", "payload": "/deny"},
    {"title": "Weet ik niet", "payload": "/dont_know"},
]
UNKNOWN_BUTTON = [{"title": "Weet ik niet", "payload": "/dont_know"}]
HINTS = {
    "age": "Typ de leeftijd in cijfers, bijvoorbeeld: 34. Of kies 'weet ik niet'.",
    "yes_no": "Kies ja, nee of 'weet ik niet'.",
}


@lru_cache(maxsize=1)
def rules() -> RuleSet:
    return load_rules()


def _slots(tracker: Tracker) -> dict[str, Any]:
    return {q.slot: tracker.get_slot(q.slot) for q in rules().questions}


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        answers = answers_from_slots(_slots(tracker), rules())
        return [q.slot for q in rules().applicable(answers)]


def _make_validator(slot: str, kind: str):
    def validate(
        self: ValidateEligibilityForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        parsed = parse_age(str(value)) if kind == "age" else parse_yes_no(str(value))
        return accept_or_retry(
            dispatcher,
            slot,
            None if parsed is None else str(parsed),
            HINTS[kind],
            tracker.get_slot("elig_retries"),
            "elig_retries",
        )

    return validate


for _q in rules().questions:
    setattr(ValidateEligibilityForm, f"validate_{_q.slot}", _make_validator(_q.slot, _q.type))


def _make_ask_action(slot: str, kind: str, text: str) -> type[Action]:
    class AskAction(Action):
        def name(self) -> str:
            return f"action_ask_{slot}"

        def run(
            self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
        ) -> list[dict[str, Any]]:
            buttons = YES_NO_BUTTONS if kind == "yes_no" else UNKNOWN_BUTTON
            dispatcher.utter_message(text=text, buttons=buttons)
            return []

    AskAction.__name__ = f"ActionAsk_{slot}"
    return AskAction


ASK_ACTIONS = [_make_ask_action(q.slot, q.type, q.ask) for q in rules().questions]


def _reset_events() -> list[dict[str, Any]]:
    return [SlotSet(q.slot, None) for q in rules().questions] + [SlotSet("elig_retries", None)]


class ActionResetEligibility(Action):
    """Starts the check afresh, with the case facts the consultant already gave (in this
    message or in the conversation's context), so that only the missing questions follow."""

    def name(self) -> str:
        return "action_reset_eligibility"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        text = (tracker.latest_message or {}).get("text") or ""
        known = dict(Context.from_slot(tracker.get_slot("kb_context")).facts)
        if not text.startswith("/"):
            known.update(read_facts(text))
        known = {k: v for k, v in known.items() if k in {q.slot for q in rules().questions}}
        if known:
            findings = default_answerer().findings(answers_from_slots(known, rules()))
            lines = [f"Ik gebruik wat u al noemde: {describe(known)}."]
            lines += [f"- {f.reason}" for f in findings]
            dispatcher.utter_message(text="\n".join(lines))
        return _reset_events() + [SlotSet(k, str(v)) for k, v in known.items()]


class ActionEligibilityResult(Action):
    def name(self) -> str:
        return "action_eligibility_result"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        answers = answers_from_slots(_slots(tracker), rules())
        result = rules().evaluate(answers)
        titles = {e.id: e.title for e in default_answerer().kb.entries.values()}
        text, buttons = result_message(result, titles)
        dispatcher.utter_message(text=text, buttons=buttons)
        # The answers describe a client: do not keep them once the result is given.
        return _reset_events() + [SlotSet("kb_context", None)]
