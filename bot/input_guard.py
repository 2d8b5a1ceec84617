"""Calm Dutch replies for input the assistant cannot use as a question."""

from __future__ import annotations

import re

from bot.catalogue import say
from bot.text import tokens

MAX_LENGTH = 1000
TAG_PATTERN = re.compile(r"<[^>]{0,200}>")
CODE_PATTERN = re.compile(
    r"(\bselect\b.+\bfrom\b|\bdrop\s+table\b|\binsert\s+into\b|\bunion\s+select\b"
    r"|\bdelete\s+from\b|;\s*--|\bor\s+1\s*=\s*1\b|\bwhere\s+1\s*=\s*1\b|javascript:)",
    re.IGNORECASE,
)
_ENGLISH = frozenset(
    "the is are what who how can i you my do does for of and to a an with about please "
    "hello hi which when where why will would could should this that".split()
)
_DUTCH = frozenset(
    "de het een is zijn wat wie hoe kan ik je mijn voor van en met over welke wanneer "
    "waar waarom dat dit niet wel er op te".split()
)


def strip_markup(text: str) -> str:
    return TAG_PATTERN.sub(" ", text or "")


def looks_like_code(text: str) -> bool:
    """SQL or script fragments rather than a question."""
    return bool(CODE_PATTERN.search(text)) or "<script" in text.lower()


def looks_english(text: str) -> bool:
    words = tokens(text)
    if len(words) < 3:
        return False
    en = sum(w in _ENGLISH for w in words)
    nl = sum(w in _DUTCH for w in words)
    return en >= 2 and en > 2 * nl


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
