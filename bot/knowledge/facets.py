"""What a question is about: actor, cost item, pilot or region, client group, criterion.

The vocabulary is data (knowledge/facets.yml); regions come from knowledge/regions.yml.
Entries carry the same facets, so the answer can follow what the question names instead of
the nearest entry (`fit`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.knowledge.kb import Entry, load_facet_vocabulary, load_regions
from bot.text import fold

KINDS = ("actor", "cost", "pilot", "group", "criterion", "source", "person")
# Kinds whose mismatch rules an entry out: a question about DJI is never answered with an
# entry about West-Brabant, nor a question about Wajong with one about statushouders.
STRICT = ("pilot", "group")
# Where a client's traject stands: read from a case, not a facet of entries.
PHASE = "phase"

Named = dict[str, frozenset[str]]
# A question about money: who pays, what it costs. A cost item counts only in one.
# "krijgt die iets?", "krijgt de werkgever geld?": money received
RECEIVES = r"\bkrijg\w* (\w+ ){0,3}(iets|wat|geld)\b|\b(iets|geld) (terug)?krijg\w*"
# "doet het mbo dat voor niks?": asked whether something is paid at all
FREE = r"\b(?:gratis|kosteloos|voor (?:niks|niets|nop))\b"
FINANCE_WORDS = re.compile(
    r"betaal(?!de? (?:werk|baan|banen|arbeid))|betaalt|betalen"  # not "betaald werk"
    r"|kost|financ|bekostig|vergoed|geld(?!t\b|ig)|budget|subsidie|fonds|lumpsum"  # not "geldt"
    rf"|tarie|prijs|rekening|compens|{RECEIVES}|{FREE}",
    re.IGNORECASE,
)


_LEFT_OUT = re.compile(
    r"\b(zonder|behalve|exclusief|excl|uitgezonderd|buiten|minus)"
    r"( de| het)?( pilot( van| bij)?)? ?$"
)


def _normalise(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9&\-]+", " ", fold(text)).strip() + " "


@dataclass(frozen=True)
class Vocabulary:
    patterns: dict[str, dict[str, tuple[re.Pattern[str], ...]]]
    labels: dict[str, dict[str, str]]
    entries: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> value -> entry id
    like: dict[str, tuple[re.Pattern[str], ...]] = field(default_factory=dict)  # pilot -> sector
    regions: frozenset[str] = frozenset()  # the pilots that are an arbeidsmarktregio
    unknown: frozenset[str] = frozenset()  # client groups the sources say nothing about

    def read(self, text: str) -> Named:
        """The facet values `text` names, per kind (kinds it does not name are left out)."""
        norm = _normalise(text)
        found: dict[str, set[str]] = {}
        for kind, values in self.patterns.items():
            if kind == PHASE:
                continue
            for value, pats in values.items():
                matches = (m for p in pats for m in p.finditer(norm))
                # "en zonder DJI?": the question leaves that pilot out, it is not about it
                if any(kind != "pilot" or not _LEFT_OUT.search(norm[: m.start()]) for m in matches):
                    found.setdefault(kind, set()).add(value)
        return {k: frozenset(v) for k, v in found.items()}

    def phase(self, text: str) -> str | None:
        """The phase of the traject a case describes ("pv gehaald": na-pv), if any."""
        norm = _normalise(text)
        pats = self.patterns.get(PHASE, {})
        return next((v for v, ps in pats.items() if any(p.search(norm) for p in ps)), None)

    def without(self, text: str, kind: str, values: frozenset[str]) -> str:
        """`text` (normalised) with the words that name these values of `kind` taken out."""
        norm = _normalise(text)
        for value in values:
            for p in self.patterns.get(kind, {}).get(value, ()):
                norm = p.sub(" ", norm)
        return " ".join(norm.split())

    def companies(self, text: str, named: Named) -> list[str]:
        """The pilots with an entry of their own that a message names, then the companies in
        the sector it describes (the most words in common first)."""
        norm = _normalise(text)
        counts = {v: sum(len(p.findall(norm)) for p in pats) for v, pats in self.like.items()}
        pilots = sorted(named.get("pilot", frozenset()) - self.regions)  # a region is no company
        own = [v for v in pilots if self.entry("pilot", v)]
        return own + sorted((v for v, n in counts.items() if n), key=lambda v: -counts[v])

    def patterns_named(self, kind: str, value: str, text: str) -> frozenset[int]:
        """Which of the value's patterns `text` names with ("vsv", "rmc": schoolverlater)."""
        norm = _normalise(text)
        pats = self.patterns.get(kind, {}).get(value, ())
        return frozenset(i for i, p in enumerate(pats) if p.search(norm))

    def label(self, kind: str, value: str) -> str:
        return self.labels.get(kind, {}).get(value, value)

    def entry(self, kind: str, value: str) -> str | None:
        """The entry that speaks for a facet value (a client group's own entry), if any."""
        return self.entries.get(kind, {}).get(value)


def build_vocabulary(raw: dict[str, Any], regions: dict[str, dict[str, Any]]) -> Vocabulary:
    patterns: dict[str, dict[str, tuple[re.Pattern[str], ...]]] = {}
    labels: dict[str, dict[str, str]] = {}
    entries: dict[str, dict[str, str]] = {}
    like = {
        value: tuple(re.compile(p) for p in spec["like"])
        for value, spec in (raw.get("pilot") or {}).items()
        if (spec or {}).get("like")
    }
    for kind in (*KINDS, PHASE):
        for value, spec in (raw.get(kind) or {}).items():
            pats = tuple(re.compile(p) for p in (spec or {}).get("patterns") or ())
            patterns.setdefault(kind, {})[value] = pats
            labels.setdefault(kind, {})[value] = str((spec or {}).get("label", value))
            if (spec or {}).get("entry"):
                entries.setdefault(kind, {})[value] = str(spec["entry"])
    for rid, region in regions.items():
        names = [region.get("name", rid), *(region.get("aliases") or [])]
        keys = sorted({_normalise(str(n)).strip() for n in names} - {""})
        pats = tuple(
            re.compile(r"\b" + re.sub(r"\\[- ]|\\-|-| ", "[- ]?", re.escape(k)) + r"\b")
            for k in keys
        )
        patterns.setdefault("pilot", {})[rid] = pats
        labels.setdefault("pilot", {})[rid] = str(region.get("name", rid))
    unknown = frozenset(
        v for v, spec in (raw.get("group") or {}).items() if (spec or {}).get("unknown")
    )
    return Vocabulary(patterns, labels, entries, like, frozenset(regions), unknown)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    return build_vocabulary(load_facet_vocabulary(), load_regions())


def _texts(entry: Entry) -> str:
    return " ".join((entry.answer, entry.more, entry.consultant_answer))


@lru_cache(maxsize=4096)
def _told_about(text: str) -> frozenset[str]:
    """The persons (participants, personas) an entry's texts name."""
    return vocabulary().read(text).get("person", frozenset())


@dataclass(frozen=True)
class Fit:
    """How well an entry fits the facets a question names."""

    matched: float = 0  # kinds where the entry has a value the question names (the share of them)
    conflicts: int = 0  # kinds where the entry is about something else
    strict_conflict: bool = False  # a pilot or group mismatch: never answer with this entry
    unnamed_specific: int = 0  # entry is specific (pilot/group) where the question is general
    missing: tuple[tuple[str, str], ...] = ()  # (kind, value) named, absent from the entry


def fit(entry: Entry, named: Named) -> Fit:
    # Called for every entry at every question: only the kinds the question names are looked
    # at (a kind it does not name adds nothing but the pilot check below).
    matched: float = 0
    conflicts = 0
    strict = False
    missing: list[tuple[str, str]] = []
    for kind in KINDS:
        asked = named.get(kind)
        if not asked:
            continue
        if kind == "pilot" and not asked.isdisjoint(entry.regional):
            matched += 1  # the entry has a variant for the region asked about
            continue
        # A regional variant does not make an entry regional: asked about another region,
        # the general answer still fits (Entry.for_region gives a variant only to its region).
        if kind == "source":  # a document named: the entries that cite it fit better
            cited = {source.file for source in entry.sources}
            matched += len(asked & cited) / len(asked)
            continue
        if kind == "person":
            # "wat wil Janneke worden?": the entry with her name in its title fits best, an
            # entry that only mentions her half
            about, told = _told_about(entry.title), _told_about(_texts(entry))
            matched += sum(1 if p in about else 0.5 if p in told else 0 for p in asked) / len(asked)
            continue
        has = entry.facet(kind)
        if has:
            if not asked.isdisjoint(has):  # "gemeente en UWV": an entry about both fits best
                matched += len(asked & set(has)) / len(asked)
            else:
                conflicts += 1
                strict = strict or kind in STRICT
                missing += [(kind, v) for v in sorted(asked)]
        elif kind in STRICT:
            missing += [(kind, v) for v in sorted(asked)]
    # An entry about one pilot, for a question that names none.
    unnamed = 0 if named.get("pilot") else int(bool(entry.facet("pilot")))
    return Fit(matched, conflicts, strict, unnamed, tuple(missing))
