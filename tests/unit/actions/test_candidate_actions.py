"""The candidate forms' actions on tracker fixtures: retry, 'weet ik niet', a question in
the middle, changing an answer, consent refused, and the check-in start."""

import asyncio
import datetime as dt

from rasa_sdk.executor import CollectingDispatcher
from test_actions import tracker

from bot.actions.candidate_forms import (
    ActionAskIntakeConfirm,
    ActionCheckinDone,
    ActionCheckinStart,
    ActionIntakeDone,
    ActionIntakeStart,
    ValidateCheckinForm,
    ValidateIntakeForm,
)
from bot.candidates.scheduler import run_once
from bot.candidates.trajecten import register_traject
from bot.parsing import UNKNOWN
from bot.store.engine import session
from bot.store.models import Candidate, CheckInAnswer

DOMAIN = {"slots": {}, "forms": {"intake_form": {"required_slots": []}}}


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def validate_age(text, retries=None):
    d = CollectingDispatcher()
    t = tracker(text, intent="inform", slots={"form_retries": retries or {}})
    return d, ValidateIntakeForm().validate_intake_age(text, d, t, DOMAIN)


def test_unreadable_answer_gets_one_retry_then_weet_ik_niet():
    d, first = validate_age("oud genoeg")
    assert first["intake_age"] is None and "Bijvoorbeeld: 24" in d.messages[0]["text"]
    d, second = validate_age("nog steeds niet", first["form_retries"])
    assert second["intake_age"] == UNKNOWN and "weet ik niet" in d.messages[0]["text"]


def test_a_question_in_the_middle_is_answered_without_using_the_retry():
    d = CollectingDispatcher()
    t = tracker("wat is een praktijkverklaring?", intent="kb_question", slots={})
    result = ValidateIntakeForm().validate_intake_place(t.latest_message["text"], d, t, DOMAIN)
    assert result["intake_place"] is None and result["kb_last_entry"]  # answered, not stored
    assert "Bron:" in d.messages[0]["text"] and "weer mijn vraag" in d.messages[-1]["text"]


def test_a_cleared_slot_is_not_validated():
    d = CollectingDispatcher()
    assert ValidateIntakeForm().validate_intake_age(None, d, tracker(""), DOMAIN) == {}
    assert d.messages == []


def test_consent_refused_asks_nothing_more():
    slots = asyncio.run(
        ValidateIntakeForm().required_slots(
            [], CollectingDispatcher(), tracker(slots={"intake_consent": "nee"}), DOMAIN
        )
    )
    assert slots == ["intake_consent"]


def test_changing_an_answer_from_the_summary():
    form = ValidateIntakeForm()
    d = CollectingDispatcher()
    no = form.validate_intake_confirm("/deny", d, tracker("/deny", intent="deny"), DOMAIN)
    assert no == {"intake_confirm": None, "intake_fix": "kiezen"}
    d = CollectingDispatcher()
    ActionAskIntakeConfirm().run(d, tracker(slots={"intake_fix": "kiezen"}), DOMAIN)
    payloads = [b["payload"] for b in d.messages[0]["buttons"]]
    assert '/inform{"choice": "intake_age"}' in payloads
    pick = '/inform{"choice": "intake_age"}'
    t = tracker(pick, intent="inform", slots={"intake_fix": "kiezen"})
    result = form.validate_intake_confirm(pick, CollectingDispatcher(), t, DOMAIN)
    assert result == {"intake_age": None, "intake_confirm": None, "intake_fix": None}


def test_no_consent_stores_nothing(project_db):
    d = CollectingDispatcher()
    events = ActionIntakeDone().run(d, tracker(slots={"intake_consent": "nee"}), DOMAIN)
    assert "Ik bewaar niets" in d.messages[0]["text"]
    slots = _slots(events)
    assert slots and all(v is None for v in slots.values())
    with session(project_db) as s:
        assert s.query(Candidate).count() == 0


def test_intake_start_says_one_short_thing_then_resumes():
    d = CollectingDispatcher()
    ActionIntakeStart().run(d, tracker(), DOMAIN)
    count = len(ValidateIntakeForm.questions())
    assert len(d.messages) == 1 and f"{count} korte vragen" in d.messages[0]["text"]
    d = CollectingDispatcher()
    events = ActionIntakeStart().run(d, tracker(slots={"intake_consent": "ja"}), DOMAIN)
    assert events == [] and "verder waar je was" in d.messages[0]["text"]


def test_checkin_start_refuses_another_candidates_checkin(project_db):
    with session(project_db) as s:
        owner = Candidate(first_name="Sam", conversation_id="owner")
        s.add_all([owner, Candidate(first_name="Kim", conversation_id="test")])
        s.flush()
        register_traject(s, owner.id, "Bakkerij", dt.date(2026, 12, 1))
        s.commit()
        run_once(s, dt.datetime(2026, 12, 20), lambda d: True)
    t = tracker(intent="EXTERNAL_checkin", entities=[{"entity": "checkin_id", "value": "1"}])
    d = CollectingDispatcher()
    events = ActionCheckinStart().run(d, t, DOMAIN)  # sender "test" is Kim, not Sam
    assert _slots(events) == {"checkin_id": None} and "geen check-in" in d.messages[0]["text"]
    d = CollectingDispatcher()
    ActionCheckinDone().run(d, tracker(slots={"checkin_id": "1", "ci_mood": "goed"}), DOMAIN)
    with session(project_db) as s:
        assert s.query(CheckInAnswer).count() == 0


def test_checkin_without_checkin_id_has_no_questions():
    slots = asyncio.run(
        ValidateCheckinForm().required_slots([], CollectingDispatcher(), tracker(), DOMAIN)
    )
    assert slots == []


def _validate(form, slot, text, intent, project_db=None):
    d = CollectingDispatcher()
    t = tracker(text, intent=intent, slots={"form_retries": {}})
    return d, getattr(form, f"validate_{slot}")(text, d, t, DOMAIN)


def test_a_valid_answer_wins_over_a_problem_classification(project_db):
    d, result = _validate(
        ValidateIntakeForm(), "intake_situation", "ik werk niet, ik zoek werk", "report_problem"
    )
    assert result["intake_situation"] == "werkzoekend" and d.messages == []


def test_a_question_is_answered_not_stored_as_free_text(project_db):
    d, result = _validate(
        ValidateIntakeForm(), "intake_schooling", "wat is een startkwalificatie?", "kb_question"
    )
    assert result["intake_schooling"] is None and result["kb_last_entry"]
    assert "Bron:" in d.messages[0]["text"] and "weer mijn vraag" in d.messages[-1]["text"]


def test_a_risk_signal_that_is_no_answer_is_escalated_then_asked_again(project_db):
    with session(project_db) as s:
        s.add(Candidate(first_name="Sam", conversation_id="test"))
        s.commit()
    d, result = _validate(
        ValidateCheckinForm(), "ci_clear", "ik heb ruzie met mijn baas", "report_problem"
    )
    assert result == {"ci_clear": None} and "melding" in d.messages[-1]["text"]
    assert d.messages[0]["text"].startswith("Wat vervelend")  # a warm word first
    with session(project_db) as s:
        from bot.store.models import Escalation

        assert s.query(Escalation).one().reason == "conflict"


def test_worries_take_a_problem_as_the_answer(project_db):
    d, result = _validate(
        ValidateCheckinForm(), "ci_worries", "ik heb ruzie met mijn baas", "report_problem"
    )
    assert result["ci_worries"] == "werk"  # the answer; the jobcoach hears it at the end
    assert [m["text"] for m in d.messages] == ["Wat vervelend. Ik zeg het tegen je jobcoach."]


def validate_place(text, retries=None):
    d = CollectingDispatcher()
    t = tracker(text, intent="inform", slots={"form_retries": retries or {}})
    return d, ValidateIntakeForm().validate_intake_place(text, d, t, DOMAIN)


def test_a_known_place_is_kept_as_written_in_the_place_list():
    d, result = validate_place("ik woon in den bosch")
    assert result["intake_place"] == "Den Bosch" and d.messages == []


def test_an_unknown_place_is_asked_once_more_then_noted_unknown():
    d, first = validate_place("Atlantis")
    assert first["intake_place"] is None
    assert "Ik ken die plaats niet" in d.messages[0]["text"]
    assert "gemeente" in d.messages[0]["text"]
    d, second = validate_place("Bergen", first["form_retries"])  # more than one place
    assert second["intake_place"] == UNKNOWN and "weet ik niet" in d.messages[0]["text"]
