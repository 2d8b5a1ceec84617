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


_QUESTION_START = re.compile(
    r"^ (wat|wie|hoe|waar|wanneer|waarom|welke?|kan|kun|mag|moet|is|zijn|heeft|krijgt) "
)


@lru_cache(maxsize=1)
def _problems() -> re.Pattern[str]:
    data = yaml.safe_load(CRISIS_FILE.read_text(encoding="utf-8"))
    return re.compile("|".join(rf"\b(?:{p})" for p in data.get("problems") or []))


def reports_problem(text: str | None) -> bool:
    """A statement about a problem at work ("ik heb ruzie met mijn baas"), not a question."""
    if not text or text.startswith("/") or "?" in text:
        return False
    folded = words(text)
    return bool(_problems().search(folded)) and not _QUESTION_START.search(folded)
