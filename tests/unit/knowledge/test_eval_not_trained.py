"""No evaluation question is also a training question: the figures of `make eval` are about
questions the assistant never saw (the guide: write the sets first, never train on them)."""

import re
from pathlib import Path

import yaml

from bot.knowledge.kb import load
from bot.text import fold

EVAL_DIR = Path(__file__).resolve().parents[2] / "eval"


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]", " ", fold(text)).split())


def _questions(node) -> list[str]:
    if isinstance(node, dict):
        return [
            q
            for key, value in node.items()
            for q in ([value] if key == "q" and isinstance(value, str) else _questions(value))
        ]
    if isinstance(node, list):
        return [q for value in node for q in _questions(value)]
    return []


def test_no_evaluation_question_is_a_training_question():
    asked = {
        _norm(q)
        for path in EVAL_DIR.rglob("*.yml")
        for q in _questions(yaml.safe_load(path.read_text(encoding="utf-8")))
    }
    assert len(asked) > 500  # the sets are read
    trained = {(entry.id, q) for entry in load().entries.values() for q in entry.questions}
    both = sorted((entry, q) for entry, q in trained if _norm(q) in asked)
    assert both == []
