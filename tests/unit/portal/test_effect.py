"""Issue 13, part 4: a manager sees the funnel of their region with the right numbers and
exports it. The cohort is built with the command line (tests/effect_cohort.py); every figure
on the page, in its charts and in the CSV is checked against what the cohort must give."""

from __future__ import annotations

import csv
import html
import io
import re
from html.parser import HTMLParser

import pytest
from aiohttp.test_utils import TestClient, TestServer
from effect_cohort import COHORT, NOW, OTHERS, build, expected, region_of

from bot.candidates import funnel
from bot.candidates.suppression import PRIMARY, SECONDARY
from bot.portal import auth
from bot.portal.app import make_app
from bot.store.engine import session
from bot.store.models import Candidate

PASSWORD = "lang-genoeg-wachtwoord"


class Tables(HTMLParser):
    """The page's tables (id -> [(row header, value)]) and its charts (their SVG text)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[tuple[str, str]]] = {}
        self.charts: list[str] = []
        self._table = self._cell = None
        self._row: list[str] = []
        self._svg: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._table:
            self._cell = ""
        elif tag == "svg":
            self._svg = ["<svg>"]
        elif self._svg is not None:
            self._svg.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._table and len(self._row) == 2 and self._row[0] != "Categorie":
            self.tables[self._table].append(tuple(self._row))
        elif tag == "table":
            self._table = None
        elif tag == "svg":
            self.charts.append("".join(self._svg))
            self._svg = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._svg is not None:
            self._svg.append(data.strip())


@pytest.fixture
async def client(project_db):
    app = make_app("http://127.0.0.1:9", "geheim", "token", now=lambda: NOW)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


def _staff(username, role, region):
    with session() as s:
        auth.create_staff(s, username, username.title(), role, PASSWORD, region=region)
        s.commit()


async def _log_in(client, user: str) -> None:
    page = await (await client.get("/dashboard/inloggen")).text()
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    resp = await client.post(
        "/dashboard/inloggen",
        data={"csrf": token, "gebruiker": user, "wachtwoord": PASSWORD},
        allow_redirects=False,
    )
    assert resp.status == 303


def _total(section):
    return [(f"Totaal: {section.total.label}", section.total.shown)] if section.total else []


async def test_a_manager_sees_the_figures_of_their_region_and_exports_them(client):
    build()
    twente = region_of()
    _staff("mia", "manager", twente)
    await _log_in(client, "mia")
    resp = await client.get("/dashboard/effect")
    assert resp.status == 200
    page = Tables()
    page.feed(await resp.text())
    want = expected(COHORT)
    with session() as s:
        figures = funnel.figures(s, twente, 2026, NOW)  # the latest year with an instroom
    assert figures.section("status").total.count == len(COHORT)
    hidden = 0
    pairs = list(zip(figures.sections, page.charts))
    assert len(page.charts) == len(figures.sections) == len(pairs) > 5
    for section, chart in pairs:
        rows = [(r.label, r.shown) for r in section.rows]
        assert section.rows and page.tables[f"tabel-{section.key}"] == rows + _total(section)
        cells = [*section.rows, *([section.total] if section.total else [])]
        assert cells
        for r in cells:
            if not r.cell.startswith("reden."):
                assert r.count == want.get(r.cell, 0), r.cell  # from the cohort
            assert r.shown == (PRIMARY if r.count < 5 else r.shown)
            assert r.shown in (PRIMARY, SECONDARY, str(r.count))
            hidden += r.shown in (PRIMARY, SECONDARY)
        # the chart: every row with its figure as shown, a bar only for a figure shown
        for r in section.rows:
            bar = "<rect>" if r.shown.isdigit() and r.count else ""
            assert f"<text>{r.label}{bar}<text>{r.shown}" in chart, (section.key, r.label)
    assert hidden
    # the pilots' failure made visible: the unknown status stands on its own
    unknown = next(r for r in figures.section("status").rows if r.cell == "status.onbekend")
    callout = re.search(r'<strong class="groot">([^<]*)</strong>', await resp.text())
    assert "Status onbekend" in await resp.text() and html.unescape(callout[1]) == unknown.shown

    resp = await client.get(f"/dashboard/effect.csv?regio={twente}&jaar=2026")
    assert resp.status == 200 and resp.content_type == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    lines = list(csv.reader(io.StringIO((await resp.read()).decode("utf-8-sig")), delimiter=";"))
    assert lines[0] == ["regio", "jaar", "onderdeel", "categorie", "aantal"]
    exported = [(title, label, shown) for _, year, title, label, shown in lines[1:]]
    assert {year for _, year, *_ in lines[1:]} == {"2026"}
    assert exported == [
        (section.title, label, shown)
        for section in figures.sections
        for label, shown in [(r.label, r.shown) for r in section.rows]
        + [(label.removeprefix("Totaal: "), shown) for label, shown in _total(section)]
    ]


async def test_each_sees_only_their_own_region(client):
    made = build(COHORT[:2] + OTHERS)
    twente = region_of()
    with session() as s:
        elders = next(
            s.get(Candidate, cid).region.lower() for cid, p in made.items() if p is OTHERS[1]
        )
    _staff("mia", "manager", twente)
    _staff("zoe", "manager", elders)
    _staff("nina", "manager", None)
    _staff("carla", "consulent", twente)
    _staff("anna", "jobcoach", twente)
    _staff("root", "beheerder", None)
    seen = {}
    for user in ("mia", "zoe", "nina", "carla", "anna", "root"):
        await _log_in(client, user)
        page = await (await client.get("/dashboard/effect")).text()
        codes = []
        for region in (twente, elders, funnel.NO_REGION):
            for path in ("/dashboard/effect", "/dashboard/effect.csv"):
                codes.append((await client.get(f"{path}?regio={region}")).status)
        seen[user] = (codes, "geen regio" in page)
    own, other = [200, 200, 404, 404, 404, 404], [404, 404, 200, 200, 404, 404]
    nothing = [404] * 6
    assert seen == {
        "mia": (own, False),
        "zoe": (other, False),
        "nina": (nothing, True),
        "carla": (own, False),
        "anna": (own, False),
        "root": ([200] * 6, False),
    }


async def test_a_manager_sees_no_candidate_and_a_wrong_year_is_refused(client):
    build(COHORT[:3])
    _staff("mia", "manager", region_of())
    await _log_in(client, "mia")
    assert "Sam" not in await (await client.get("/dashboard/kandidaten")).text()
    assert (await client.get("/dashboard/kandidaten/1", allow_redirects=False)).status == 404
    assert (await client.get("/dashboard/medewerkers")).status == 403
    assert (await client.get("/dashboard/effect?jaar=twintig")).status == 400
    assert (await client.get(f"/dashboard/effect?jaar={NOW.year + 1}")).status == 400
    # a year without an instroom: every figure 0, so "<5"
    page = await (await client.get("/dashboard/effect?jaar=2020")).text()
    assert '<td class="getal">&lt;5</td>' in page and "2020" in page
