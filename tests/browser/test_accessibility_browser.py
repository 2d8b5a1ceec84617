"""Every page a person reaches, checked by axe-core for WCAG 2.1 A and AA (0 violations):
the candidate chat with a conversation in it (messages, buttons, links), the consultant
chat, and the dashboard an administrator sees, from the login page on. The widget on
another site is checked in test_widget_elsewhere_browser.py. `axe` is in conftest.py."""

from __future__ import annotations

import datetime as dt

from stacks import shot

from bot.candidates.trajecten import register_traject
from bot.escalations import records
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate

PASSWORD = "lang-genoeg-wachtwoord"


def send(page, text, field="Je bericht"):
    page.get_by_label(field).fill(text)
    page.get_by_role("button", name="Verstuur").click()


def test_candidate_chat_with_a_conversation_has_no_violations(stack, browser, axe):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(stack.portal_url + "/")
    page.get_by_role("button", name="Ik wil me aanmelden").wait_for()
    send(page, "wat is een praktijkverklaring?")
    page.locator("#gesprek li.bot", has_text="Bron:").wait_for()
    assert page.locator("#gesprek li").count() >= 3  # greeting, question, answer
    shot(page, "toegankelijk-kandidaat")
    axe(page)
    page.close()


def test_consultant_chat_has_no_violations(stack, browser, axe):
    page = browser.new_page()
    page.goto(stack.portal_url + "/consulent")
    send(page, "wat is een praktijkverklaring?", field="Uw vraag")
    page.locator("#gesprek li.bot").first.wait_for()
    assert page.locator("#gesprek li.user").count() == 1
    axe(page)
    page.close()


def test_dashboard_pages_have_no_violations(stack, browser, axe):
    with session(stack.db) as s:
        create_staff(s, "axe-beheerder", "Bram Beheer", "beheerder", PASSWORD)
        coach = create_staff(s, "axe-coach", "Carla Coach", "jobcoach", PASSWORD, region="twente")
        candidate = Candidate(first_name="Sanne", region="twente")
        s.add(candidate)
        s.flush()
        register_traject(s, candidate.id, "Zorg", dt.date.today()).jobcoach_id = coach.id
        escalation = records.create(
            s, candidate, "wil_persoon", "ik wil een mens spreken", dt.datetime.utcnow()
        )
        s.commit()
        ids = candidate.id, escalation.id

    page = browser.new_page()
    page.goto(stack.portal_url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").wait_for()
    axe(page)  # the login page
    page.get_by_label("Gebruikersnaam").fill("axe-beheerder")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Sanne").first.wait_for()
    axe(page)
    for path in (
        f"/dashboard/escalaties/{ids[1]}",
        "/dashboard/kandidaten",
        f"/dashboard/kandidaten/{ids[0]}",
        "/dashboard/account",
        "/dashboard/medewerkers",
        "/dashboard/meldingen",
    ):
        response = page.goto(stack.portal_url + path)
        assert response is not None and response.status == 200, path
        axe(page)
    page.close()
