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
        rf"\b(?:hij|zij|ze|die|klant|kandidaat|jongen|meisje|man|vrouw|meneer|mevrouw|jongere) \(?{_NUMBER}\)?[ ,.]"
    ),
    re.compile(
        rf"\b(?:klant|kandidaat|kandidate|client|cliente|jongen|meisje|man|vrouw|jongere), {_NUMBER}[,.]"
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
# A startkwalificatie that no longer leads to work (the quick-check's elig_sk_unusable).
_SK_UNUSABLE = re.compile(
    r"\b(nauwelijks|bijna geen|weinig) (banen|vacatures|werk|kans op werk)\b"
    r"|\bgeen (banen|vacatures|kans op werk)\b"
    r"|\bverouderd\w*|\bniet meer bruikbaar\b|\bonbruikbaar\b|\bomscholing\b|\bomscholen\b"
    r"|\b(kan|mag) (dat vak |dat werk |in dat vak )?niet meer\b[^.?!]{0,30}\b(werken|doen|uitoefenen)\b"
    r"|\bdoor (zijn|haar) (gezondheid|rug|klachten)\b"
    r"|\b(psychische|lichamelijke|gezondheids)\w* (klachten|problemen)\b"
)
_ENROLLED = re.compile(
    r"\b(staat|is|zit) (al |nu |momenteel |op dit moment )?(ingeschreven|op het mbo|op het roc|op school|op een mbo)"
    r"|\bvolgt (al |nu |momenteel )?een (mbo-?|bbl-?|bol-?)?opleiding"
    r"|\b(bezig met|doet) (al |nu )?(een )?(mbo|bbl|bol)[- ]?(opleiding)?\b"
    r"|\b(begonnen|gestart) (aan|met|op) (een |de |het )?(mbo|bbl|bol|entree|roc)\w*"
    r"|\bzit (al |nu )?op (de|een|het) (mbo-?|bbl-?|bol-?|entree-?)opleiding\b|\(dus ingeschreven\)"
)
_NOT_ENROLLED = re.compile(
    r"\b(niet|nergens|niet meer|nog niet) (ingeschreven|op school)"
    r"|\bgeen (mbo-?)?(inschrijving|opleiding)\b(?! afgerond)"
    r"|\bvolgt geen (mbo-?)?opleiding"
)

_ROUTE_DOABLE = re.compile(
    r"\b(bbl|bol|entree|diploma|certificaat|mbo-?[1-4]|mbo [1-4]|opleiding)\b[^.?!]{0,40}"
    r"\b(lijkt |is |goed |wel |prima )*(haalbaar|te doen|aan ?kunnen)\b"
    r"|\bkan (hij|zij|ze|die) (wel |prima |goed )?(een |de )?(bbl|bol|entree|mbo|opleiding|diploma)"
    r"[^.?!]{0,30}\b(aan|halen|volgen|doen)\b"
)
_ROUTE_NOT_DOABLE = re.compile(
    r"\b(kan|kon|kunnen)\b[^.?!]{0,50}\bniet aan\b|\bniet haalbaar\b|\bte (hoog|moeilijk|zwaar)\b"
    r"|\b(niet|moeilijk|slecht) (leerbaar|schoolbaar)\b|\bniet schools\b|\bgeen schoolse\b"
    r"|\blukt (het |een opleiding )?niet (op school|in de klas)\b"
    r"|\b(op school|in de klas|in een klas)\b[^.?!]{0,20}\blukt (het |dat )?niet\b"
    r"|\bleert (prima |goed |beter )?door te doen\b"
)
_NOT_WERKFIT = re.compile(
    r"\bniet werkfit\b|\bgeen werkritme\b|\bwerkritme heeft (hij|zij|ze) niet\b"
    r"|\b(te )?grote afstand tot (de arbeidsmarkt|werk)\b|\b(al )?jaren niet (aan het |meer )?(ge)?werk"
)
_WERKFIT = re.compile(r"\b(is|zijn) (al )?werkfit\b|\bheeft (een )?(goed )?werkritme\b")
_NOT_MOTIVATED = re.compile(
    r"\bniet gemotiveerd\b|\bgeen motivatie\b|\bwil (het )?niet\b|\bmoet (het )?van\b"
)
_MOTIVATED = re.compile(r"\b(erg |heel |zeer )?gemotiveerd\b|\bwil (heel )?graag\b|\bleergierig\b")


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


ELIGIBILITY_WORDS = re.compile(
    r"\b(meedoen|mee doen|in aanmerking|doelgroep|geschikt|toegelaten|toelaatbaar|deelnemen"
    r"|mag .{0,30}(starten|beginnen|meedoen)|kan .{0,30}(starten|beginnen|meedoen|instromen)"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant|mijn client\w*)\b.{0,60}"
    r"\b(starten|beginnen|instromen|deelnemen)"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant|mijn client\w*)\b.{0,40}"
    r"\b(praktijkleren|(een |de )?praktijkverklaring)( (doen|volgen|halen|gaan doen))?\s*(?=[,?.!]|$| en )"
    r"|(kan|mag) (hij|zij|ze|die|dat|mijn klant|de klant|deze klant|mijn client\w*) (\w+ ){0,3}(via praktijkleren )?"
    r"(praktijkleren( met (de |een )?(praktijkverklaring|pv))?|(een |de )?(praktijkverklaring|pv))"
    r"( (doen|volgen|halen|gaan doen|starten|beginnen))?\s*(?=[,?.!]|$| en | of )"
    r"|overstappen naar (praktijkleren|een pv|een praktijkverklaring)"
    r"|valt (hij|zij|ze|die) (onder|binnen)|iets voor (hem|haar)"
    r"|kan dat|mag dat|past (hij|zij|ze|die|dat)"
    r"|(kan|mag|moet|zal|zou) ik (hem|haar|die|deze klant|mijn klant|de klant|zo iemand)\b.{0,25}\baanmelden"
    r"|\bkans (maakt|heeft|om mee te doen|op (toelating|een plek|deelname))"
    r"|kan (praktijkleren|een praktijkverklaring|dat)\b.{0,50}\bvoor\b"
    r"|(is|lijkt) (praktijkleren|een praktijkverklaring|dat)\b.{0,40}\b(optie|passend|geschikt|iets)"
    r"|\buitgesloten\b|\bpast (praktijkleren|het|dat|dit|een praktijkverklaring)\b.{0,50}\bbij (hem|haar)\b)",
    re.IGNORECASE,
)
EXAMPLE_WORDS = re.compile(
    r"\bvoorbeeld\w*|\biemand (zoals|als|die op)\b"
    r"|\b(deelnemer|kandidaat) (zoals|als) (hij|zij|hem|haar|mijn klant|deze klant)\b"
    r"|\biemand die (precies )?(dit|dat|hetzelfde) (mee)?maakte\b"
    r"|\bvergelijkbare? (klant|kandidaat|casus|situatie|deelnemer|persoon)"
    r"|\bvb\b|\bdie op (hem|haar|mijn klant|mijn client\w*) lijkt\b|\blijkt op (hem|haar|mijn klant)\b"
    r"|\b(heeft|was er) (er )?iemand\b.{0,30}\b(in de pilots|gedaan|meegemaakt)\b",
    re.IGNORECASE,
)


def wants_example(focus: str) -> bool:
    """ "Een voorbeeld van iemand zoals hij?": a participant's story. "Hoeveel uur werkten de
    deelnemers in de voorbeelden?" asks for a figure, not a story."""
    asking = _sentences(focus)[-1] if focus.strip() else ""
    return bool(EXAMPLE_WORDS.search(focus)) and not re.match(r"\s*hoeveel\b", asking, re.I)


# "Is dat realistisch?", "waar moet ik daarbij op letten?": a question that points back
_POINTS_BACK = re.compile(r"\b(dat|dit|daar|daar\w+|zo'n|zoiets)\b", re.IGNORECASE)


def _without_facts(sentence: str) -> str:
    """A description's sentence without its case facts: what the client wants or what
    happened ("wil uiteindelijk een mbo-2 diploma"), not "48 jaar, geen startkwalificatie"."""
    kept = [
        piece
        for piece in re.split(r",\s*", sentence.rstrip(".!"))
        if len(piece.split()) > 2 and not read_facts(piece)
    ]
    return ", ".join(kept)


def question_part(text: str) -> str:
    """The sentences that ask (ending in '?'), else the last one. In a case description the
    question is what to search for; the facts around it are read on their own."""
    sentences = _sentences(text)
    if len(sentences) < 2:
        return text
    return " ".join([x for x in sentences if _asks(x)] or sentences[-1:])


def pointed_to(text: str) -> str:
    """For a question that points back or is very short ("is dat realistisch?", "wat moet ik
    hem vertellen?"): the sentence before it without its facts, else ""."""
    sentences = _sentences(text)
    first = next((i for i, x in enumerate(sentences) if _asks(x)), len(sentences) - 1)
    if first < 1:
        return ""
    asking = sentences[first]
    if not (_POINTS_BACK.search(asking) or len(asking.split()) <= 5):
        return ""
    before = _without_facts(sentences[first - 1])
    return before if len(before.split()) >= 3 else ""


_SPEAKER = re.compile(r"^(?:ik ben|als) (?:een |de )?([\w-]+)", re.IGNORECASE)
_FIRST_PERSON = {
    r"\bmijn (rol|taak|taken)\b": r"de \1 van de {who}",
    r"\b(moet|kan|mag|doe) ik\b": r"\1 de {who}",
}


def as_speaker(focus: str, message: str) -> str:
    """ "Ik ben jobcoach bij het sw-bedrijf. (facts) Wat is mijn rol?": the question about the
    asker's own part, asked about that role ("Wat is de rol van de jobcoach ...?")."""
    who = next((m.group(1) for x in _sentences(message) if (m := _SPEAKER.match(x))), "")
    for pattern, replacement in _FIRST_PERSON.items() if who else ():
        focus = re.sub(pattern, replacement.replace("{who}", who), focus, flags=re.IGNORECASE)
    return focus


def _sentences(text: str) -> list[str]:
    """Sentences, a quoted question among them: Ze vraagt: 'is dat een diploma?' Wat zeg ik?"""
    return [
        x
        for x in re.split(r"(?<=[.!?])\s+|(?<=[.!?]['\"’”])\s+|(?<=:)\s+(?=['\"‘“])", text.strip())
        if x
    ]


def _asks(sentence: str) -> bool:
    return sentence.rstrip("'\"’”").endswith("?")


_SECOND_QUESTION = re.compile(
    r",? en (?=(welke|welk|wat|hoe|hoeveel|wie|waar|wanneer|waarom|moet|kan|mag|is|zijn)\b)",
    re.IGNORECASE,
)


# A clause that opens with a question word asks for something else ("in welke sectoren kan
# ze praktijkleren?"), whatever admission words it contains.
_ASKS_FOR_SOMETHING = re.compile(
    r"^((in|bij|voor|met|tot|op|aan|van|naar|uit) )?(welke|welk|wat(?! als)|hoe|hoeveel|wie|waar\w*"
    r"|wanneer|waarom)\b",
    re.IGNORECASE,
)
# "klant van 17, hoe lang duurt het?": the facts, then the clause that asks
_ASKING_CLAUSE = re.compile(
    r"(?<=[.!?;])\s+|,\s*(?=(?:en )?(?:welke|welk|wat|hoe|hoeveel|wie|waar|wanneer|waarom)\b)",
    re.IGNORECASE,
)
# "kan dat?" asks about admission only when nothing follows it but a small word: "kan dat
# ook in deeltijd?" asks about part-time work.
_BARE = re.compile(r"\b(kan|mag|past) (dat|hij|zij|ze|die)\b", re.IGNORECASE)
_SMALL = frozenset("wel nog ook zomaar eigenlijk dan gewoon toch nu al überhaupt uberhaupt".split())


def _clauses(text: str) -> list[str]:
    parts = [x.strip() for x in re.split(r"(?<=[.!?;])\s+", text.strip()) if x.strip()]
    out: list[str] = []
    for part in parts:
        pieces = _SECOND_QUESTION.split(part)
        out += [x.strip() for x in (pieces[::2] if len(pieces) > 1 else pieces) if x.strip()]
    return out


def _clause_asks_admission(clause: str) -> bool:
    match = ELIGIBILITY_WORDS.search(clause)
    if not match or _ASKS_FOR_SOMETHING.match(clause):
        return False
    if _BARE.fullmatch(match.group(0).strip()):
        rest = re.findall(r"\w+", clause[match.end() :].lower())
        return all(w in _SMALL for w in rest)
    return True


def asks_for_something(text: str) -> bool:
    """Whether every clause opens with a question word: the question asks for a fact ("hoe lang
    duurt het zonder startkwalificatie?"), not whether the client can take part."""
    clauses = [c.strip() for c in _ASKING_CLAUSE.split(text) if c.strip()]
    return bool(clauses) and bool(_ASKS_FOR_SOMETHING.match(clauses[-1]))


def asks_admission(text: str) -> bool:
    """Whether a question (or one of its clauses) asks if a client can take part."""
    return any(_clause_asks_admission(c) for c in _clauses(text))


def two_questions(text: str) -> list[str] | None:
    """ "Hoeveel uur per week, en hoe lang duurt het?": its two questions, each asking for
    something; else None."""
    parts = _clauses(text)
    if len(parts) == 2 and all(_ASKS_FOR_SOMETHING.match(p) for p in parts):
        return parts
    return None


def other_question(focus: str) -> str | None:
    """In "komt hij in aanmerking, en hoe lang duurt het?": the part that does not ask about
    admission, to answer beside the case answer."""
    parts = _clauses(focus)
    if len(parts) < 2:
        return None
    others = [x for x in parts if not _clause_asks_admission(x)]
    return " ".join(others) if others and len(others) < len(parts) else None


def first_sentence(text: str) -> str:
    """The first statement of an answer, without a leading 'Ja,' (it answers another question)."""
    head = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if re.match(r"^(Ja|Nee)\.$", head):
        return first_sentence(text.strip()[len(head) :])
    head = re.sub(r"^(Ja|Nee), ", "", head)
    return head[:1].upper() + head[1:]
