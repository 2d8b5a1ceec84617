"""Netwerk in beeld in headless Chromium, as Floor, a consultant in Flevoland: from the
navigation to her region, a contact added with the keyboard (a wrong e-mail address is
named next to its field first), the flag on a contact not checked for a year, and
"gecontroleerd" that takes it away. axe-core checks each page (WCAG 2.1 AA).

The portal runs in-process on a real port (no Rasa needed), as in test_dashboard_browser.
Screenshots: var/test-artifacts/network-*.png (tests/stacks.py `shot`)."""

from __future__ import annotations

import datetime as dt

import pytest
from stacks import chromium, shot
from test_dashboard_browser import Servers

from bot.knowledge import directory
from bot.portal import auth
from bot.store.engine import session

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only (no stack needed), as test_dashboard_browser."""
    with chromium() as b:
        yield b


@pytest.fixture
def servers(project_db):
    with session() as s:
        auth.create_staff(s, "floor", "Floor Jansen", "consulent", PASSWORD, region="flevoland")
        values = {"kind": "sw_bedrijf", "organisation": "Concern voor Werk", "phone": "0320 22 00"}
        values["checked_on"] = dt.date.today() - dt.timedelta(days=500)
        directory.add(s, None, "flevoland", values, dt.datetime.utcnow())
        s.commit()
    servers = Servers()
    servers.start()
    yield servers
    servers.stop()


def test_a_consultant_keeps_her_regions_network(browser, servers, axe):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(servers.url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill("floor")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Netwerk in beeld").click()
    page.get_by_role("heading", name="Netwerk in beeld").wait_for()
    own = page.locator("tbody tr").first
    assert own.inner_text().startswith("Flevoland (uw regio)")
    assert "1 niet gecontroleerd in de laatste 12 maanden" in own.inner_text()
    shot(page, "network-overview")
    axe(page)
    own.get_by_role("link", name="Flevoland").click()
    page.get_by_role("heading", name="Netwerk in beeld: Flevoland").wait_for()
    row = page.locator("tr", has_text="Concern voor Werk")
    assert "Verouderd: laatst gecontroleerd op" in row.inner_text()

    page.get_by_label("Soort contact").select_option("leerwerkloket")
    page.get_by_label("Naam", exact=True).fill("Sanne Mulder")
    page.get_by_label("Organisatie").fill("Leerwerkloket Flevoland")
    page.get_by_label("Telefoon").fill("036 548 00 00")
    page.get_by_label("E-mail").fill("sanne.mulder@")
    page.get_by_label("Waarvoor kunt u bij hen terecht?").fill("scholing en de praktijkverklaring")
    page.get_by_role("button", name="Toevoegen").click()
    error = page.locator("#email-fout")
    assert "Dit e-mailadres klopt niet." in error.inner_text()
    assert page.get_by_label("E-mail").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Naam", exact=True).input_value() == "Sanne Mulder"  # kept
    shot(page, "network-error")
    axe(page)

    page.get_by_label("E-mail").fill("s.mulder@leerwerkloket-flevoland.nl")
    page.get_by_label("E-mail").press("Enter")  # keyboard only
    page.get_by_role("status").filter(has_text="is toegevoegd").wait_for()
    added = page.locator("tr", has_text="Sanne Mulder")
    assert "s.mulder@leerwerkloket-flevoland.nl" in added.inner_text()
    assert "Verouderd" not in added.inner_text()  # checked today

    page.get_by_role("button", name="Gecontroleerd: Concern voor Werk").click()
    page.get_by_role("status").filter(has_text="Concern voor Werk is gecontroleerd").wait_for()
    assert "Verouderd" not in page.locator("tr", has_text="Concern voor Werk").inner_text()
    assert "Nog niet ingevuld: Ambassadeur praktijkleren, Mbo-school" in page.content()
    shot(page, "network-region")
    axe(page)
