"""A jobcoach takes over a conversation (issue 5): pause the bot, relay messages both
ways, and resume it when the escalation is closed.

Rasa has no handoff of its own: the conversation is paused with a `pause` event
(ConversationPaused) through Rasa's HTTP API; while paused Rasa still records the
candidate's messages, which the dashboard reads from the tracker. The jobcoach's replies
go to the candidate's channel (Telegram, or the widget's message store) and are also
written into the tracker, so the history stays complete.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.db import session
from bot.models import Candidate
from bot.telegram_bot import send_text

TAKEN_OVER = "Je jobcoach {name} neemt het gesprek nu over. Je praat nu met een mens."
GIVEN_BACK = "Je jobcoach heeft het gesprek afgesloten. Ik ben er weer. Stel gerust een vraag."


class RasaAPI:
    def __init__(self, url: str, token: str, http: aiohttp.ClientSession) -> None:
        self.url, self.token, self.http = url.rstrip("/"), token, http

    def _path(self, conversation_id: str, tail: str) -> str:
        return f"{self.url}/conversations/{quote(conversation_id, safe='')}/{tail}"

    async def append(self, conversation_id: str, events: list[dict[str, Any]]) -> None:
        async with self.http.post(
            self._path(conversation_id, "tracker/events"),
            params={"token": self.token},
            json=events,
            timeout=aiohttp.ClientTimeout(total=30),
        ) as resp:
            if resp.status != 200:
                raise RuntimeError(f"Rasa antwoordde {resp.status}")

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        async with self.http.get(
            self._path(conversation_id, "tracker"),
            params={"token": self.token},
            timeout=aiohttp.ClientTimeout(total=30),
        ) as resp:
            if resp.status != 200:
                return []
            return (await resp.json()).get("events") or []


async def send_to_candidate(rasa: RasaAPI, candidate: Candidate, text: str) -> None:
    """On the candidate's channel, and into the conversation history."""
    conversation = candidate.conversation_id
    if not conversation:
        raise RuntimeError("Deze kandidaat heeft geen gekoppeld gesprek.")
    if candidate.channel == "telegram":
        await send_text(int(conversation.removeprefix("tg-")), text)
    elif candidate.channel == "web":
        from bot.portal.webchat import store

        with session() as s:
            store(s, conversation, "bot", {"text": text})
            s.commit()
    await rasa.append(
        conversation,
        [{"event": "bot", "text": text, "timestamp": time.time(), "metadata": {"van": "jobcoach"}}],
    )


async def take_over(rasa: RasaAPI, candidate: Candidate, jobcoach_name: str) -> None:
    await rasa.append(candidate.conversation_id, [{"event": "pause", "timestamp": time.time()}])
    await send_to_candidate(rasa, candidate, TAKEN_OVER.format(name=jobcoach_name))


async def give_back(rasa: RasaAPI, candidate: Candidate) -> None:
    await rasa.append(candidate.conversation_id, [{"event": "resume", "timestamp": time.time()}])
    await send_to_candidate(rasa, candidate, GIVEN_BACK)


def conversation_since_pause(events: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Messages after the last pause: who (kandidaat/jobcoach/bot) and the text."""
    start = 0
    for i, event in enumerate(events):
        if event.get("event") == "pause":
            start = i
    out = []
    for event in events[start:]:
        if event.get("event") == "user" and event.get("text"):
            out.append({"wie": "kandidaat", "tekst": event["text"]})
        elif event.get("event") == "bot" and event.get("text"):
            by_coach = (event.get("metadata") or {}).get("van") == "jobcoach"
            out.append({"wie": "jobcoach" if by_coach else "bot", "tekst": event["text"]})
    return out
