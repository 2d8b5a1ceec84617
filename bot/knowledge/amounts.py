"""Questions that ask for an amount ("hoeveel weken", "hoe lang", "hoeveel procent"), and
whether an entry's text has one of that kind.

An entry about the right subject that has no such figure must not be given as if it answered
the amount: the reply says the sources name no such figure, then what they do say.
"""

from __future__ import annotations

import re

from bot.text import fold

_NUMBER = (
    r"(\d+([.,]\d+)?|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien"
    r"|twintig|dertig|veertig|vijftig|honderd|half|halve|anderhalf|enkele|paar)"
)
# unit asked for -> how a text states it (a number before the unit)
_UNITS: dict[str, str] = {
    "uur": r"uur|uren",
    "dag": r"dag|dagen",
    "week": r"week|weken",
    "maand": r"maand|maanden",
    "jaar": r"jaar|jaren",
    "procent": r"procent|%",
    "euro": r"euro",
}
_ASKED_UNIT = re.compile(
    r"\bhoeveel (?P<unit>uur|uren|dagen|dag|weken|week|maanden|maand|jaar|jaren|procent|euro)\b"
    r"|\b(welk|wat is het|hoe hoog is het) (?P<pct>percentage)\b"
)
_ASKS_DURATION = re.compile(r"\bhoe lang\b|\bhoelang\b|\bwat is de duur\b")
_ASKS_COUNT = re.compile(r"\bhoeveel\b|\bhet aantal\b|\bwelk aantal\b")
_UNIT_KEYS = {
    "uren": "uur",
    "dagen": "dag",
    "weken": "week",
    "maanden": "maand",
    "jaren": "jaar",
    "percentage": "procent",
}


def asked(question: str) -> str | None:
    """`uur` | `week` | ... | `duur` (any time span) | `aantal` (any number), or None."""
    text = fold(question)
    m = _ASKED_UNIT.search(text)
    if m:
        unit = m.group("unit") or m.group("pct")
        return _UNIT_KEYS.get(unit, unit)
    if _ASKS_DURATION.search(text):
        return "duur"
    if _ASKS_COUNT.search(text):
        return "aantal"
    return None


def has_amount(kind: str, text: str) -> bool:
    """Whether `text` states an amount of the kind asked."""
    folded = fold(text)
    if kind == "aantal":
        return bool(re.search(rf"\b{_NUMBER}\b", folded))
    units = (
        "|".join(_UNITS[u] for u in ("uur", "dag", "week", "maand", "jaar"))
        if kind == "duur"
        else _UNITS[kind]
    )
    if kind == "procent" and re.search(r"\d\s?%", folded):
        return True
    return bool(re.search(rf"\b{_NUMBER}(\s?(tot|a|-|of)\s?{_NUMBER})?\s?({units})", folded))
