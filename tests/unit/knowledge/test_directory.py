"""Netwerk in beeld (bot.knowledge.directory): validation, the store functions with their
audit lines, the import of what regions.yml held, and the assistant's contact answers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import create_engine, text

from bot.knowledge import directory
from bot.knowledge.answering import default_answerer
from bot.knowledge.kb import load_regions
from bot.knowledge.regions import asked_contacts, contacts_text, directory_line
from bot.portal import auth
from bot.store.engine import session
from bot.store.migrate import upgrade
from bot.store.models import AuditEntry, RegionContact

NOW = dt.datetime(2026, 11, 27, 10, 0)
TODAY = NOW.date()
GOOD = {
    "soort": "leerwerkloket",
    "naam": "Jan de Vries",
    "organisatie": "Leerwerkloket Noord-Holland Noord",
    "telefoon": "072 123 45 67",
    "email": "jan@leerwerkloket-nhn.nl",
    "waarvoor": "scholing en omscholing",
    "gecontroleerd_op": "2026-11-01",
}


def test_a_good_form_gives_the_columns():
    values = directory.validate(GOOD, TODAY)
    assert values["kind"] == "leerwerkloket" and values["phone"] == "072 123 45 67"
    assert values["checked_on"] == dt.date(2026, 11, 1)
    assert values["role"] is None  # empty is stored as empty, not as ""


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "jan@", "e-mailadres klopt niet"),
        ("email", "jan de vries@loket.nl", "e-mailadres klopt niet"),
        ("telefoon", "bel mij", "telefoonnummer klopt niet"),
        ("telefoon", "12", "telefoonnummer klopt niet"),
        ("telefoon", "0" * 31, "te lang"),
        ("naam", "x" * 101, "hoogstens 100 tekens"),
        ("waarvoor", "x" * 501, "hoogstens 500 tekens"),
        ("soort", "bakker", "Kies een soort"),
        ("gecontroleerd_op", "2030-01-01", "datum klopt niet"),
        ("gecontroleerd_op", "gisteren", "datum klopt niet"),
    ],
)
def test_a_wrong_field_is_refused_in_dutch_next_to_the_field(field, value, message):
    with pytest.raises(directory.Invalid) as caught:
        directory.validate({**GOOD, field: value}, TODAY)
    assert list(caught.value.errors) == [field]
    assert message.lower() in caught.value.errors[field].lower()


def test_plain_phone_numbers_pass():
    for phone in ("+31 72 123 4567", "(072) 123-45-67", "14 072", "0800-1234"):
        assert directory.validate({**GOOD, "telefoon": phone}, TODAY)["phone"] == phone


def test_someone_needs_a_name_or_an_organisation_and_another_role_its_role():
    with pytest.raises(directory.Invalid) as caught:
        directory.validate({"soort": "anders"}, TODAY)
    assert set(caught.value.errors) == {"naam", "rol"}
    only_org = directory.validate({"soort": "mbo_school", "organisatie": "ROC"}, TODAY)
    assert only_org["name"] is None and only_org["organisation"] == "ROC"


def test_twelve_months_without_a_check_is_stale():
    assert directory.is_stale(None, TODAY)
    assert directory.is_stale(dt.date(2025, 11, 26), TODAY)
    assert not directory.is_stale(dt.date(2025, 11, 27), TODAY)
    assert directory.stale_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)


def _audit(s) -> list[tuple[str, str]]:
    return [(a.action, a.target) for a in s.query(AuditEntry).order_by(AuditEntry.id)]


def test_every_change_is_stored_and_audited():
    with session() as s:
        anna = auth.create_staff(s, "anna", "Anna", "jobcoach", "lang-genoeg-wachtwoord")
        s.flush()
        before = len(_audit(s))
        row = directory.add(s, anna.id, "zeeland", directory.validate(GOOD, TODAY), NOW)
        s.commit()
        target = f"contact:{row.id}"
        changed = directory.update(
            s, anna.id, row, directory.validate({**GOOD, "telefoon": "0118 123456"}, TODAY), NOW
        )
        assert changed == ["phone"]
        assert (
            directory.update(
                s, anna.id, row, directory.validate({**GOOD, "telefoon": "0118 123456"}, TODAY), NOW
            )
            == []
        )
        later = NOW + dt.timedelta(days=3)
        directory.mark_checked(s, anna.id, row, later)
        s.commit()
        assert s.get(RegionContact, row.id).checked_on == later.date()
        assert [c.phone for c in directory.contacts("zeeland")] == ["0118 123456"]
        directory.remove(s, anna.id, row, later)
        s.commit()
        assert directory.contacts("zeeland") == []
        lines = _audit(s)[before:]
        assert lines == [
            ("netwerk_toegevoegd", target),
            ("netwerk_gewijzigd", target),
            ("netwerk_gecontroleerd", target),
            ("netwerk_verwijderd", target),
        ]
        entries = s.query(AuditEntry).filter(AuditEntry.target == target).all()
        assert {e.staff_id for e in entries} == {anna.id}
        assert "velden=phone" in entries[1].detail and "regio=zeeland" in entries[1].detail


def test_the_contacts_regions_yml_held_are_imported_once_and_flagged_unchecked(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url, "0012")
    upgrade(url)
    twente = directory.contacts("twente", db_url=url)
    assert {c.organisation for c in twente} >= {"ROC van Twente", "Zone.College"}
    assert {c.kind for c in twente} == {
        "mbo_school",
        "werkgeversservicepunt",
        "sw_bedrijf",
        "anders",
    }
    [lead] = [c for c in twente if c.kind == "anders"]  # the pilot's contact, as the kb has it
    assert (lead.name, lead.email, lead.label) == (
        "Herbert de Witte",
        "hdewitte@zone.college",
        "Projectleider pilot (2020)",
    )
    assert all(c.checked_on is None and c.stale(TODAY) for c in twente)
    with create_engine(url).begin() as conn:  # a colleague deletes one; nothing puts it back
        conn.execute(text("DELETE FROM region_contacts WHERE organisation = 'Zone.College'"))
    upgrade(url)
    assert "Zone.College" not in {c.organisation for c in directory.contacts("twente", url)}


def test_the_answer_names_the_live_contacts_and_what_is_not_filled_in():
    region = load_regions()["noord-holland-noord"]
    assert "staan nog niet in de kennisbank" in contacts_text(region)
    with session() as s:
        values = directory.validate({**GOOD, "email": ""}, TODAY)
        directory.add(s, None, "noord-holland-noord", values, NOW)
        s.commit()
    answer = contacts_text(region, today=TODAY)
    assert answer.startswith("Contacten in Noord-Holland Noord:")
    assert "Jan de Vries (Leerwerkloket Noord-Holland Noord), telefoon 072 123 45 67" in answer
    assert "e-mail nog niet ingevuld" in answer
    assert "Ambassadeur praktijkleren: nog niet ingevuld" in answer
    assert "Sw-bedrijf: nog niet ingevuld" in answer
    assert "gecontroleerd" not in answer  # checked this month
    line = directory_line(region, "leerwerkloket", today=TODAY)
    assert line.startswith("Leerwerkloket in Noord-Holland Noord: Jan de Vries")
    stale = directory_line(region, "leerwerkloket", today=TODAY + dt.timedelta(days=400))
    assert "meer dan een jaar niet gecontroleerd" in stale


def test_questions_for_the_contacts_themselves_are_recognised():
    assert asked_contacts("Bij wie kan ik terecht in Twente?") == ""
    assert asked_contacts("wie kan ik bellen over praktijkleren in twente") == ""
    assert asked_contacts("bij wie meld ik hem aan in twente?") == ""
    assert asked_contacts("waar meld ik een kandidaat aan in twente?") == ""
    assert asked_contacts("waar kan ik iemand aanmelden in twente?") == ""
    assert asked_contacts("hoe meld ik een kandidaat aan in twente?") is None
    assert asked_contacts("wie is het leerwerkloket in Twente?") == "leerwerkloket"
    assert asked_contacts("wie zijn de mbo-scholen in drenthe") == "mbo_scholen"
    assert asked_contacts("wie is het sw-bedrijf in zeeland") == "sw_bedrijf"
    assert asked_contacts("wat doet het leerwerkloket in Twente?") is None
    assert asked_contacts("wie is de contactpersoon van de pilot twente") is None
    assert asked_contacts("ik weet niet wie ik in de regio kan benaderen") == ""
    assert asked_contacts("Wie of wat kan mij helpen?") == ""
    assert asked_contacts("wie helpt de deelnemer na de pv?") is None


def test_the_assistant_answers_who_to_turn_to_from_the_database():
    answerer = default_answerer()
    question = "bij wie kan ik terecht in Noord-Holland Noord?"
    before = answerer.respond(question)
    assert before.kind == "answer" and before.region == "noord-holland-noord"
    assert "staan nog niet in de kennisbank" in before.replies[0].text
    with session() as s:
        directory.add(s, None, "noord-holland-noord", directory.validate(GOOD, TODAY), NOW)
        s.commit()
    after = answerer.respond(question).replies[0].text  # the same answerer: no reload
    assert "Jan de Vries" in after and "jan@leerwerkloket-nhn.nl" in after
    loket = answerer.respond("wie is het leerwerkloket in Noord-Holland Noord?").replies[0].text
    assert loket.startswith("Leerwerkloket in Noord-Holland Noord: Jan de Vries")
    # a candidate asking the same gets no list of professionals' contacts
    assert "Jan de Vries" not in " ".join(
        r.text for r in answerer.respond(question, role="candidate").replies
    )


def test_a_pilot_region_without_contacts_says_who_took_part_in_its_pilot():
    answerer = default_answerer()
    question = "bijstandsklant 30 in Ede, geen sk. bij wie moet ik in de regio zijn?"
    outcome = answerer.respond(question)
    assert outcome.region == "foodvalley"
    assert "staan nog niet in de kennisbank" in outcome.replies[0].text
    assert "Leerwerkloket" in outcome.replies[1].text  # from the entry about the pilot
    assert "r. " in outcome.replies[1].text  # with its source lines
    with session() as s:
        directory.add(s, None, "foodvalley", directory.validate(GOOD, TODAY), NOW)
        s.commit()
    after = answerer.respond(question)
    assert "Jan de Vries" in after.replies[0].text
    assert len(after.replies) == 1  # the contacts themselves now


def test_a_region_s_pilot_entry_must_exist(tmp_path):
    import shutil

    from bot.knowledge.kb import KNOWLEDGE_DIR
    from bot.knowledge.validation import validate

    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    path = target / "regions.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("pilot-foodvalley", "pilot-bestaat-niet"),
        encoding="utf-8",
    )
    errors = validate(target)
    assert len(errors) == 1 and "pilot-bestaat-niet" in errors[0]
