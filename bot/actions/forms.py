"""The one form engine: questions as data (bot.questions), asked one at a time.

A form names its questions; the engine gives it Rasa's `validate_<form>_form` action,
with a validator per question, and an `action_ask_<slot>` per question. Each answer is
read by `parse_answer`. One that cannot be read gets one retry with the question's hint;
the second time the engine notes "weet ik niet" and goes on, except for a question that
must be answered (consent): that one is asked again plainly, never defaulted.

A question in between ("wat is een jobcoach?") is answered, never stored as the answer:
by the knowledge action's own path (ActionAnswerQuestion), then the same question comes
again. A form may handle more in between (`interrupted`): the candidate's forms pass a
risk signal on to the jobcoach, or answer someone who reads little Dutch.

Used by the consultant's quick-check (bot/actions/eligibility.py) and the candidate's
intake, check-ins and follow-ups (bot/actions/candidate_forms.py).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.knowledge import ActionAnswerQuestion
from bot.catalogue import say
from bot.parsing import UNKNOWN, looks_like_question
from bot.questions import Option, Question, applicable, parse_answer

# A message of a few words that the NLU reads as a knowledge question this surely, and that
# is no answer at all, is a question even without a question word or "?".
QUESTION_CONFIDENCE = 0.95
QUESTION_MIN_WORDS = 3


def accept_or_retry(
    dispatcher: CollectingDispatcher,
    question: Question,
    parsed: str | None,
    retries: dict[str, int] | None,
    retries_slot: str,
) -> dict[str, Any]:
    """A form answer: keep what was read; otherwise one retry with a hint, and the second
    time note "weet ik niet" and go on (a must-answer question asks again, each time).
    Returns the slot values to set."""
    slot, hint = question.slot, question.hint
    retries = dict(retries or {})
    if parsed is not None and (question.is_answer(parsed) or not question.must_answer):
        retries.pop(slot, None)
        return {slot: parsed, retries_slot: retries}
    if question.must_answer:
        dispatcher.utter_message(text=say("forms.must_answer", hint=hint))
        return {slot: None, retries_slot: retries}
    if retries.get(slot, 0) == 0:
        dispatcher.utter_message(text=say("forms.retry", hint=hint))
        retries[slot] = 1
        return {slot: None, retries_slot: retries}
    dispatcher.utter_message(text=say("forms.noted_unknown"))
    retries.pop(slot, None)
    return {slot: UNKNOWN, retries_slot: retries}


def ask(
    dispatcher: CollectingDispatcher,
    question: Question,
    extra: list[Option],
    progress: str | None = None,
) -> None:
    """The question's messages, the first under the progress line ("Vraag 3 van 11");
    the buttons go with the last one."""
    texts = list(question.ask)
    if progress:
        texts[0] = f"{progress}\n{texts[0]}"
    *first, last = texts
    for text in first:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=last, buttons=question.buttons(extra) or None)


def slot_values(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slots an action's SlotSet events set, as a validator returns them."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def is_question(text: str, parsed: str | None, tracker: Tracker) -> bool:
    """A question in the middle of the form, not an answer (`parsed`: the answer read)."""
    if looks_like_question(text):
        return True
    intent = (tracker.latest_message or {}).get("intent") or {}
    sure = intent.get("name") == "kb_question" and (intent.get("confidence") or 0) >= (
        QUESTION_CONFIDENCE
    )
    return sure and parsed is None and len(text.split()) >= QUESTION_MIN_WORDS


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

    @classmethod
    def progress(cls, question: Question, tracker: Tracker) -> str | None:
        """The line above a question ("Vraag 3 van 11"), or None."""
        return None

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

    def about_the_form(self, text: str, question: Question, tracker: Tracker) -> str | None:
        """The reply to a question about the form itself ("hoeveel vragen zijn het?")."""
        return None

    def answer_question(
        self,
        question: Question,
        text: str,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        """Answer what was asked, then ask `question` again: nothing is stored for it."""
        about = self.about_the_form(text, question, tracker)
        if about is not None:
            dispatcher.utter_message(text=about)
            return {question.slot: None}
        events = ActionAnswerQuestion().answer(dispatcher, tracker, {})
        dispatcher.utter_message(text=say("forms.again"))
        return {**slot_values(events), question.slot: None}

    def interrupted(
        self,
        question: Question,
        value: str,
        parsed: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any] | None:
        """What came in before it is taken as the answer: handle it and return the slots
        to set, or None to read it as an answer. Here: a question is answered."""
        if is_question(value, parsed, tracker):
            return self.answer_question(question, value, dispatcher, tracker)
        return None

    def check(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> dict[str, Any]:
        if value is None:  # a slot cleared by an action, not an answer
            return {}
        question = self.question(slot)
        parsed = parse_answer(question, str(value))
        handled = self.interrupted(question, str(value), parsed, dispatcher, tracker)
        if handled is not None:
            return handled
        retries = tracker.get_slot(self.retries_slot)
        accepted = accept_or_retry(dispatcher, question, parsed, retries, self.retries_slot)
        if accepted.get(slot) is not None:
            self.accepted(question, accepted[slot], dispatcher, tracker)
        return accepted

    def accepted(
        self, question: Question, value: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        """After an answer is kept: a form may acknowledge it."""


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
            extra = form.extra_options(question, tracker)
            ask(dispatcher, question, extra, form.progress(question, tracker))
            return []

    AskAction.__name__ = f"ActionAsk_{question.slot}"
    return AskAction
