"""A melding never waits without an owner (issue 12), in headless Chromium on the shared stack.

The reproduction: meldingen made for a region before it had any jobcoach. Now the admin is
told and assigns one on the melding's page; a jobcoach of the region sees another one and
takes it ("Oppakken"); and the jobcoach the admin then makes the region's default gets the
one that was still waiting, where before she saw "Er zijn geen open meldingen"."""

from __future__ import annotations

import datetime as dt

from stacks import environ, shot, wait_for

from bot.escalations import records
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, Staff

PASSWORD = "lang-genoeg-wachtwoord"
REGION = "gorinchem"  # a region no other test gives a jobcoach


def log_in(browser, stack, username):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(stack.portal_url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Mijn account").wait_for()
    return page


def owner_of(stack, escalation_id):
    with session(stack.db) as s:
        e = s.get(Escalation, escalation_id)
        return s.get(Staff, e.staff_id).username if e.staff_id else None


def test_meldingen_without_a_jobcoach_are_told_assigned_taken_and_adopted(stack, browser):
    now = dt.datetime.utcnow()
    with environ(stack.env), session(stack.db) as s:  # the stack's SMTP: e-mail is queued
        create_staff(s, "beheer-eigenaar", "Beheer", "beheerder", PASSWORD, email="b@own.test")
        ids = []
        for name, reason in (("Kim", "wil_persoon"), ("Lex", "conflict"), ("Noa", "contract")):
            c = Candidate(first_name=name, region=REGION)
            s.add(c)
            s.flush()
            ids.append(records.create(s, c, reason, f"Kandidaat: hulp voor {name}", now).id)
        create_staff(s, "jet-eigenaar", "Jet Jansen", "jobcoach", PASSWORD, region=REGION)
        s.commit()
    kim, lex, noa = ids
    assert [owner_of(stack, i) for i in ids] == [None, None, None]
    # the admins are told (e-mail through the outbox)
    assert wait_for(lambda: len([m for m in stack.inbox.messages if m["To"] == "b@own.test"]) >= 3)

    admin = log_in(browser, stack, "beheer-eigenaar")
    admin.goto(f"{stack.portal_url}/dashboard/escalaties/{kim}")
    admin.get_by_text("nog niemand: wachtrij van de regio").wait_for()
    admin.get_by_label("Toewijzen aan").select_option(label=f"Jet Jansen ({REGION.title()})")
    admin.get_by_role("button", name="Toewijzen").click()
    admin.locator("#eigenaar", has_text="Jet Jansen").wait_for()
    shot(admin, "melding-toegewezen")
    assert owner_of(stack, kim) == "jet-eigenaar"

    jet = log_in(browser, stack, "jet-eigenaar")
    jet.goto(f"{stack.portal_url}/dashboard/escalaties/{lex}")  # the regional queue
    jet.get_by_role("button", name="Oppakken").click()
    jet.locator("#eigenaar", has_text="Jet Jansen").wait_for()
    shot(jet, "melding-opgepakt")
    assert owner_of(stack, lex) == "jet-eigenaar"

    admin.goto(stack.portal_url + "/dashboard/medewerkers")
    admin.get_by_label("Gebruikersnaam").fill("mies-eigenaar")
    admin.get_by_label("Naam", exact=True).fill("Mies")
    admin.get_by_label("Regio", exact=True).fill(REGION)
    admin.get_by_label("Standaard-jobcoach van de regio").check()
    admin.get_by_role("button", name="Aanmaken").click()
    admin.get_by_text("mies-eigenaar").first.wait_for()
    assert owner_of(stack, noa) == "mies-eigenaar"  # the one that was still waiting
    with session(stack.db) as s:
        mies = s.query(Staff).filter_by(username="mies-eigenaar").one()
        mies.password_hash = s.query(Staff).filter_by(username="jet-eigenaar").one().password_hash
        s.commit()
    mies_page = log_in(browser, stack, "mies-eigenaar")
    mies_page.goto(f"{stack.portal_url}/dashboard/escalaties/{noa}")
    mies_page.locator("#eigenaar", has_text="Mies").wait_for()
    assert mies_page.get_by_role("button", name="Gesprek overnemen").count() == 0  # no chat
    assert mies_page.get_by_role("button", name="Gezien").count() == 1  # hers to handle
    for page in (admin, jet, mies_page):
        page.close()
