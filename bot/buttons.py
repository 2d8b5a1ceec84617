"""Buttons and their payloads, built and read in one place.

A payload is what a pressed button sends: `/intent` or `/intent{"entity": "value"}`, which
Rasa takes as that intent with those entities, without NLU.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bot.catalogue import say

_PAYLOAD = re.compile(r"^\s*/(\w+)\s*(\{.*\})?\s*$", re.S)


def payload(intent: str, **entities: str) -> str:
    return f"/{intent}" + (json.dumps(entities, ensure_ascii=False) if entities else "")


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {"title": title, "payload": payload(intent, **entities)}


def read_payload(text: str | None) -> tuple[str, dict[str, Any]] | None:
    """(intent, entities) of a payload; None for anything else (typed text, broken JSON)."""
    match = _PAYLOAD.match(text or "")
    if not match:
        return None
    try:
        entities = json.loads(match.group(2)) if match.group(2) else {}
    except ValueError:
        return None
    return (match.group(1), entities) if isinstance(entities, dict) else None


def unknown_button() -> dict[str, str]:
    return button(say("forms.button_unknown"), "dont_know")


def yes_no_buttons() -> list[dict[str, str]]:
    return [button(say("forms.button_yes"), "affirm"), button(say("forms.button_no"), "deny")]
