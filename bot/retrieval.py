"""Finding the knowledge entry that answers a question, or deciding there is none.

Designs (compared by `make eval`):
  bm25-raw    BM25 over surface words
  bm25-lemma  BM25 over spaCy lookup lemmas
  bm25-stem   BM25 over lemmas + Snowball stems, with typo correction
  hybrid      bm25-stem + character n-gram cosine (robust to typos and compounds)
Each entry is indexed as one document per example question plus one for its
title and answer; an entry scores as its best document.
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

import yaml

from bot.kb import KNOWLEDGE_DIR, Entry
from bot.text import char_ngrams, terms, tokens

DESIGNS = ("bm25-raw", "bm25-lemma", "bm25-stem", "hybrid")


@dataclass(frozen=True)
class Thresholds:
    """When to answer, ask which entry is meant, or say 'weet ik niet'."""

    min_score: float = 0.40  # combined score of the best entry
    min_coverage: float = 0.50  # idf-weighted share of the question's terms the entry knows
    clarify_ratio: float = 0.92  # second entry this close to the first: ask which one


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float
    coverage: float


@dataclass(frozen=True)
class Decision:
    kind: str  # answer | clarify | refuse
    hits: tuple[Hit, ...] = field(default_factory=tuple)

    @property
    def entry_id(self) -> str | None:
        return self.hits[0].entry_id if self.kind == "answer" and self.hits else None


class _BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.6) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(d) for d in docs]
        self.lengths = [len(d) for d in docs]
        self.avg = sum(self.lengths) / max(1, len(docs))
        df: Counter[str] = Counter()
        for d in self.docs:
            df.update(d.keys())
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: list[str]) -> list[float]:
        out = []
        for doc, length in zip(self.docs, self.lengths):
            s = 0.0
            for t in query:
                f = doc.get(t)
                if f:
                    norm = f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * length / self.avg))
                    s += self.idf[t] * norm
            out.append(s)
        return out

    def max_score(self, query: list[str]) -> float:
        """Upper bound of a document score for this query (for normalising)."""
        return sum(self.idf.get(t, 0.0) for t in query) * (self.k1 + 1) or 1.0


class _CharCosine:
    def __init__(self, docs: list[list[str]]) -> None:
        df: Counter[str] = Counter()
        for d in docs:
            df.update(set(d))
        n = len(docs)
        self.idf = {g: math.log((1 + n) / (1 + f)) + 1 for g, f in df.items()}
        self.vectors = [self._vector(d) for d in docs]

    def _vector(self, grams: list[str]) -> dict[str, float]:
        counts = Counter(grams)
        vec = {g: (1 + math.log(c)) * self.idf.get(g, 0.0) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {g: v / norm for g, v in vec.items()}

    def scores(self, grams: list[str]) -> list[float]:
        q = self._vector(grams)
        return [sum(w * d.get(g, 0.0) for g, w in q.items()) for d in self.vectors]


class Ranker:
    def __init__(
        self,
        entries: Iterable[Entry],
        design: str = "hybrid",
        thresholds: Thresholds | None = None,
        exclude_questions: set[str] | None = None,
    ) -> None:
        if design not in DESIGNS:
            raise ValueError(f"unknown design {design!r}; choose from {DESIGNS}")
        self.design = design
        self.mode = {"bm25-raw": "raw", "bm25-lemma": "lemma"}.get(design, "stem")
        self.thresholds = thresholds or Thresholds()
        self.doc_entry: list[str] = []
        texts: list[str] = []
        for e in entries:
            for q in e.questions:
                if exclude_questions and q in exclude_questions:
                    continue
                texts.append(q)
                self.doc_entry.append(e.id)
            texts.append(f"{e.title} {e.title} {e.answer}")
            self.doc_entry.append(e.id)
        self.vocabulary = sorted({w for t in texts for w in tokens(t) if len(w) >= 4})
        term_docs = [terms(t, self.mode) for t in texts]
        self.bm25 = _BM25(term_docs)
        self.entry_terms: dict[str, set[str]] = {}
        for entry_id, ts in zip(self.doc_entry, term_docs):
            self.entry_terms.setdefault(entry_id, set()).update(ts)
        self.chars = _CharCosine([char_ngrams(t) for t in texts]) if design == "hybrid" else None

    def correct(self, text: str) -> str:
        """Replace unknown words by a close word from the index (typos)."""
        if self.mode != "stem":
            return text
        known = set(self.vocabulary)
        words = []
        for w in tokens(text):
            if len(w) >= 5 and w not in known:
                close = difflib.get_close_matches(w, self.vocabulary, n=1, cutoff=0.82)
                w = close[0] if close else w
            words.append(w)
        return " ".join(words)

    def rank(self, question: str, top: int = 5) -> list[Hit]:
        text = self.correct(question)
        query = terms(text, self.mode)
        if not query:
            return []
        bm = self.bm25.scores(query)
        upper = self.bm25.max_score(query)
        combined = [s / upper for s in bm]
        if self.chars is not None:
            cs = self.chars.scores(char_ngrams(question))
            combined = [0.5 * b + 0.5 * c for b, c in zip(combined, cs)]
        best: dict[str, float] = {}
        for entry_id, s in zip(self.doc_entry, combined):
            if s > best.get(entry_id, -1.0):
                best[entry_id] = s
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)[:top]
        total_idf = sum(self.bm25.idf.get(t, 0.0) for t in query)
        # Words the index has never seen still count against coverage.
        unseen = sum(1 for t in query if t not in self.bm25.idf)
        total_idf += unseen * max(self.bm25.idf.values(), default=1.0)
        hits = []
        for entry_id, s in ranked:
            known = sum(self.bm25.idf.get(t, 0.0) for t in set(query) if t in self.entry_terms[entry_id])
            hits.append(Hit(entry_id, round(s, 4), round(known / total_idf, 4) if total_idf else 0.0))
        return hits

    def decide(self, question: str) -> Decision:
        hits = self.rank(question)
        t = self.thresholds
        good = [h for h in hits if h.score >= t.min_score and h.coverage >= t.min_coverage]
        if not good or good[0] is not hits[0]:
            return Decision("refuse", tuple(hits[:3]))
        close = [h for h in good[1:3] if h.score >= t.clarify_ratio * good[0].score]
        if close:
            return Decision("clarify", (good[0], *close))
        return Decision("answer", (good[0],))


def load_settings(path=KNOWLEDGE_DIR / "retrieval.yml") -> tuple[str, Thresholds]:
    """The design and thresholds chosen by `make eval` (defaults when the file is absent)."""
    if not path.exists():
        return "hybrid", Thresholds()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    t = Thresholds(
        float(data.get("min_score", Thresholds.min_score)),
        float(data.get("min_coverage", Thresholds.min_coverage)),
        float(data.get("clarify_ratio", Thresholds.clarify_ratio)),
    )
    return str(data.get("design", "hybrid")), t
