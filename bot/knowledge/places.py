"""Woonplaats -> gemeente -> arbeidsmarktregio (knowledge/places.yml).

`resolve` reads a place as typed ("Den Bosch", "'s-Hertogenbosch", "den helder", "Sudwest
Fryslan", "gemeente Breda") by exact normalised name only: never a near match, so a place is
never guessed. `find` looks for a place named inside a longer sentence ("bij wie kan ik terecht
in Breda?"); a place name that is also an ordinary word ("Best", "Leek", "Echt") counts there
only after a word like "in" or "bij", or as the whole message. A name that is more than one
place ("Bergen") resolves to nothing: ask for the gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.text import tokens

PLACES_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "places.yml"

# Words before a place name that make an ordinary word ("Best") a place in a sentence.
PLACE_WORDS = frozenset(
    "in uit bij naar rond rondom nabij richting vanuit te omgeving regio gemeente buurt woon"
    " woonachtig".split()
)
# A name right after these is not the gemeente: "de provincie Utrecht".
NOT_AFTER = frozenset({"provincie"})
# Short spellings folded to one form: "a/d" = "aan de(n)", "St." = "Sint".
_JOINED = {("aan", "den"): "ad", ("aan", "de"): "ad", ("a", "d"): "ad"}
_SINGLE = {"st": "sint"}


@dataclass(frozen=True)
class Place:
    name: str  # as written in places.yml: the gemeente, or the woonplaats or variant matched
    gemeente: str  # the gemeente's CBS name
    region: str  # the arbeidsmarktregio's id in knowledge/regions.yml


def key(text: str) -> str:
    """The form names are compared in: folded words, without apostrophes and punctuation."""
    words = tokens(text.replace("'", "").replace("’", "").replace("‘", ""))
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = (words[i], words[i + 1]) if i + 1 < len(words) else None
        if pair in _JOINED:
            out.append(_JOINED[pair])
            i += 2
            continue
        out.append(_SINGLE.get(words[i], words[i]))
        i += 1
    return " ".join(out)


@dataclass(frozen=True)
class Index:
    names: dict[str, Place]  # key -> place
    gemeenten: dict[str, str]  # gemeente -> region id
    common: frozenset[str]  # keys of names that are also ordinary words
    ambiguous: frozenset[str]
    longest: int  # the most words in one name
    reference_date: str


def build(data: dict[str, Any]) -> Index:
    names: dict[str, Place] = {}
    gemeenten: dict[str, str] = {}
    ambiguous = frozenset(key(n) for n in data.get("ambiguous") or ())
    for region, members in (data.get("regions") or {}).items():
        for gemeente, others in (members or {}).items():
            gemeenten[str(gemeente)] = str(region)
            for name in (gemeente, *(others or ())):
                k = key(str(name))
                if k and k not in ambiguous:
                    # A gemeente's own name wins over a woonplaats of the same name elsewhere.
                    names.setdefault(k, Place(str(name), str(gemeente), str(region)))
    for gemeente, region in gemeenten.items():
        names[key(gemeente)] = Place(gemeente, gemeente, region)
    return Index(
        names=names,
        gemeenten=gemeenten,
        common=frozenset(key(n) for n in data.get("common_words") or ()),
        ambiguous=ambiguous,
        longest=max((len(k.split()) for k in names), default=1),
        reference_date=str(data.get("reference_date") or ""),
    )


@lru_cache(maxsize=1)
def index() -> Index:
    return build(yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8")))


def gemeenten() -> dict[str, str]:
    """Every gemeente and its region id."""
    return dict(index().gemeenten)


def _strip_gemeente(k: str) -> str:
    return k.removeprefix("gemeente ").strip()


def resolve(text: str | None, idx: Index | None = None) -> Place | None:
    """The place `text` names exactly (case, accents, hyphens and apostrophes aside)."""
    if not text or len(text) > 100:
        return None
    idx = idx or index()
    return idx.names.get(_strip_gemeente(key(text)))


def find_all(text: str | None, idx: Index | None = None) -> list[Place]:
    """Every place named in `text`, longest names first ("Bergen op Zoom", not "Bergen")."""
    if not text:
        return []
    idx = idx or index()
    words = key(text[:1000]).split()
    alone = _strip_gemeente(" ".join(words))
    found: list[Place] = []
    i = 0
    while i < len(words):
        for n in range(min(idx.longest, len(words) - i), 0, -1):
            k = " ".join(words[i : i + n])
            place = idx.names.get(k)
            if place is None:
                continue
            before = words[i - 1] if i else ""
            if before in NOT_AFTER:
                continue
            if k in idx.common and k != alone and before not in PLACE_WORDS:
                continue
            found.append(place)
            i += n - 1
            break
        i += 1
    return found


def find(text: str | None, idx: Index | None = None) -> Place | None:
    """The one gemeente named in `text`, or None (none, or more than one)."""
    found = find_all(text, idx)
    if len({p.gemeente for p in found}) != 1:
        return None
    return found[0]


def answer(text: str | None, idx: Index | None = None) -> Place | None:
    """A place given as an answer to "where do you live?": exactly, or named once in it."""
    return resolve(text, idx) or find(text, idx)


def regions_named(text: str | None, idx: Index | None = None) -> set[str]:
    """The region ids of the places named in `text`."""
    return {p.region for p in find_all(text, idx)}
