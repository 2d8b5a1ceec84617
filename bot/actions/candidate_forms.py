"""The candidate's forms: intake, progress check-in and follow-up (thin; logic in bot/).

Each question comes from knowledge/conversations.yml and is asked by the form engine
(bot/actions/forms.py) under "Vraag 3 van 11": one kind retry with an example, then
"weet ik niet" (consent: asked again until ja or nee). The engine answers a question in
the middle; here a risk signal goes to the jobcoach with a short warm word first,
someone who reads little Dutch gets simple words and a person offered, "hoeveel vragen?"
gets the number; then the same question returns. The intake ends with "Klopt dit?".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.actions.common import excerpt, said_per_slot, send
from bot.actions.escalation import escalate
from bot.actions.fallback import simple_language_reply
from bot.actions.forms import QuestionForm, ask
from bot.buttons import button
from bot.candidates import intake as intake_logic
from bot.candidates import journey
from bot.candidates.linking import candidate_for
from bot.catalogue import say
from bot.escalations.records import candidate_message
from bot.parsing import parse_yes_no
from bot.questions import (
    Conversation,
    Option,
    Question,
    applicable,
    conversations,
    parse_answer,
)
from bot.store.engine import session
from bot.text import words

# The candidate's forms read these themselves: a valid answer classified as a problem
# ("ik werk niet, ik zoek werk") is still an answer.
SIGNAL_INTENTS = {"report_problem", "want_to_stop", "request_human"}
OTHER_LANGUAGE = "other_language"
CONFIRM = "intake_confirm"


def confirm_buttons() -> list[dict[str, str]]:
    return [
        button(say("intake.confirm_yes"), "affirm"),
        button(say("intake.confirm_no"), "deny"),
    ]


def no_consent_buttons() -> list[dict[str, str]]:
    """Without consent: a person can still help, or ask a question."""
    return [
        button(say("fallback.simple_person"), "request_human"),
        button(say("fallback.simple_question"), "want_to_ask"),
    ]


def _now() -> dt.datetime:
    return dt.datetime.utcnow()


def _intent(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def _name_suffix(name: str | None) -> str:
    return f" {name}" if name else ""


class CandidateForm(QuestionForm):
    """One of the candidate's conversations; subclasses name it."""

    @classmethod
    def conversation(cls) -> Conversation:
        return conversations()[cls.form]

    @classmethod
    def questions(cls) -> tuple[Question, ...]:
        return cls.conversation().questions

    @classmethod
    def extra_options(cls, question: Question, tracker: Tracker) -> list[Option]:
        if question.slot != "ci_werkproces":
            return []
        with session() as s:
            candidate = candidate_for(s, tracker.sender_id)
            return [Option(n, n) for n in journey.open_werkprocessen(s, candidate)]

    @classmethod
    def _place(cls, question: Question, tracker: Tracker) -> tuple[int, int]:
        """(number, count) of `question` among the questions that apply: the true count."""
        conv = cls.conversation()
        answers = {slot: tracker.get_slot(slot) for slot in conv.slots}
        asked = [q.slot for q in applicable(conv.questions, answers)]
        number = asked.index(question.slot) + 1 if question.slot in asked else 0
        return number, len(asked)

    @classmethod
    def progress(cls, question: Question, tracker: Tracker) -> str | None:
        number, count = cls._place(question, tracker)
        if not cls.conversation().progress or not number:
            return None
        return say("forms.progress", number=number, count=count)

    def about_the_form(self, text: str, question: Question, tracker: Tracker) -> str | None:
        if not any(words(p) in words(text) for p in self.conversation().how_many):
            return None
        number, count = self._place(question, tracker)
        return say("forms.how_many", count=count, number=max(number, 1))

    def interrupted(
        self,
        question: Question,
        value: str,
        parsed: str | None,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any] | None:
        intent = _intent(tracker)
        if intent == OTHER_LANGUAGE:  # "I not understand" is no name: the guard decided
            send(dispatcher, simple_language_reply(in_form=True))
            return {question.slot: None}
        signal = intent in SIGNAL_INTENTS and not question.problems_are_answers
        if signal and not question.is_answer(parsed):
            escalate(dispatcher, tracker)  # a risk signal, not an answer: then ask again
            return {question.slot: None}
        return super().interrupted(question, value, parsed, dispatcher, tracker)

    def accepted(
        self, question: Question, value: str, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> None:
        key = question.ack_for(value)
        if key:
            dispatcher.utter_message(text=say(key))


class ValidateIntakeForm(CandidateForm):
    form = "intake"

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        answers = self.answers(tracker)
        slots = intake_logic.required_slots(answers)
        return [*slots, CONFIRM] if answers.get("intake_consent") == "ja" else slots

    def validate_intake_confirm(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> dict[str, Any]:
        if value is None:
            return {}
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent in SIGNAL_INTENTS and parse_yes_no(str(value)) is None:
            escalate(dispatcher, tracker)
            return {CONFIRM: None}
        if tracker.get_slot("intake_fix") == "kiezen":
            choice = parse_answer(_change_question(), str(value))
            if choice in self.conversation().slots:
                dispatcher.utter_message(text=say("intake.ask_again"))
                return {choice: None, CONFIRM: None, "intake_fix": None}
            if parse_yes_no(str(value)) == "nee":
                return {CONFIRM: None, "intake_fix": None}
            dispatcher.utter_message(text=say("intake.pick_change"))
            return {CONFIRM: None}
        answer = parse_yes_no(str(value))
        if answer == "ja":
            return {CONFIRM: "ja"}
        if answer == "nee":
            return {CONFIRM: None, "intake_fix": "kiezen"}
        dispatcher.utter_message(text=say("intake.pick_confirm"))
        return {CONFIRM: None}


class CheckinForm(CandidateForm):
    """Asked only while a check-in (or follow-up) is open."""

    def slots_to_fill(self, tracker: Tracker) -> list[str]:
        return self.conversation().slots if tracker.get_slot("checkin_id") else []


class ValidateCheckinForm(CheckinForm):
    form = "checkin"


class ValidateFollowupForm(CheckinForm):
    form = "followup"


def _change_question() -> Question:
    conv = conversations()["intake"]
    return Question(
        slot="intake_fix",
        kind="choice",
        ask=(say("intake.change_question"),),
        label="",
        hint=say("intake.change_hint"),
        options=tuple(
            Option(q.slot, q.label) for q in conv.questions if q.slot != "intake_consent"
        ),
    )


ASK_ACTIONS = [
    action
    for form in (ValidateIntakeForm, ValidateCheckinForm, ValidateFollowupForm)
    for action in form.ask_actions
]


class ActionAskIntakeConfirm(Action):
    def name(self) -> str:
        return "action_ask_intake_confirm"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if tracker.get_slot("intake_fix") == "kiezen":
            ask(dispatcher, _change_question(), [])
            return []
        conv = conversations()["intake"]
        answers = {s: tracker.get_slot(s) for s in conv.slots}
        dispatcher.utter_message(text=intake_logic.summary_text(answers))
        dispatcher.utter_message(text=say("intake.confirm"), buttons=confirm_buttons())
        return []


def _reset(conv: Conversation, extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    return [SlotSet(s, None) for s in (*conv.slots, *extra)] + [SlotSet("form_retries", None)]


class ActionIntakeStart(Action):
    """Explain first; or pick up where a paused intake stopped; or review a stored one."""

    def name(self) -> str:
        return "action_intake_start"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        conv = conversations()["intake"]
        started = any(tracker.get_slot(s) is not None for s in conv.slots)
        if started and tracker.get_slot("intake_consent") != "nee":
            dispatcher.utter_message(text=conv.texts["resume"])
            return []
        events = _reset(conv, (CONFIRM, "intake_fix"))
        with session() as s:
            candidate = candidate_for(s, tracker.sender_id)
            if candidate is not None:
                dispatcher.utter_message(text=say("intake.already"))
                return events + [
                    SlotSet(slot, value)
                    for slot, value in intake_logic.answers_from_candidate(candidate).items()
                ]
        dispatcher.utter_message(text=say("intake.intro", count=len(conv.questions)))
        return events


class ActionIntakeDone(Action):
    def name(self) -> str:
        return "action_intake_done"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        conv = conversations()["intake"]
        answers = {s: tracker.get_slot(s) for s in conv.slots}
        events = _reset(conv, (CONFIRM, "intake_fix"))
        if answers.get("intake_consent") != "ja":
            dispatcher.utter_message(text=say("intake.no_consent"), buttons=no_consent_buttons())
            return events
        channel = (tracker.get_latest_input_channel() or "rest")[:30]
        with session() as s:
            intake_logic.store_intake(s, tracker.sender_id, channel, answers, _now())
            s.commit()
        dispatcher.utter_message(text=say("intake.stored"))
        dispatcher.utter_message(text=say("intake.any_question"))
        return events


class ActionCheckinStart(Action):
    """A check-in or follow-up arrives (scheduler) or the candidate asks for it."""

    def name(self) -> str:
        return "action_checkin_start"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        conv = conversations()["followup" if intent == "EXTERNAL_followup" else "checkin"]
        entities = {
            e.get("entity"): e.get("value") for e in tracker.latest_message.get("entities") or []
        }
        with session() as s:
            candidate = candidate_for(s, tracker.sender_id)
            checkin = journey.checkin_of(
                s, tracker.sender_id, entities.get("checkin_id") or tracker.get_slot("checkin_id")
            )
            if checkin is None or checkin.status not in journey.OPEN:
                checkin = journey.open_checkin(s, candidate, conv.name)
            if checkin is None:
                dispatcher.utter_message(text=say("forms.no_checkin"))
                return [SlotSet("checkin_id", None)]
            name = _name_suffix(candidate.first_name if candidate else None)
            same = str(tracker.get_slot("checkin_id") or "") == str(checkin.id)
            key = "reminder" if entities.get("reminder") == "ja" else "intro"
            dispatcher.utter_message(text=conv.texts[key].format(name=name))
            events = [] if same else _reset(conv)
            return events + [SlotSet("checkin_id", str(checkin.id))]


class ActionCheckinDone(Action):
    def name(self) -> str:
        return "action_checkin_done"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        checkin_id = tracker.get_slot("checkin_id")
        if not checkin_id:
            return []
        with session() as s:
            checkin = journey.checkin_of(s, tracker.sender_id, checkin_id)
            if checkin is None:
                return [SlotSet("checkin_id", None)]
            followup = checkin.kind.startswith("nazorg")
            conv = conversations()["followup" if followup else "checkin"]
            answers = {slot: tracker.get_slot(slot) for slot in conv.slots}
            store = journey.store_followup if followup else journey.store_checkin
            said = said_per_slot(tracker.events, conv.slots)
            stored = store(s, checkin, answers, excerpt(tracker), _now(), said=said)
            s.commit()
        dispatcher.utter_message(text=conv.texts["done"])
        message = candidate_message(stored.escalations, known=True, contact=stored.contact)
        if message:
            dispatcher.utter_message(text=message)
        return _reset(conv) + [SlotSet("checkin_id", None)]
