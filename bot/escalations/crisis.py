"""Crisis language (self-harm, violence, abuse): detection and the safety message.

Patterns and text are data (knowledge/crisis.yml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.text import words

CRISIS_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "crisis.yml"


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, re.Pattern[str]], str]:
    data = yaml.safe_load(CRISIS_FILE.read_text(encoding="utf-8"))
    patterns = {
        kind: re.compile("|".join(f"(?:{p})" for p in items))
        for kind, items in data["patterns"].items()
    }
    return patterns, " ".join(str(data["safety_message"]).split())


def crisis_kind(text: str | None) -> str | None:
    """zelfdoding | geweld | misbruik, or None."""
    if not text or text.startswith("/"):
        return None
    for kind, pattern in _data()[0].items():
        if pattern.search(words(text)):
            return kind
    return None


def safety_message() -> str:
    return _data()[1]
