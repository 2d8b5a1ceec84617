"""Safety first, always (issue 12, item 1), as the personas met it, in-process:

- Halima writes crisis language while her jobcoach has taken over: the safety message, an
  urgency-1 melding, and an alert to her jobcoach and the region's fallback;
- a melding made before Twente had a jobcoach: the admins are told, the region's jobcoaches
  see it and may take it, a new default jobcoach gets it, an admin can assign it, and it is
  told again (once) when nobody took it in time;
- "ik wil een mens spreken" is promised today or the next working day;
- three messages in 7 seconds make one melding with the highest urgency and every excerpt;
- a jobcoach's message is signed with their first name, and the takeover conversation is
  kept after closing (and deleted with the candidate).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fake_rasa import TOKEN, FakeRasa

from bot.catalogue import say
from bot.escalations import handoff, owners, records, watch
from bot.escalations.crisis import safety_message
from bot.escalations.notifications import text_for
from bot.portal import auth
from bot.portal.webchat import messages_after
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, HandoffMessage, Notification, Staff, Traject

NOW = dt.datetime(2026, 11, 23, 9, 0)  # a Monday
PASSWORD = "lang-genoeg-wachtwoord"
HALIMA = "soms denk ik ik wil niet meer leven"


@pytest.fixture(autouse=True)
def channels(monkeypatch):
    """Notifications are queued per channel that is configured: e-mail here."""
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")


def staff(s, username, role, region=None, default=False):
    return auth.create_staff(
        s,
        username,
        username.title(),
        role,
        PASSWORD,
        email=f"{username}@test.local",
        region=region,
        default_for_region=default,
    )


def told(s, escalation_id, kind=None) -> list[str]:
    return sorted(
        n.recipient for n in s.query(Notification).filter_by(escalation_id=escalation_id, kind=kind)
    )


def candidate(s, name, conversation, region="twente", coach=None):
    c = Candidate(first_name=name, region=region, conversation_id=conversation, channel="web")
    s.add(c)
    s.flush()
    if coach is not None:
        s.add(Traject(candidate_id=c.id, leerbedrijf="Bakkerij", jobcoach_id=coach.id))
    s.flush()
    return c


def test_halima_in_a_takeover_gets_the_safety_message_and_an_urgency_1_melding(project_db):
    with session() as s:
        sanne = staff(s, "sanne", "jobcoach", "twente")
        rob = staff(s, "rob", "jobcoach", "twente", default=True)
        halima = candidate(s, "Halima", "web-halima", coach=sanne)
        first = records.create(s, halima, "wil_stoppen", "Kandidaat: ik wil stoppen", NOW)
        first.handoff_state, first.handoff_at = handoff.TAKEN, NOW  # Sanne took over
        s.commit()
        first_id = first.id
    later = NOW + dt.timedelta(minutes=40)  # past the merge window: a melding of its own
    extra = watch.after_message("web-halima", HALIMA, [], later)  # Rasa is paused: nothing
    assert extra[0] == safety_message() and "113" in extra[0] and "112" in extra[0]
    assert "Sanne" in extra[1]
    with session() as s:
        crisis = s.query(Escalation).filter_by(reason="crisis").one()
        assert crisis.severity == 1 and HALIMA in crisis.excerpt
        assert crisis.staff_id == sanne.id and crisis.due_at <= later + dt.timedelta(hours=24)
        assert told(s, crisis.id) == ["rob@test.local", "sanne@test.local"]  # and the fallback
        kept = handoff.transcript(s, first_id)
    assert [m["wie"] for m in kept] == ["kandidaat", "bot", "bot"]
    assert kept[0]["tekst"] == HALIMA and "0800-0113" in kept[1]["tekst"]
    # an ordinary turn: Rasa's action_crisis gave the safety message; nothing is added
    assert watch.after_message("web-halima", HALIMA, [safety_message(), "..."], later) == []
    assert rob.default_for_region == 1


def test_crisis_within_the_merge_window_makes_the_open_melding_urgency_1(project_db):
    with session() as s:
        sanne = staff(s, "sanne", "jobcoach", "twente")
        staff(s, "rob", "jobcoach", "twente", default=True)
        halima = candidate(s, "Halima", "web-halima", coach=sanne)
        first = records.create(s, halima, "wil_stoppen", "Kandidaat: ik wil stoppen", NOW)
        first.handoff_state = handoff.TAKEN
        s.commit()
    watch.after_message("web-halima", HALIMA, [], NOW + dt.timedelta(minutes=2))
    with session() as s:
        only = s.query(Escalation).one()
        assert (only.severity, only.reason) == (1, "crisis")
        assert "ik wil stoppen" in only.excerpt and HALIMA in only.excerpt
        assert "rob@test.local" in told(s, only.id)  # more urgent: the fallback is told


def test_crisis_from_someone_unknown_still_gets_the_safety_message(project_db, monkeypatch):
    extra = watch.after_message("web-onbekend", "ik wil niet meer leven", [], NOW)
    assert extra == [safety_message(), say("escalations.crisis_unknown_next")]
    assert watch.after_message("web-onbekend", "hoi", [], NOW) == []

    # the database is away: the safety message is still given
    def away():
        raise ConnectionError("database weg")

    monkeypatch.setattr(watch, "session", away)
    assert watch.after_message("web-x", "ik wil niet meer leven", [], NOW) == [safety_message()]


def test_a_melding_before_twente_had_a_jobcoach_reaches_the_admins_and_is_adopted(project_db):
    with session() as s:
        staff(s, "root", "beheerder")
        kim = candidate(s, "Kim", "web-kim")
        e = records.create(s, kim, "wil_persoon", "Kandidaat: ik wil een mens spreken", NOW)
        s.commit()
        assert e.staff_id is None and told(s, e.id) == ["root@test.local"]
        promise = records.candidate_message(["wil_persoon"], True, records.contact_name(s, e))
        assert "team" in promise and "vandaag of de volgende werkdag" in promise
        # a later "niemand belt" is not silently added to the unowned melding
        later = records.create(s, kim, "wil_persoon", "Kandidaat: niemand belt", NOW + HOUR)
        assert later.id == e.id and "niemand belt" in later.excerpt
        assert told(s, e.id, owners.AGAIN) == ["root@test.local"]
        # a jobcoach made the Twente default afterwards gets it, and is told
        nieuw = staff(s, "nieuw", "jobcoach", "twente", default=True)
        s.commit()
        assert s.get(Escalation, e.id).staff_id == nieuw.id
        assert told(s, e.id, owners.ASSIGNED) == ["nieuw@test.local"]
        assert "Aan u toegewezen" in text_for(s, e, owners.ASSIGNED)[0]


HOUR = dt.timedelta(hours=1)


def test_the_regions_jobcoaches_see_and_take_an_unowned_melding_and_an_admin_assigns(project_db):
    with session() as s:
        root = staff(s, "root", "beheerder")
        anna = staff(s, "anna", "jobcoach", "twente")
        zeno = staff(s, "zeno", "jobcoach", "zeeland")
        kim = candidate(s, "Kim", "web-kim")
        e = records.create(s, kim, "conflict", "Kandidaat: ruzie", NOW)
        s.commit()
        assert auth.may_see(s, anna, kim.id) and not auth.may_see(s, zeno, kim.id)
        assert owners.may_take(s, anna, e) and not owners.may_take(s, zeno, e)
        assert not owners.may_take(s, root, e)  # an admin assigns instead
        owners.assign(s, e, zeno, NOW)
        assert e.staff_id == zeno.id and told(s, e.id, owners.ASSIGNED) == ["zeno@test.local"]
        assert not owners.may_take(s, anna, e)  # it has an owner now
        e.staff_id = None
        owners.take(s, e, anna, NOW)
        assert e.staff_id == anna.id and e.acknowledged_at == NOW


def test_a_melding_nobody_took_in_time_is_told_again_once(project_db):
    with session() as s:
        staff(s, "root", "beheerder")
        staff(s, "rob", "jobcoach", "twente", default=True)
        sam = candidate(s, "Sam", "web-sam")
        crisis = records.create(s, sam, "crisis", "Kandidaat: ...", NOW)
        seen = records.create(s, candidate(s, "Bo", "web-bo"), "crisis", "", NOW)
        seen.acknowledged_at = NOW
        s.commit()
        assert crisis.due_at < NOW + dt.timedelta(hours=24)
        assert owners.reescalate_overdue(s, crisis.due_at - dt.timedelta(minutes=1)) == 0
        assert owners.reescalate_overdue(s, crisis.due_at) == 1  # Bo's was taken: not again
        assert owners.reescalate_overdue(s, crisis.due_at + HOUR) == 0  # once
        assert told(s, crisis.id, owners.AGAIN) == ["rob@test.local", "root@test.local"]
        assert "Nog niet opgepakt" in text_for(s, crisis, owners.AGAIN)[0]


def test_someone_who_asks_for_a_person_is_promised_today_or_the_next_working_day(project_db):
    friday = dt.datetime(2026, 11, 27, 15, 0)
    assert owners.due(2, "wil_persoon", friday) == dt.datetime(2026, 11, 30, 15, 0)
    with session() as s:
        anna = staff(s, "anna", "jobcoach", "twente")
        sam = candidate(s, "Sam", "web-sam", coach=anna)
        e = records.create(s, sam, "wil_persoon", "", friday)
        promise = records.candidate_message(["wil_persoon"], True, records.contact_name(s, e))
    assert "vandaag of de volgende werkdag" in promise and "drie" not in promise
    assert e.due_at == owners.add_workdays(friday, 1)
    slow = records.candidate_message(["zorgen_overig"], True, "Anna")
    assert say("escalations.when_3") in slow  # the promise follows what the system does
    assert owners.due(3, "zorgen_overig", friday) == dt.datetime(2026, 12, 2, 15, 0)


def test_three_messages_in_seven_seconds_make_one_melding(project_db):
    with session() as s:
        anna = staff(s, "anna", "jobcoach", "twente")
        sam = candidate(s, "Sam", "web-sam", coach=anna)
        lines = ["Kandidaat: ik heb ruzie", "Kandidaat: ik wil stoppen", "Kandidaat: help"]
        made = [
            records.create(s, sam, reason, "\n".join(lines[: i + 1]), NOW + i * SECONDS_3)
            for i, reason in enumerate(["conflict", "wil_stoppen", "wil_persoon"])
        ]
        s.commit()
        assert len({e.id for e in made}) == 1
        e = made[0]
        shown = e.excerpt.splitlines()
        assert [line for line in shown if line.startswith("Kandidaat")] == lines  # each once
        assert "Ook: Kandidaat wil stoppen" in shown  # and the other reasons
        assert "Ook: Kandidaat wil een persoon spreken" in shown
        assert e.severity == 2 and told(s, e.id) == ["anna@test.local"]  # told once
        apart = records.create(s, sam, "contract", "", NOW + dt.timedelta(minutes=11))
        assert apart.id != e.id  # outside the window: a melding of its own


SECONDS_3 = dt.timedelta(seconds=3)


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa().start()


def test_the_jobcoach_signs_and_the_conversation_is_kept_after_closing(project_db, fake_rasa):
    rasa = RasaClient(fake_rasa.url, TOKEN)
    with session() as s:
        sanne = auth.create_staff(s, "sanne", "Sanne de Wit", "jobcoach", PASSWORD)
        lina = candidate(s, "Lina", "web-lina", coach=sanne)
        e = records.create(s, lina, "wil_persoon", "", NOW)
        s.commit()
        escalation_id = e.id
    handoff.take_over(rasa, escalation_id, "Sanne de Wit", NOW)
    watch.after_message("web-lina", "mijn nummer is 06-12345678", [], NOW)
    signed = handoff.reply(rasa, escalation_id, "Sanne de Wit", "Ik bel je zo.", NOW, "k1")
    handoff.reply(rasa, escalation_id, "Sanne de Wit", "Ik bel je zo.", NOW, "k1")  # twice
    assert signed == "Sanne (jobcoach): Ik bel je zo."
    with session() as s:
        page = [m["text"] for m in messages_after(s, "web-lina", 0)]
    assert page.count(signed) == 1  # the candidate sees who wrote it, once
    handoff.close(rasa, escalation_id, "Gebeld.", NOW)
    with session() as s:
        kept = handoff.transcript(s, escalation_id)
        assert s.get(Escalation, escalation_id).status == "afgehandeld"
    assert [(m["wie"], m["tekst"]) for m in kept] == [
        ("bot", say("escalations.taken_over", name="Sanne de Wit")),
        ("kandidaat", "mijn nummer is 06-12345678"),
        ("jobcoach", signed),
        ("bot", say("escalations.given_back")),
    ]
    with session() as s:
        from bot.candidates import privacy

        assert privacy.delete_candidate(s, "web-lina", NOW)
        assert s.query(HandoffMessage).count() == 0
        assert s.query(Staff).count() == 1
