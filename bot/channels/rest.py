"""The REST channel for consultants, integrations, tests and tools: Rasa's REST contract
(POST /webhooks/rest/webhook, {"sender": "...", "message": "..."}, the bot's messages back
as a JSON list), in a namespace of its own.

- Every conversation here is `rest-<sender>` (a sender that already starts with `rest-`
  keeps its name), so a REST call never reaches a Telegram (`tg-...`) or web (`web-...`)
  conversation, nor the candidate linked to one. Nothing else in the body counts: metadata
  (a role, a candidate id), `input_channel` and `stream` are ignored. Who a conversation's
  candidate is, only the channel that proved it says (Telegram, the portal).
- Every call carries `Authorization: Bearer <REST_TOKEN>`, else 403. REST_CHANNEL=0 leaves
  the channel out altogether (bot.launch.rasa_files).
"""

from __future__ import annotations

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

from bot.channels.webhook import webhook_blueprint

log = logging.getLogger(__name__)
PREFIX = "rest-"
TOKEN_HEADER = "Authorization"
MAX_CONVERSATION_ID = 128  # the length of the column in the project database


def conversation_id(sender: str) -> str:
    """The conversation a REST sender writes in: always one in the REST namespace."""
    return sender if sender.startswith(PREFIX) else PREFIX + sender


def read_body(body: Any) -> tuple[str, str] | None:
    """(conversation id, message) from a request body; None when it is not a REST message.
    Everything else in the body is ignored."""
    if not isinstance(body, dict):
        return None
    sender, text = body.get("sender"), body.get("message")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender or not isinstance(text, str):
        return None
    conversation = conversation_id(sender)
    return (conversation, text) if len(conversation) <= MAX_CONVERSATION_ID else None


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> RestInput:
        return cls((credentials or {}).get("token") or "")

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("Het REST-kanaal heeft een token nodig (REST_TOKEN).")
        self.token = token

    def get_output_channel(self) -> OutputChannel | None:
        return None  # proactive messages come back in trigger_intent's response

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def receive(request: Request) -> response.HTTPResponse:
            try:
                message = read_body(request.json)
            except Exception:  # noqa: BLE001 - Sanic's InvalidUsage: not JSON
                message = None
            if message is None:
                return response.json({"error": "sender of message ontbreekt"}, status=400)
            conversation, text = message
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, conversation, input_channel=self.name())
                )
            except Exception:  # noqa: BLE001 - answer the caller, keep the conversation
                log.exception("rest: bericht kon niet worden verwerkt")
            return response.json(collector.messages)

        return webhook_blueprint("rest_webhook", TOKEN_HEADER, f"Bearer {self.token}", receive)
