"""One form engine for the quick-check, the intake, the check-ins and the follow-ups: one
Question type, a validator and an ask action per question, the names the domain expects."""

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher
from test_actions import tracker

from bot.actions.candidate_forms import (
    ValidateCheckinForm,
    ValidateFollowupForm,
    ValidateIntakeForm,
)
from bot.actions.eligibility import ValidateEligibilityForm
from bot.actions.forms import QuestionForm
from bot.questions import Question, parse_answer

FORMS = [ValidateEligibilityForm, ValidateIntakeForm, ValidateCheckinForm, ValidateFollowupForm]
DOMAIN = yaml.safe_load(open("domain.yml", encoding="utf-8"))


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.form)
def test_every_form_is_made_by_the_engine_from_its_questions(form):
    assert issubclass(form, QuestionForm) and form().name() == f"validate_{form.form}_form"
    questions = form.questions()
    assert questions and all(isinstance(q, Question) for q in questions)
    assert all(callable(getattr(form, f"validate_{q.slot}", None)) for q in questions)
    asks = {action().name() for action in form.ask_actions}
    assert asks == {f"action_ask_{q.slot}" for q in questions}
    assert asks <= set(DOMAIN["actions"])
    assert {q.slot for q in questions} <= set(
        DOMAIN["forms"][f"{form.form}_form"]["required_slots"]
    )


def test_the_quick_check_keeps_its_buttons_and_takes_any_age():
    werkfit = ValidateEligibilityForm.question("elig_werkfit")
    assert [b["payload"] for b in werkfit.buttons()] == ["/affirm", "/deny", "/dont_know"]
    assert [b["title"] for b in ValidateEligibilityForm.question("elig_age").buttons()] == [
        "Weet ik niet"
    ]
    # a client of 14 is an answer (the rules say what it means); a candidate of 14 is not
    assert parse_answer(ValidateEligibilityForm.question("elig_age"), "14") == "14"
    assert parse_answer(ValidateIntakeForm.question("intake_age"), "14") is None


def test_every_form_answers_a_question_in_between_and_asks_again():
    asked = tracker("wat is een praktijkverklaring?", intent="kb_question")
    for form, slot in (
        (ValidateIntakeForm, "intake_age"),
        (ValidateEligibilityForm, "elig_werkfit"),
    ):
        d = CollectingDispatcher()
        result = getattr(form(), f"validate_{slot}")(asked.latest_message["text"], d, asked, {})
        assert result[slot] is None and result["kb_last_entry"] == "pv-wat-is"
        assert "weer mijn vraag" in d.messages[-1]["text"]
