"""Issue 13, part 4, in headless Chromium as Mia, a manager in Twente: the figures of her
region (a cohort built with the command line, tests/effect_cohort.py), the charts with their
tables, another year chosen with the keyboard, the CSV downloaded; axe-core finds no WCAG 2.1
AA violation. Also at phone width. The portal runs in-process on a real port (no Rasa).
Screenshots: var/test-artifacts/ (tests/stacks.py `shot`), copied to EFFECT_SHOTS if set."""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest
from app_thread import AppThread
from effect_cohort import NOW, build, region_of
from stacks import ARTIFACTS, chromium, shot

from bot.candidates import funnel
from bot.portal import auth
from bot.portal.app import make_app
from bot.store.engine import session

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only (see test_dashboard_browser.py: no stack needed)."""
    with chromium() as b:
        yield b


@pytest.fixture
def portal(project_db):
    build()
    with session() as s:
        auth.create_staff(s, "mia", "Mia Jansen", "manager", PASSWORD, region=region_of())
        s.commit()
    apps = AppThread()
    yield apps.serve(make_app("http://127.0.0.1:9", "geheim", "token", now=lambda: NOW))
    apps.stop()


def _shot(page, name):
    shot(page, f"effect-{name}")
    target = os.environ.get("EFFECT_SHOTS")
    if target:
        os.makedirs(target, exist_ok=True)
        shutil.copy(ARTIFACTS / f"effect-{name}.png", os.path.join(target, f"{name}.png"))


def _rows(page, key):
    cells = page.locator(f"#tabel-{key} tbody tr")
    return [
        (cells.nth(i).locator("th").inner_text(), cells.nth(i).locator("td").inner_text())
        for i in range(cells.count())
    ]


def test_a_manager_sees_and_exports_the_figures_of_her_region(browser, portal, axe):
    page = browser.new_page(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    page.goto(portal + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill("mia")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Effect").click()
    page.get_by_role("heading", name="Inzicht in effectiviteit").wait_for()
    with session() as s:
        figures = funnel.figures(s, region_of(), 2026, NOW)
    assert len(figures.sections) > 5
    for section in figures.sections:
        assert _rows(page, section.key) == [(r.label, r.shown) for r in section.rows]
        # the chart is an image with a name, its data in the table under it
        chart = page.locator(f"section[aria-labelledby='kop-{section.key}'] svg")
        assert section.title in chart.get_attribute("aria-label")
    assert page.locator("table caption").first.inner_text().endswith("instroom 2026)")
    axe(page)
    _shot(page, "manager")

    # another year, with the keyboard only
    page.get_by_label("Jaar van instroom").focus()
    page.keyboard.press("End")  # the earliest year: the list runs from new to old
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("instroom 2025)").first.wait_for()
    assert "jaar=2025" in page.url
    with session() as s:
        earlier = funnel.figures(s, region_of(), 2025, NOW)
    assert _rows(page, "trechter") == [(r.label, r.shown) for r in earlier.section("trechter").rows]

    # the CSV of what is on the page
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze cijfers als CSV").click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][-1] == "aantal" and {line[1] for line in lines[1:]} == {"2025"}
    assert len(lines) - 1 == sum(len(s.rows) + (s.total is not None) for s in earlier.sections)

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies(page.context.cookies())
    phone.goto(portal + "/dashboard/effect")
    phone.get_by_role("heading", name="Status onbekend").wait_for()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone: no sideways scrolling
    _shot(phone, "manager-telefoon")
