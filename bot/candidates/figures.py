"""Counts per region from the event log: inflow, progress, dropout and outflow to work or
school (seed 001: "inzicht in de effectiviteit"). Only counts; no names."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalogue import say
from bot.knowledge.kb import load_regions
from bot.store.models import Event

COLUMNS = (
    ("aanmeldingen", ("intake_afgerond",)),
    ("gestart", ("traject_gestart",)),
    ("werkprocessen klaar", ("werkproces_afgerond",)),
    ("check-ins", ("checkin_beantwoord",)),
    ("gestopt", ("traject_gestopt",)),
    ("praktijkverklaring", ("praktijkverklaring_behaald",)),
    ("naar werk", ("uitstroom_werk",)),
    ("naar school", ("uitstroom_school",)),
    ("zoekt werk", ("uitstroom_geen_werk",)),
)


def counts_per_region(s: Session) -> dict[str, dict[str, int]]:
    kinds = {kind: column for column, kinds in COLUMNS for kind in kinds}
    rows = s.execute(
        select(Event.region, Event.kind, func.count())
        .where(Event.kind.in_(kinds))
        .group_by(Event.region, Event.kind)
    )
    table: dict[str, dict[str, int]] = defaultdict(lambda: {c: 0 for c, _ in COLUMNS})
    for region, kind, count in rows:
        table[region or "onbekend"][kinds[kind]] += count
    return dict(table)


def region_labels(regions: Iterable[str]) -> dict[str, str]:
    """Region ids as people read them ("noord-holland-noord" -> "Noord-Holland Noord")."""
    known = load_regions()
    return {r: str(known.get(r, {}).get("name") or r) for r in regions}


def format_table(table: dict[str, dict[str, int]]) -> str:
    if not table:
        return say("cli.no_figures")
    headers = ["regio", *(c for c, _ in COLUMNS)]
    lines = [" | ".join(headers)]
    for region, label in sorted(region_labels(table).items(), key=lambda item: item[1]):
        lines.append(" | ".join([label, *(str(table[region][c]) for c, _ in COLUMNS)]))
    return "\n".join(lines)
