"""The consultant quick-check form: ask, validate, conclude."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.forms import QuestionForm
from bot.catalogue import say
from bot.knowledge.case_facts import describe, read_facts
from bot.knowledge.context import Context
from bot.knowledge.eligibility import RuleSet, answers_from_slots, load_rules, result_message
from bot.knowledge.live import last_answerer
from bot.questions import Question


@lru_cache(maxsize=1)
def rules() -> RuleSet:
    return load_rules()


def _slots(tracker: Tracker) -> dict[str, Any]:
    return {q.slot: tracker.get_slot(q.slot) for q in rules().questions}


class ValidateEligibilityForm(QuestionForm):
    """The quick-check's questions; an answer in between is only an answer."""

    form = "eligibility"
    retries_slot = "elig_retries"

    @classmethod
    def questions(cls) -> tuple[Question, ...]:
        return rules().questions


ASK_ACTIONS = ValidateEligibilityForm.ask_actions


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
            findings = last_answerer().findings(answers_from_slots(known, rules()))
            lines = [say("quickcheck.known_facts", facts=describe(known))]
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
        titles = {e.id: e.title for e in last_answerer().kb.entries.values()}
        text, buttons = result_message(result, titles)
        dispatcher.utter_message(text=text, buttons=buttons)
        # The answers describe a client: do not keep them once the result is given.
        return _reset_events() + [SlotSet("kb_context", None)]
