"""The python-telegram-bot `Bot` outside Rasa's channel: the poller, jobcoach
notifications and handoff replies. TELEGRAM_TOKEN, and TELEGRAM_BASE_URL for tests."""

from __future__ import annotations

import os

from telegram import Bot


def bot_from_env() -> Bot:
    base_url = os.environ.get("TELEGRAM_BASE_URL")
    kwargs = {"base_url": base_url} if base_url else {}
    return Bot(os.environ["TELEGRAM_TOKEN"], **kwargs)


async def send_text(chat_id: int, text: str) -> None:
    async with bot_from_env() as bot:
        await bot.send_message(chat_id=chat_id, text=text)
