"""Knowledge gaps: questions the knowledge base could not answer, stored redacted, and the
curators' queue of them: similar questions grouped, counted, with the nearest entry and the
date last asked; a group is handled (answered or dismissed) as a whole."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from bot.catalogue import say
from bot.store.engine import KnowledgeGap, session
from bot.text import STOPWORDS, tokens

MAX_QUESTION = 500
_EMAIL = re.compile(r"\S+@\S+")
_LONG_NUMBER = re.compile(r"\d[\d\s-]{5,}\d")  # phone numbers, BSN, IBAN digits

# How a curator handled a group: with example questions for an entry, a new entry, a
# regional variant, or dismissed (not something the knowledge base should answer).
HANDLINGS = ("voorbeeldvragen", "nieuw_item", "regionaal", "genegeerd")
SAME_WORD = 0.8  # difflib ratio above which two words count as one ("betaalt", "betalen")
SAME_QUESTION = 0.6  # share of shared words above which two questions are one group
MAX_OPEN = 2000  # open gaps read for the queue (the newest)
_SUFFIXES = ("en", "e", "t", "s")
_MARK = re.compile(r"\[[a-z-]+\]")


def redact(text: str) -> str:
    """Remove the personal data a question may carry before it is stored."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _LONG_NUMBER.sub("[nummer]", text)
    return " ".join(text.split())[:MAX_QUESTION]


def record_gap(
    question: str,
    best_entry: str | None = None,
    best_score: float | None = None,
    region: str | None = None,
    db_url: str | None = None,
) -> int:
    with session(db_url) as s:
        gap = KnowledgeGap(
            question=redact(question), best_entry=best_entry, best_score=best_score, region=region
        )
        s.add(gap)
        s.commit()
        return gap.id


def list_gaps(limit: int = 100, db_url: str | None = None) -> list[KnowledgeGap]:
    with session(db_url) as s:
        rows = s.execute(select(KnowledgeGap).order_by(KnowledgeGap.asked_at.desc()).limit(limit))
        return list(rows.scalars())


def _light_stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def normalised_words(question: str) -> frozenset[str]:
    """The question's content words: folded, without function words and the marks of
    what was redacted ([nummer], [e-mail], [naam]), lightly stemmed."""
    text = _MARK.sub(" ", question)
    return frozenset(_light_stem(w) for w in tokens(text) if w not in STOPWORDS)


@lru_cache(maxsize=100_000)
def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b)
    return (  # the cheap upper bounds first: most word pairs differ plainly
        matcher.real_quick_ratio() >= SAME_WORD
        and matcher.quick_ratio() >= SAME_WORD
        and matcher.ratio() >= SAME_WORD
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard over content words, where close spellings count as the same word."""
    if not a or not b:
        return 1.0 if a == b else 0.0
    shared = sum(1 for w in a if any(_same_word(w, v) for v in b))
    return shared / (len(a) + len(b) - shared)


@dataclass
class Group:
    """Similar open gaps: `key` is the id of the newest, which names the group in URLs."""

    key: int
    words: frozenset[str]
    ids: list[int]
    questions: Counter
    last_asked: dt.datetime
    nearest: str | None = None  # the entry the ranker came closest with, most often
    regions: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def question(self) -> str:
        """The question asked most often (the newest of equals)."""
        return self.questions.most_common(1)[0][0]


class _Words:
    """Close spellings mapped onto the first one seen, so that grouping compares words
    exactly (a word is compared with the words of its first letter, once)."""

    def __init__(self) -> None:
        self.canonical: dict[str, str] = {}
        self.by_letter: dict[str, list[str]] = {}

    def of(self, question: str) -> frozenset[str]:
        return frozenset(self._word(w) for w in normalised_words(question))

    def _word(self, word: str) -> str:
        found = self.canonical.get(word)
        if found is None:
            seen = self.by_letter.setdefault(word[0], [])
            found = next(
                (v for v in seen if abs(len(v) - len(word)) <= 2 and _same_word(word, v)), word
            )
            if found == word:
                seen.append(word)
            self.canonical[word] = found
        return found


def group_gaps(gaps: list[KnowledgeGap]) -> list[Group]:
    """Each gap joins the most similar group (compared with the group's newest question),
    or starts one. Most asked groups first, then the most recently asked."""
    groups: list[Group] = []
    by_word: dict[str, list[Group]] = {}
    vocabulary = _Words()
    nearest: dict[int, Counter] = {}
    regions: dict[int, Counter] = {}
    for gap in sorted(gaps, key=lambda g: (g.asked_at, g.id), reverse=True):
        words = vocabulary.of(gap.question)
        best, best_score = None, SAME_QUESTION
        candidates = {id(g): g for w in words for g in by_word.get(w, ())} if words else {}
        if not words:  # only function words: one group for those
            candidates = {id(g): g for g in groups if not g.words}
        for group in candidates.values():
            shared = len(words & group.words)
            score = shared / len(words | group.words) if words else 1.0
            if score >= best_score and (best is None or score > best_score or group.key > best.key):
                best, best_score = group, score
        if best is None:
            best = Group(gap.id, words, [], Counter(), gap.asked_at)
            groups.append(best)
            for w in words:
                by_word.setdefault(w, []).append(best)
            nearest[best.key], regions[best.key] = Counter(), Counter()
        best.ids.append(gap.id)
        best.questions[gap.question] += 1
        if gap.best_entry:
            nearest[best.key][gap.best_entry] += 1
        if gap.region:
            regions[best.key][gap.region] += 1
    for group in groups:
        found = nearest[group.key].most_common(1)
        group.nearest = found[0][0] if found else None
        group.regions = tuple(r for r, _ in regions[group.key].most_common())
    return sorted(groups, key=lambda g: (g.count, g.last_asked), reverse=True)


def open_groups(db_url: str | None = None) -> list[Group]:
    """The curators' queue: the open (not yet handled) gaps, grouped."""
    with session(db_url) as s:
        rows = s.execute(
            select(KnowledgeGap)
            .where(KnowledgeGap.handled_at.is_(None))
            .order_by(KnowledgeGap.asked_at.desc())
            .limit(MAX_OPEN)
        )
        return group_gaps(list(rows.scalars()))


def open_group(key: int, db_url: str | None = None) -> Group | None:
    return next((g for g in open_groups(db_url) if g.key == key), None)


def mark_handled(
    ids: list[int], how: str, entry: str | None, now: dt.datetime, db_url: str | None = None
) -> int:
    """Close these gaps (still open ones only); returns how many were closed."""
    if how not in HANDLINGS:
        raise ValueError(f"unknown handling {how!r}")
    with session(db_url) as s:
        rows = s.execute(
            select(KnowledgeGap).where(KnowledgeGap.id.in_(ids), KnowledgeGap.handled_at.is_(None))
        ).scalars()
        count = 0
        for gap in rows:
            gap.handled_at, gap.handled_as, gap.handled_entry = now, how, entry
            count += 1
        s.commit()
        return count


def main() -> None:
    """`make gaps`: the latest questions the knowledge base could not answer."""
    gaps = list_gaps()
    if not gaps:
        print(say("cli.no_gaps"))
        return
    print(say("cli.gaps", count=len(gaps)))
    for g in gaps:
        best = (
            " " + say("cli.gap_nearest", entry=g.best_entry, score=g.best_score)
            if g.best_entry
            else ""
        )
        region = f" [{g.region}]" if g.region else ""
        print(f"- {g.asked_at:%Y-%m-%d %H:%M}{region} {g.question}{best}")


if __name__ == "__main__":
    main()
