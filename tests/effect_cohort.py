"""A known cohort for the figures of issue 13, part 4, built with the consultant's command line
(`praktijkbot intake / traject / werkproces / werkproces-klaar / stop / praktijkverklaring /
nazorg`), and what each figure must be, worked out here from the cohort's description, apart
from the code that counts (bot.candidates.funnel).

Used by tests/unit/candidates/test_funnel.py, tests/unit/portal/test_effect.py and
tests/browser/test_effect_browser.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from bot.cli import main
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Event, Traject

NOW = dt.datetime(2027, 12, 31, 12, 0)  # every follow-up of a 2026 praktijkverklaring is due
FU_WORK = {"zelfde_werkgever": "werk", "ander_werk": "werk", "school": "school",
           "zoekt_werk": "zoekt_werk", "anders": "anders"}  # fmt: skip


@dataclass
class Person:
    place: str | None
    entered: dt.date
    situation: str | None = None
    schooling: str | None = None
    age: int | None = None
    start: bool = False
    werkproces: bool = False
    stop: str | None = None  # the reason ("" for none) when the traject stopped
    pv: dt.date | None = None
    follow_up: dict[int, str] = field(default_factory=dict)  # months -> fu_work answer
    silent: bool = False  # the last check-in went unanswered (the scheduler marked it gemist)
    no_intake: bool = False  # registered by `praktijkbot kandidaat`, not by an intake


def _twente_2026() -> list[Person]:
    d = dt.date(2026, 3, 2)
    people = []
    for i in range(6):  # praktijkverklaring, working after 1 and 6 months
        people.append(Person("Enschede", d, "uitkering", "vmbo", 24 + i, True, True,
                             pv=dt.date(2026, 6, 1),
                             follow_up={1: "zelfde_werkgever" if i % 2 else "ander_werk",
                                        6: "zelfde_werkgever"}))  # fmt: skip
    for _ in range(2):  # at school after a month
        people.append(Person("Hengelo", d, "werkzoekend", "geen", 19, True, True,
                             pv=dt.date(2026, 6, 1), follow_up={1: "school"}))  # fmt: skip
    # a late praktijkverklaring: the 12-month follow-up is not due yet
    people.append(Person("Almelo", d, "werkzoekend", "geen", 30, True, pv=dt.date(2027, 10, 1)))
    for _ in range(5):
        people.append(Person("Enschede", d, "uitkering", "entree", 45, True, stop="Verhuisd"))
    for _ in range(2):
        people.append(Person("Enschede", d, "werkend", None, 50, True, stop="ziek"))
    people.append(Person("Enschede", d, None, "vmbo", 17, True, stop=""))
    for _ in range(4):
        people.append(Person("Oldenzaal", d, "school", "praktijkonderwijs", 16, True, True))
    for _ in range(5):
        people.append(Person("Enschede", d, "uitkering", "vmbo", 33, True, silent=True))
    for _ in range(5):
        people.append(Person("Enschede", d, "werkzoekend", "buitenland", None))
    people.append(Person(None, d, no_intake=True, start=True))  # the region as the traject's
    return people


COHORT = _twente_2026()
OTHERS = [
    Person("Enschede", dt.date(2025, 9, 1), "uitkering", "vmbo", 22, True),  # another year
    Person("Middelburg", dt.date(2026, 4, 1), "uitkering", "vmbo", 22, True),  # another region
    Person(None, dt.date(2026, 4, 1), "uitkering", "vmbo", 22),  # no region known
]


def _run(*args: str) -> None:
    assert main(list(args)) == 0, args


def build(people: list[Person] = COHORT + OTHERS) -> dict[int, Person]:
    """Every person through the command line, as a consultant would. Returns them by id."""
    made = {}
    for p in people:
        if p.no_intake:
            _run("kandidaat", "--voornaam", "Lex", "--regio", "twente", "--toestemming")
        else:
            args = ["intake", "--voornaam", "Sam", "--toestemming"]
            args += ["--datum", p.entered.isoformat()]
            for option, value in (("--woonplaats", p.place), ("--situatie", p.situation),
                                  ("--opleiding", p.schooling), ("--leeftijd", p.age)):  # fmt: skip
                if value is not None:
                    args += [option, str(value)]
            _run(*args)
        with session() as s:
            cid = s.query(Candidate.id).order_by(Candidate.id.desc()).first()[0]
        made[cid] = p
        if not p.start:
            continue
        start = (p.entered + dt.timedelta(days=7)).isoformat()
        _run("traject", "--kandidaat", str(cid), "--leerbedrijf", "Bakkerij", "--start", start)
        with session() as s:
            tid = s.query(Traject.id).filter_by(candidate_id=cid).one()[0]
            if p.no_intake:  # the command line stamps the traject's event with today
                event = s.query(Event).filter_by(candidate_id=cid).one()
                event.at = dt.datetime.combine(p.entered, dt.time(10))
                s.commit()
        if p.werkproces:
            _run("werkproces", "--traject", str(tid), "--naam", "Bereidt deeg voor")
            with session() as s:
                wid = s.get(Traject, tid).werkprocessen[0].id
            _run("werkproces-klaar", "--werkproces", str(wid), "--datum", start)
        if p.stop is not None:
            _run("stop", "--traject", str(tid), "--reden", p.stop)
        if p.pv:
            _run("praktijkverklaring", "--traject", str(tid), "--datum", p.pv.isoformat())
        for months, answer in p.follow_up.items():
            on = (p.pv + dt.timedelta(days=31 * months)).isoformat()
            _run("nazorg", "--traject", str(tid), "--maanden", str(months), "--werk", answer,
                 "--datum", on)  # fmt: skip
        if p.silent:
            with session() as s:
                checkin = s.query(CheckIn).filter_by(traject_id=tid).one()
                checkin.status = "gemist"  # what the scheduler writes after no answer
                s.commit()
    return made


def _age(age: int | None) -> str:
    if age is None:
        return "leeftijd.onbekend"
    return "leeftijd." + ("tot18" if age < 18 else "18-26" if age < 27 else
                          "27-44" if age < 45 else "45plus")  # fmt: skip


def expected(people: list[Person] = COHORT, now: dt.datetime = NOW) -> Counter:
    """Each figure of the cohort, worked out from its description."""
    c: Counter = Counter()
    for p in people:
        c["instroom"] += 1
        started = p.start or p.werkproces or p.pv is not None
        c["gestart"] += started
        c["werkproces"] += p.werkproces
        if not started:
            status = "status.niet_gestart"
        elif p.pv:
            status = "pv"
        elif p.stop is not None:
            status = "status.gestopt"
            c["reden." + " ".join(p.stop.lower().split())] += 1
        else:
            status = "status.onbekend" if p.silent else "status.bezig"
        c[status] += 1
        for months in (1, 6, 12) if p.pv else ():
            due = dt.datetime.combine(p.pv, dt.time(10)) + dt.timedelta(days=months * 28)
            answer = FU_WORK.get(p.follow_up.get(months, ""))
            answer = answer or ("onbekend" if due <= now else "nog_niet")
            c[f"nazorg-{months}.{answer}"] += 1
            c[f"werk_of_school-{months}"] += answer in ("werk", "school")
        c[f"situatie.{p.situation or 'onbekend'}"] += 1
        c[f"opleiding.{p.schooling or 'onbekend'}"] += 1
        c[_age(p.age)] += 1
        sk = {"vmbo": "nee", "geen": "nee", "entree": "nee", "praktijkonderwijs": "nee"}
        c[f"startkwalificatie.{sk.get(p.schooling or '', 'onbekend')}"] += 1
    return +c


def region_of(candidate_id: int = 1) -> str:
    """The region the intake found for a candidate (the cohort's: candidate 1, in Enschede),
    as the figures key it."""
    with session() as s:
        return (s.get(Candidate, candidate_id).region or "").lower()
