"""Calm Dutch replies for input the assistant cannot use as a question, and recognising
someone who reads little Dutch (word lists in knowledge/language.yml)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import say
from bot.text import tokens, words

MAX_LENGTH = 1000
TAG_PATTERN = re.compile(r"<[^>]{0,200}>")
CODE_PATTERN = re.compile(
    r"(\bselect\b.+\bfrom\b|\bdrop\s+table\b|\binsert\s+into\b|\bunion\s+select\b"
    r"|\bdelete\s+from\b|;\s*--|\bor\s+1\s*=\s*1\b|\bwhere\s+1\s*=\s*1\b|javascript:)",
    re.IGNORECASE,
)
LANGUAGE_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "language.yml"


@lru_cache(maxsize=1)
def _language() -> dict[str, Any]:
    data = yaml.safe_load(LANGUAGE_FILE.read_text(encoding="utf-8"))
    return {
        "english": frozenset(data["english"].split()),
        "dutch": frozenset(data["dutch"].split()),
        "trouble": tuple(words(p) for p in data["trouble"]),
        "not_understood": tuple(words(p) for p in data["not_understood"]),
        "short_words": int(data["short_words"]),
    }


def strip_markup(text: str) -> str:
    return TAG_PATTERN.sub(" ", text or "")


def looks_like_code(text: str) -> bool:
    """SQL or script fragments rather than a question."""
    return bool(CODE_PATTERN.search(text)) or "<script" in text.lower()


def looks_english(text: str) -> bool:
    found = tokens(text)
    if len(found) < 3:
        return False
    en = sum(w in _language()["english"] for w in found)
    nl = sum(w in _language()["dutch"] for w in found)
    return en >= 2 and en > 2 * nl


def needs_simple_language(text: str | None) -> bool:
    """English, or simple Dutch that says the language is hard ("nederlands moeilijk",
    a short "ik begrijp het niet"): answer in short sentences and offer a person."""
    text = strip_markup(text or "")
    if not text.strip() or len(text) > MAX_LENGTH or text.startswith("/"):
        return False
    said, lang = words(text), _language()
    if any(p in said for p in lang["trouble"]) or looks_english(text):
        return True
    short = len(tokens(text)) <= lang["short_words"]
    return short and any(p in said for p in lang["not_understood"])


def problem_reply(text: str | None) -> str | None:
    """A reply for unusable input, or None when the text can be treated as a question."""
    text = text or ""
    if not text.strip():
        return say("fallback.empty")
    if len(text) > MAX_LENGTH:
        return say("fallback.too_long")
    if not tokens(strip_markup(text)):
        return say("fallback.no_words")
    if looks_like_code(text):
        return say("fallback.code")
    if looks_english(strip_markup(text)):
        return say("fallback.english")
    return None
