"""A jobcoach takes over a conversation (issue 5): pause the bot, relay messages both
ways, and resume it when the escalation is closed.

Rasa has no handoff of its own: the conversation is paused with a `pause` event
(ConversationPaused) through Rasa's HTTP API (bot.rasa_client); while paused Rasa still
records the candidate's messages, which the dashboard reads from the tracker. The
jobcoach's replies are relayed by bot.channels.delivery: to the candidate's channel, and into the
tracker, so the history stays complete. Blocking calls: the portal runs them in a thread.
"""

from __future__ import annotations

from typing import Any

from bot.catalogue import say
from bot.channels import delivery
from bot.rasa_client import RasaClient


def take_over(
    rasa: RasaClient, conversation_id: str | None, channel: str | None, jobcoach_name: str
) -> None:
    rasa.pause(delivery.reachable(conversation_id))
    text = say("escalations.taken_over", name=jobcoach_name)
    delivery.relay(rasa, conversation_id, channel, text)


def give_back(rasa: RasaClient, conversation_id: str | None, channel: str | None) -> None:
    rasa.resume(delivery.reachable(conversation_id))
    delivery.relay(rasa, conversation_id, channel, say("escalations.given_back"))


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
