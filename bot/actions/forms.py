"""The one form engine: questions as data (bot.questions), asked one at a time.

A form names its questions; the engine gives it Rasa's `validate_<form>_form` action,
with a validator per question, and an `action_ask_<slot>` per question. Each answer is
read by `parse_answer`. One that cannot be read gets one retry with the question's hint;
the second time the engine notes "weet ik niet" and goes on. A form may handle what
comes in between (`interrupted`): the candidate's forms answer a knowledge question
there, or pass a risk signal on to the jobcoach, and then ask the same question again.

Used by the consultant's quick-check (bot/actions/eligibility.py) and the candidate's
intake, check-ins and follow-ups (bot/actions/candidate_forms.py).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.catalogue import say
from bot.parsing import UNKNOWN
from bot.questions import Option, Question, applicable, parse_answer


def accept_or_retry(
    dispatcher: CollectingDispatcher,
    slot: str,
    parsed: str | None,
    hint: str,
    retries: dict[str, int] | None,
    retries_slot: str,
) -> dict[str, Any]:
    """A form answer: keep what was read; otherwise one retry with a hint, and the second
    time note "weet ik niet" and go on. Returns the slot values to set."""
    retries = dict(retries or {})
    if parsed is not None:
        retries.pop(slot, None)
        return {slot: parsed, retries_slot: retries}
    if retries.get(slot, 0) == 0:
        dispatcher.utter_message(text=say("forms.retry", hint=hint))
        retries[slot] = 1
        return {slot: None, retries_slot: retries}
    dispatcher.utter_message(text=say("forms.noted_unknown"))
    retries.pop(slot, None)
    return {slot: UNKNOWN, retries_slot: retries}


def ask(dispatcher: CollectingDispatcher, question: Question, extra: list[Option]) -> None:
    """The question's messages; the buttons go with the last one."""
    *first, last = question.ask
    for text in first:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=last, buttons=question.buttons(extra) or None)


class QuestionForm(FormValidationAction):
    """Subclasses set `form` and `questions()`; the validators and ask actions follow."""

    form: ClassVar[str] = ""
    retries_slot: ClassVar[str] = "form_retries"
    ask_actions: ClassVar[list[type[Action]]] = []

    @classmethod
    def questions(cls) -> tuple[Question, ...]:
        return ()

    @classmethod
    def question(cls, slot: str) -> Question:
        return next(q for q in cls.questions() if q.slot == slot)

    @classmethod
    def extra_options(cls, question: Question, tracker: Tracker) -> list[Option]:
        """Buttons that depend on who is asked, before the question's own."""
        return []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.form:
            return
        cls.name = _form_action_name
        for q in cls.questions():
            setattr(cls, f"validate_{q.slot}", _validator(q.slot))
        # Kept on the class: rasa_sdk registers the Action subclasses that are alive.
        cls.ask_actions = [_ask_action(cls, q) for q in cls.questions()]

    @abstractmethod
    def name(self) -> str:
        """Given to each subclass that sets `form`. A base without one stays abstract, so
        rasa_sdk does not register it as an action."""

    def answers(self, tracker: Tracker) -> dict[str, Any]:
        return {q.slot: tracker.get_slot(q.slot) for q in self.questions()}

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        """The form's slots, in order: by default the questions that apply."""
        return [q.slot for q in applicable(self.questions(), self.answers(tracker))]

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return self.slots_to_fill(tracker)

    def interrupted(
        self,
        question: Question,
        value: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any] | None:
        """What came in was not an answer: handle it and return the slots to set, or
        None to treat it as an answer that could not be read."""
        return None

    def check(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if value is None:  # a slot cleared by an action, not an answer
            return {}
        question = self.question(slot)
        parsed = parse_answer(question, str(value))
        if not question.is_answer(parsed):
            handled = self.interrupted(question, str(value), dispatcher, tracker)
            if handled is not None:
                return handled
        retries = tracker.get_slot(self.retries_slot)
        return accept_or_retry(dispatcher, slot, parsed, question.hint, retries, self.retries_slot)


def _form_action_name(self: QuestionForm) -> str:
    return f"validate_{self.form}_form"


def _validator(slot: str):
    def validate(
        self: QuestionForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        return self.check(slot, value, dispatcher, tracker)

    return validate


def _ask_action(form: type[QuestionForm], question: Question) -> type[Action]:
    class AskAction(Action):
        def name(self) -> str:
            return f"action_ask_{question.slot}"

        def run(
            self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
        ) -> list[dict[str, Any]]:
            ask(dispatcher, question, form.extra_options(question, tracker))
            return []

    AskAction.__name__ = f"ActionAsk_{question.slot}"
    return AskAction
