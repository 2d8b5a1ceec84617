"""Case facts in a consultant's message: "mijn klant is 17, zonder diploma, in de bijstand".

The facts map onto the slots of the quick-check (knowledge/eligibility.yml), so a check
started after such a message asks only what is still missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.knowledge.kb import KNOWLEDGE_DIR, Source, parse_lines
from bot.parsing import dutch_number
from bot.text import fold

AGE_SLOT = "elig_age"
SK_SLOT = "elig_startkwalificatie"
ENROLLED_SLOT = "elig_mbo_enrolled"
ROUTE_SLOT = "elig_regular_route"
WERKFIT_SLOT = "elig_werkfit"
MOTIVATED_SLOT = "elig_motivated"
SK_UNUSABLE_SLOT = "elig_sk_unusable"

_NUMBER = r"(\d{1,2}|[a-z]+)"
# the words a consultant names a client by: "bijstandsklant 30", "Nieuwkomer, 29,"
_PERSON = (
    r"[a-z'-]*(?:klant|kandidaat|kandidate|client|cliente|jongen|meisje|man|vrouw|meneer|mevrouw"
    r"|jongere|nieuwkomer|statushouder|statushoudster|uitzendkracht|werknemer|medewerker"
    r"|medewerkster|gedetineerde|wajonger|deelnemer|deelneemster|vsv'er|ww'er|schoolverlater)"
)
_AGE_PATTERNS = (
    re.compile(
        rf"\b{_NUMBER} ?(?:jaar|jr|jarige?n?)\b(?! (?:geleden|werkzaam|in dienst|lang|ervaring|werkervaring|werkloos|thuis|in de|werkt|gewerkt|bij|daar))"
    ),
    re.compile(rf"\b{_NUMBER}-jarige?\b"),
    re.compile(
        rf"\b(?:is|van|ben|wordt|leeftijd|leeftijd is|leeftijd van|age)\s+{_NUMBER}\b(?! (?:uur|maanden|weken|dagen|werkprocessen|euro|%|procent))"
    ),
    re.compile(r"\b[a-z]{2,} \((1[2-9]|[2-7]\d)\s*(?:,|\)|jaar)"),
    re.compile(
        rf"\b(?:hij|zij|ze|die|{_PERSON}) \(?{_NUMBER}\)?[ ,.]"
        r"(?!(uur|maanden|weken|dagen|km|kilometer|euro|%|procent|werkprocessen)\b)"
    ),
    re.compile(rf"\b(?:{_PERSON})(?: [\w-]+)?, {_NUMBER}[,.]"),
)

_NO_SK = re.compile(
    r"\b(geen|zonder|nooit( een)?|niet een|geen enkel) (startkwalificatie|sk|diploma|mbo-?diploma|opleiding afgerond)"
    r"|\bniks afgemaakt\b|\bniet afgemaakt\b|\bniets afgerond\b|\bvoortijdig schoolverlater\w*"
    r"|\b(alleen|enkel) (een )?(vmbo|praktijkonderwijs|pro|entree|mbo-?1|mbo 1|basisschool)\b"
    r"|\b(vmbo|entree|mbo-?1|mbo 1|praktijkonderwijs)[- ]?diploma\b"
    r"|\bvmbo[- ]?(t|tl|gl|kader|kb|basis|bb|k)?[- ]?(diploma|afgerond|gehaald)\b"
    r"|\bgeen afgeronde (mbo-?)?(opleiding|school|studie)\b|\b(opleiding|school) niet afgerond\b"
    r"|\bdiploma (uit het buitenland|uit syrie|uit eritrea)|\bdiploma\b[^.?!]{0,25}\bniet erkend"
)
_SK = re.compile(
    r"\b(heeft|met|al) (wel |al )?(een |zijn |haar )?(startkwalificatie|sk)\b"
    r"|\b(mbo|niveau) ?-?[234]\b[^.?!]{0,25}\bdiploma|\bdiploma\b[^.?!]{0,25}\b(mbo|niveau) ?-?[234]\b"
    r"|\b(havo|vwo|hbo|wo|mbo-?[234]|mbo [234])[- ]?(diploma|afgerond|gehaald|afgemaakt)"
    r"|\b(heeft|met|al) (een |zijn |haar )?(havo|vwo|hbo|mbo-?[234]|mbo [234])\b"
    r"|\b(havo|vwo|hbo|mbo-?[234]|mbo [234]) (\w+ ){1,2}(gehaald|afgerond|afgemaakt)\b"
    r"|\bheeft ooit (een |zijn |haar )?(havo|vwo|hbo|mbo-?[234]|mbo [234])\b"
)
# A startkwalificatie that no longer leads to work (the quick-check's elig_sk_unusable).
_SK_UNUSABLE = re.compile(
    r"\b(nauwelijks|bijna geen|weinig) (banen|vacatures|werk|kans op werk)\b"
    r"|\bgeen (banen|vacatures|kans op werk)\b"
    r"|\bverouderd\w*|\bniet meer bruikbaar\b|\bonbruikbaar\b|\bomscholing\b|\bomscholen\b"
    r"|\b(kan|mag) (dat vak |dat werk |in dat vak )?niet meer\b[^.?!]{0,30}\b(werken|doen|uitoefenen)\b"
    r"|\bdoor (zijn|haar) (gezondheid|rug|klachten)\b|\bdoor (rug|gezondheids)\w*\b"
    r"|\b(dat|het|zijn|haar) (werk|vak|beroep) bestaat (bijna |vrijwel )?niet meer\b"
    r"|\bkan (\w+ ){0,4}niet meer (in de \w+ )?(werken|doen)\b"
    r"|\b(psychische|lichamelijke|gezondheids)\w* (klachten|problemen)\b"
)
# "wil door naar een volledig diploma niveau 2": what the client wants, not what he has
# "de werkgever denkt dat hij na het traject een diploma heeft": what someone expects, not
# what the client has
_WISH = re.compile(
    r"\b(wil|wilt|willen|wens\w*|doel|droomt|streeft|door naar|op weg naar"
    r"|denkt|denken|dacht|dachten|verwacht\w*|hoopt|hopen"
    # "heeft hij dan een niveau 2-diploma?": asked, as what the pv would bring
    r"|(heeft|krijgt|haalt) (hij|zij|ze) (dan|daarna|daarmee|daardoor|straks)"
    r"|na (het|de|zijn|haar|dit|dat) (pv|praktijkverklaring|traject|pv-traject))\b[^.?!,;]*"
)
_ENROLLED = re.compile(
    r"\b(staat|is|zit) (al |nu |momenteel |op dit moment )?(ingeschreven|op het mbo|op het roc|op school|op een mbo)"
    r"|\bvolgt (al |nu |momenteel )?een (mbo-?|bbl-?|bol-?)?opleiding"
    r"|\b(bezig met|doet) (al |nu )?(een )?(mbo|bbl|bol)[- ]?(opleiding)?\b"
    r"|\b(begonnen|gestart) (aan|met|op) (een |de |het )?(mbo|bbl|bol|entree|roc)\w*"
    r"|\bzit (al |nu )?op (de|een|het) (mbo-?|bbl-?|bol-?|entree-?)opleiding\b|\(dus ingeschreven\)"
    r"|\bzit (al |nu )?op (de|een|het) (bbl|bol)[- ](entree|niveau [1-4]|opleiding)\b"
    r"|(?<!was )(?<!stond )\bingeschreven (bij|op|aan|voor) (de |het |een )?(entree|mbo|roc|bbl|bol)"
    r"|\b(volgt|doet) (al |nu |momenteel )?(de |een )?(entree|bbl|bol)\w*"
    r"|\b(mbo|roc)-?(student|studente|leerling)\b|\bstudeert (aan|op) (het|een) (roc|mbo)\b"
    r"|\bzit (al |nu )?op (het|een) (roc|mbo)\b|\bzit (al |nu )?in (de|een) (bbl|bol)\b"
)
_NOT_ENROLLED = re.compile(
    r"\b(niet|nergens|niet meer|nog niet) (ingeschreven|op school)"
    r"|\b(niet|nooit|niet meer|nog niet) (op|aan|bij) (het |een |de )?(mbo|roc)\b(?![- ]?niveau)"
    r"|\bnooit (een |op |aan )?(het |een )?(mbo|roc)(-?opleiding)?\b"
    r"|\bgeen (mbo-?)?(inschrijving|opleiding)\b(?! afgerond| aan)"
    r"|\bvolgt geen (mbo-?)?opleiding"
    r"|\b(gestopt|uitgevallen|uitgeschreven|afgehaakt) (met|op|bij|van) (de |het |een |zijn |haar )?"
    r"[\w-]*(opleiding|school|mbo|roc|entree|bbl|bol)\b|\bvan school (af|gegaan)\b"
)

_ROUTE_DOABLE = re.compile(
    r"\b(bbl|bol|entree|diploma|certificaat|mbo-?[1-4]|mbo [1-4]|opleiding)\b[^.?!]{0,40}"
    r"\b(lijkt |is |goed |wel |prima )*(haalbaar|te doen|aan ?kunnen)\b"
    r"|\bkan (hij|zij|ze|die )?(\w+ ){0,2}(een |de )?(bbl|bol|entree|mbo|opleiding|diploma)"
    r"[^.?!]{0,30}\b(aan|halen|volgen|doen)\b"
    r"|(?<!niet )(?<!moeilijk )(?<!slecht )\b(is |lijkt |goed |wel |ook )(\w+ en |goed |wel )?schoolbaar\b"
    r"|\bzou (best |wel |prima |makkelijk )?(een )?(diploma|opleiding|bbl|bol|mbo[\w-]*)"
    r"( opleiding)? (kunnen )?(halen|doen|volgen|aankunnen)\b"
    r"|\b(bbl|bol|entree|opleiding|diploma)\b[^.?!]{0,20}\bis (voor (hem|haar) )?(een |wel een |goed )?(optie|mogelijk)\b"
)
_ROUTE_NOT_DOABLE = re.compile(
    r"\b(kan|kon|kunnen)\b[^.?!]{0,50}\bniet aan\b|\bniet haalbaar\b"
    # "mbo-2 is te hoog", not "de opdrachten zijn te zwaar" (in the traject)
    r"|\b(mbo|opleiding\w*|school|niveau|bbl|bol|entree|diploma|klas|lesstof|theorie)\b[^.?!]{0,30}"
    r"\bte (hoog|moeilijk|zwaar)\b"
    r"|\b(niet|moeilijk|slecht) (leerbaar|schoolbaar)\b|\bniet schools\b|\bgeen schoolse\b"
    r"|\blukt (het |een opleiding )?niet (op school|in de klas)\b"
    r"|\b(op school|in de klas|in een klas)\b[^.?!]{0,20}\blukt (het |dat )?niet\b"
    r"|\bleert (prima |goed |beter )?door te doen\b"
    r"|\b(op school|in de klas|in een klas)\b[^.?!]{0,20}\bhaakt (\w+ )?af\b"
    r"|\b(op school|in de klas|in een klas)\b[^.?!]{0,20}"
    r"\b(niet (vol)?(houdt|houden|hield)|(houdt|hield) (\w+ ){0,3}niet vol)\b"
    r"|\b(in de praktijk|op de werkvloer|in het werk)\b[^.?!]{0,10}\bpakt (hij|zij|ze) (\w+ ){0,2}(snel|goed|makkelijk) op\b"
    r"|\bmet (zijn|haar) handen\b[^.?!]{0,20}\bleert\b|\bleert\b[^.?!]{0,20}\bmet (zijn|haar) handen\b"
    r"|\bkan (hij |zij |ze |die )?(\w+ )?geen (\w+ )?(opleiding|diploma|bbl|bol|mbo)[^.?!]{0,30}\b(aan|halen|volgen)\b"
    r"|\b(zal|gaat) (\w+ )?(nooit|geen) (een )?(diploma|opleiding)\b|\bdiploma zit er niet in\b"
    r"|\bhaalt (\w+ )?(nooit|geen) (een )?diploma\b"
)
_NOT_WERKFIT = re.compile(
    r"\bniet (echt |helemaal |goed |voldoende )?werkfit\b|\bgeen werkritme\b|\bwerkritme heeft (hij|zij|ze) niet\b"
    r"|\b(te )?grote afstand tot (de arbeidsmarkt|werk)\b|\b(al )?jaren niet (aan het |meer )?(ge)?werk"
)
_WERKFIT = re.compile(r"\b(is|zijn) (al )?werkfit\b|\bheeft (een )?(goed )?werkritme\b")
_NOT_MOTIVATED = re.compile(
    r"\bniet gemotiveerd\b|\bgeen motivatie\b|\bwil (het )?niet\b|\bmoet (het )?van\b"
)
_MOTIVATED = re.compile(r"\b(erg |heel |zeer )?gemotiveerd\b|\bwil (heel )?graag\b|\bleergierig\b")


_FACT_PATTERNS = (
    _NO_SK,
    _SK,
    _ENROLLED,
    _NOT_ENROLLED,
    _ROUTE_DOABLE,
    _ROUTE_NOT_DOABLE,
    _NOT_WERKFIT,
    _WERKFIT,
    _NOT_MOTIVATED,
    _MOTIVATED,
)


def _as_age(raw: str) -> int | None:
    n = int(raw) if raw.isdigit() else dutch_number(raw)
    return n if n is not None and 12 <= n <= 80 else None


def _age(text: str) -> int | None:
    for pattern in _AGE_PATTERNS:
        for match in pattern.finditer(text):
            n = _as_age(match.group(1))
            if n is not None:
                return n
    return None


def without_wishes(text: str) -> str:
    """The folded text without what someone wants, expects or asks it would bring: "heeft
    hij dan een niveau 2-diploma?" states no diploma."""
    return _WISH.sub(" ", fold(text))


def read_facts(message: str) -> dict[str, Any]:
    """The quick-check slots a message fills: {'elig_age': 17, 'elig_startkwalificatie': 'nee'}."""
    text = " " + re.sub(r"\s+", " ", fold(message)) + " "
    facts: dict[str, Any] = {}
    age = _age(text)
    if age is not None:
        facts[AGE_SLOT] = age
    if _NO_SK.search(text):
        facts[SK_SLOT] = "nee"
    elif _SK.search(_WISH.sub(" ", text)):
        facts[SK_SLOT] = "ja"
        if _SK_UNUSABLE.search(text):
            facts[SK_UNUSABLE_SLOT] = "ja"
    if _NOT_ENROLLED.search(text):
        facts[ENROLLED_SLOT] = "nee"
    elif _ENROLLED.search(text):
        facts[ENROLLED_SLOT] = "ja"
    for slot, no, yes in (
        (ROUTE_SLOT, _ROUTE_NOT_DOABLE, _ROUTE_DOABLE),
        (WERKFIT_SLOT, _NOT_WERKFIT, _WERKFIT),
        (MOTIVATED_SLOT, _NOT_MOTIVATED, _MOTIVATED),
    ):
        if no.search(text):
            facts[slot] = "nee"
        elif yes.search(text):
            facts[slot] = "ja"
    return facts


def without_facts(message: str) -> str:
    """The message (folded) without the phrases that state a case fact: "gedetineerde 31 is in
    de PI begonnen" keeps "is in de pi begonnen", "geen startkwalificatie" leaves nothing."""
    text = " " + re.sub(r"\s+", " ", fold(message)) + " "
    for pattern in _AGE_PATTERNS:  # "is in" matches too: only a number is an age
        text = pattern.sub(lambda m: " " if _as_age(m.group(1)) else m.group(0), text)
    for pattern in _FACT_PATTERNS:
        text = pattern.sub(" ", text)
    text = re.sub(r"\s*([,;:])(\s*[,;:])*", r"\1", text)  # the commas around a fact left out
    return re.sub(r"\s+", " ", text).strip(" ,;:.")


def criteria(facts: dict[str, Any]) -> dict[str, frozenset[str]]:
    """The criteria a client's facts make the question about: "en in West-Brabant?" after a
    client of 17 asks about the age limit there."""
    age = facts.get(AGE_SLOT)
    found = {"leeftijd"} if isinstance(age, int) and not 18 <= age < 55 else set()
    found |= {"werkfit"} if facts.get(WERKFIT_SLOT) == "nee" else set()
    return {"criterion": frozenset(found)} if found else {}


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
    if facts.get(SK_UNUSABLE_SLOT) == "ja":
        parts.append("die startkwalificatie leidt nauwelijks meer tot werk")
    enrolled = facts.get(ENROLLED_SLOT)
    if enrolled == "ja":
        parts.append("staat nu ingeschreven bij het mbo")
    elif enrolled == "nee":
        parts.append("niet ingeschreven bij het mbo")
    for slot, yes, no in (
        (
            ROUTE_SLOT,
            "een gewone route (bbl, entree, certificaat) lijkt haalbaar",
            "een gewone opleiding is niet haalbaar",
        ),
        (WERKFIT_SLOT, "werkfit", "(nog) niet werkfit"),
        (MOTIVATED_SLOT, "gemotiveerd", "niet gemotiveerd of niet vrijwillig"),
    ):
        if facts.get(slot) in ("ja", "nee"):
            parts.append(yes if facts[slot] == "ja" else no)
    return ", ".join(parts)


@dataclass(frozen=True)
class CaseTexts:
    """What a case answer adds to the rules' findings (knowledge/eligibility.yml `case`)."""

    lead: dict[str, str]
    offer: str
    open_points: dict[str, str]
    next_step: str
    next_step_sources: tuple[Source, ...]


@lru_cache(maxsize=1)
def case_texts(path: Path = KNOWLEDGE_DIR / "eligibility.yml") -> CaseTexts:
    case = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("case") or {}
    step = case.get("next_step") or {}
    return CaseTexts(
        {str(k): " ".join(str(v).split()) for k, v in (case.get("lead") or {}).items()},
        " ".join(str(case.get("offer", "")).split()),
        {str(k): " ".join(str(v).split()) for k, v in (case.get("open_points") or {}).items()},
        " ".join(str(step.get("text", "")).split()),
        tuple(Source(str(s["file"]), *parse_lines(s["lines"])) for s in step.get("sources") or ()),
    )
