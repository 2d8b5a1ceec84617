"""Which words of a question an answer must know (the answer guard's coverage), and the
first parts of the compounds an entry writes."""

import re
from collections.abc import Iterable

from bot.text import PERSONA_PAIRS, fold, light, tokens

COMPOUND_PART = 7  # a question word this long may be the first part of an entry's compound
LONG_WORD = 8  # an entry's words this long may be compounds


def heavy_words(words: list[str]) -> list[str]:
    """The words that say what the question is about: not light words, and not the words
    that say how it asks. "hoe lang" asks for a duration, "wat moet ik regelen" for advice,
    "ze zeggen dat ..." about the claim that follows; "Hugo en Janneke" name the klantreis,
    not a person. Unless nothing else is asked ("wat moet ik nu regelen?", "wie zijn hans en
    jessica?")."""
    heavy = [w for w in words if not light(w) and len(w) > 1]
    return _asked_about(words, heavy) or heavy


def has_own_words(text: str) -> bool:
    """Whether a question names anything itself: "in wat voor situaties dan?" and "wat moet
    ik regelen voor de periode daarna?" do not."""
    words = tokens(text)
    named = any(set(pair) <= set(words) for pair in PERSONA_PAIRS)  # "wie zijn hans en jessica?"
    return named or bool(_asked_about(words, [w for w in words if not light(w) and len(w) > 1]))


def _asked_about(words: list[str], heavy: list[str]) -> list[str]:
    """The heavy words that are not how the question asks."""
    pairs_named = {w for pair in PERSONA_PAIRS if set(pair) <= set(words) for w in pair}
    asked = [
        w
        for i, w in enumerate(words)
        if not _asks_how(w, words[:i], words[i + 1 :]) and w not in pairs_named
    ]
    return [w for w in heavy if w in asked]


def _asks_how(word: str, before: list[str], after: list[str]) -> bool:
    return (
        (word == "lang" and before[-1:] == ["hoe"])
        or (word in ("regelen", "regel", "geregeld") and "moet" in before)
        or (word in _SAYING and after[:1] == ["dat"])  # "collega's zeggen dat ...": the claim
        # "een werkgever vraagt (me) of ...": who asks, not what about
        or (bool(after) and after[0] in _ASKS and bool(set(after[1:3]) & _ASKED_PART))
        # "wat is dat voor partij?": what kind of thing, not a topic
        or (word in _KINDS and before[-1:] == ["voor"] and "wat" in before[-4:])
        # "hoe heet die regeling?": its name is asked, the regeling is what about
        or (word in ("heet", "heten", "heette") and "hoe" in before[-3:])
        # "hoe zorg ik dat hij werk vindt?": what follows is asked
        or (word in ("zorg", "zorgen", "zorgt") and after[:1] == ["dat"])
        # "vorige week", "over twee maanden": when it happened in a case, not what is asked
        or (word in _TIME_UNITS and bool(set(before[-2:]) & _WHEN))
        # "de periode daarna": when, not what about
        or (word in _PERIOD and after[:1] in (["daarna"], ["erna"], ["na"]))
        or (word in ("daarna", "erna") and bool(before) and before[-1] in _PERIOD)
        # "de eerste stap richting praktijkleren": the way to it, not a field
        or (word == "richting" and bool(after) and not light(after[0]))
        # "wat kunnen we daarvan leren?": the lessons of what was just said
        or (word in ("leren", "geleerd", "lessen") and bool(set(before[-4:]) & _FROM_IT))
        # "volgens dat onderzoek van KBA", "in het rapport": where it is written, not what
        or (word in _SOURCES and bool(set(before[-4:]) & _CITING))
    )


_SAYING = frozenset(
    "zeggen zegt zeg zei zeiden gezegd beweren beweert beweerde denkt denken dacht dachten "
    "verwacht verwachten verwachtte".split()
)
_ASKS = frozenset("vraagt vroeg vragen vroegen".split())
_ASKED_PART = frozenset("of wat hoe waarom wie wanneer welke hoeveel".split())
_TIME_UNITS = frozenset("week weken maand maanden jaar jaren dag dagen".split())
_WHEN = frozenset("vorige vorig volgende afgelopen komende over geleden deze".split())
_PERIOD = frozenset("periode fase tijd".split())
_FROM_IT = frozenset("daarvan ervan hiervan daaruit eruit hieruit".split())
_SOURCES = frozenset(
    "kba nijmegen rapport eindrapport onderzoek evaluatie onderzoekers bronnen bron".split()
)
_CITING = frozenset("volgens in uit".split())
_KINDS = frozenset("partij partijen organisatie organisaties club instantie instanties".split())


def long_words(texts: Iterable[str | None]) -> frozenset[str]:
    """An entry's long words, for the first parts of its compounds."""
    return frozenset(w for text in texts if text for w in tokens(text) if len(w) >= LONG_WORD)


def first_part_of(word: str, written: frozenset[str]) -> bool:
    """ "kwaliteit" is the first part of "kwaliteitsborging", a word the entry writes."""
    return len(word) >= COMPOUND_PART and any(
        len(big) >= len(word) + 3 and big.startswith(word) for big in written
    )


# "welke staatssecretaris ...?", "wat is de cesuur ...?": the thing a question asks for
_ASKED_THING = re.compile(
    r"\b(?:welke|welk|(?:wat|wie) (?:is|was|zijn|waren) (?:de|het))\s+(?:\d+\s+)?([a-z][\w-]*)"
)


def asked_thing(question: str) -> str | None:
    """The noun after "welke" or "wat is de": what the answer must name, or None."""
    m = _ASKED_THING.search(fold(question))
    if m is None or light(m.group(1)) or len(m.group(1)) < 3:
        return None
    return m.group(1)
