"""The python-telegram-bot `Bot` outside Rasa's channel, for the poller and bot.channels.delivery
(jobcoach notifications, handoff replies). TELEGRAM_TOKEN, and TELEGRAM_BASE_URL for tests."""

from __future__ import annotations

from telegram import Bot

from bot import settings


def bot_from_env() -> Bot:
    config = settings.current()
    kwargs = {"base_url": config.telegram_base_url} if config.telegram_base_url else {}
    return Bot(settings.require(config.telegram_token, "TELEGRAM_TOKEN"), **kwargs)
