"""Intake: startkwalificatie derived from the diploma, pre-screen, storing with consent."""

import datetime as dt

import pytest

from bot.candidates.intake import (
    answers_from_candidate,
    derive_startkwalificatie,
    prescreen,
    required_slots,
    store_intake,
    summary_text,
)
from bot.parsing import UNKNOWN
from bot.store.engine import session
from bot.store.models import Candidate, Event

NOW = dt.datetime(2026, 11, 22, 12, 0)
ANSWERS = {
    "intake_consent": "ja",
    "intake_first_name": "Sam",
    "intake_age": "24",
    "intake_place": "Enschede",
    "intake_situation": "werkzoekend",
    "intake_schooling": "vmbo",
    "intake_enrolled": "nee",
    "intake_sector": "horeca",
    "intake_learning_style": "voordoen",
    "intake_support": "rust",
    "intake_contact": "chat",
}


def test_startkwalificatie_is_derived_not_asked():
    assert derive_startkwalificatie("mbo2plus") == "ja"
    assert derive_startkwalificatie("havo_vwo") == "ja"
    assert derive_startkwalificatie("vmbo") == "nee"
    assert derive_startkwalificatie("buitenland") == UNKNOWN
    assert derive_startkwalificatie(None) == UNKNOWN


def test_no_consent_asks_nothing_more():
    assert required_slots({"intake_consent": "nee"}) == ["intake_consent"]
    assert len(required_slots({"intake_consent": "ja"})) == 11


def test_prescreen_uses_the_eligibility_rules():
    assert prescreen({**ANSWERS, "intake_age": "16"}).outcome == "bespreek"
    assert prescreen({**ANSWERS, "intake_schooling": "mbo2plus"}).outcome != "waarschijnlijk_wel"
    reasons = " ".join(f.reason for f in prescreen(ANSWERS).findings)
    assert "18 jaar of ouder" in reasons


def test_summary_shows_titles_not_codes():
    text = summary_text(ANSWERS)
    assert "Voornaam: Sam" in text and "Als iemand het voordoet" in text
    assert "Toestemming" not in text and "voordoen\n" not in text


def test_store_intake_creates_then_updates_the_same_candidate(project_db):
    with session(project_db) as s:
        c = store_intake(s, "conv-1", "rest", ANSWERS, NOW)
        s.commit()
        assert c.first_name == "Sam" and c.age == 24 and c.has_startkwalificatie == "nee"
        assert c.region == "twente"  # Enschede lies in Twente
        assert c.prescreen in ("bespreek", "waarschijnlijk_wel")
        assert "Voorscreening" in c.intake_summary
        again = store_intake(s, "conv-1", "rest", {**ANSWERS, "intake_age": UNKNOWN}, NOW)
        s.commit()
        assert again.id == c.id and again.age is None
        assert s.query(Candidate).count() == 1
        assert s.query(Event).filter_by(kind="intake_afgerond").count() == 2


def test_store_intake_refuses_without_consent(project_db):
    with session(project_db) as s, pytest.raises(ValueError):
        store_intake(s, "conv-2", "rest", {**ANSWERS, "intake_consent": "nee"}, NOW)


@pytest.mark.parametrize(
    "place, region",
    [
        ("Heerhugowaard", "noord-holland-noord"),
        ("Den helder", "noord-holland-noord"),
        ("Den Bosch", "noordoost-brabant"),
        ("Atlantis", None),  # not a known place: unknown, never guessed or kept as a region
        ("Bergen", None),  # more than one place
        (UNKNOWN, None),
    ],
)
def test_the_region_stored_is_the_arbeidsmarktregio_id(project_db, place, region):
    with session(project_db) as s:
        c = store_intake(s, f"conv-{place}", "rest", {**ANSWERS, "intake_place": place}, NOW)
        s.commit()
        assert c.region == region
        event = s.query(Event).filter_by(candidate_id=c.id, kind="intake_afgerond").one()
        assert event.region == region


def test_a_stored_intake_under_review_keeps_its_region(project_db):
    with session(project_db) as s:
        c = store_intake(s, "conv-review", "rest", {**ANSWERS, "intake_place": "Sneek"}, NOW)
        s.commit()
        answers = answers_from_candidate(c)
        assert answers["intake_place"] == "Friesland"  # the region's name, not its id
        again = store_intake(s, "conv-review", "rest", answers, NOW)
        s.commit()
        assert again.id == c.id and again.region == "friesland"
