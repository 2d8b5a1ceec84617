"""What makes the ranker fast keeps its answers: the classifier's margins are those of the
whole weight matrix, BM25 from postings scores every document as the formula does, the
scores kept per question are the caller's own copy, and a ranker replaced after a change of
the knowledge is freed with its caches."""

import gc
import math
import weakref
from collections import Counter

import numpy as np

from bot.knowledge.bm25 import BM25
from bot.knowledge.classifier import Classifier
from bot.knowledge.kb import load
from bot.knowledge.retrieval import Ranker

KB = load()
DOCS = [
    "praktijkverklaring werkgever betaalt opleiding".split(),
    "jobcoach begeleiding werkgever werkgever".split(),
    "gemeente betaalt jobcoach".split(),
    "examen praktijkverklaring mbo".split(),
]


def by_formula(docs: list[list[str]], query: list[str], k1: float = 1.2, b: float = 0.6):
    avg = sum(map(len, docs)) / len(docs)
    df = Counter(t for d in docs for t in set(d))
    idf = {t: math.log(1 + (len(docs) - f + 0.5) / (f + 0.5)) for t, f in df.items()}
    out = []
    for doc in docs:
        counts = Counter(doc)
        s = 0.0
        for t in query:
            f = counts.get(t)
            if f:
                s += idf[t] * (f * (k1 + 1) / (f + k1 * (1 - b + b * len(doc) / avg)))
        out.append(s)
    return out


def test_bm25_scores_every_document_as_the_formula() -> None:
    index = BM25(DOCS)
    for query in (["werkgever"], ["werkgever", "jobcoach", "werkgever"], ["onbekend"], []):
        assert index.scores(query) == by_formula(DOCS, query)
    assert index.scores(["jobcoach"])[0] == 0.0 < index.scores(["jobcoach"])[1]


def test_scores_kept_per_question_are_the_callers_own_copy() -> None:
    ranker = Ranker(KB.entries.values(), design="bm25-stem")
    first = ranker.scores("wie betaalt de jobcoach")
    assert first and max(first.values()) > 0
    first.clear()
    assert ranker.scores("wie betaalt de jobcoach") != {}


def test_a_replaced_ranker_is_freed_with_its_caches() -> None:
    ranker = Ranker(KB.entries.values(), design="bm25-stem")
    ranker.scores("wie betaalt de prakijkopleidder")
    assert "praktijkopleider" in ranker.correct("prakijkopleidder")
    gone = weakref.ref(ranker)
    del ranker
    gc.collect()
    assert gone() is None


def test_classifier_margins_are_those_of_the_whole_weight_matrix() -> None:
    texts = ["wie betaalt de jobcoach", "wat kost de school", "hoe oud moet je zijn"]
    texts += ["leeftijd eis", "hoe lang duurt het", "duur van een traject"]
    model = Classifier(texts, ["geld", "geld", "leeftijd", "leeftijd", "duur", "duur"])
    for text in ("wie betaalt het traject", "hoe oud", "", "onbekende woorden xyz", *texts):
        whole = model.vectorizer.transform([text]) @ model.weights + model.bias
        margins = np.asarray(whole).ravel()
        expected = {
            c: float(min(1.0, max(0.0, (m + 1) / 2))) for c, m in zip(model.classes, margins)
        }
        assert model.scores(text) == expected
    assert max(model.scores("wie betaalt").items(), key=lambda kv: kv[1])[0] == "geld"
