"""Inzicht in effectiviteit (issue 13, part 4): the figures of a region and year
(bot.candidates.funnel, small cells suppressed), each as a chart drawn here as SVG with its
data table under it, and the same figures as CSV.

Who sees which region: an administrator every region; a manager, consultant or jobcoach only
their own (Staff.region). The figures are counts, never names, and a cell under 5 is hidden,
so the staff of a region may see their region's figures; a region they may not see is a 404.
The SVG is written here rather than with matplotlib: a horizontal bar per row is a few lines,
and the portal's own environment stays small (no numpy/matplotlib for one chart type).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from aiohttp import web
from markupsafe import Markup, escape

from bot.candidates.funnel import NO_REGION, Figures, Section, figures, years_per_region
from bot.candidates.suppression import PRIMARY, SECONDARY
from bot.catalogue import say
from bot.knowledge.kb import load_regions
from bot.portal.dashboard.pages import app_now, current_user, not_found, render
from bot.store.engine import session
from bot.store.models import Staff

# drawn for a phone's width (1:1 there), shown larger on a wide screen (dashboard.css)
WIDTH, ROW, TOP, FONT = 360, 40, 6, 13
BAR_MAX = 300
LABEL_MAX = 50  # characters that fit the width; the table under it has the whole label
BAR, UNKNOWN_BAR, TEXT = "#154273", "#8a4500", "#1a1a1a"  # each >= 4.5:1 on white
FIRST_YEAR = 2015
_SAFE_NAME = re.compile(r"[^a-z0-9]+")


def region_label(region: str) -> str:
    if region == NO_REGION:
        return say("effect.region_unknown")
    return str(load_regions().get(region, {}).get("name", region))


def allowed_regions(staff: Staff, with_data: list[str]) -> list[str]:
    """The regions this staff member may choose, their own first."""
    if staff.role == "beheerder":
        return with_data
    return [staff.region.strip().lower()] if staff.region else []


def _choice(s, staff: Staff, query, now: dt.datetime) -> tuple[list[str], list[int], str, int]:
    """(regions, years, the chosen region and year); 404 for a region out of reach, 400 for
    a year that is no year."""
    with_data = years_per_region(s)
    regions = allowed_regions(staff, list(with_data))
    region = query.get("regio", regions[0] if regions else "")
    if region not in regions:
        raise not_found()
    data_years = with_data.get(region, set())
    years = sorted(data_years | {now.year}, reverse=True)
    try:
        year = int(query.get("jaar", max(data_years, default=now.year)))
    except ValueError:
        raise web.HTTPBadRequest(text=say("effect.bad_choice")) from None
    if not FIRST_YEAR <= year <= years[0]:
        raise web.HTTPBadRequest(text=say("effect.bad_choice"))
    return regions, years, region, year


def _is_unknown(cell: str) -> bool:
    return cell.endswith("onbekend")


def chart(section: Section) -> Markup:
    """A horizontal bar per row: the label above, the bar and its figure below. Only figures
    that are shown get a bar, so a bar's length never gives a hidden figure away."""
    rows = [*section.rows, *([section.total] if section.total else [])]
    scale = max((r.count for r in rows if r.shown not in (PRIMARY, SECONDARY)), default=0) or 1
    height = TOP * 2 + ROW * len(section.rows)
    label = say("effect.chart_label", title=section.title)
    parts = [
        f'<svg class="grafiek" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, row in enumerate(section.rows):
        y = TOP + i * ROW
        text = row.label if len(row.label) <= LABEL_MAX else row.label[: LABEL_MAX - 1] + "\u2026"
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="{FONT}" fill="{TEXT}">{escape(text)}</text>'
        )
        hidden = row.shown in (PRIMARY, SECONDARY)
        length = 0 if hidden else round(BAR_MAX * row.count / scale)
        if length:
            colour = UNKNOWN_BAR if _is_unknown(row.cell) else BAR
            parts.append(f'<rect x="0" y="{y + 18}" width="{length}" height="14" fill="{colour}"/>')
        parts.append(
            f'<text x="{length + 5}" y="{y + 30}" font-size="{FONT}" font-weight="700" '
            f'fill="{TEXT}">{escape(row.shown)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


async def effect_page(request: web.Request) -> web.Response:
    now = app_now(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        if staff.role != "beheerder" and not staff.region and "regio" not in request.query:
            return render(
                "effect.html", title=say("effect.title"), me=staff, csrf=csrf, no_region=True
            )
        regions, years, region, year = _choice(s, staff, request.query, now)
        found = figures(s, region, year, now)
        return render(
            "effect.html",
            title=say("effect.title"),
            me=staff,
            csrf=csrf,
            figures=found,
            charts=[chart(section) for section in found.sections],
            regions=[(r, region_label(r)) for r in regions],
            years=years,
            region=region,
            region_name=region_label(region),
            year=year,
            unknown=next(r for r in found.section("status").rows if r.cell == "status.onbekend"),
            instroom=found.section("status").total,
        )


def _cell(text: str) -> str:
    """A reason is typed by a consultant: never let a spreadsheet read it as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_csv(found: Figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(say("effect.csv_header").split(";"))
    region = region_label(found.region)
    for section in found.sections:
        for row in [*section.rows, *([section.total] if section.total else [])]:
            writer.writerow([_cell(region), found.year, section.title, _cell(row.label), row.shown])
    return out.getvalue()


async def effect_csv(request: web.Request) -> web.Response:
    now = app_now(request)
    with session() as s:
        staff, _ = await current_user(request, s)
        _, _, region, year = _choice(s, staff, request.query, now)
        text = as_csv(figures(s, region, year, now))
    name = "-".join(filter(None, ("effect", _SAFE_NAME.sub("-", region.lower()).strip("-"))))
    return web.Response(
        body=("\ufeff" + text).encode("utf-8"),  # the BOM: spreadsheets then read UTF-8
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}-{year}.csv"'},
    )
