"""Kennisbank beheer over HTTP (the real aiohttp app and database, in-process), as a curator:
the gap queue, turning a group into example questions of an entry (written to a copy of the
knowledge: PRAKTIJKBOT_KNOWLEDGE_DIR), a change the validator refuses (nothing written, a
Dutch message), CSRF, the audit log and the review flags."""

import datetime as dt
import re
import shutil

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import select

from bot.knowledge.gaps import open_groups, record_gap
from bot.knowledge.kb import PROJECT_KNOWLEDGE, load
from bot.portal.app import make_app
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import AuditEntry

PASSWORD = "lang-genoeg-wachtwoord"
# The day after the latest review in the knowledge: an edit is validated against "now", and a
# "reviewed" date after it would be refused as lying in the future.
NOW = dt.datetime.combine(
    max(e.reviewed for e in load(PROJECT_KNOWLEDGE).entries.values() if e.reviewed)
    + dt.timedelta(days=1),
    dt.time(9, 0),
)
ENTRY = "doelgroep-werkfit"


@pytest.fixture
def knowledge(tmp_path, monkeypatch):
    copy = tmp_path / "knowledge"
    shutil.copytree(PROJECT_KNOWLEDGE, copy)
    monkeypatch.setenv("PRAKTIJKBOT_KNOWLEDGE_DIR", str(copy))
    return copy


@pytest.fixture
async def curator(project_db, knowledge):
    with session() as s:
        create_staff(s, "cora", "Cora", "curator", PASSWORD)
        s.commit()
    record_gap("wie betaalt de jobcoach", ENTRY, 0.2, "twente")
    record_gap("Wie betaalt jobcoach?", ENTRY, 0.21)
    record_gap("mag mijn hond mee naar het leerbedrijf")
    app = make_app("http://127.0.0.1:9", "geheim", "token", now=lambda: NOW)
    client = TestClient(TestServer(app))
    await client.start_server()
    page = await (await client.get("/dashboard/inloggen")).text()
    resp = await client.post(
        "/dashboard/inloggen",
        data={"csrf": _csrf(page), "gebruiker": "cora", "wachtwoord": PASSWORD},
        allow_redirects=False,
    )
    assert resp.status == 303
    yield client
    await client.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_the_curator_lands_on_the_queue_of_grouped_questions(curator):
    resp = await curator.get("/dashboard/", allow_redirects=False)
    assert resp.headers["Location"] == "/dashboard/kennisbank"
    html = await (await curator.get("/dashboard/kennisbank")).text()
    assert "Open vragen (2)" in html  # three questions, two groups
    row = re.search(r"<tr>\s*<td><a[^>]*>Wie betaalt jobcoach\?</a></td>\s*<td>2</td>", html)
    assert row, html
    assert "Werkfit en afstand tot de arbeidsmarkt" in html  # the nearest entry, by title
    assert dt.date.today().strftime("%d-%m-%Y") in html  # last asked (record_gap: today)
    assert "Alle kennisitems zijn binnen hun termijn gecontroleerd." in html
    assert 'href="/dashboard/kennisbank"' in html  # in the menu
    assert 'href="/dashboard/kandidaten"' not in html  # not the curator's


async def test_example_questions_from_a_gap_are_written_validated_and_audited(curator, knowledge):
    group = open_groups()[0]
    page = await (await curator.get(f"/dashboard/kennisbank/vragen/{group.key}")).text()
    assert f'<option value="{ENTRY}" selected>' in page  # the nearest entry preselected
    assert "Wie betaalt jobcoach?\nwie betaalt de jobcoach</textarea>" in page
    path = knowledge / "entries" / "doelgroep.yml"
    before = path.read_text(encoding="utf-8")
    form = {"item": ENTRY, "vragen": "wie betaalt de jobcoach\nWie betaalt jobcoach?"}
    resp = await curator.post(
        f"/dashboard/kennisbank/vragen/{group.key}/voorbeeldvragen", data=form
    )
    assert resp.status == 403  # no CSRF token: refused, nothing written
    assert path.read_text(encoding="utf-8") == before
    resp = await curator.post(
        f"/dashboard/kennisbank/vragen/{group.key}/voorbeeldvragen",
        data={**form, "csrf": _csrf(page)},
        allow_redirects=False,
    )
    assert resp.status == 303
    html = await (await curator.get(resp.headers["Location"])).text()
    assert "Opgeslagen in doelgroep.yml (kennisitem doelgroep-werkfit)" in html
    assert "Open vragen (1)" in html
    questions = load(knowledge).get(ENTRY).questions
    assert questions[-2:] == ("wie betaalt de jobcoach", "Wie betaalt jobcoach?")
    assert load(PROJECT_KNOWLEDGE).get(ENTRY).questions[-1] != "Wie betaalt jobcoach?"
    with session() as s:
        audit = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
        assert (audit.action, audit.target) == ("kennisbank_voorbeeldvragen", f"kennisitem:{ENTRY}")
        assert audit.detail == "2; doelgroep.yml"
    # the group is handled: its page is gone
    assert (await curator.get(f"/dashboard/kennisbank/vragen/{group.key}")).status == 404


async def test_an_invalid_new_entry_is_refused_in_dutch_and_nothing_changes(curator, knowledge):
    group = open_groups()[1]
    page = await (await curator.get(f"/dashboard/kennisbank/vragen/{group.key}")).text()
    files = {p.name: p.read_bytes() for p in (knowledge / "entries").iterdir()}
    resp = await curator.post(
        f"/dashboard/kennisbank/vragen/{group.key}/nieuw",
        data={
            "csrf": _csrf(page),
            "onderwerp": "proces.yml",
            "id": "proces-hond",
            "doelgroep": "consultant",
            "titel": "Huisdieren",
            "antwoord": "Dat spreekt de deelnemer af met het leerbedrijf.",
            "vragen": "mag mijn hond mee naar het leerbedrijf",
            "bronnen": "002_10cf7ac5122570ac.txt 999999-1000000",
        },
    )
    assert resp.status == 400
    html = await resp.text()
    assert "Niet opgeslagen" in html and "minder dan 4 voorbeeldvragen" in html
    assert "vallen buiten 002_10cf7ac5122570ac.txt" in html
    assert 'value="Huisdieren"' in html  # what was typed is kept
    assert {p.name: p.read_bytes() for p in (knowledge / "entries").iterdir()} == files
    assert len(open_groups()) == 2  # nothing handled


async def test_entries_past_their_review_period_are_flagged(curator, knowledge):
    path = knowledge / "entries" / "doelgroep.yml"
    text = path.read_text(encoding="utf-8")
    block = text.index(f"  - id: {ENTRY}")
    reviewed = text.index("    reviewed: ", block)
    end = text.index("\n", reviewed)
    path.write_text(text[:reviewed] + "    reviewed: 2025-10-01" + text[end:], encoding="utf-8")
    html = await (await curator.get("/dashboard/kennisbank")).text()
    assert "Te herzien (1)" in html
    flagged = re.search(r'<tr class="te-herzien"><td>([^<]*)<br>', html)
    assert flagged and flagged.group(1) == "Werkfit en afstand tot de arbeidsmarkt"
    assert "01-10-2026" in html  # twelve months after the check
