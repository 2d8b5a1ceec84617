"""The topic of a consultant's conversation, so that "en in Twente?" or "en voor de
werkgever?" is read against the question before it.

The context is a small dict kept in the slot `kb_context` (visible in the tracker):
  q       the last full question
  entry   the entry that answered it (if any)
  facets  what it named, per kind
  facts   case facts of the client (quick-check slots)
  ttl     turns left before the context expires
A new full question replaces the topic; the context expires after TTL turns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.knowledge.case_facts import criteria
from bot.knowledge.facets import Named
from bot.text import QUESTION_PREPOSITIONS, QUESTION_WORDS, STOPWORDS, fold, tokens

TTL = 4
MAX_QUESTION_CHARS = 500  # what is kept of the last question

_FOLLOWUP_START = re.compile(
    r"^\s*(en|maar|ook|dus|of|plus)\b"
    r"|^\s*(hoe zit (het|dat)|wat als|als (hij|zij|ze|die|het|mijn klant|de klant)|geldt (dat|dit|het)"
    r"|is dat|zijn dat|dat (is|zijn|was|waren)\b|wie doet dat|wie betaalt dat|wat kost dat|hoe lang duurt dat|waar staat dat"
    r"|hoeveel waren dat|en dan|dan\b|welke dan|wat dan|hoe dan|waarom dan|waarom niet|waarom)"
)
# "(de Boris-aanpak) wat is het verschil met praktijkleren?": one side is the last topic
COMPARED_WITH = re.compile(r"\bverschil(len)? met\b(?!.*\btussen\b)", re.IGNORECASE)
_REFERS_BACK = re.compile(
    r"\b(dat|dit|die|daar|hij|zij|ze|hem|haar)\b"
    # "wie zitten daarin?", "wat gebeurt erna?": a word that points at what was just said
    r"|\b(daar|hier|er)(in|bij|van|voor|mee|over|aan|op|uit|door|na|naar|onder|tegen)\b"
    # "welke had de meeste?": "welke" without a noun is one of those just named
    r"|^\s*(en )?welke (had|heeft|hadden|hebben|was|is|waren|zijn|deed|deden|doet|kreeg|kregen)\b"
)
# A question of its own that points back at the pilot or group just discussed: "hoeveel van
# hen haalden een praktijkverklaring?", "wat hebben ze daar geleerd?", "wat deed corona met die
# pilot?". It keeps its own words, and the pilot or group of the previous question.
# A pronoun that ends the question points at what was just discussed ("wie betaalt die dan?")
_AT_THE_END = r"( dan| nu| eigenlijk| precies| ongeveer| daar)?\s*[?.!]*\s*$"
_POINTS_BACK = re.compile(
    r"\b(hen|hun|zij|ze|daar|daarvan|daarbij|daarin|ginds)\b"
    r"|\b(die|deze|dat|dezelfde) (pilot|regio|bedrijf|organisatie|groep|doelgroep|project)\b"
    # "hoe lang duurt dat?", "wie betaalt dat dan?": "dat" at the end is what was just discussed
    rf"|\b(dat|dit){_AT_THE_END}"
    r"|\b(waren|zijn|was|is) (dat|het) er\b"  # "hoeveel deelnemers waren dat er (in 2021)?"
)
_ALL = re.compile(r"\b(totaal|alle|allemaal|landelijk\w*|in het algemeen|gemiddeld)\b")
_BARE_QUESTION = re.compile(
    r"^\s*((in|op|tot|vanaf|sinds) )?(welke|welk|wanneer|hoeveel|hoelang|hoe)\b"
)
_NEW_TOPIC = re.compile(
    r"^\s*((ok|oke|goed|prima|nou|dank\w*),? )?((een |nog een )?(andere|nieuwe) vraag"
    r"|(een )?(ander|nieuw) (onderwerp|punt)|(even )?iets anders|los daarvan|nog een vraag)\b"
    r"[\s,:;.!-]*",
    re.IGNORECASE,
)
_ASKING = re.compile(rf"\b({QUESTION_WORDS}|kan|mag|moet|is|zijn)\b")
_OWN_QUESTION = re.compile(
    rf"^\s*((en|maar|ook) )?(({QUESTION_PREPOSITIONS}) )?({QUESTION_WORDS})\b"
)
_PRONOUN_LAST = re.compile(rf"\b(die|deze){_AT_THE_END}")
_SOMEONE_BEFORE = re.compile(r"\b(hem|haar|hen|hun)\b")
CARRIED = ("pilot", "group")
# "geldt dat ook in de pilot van DJI?": "pilot" only says where, it is no topic of its own
_A_PILOT = re.compile(r"\b(in|bij|voor) (de|het) (pilot|project) (van|in|bij)\b")
# Words that make a short message a question of its own, even without a topic word.
_OWN_TOPIC = re.compile(
    r"praktijkverklaring|praktijkleren|derde leerweg|startkwalificatie|jobcoach|praktijkopleider"
    r"|financ|bekostig|betaal|kost|doelgroep|aanmeld|duur|uren|examen|diploma|certificaat|pilot"
)


@dataclass
class Context:
    q: str = ""
    entry: str | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    ttl: int = 0

    @classmethod
    def from_slot(cls, value: Any) -> Context:
        if not isinstance(value, dict) or int(value.get("ttl") or 0) <= 0:
            return cls()
        return cls(
            q=str(value.get("q") or "")[:MAX_QUESTION_CHARS],
            entry=value.get("entry"),
            facets={str(k): list(v) for k, v in (value.get("facets") or {}).items()},
            facts=dict(value.get("facts") or {}),
            ttl=int(value.get("ttl") or 0),
        )

    def to_slot(self) -> dict[str, Any] | None:
        if self.ttl <= 0 or not (self.q or self.facts):
            return None
        return {
            "q": self.q[:MAX_QUESTION_CHARS],
            "entry": self.entry,
            "facets": self.facets,
            "facts": self.facts,
            "ttl": self.ttl,
        }

    def named(self) -> Named:
        return {k: frozenset(v) for k, v in self.facets.items() if v}


def asks_its_own(text: str) -> bool:
    """ "en hoeveel deelnemers hadden ze?", "en wat ging er goed?": a follow-up with a question
    of its own, not only another pilot or actor for the last one."""
    folded = fold(text)
    return bool(_OWN_QUESTION.match(folded)) and len(content_words(folded)) >= 2


def content_words(text: str) -> list[str]:
    """The words of a message that are not function words."""
    return [w for w in tokens(text) if w not in STOPWORDS and len(w) > 1]


def is_followup(text: str, named: Named, facts: dict[str, Any], previous: Context) -> bool:
    """Whether a message only makes sense against the previous question."""
    if not previous.q:
        return False
    folded = fold(text).strip()
    words = content_words(folded)
    if len(words) <= 2 and _SOMEONE_BEFORE.search(folded):  # "wat kost het hem?"
        return True
    if len(words) <= 2 and _PRONOUN_LAST.search(folded):  # "en wie betaalt die?"
        return True
    if COMPARED_WITH.search(folded):
        return True  # "(wat is) het verschil met praktijkleren?": with what was just asked
    if _FOLLOWUP_START.search(folded) and len(words) <= 2 and not _ASKING.search(folded):
        return True  # "en de praktijkopleider?": the last question, about another actor
    if _OWN_TOPIC.search(_A_PILOT.sub(" ", folded)):  # "in de pilot van DJI": only where
        return False
    if _FOLLOWUP_START.search(folded) and len(words) <= 7:
        return True
    # "wie zijn Hans en Jessica?" is a question of its own: a person named is its topic
    topical = any(v for k, v in named.items() if k != "person")
    if len(words) <= 3 and (topical or facts or _REFERS_BACK.search(folded)):
        return True
    # "in welke periode?", "wanneer?": a question word and one word ask about the last answer
    return len(words) <= 1 and bool(_BARE_QUESTION.search(folded))


def merge_named(previous: Named, new: Named) -> Named:
    """The previous question's facets, with each kind the follow-up names replaced."""
    merged = dict(previous)
    merged.update({k: v for k, v in new.items() if v})
    return merged


@dataclass(frozen=True)
class Reading:
    """A message read in its context: what to search for and what it is about."""

    query: str
    named: Named
    facts: dict[str, Any]
    followup: bool
    new_facets: Named = field(default_factory=dict)  # a follow-up's own pilot or group
    around: Named = field(default_factory=dict)  # named in a case description around the question
    before: str | None = None  # a follow-up: the entry that answered the question before it
    topic: str = ""  # a follow-up: the question it continues, without the pilot or group it swapped
    last: str | None = None  # the entry that answered the message before, follow-up or not


def read_in_context(
    text: str,
    named: Named,
    facts: dict[str, Any],
    previous: Context,
    without: Callable[[str, str, frozenset[str]], str] | None = None,
) -> Reading:
    """`without(text, kind, values)` takes the words naming those facet values out of a text:
    "en voor de werkgever?" after a question about the deelnemer searches the earlier question
    without the deelnemer in it."""
    all_facts = {**previous.facts, **facts}
    if _NEW_TOPIC.search(fold(text)):  # "Andere vraag: ..." leaves the topic behind
        return Reading(_NEW_TOPIC.sub("", fold(text)) or text, named, all_facts, False)
    followup = is_followup(text, named, facts, previous)
    if followup:
        before = previous.named()
        swapped = {k: v for k, v in named.items() if k in ("pilot", "group") and v != before.get(k)}
        earlier = previous.q
        if without is not None:
            for kind, values in named.items():
                if values and before.get(kind) and values != before[kind]:
                    earlier = without(earlier, kind, before[kind])
        before = {
            **before,
            **{k: before.get(k, frozenset()) | v for k, v in criteria(all_facts).items()},
        }
        merged = merge_named(before, named)
        return Reading(
            f"{earlier} {text}",
            merged,
            all_facts,
            True,
            swapped,
            before=previous.entry,
            topic=earlier,
        )
    # "wat hebben ze daar geleerd?", "wie beoordeelt?": about the pilot or group just discussed
    # "hoeveel uur per week?": a short question without a subject of its own, unless it
    # asks about all ("in totaal", "landelijk")
    short = (
        len(content_words(fold(text))) <= 3
        and bool(_OWN_QUESTION.match(fold(text)))
        and not _ALL.search(fold(text))
    )
    carried = {
        k: v
        for k, v in previous.named().items()
        if k in CARRIED and not named.get(k) and (short or _POINTS_BACK.search(fold(text)))
    }
    if carried:
        return Reading(text, {**named, **carried}, all_facts, False, last=previous.entry)
    return Reading(text, named, all_facts, False, last=previous.entry)


def next_context(previous: Context, reading: Reading, question: str, entry: str | None) -> Context:
    """The context after this turn: a full question starts a new topic."""
    facets = {k: sorted(v) for k, v in reading.named.items()}
    if reading.followup:
        # "(voor wie is de pilot in Groningen?) en hoeveel deelnemers hadden ze?": a follow-up
        # that asks something of its own is what the next "en Foodvalley?" is about
        q = question if asks_its_own(question) else (reading.topic or previous.q)
        if _PRONOUN_LAST.search(fold(question)):  # "en wie betaalt die?", "tot wanneer liep
            q = f"{reading.topic or previous.q} {question}"  # die?": about what came before
        return Context(q, entry or previous.entry, facets, reading.facts, TTL)
    return Context(question, entry, facets, reading.facts, TTL)
