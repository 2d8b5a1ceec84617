"""The thresholds that decide whether the assistant answers, asks which entry is meant, or
says it does not know; chosen by `make eval` and kept in knowledge/retrieval.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.kb import KNOWLEDGE_DIR


@dataclass(frozen=True)
class Thresholds:
    """When to answer, ask which entry is meant, or say 'weet ik niet'."""

    min_score: float = 0.25  # score of the best entry
    min_coverage: float = 0.3  # idf-weighted share of the question's terms the entry knows
    clarify_ratio: float = 0.9  # second entry this close to the first: ask which one
    blend: float = 0.8  # hybrid only: weight of the classifier against bm25
    none_ratio: float = 1.0  # refuse when "not in the knowledge base" scores this close to the best
    facet_bonus: float = 0.15  # per facet kind the entry shares with the question
    facet_penalty: float = 0.15  # per facet kind where the entry is about something else
    specific_penalty: float = 0.1  # entry about one pilot or group, question about none
    overview_ratio: float = 0.5  # a broad question: an overview this close to the best wins
    # The faceted answerer's guard against a neighbour's answer (tuned on the consultant dev
    # set, `make eval`): the chosen entry must know enough of the question's words, a score
    # that is not far ahead of the next entry asks which one is meant, and an entry that
    # misses some of the question's words needs a higher score.
    answer_min_score: float = 0.0
    answer_min_coverage: float = 0.0
    answer_min_gap: float = 0.0
    partial_min_score: float = 0.0
    # A pilot's or group's own entry that knows the question's words answers a follow-up about
    # it, when the classifier gives it some support and "not in the knowledge base" is weak.
    own_min_score: float = 0.0
    own_max_none: float = 1.0


def load_settings(path: Path = KNOWLEDGE_DIR / "retrieval.yml") -> tuple[str, Thresholds]:
    """The design and thresholds chosen by `make eval` (defaults when the file is absent)."""
    if not path.exists():
        return "hybrid", Thresholds()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    defaults = Thresholds()
    t = Thresholds(
        float(data.get("min_score", defaults.min_score)),
        float(data.get("min_coverage", defaults.min_coverage)),
        float(data.get("clarify_ratio", defaults.clarify_ratio)),
        float(data.get("blend", defaults.blend)),
        float(data.get("none_ratio", defaults.none_ratio)),
        float(data.get("facet_bonus", defaults.facet_bonus)),
        float(data.get("facet_penalty", defaults.facet_penalty)),
        float(data.get("specific_penalty", defaults.specific_penalty)),
        float(data.get("overview_ratio", defaults.overview_ratio)),
        float(data.get("answer_min_score", defaults.answer_min_score)),
        float(data.get("answer_min_coverage", defaults.answer_min_coverage)),
        float(data.get("answer_min_gap", defaults.answer_min_gap)),
        float(data.get("partial_min_score", defaults.partial_min_score)),
        float(data.get("own_min_score", defaults.own_min_score)),
        float(data.get("own_max_none", defaults.own_max_none)),
    )
    return str(data.get("design", "hybrid")), t
