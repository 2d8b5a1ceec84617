"""Inzicht in effectiviteit (issue 13, part 4; seed 001 "(C)"): per region and year, the
funnel instroom -> gestart -> werkproces behaald -> praktijkverklaring -> werk or school at 1, 6
and 12 months, where candidates stand now, uitval and its reasons, and where they come from.

Counted from the event log (bot.store.models.Event) and the records, in distinct candidates
(never event rows). The cohort of a year is the candidates whose instroom (their first
intake_afgerond or, registered by a consultant without an intake, traject_gestart event) falls
in that year; its region is the region of that event. Every later step counts whenever it
happened. What is not known is counted as "onbekend", never left out: the pilots could not say
where 379 of 784 participants stood (seed 002, r. 4276-4290).

Events of a deleted candidate no longer name anyone (bot.candidates.privacy) and cannot be
counted per person; they are left out. The periods are whole years only: two overlapping
periods would give, by subtraction, the small counts of their difference.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.candidates.intake import intake
from bot.candidates.journey import OUTFLOW
from bot.candidates.suppression import Sum, suppress
from bot.catalogue import say
from bot.store.models import Candidate, CheckIn, Event, Traject

NO_REGION = "-"  # candidates whose region is not known: a "region" of their own
MONTHS = (1, 6, 12)
AFTER = {1: "effect.after_1", 6: "effect.after_6", 12: "effect.after_12"}
ENTRY = ("intake_afgerond", "traject_gestart")
STARTED = ("traject_gestart", "werkproces_afgerond", "praktijkverklaring_behaald")
KINDS = (*ENTRY, "werkproces_afgerond", "praktijkverklaring_behaald", "traject_gestopt")
KINDS += (*sorted(set(OUTFLOW.values())), "uitstroom_onbekend")
# follow-up event -> its category
ANSWERED = {
    "uitstroom_werk": "werk",
    "uitstroom_school": "school",
    "uitstroom_geen_werk": "zoekt_werk",
    "uitstroom_anders": "anders",
    "uitstroom_onbekend": "onbekend",
}
NO_SIGN = ("gemist", "dood", "onbereikbaar")  # the last check-in due: no answer came
OTHER_REASONS_BELOW = 5  # a reason named by fewer candidates is not shown by its words

STAGES = (
    ("instroom", "effect.stage_instroom"),
    ("gestart", "effect.stage_gestart"),
    ("werkproces", "effect.stage_werkproces"),
    ("pv", "effect.stage_pv"),
)
STATUS = (
    ("pv", "effect.status_pv"),
    ("status.bezig", "effect.status_bezig"),
    ("status.gestopt", "effect.status_gestopt"),
    ("status.onbekend", "effect.status_onbekend"),
    ("status.niet_gestart", "effect.status_niet_gestart"),
)
FOLLOW_UP = (
    ("werk", "effect.fu_werk"),
    ("school", "effect.fu_school"),
    ("zoekt_werk", "effect.fu_zoekt_werk"),
    ("anders", "effect.fu_anders"),
    ("onbekend", "effect.fu_onbekend"),
    ("nog_niet", "effect.fu_nog_niet"),
)
AGES = (
    ("tot18", "effect.age_under_18", 0, 18),
    ("18-26", "effect.age_18_26", 18, 27),
    ("27-44", "effect.age_27_44", 27, 45),
    ("45plus", "effect.age_45_plus", 45, 200),
)
STARTKWALIFICATIE = (("ja", "effect.sk_ja"), ("nee", "effect.sk_nee"))


@dataclass(frozen=True)
class Row:
    cell: str
    label: str
    count: int
    shown: str  # the number, "<5" or "x" (bot.candidates.suppression)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]
    total: Row | None = None  # the rows are a division of this figure


@dataclass(frozen=True)
class Figures:
    region: str
    year: int
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


@dataclass
class _Person:
    entered: dt.datetime
    region: str
    started: bool = False
    werkproces: bool = False
    pv: bool = False
    stopped_reason: str | None = None
    follow_up: dict[int, str] = field(default_factory=dict)


def _people(s: Session) -> dict[int, _Person]:
    """Every candidate with an instroom, from the events that still name them."""
    people: dict[int, _Person] = {}
    rows = s.execute(
        select(Event.candidate_id, Event.kind, Event.region, Event.at, Event.detail)
        .where(Event.candidate_id.is_not(None), Event.kind.in_(KINDS))
        .order_by(Event.at, Event.id)
    )
    for cid, kind, region, at, detail in rows:
        person = people.get(cid)
        if person is None:
            if kind not in ENTRY:
                continue
            person = people[cid] = _Person(at, (region or "").strip().lower() or NO_REGION)
        person.started |= kind in STARTED
        person.werkproces |= kind == "werkproces_afgerond"
        person.pv |= kind == "praktijkverklaring_behaald"
        if kind == "traject_gestopt":
            person.stopped_reason = _reason(detail)
        if kind in ANSWERED and detail and detail.startswith("nazorg-"):
            months = detail.removeprefix("nazorg-")
            if months.isdigit():
                person.follow_up[int(months)] = ANSWERED[kind]
    return people


def _reason(detail: str | None) -> str:
    """`stop_traject` writes "<date> <reason>"; the reason in one spelling."""
    words = (detail or "").split(maxsplit=1)
    if words and len(words[0]) == 10 and words[0][4] == "-":
        words = words[1:]
    return " ".join(" ".join(words).lower().split())[:60]


def years_per_region(s: Session) -> dict[str, set[int]]:
    """The regions and years that have an instroom (for the choices on the page)."""
    found: dict[str, set[int]] = defaultdict(set)
    for p in _people(s).values():
        found[p.region].add(p.entered.year)
    return dict(sorted(found.items()))


def _status(p: _Person, active: bool, silent: bool) -> str:
    if not p.started:
        return "status.niet_gestart"
    if p.pv:
        return "pv"
    if active:
        return "status.onbekend" if silent else "status.bezig"
    return "status.gestopt" if p.stopped_reason is not None else "status.onbekend"


def _records(s: Session, ids: list[int], now: dt.datetime):
    """Per candidate: the record, an active traject?, silent?, nazorg check-ins due by now."""
    candidates = {c.id: c for c in s.query(Candidate).filter(Candidate.id.in_(ids))}
    active, last_due, due = set(), {}, defaultdict(set)
    checkins = s.execute(
        select(Traject.candidate_id, Traject.status, CheckIn.kind, CheckIn.due_at, CheckIn.status)
        .outerjoin(CheckIn, CheckIn.traject_id == Traject.id)
        .where(Traject.candidate_id.in_(ids))
        .order_by(CheckIn.due_at)
    )
    for cid, traject_status, kind, due_at, status in checkins:
        if traject_status == "actief":
            active.add(cid)
        if due_at is None or due_at > now:
            continue
        if kind == "voortgang" and traject_status == "actief":
            last_due[cid] = status
        elif kind and kind.startswith("nazorg-"):
            due[cid].add(int(kind.removeprefix("nazorg-")))
    silent = {
        cid
        for cid, c in candidates.items()
        if c.unreachable_at is not None or last_due.get(cid) in NO_SIGN
    }
    return candidates, active, silent, due


def _age_band(age: int | None) -> str:
    for key, _, low, high in AGES:
        if age is not None and low <= age < high:
            return f"leeftijd.{key}"
    return "leeftijd.onbekend"


def _choice(field_name: str, slot: str, value: str | None) -> str:
    known = {o.value for o in intake().question(slot).options}
    if not value:
        return f"{field_name}.onbekend"
    return f"{field_name}.{value}" if value in known else f"{field_name}.anders"


def count(s: Session, region: str | None, year: int | None, now: dt.datetime) -> dict[str, int]:
    """Every cell, unsuppressed (None: every region or year; only for `praktijkbot cijfers`).
    Reasons for uitval are cells "reden.<words>" ("reden." without words)."""
    people = {
        cid: p
        for cid, p in _people(s).items()
        if region in (None, p.region) and year in (None, p.entered.year)
    }
    candidates, active, silent, due = _records(s, list(people), now)
    cells: dict[str, int] = defaultdict(int)
    for cid, p in people.items():
        cells["instroom"] += 1
        cells["gestart"] += p.started
        cells["werkproces"] += p.werkproces
        status = _status(p, cid in active, cid in silent)
        cells[status] += 1
        if status == "status.gestopt":
            cells[f"reden.{p.stopped_reason or ''}"] += 1
        for m in MONTHS if p.pv else ():
            answer = p.follow_up.get(m) or ("onbekend" if m in due[cid] else "nog_niet")
            cells[f"nazorg-{m}.{answer}"] += 1
            cells[f"werk_of_school-{m}"] += answer in ("werk", "school")
        c = candidates.get(cid)
        cells[_choice("situatie", "intake_situation", c.situation if c else None)] += 1
        cells[_choice("opleiding", "intake_schooling", c.schooling if c else None)] += 1
        cells[_age_band(c.age if c else None)] += 1
        sk = c.has_startkwalificatie if c else None
        cells[f"startkwalificatie.{sk if sk in ('ja', 'nee') else 'onbekend'}"] += 1
    return dict(cells)


def _division(name: str, slot: str) -> list[tuple[str, str]]:
    rows = [(f"{name}.{o.value}", o.title) for o in intake().question(slot).options]
    if f"{name}.anders" not in dict(rows):  # an answer typed that matched no option
        rows.append((f"{name}.anders", say("effect.other")))
    return [*rows, (f"{name}.onbekend", say("effect.unknown"))]


def _grouped_reasons(cells: dict[str, int]) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """Reasons given for enough candidates, by their words; the other reasons together (their
    words could name someone); no reason given on its own."""
    reasons = {c.removeprefix("reden."): n for c, n in cells.items() if c.startswith("reden.")}
    grouped = {c: n for c, n in cells.items() if not c.startswith("reden.")}
    named = sorted(
        (r for r, n in reasons.items() if r and n >= OTHER_REASONS_BELOW),
        key=lambda r: (-reasons[r], r),
    )
    rows = []
    for i, reason in enumerate(named):
        grouped[f"reden.{i}"] = reasons[reason]
        rows.append((f"reden.{i}", reason))
    grouped["reden.overig"] = sum(n for r, n in reasons.items() if r and r not in named)
    grouped["reden.geen"] = reasons.get("", 0)
    rows += [
        ("reden.overig", say("effect.reason_other")),
        ("reden.geen", say("effect.reason_none")),
    ]
    return grouped, rows


Layout = list[tuple[str, str, list[tuple[str, str]], "str | None"]]


def layout(reasons: list[tuple[str, str]]) -> tuple[Layout, list[Sum]]:
    """The sections (key, title, rows (cell, label), the cell the rows divide) and every sum
    between cells that a reader could use."""
    funnel = [(c, say(k)) for c, k in STAGES]
    funnel += [
        (f"werk_of_school-{m}", say("effect.stage_werk_of_school", after=say(AFTER[m])))
        for m in MONTHS
    ]
    ages = [(f"leeftijd.{key}", say(label)) for key, label, _, _ in AGES]
    sk = [(f"startkwalificatie.{v}", say(k)) for v, k in STARTKWALIFICATIE]
    sections: Layout = [
        ("trechter", say("effect.title_funnel"), funnel, None),
        ("status", say("effect.title_status"), [(c, say(k)) for c, k in STATUS], "instroom"),
        ("uitval", say("effect.title_dropout"), reasons, "status.gestopt"),
    ]
    for m in MONTHS:
        rows = [(f"nazorg-{m}.{c}", say(k)) for c, k in FOLLOW_UP]
        sections.append(
            (f"nazorg-{m}", say("effect.title_follow_up", after=say(AFTER[m])), rows, "pv")
        )
    sections += [
        (
            "situatie",
            say("effect.title_situation"),
            _division("situatie", "intake_situation"),
            "instroom",
        ),
        (
            "opleiding",
            say("effect.title_schooling"),
            _division("opleiding", "intake_schooling"),
            "instroom",
        ),
        (
            "leeftijd",
            say("effect.title_age"),
            [*ages, ("leeftijd.onbekend", say("effect.unknown"))],
            "instroom",
        ),
        (
            "startkwalificatie",
            say("effect.title_startkwalificatie"),
            [*sk, ("startkwalificatie.onbekend", say("effect.unknown"))],
            "instroom",
        ),
    ]
    sums = [Sum(total, tuple(c for c, _ in rows)) for _, _, rows, total in sections if total]
    sums.append(Sum("gestart", ("pv", "status.bezig", "status.gestopt", "status.onbekend")))
    sums += [Sum(f"werk_of_school-{m}", (f"nazorg-{m}.werk", f"nazorg-{m}.school")) for m in MONTHS]
    return sections, sums


def figures(s: Session, region: str, year: int, now: dt.datetime) -> Figures:
    """The figures of one region and year, as they may be shown (small cells suppressed)."""
    cells, reasons = _grouped_reasons(count(s, region, year, now))
    sections, sums = layout(reasons)
    for rule in sums:
        for cell in rule.cells:
            cells.setdefault(cell, 0)
    for _, _, rows, _ in sections:
        for cell, _ in rows:
            cells.setdefault(cell, 0)
    shown = suppress(cells, sums)
    labels = {c: say(k) for c, k in (*STAGES, *STATUS)}

    def row(cell: str, label: str) -> Row:
        return Row(cell, label, cells[cell], shown[cell])

    made = tuple(
        Section(
            key,
            title,
            tuple(row(c, lbl) for c, lbl in rows),
            row(total, labels[total]) if total else None,
        )
        for key, title, rows, total in sections
    )
    return Figures(region, year, made)
