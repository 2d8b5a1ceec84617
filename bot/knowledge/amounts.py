"""Questions that ask for an amount ("hoeveel weken", "hoe lang", "hoeveel procent"), and
whether an entry's text has one of that kind.

An entry about the right subject that has no such figure must not be given as if it answered
the amount: the reply says the sources name no such figure, then what they do say.
"""

from __future__ import annotations

import re

from bot.catalogue import say
from bot.knowledge.kb import Entry
from bot.text import fold

TEXTS = {
    "uur": "answers.amount_uur",
    "dag": "answers.amount_dag",
    "week": "answers.amount_week",
    "maand": "answers.amount_maand",
    "jaar": "answers.amount_jaar",
    "procent": "answers.amount_procent",
    "euro": "answers.amount_euro",
    "duur": "answers.amount_duur",
    "aantal": "answers.amount_aantal",
}

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
    r"|\b(welk|wat is het|wat was het|hoe hoog is het|hoe hoog was het) \w*(?P<pct>percentage)\b"
)
_ASKS_MONEY = re.compile(
    r"\bhoe hoog (is|zijn|was|waren|moet|mag|wordt)\b|\bhoeveel geld\b|\bwelk bedrag\b"
    r"|\bhoeveel (kost|kosten|betaalt|betalen|krijgt|krijgen|verdient|verdienen)\b"
    r"|\bwat (verdient|verdienen)\b|\b(welk|hoeveel) (loon|salaris)\b|\bminimumloon\b"
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
    if _ASKS_MONEY.search(text):
        return "euro"
    if _ASKS_DURATION.search(text):
        return "duur"
    if _ASKS_COUNT.search(text):
        return "aantal"
    return None


# "hoeveel ambassadeurs": what is counted; the words between that are not it
_COUNT_WORD = re.compile(r"\b(?:hoeveel|het aantal|welk aantal)\b((?:\s+[\w'-]+){1,4})")
_NOT_COUNTED = frozenset(
    "van de het hun die deze er ongeveer precies gemiddeld in totaal al nog nu dan zo waren zijn"
    " hebben hadden heeft had is was kregen krijgen haalden halen deden doen kunnen kan moeten"
    " moet worden werden gaan gingen stroomden kost kosten betaalt betalen werken werkten"
    " daarvan procent euro".split()
)
# "in maart 2020", "sinds 2019": a year, not a count
_DATE = re.compile(
    r"\b(januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|in|sinds|vanaf|tot|begin|eind|medio|voorjaar|zomer|najaar|winter)\s+(19|20)\d\d\b"
)
# people are counted under any of these names ("hoeveel mensen" - "784 deelnemers")
_PEOPLE = ("deelnemer", "mens", "kandida", "person", "klant", "client", "jongere", "werkzoekende")


_SHORT = {"pv": "praktijkverklaring", "sk": "startkwalificatie"}


def counted(question: str) -> str | None:
    """The stem of what a count question counts ("ambassadeur"), or None."""
    m = _COUNT_WORD.search(fold(question))
    words = [w for w in m.group(1).split() if w not in _NOT_COUNTED] if m else []
    word = _SHORT.get(re.sub(r"'s$", "", words[0]), words[0]) if words else ""
    if len(word) < 4:
        return None
    return re.sub(r"(en|s|n)$", "", word)


def has_amount(kind: str, text: str, what: str | None = None) -> bool:
    """Whether `text` states an amount of the kind asked (a count of `what`, when given)."""
    folded = fold(text)
    if kind == "aantal":
        folded = _DATE.sub(" ", folded)  # "in maart 2020 met deelnemers" counts nobody
        if what is None:
            return bool(re.search(rf"\b{_NUMBER}\b", folded))
        names = _PEOPLE if any(what.startswith(p) for p in _PEOPLE) else (what,)
        near = "|".join(re.escape(n) for n in names)
        # "160 vrouwen", "20% vrouw"
        share = r"(\s?%|\s+procent)?"
        return bool(re.search(rf"\b{_NUMBER}\b{share}(\s+\S+){{0,3}}?\s+({near})", folded))
    units = (
        "|".join(_UNITS[u] for u in ("uur", "dag", "week", "maand", "jaar"))
        if kind == "duur"
        else _UNITS[kind]
    )
    if kind == "procent" and re.search(r"\d\s?%", folded):
        return True
    return bool(re.search(rf"\b{_NUMBER}(\s?(tot|a|-|of)\s?{_NUMBER})?\s?({units})", folded))


def lacks(question: str, entry: Entry, role: str = "consultant") -> bool:
    """Whether the question asks for an amount ("hoeveel uur") that the entry does not state."""
    return bool(no_amount_note(question, entry, role))


def no_amount_note(question: str, entry: Entry, role: str) -> str:
    """An amount asked ("hoeveel weken") that the entry does not state: the line that says so,
    to put before what the entry does say; "" otherwise."""
    kind = asked(question)
    texts = (
        entry.answer_for(role),
        entry.more_for(role),
        *(v.answer for v in entry.regional.values()),
    )
    text = " ".join(texts)
    key = "answers.no_amount_candidate" if role == "candidate" else "answers.no_amount"
    per = _per_unit(question, text, kind) or _limit(question, text, kind)
    if per is not None:
        return say(key, what=per)
    if kind is None or has_amount(kind, text, counted(question)):
        return _no_year_note(question, text, role)
    return say(key, what=say(TEXTS[kind]))


_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")

# "hoeveel subsidie per traject?": an amount for each traject, deelnemer or praktijkverklaring
_PER_UNIT = re.compile(
    r"\bper (traject|deelnemer|kandidaat|praktijkverklaring|pv|persoon|plek|leerplek|leerling)\b"
)
_MONEY_WORDS = re.compile(
    r"\b(\w*bedrag\w*|subsidie\w*|vergoeding\w*|rekent|rekenen|kost|kosten|te krijgen)\b"
)
_PV = {"pv", "praktijkverklaring"}


# "hoeveel mag iemand maximaal stapelen?": a limit asked
_LIMIT_ASKED = re.compile(
    r"\b(maximaal|minimaal|maximum|minimum|hoogstens|minstens|ten minste|ten hoogste)\b"
)
_LIMIT_SAID = re.compile(
    r"\b(maxim\w*|minim\w*|hoogstens|ten hoogste|ten minste|tenminste|minstens|niet meer dan"
    r"|niet minder dan|\w*grens\w*|hooguit)\b"
)
_MAXIMUM = frozenset({"maximaal", "maximum", "hoogstens", "ten hoogste"})


def _limit(question: str, text: str, kind: str | None) -> str | None:
    """ "Hoeveel pv's mag iemand maximaal halen?" of an entry that names no limit: "maximum";
    else None."""
    asked_limit = _LIMIT_ASKED.search(fold(question))
    if kind is None or asked_limit is None or _LIMIT_SAID.search(fold(text)):
        return None
    return "maximum" if asked_limit.group(1) in _MAXIMUM else "minimum"


def _per_unit(question: str, text: str, kind: str | None) -> str | None:
    """ "Hoeveel is er per traject te krijgen?" of an entry that names only a total (63
    miljoen): what is asked ("bedrag in euro per traject") when the entry says nothing "per
    traject"; else None."""
    folded = fold(question)
    unit = _PER_UNIT.search(folded)
    money = _MONEY_WORDS.search(folded)
    if unit is None or (kind is None and money is None):
        return None
    words = _PV if unit.group(1) in _PV else {unit.group(1)}
    if any(re.search(rf"\bper {w}\b", fold(text)) for w in words):
        return None
    what = say(TEXTS["euro" if money or kind == "euro" else kind or "aantal"])
    return f"{what} per {unit.group(1)}"


def later_period(question: str, entry: Entry, role: str) -> str | None:
    """ "Hoeveel pv's eind 2021?" of an entry whose figures are of januari 2021: the period
    asked ("eind 2021"), which the entry does not cover; else None."""
    if role == "candidate" or asked(question) is None:
        return None
    texts = (entry.answer_for(role), entry.more_for(role))
    return _later_in_year(question, " ".join(texts))


def _no_year_note(question: str, text: str, role: str) -> str:
    """ "Hoeveel pv's in 2022?": a year asked that the entry never names is not answered by
    its figures of another year; the line that says so, or ""."""
    years = list(dict.fromkeys(_YEAR.findall(question)))
    if role == "candidate" or not years:
        return ""
    if not any(y in text for y in years):
        return say("answers.no_year", years=" en ".join(years))
    later = _later_in_year(question, text) if asked(question) else None
    if later is None:
        return ""
    return say("answers.year_later", period=later, year=_YEAR.findall(later)[0])


# "eind 2021", "in heel 2021", "in 2021": the year or its end, not its start
_LATER = (
    r"\b(eind|einde|eind van|het einde van|najaar|december|heel|in heel|in|over|tijdens)\s+{y}\b"
)
_EARLY = r"\b(januari|begin|start)\s+{y}\b"


def _later_in_year(question: str, text: str) -> str | None:
    """ "Hoeveel pv's eind 2021?" of an entry whose figures are of januari 2021: the period
    asked ("eind 2021", "heel 2021"), which the figures do not cover; else None."""
    folded, said = fold(question), fold(text)
    for y in dict.fromkeys(_YEAR.findall(folded)):
        asked_part = re.search(_LATER.format(y=y), folded)
        if asked_part is None:
            continue
        early = len(re.findall(_EARLY.format(y=y), said))
        if early and early == len(re.findall(rf"\b{y}\b", said)):
            word = asked_part.group(1)
            whole = word in ("in", "over", "tijdens", "heel", "in heel")
            return f"heel {y}" if whole else f"{word} {y}"
    return None
