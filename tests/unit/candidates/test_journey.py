"""Check-ins and follow-ups stored as data; risk signals become escalation records."""

import datetime as dt

import pytest

from bot.candidates import journey
from bot.candidates.linking import candidate_for
from bot.candidates.scheduler import run_once
from bot.candidates.trajecten import add_werkproces, record_praktijkverklaring, register_traject
from bot.escalations import records as escalation
from bot.store.engine import session
from bot.store.models import CheckIn, CheckInAnswer, Escalation, Event, Traject

NOW = dt.datetime(2026, 12, 15, 10, 0)
GOOD = {
    "ci_mood": "goed",
    "ci_werkproces": "Deeg maken",
    "ci_clear": "ja",
    "ci_opleider_time": "ja",
    "ci_repeat": "nee",
    "ci_alone": "beetje",
    "ci_worries": "geen",
}


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        from bot.store.models import Candidate

        c = Candidate(first_name="Sam", region="twente", conversation_id="conv-sam")
        s.add(c)
        s.flush()
        t = register_traject(s, c.id, "Bakkerij", dt.date(2026, 12, 1))
        add_werkproces(s, t.id, "Deeg maken")
        s.commit()
        yield s


def _send_due(s, now):
    run_once(s, now, lambda delivery: True)
    return journey.open_checkin(s, candidate_for(s, "conv-sam"), "checkin")


def test_checkin_belongs_only_to_its_own_conversation(s):
    checkin = _send_due(s, NOW)
    assert journey.checkin_of(s, "conv-sam", checkin.id) is checkin
    assert journey.checkin_of(s, "someone-else", checkin.id) is None


def test_open_werkprocessen_become_buttons(s):
    assert journey.open_werkprocessen(s, candidate_for(s, "conv-sam")) == ["Deeg maken"]


def test_good_checkin_is_stored_and_plans_the_next(s):
    checkin = _send_due(s, NOW)
    stored = journey.store_checkin(s, checkin, GOOD, "Kandidaat: goed", NOW)
    s.commit()
    assert stored.answered and stored.escalations == []
    answers = {
        a.question: a.answer for a in s.query(CheckInAnswer).filter_by(checkin_id=checkin.id)
    }
    assert answers == GOOD
    nxt = s.query(CheckIn).filter_by(status="gepland").one()
    assert nxt.due_at == checkin.due_at + dt.timedelta(days=14)


def test_niet_goed_twice_in_a_row_escalates(s):
    first = _send_due(s, NOW)
    journey.store_checkin(s, first, {**GOOD, "ci_mood": "niet_goed"}, "", NOW)
    s.commit()
    later = NOW + dt.timedelta(days=14)
    second = _send_due(s, later)
    stored = journey.store_checkin(s, second, {**GOOD, "ci_mood": "niet_goed"}, "x", later)
    s.commit()
    assert stored.escalations == ["niet_goed_2x"]
    esc = s.query(Escalation).one()
    assert esc.severity == 2 and esc.excerpt == "x" and esc.status == "open"


@pytest.mark.parametrize(
    ("answers", "reasons"),
    [
        ({"ci_opleider_time": "nee"}, ["geen_begeleiding"]),
        ({"ci_worries": "gezondheid"}, ["gezondheid_stress"]),
        ({"ci_worries": "contract"}, ["contract"]),
        ({"ci_worries": "werk"}, ["conflict"]),
        ({"ci_worries": "ik ben steeds zo moe"}, ["gezondheid_stress"]),
        ({"ci_worries": "de bus rijdt niet"}, ["zorgen_overig"]),
        ({"ci_worries": "geen"}, []),
    ],
)
def test_checkin_signals(answers, reasons):
    assert escalation.checkin_signals({**GOOD, **answers}, "goed") == reasons


def test_problem_words_point_at_a_reason():
    assert escalation.problem_reason("ik heb ruzie met mijn baas") == "conflict"
    assert escalation.problem_reason("mijn contract wordt niet verlengd") == "contract"
    assert escalation.problem_reason("ik heb zoveel stress") == "gezondheid_stress"
    assert escalation.problem_reason("ik wil iemand spreken") == "wil_persoon"


def test_report_for_a_known_and_an_unknown_conversation(s):
    known, message = journey.report(s, "conv-sam", "wil_stoppen", "Kandidaat: ik stop", NOW)
    s.commit()
    assert known and "jobcoach" in message
    # the same reason within a day does not pile up
    journey.report(s, "conv-sam", "wil_stoppen", "nog eens", NOW + dt.timedelta(hours=1))
    s.commit()
    assert s.query(Escalation).count() == 1
    known, message = journey.report(s, "anoniem", "wil_stoppen", "", NOW)
    assert not known and "Ik weet niet wie je bent" in message
    assert s.query(Escalation).count() == 1


def test_followup_outcome_is_counted_and_help_escalates(s):
    traject = s.query(Traject).one()
    follow_ups = record_praktijkverklaring(s, traject.id, dt.date(2027, 3, 1))
    s.commit()
    month_later = follow_ups[0].due_at
    run_once(s, month_later, lambda delivery: True)
    checkin = journey.open_checkin(s, candidate_for(s, "conv-sam"), "followup")
    assert checkin.kind == "nazorg-1"
    answers = {
        "fu_work": "zelfde_werkgever",
        "fu_using": "ja",
        "fu_contract": "tijdelijk",
        "fu_learn_more": "certificaat",
        "fu_help": "ja",
    }
    stored = journey.store_followup(s, checkin, answers, "", month_later)
    s.commit()
    assert stored.escalations == ["nazorg_hulp"] and stored.answered
    event = s.query(Event).filter_by(kind="uitstroom_werk").one()
    assert event.region == "twente" and event.detail == "nazorg-1"
    # follow-ups do not plan a new check-in; the 6 and 12 month ones are still planned
    assert s.query(CheckIn).filter_by(status="gepland").count() == 2


def test_counts_per_region_for_inflow_progress_dropout_and_outflow(s):
    from bot.candidates.figures import counts_per_region, format_table
    from bot.candidates.trajecten import complete_werkproces, stop_traject
    from bot.store.models import Werkproces

    traject = s.query(Traject).one()
    complete_werkproces(s, s.query(Werkproces).one().id, dt.date(2027, 1, 5))
    stop_traject(s, traject.id, "verhuisd", dt.date(2027, 1, 6))
    s.commit()
    assert s.query(CheckIn).filter_by(status="gepland").count() == 0
    row = counts_per_region(s)["twente"]
    assert (row["gestart"], row["werkproces"], row["status.gestopt"]) == (1, 1, 1)
    assert "Twente |" in format_table(counts_per_region(s))  # by region name
