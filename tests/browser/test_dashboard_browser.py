"""Issue 12, "a dashboard a jobcoach can work from", in headless Chromium as Anna, a jobcoach
in Twente: the "vandaag" view after login (who needs attention, by urgency and waiting time)
that updates without a reload, the meldingen with filters and search, Janneke's timeline
with the questions and her own words, and a taken-over conversation whose replies appear
without a reload. Also at phone width.

The portal runs in-process on a real port (no Rasa needed for these pages); the melding's
conversation comes from a small stand-in for Rasa's tracker endpoint.
Screenshots: var/test-artifacts/ (tests/stacks.py `shot`), copied to I12_SHOTS if set."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from aiohttp import web
from app_thread import AppThread
from stacks import ARTIFACTS, chromium, shot

from bot.candidates import journey
from bot.candidates.trajecten import register_traject
from bot.launch.ports import free_port
from bot.portal import auth
from bot.portal.app import make_app
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation, Staff

PASSWORD = "lang-genoeg-wachtwoord"


class Rasa:
    """Rasa's tracker endpoint, as far as the melding page reads it."""

    def __init__(self):
        self.events: list[dict] = []

    async def tracker(self, request):
        return web.json_response({"events": list(self.events)})


class Servers(AppThread):
    """The portal (and the stand-in Rasa) on their own event loop in a thread."""

    def __init__(self):
        super().__init__()
        self.rasa = Rasa()
        self.rasa_port = free_port()
        self.url = ""

    def start(self):
        rasa = web.Application()
        rasa.router.add_get("/conversations/{id}/tracker", self.rasa.tracker)
        self.serve(rasa, self.rasa_port)
        self.url = self.serve(make_app(f"http://127.0.0.1:{self.rasa_port}", "geheim", "token"))


def _ago(**kw):
    return dt.datetime.utcnow() - dt.timedelta(**kw)


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only: it needs no stack, so it runs among the fast tests, and
    Playwright's event loop must be gone before the next module's asyncio tests."""
    with chromium() as b:
        yield b


@pytest.fixture
def world(project_db):
    with session() as s:
        anna = auth.create_staff(s, "anna", "Anna de Vries", "jobcoach", PASSWORD, region="twente")
        auth.create_staff(s, "root", "Beheerder", "beheerder", PASSWORD)
        bert = auth.create_staff(s, "bert", "Bert", "jobcoach", PASSWORD, region="twente")
        ids = {}
        for name, coach in (
            ("Hugo", "anna"),
            ("Janneke", "anna"),
            ("Halima", "anna"),
            ("Sam", "bert"),
        ):
            c = Candidate(
                first_name=name,
                region="twente",
                channel="web",
                conversation_id=f"web-{name.lower()}",
                consent_at=_ago(days=30),
                intake_summary=f"Voornaam: {name}\nWerk dat je leuk vindt: Eten en drinken",
            )
            s.add(c)
            s.flush()
            register_traject(
                s, c.id, "Bakkerij De Korf", dt.date.today() - dt.timedelta(days=28), jobcoach=coach
            )
            ids[name] = c.id
        s.flush()

        def melding(name, reason, severity, ago, excerpt, status="open", coach=anna.id, **kw):
            e = Escalation(
                candidate_id=ids[name],
                reason=reason,
                severity=severity,
                staff_id=coach,
                status=status,
                excerpt=excerpt,
                created_at=_ago(**ago),
                **kw,
            )
            s.add(e)
            s.flush()
            return e.id

        ids["hugo_melding"] = melding(
            "Hugo", "wil_persoon", 3, {"hours": 26}, "Kandidaat: ik wil iemand spreken"
        )
        ids["janneke_melding"] = melding(
            "Janneke",
            "wil_stoppen",
            2,
            {"minutes": 40},
            "Vraag: Hoe gaat het op je werk?\nKandidaat: [knop] Niet goed\n"
            "Kandidaat: ik stop ermee",
            handoff_at=_ago(minutes=30),
            handoff_state="overgenomen",
        )
        melding(
            "Janneke",
            "conflict",
            2,
            {"days": 9},
            "Kandidaat: ruzie met mijn baas",
            status="afgehandeld",
            resolved_at=_ago(days=8),
            note="Gebeld met het leerbedrijf; opgelost.",
        )
        melding("Sam", "crisis", 1, {"minutes": 5}, "Kandidaat: ...", coach=bert.id)
        checkin = (
            s.query(CheckIn)
            .filter(CheckIn.traject_id == s.get(Candidate, ids["Janneke"]).trajecten[0].id)
            .one()
        )
        checkin.status, checkin.sent_at = "verstuurd", _ago(days=3)
        journey.store_checkin(
            s,
            checkin,
            {"ci_mood": "niet_goed", "ci_opleider_time": "soms", "ci_worries": "werk"},
            "",
            _ago(days=2),
            said={
                "ci_mood": "echt niet goed, te druk in de keuken",
                "ci_worries": "mijn baas schreeuwt",
            },
        )
        halima = (
            s.query(CheckIn)
            .filter(CheckIn.traject_id == s.get(Candidate, ids["Halima"]).trajecten[0].id)
            .one()
        )
        halima.status, halima.sent_at = "herinnerd", _ago(days=2)
        s.commit()
    return ids


@pytest.fixture
def servers(world):
    servers = Servers()
    servers.start()
    yield servers
    servers.stop()


def _shot(page, name):
    shot(page, f"dashboard-{name}")
    target = os.environ.get("I12_SHOTS")
    if target:
        os.makedirs(target, exist_ok=True)
        shutil.copy(ARTIFACTS / f"dashboard-{name}.png", os.path.join(target, f"{name}.png"))


def _log_in(browser, servers, user="anna", **viewport):
    page = browser.new_page(**viewport)
    page.goto(servers.url + "/dashboard/")
    page.get_by_label("Gebruikersnaam").fill(user)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Vandaag").wait_for()
    return page


def test_vandaag_meldingen_timeline_and_live_updates(browser, servers, world):
    page = _log_in(browser, servers, viewport={"width": 1200, "height": 900})
    rows = page.locator("ol.aandacht > li")
    # Janneke's melding (urgency 2) first; then urgency 3, the longest waiting first: Halima's
    # check-in unanswered for two days, Hugo's melding of a day. Sam is Bert's: not here.
    names = [rows.nth(i).locator(".naam").inner_text() for i in range(rows.count())]
    assert names == ["Janneke", "Halima", "Hugo"]
    assert "gesprek overgenomen" in rows.nth(0).inner_text()
    assert "niet beantwoord" in rows.nth(1).inner_text()
    _shot(page, "vandaag")

    # a new melding for Hugo arrives: on the list without a reload, at the top (urgency 1)
    page.evaluate("() => (window.__geenReload = true)")  # gone after a reload
    with session() as s:
        s.add(
            Escalation(
                candidate_id=world["Hugo"],
                reason="crisis",
                severity=1,
                staff_id=s.query(Staff).filter_by(username="anna").one().id,
                excerpt="Kandidaat: ik wil niet meer",
                created_at=dt.datetime.utcnow(),
            )
        )
        s.commit()
    page.locator("ol.aandacht > li").first.get_by_role("link", name="Crisistaal").wait_for(
        timeout=15_000
    )
    assert page.evaluate("() => window.__geenReload === true")
    assert page.locator("ol.aandacht > li .naam").first.inner_text() == "Hugo"
    _shot(page, "vandaag-live")

    # meldingen: open and closed, filtered and searched
    page.get_by_role("link", name="Meldingen", exact=True).click()
    page.get_by_label("Status").select_option("alle")
    page.get_by_label("Zoek (naam of tekst)").fill("baas")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_text("1 melding gevonden").wait_for()
    assert "ruzie met mijn baas" in page.locator("table").inner_text()
    assert "afgesloten" in page.locator("table").inner_text()
    _shot(page, "meldingen-gezocht")

    # Janneke's timeline: the question, her button and her own words; the closed melding
    page.get_by_role("link", name="Janneke").first.click()
    page.get_by_role("heading", name="Tijdlijn").wait_for()
    timeline = page.locator("ol.tijdlijn").inner_text()
    assert "Hoe gaat het op je werk?" in timeline and "Niet goed" in timeline
    assert "echt niet goed, te druk in de keuken" in timeline
    assert "mijn baas schreeuwt" in timeline and "Gebeld met het leerbedrijf" in timeline
    assert "ci_mood" not in timeline and "niet_goed" not in timeline
    _shot(page, "tijdlijn")

    # the taken-over conversation: the candidate's reply appears without a reload
    servers.rasa.events[:] = [
        {"event": "pause"},
        {"event": "bot", "text": "Hoi Janneke, ik bel je zo.", "metadata": {"van": "jobcoach"}},
    ]
    page.goto(f"{servers.url}/dashboard/escalaties/{world['janneke_melding']}")
    page.locator(".gesprek li.jobcoach").wait_for()
    page.evaluate("() => (window.__geenReload = true)")
    servers.rasa.events.append({"event": "user", "text": "Oké, ik neem op."})
    page.locator(".gesprek li.kandidaat", has_text="Oké, ik neem op.").wait_for(timeout=15_000)
    assert page.evaluate("() => window.__geenReload === true")
    _shot(page, "melding-live")
    page.close()


def test_vandaag_at_phone_width(browser, servers, world):
    page = _log_in(browser, servers, viewport={"width": 390, "height": 844})
    first = page.locator("ol.aandacht > li").first
    assert first.locator(".naam").inner_text() == "Janneke"
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390  # nothing sticks out sideways
    _shot(page, "vandaag-telefoon")
    page.goto(f"{servers.url}/dashboard/kandidaten/{world['Janneke']}")
    page.get_by_role("heading", name="Tijdlijn").wait_for()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    _shot(page, "tijdlijn-telefoon")
    page.close()


def test_an_administrator_links_a_traject_to_another_jobcoach(browser, servers, world):
    page = _log_in(browser, servers, user="root", viewport={"width": 1200, "height": 900})
    page.goto(f"{servers.url}/dashboard/kandidaten/{world['Janneke']}")
    page.get_by_label("Jobcoach koppelen").select_option("bert")
    page.get_by_role("button", name="Koppelen").click()
    page.get_by_text("Jobcoach gekoppeld").wait_for()
    assert "Jobcoach: Bert." in page.locator("section.kaart").first.inner_text()
    _shot(page, "jobcoach-gekoppeld")
    with session() as s:
        bert = s.query(Staff).filter_by(username="bert").one()
        assert s.get(Candidate, world["Janneke"]).trajecten[0].jobcoach_id == bert.id
    page.close()
