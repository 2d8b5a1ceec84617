"""Issue 13, part 4: the figures of a known cohort, built with the command line, counted from
the events in distinct candidates; the expectation is worked out from the cohort's description
(tests/effect_cohort.py), not written down as numbers."""

from __future__ import annotations

import datetime as dt

from effect_cohort import COHORT, NOW, OTHERS, build, expected, region_of

from bot.candidates import funnel
from bot.candidates.suppression import PRIMARY, SECONDARY
from bot.cli import main
from bot.store.engine import session
from bot.store.models import Candidate, Event


def _counted(region, year):
    with session() as s:
        return {k: v for k, v in funnel.count(s, region, year, NOW).items() if v}


def test_every_figure_of_the_cohort(project_db):
    made = build()
    # the region as the intake found it from the woonplaats (bot.candidates.intake)
    with session() as s:
        region = {p.place: s.get(Candidate, cid).region for cid, p in made.items()}
    assert region["Enschede"] == region["Hengelo"] and region[None] is None
    twente, elders = region["Enschede"].lower(), region[OTHERS[1].place].lower()
    assert _counted(twente, 2026) == dict(expected(COHORT))
    # the other year, the other region and the unknown region each count on their own
    assert _counted(twente, 2025) == dict(expected([OTHERS[0]]))
    assert _counted(elders, 2026) == dict(expected([OTHERS[1]]))
    assert _counted(funnel.NO_REGION, 2026) == dict(expected([OTHERS[2]]))
    with session() as s:
        regions = funnel.years_per_region(s)
    assert regions == {twente: {2025, 2026}, elders: {2026}, funnel.NO_REGION: {2026}}


def test_candidates_are_counted_once_however_many_events(project_db):
    build(COHORT[:1])
    twente = region_of()
    with session() as s:
        events = s.query(Event).filter_by(kind="werkproces_afgerond").count()
    assert main(["werkproces", "--traject", "1", "--naam", "Tweede werkproces"]) == 0
    assert main(["werkproces-klaar", "--werkproces", "2", "--datum", "2026-05-01"]) == 0
    with session() as s:
        assert s.query(Event).filter_by(kind="werkproces_afgerond").count() == events + 1
    assert _counted(twente, 2026)["werkproces"] == 1


def test_the_figures_as_shown_hide_small_cells_and_what_gives_them_away(project_db):
    build()
    want = expected(COHORT)
    with session() as s:
        figures = funnel.figures(s, region_of(), 2026, NOW)
    rows = {r.cell: r for sec in figures.sections for r in (*sec.rows, sec.total) if r}
    assert len(rows) > 40 and len(figures.sections) > 5
    for cell, row in rows.items():
        if cell.startswith("reden."):
            continue  # grouped below
        assert row.count == want.get(cell, 0), cell
        if row.count < 5:
            assert row.shown == PRIMARY, cell
        else:
            assert row.shown in (str(row.count), SECONDARY), cell
    # werk of school after a month is shown, and school alone is under 5: werk is hidden,
    # or werk of school minus werk would give school away
    assert rows["nazorg-1.school"].shown == PRIMARY
    assert rows["werk_of_school-1"].shown == str(want["werk_of_school-1"])
    assert rows["nazorg-1.werk"].shown == SECONDARY
    # in every division no cell under 5 stands alone among shown figures
    for sec in figures.sections:
        if sec.total and sec.total.shown.isdigit():
            hidden = [r for r in sec.rows if not r.shown.isdigit()]
            assert len(hidden) != 1, sec.key
    # the unknown status is a figure of its own, not left out
    status = figures.section("status")
    assert [r.cell for r in status.rows].count("status.onbekend") == 1
    assert sum(r.count for r in status.rows) == status.total.count == len(COHORT)


def test_reasons_are_shown_by_their_words_only_for_enough_candidates(project_db):
    build()
    want = expected(COHORT)
    with session() as s:
        dropout = funnel.figures(s, region_of(), 2026, NOW).section("uitval")
    labels = {r.label: r for r in dropout.rows}
    named = {k.removeprefix("reden."): n for k, n in want.items() if k.startswith("reden.")}
    assert labels["verhuisd"].count == named["verhuisd"] >= 5
    assert "ziek" not in labels  # fewer than 5: only in "andere redenen"
    assert sum(r.count for r in dropout.rows) == dropout.total.count == want["status.gestopt"]


def test_deleted_candidates_no_longer_count(project_db):
    from bot.candidates.privacy import delete_candidate

    build(COHORT[:3])
    twente = region_of()
    with session() as s:
        c = s.get(Candidate, 1)
        c.conversation_id = "web-weg"
        s.commit()
        assert delete_candidate(s, "web-weg", dt.datetime(2027, 1, 1))
        s.commit()
    assert _counted(twente, 2026) == dict(expected(COHORT[1:3]))
