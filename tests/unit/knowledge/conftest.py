"""The answerer with the real knowledge base, facets, matrix and rules, without Rasa and
without noting gaps: built once for the knowledge tests."""

import pytest

from bot.knowledge.answering import Answerer
from bot.knowledge.kb import load, load_out_of_scope
from bot.knowledge.retrieval import Ranker
from bot.knowledge.thresholds import load_settings


@pytest.fixture(scope="session")
def answerer():
    kb = load()
    design, thresholds = load_settings()
    ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())
    return Answerer(kb, ranker, record=None)
