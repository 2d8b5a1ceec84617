"""Telegram as a custom Rasa input channel, on python-telegram-bot (issue 4).

Webhook: Telegram (or bot.channels.telegram_poller in polling mode) POSTs updates to
/webhooks/telegram/webhook with the secret token in X-Telegram-Bot-Api-Secret-Token;
without it: 403. One shared `telegram.Bot` (initialised once, never `run_polling()`
inside Sanic), with a configurable `base_url` so tests use a local fake Bot API.

An update that arrives twice (a poller that restarted before it acknowledged, a webhook
Telegram retried) is answered once: its update_id is an idempotency key (bot.store.once).

Out: buttons become an inline keyboard; a press becomes the button's payload (and the
keyboard is removed so it cannot be pressed twice); texts over 4,096 characters are
split; RetryAfter (429) is waited out; a user who blocked the bot is marked unreachable
and the jobcoach gets an escalation record. `get_output_channel()` works outside a
request, so `trigger_intent?output_channel=telegram` delivers check-ins.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sqlalchemy.exc import IntegrityError
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.candidates.linking import (
    choose_role,
    conversation_role,
    hold_until_role,
    mark_unreachable,
)
from bot.catalogue import say
from bot.channels.telegram_format import (
    MAX_UPDATE_BYTES,
    ROLE_CHOSEN_TEXTS,
    Payloads,
    chat_id_of,
    chosen_role,
    is_link_attempt,
    parse_update,
    role_buttons,
    sender_id,
    split_text,
)
from bot.channels.webhook import webhook_blueprint
from bot.escalations.watch import after_message
from bot.store import once
from bot.store.engine import session

log = logging.getLogger(__name__)
logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines contain the bot token
MAX_RETRIES = 3
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Who writes (bot.actions.common.role_of) is known from linking (a staff member or a
# candidate) or asked once; which candidate, the actions look up by conversation.


def _seconds(value: Any) -> float:
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def _mark_unreachable(conversation_id: str) -> None:
    with session() as s:
        mark_unreachable(s, conversation_id, dt.datetime.utcnow())


class TelegramClient:
    """One Bot for the whole process; initialised on first use."""

    def __init__(self, token: str, base_url: str | None) -> None:
        kwargs = {"base_url": base_url} if base_url else {}
        self.bot = Bot(token, **kwargs)
        self.payloads = Payloads()
        self._ready = False
        self._lock: asyncio.Lock | None = None

    async def ready(self) -> Bot:
        if not self._ready:
            self._lock = self._lock or asyncio.Lock()
            async with self._lock:
                if not self._ready:
                    await self.bot.initialize()
                    self._ready = True
        return self.bot

    async def call(self, conversation_id: str, method: str, **kwargs: Any) -> Any:
        bot = await self.ready()
        for attempt in range(MAX_RETRIES + 1):
            try:
                return await getattr(bot, method)(**kwargs)
            except RetryAfter as exc:
                if attempt == MAX_RETRIES:
                    raise
                await asyncio.sleep(_seconds(exc.retry_after))
            except Forbidden:
                await asyncio.to_thread(_mark_unreachable, conversation_id)
                log.info("telegram: gesprek onbereikbaar (bot geblokkeerd)")
                return None
        return None


class TelegramOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    def __init__(self, client: TelegramClient) -> None:
        self.client = client
        self.sent: list[str] = []  # the texts of this turn (bot.escalations.watch)

    async def _send(self, recipient_id: str, text: str, markup: Any = None) -> None:
        self.sent.append(text)
        parts = split_text(text)
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            await self.client.call(
                recipient_id,
                "send_message",
                chat_id=chat_id_of(recipient_id),
                text=part,
                reply_markup=markup if last else None,
            )

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        rows = [
            [
                InlineKeyboardButton(
                    str(b.get("title"))[:60],
                    callback_data=self.client.payloads.short(str(b.get("payload"))),
                )
            ]
            for b in buttons
        ]
        await self._send(recipient_id, text, InlineKeyboardMarkup(rows))

    async def send_quick_replies(self, recipient_id, text, quick_replies, **kwargs) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send(recipient_id, image)

    async def send_attachment(self, recipient_id: str, attachment: str, **kwargs: Any) -> None:
        await self._send(recipient_id, attachment)

    async def send_custom_json(self, recipient_id, json_message, **kwargs) -> None:
        text = json_message.get("text") if isinstance(json_message, dict) else None
        if text:
            await self._send(recipient_id, str(text))


class TelegramInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> TelegramInput:
        credentials = credentials or {}
        return cls(
            credentials.get("token") or "",
            credentials.get("webhook_secret") or "",
            credentials.get("base_url") or None,
        )

    def __init__(self, token: str, webhook_secret: str, base_url: str | None = None) -> None:
        if not token or not webhook_secret:
            raise ValueError("Telegram heeft een token en een webhook-geheim nodig.")
        self.secret = webhook_secret
        self.client = TelegramClient(token, base_url)

    def get_output_channel(self) -> OutputChannel:
        return TelegramOutput(self.client)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        async def receive(request: Request) -> response.HTTPResponse:
            body = request.body or b""
            if len(body) > MAX_UPDATE_BYTES:
                return response.text("ignored")  # 200: Telegram must not send it again
            try:
                update = json.loads(body)
            except ValueError:
                return response.text("ignored")
            update_id = update.get("update_id") if isinstance(update, dict) else None
            key = f"telegram:{update_id}" if type(update_id) is int else None
            if key is not None:
                claimed = await asyncio.to_thread(_claim, key)
                if claimed != "new":  # handled, or being handled: answered once
                    return response.text(claimed, status=200 if claimed == "done" else 409)
            try:
                await self.handle(update, on_new_message)
            finally:
                if key is not None:
                    await asyncio.to_thread(_finish, key)
            return response.text("ok")

        return webhook_blueprint("telegram_webhook", SECRET_HEADER, self.secret, receive)

    async def handle(
        self, update: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> None:
        incoming = parse_update(update)
        if incoming.kind == "ignore" or incoming.chat_id is None:
            return
        conversation = sender_id(incoming.chat_id)
        output = TelegramOutput(self.client)
        if incoming.kind == "unreadable":
            await output.send_text_message(conversation, say("channels.only_text"))
            return
        text = incoming.text
        if incoming.kind == "button":
            await self._acknowledge(conversation, incoming)
            text = self.client.payloads.full(incoming.text)
            if text is None:
                await output.send_text_message(conversation, say("channels.old_button"))
                return
        role = await asyncio.to_thread(_role_of, conversation)
        if role is None:
            role, text = await self._settle_role(conversation, text, output)
            if role is None or text is None:
                return
        try:
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    conversation,
                    input_channel=self.name(),
                    metadata={"role": role},
                )
            )
        except Exception:  # noqa: BLE001 - the update must not be redelivered forever
            log.exception("telegram: bericht kon niet worden verwerkt")
        # Also while a jobcoach has the conversation (Rasa is paused): safety first.
        for extra in await asyncio.to_thread(after_message, conversation, text, output.sent):
            await output.send_text_message(conversation, extra)

    async def _settle_role(
        self, conversation: str, text: str, output: TelegramOutput
    ) -> tuple[str | None, str | None]:
        """An unknown chat: a link code goes through (as a candidate); an answer to the role
        question stores it and releases the first message; anything else waits for it."""
        if is_link_attempt(text):
            return "candidate", text
        role = chosen_role(text)
        if role is not None:
            pending = await asyncio.to_thread(_choose_role, conversation, role)
            await output.send_text_message(conversation, say(ROLE_CHOSEN_TEXTS[role]))
            return role, pending
        await asyncio.to_thread(_hold, conversation, text)
        await output.send_text_with_buttons(
            conversation, say("channels.role_question"), role_buttons()
        )
        return None, None

    async def _acknowledge(self, conversation: str, incoming) -> None:
        try:
            await self.client.call(
                conversation, "answer_callback_query", callback_query_id=incoming.callback_id
            )
            if incoming.message_id is not None:
                await self.client.call(
                    conversation,
                    "edit_message_reply_markup",
                    chat_id=incoming.chat_id,
                    message_id=incoming.message_id,
                    reply_markup=None,
                )
        except (BadRequest, TelegramError):
            log.info("telegram: knop kon niet worden bevestigd")


def _claim(key: str) -> str:
    with session() as s:
        return once.claim(s, key, dt.datetime.utcnow())


def _finish(key: str) -> None:
    with session() as s:
        once.finish(s, key, dt.datetime.utcnow())


def _role_of(conversation: str) -> str | None:
    with session() as s:
        return conversation_role(s, conversation)


def _twice(write):
    """Two messages of a new chat at once both insert its row; the second try updates it."""
    try:
        with session() as s:
            return write(s)
    except IntegrityError:
        with session() as s:
            return write(s)


def _hold(conversation: str, text: str) -> None:
    _twice(lambda s: hold_until_role(s, conversation, text, dt.datetime.utcnow()))


def _choose_role(conversation: str, role: str) -> str | None:
    return _twice(lambda s: choose_role(s, conversation, role, dt.datetime.utcnow()))
