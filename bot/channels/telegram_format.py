"""Plain helpers for the Telegram channel (no Rasa, no network): turning Telegram
updates into what the assistant should do, splitting long texts, button payloads."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from bot.buttons import payload
from bot.catalogue import say

MAX_TEXT = 4096  # Telegram's limit for one message
MAX_CALLBACK_DATA = 64  # bytes
MAX_UPDATE_BYTES = 64 * 1024
# A chat linked to no one: who writes? Asked once (bot.candidates.linking.conversation_role).
ROLE_PAYLOADS = {"candidate": "/rol_kandidaat", "consultant": "/rol_consulent"}
ROLE_BUTTON_TEXTS = {
    "candidate": "channels.role_button_candidate",
    "consultant": "channels.role_button_consultant",
}
ROLE_CHOSEN_TEXTS = {
    "candidate": "channels.role_chosen_candidate",
    "consultant": "channels.role_chosen_consultant",
}
_ROLE_WORDS = {
    "candidate": ("kandidaat", "deelnemer"),
    "consultant": ("consulent", "jobcoach"),
}


def role_buttons() -> list[dict[str, str]]:
    return [
        {"title": say(ROLE_BUTTON_TEXTS[role]), "payload": p} for role, p in ROLE_PAYLOADS.items()
    ]


def chosen_role(text: str) -> str | None:
    """The role a press or a typed answer to the role question names, if any."""
    said = " ".join(text.lower().split()).strip(" .!/")
    for role, words in _ROLE_WORDS.items():
        options = {
            *words,
            ROLE_PAYLOADS[role].lstrip("/"),
            say(ROLE_BUTTON_TEXTS[role]).lower(),
        }
        if said in options:
            return role
    return None


def is_link_attempt(text: str) -> bool:
    """`/start <code>` (read as link_account): linking decides the role, so it is not asked."""
    return text.startswith("/link_account")


UNREADABLE = {
    "sticker",
    "photo",
    "voice",
    "video",
    "video_note",
    "audio",
    "document",
    "animation",
    "location",
    "contact",
    "poll",
    "dice",
}


@dataclass(frozen=True)
class Incoming:
    """What to do with one update."""

    kind: str  # message | button | unreadable | ignore
    chat_id: int | None = None
    text: str = ""
    callback_id: str | None = None
    message_id: int | None = None


def sender_id(chat_id: int) -> str:
    return f"tg-{chat_id}"


def chat_id_of(sender: str) -> int:
    return int(sender.removeprefix("tg-"))


def user_text(text: str) -> str:
    """Typed text: '/start CODE' links, '/start' greets, other slash-commands are plain text
    (a typed '/something' must not be taken as an intent)."""
    text = (text or "").strip()
    if text.split(" ")[0].split("@")[0] == "/start":
        code = text.partition(" ")[2].strip()
        if code:
            return payload("link_account", invite_code=code[:40])
        return "/greet"
    return text.lstrip("/").strip() if text.startswith("/") else text


def parse_update(update: object) -> Incoming:
    if not isinstance(update, dict):
        return Incoming("ignore")
    callback = update.get("callback_query")
    if isinstance(callback, dict):
        message = callback.get("message") or {}
        chat = (message.get("chat") or {}).get("id")
        if not isinstance(chat, int) or not isinstance(callback.get("data"), str):
            return Incoming("ignore")
        return Incoming(
            "button", chat, callback["data"], str(callback.get("id")), message.get("message_id")
        )
    message = update.get("message")
    if not isinstance(message, dict):
        return Incoming("ignore")  # edited messages, channel posts, member updates...
    chat = (message.get("chat") or {}).get("id")
    if not isinstance(chat, int):
        return Incoming("ignore")
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return Incoming("message", chat, user_text(text))
    if UNREADABLE & set(message):
        return Incoming("unreadable", chat)
    return Incoming("ignore", chat)


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split at paragraph, line or word boundaries, never inside a word if avoidable."""
    parts: list[str] = []
    rest = text or ""
    while len(rest) > limit:
        cut = max(
            rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit)
        )
        if cut <= 0:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return [p for p in parts if p] or [""]


class Payloads:
    """Telegram allows 64 bytes of callback data; longer payloads get a short key."""

    def __init__(self, size: int = 5000) -> None:
        self._map: OrderedDict[str, str] = OrderedDict()
        self._size = size

    def short(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_DATA and not payload.startswith("k:"):
            return payload
        key = "k:" + hashlib.sha256(payload.encode()).hexdigest()[:16]
        self._map[key] = payload
        self._map.move_to_end(key)
        while len(self._map) > self._size:
            self._map.popitem(last=False)
        return key

    def full(self, data: str) -> str | None:
        if data.startswith("k:"):
            return self._map.get(data)
        return data
