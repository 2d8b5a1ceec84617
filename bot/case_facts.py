"""Case facts in a consultant's message: "mijn klant is 17, zonder diploma, in de bijstand".

The facts map onto the slots of the quick-check (knowledge/eligibility.yml), so a check
started after such a message asks only what is still missing.
"""

from __future__ import annotations

import re
from typing import Any

from bot.parsing import dutch_number
from bot.text import fold

AGE_SLOT = "elig_age"
SK_SLOT = "elig_startkwalificatie"
ENROLLED_SLOT = "elig_mbo_enrolled"

_NUMBER = r"(\d{1,2}|[a-z]+)"
_AGE_PATTERNS = (
    re.compile(
        rf"\b{_NUMBER} ?(?:jaar|jr|jarige?n?)\b(?! (?:geleden|werkzaam|in dienst|lang|ervaring|werkervaring|werkloos|thuis|in de))"
    ),
    re.compile(rf"\b{_NUMBER}-jarige?\b"),
    re.compile(
        rf"\b(?:is|van|ben|wordt|leeftijd|leeftijd is|leeftijd van|age)\s+{_NUMBER}\b(?! (?:uur|maanden|weken|dagen|werkprocessen|euro|%|procent))"
    ),
    re.compile(
        rf"\b(?:hij|zij|ze|die|klant|kandidaat|jongen|meisje|man|vrouw|meneer|mevrouw|jongere) \(?{_NUMBER}\)?[ ,.]"
    ),
)

_NO_SK = re.compile(
    r"\b(geen|zonder|nooit( een)?|niet een|geen enkel) (startkwalificatie|sk|diploma|mbo-?diploma|opleiding afgerond)"
    r"|\bniks afgemaakt\b|\bniet afgemaakt\b|\bniets afgerond\b|\bvoortijdig schoolverlater\w*"
    r"|\b(alleen|enkel) (een )?(vmbo|praktijkonderwijs|pro|entree|mbo-?1|mbo 1|basisschool)\b"
    r"|\b(vmbo|entree|mbo-?1|mbo 1|praktijkonderwijs)[- ]?diploma\b"
    r"|\bdiploma (uit het buitenland|uit syrie|uit eritrea)"
)
_SK = re.compile(
    r"\b(heeft|met|al) (wel |al )?(een |zijn |haar )?(startkwalificatie|sk)\b"
    r"|\b(mbo|niveau) ?-?[234]\b[^.?!]{0,25}\bdiploma|\bdiploma\b[^.?!]{0,25}\b(mbo|niveau) ?-?[234]\b"
    r"|\b(havo|vwo|hbo|wo|mbo-?[234]|mbo [234])[- ]?(diploma|afgerond|gehaald|afgemaakt)"
    r"|\b(heeft|met|al) (een |zijn |haar )?(havo|vwo|hbo|mbo-?[234]|mbo [234])\b"
)
_ENROLLED = re.compile(
    r"\b(staat|is|zit) (al |nu |momenteel |op dit moment )?(ingeschreven|op het mbo|op het roc|op school|op een mbo)"
    r"|\bvolgt (al |nu |momenteel )?een (mbo-?|bbl-?|bol-?)?opleiding"
    r"|\b(bezig met|doet) (al |nu )?(een )?(mbo|bbl|bol)[- ]?(opleiding)?\b"
)
_NOT_ENROLLED = re.compile(
    r"\b(niet|nergens|niet meer|nog niet) (ingeschreven|op school)"
    r"|\bgeen (mbo-?)?(inschrijving|opleiding)\b(?! afgerond)"
    r"|\bvolgt geen (mbo-?)?opleiding"
)


def _age(text: str) -> int | None:
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            raw = match.group(1)
            n = int(raw) if raw.isdigit() else dutch_number(raw)
            if n is not None and 12 <= n <= 80:
                return n
    return None


def read_facts(message: str) -> dict[str, Any]:
    """The quick-check slots a message fills: {'elig_age': 17, 'elig_startkwalificatie': 'nee'}."""
    text = " " + re.sub(r"\s+", " ", fold(message)) + " "
    facts: dict[str, Any] = {}
    age = _age(text)
    if age is not None:
        facts[AGE_SLOT] = age
    if _NO_SK.search(text):
        facts[SK_SLOT] = "nee"
    elif _SK.search(text):
        facts[SK_SLOT] = "ja"
    if _NOT_ENROLLED.search(text):
        facts[ENROLLED_SLOT] = "nee"
    elif _ENROLLED.search(text):
        facts[ENROLLED_SLOT] = "ja"
    return facts


def describe(facts: dict[str, Any]) -> str:
    """'17 jaar, geen startkwalificatie' for the consultant to check what was read."""
    parts = []
    if AGE_SLOT in facts:
        parts.append(f"{facts[AGE_SLOT]} jaar")
    sk = facts.get(SK_SLOT)
    if sk == "ja":
        parts.append("heeft een startkwalificatie")
    elif sk == "nee":
        parts.append("geen startkwalificatie")
    enrolled = facts.get(ENROLLED_SLOT)
    if enrolled == "ja":
        parts.append("staat nu ingeschreven bij het mbo")
    elif enrolled == "nee":
        parts.append("niet ingeschreven bij het mbo")
    return ", ".join(parts)
