"""Okapi BM25 over the knowledge base's texts, with postings per term: a question only
visits the texts that share a term with it (bot.knowledge.retrieval ranks with it)."""

from __future__ import annotations

import math
from collections import Counter


class BM25:
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
        self.max_idf = max(self.idf.values(), default=1.0)
        # Per term, the documents that have it and what the term adds to their score: a
        # question then only visits the documents of its own terms.
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, (doc, length) in enumerate(zip(self.docs, self.lengths)):
            for t, f in doc.items():
                norm = f * (k1 + 1) / (f + k1 * (1 - b + b * length / self.avg))
                self.postings.setdefault(t, []).append((i, self.idf[t] * norm))

    def matching(self, query: list[str]) -> dict[int, float]:
        """The score of every document that has a term of the query (the others score 0);
        a repeated term counts again, the terms added in the query's order."""
        out: dict[int, float] = {}
        for t in query:
            for i, part in self.postings.get(t, ()):
                out[i] = out.get(i, 0.0) + part
        return out

    def scores(self, query: list[str]) -> list[float]:
        out = [0.0] * len(self.docs)
        for i, s in self.matching(query).items():
            out[i] = s
        return out

    def max_score(self, query: list[str]) -> float:
        """Upper bound of a document score for this query (for normalising)."""
        return sum(self.idf.get(t, self.max_idf) for t in query) * (self.k1 + 1) or 1.0
