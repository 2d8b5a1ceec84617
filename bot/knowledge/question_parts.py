"""What a consultant's message asks: the asking sentence among the case facts, its two
questions, whether it asks about admission. (For an example or a company: example_questions.)
"""

from __future__ import annotations

import re

from bot.knowledge.case_facts import read_facts, without_facts
from bot.text import QUESTION_PREPOSITIONS, QUESTION_WORDS

ELIGIBILITY_WORDS = re.compile(
    r"\b(meedoen|mee doen|in aanmerking|doelgroep|geschikt|toegelaten|toelaatbaar|deelnemen"
    r"|mag .{0,30}(starten|beginnen|meedoen)|kan .{0,30}(starten|beginnen|meedoen|instromen)"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant|mijn client\w*)\b.{0,60}"
    r"\b(starten|beginnen|instromen|deelnemen)"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant|mijn client\w*)\b.{0,40}"
    r"\b(praktijkleren|(een |de )?praktijkverklaring)( (doen|volgen|halen|krijgen|gaan doen))?\s*(?=[,?.!]|$| en )"
    r"|(kan|mag) (hij|zij|ze|die|dat|mijn klant|de klant|deze klant|mijn client\w*) (\w+ ){0,6}(via praktijkleren )?"
    r"(praktijkleren( met (de |een )?(praktijkverklaring|pv))?|(een |de )?(praktijkverklaring|pv))"
    r"([- ]?(traject|route))?( ((naast|erbij|ernaast) )?(doen|volgen|halen|behalen|krijgen|gaan (doen|halen|volgen)|starten|beginnen|in|ingaan|instromen))?"
    r"( (binnen|bij|in|via) [\w/ -]{1,30}?)?\s*(?=[,?.!]|$| en | of )"
    r"|overstappen naar (praktijkleren|een pv|een praktijkverklaring)"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant) (\w+ )?(overstappen|overstap maken)\b"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant) (\w+ ){0,5}terecht\b"
    # "kan hij in de pilot van West-Brabant?"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant) (ook |nog |wel )?(in|bij|aan) (de|het|een) (pilot|project)"
    r"( (van|in|bij) [\w/ -]{1,30}?)?\s*(?=[,?.!]|$)"
    r"|\b(praktijkleren|pv|praktijkverklaring) of (niet|iets anders)\b"
    r"|^\s*(toch|dan|ook|dus) (een |wel een )?(pv|praktijkverklaring|praktijkleren)\s*\??\s*$"
    # "kan ze (toch) praktijkleren voor een ander vak?"
    r"|(kan|mag) (hij|zij|ze|die|mijn klant|de klant|deze klant) (\w+ ){0,2}"
    r"(praktijkleren|een (pv|praktijkverklaring)( halen| doen)?) (voor|in|richting) (een )?"
    r"(ander|nieuw)\w* (werk|vak|beroep|sector|richting)\b"
    r"|valt (hij|zij|ze|die) (onder|binnen)|iets voor (hem|haar)"
    # "(de school vraagt) of hij via het traject een praktijkverklaring kan halen"
    r"|(\bof |^\s*)(hij|zij|ze|die|mijn klant|de klant|deze klant) (\w+ ){0,8}(praktijkleren|"
    r"(pv|praktijkverklaring)([- ]?traject)?) (kan|mag|kunnen|mogen) (halen|doen|volgen|krijgen|starten)\b"
    r"|kan dat|mag dat|past (hij|zij|ze|die|dat)"
    # "past praktijkleren of is dat te vroeg?"
    r"|\bpast (praktijkleren|(een |de )?(pv|praktijkverklaring)([- ]?traject)?)\b"
    r"|\b(is|komt) (het|dat|praktijkleren) (nog |wel |niet )?te vroeg\b"
    r"|(kan|mag|moet|zal|zou) ik (hem|haar|die|deze klant|mijn klant|de klant|zo iemand)\b.{0,25}"
    r"\b(aanmelden|inschrijven|voordragen|opgeven)"
    r"|\b(worden|wordt) aangemeld|\baangemeld (worden|kan worden)"
    r"|\brecht op (praktijkleren|een pv|een praktijkverklaring|deelname)"
    r"|\bvoldoe\w* (hij|zij|ze|die|mijn klant|de klant|deze klant)? ?aan de (criteria|voorwaarden|eisen)"
    r"|\b(wat|iets) voor (hem|haar)\b|\bplek (in|bij|binnen) (het )?praktijkleren"
    r"|\b(is|ben) (hij|zij|ze|die|dit|dat|deze klant|mijn klant|de klant) (een )?kandidaat voor"
    r"|\bkansen? .{0,20}\btoegelaten|\bis het mogelijk dat (hij|zij|ze)\b"
    r"|\b(is|ben) (hij|zij|ze|die|mijn klant|de klant) (niet )?te (oud|jong)\b"
    r"|\bkans (maakt|heeft|om mee te doen|op (toelating|een plek|deelname))"
    r"|kan (praktijkleren|een praktijkverklaring|dat)\b.{0,50}\bvoor\b"
    r"|(is|lijkt|kan|zou) (praktijkleren|een praktijkverklaring|dat)\b.{0,40}\b(optie|passend|geschikt|iets|een (goede |geschikte )?(route|weg|oplossing|mogelijkheid)|de (aangewezen|juiste|beste|logische|goede) (route|weg|keuze|optie))\b"
    r"|^\s*(is |lijkt |zou )?(een |de )?(pv|praktijkverklaring|praktijkleren)([- ](traject|route))?"
    r" (dan |wel |nog |ook )?(een |wel een )?(optie|mogelijkheid|oplossing|route)\b"
    r"|\buitgesloten\b|\bpast (praktijkleren|het|dat|dit|een praktijkverklaring)\b.{0,50}\bbij (hem|haar)\b)",
    re.IGNORECASE,
)
# "(klant 35, bijstand) wat is de eerste stap richting praktijkleren?": the case answer ends
# with the next step
NEXT_STEP = re.compile(
    r"\b(eerste|volgende) stap(pen)?\b|\bwaar (moet ik |kan ik )?(beginnen|begin ik|starten|start ik)\b"
    r"|\b(wie|wat) (moet|kan|zal) ik (\w+ )?als eerste\b",
    re.IGNORECASE,
)
# "Is dat realistisch?", "waar moet ik daarbij op letten?": a question that points back
_POINTS_BACK = re.compile(
    r"\b(dat|dit|dan|daar|daar\w+|hier(?:over|mee|bij|van|aan|in|op|voor|door|na)|zo'n|zoiets)\b",
    re.IGNORECASE,
)


# "Komt het voor dat deelnemers blijven?": "dat" that opens a clause points nowhere
_THAT_CLAUSE = re.compile(
    r"\b(komt het (wel |ook |vaak )?voor|klopt het|is het (zo|waar)|gebeurt het) dat\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"^daar\w*$", re.IGNORECASE)


def points_back(question: str, place_named: bool = False) -> bool:
    """ "Hoe lang duurt het daar?": the question is about what was named before it. With
    `place_named` (the message names a pilot or region), "daar" is that place."""
    words = _POINTS_BACK.findall(_THAT_CLAUSE.sub(" ", question))
    return any(not (place_named and _PLACE.match(w)) for w in words)


def _without_bracketed_facts(text: str) -> str:
    """ "mijn kandidaat (52, WW, geen sk) met een pv": without the facts between brackets."""
    return re.sub(r"\s*\(([^)]*)\)", lambda m: "" if read_facts(m.group(1)) else m.group(0), text)


def _without_facts(sentence: str) -> str:
    """A description's sentence without its case facts: what the client wants or what
    happened ("wil uiteindelijk een mbo-2 diploma"), not "48 jaar, geen startkwalificatie"."""
    sentence = _without_bracketed_facts(sentence)
    kept = [
        piece
        for piece in re.split(r",\s*", sentence.rstrip(".!"))
        if len(piece.split()) > 2 and not read_facts(piece)
    ]
    # "Klant van 40 heeft een pv en wil er nog een halen": every piece states a fact, but
    # the sentence also says what happened; keep that without the facts.
    if kept:
        return ", ".join(kept)
    rest = without_facts(sentence)
    return rest if len(re.findall(r"\w+", rest)) > 2 else ""


def question_part(text: str) -> str:
    """The sentences that ask (ending in '?'), else the last one. In a case description the
    question is what to search for; the facts around it are read on their own."""
    sentences = split_sentences(text)
    if len(sentences) < 2:
        return _without_bracketed_facts(text)
    # "De eigenaar vraagt of hij iets krijgt. Wat kan ik hem vertellen?": both ask
    asking = [_indirect_question(x) for x in sentences if _asks(x) or _INDIRECT.search(x)]
    return _without_bracketed_facts(" ".join(asking or sentences[-1:]))


# "Hij vroeg of een praktijkverklaring hetzelfde is als een diploma.": a question put indirectly
_INDIRECT = re.compile(
    r"\b(vroeg|vraagt|vragen|vroegen|wil(de)? weten|willen weten|vraag me af|vraagt zich af)"
    r"\b[^.?!]{0,20}\b(of|hoe|wat|wie|waarom|wanneer|welke|hoeveel)\b",
    re.IGNORECASE,
)


def asking_part(text: str) -> str:
    """In a message of several sentences, the ones that ask (with '?' or indirectly: "hij
    vroeg of ..."), without the greeting and the remarks around them; "" when that is all of it."""
    sentences = split_sentences(text)
    asking = [x for x in sentences if _asks(x) or _INDIRECT.search(x)]
    if not asking or len(asking) == len(sentences):
        return ""
    return " ".join(_indirect_question(x) for x in asking)


def _indirect_question(sentence: str) -> str:
    """ "Een werkgever vroeg me of een pv een diploma is." -> "een pv een diploma is?" """
    match = None if _asks(sentence) else _INDIRECT.search(sentence)
    if match is None:
        return sentence
    start = match.end() if match.group(3).lower() == "of" else match.start(3)
    return sentence[start:].strip().rstrip(".!") + "?"


def pointed_to(text: str) -> str:
    """For a question that points back or is very short ("is dat realistisch?", "wat moet ik
    hem vertellen?"): the sentence before it without its facts, else ""."""
    sentences = split_sentences(text)
    first = next((i for i, x in enumerate(sentences) if _asks(x)), len(sentences) - 1)
    if first < 1:
        return ""
    asking = sentences[first]
    if not (_POINTS_BACK.search(asking) or len(asking.split()) <= 5):
        return ""
    before = _without_facts(sentences[first - 1])
    return before if len(before.split()) >= 3 else ""


_SPEAKER = re.compile(
    r"^(?:ik ben|als) (?:een |de )?([\w-]+)"
    r"|^(klantmanager|consulent|jobcoach|werkcoach|praktijkopleider|adviseur|trajectbegeleider)"
    r"\b[\w -]{0,30}:",  # "klantmanager gemeente: ..."
    re.IGNORECASE,
)
_MY_ROLE = re.compile(r"\bmijn (rol|taak|taken)\b", re.IGNORECASE)
_MODAL_I = re.compile(r"\b(moet|kan|mag|doe) ik\b", re.IGNORECASE)
_WORD_OF_FOUR = re.compile(r"\b\w{4,}\b")


def as_speaker(focus: str, message: str) -> str:
    """ "Ik ben jobcoach bij het sw-bedrijf. (facts) Wat is mijn rol?": the question about the
    asker's own part, asked about that role ("Wat is de rol van de jobcoach ...?")."""
    found = (m for x in split_sentences(message) if (m := _SPEAKER.match(x)))
    who = next((m.group(1) or m.group(2) for m in found), "")
    if not who:
        return focus
    focus = _MY_ROLE.sub(rf"de \1 van de {who}", focus)
    # "wat moet ik doen?" asks for the role; "wat moet ik na de praktijkverklaring regelen?"
    # asks about what comes after it, and so does "Ze rondt haar pv af. Wat moet ik nu doen?"
    if len(_WORD_OF_FOUR.findall(focus)) <= 4 and not pointed_to(message):
        focus = _MODAL_I.sub(rf"\1 de {who}", focus)
    return focus


def split_sentences(text: str) -> list[str]:
    """Sentences, a quoted question among them: Ze vraagt: 'is dat een diploma?' Wat zeg ik?"""
    return [
        x
        for x in re.split(r"(?<=[.!?])\s+|(?<=[.!?]['\"’”])\s+|(?<=:)\s+(?=['\"‘“])", text.strip())
        if x
    ]


def _asks(sentence: str) -> bool:
    return sentence.rstrip("'\"’”").endswith("?")


_SECOND_QUESTION = re.compile(
    rf",? en (?=(?:(?:{QUESTION_PREPOSITIONS}) )?(?:{QUESTION_WORDS}|moet|kan|mag|is|zijn)\b)",
    re.IGNORECASE,
)


# A clause that opens with a question word asks for something else ("in welke sectoren kan
# ze praktijkleren?"), whatever admission words it contains.
_ASKS_FOR_SOMETHING = re.compile(
    r"^(en |maar )?((in|bij|voor|met|tot|op|aan|van|naar|uit) )?(welke|welk|wat(?! als)|hoe|hoeveel|wie|waar\w*"
    r"|wanneer|waarom)\b",
    re.IGNORECASE,
)
# "klant van 17, hoe lang duurt het?": the facts, then the clause that asks
_ASKING_CLAUSE = re.compile(
    rf"(?<=[.!?;])\s+|,\s*(?=(?:en |maar )?(?:(?:{QUESTION_PREPOSITIONS}) )?(?:{QUESTION_WORDS})\b)",
    re.IGNORECASE,
)
# "kan dat?" asks about admission only when nothing follows it but a small word: "kan dat
# ook in deeltijd?" asks about part-time work.
_BARE = re.compile(r"\b(kan|mag|past) (dat|hij|zij|ze|die)\b", re.IGNORECASE)
_SMALL = frozenset("wel nog ook zomaar eigenlijk dan gewoon toch nu al überhaupt uberhaupt".split())


def split_clauses(text: str) -> list[str]:
    parts = [x.strip() for x in re.split(r"(?<=[.!?;])\s+", text.strip()) if x.strip()]
    out: list[str] = []
    for part in parts:
        pieces = _SECOND_QUESTION.split(part)
        out += [x.strip() for x in pieces if x.strip()]
    return out


# "kan hij er nog een halen?" after "heeft 1 pv": the one meant is a praktijkverklaring
_ONE_MORE = (
    r"\ber (nog )?(een|één|eentje|meer dan (een|één))( tweede)? (bij )?(halen|doen|behalen)\b"
)
_ANOTHER_ONE = re.compile(_ONE_MORE, re.IGNORECASE)
# "kan hij er een tweede pv bij halen?" asks about stacking, not about taking part
_ANOTHER_PV = re.compile(
    r"\b(tweede|nog een|meer dan (een|één)|extra|volgende|andere) (pv|praktijkverklaring)"
    rf"|\b(pv|praktijkverklaring) (er )?bij (halen|doen)\b|{_ONE_MORE}",
    re.IGNORECASE,
)


def another_pv_named(text: str) -> str:
    """The question with "er nog een (bij) halen" read as another praktijkverklaring."""
    return _ANOTHER_ONE.sub("nog een tweede praktijkverklaring halen", text)


# "(klant 30, WW, mbo-2) wat zijn de mogelijkheden?": what is open to this client
_OPTIONS = re.compile(
    r"^\s*((en|maar) )?(wat|welke) ((zijn|heeft|had) )?((er|de|zijn|haar) )?(mogelijkheden|opties)"
    r"( (heeft|had) (hij|zij|ze))?( (er )?(voor|van) (hem|haar|deze klant|mijn klant|de klant))?"
    r"( (dan|nu|eigenlijk))?\s*[?.!]*\s*$",
    re.IGNORECASE,
)


def clause_asks_admission(clause: str) -> bool:
    if _OPTIONS.match(clause):
        return True
    if _ASKS_FOR_SOMETHING.match(clause) or _ANOTHER_PV.search(clause):
        return False
    for match in ELIGIBILITY_WORDS.finditer(clause):
        if not _BARE.fullmatch(match.group(0).strip()):
            return True
        rest = re.findall(r"\w+", clause[match.end() :].lower())
        if all(w in _SMALL for w in rest):
            return True
    return False


def asking_clause(sentence: str) -> str:
    """ "WW 29 geen sk, aan hoeveel werkprocessen werken deelnemers?": the clause that asks,
    when only facts come before it; else the whole sentence."""
    clauses = [c.strip() for c in _ASKING_CLAUSE.split(sentence) if c.strip()]
    if len(clauses) == 1:  # "klant 35 bijstand heeft 1 pv, kan hij er een tweede bij halen?"
        *before, last = [c.strip() for c in re.split(r",\s*", sentence)]
        clauses = [", ".join(before), last] if before and _YES_NO.match(last) else clauses
    if len(clauses) > 1 and (_ASKS_FOR_SOMETHING.match(clauses[-1]) or _YES_NO.match(clauses[-1])):
        facts = ", ".join(clauses[:-1])
        if read_facts(facts) and not _ASKS_FOR_SOMETHING.match(facts):
            return clauses[-1]
    return sentence


def asks_for_something(text: str) -> bool:
    """Whether every clause opens with a question word: the question asks for a fact ("hoe lang
    duurt het zonder startkwalificatie?"), not whether the client can take part."""
    clauses = [c.strip() for c in _ASKING_CLAUSE.split(text) if c.strip()]
    return bool(clauses) and bool(_ASKS_FOR_SOMETHING.match(clauses[-1]))


def asks_admission(text: str) -> bool:
    """Whether a question (or one of its clauses) asks if a client can take part."""
    return any(clause_asks_admission(c) for c in split_clauses(text))


# "Foodvalley: wie mag meedoen en hoeveel ...?": a name before a colon is about both questions
_TOPIC = re.compile(r"^([\w' -]{2,40}):\s+")
# "(... gehaald?) En weet je hoeveel er gestopt zijn?": the words before the question word
_LEAD = re.compile(
    r"^(en |ook |verder )?((weet|weten) (je|u|jij|jullie)( ook| misschien| toevallig)?"
    r"|(kun|kunt) (je|jij|u) (me |mij )?(ook |even |misschien )?(zeggen|vertellen|uitleggen)"
    r"|zeg eens|vertel eens|(ik vroeg|ik vraag) me af|ik wil (graag )?weten)\s*,?\s+",
    re.IGNORECASE,
)


def without_lead(text: str) -> str:
    """ "Kun je me vertellen hoe de intake gaat?": the question without its polite lead, when
    a question word follows ("weet je of ..." stays whole)."""
    rest = _LEAD.sub("", text, count=1)
    return rest if rest != text and _ASKS_FOR_SOMETHING.match(rest) else text


def two_questions(text: str) -> list[str] | None:
    """ "Hoeveel uur per week, en hoe lang duurt het?": its two questions, each asking for
    something; else None."""
    topic = _TOPIC.match(text)
    parts = [_LEAD.sub("", x) for x in split_clauses(text[topic.end() :] if topic else text)]
    if len(parts) != 2 or not (_ASKS_FOR_SOMETHING.match(parts[0]) or _YES_NO.match(parts[0])):
        return None
    if not _ASKS_FOR_SOMETHING.match(parts[1]):
        return None
    parts = [parts[0], _with_names(parts[1], parts[0])]
    return [f"{topic.group(1)}: {x}" for x in parts] if topic else parts


def _with_names(part: str, before: str) -> str:
    """ "(Doet Utrecht mee,) en hoeveel pv's zijn daar uitgereikt?": a part that points back
    keeps the names of the part before it (Utrecht), so it is not answered for all."""
    if not re.search(r"\b(daar|daarvan|die|hun|dat)\b", part, re.IGNORECASE):
        return part
    names = re.findall(r"(?<!^)(?<![.!?] )\b[A-Z][\w-]+", before)
    return f"{part.rstrip('?. ')} ({' '.join(names)})?" if names else part


# "Is er in de pilots een groenbedrijf geweest, en hoe lang duurt het daar?": a yes/no question
_YES_NO = re.compile(
    r"^(is|zijn|was|waren|heeft|hebben|had|moet|moeten|kan|kunnen|mag|mogen|wordt|worden|"
    r"krijgt|krijgen|doet|doen|telt|geldt|bestaat|bestaan)\b",
    re.IGNORECASE,
)


def other_question(focus: str) -> str | None:
    """In "komt hij in aanmerking, en hoe lang duurt het?": the part that does not ask about
    admission, to answer beside the case answer."""
    parts = split_clauses(focus)
    if len(parts) < 2:
        return None
    others = [x for x in parts if not clause_asks_admission(x)]
    return " ".join(others) if others and len(others) < len(parts) else None


def first_sentence(text: str) -> str:
    """The first statement of an answer, without a leading 'Ja,' (it answers another question)."""
    head = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    if re.match(r"^(Ja|Nee)\.$", head):
        return first_sentence(text.strip()[len(head) :])
    head = re.sub(r"^(Ja|Nee), ", "", head)
    return head[:1].upper() + head[1:]


_WHAT_IS_IT = re.compile(
    r"^\s*(wat|wie) (is|zijn|was|waren|doet|doen) (dat|dit|die|het|ze|zij|hij)?"
    r"( (nou|eigenlijk|precies))?( (voor|vor|vr) (een )?(partij|organisatie|bedrijf|pilot|club|instantie))?"
    r"\s*\??\s*$",
    re.IGNORECASE,
)


def asks_what_it_is(rest: str) -> bool:
    """ "Doorzaam, wat is dat voor partij?" without the name: asks what the named thing is."""
    return bool(_WHAT_IS_IT.match(re.sub(r"[,.:;]", " ", rest).strip()))
