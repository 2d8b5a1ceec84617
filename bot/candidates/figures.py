"""`praktijkbot cijfers`: the figures per region over all years, counted the one way the
dashboard counts them (bot.candidates.funnel), unsuppressed: whoever runs the command can
read the database anyway. Only counts; no names."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from bot.candidates.funnel import MONTHS, NO_REGION, count, years_per_region
from bot.catalogue import say
from bot.knowledge.regions import region_name

COLUMNS = (
    "instroom",
    "gestart",
    "werkproces",
    "pv",
    "status.gestopt",
    "status.onbekend",
    *(f"werk_of_school-{m}" for m in MONTHS),
)


def counts_per_region(s: Session, now: dt.datetime | None = None) -> dict[str, dict[str, int]]:
    now = now or dt.datetime.utcnow()
    return {region: count(s, region, None, now) for region in years_per_region(s)}


def _label(region: str) -> str:
    """A region id as people read it ("noord-holland-noord" -> "Noord-Holland Noord")."""
    if region == NO_REGION:
        return say("cli.region_unknown")
    return region_name(region)


def format_table(table: dict[str, dict[str, int]]) -> str:
    if not table:
        return say("cli.no_figures")
    lines = [say("cli.figures_header")]
    for region in sorted(table, key=_label):
        cells = table[region]
        lines.append(" | ".join([_label(region), *(str(cells.get(c, 0)) for c in COLUMNS)]))
    return "\n".join(lines)
