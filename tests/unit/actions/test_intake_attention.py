"""Issue 12, "intake that respects attention", as the personas met it (tracker fixtures,
no Rasa): Hugo is easily overloaded, Janneke (autistic) wants structure, Halima reads
little Dutch. The same flows over the real Rasa server: tests/e2e/test_intake_attention_e2e.py."""

import asyncio

from rasa_sdk.executor import CollectingDispatcher
from test_actions import tracker

from bot.actions.candidate_forms import (
    ActionIntakeDone,
    ActionIntakeStart,
    ValidateCheckinForm,
    ValidateIntakeForm,
)
from bot.actions.eligibility import ValidateEligibilityForm
from bot.actions.fallback import ActionOtherLanguage
from bot.parsing import UNKNOWN

DOMAIN = {"slots": {}, "forms": {"intake_form": {"required_slots": []}}}
COUNT = len(ValidateIntakeForm.questions())


def _ask(slot, slots=None):
    d = CollectingDispatcher()
    action = next(a for a in ValidateIntakeForm.ask_actions if a().name() == f"action_ask_{slot}")
    action().run(d, tracker(slots=slots or {}), DOMAIN)
    return d.messages


def _validate(form, slot, text, intent="inform", slots=None):
    d = CollectingDispatcher()
    t = tracker(text, intent=intent, slots={"form_retries": {}, **(slots or {})})
    return d, getattr(form(), f"validate_{slot}")(text, d, t, DOMAIN)


def test_hugo_gets_at_most_two_messages_before_the_first_question():
    d = CollectingDispatcher()
    ActionIntakeStart().run(d, tracker(), DOMAIN)
    before = d.messages + _ask("intake_consent")
    assert len(before) <= 2
    assert before[-1]["text"].startswith(f"Vraag 1 van {COUNT}\n")
    assert "Mag ik je antwoorden bewaren?" in before[-1]["text"]
    assert [b["payload"] for b in before[-1]["buttons"]] == [
        '/inform{"choice": "ja"}',
        '/inform{"choice": "nee"}',
    ]


def test_hugo_asks_how_many_questions_and_gets_the_number_only():
    d, result = _validate(ValidateIntakeForm, "intake_consent", "hoeveel vragen zijn het?")
    assert result == {"intake_consent": None}  # the consent question comes again
    assert [m["text"] for m in d.messages] == [f"Het zijn {COUNT} vragen. Dit is vraag 1."]


def test_janneke_sees_the_true_progress_on_every_intake_question():
    slots = {"intake_consent": "ja"}
    questions = ValidateIntakeForm.questions()
    assert len(questions) == COUNT > 1  # "een paar vragen" was 11: the true number is said
    for number, question in enumerate(questions, start=1):
        first = _ask(question.slot, slots)[0]["text"]
        assert first.startswith(f"Vraag {number} van {COUNT}\n"), question.slot


def test_halima_unclear_consent_is_asked_again_and_never_defaulted():
    for unclear in ("hmm", "misschien", "weet ik niet", "/dont_know"):
        d, result = _validate(ValidateIntakeForm, "intake_consent", unclear)
        assert result["intake_consent"] is None, unclear
        texts = " ".join(m["text"] for m in d.messages)
        assert "zeker weten" in texts and "weet ik niet" not in texts.lower()
    # twice in a row: still no default
    d, first = _validate(ValidateIntakeForm, "intake_consent", "hmm")
    d, second = _validate(ValidateIntakeForm, "intake_consent", "uh", slots=first)
    assert second["intake_consent"] is None and "We gaan verder" not in d.messages[0]["text"]


def test_without_consent_no_personal_question_is_asked():
    form = ValidateIntakeForm()
    for consent in (None, "nee", UNKNOWN):
        t = tracker(slots={"intake_consent": consent})
        asked = asyncio.run(form.required_slots([], CollectingDispatcher(), t, DOMAIN))
        assert asked == ["intake_consent"], consent
    d = CollectingDispatcher()
    ActionIntakeDone().run(d, tracker(slots={"intake_consent": "nee"}), DOMAIN)
    assert "Ik bewaar niets" in d.messages[0]["text"]
    assert "/request_human" in [b["payload"] for b in d.messages[0]["buttons"]]


def test_janneke_asks_what_a_jobcoach_is_and_it_is_not_stored_as_her_answer():
    d, result = _validate(
        ValidateIntakeForm, "intake_support", "wat is een jobcoach", "kb_question"
    )
    assert result["intake_support"] is None and result["kb_last_entry"]
    assert len(d.messages) >= 2 and "weer mijn vraag" in d.messages[-1]["text"]


def test_a_choice_with_a_clear_answer_is_still_stored():
    d, result = _validate(ValidateIntakeForm, "intake_support", "een jobcoach graag")
    assert result["intake_support"] == "jobcoach" and d.messages == []


def test_halima_her_name_and_unfinished_diploma_are_read_not_copied():
    _, name = _validate(ValidateIntakeForm, "intake_first_name", "mijn naam Halima")
    assert name["intake_first_name"] == "Halima"
    _, school = _validate(ValidateIntakeForm, "intake_schooling", "vmbo maar niet afgemaakt")
    assert school["intake_schooling"] == "geen"


def test_a_consultant_no_with_a_reason_is_a_no_not_a_question():
    d, result = _validate(
        ValidateEligibilityForm, "elig_regular_route", "nee, taal is te moeilijk", "kb_question"
    )
    assert result["elig_regular_route"] == "nee" and d.messages == []
    # the next answer is read for the next question, not taken as "ja"
    d, nxt = _validate(ValidateEligibilityForm, "elig_werkfit", "dat moet ik nog nakijken")
    assert nxt["elig_werkfit"] == UNKNOWN


def test_a_not_good_check_in_gets_a_warm_word():
    d, result = _validate(ValidateCheckinForm, "ci_mood", "niet goed")
    assert result["ci_mood"] == "niet_goed"
    assert d.messages[0]["text"].startswith("Wat vervelend")
    d, result = _validate(ValidateCheckinForm, "ci_mood", "goed")
    assert result["ci_mood"] == "goed" and d.messages == []
    d, result = _validate(ValidateCheckinForm, "ci_worries", "nee")
    assert result["ci_worries"] == "geen" and d.messages == []


def test_halima_writing_english_gets_simple_dutch_buttons_and_a_person():
    d = CollectingDispatcher()
    ActionOtherLanguage().run(d, tracker("sorry I dont understand dutch good"), DOMAIN)
    assert "makkelijk Nederlands" in d.messages[0]["text"]
    assert "/request_human" in [b["payload"] for b in d.messages[0]["buttons"]]
    d, result = _validate(
        ValidateIntakeForm, "intake_age", "sorry I dont understand", "other_language"
    )
    assert result == {"intake_age": None}  # nothing stored, the question comes again
    assert "/request_human" in [b["payload"] for b in d.messages[0]["buttons"]]
