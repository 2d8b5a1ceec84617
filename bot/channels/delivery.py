"""Getting messages to a candidate, on the channel their conversation is on: the one way out.

- Proactive (a check-in from the scheduler): Rasa writes the messages (`trigger_intent`).
  On Telegram, Rasa's own output channel sends them, because that process remembers the
  long button payloads it shortened; the web widget has no open connection, so the
  messages are kept for the page to fetch. A delivery may be repeated after a crash (at
  least once); its idempotency key keeps the page's copy single.
- Relayed (a jobcoach's reply in the dashboard): the text goes out as it is, through the
  Telegram Bot API or kept for the page, and is written into the conversation's history.

The jobcoach's own Telegram notifications leave through `send_telegram` as well.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from typing import Any

from bot.catalogue import say
from bot.channels.telegram_bot import bot_from_env
from bot.channels.telegram_format import chat_id_of
from bot.portal.webchat import store
from bot.rasa_client import RasaClient, Turn
from bot.store import once
from bot.store.engine import session


class Unreachable(Exception):
    """The candidate has no conversation the assistant can reach."""


class Paused(Exception):
    """A jobcoach has taken the conversation over: the bot says nothing until it is given
    back, so a proactive message waits."""


def send_telegram(chat_id: int | str, text: str) -> None:
    """One text through the Bot API (TELEGRAM_TOKEN; TELEGRAM_BASE_URL in the tests)."""

    async def send() -> None:
        async with bot_from_env() as bot:
            await bot.send_message(chat_id=int(chat_id), text=text)

    asyncio.run(send())


def keep_for_page(
    conversation_id: str, messages: list[dict[str, Any]], key: str | None = None
) -> None:
    """Messages the web widget's page fetches from the portal (it polls for them). With a
    key, a message that was kept before under the same key is not kept again."""
    with session() as s:
        for i, message in enumerate(messages):
            store(s, conversation_id, "bot", message, f"{key}:{i}" if key else None)
        s.commit()


def reachable(conversation_id: str | None) -> str:
    """The conversation id; Unreachable when the candidate has none."""
    if not conversation_id:
        raise Unreachable(say("dashboard.no_conversation"))
    return conversation_id


def proactive(
    rasa: RasaClient,
    conversation_id: str | None,
    channel: str | None,
    intent: str,
    entities: dict[str, str],
    key: str | None = None,
) -> Turn:
    """Start a conversation turn for the candidate; `key` is the same for every attempt at
    this message. Raises Unreachable without a conversation, Paused while a jobcoach has it,
    RasaError when Rasa did not take it (try again later)."""
    conversation = reachable(conversation_id)
    turn = rasa.trigger_intent(conversation, intent, entities, channel or "latest")
    if turn.paused:
        raise Paused(conversation)
    if channel == "web":
        keep_for_page(conversation, turn.messages, key)
    return turn


def _once(key: str | None, step: str, conversation: str, do) -> None:
    """`do()` unless it was done before under this key; a failure leaves it to be done."""
    if key is None:
        do()
        return
    # The conversation id only as a hash: handled_keys outlives a deleted candidate by a week.
    handled = f"{step}:{hashlib.sha256(conversation.encode()).hexdigest()[:24]}:{key}"
    with session() as s:
        if not once.first_time(s, handled, dt.datetime.utcnow()):
            return
    try:
        do()
    except Exception:
        with session() as s:
            once.forget(s, handled)
        raise


def relay(
    rasa: RasaClient,
    conversation_id: str | None,
    channel: str | None,
    text: str,
    sender: str = "jobcoach",
    key: str | None = None,
) -> None:
    """A message written by a person: to the candidate's channel and into the history.
    With a key (the same for every attempt at this message), a step that was done before is
    not done again: the candidate gets it once, the history holds it once."""
    conversation = reachable(conversation_id)

    def out() -> None:
        if channel == "telegram":
            send_telegram(chat_id_of(conversation), text)
        elif channel == "web":
            keep_for_page(conversation, [{"text": text}])

    metadata = {"van": sender, **({"sleutel": key} if key else {})}
    _once(key, "kanaal", conversation, out)
    _once(
        key,
        "geschiedenis",
        conversation,
        lambda: rasa.add_bot_message(conversation, text, metadata),
    )
