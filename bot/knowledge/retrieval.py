"""Finding the knowledge entry that answers a question, or deciding there is none.

Designs (compared by `make eval`):
  bm25-raw     BM25 over surface words
  bm25-lemma   BM25 over spaCy lookup lemmas
  bm25-stem    BM25 over lemmas + Snowball stems, with typo correction
  classifier   a linear SVM over word-stem and
               character n-grams, trained on the entries' example questions
  hybrid       classifier probability blended with normalised bm25-stem; the
               lexical coverage of the question also gates "weet ik niet"
Each entry is indexed with its example questions, its title and its answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bot.knowledge.bm25 import BM25
from bot.knowledge.classifier import trained
from bot.knowledge.facets import FINANCE_WORDS, Fit, Named, fit
from bot.knowledge.kb import Entry
from bot.knowledge.question_words import (
    asked_thing,
    first_part_of,
    has_own_words,
    heavy_words,
    long_words,
)
from bot.knowledge.thresholds import Thresholds
from bot.knowledge.typos import Typos, spelled_words, written_words
from bot.text import (
    FILLERS,
    LIGHT_WORDS,
    SHORT_FORMS,
    STOPWORDS,
    SYNONYMS,
    dutch_word,
    light,
    terms,
    tokens,
)

DESIGNS = ("bm25-raw", "bm25-lemma", "bm25-stem", "classifier", "hybrid")
NONE = "__none__"  # the classifier's class for questions the knowledge base does not answer

FULL_COVERAGE = 0.99  # every word of the question is known to the entry


@dataclass(frozen=True)
class Hit:
    entry_id: str
    score: float
    coverage: float


@dataclass(frozen=True)
class Decision:
    kind: str  # answer | clarify | refuse
    hits: tuple[Hit, ...] = field(default_factory=tuple)
    # (kind, value) the question names that the chosen entry is not specifically about
    missing: tuple[tuple[str, str], ...] = ()

    @property
    def entry_id(self) -> str | None:
        return self.hits[0].entry_id if self.kind == "answer" and self.hits else None


class Ranker:
    def __init__(
        self,
        entries: Iterable[Entry],
        design: str = "hybrid",
        thresholds: Thresholds | None = None,
        out_of_scope: Iterable[str] = (),
    ) -> None:
        if design not in DESIGNS:
            raise ValueError(f"unknown design {design!r}; choose from {DESIGNS}")
        self.design = design
        self.mode = {"bm25-raw": "raw", "bm25-lemma": "lemma"}.get(design, "stem")
        self.thresholds = thresholds or Thresholds()
        self.doc_entry: list[str] = []
        texts: list[str] = []
        entries = list(entries)
        for e in entries:
            for text in (*e.questions, e.title, e.answer):
                texts.append(text)
                self.doc_entry.append(e.id)
        self.vocabulary = spelled_words(entries)
        self.typos = Typos(self.vocabulary)
        # This ranker's own caches: the ranker replaced after a curator's change
        # (bot.knowledge.live) is freed with them; a cache on the class would keep it alive.
        self._closest = lru_cache(maxsize=20_000)(self.typos.closest)
        # The example questions keep some typos as they are ("hoevel", "trajekt"): for
        # coverage, a word is also read as the carefully written word it is close to.
        function_words = {w for w in STOPWORDS | LIGHT_WORDS if len(w) >= 4}
        self._written = lru_cache(maxsize=20_000)(
            Typos(written_words(entries) | function_words).closest
        )
        self._scores = lru_cache(maxsize=256)(self._compute_scores)
        term_docs = [terms(t, self.mode) for t in texts]
        self.bm25 = BM25(term_docs)
        self._no_match = dict.fromkeys(self.doc_entry, 0.0)  # every entry, in index order
        self.entry_terms: dict[str, set[str]] = {}
        for entry_id, ts in zip(self.doc_entry, term_docs):
            self.entry_terms.setdefault(entry_id, set()).update(ts)
        # What an entry knows also counts its longer texts and regional variants.
        for e in entries:
            extra = (
                e.more,
                e.consultant_answer,
                e.consultant_more,
                *(v.answer for v in e.regional.values()),
            )
            for text in extra:
                if text:
                    self.entry_terms.setdefault(e.id, set()).update(terms(text, self.mode))
        self.entry_words = {  # for the first parts of its compounds (coverage)
            e.id: long_words(
                (*e.questions, e.title, e.answer, e.more, e.consultant_answer, e.consultant_more)
            )
            for e in entries
        }
        shorts = {s: set(terms(long, self.mode)) for s, long in SHORT_FORMS.items()}
        groups = [set(terms(" ".join(words), self.mode)) for words in SYNONYMS]
        for known in self.entry_terms.values():
            known.update(s for s, long in shorts.items() if long <= known)
            known.update(*(g for g in groups if g & known))
        self.classifier = None
        if design in ("classifier", "hybrid"):
            negatives = list(out_of_scope)
            self.classifier = trained(texts + negatives, self.doc_entry + [NONE] * len(negatives))

    def correct(self, text: str) -> str:
        """Replace unknown words by a close word from the index (typos); fillers left out."""
        if self.mode != "stem":
            return text
        # a light word is no typo of a topic's word: "pakken" is not "pakket"
        words = (w if light(w) else self._closest(w) for w in tokens(text) if w not in FILLERS)
        return " ".join(self.typos.split(w) for w in words)

    def _bm25_by_entry(self, query: list[str]) -> dict[str, float]:
        upper = self.bm25.max_score(query)
        best = dict(self._no_match)
        for i, s in self.bm25.matching(query).items():
            entry_id = self.doc_entry[i]
            if s / upper > best[entry_id]:
                best[entry_id] = s / upper
        return best

    def rank(self, question: str, top: int = 6) -> list[Hit]:
        text = self.correct(question)
        query = terms(text, self.mode)
        if not query:
            return []
        lexical = self._bm25_by_entry(query)
        if self.classifier is None:
            scores = lexical
        else:
            probs = self.classifier.scores(text)
            w = 1.0 if self.design == "classifier" else self.thresholds.blend
            scores = {e: w * p + (1 - w) * lexical.get(e, 0.0) for e, p in probs.items()}
            if NONE in probs:
                scores[NONE] = probs[NONE]
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:top]
        # Words the index has never seen count fully against coverage.
        total = sum(self.bm25.idf.get(t, self.bm25.max_idf) for t in set(query))
        hits = []
        for entry_id, s in ranked:
            terms_of_entry = self.entry_terms.get(entry_id, set())
            known = sum(
                self.bm25.idf.get(t, self.bm25.max_idf) for t in set(query) if t in terms_of_entry
            )
            hits.append(Hit(entry_id, round(s, 4), round(known / total, 4) if total else 0.0))
        return hits

    def decide(self, question: str) -> Decision:
        return decide(self.rank(question), self.thresholds)

    def scores(self, question: str) -> dict[str, float]:
        """Every entry's score (and NONE's) for a question, before facets are weighed."""
        # One question asks for them more than once (the decision, a pilot's own entry).
        return dict(self._scores(question))

    def _compute_scores(self, question: str) -> dict[str, float]:
        text = self.correct(question)
        query = terms(text, self.mode)
        if not query:
            return {}
        lexical = self._bm25_by_entry(query)
        if self.classifier is None:
            return lexical
        probs = self.classifier.scores(text)
        w = 1.0 if self.design == "classifier" else self.thresholds.blend
        out = {e: w * p + (1 - w) * lexical.get(e, 0.0) for e, p in probs.items() if e != NONE}
        out[NONE] = probs.get(NONE, 0.0)
        return out

    def coverage(self, question: str) -> Callable[[str], float]:
        """Per entry: the idf-weighted share of the question's terms that the entry knows
        (light words such as "doen" or "belangrijk" left out)."""
        words = tokens(self.correct(question))
        heavy = heavy_words(words)
        query = set(terms(" ".join(heavy), self.mode))
        read_as: dict[str, set[str]] = {}  # a misspelt word's term: the written word's terms
        for word in heavy:
            written = self._written(word)
            if written == word or dutch_word(word):  # "levert" is not a typo of "leert"
                continue
            for t in terms(word, self.mode):
                if light(written):
                    query.discard(t)  # "hoevel": a function word, as "hoeveel" would be
                else:
                    read_as[t] = set(terms(written, self.mode))
        total = sum(self.bm25.idf.get(t, self.bm25.max_idf) for t in query)
        parts_of = {t: {w for w in heavy if t in terms(w, self.mode)} for t in query}
        # "minimum leeftijd" is known to an entry that writes "minimumleeftijd"
        pairs = [
            (joined, set(terms(f"{a} {b}", self.mode)) & query)
            for a, b in zip(words, words[1:])
            if (joined := set(terms(a + b, self.mode)))
        ]

        def share(entry_id: str) -> float:
            known = self.entry_terms.get(entry_id, set())
            covered = query & known
            covered |= {t for t in query - covered if t in read_as and read_as[t] <= known}
            for joined, parts in pairs:
                if joined <= known:
                    covered |= parts
            # "kwaliteit" is known to an entry that writes "kwaliteitsborging"
            written = self.entry_words.get(entry_id, frozenset())
            covered |= {
                t for t in query - covered if any(first_part_of(w, written) for w in parts_of[t])
            }
            weight = sum(self.bm25.idf.get(t, self.bm25.max_idf) for t in covered)
            return weight / total if total else 0.0

        return share

    def decide_faceted(
        self, question: str, entries: dict[str, Entry], named: Named, guard: bool = True
    ) -> Decision:
        """`guard=False` for a follow-up that names a new pilot or group: the facet decides
        which entry fits, the words of the earlier question need not all be in it."""
        if guard and not has_own_words(question):  # "Klopt dat?" on its own: nothing asked
            return Decision("refuse", ())
        coverage = self.coverage(question) if guard else None
        if "cost" in named and not FINANCE_WORDS.search(question):  # "wat is een jobcoach"
            named = {k: v for k, v in named.items() if k != "cost"}
        decision = decide_faceted(self.scores(question), entries, named, self.thresholds, coverage)
        if guard and decision.kind == "answer" and self._unknown_thing(question, decision):
            return Decision("refuse", decision.hits, decision.missing)
        return decision

    def _unknown_thing(self, question: str, decision: Decision) -> bool:
        """ "welke staatssecretaris?": what is asked for is in at most one text, not the entry's."""
        thing = asked_thing(question) or ""
        asked = terms(self.correct(thing), self.mode)
        rare = all(len(self.bm25.postings.get(t, ())) <= 1 for t in asked)
        return (
            bool(thing) and rare and self.coverage(thing)(decision.entry_id or "") < FULL_COVERAGE
        )


def decide_faceted(
    scores: dict[str, float],
    entries: dict[str, Entry],
    named: Named,
    t: Thresholds,
    coverage: Callable[[str], float] | None = None,
    overviews: bool = True,
) -> Decision:
    """Weigh each entry's score by how well it fits what the question names.

    An entry about another pilot or client group never answers. When the question names a
    pilot or group that the best entry is not about, the decision carries it in `missing`.
    """
    none = scores.get(NONE, 0.0)
    adjusted: list[tuple[float, str, Fit]] = []
    for entry_id, score in scores.items():
        entry = entries.get(entry_id)
        if entry is None:
            continue
        f = fit(entry, named)
        if f.strict_conflict:
            continue
        value = (
            score
            + t.facet_bonus * f.matched
            - t.facet_penalty * f.conflicts
            - t.specific_penalty * f.unnamed_specific
        )
        adjusted.append((value, entry_id, f))
    adjusted.sort(key=lambda x: x[0], reverse=True)
    promoted = False
    if overviews and not any(named.values()) and adjusted:
        # A question that names no actor, item, pilot, group or criterion is broad: the
        # overview of its topic answers it better than one narrow detail.
        top = adjusted[0][0]
        overview = next(
            (
                a
                for a in adjusted[:4]
                if "overview" in entries[a[1]].facet("scope") and a[0] >= t.overview_ratio * top
            ),
            None,
        )
        if overview is not None and overview is not adjusted[0]:
            adjusted.remove(overview)
            adjusted.insert(0, (top, overview[1], overview[2]))
            promoted = True
    hits = [Hit(e, round(v, 4), 1.0) for v, e, _ in adjusted[:6]]
    if not hits:
        return Decision("refuse", ())
    best_value, best_id, best_fit = adjusted[0]
    raw_best = scores.get(best_id, 0.0)
    if raw_best < t.min_score and best_fit.matched == 0:
        return Decision("refuse", tuple(hits[:3]), best_fit.missing)
    if best_value < t.min_score:
        return Decision("refuse", tuple(hits[:3]), best_fit.missing)
    if none > 0 and none >= t.none_ratio * best_value:
        return Decision("refuse", tuple(hits[:3]), best_fit.missing)
    covered = coverage(best_id) if coverage is not None else 1.0
    if coverage is not None and (
        raw_best < t.answer_min_score
        or covered < t.answer_min_coverage
        or (covered < FULL_COVERAGE and raw_best < t.partial_min_score)
    ):
        if promoted:  # the overview does not pass the guard: the entry that ranked first may
            return decide_faceted(scores, entries, named, t, coverage, overviews=False)
        return Decision("refuse", tuple(hits[:3]), best_fit.missing)
    if coverage is not None and len(hits) > 1 and best_value - hits[1].score < t.answer_min_gap:
        return Decision("clarify", tuple(hits[:2]), best_fit.missing)
    close = [h for h in hits[1:3] if h.score >= t.clarify_ratio * best_value]
    if close and "overview" not in entries[best_id].facet("scope"):
        return Decision("clarify", (hits[0], *close), best_fit.missing)
    return Decision("answer", tuple(hits[:3]), best_fit.missing)


def decide(hits: list[Hit], t: Thresholds) -> Decision:
    """Answer, ask which entry is meant (buttons), or refuse."""
    none = next((h.score for h in hits if h.entry_id == NONE), 0.0)
    hits = [h for h in hits if h.entry_id != NONE]
    if not hits or hits[0].score < t.min_score or hits[0].coverage < t.min_coverage:
        return Decision("refuse", tuple(hits[:3]))
    if none > 0 and none >= t.none_ratio * hits[0].score:
        return Decision("refuse", tuple(hits[:3]))
    close = [h for h in hits[1:3] if h.score >= t.clarify_ratio * hits[0].score]
    if close:
        return Decision("clarify", (hits[0], *close))
    return Decision("answer", (hits[0],))
