"""Who pays what (knowledge/financing.yml): cost item x payer, each cell with its lines.

"wie betaalt de jobcoach?" is answered from the jobcoach row, "wat kost het voor de
werkgever?" from the werkgever column, and "hoe wordt het gefinancierd?" with the overview.
A question that names an actor is answered for that actor only, never from another's cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import say
from bot.knowledge.facets import FREE, RECEIVES, Named
from bot.knowledge.kb import KNOWLEDGE_DIR, Source, parse_lines
from bot.text import fold

# Actors that are a cost item when a question asks who pays for them.
ITEM_FOR_ACTOR = {
    "mbo": "opleiding",
    "jobcoach": "jobcoach",
    "praktijkopleider": "praktijkopleider",
}
PAYER_ACTORS = ("gemeente", "uwv", "werkgever", "deelnemer", "sw-bedrijf", "ocw", "mbo")
FUNDS = {
    "perspectief-op-werk": re.compile(r"perspectief op werk|\bpow\b"),
    "fondsen": re.compile(r"\besf\b|\brif\b|regionale? (fonds|middelen|bijdrage)"),
    "crisisregeling": re.compile(r"crisisregeling|crisis ?pakket|63 miljoen"),
}
WHO_PAYS = re.compile(
    r"wie (betaalt|betaald|betalen|draait|draagt|vergoedt|vergoed|financiert|bekostigt)"
    r"|(betaalt|betaald|betalen|vergoedt|financiert|bekostigt) (de |het |een )?\w+"
    r"|kost(en|t)? .{0,30}\bvoor\b|voor rekening|wat kost|kosten van|moet .{0,30}betalen"
    r"|uit welk (potje|budget)|wie (is|zijn) .{0,20}(kosten|rekening)|krijg\w* .{0,25}vergoeding"
    rf"|{RECEIVES}|\bwat krijg\w*|{FREE}"
)
BROAD = re.compile(
    r"\b(hoe|waaruit|waarmee|waarvan)\b.{0,40}\b(gefinancierd|bekostigd|betaald|financiering"
    r"|bekostiging)\b|^\s*(en |hoe zit het (dan )?met )?(de )?(financiering|bekostiging|kosten)\s*\??$"
)

# "wie betaalt de jobcoach, de gemeente of UWV?" asks who, whatever payers it names
OPEN_WHO = re.compile(r"\bwie (betaalt|betalen|financiert|bekostigt|vergoedt)\b")


@dataclass(frozen=True)
class Cell:
    item: str
    payer: str
    status: str  # pays | pays_not | sometimes | unknown
    text: str
    pilots: tuple[str, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[Source, ...]
    known: bool  # False: the sources do not say (an honest refusal)
    details: tuple[str, ...] = ()  # entries with more, as buttons


def _sources(raw: Any) -> tuple[Source, ...]:
    return tuple(Source(str(s["file"]), *parse_lines(s["lines"])) for s in raw or ())


@dataclass(frozen=True)
class Matrix:
    items: dict[str, dict[str, Any]]
    payers: dict[str, str]
    cells: tuple[Cell, ...]
    overview: str
    overview_sources: tuple[Source, ...]
    # per payer, what the sources say of its part as a whole ("betalen gemeenten mee?")
    summaries: dict[str, tuple[str, tuple[Source, ...]]] = field(default_factory=dict)

    def item_label(self, item: str) -> str:
        return str(self.items[item].get("label", item))

    def answer(
        self,
        question: str,
        named: Named,
        pilot_label: Callable[[str], str] = str,
        asked_pilots: frozenset[str] = frozenset(),
    ) -> Answer | None:
        """The answer from the matrix, or None when the question is not about who pays, or
        asks broadly how `asked_pilots` (named in the question itself) were financed: their
        own entries answer that."""
        folded = fold(question)
        broad = bool(BROAD.search(folded))
        if not (WHO_PAYS.search(folded) or broad):
            return None
        actors = set(named.get("actor", ()))
        items = {c for c in named.get("cost", ()) if c in self.items}
        items |= {
            ITEM_FOR_ACTOR[a]
            for a in actors
            if a in ITEM_FOR_ACTOR and ITEM_FOR_ACTOR[a] in self.items
        }
        payers = {a for a in actors if a in PAYER_ACTORS and a in self.payers}
        payers -= {a for a in payers if ITEM_FOR_ACTOR.get(a) in items}
        payers |= {f for f, p in FUNDS.items() if p.search(folded) and f in self.payers}
        # the pilots named in the question, with the label to say them by
        pilots = {p: pilot_label(p) for p in sorted(named.get("pilot", ()))}
        if items and payers and not OPEN_WHO.search(folded):  # "betaalt UWV de jobcoach?"
            return self._cells(items, payers, pilots)
        if items:
            return self._items(items, pilots)
        if payers:
            return self._payers(payers, pilots)
        if (broad and not asked_pilots) or not named:
            return Answer(self.overview, self.overview_sources, True)
        return None

    def _select(self, cells: list[Cell], pilots: dict[str, str]) -> tuple[list[Cell], bool]:
        """Cells for the named pilot (when named), else the general cells."""
        if pilots:
            chosen = [c for c in cells if set(c.pilots) & pilots.keys()]
            return chosen, bool(chosen)
        return [c for c in cells if not c.pilots], True

    def _pilot_note(self, pilots: dict[str, str], found: bool) -> str:
        if pilots and not found:
            return say("answers.financing_pilot_unknown", pilots=" en ".join(pilots.values())) + " "
        return ""

    def _cells(self, items: set[str], payers: set[str], pilots: dict[str, str]) -> Answer:
        cells = [c for c in self.cells if c.item in items and c.payer in payers]
        chosen, found = self._select(cells, pilots)
        if not found:
            chosen = [c for c in cells if not c.pilots]
        if not chosen:
            who = " en ".join(self.payers[p] for p in sorted(payers))
            what = " en ".join(self.item_label(i) for i in sorted(items))
            return Answer(say("answers.financing_cell_unknown", who=who, what=what), (), False)
        known = any(c.status != "unknown" for c in chosen)
        text = self._pilot_note(pilots, found) + " ".join(c.text for c in chosen)
        return Answer(text, tuple(s for c in chosen for s in c.sources), known)

    def _items(self, items: set[str], pilots: dict[str, str]) -> Answer:
        texts, sources = [], []
        note = ""
        for item in sorted(items):
            spec = self.items[item]
            if pilots:
                chosen, found = self._select([c for c in self.cells if c.item == item], pilots)
                if found:
                    texts += [c.text for c in chosen]
                    sources += [s for c in chosen for s in c.sources]
                    continue
                note = self._pilot_note(pilots, False)
            texts.append(" ".join(str(spec.get("summary", "")).split()))
            sources += list(_sources(spec.get("sources")))
        return Answer(note + " ".join(texts), tuple(sources), True)

    def _payers(self, payers: set[str], pilots: dict[str, str]) -> Answer:
        if not pilots and payers <= self.summaries.keys():
            chosen = [self.summaries[p] for p in sorted(payers)]
            return Answer(
                " ".join(t for t, _ in chosen), tuple(s for _, x in chosen for s in x), True
            )
        cells = [c for c in self.cells if c.payer in payers]
        chosen, found = self._select(cells, pilots)
        if not found:
            chosen = [c for c in cells if not c.pilots]
        known = [c for c in chosen if c.status != "unknown"]
        if not known:
            who = " en ".join(self.payers[p] for p in sorted(payers))
            return Answer(
                say("answers.financing_payer_unknown", who=who),
                (),
                False,
            )
        texts = list(dict.fromkeys(c.text for c in known))[:4]
        text = self._pilot_note(pilots, found) + " ".join(texts)
        return Answer(text, tuple(s for c in known for s in c.sources), True)


def load_matrix(path: Path = KNOWLEDGE_DIR / "financing.yml") -> Matrix | None:
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    payers = {k: str((v or {}).get("label", k)) for k, v in (data.get("payers") or {}).items()}
    items = dict(data.get("items") or {})
    cells = tuple(
        Cell(
            item,
            str(c["payer"]),
            str(c.get("status", "unknown")),
            " ".join(str(c.get("text", "")).split()),
            tuple(c.get("pilot") or ()),
            _sources(c.get("sources")),
        )
        for item, spec in items.items()
        for c in (spec or {}).get("cells") or ()
    )
    overview = data.get("overview") or {}
    summaries = {
        k: (" ".join(str(v["summary"]).split()), _sources(v.get("sources")))
        for k, v in (data.get("payers") or {}).items()
        if v and v.get("summary")
    }
    return Matrix(
        items,
        payers,
        cells,
        " ".join(str(overview.get("text", "")).split()),
        _sources(overview.get("sources")),
        summaries,
    )


@lru_cache(maxsize=1)
def matrix() -> Matrix | None:
    return load_matrix()
