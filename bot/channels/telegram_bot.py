"""The python-telegram-bot `Bot` outside Rasa's channel, for the poller and bot.channels.delivery
(jobcoach notifications, handoff replies). TELEGRAM_TOKEN, and TELEGRAM_BASE_URL for tests."""

from __future__ import annotations

import os

from telegram import Bot


def bot_from_env() -> Bot:
    base_url = os.environ.get("TELEGRAM_BASE_URL")
    kwargs = {"base_url": base_url} if base_url else {}
    return Bot(os.environ["TELEGRAM_TOKEN"], **kwargs)
