"""Typo correction for the ranker: an unknown word becomes the closest word of the index, an
unknown compound of two known words those two words.

`difflib.get_close_matches` compares a word with every candidate in pure Python, and most
candidates share too few letters to reach its cutoff. The candidates' letter counts are kept
as a matrix, so one vectorised step leaves out those that cannot reach it (the bound that
difflib's quick_ratio checks), and difflib chooses among the others: the same word as when
it compared them all.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

import numpy as np

from bot.knowledge.kb import Entry
from bot.text import terms, tokens

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"  # what bot.text.tokens leaves of a word
_POSITION = {c: i for i, c in enumerate(ALPHABET)}
MIN_LENGTH = 5  # shorter words are left as they are
CUTOFF = 0.82


def _counts(words: list[str]) -> np.ndarray:
    out = np.zeros((len(words), len(ALPHABET)), dtype=np.int16)
    for row, word in enumerate(words):
        for c in word:
            out[row, _POSITION[c]] += 1
    return out


class Typos:
    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.known = set(vocabulary)
        self.by_length: dict[int, list[str]] = {}
        for word in sorted(self.known):
            self.by_length.setdefault(len(word), []).append(word)
        self.letters = {
            n: _counts(words)
            for n, words in self.by_length.items()
            if all(c in _POSITION for w in words for c in w)
        }

    def closest(self, word: str) -> str:
        """`word`, or the closest known word when `word` is unknown and one is close enough."""
        if len(word) < MIN_LENGTH or word in self.known:
            return word
        # A typo changes the length by a letter or two: compare only with those words.
        lengths = range(len(word) - 2, len(word) + 3)
        candidates = [v for n in lengths for v in self.by_length.get(n, ())]
        if all(c in _POSITION for c in word) and all(
            n in self.letters for n in lengths if n in self.by_length
        ):
            mine = _counts([word])[0]
            kept: list[str] = []
            for n in lengths:
                if n not in self.by_length:
                    continue
                shared = np.minimum(self.letters[n], mine).sum(axis=1)
                # quick_ratio = 2 * shared / (n + len(word)) bounds difflib's ratio; a small
                # margin keeps every word whose quick_ratio may round to the cutoff.
                enough = 2 * shared >= CUTOFF * (n + len(word)) - 1e-6
                kept += [w for w, ok in zip(self.by_length[n], enough) if ok]
            candidates = kept
        # A typo keeps the first letter: "gehouden" is not "opgehouden", nor "geschreven"
        # "ingeschreven".
        candidates = [c for c in candidates if c[0] == word[0]]
        close = difflib.get_close_matches(word, candidates, n=1, cutoff=CUTOFF)
        return close[0] if close else word

    def split(self, word: str) -> str:
        """An unknown compound of two known words: "gemeenteklanten" -> "gemeente klanten"."""
        if len(word) < 10 or word in self.known:
            return word
        for i in range(4, len(word) - 3):
            head, tail = word[:i], word[i:]
            for link in ("", "s", "e"):
                stem = head[: len(head) - len(link)] if link else head
                if head.endswith(link) and stem in self.known and tail in self.known:
                    return f"{stem} {tail}"
        return word


def written_words(entries: Iterable[Entry]) -> set[str]:
    """The words of the titles and answers: written with care, unlike example questions."""
    return {w for e in entries for t in (e.title, e.answer) for w in tokens(t) if len(w) >= 4}


def spelled_words(entries: Iterable[Entry]) -> list[str]:
    """The words typos are corrected to: those of the titles, answers and example questions,
    except a typo written on purpose ("cijfers groningn" in the entry about Groningen): a
    question's word that is close to a word of its own entry, but not a form of it."""
    entries = list(entries)
    written = written_words(entries)
    spelled = Typos(sorted(written))
    words: set[str] = set(written)
    for e in entries:
        own = {w for t in (e.title, e.answer) for w in tokens(t)}
        for w in {w for q in e.questions for w in tokens(q) if len(w) >= 4} - written:
            close = spelled.closest(w)
            typo = close in own and terms(close, "stem", True) != terms(w, "stem", True)
            if not typo:
                words.add(w)
    return sorted(words)
