"""Kennisbank beheer in headless Chromium as Cora, a curator: she lands on the queue of
grouped questions, opens a group, sees a change refused in Dutch (nothing written), turns the
group into example questions of the nearest entry with the keyboard only, and sees the queue
without it. axe-core finds no WCAG 2.1 AA violation on either page.

The portal runs in-process on a real port over a copy of the knowledge
(PRAKTIJKBOT_KNOWLEDGE_DIR); no Rasa needed. Screenshots: var/test-artifacts/."""

from __future__ import annotations

import shutil

import pytest
from app_thread import AppThread
from stacks import chromium, shot

from bot.knowledge.gaps import record_gap
from bot.knowledge.kb import PROJECT_KNOWLEDGE, load
from bot.portal import auth
from bot.portal.app import make_app
from bot.store.engine import session

PASSWORD = "lang-genoeg-wachtwoord"
ENTRY = "doelgroep-werkfit"


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only (no stack: it runs among the fast tests)."""
    with chromium() as b:
        yield b


@pytest.fixture
def knowledge(tmp_path, monkeypatch):
    copy = tmp_path / "knowledge"
    shutil.copytree(PROJECT_KNOWLEDGE, copy)
    monkeypatch.setenv("PRAKTIJKBOT_KNOWLEDGE_DIR", str(copy))
    return copy


@pytest.fixture
def portal(project_db, knowledge):
    with session() as s:
        auth.create_staff(s, "cora", "Cora Kuipers", "curator", PASSWORD)
        s.commit()
    for question, region in (
        ("is werkfit hetzelfde als werknemersvaardigheden", "twente"),
        ("Is werkfit hetzelfde als werknemersvaardigheden?", "twente"),
        ("werkfit en werknemersvaardigheden, is dat hetzelfde", None),
    ):
        record_gap(question, ENTRY, 0.24, region)
    record_gap("mag mijn hond mee naar het leerbedrijf")
    # one entry checked more than a year ago: flagged for review
    path = knowledge / "entries" / "proces.yml"
    text = path.read_text(encoding="utf-8")
    at = text.index("    reviewed: ")
    path.write_text(text[:at] + "    reviewed: 2025-06-01" + text[text.index("\n", at) :])
    apps = AppThread()
    yield apps.serve(make_app("http://127.0.0.1:9", "geheim", "token"))
    apps.stop()


def _shot(page, name: str) -> None:
    shot(page, f"kennisbank-{name}")


def test_a_curator_answers_a_group_of_questions_in_the_browser(browser, portal, knowledge, axe):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(portal + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill("cora")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Kennisbank", level=1).wait_for()
    table = page.get_by_role("table", name="Open vragen, gegroepeerd")
    first = table.locator("tbody tr").first
    assert first.locator("td").nth(1).inner_text() == "3"  # three ways of asking, one group
    assert "Werkfit en afstand tot de arbeidsmarkt" in first.inner_text()
    assert table.locator("tbody tr").count() == 2
    assert page.get_by_role("link", name="Kandidaten").count() == 0  # not a curator's page
    assert "Twente" in first.inner_text()  # asked from there
    due = page.get_by_role("table", name="Kennisitems die herzien moeten worden")
    assert due.locator("tbody tr").count() == 1 and "01-06-2026" in due.inner_text()
    axe(page)
    _shot(page, "wachtrij")

    first.get_by_role("link").click()
    page.get_by_role("heading", name="Open vraag", level=1).wait_for()
    # a new entry without enough questions and with a made-up source: refused, in Dutch
    new = page.locator("form", has=page.get_by_role("heading", name="Nieuw kennisitem"))
    new.get_by_label("Id (kleine letters, cijfers en streepjes)").fill("doelgroep-werkfit-2")
    new.get_by_label("Titel (hoogstens 60 tekens)").fill("Werkfit en vaardigheden")
    new.get_by_label("Antwoord (1 tot 3 korte zinnen, alleen feiten uit de bron)").fill("Ja.")
    new.get_by_label("Voorbeeldvragen (een per regel, minstens 4)").fill("is werkfit hetzelfde")
    new.get_by_label("Bronnen (een per regel)").fill("verzonnen.txt 1-2")
    before = (knowledge / "entries" / "doelgroep.yml").read_bytes()
    new.get_by_role("button", name="Kennisitem opslaan").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Niet opgeslagen" in alert.inner_text()
    assert "minder dan 4 voorbeeldvragen" in alert.inner_text()
    assert "bronbestand 'verzonnen.txt' bestaat niet" in alert.inner_text()
    assert (knowledge / "entries" / "doelgroep.yml").read_bytes() == before
    axe(page)
    _shot(page, "geweigerd")

    # example questions for the nearest entry (preselected), with the keyboard only
    add = page.locator("form", has=page.get_by_role("heading", name="Voorbeeldvragen toevoegen"))
    assert add.get_by_label("Kennisitem").input_value() == ENTRY
    add.get_by_label("Voorbeeldvragen (een per regel)").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Voorbeeldvragen opslaan"
    page.keyboard.press("Enter")
    page.get_by_role("status").wait_for()
    assert "Opgeslagen in doelgroep.yml (kennisitem doelgroep-werkfit)" in (
        page.get_by_role("status").inner_text()
    )
    assert (
        page.get_by_role("table", name="Open vragen, gegroepeerd").locator("tbody tr").count() == 1
    )
    questions = load(knowledge).get(ENTRY).questions
    assert "werkfit en werknemersvaardigheden, is dat hetzelfde" in questions
    _shot(page, "opgeslagen")
    page.close()
