"""The web widget's channel in Rasa: REST-like, but only the portal may call it.

The portal (bot/portal) relays the browser's messages here with the shared secret in
X-Portal-Secret; without it: 403. The conversation id decides the role: `web-...` is a
candidate, `webc-...` a consultant; the role travels in the message metadata
(bot.actions.common.role_of). Which candidate, the actions look up by conversation
(bot.candidates.linking.candidate_for).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import (
    CollectingOutputChannel,
    InputChannel,
    OutputChannel,
    UserMessage,
)
from sanic import Blueprint, response
from sanic.request import Request

from bot import settings
from bot.channels.webhook import webhook_blueprint
from bot.escalations.watch import after_message

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Portal-Secret"


def role_of(conversation_id: str) -> str | None:
    if conversation_id.startswith("webc-"):
        return "consultant"
    if conversation_id.startswith("web-"):
        return "candidate"
    return None


class WebInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WebInput:
        secret = (credentials or {}).get("portal_secret") or settings.current().portal_secret
        return cls(secret)

    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("Het webkanaal heeft een portaalgeheim nodig (PORTAL_SECRET).")
        self.secret = secret

    def get_output_channel(self) -> OutputChannel | None:
        return None  # proactive messages come back in trigger_intent's response

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def receive(request: Request) -> response.HTTPResponse:
            body = request.json if isinstance(request.json, dict) else {}
            sender = str(body.get("sender") or "")
            text = body.get("message")
            if role_of(sender) is None or not isinstance(text, str):
                return response.json({"error": "sender of message ontbreekt"}, status=400)
            metadata = {"role": role_of(sender)}
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel="web", metadata=metadata)
                )
            except Exception:  # noqa: BLE001 - answer the page, keep the conversation
                log.exception("web: bericht kon niet worden verwerkt")
            # Also while a jobcoach has the conversation (Rasa is paused): safety first.
            sent = [str(m.get("text") or "") for m in collector.messages]
            for extra in await asyncio.to_thread(after_message, sender, text, sent):
                collector.messages.append({"recipient_id": sender, "text": extra})
            return response.json(collector.messages)

        return webhook_blueprint("web_webhook", SECRET_HEADER, self.secret, receive)
