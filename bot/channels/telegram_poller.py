"""Telegram polling mode for local use without a public URL (started by `make run` when
TELEGRAM_TOKEN is set and TELEGRAM_WEBHOOK_URL is not).

Fetches updates with getUpdates (python-telegram-bot, in its own process, never inside
Rasa's Sanic) and hands each one to Rasa's Telegram webhook, with the secret token, just
as Telegram would in webhook mode. An update is acknowledged (offset) only after Rasa
took it. `--set-webhook URL` registers webhook mode instead and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

import aiohttp
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot import settings
from bot.channels.telegram_bot import bot_from_env
from bot.launch.logs import protect

log = logging.getLogger("praktijkbot.telegram")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def poll(rasa_url: str, secret: str, stop: asyncio.Event, timeout: int = 20) -> None:
    bot = bot_from_env()
    await bot.initialize()
    await bot.delete_webhook()
    offset = None
    webhook = f"{rasa_url.rstrip('/')}/webhooks/telegram/webhook"
    async with aiohttp.ClientSession() as http:
        while not stop.is_set():
            try:
                updates = await bot.get_updates(offset=offset, timeout=timeout)
            except RetryAfter as exc:
                await asyncio.sleep(float(getattr(exc.retry_after, "seconds", exc.retry_after)))
                continue
            except (TimedOut, NetworkError):
                await asyncio.sleep(2)
                continue
            for update in updates:
                try:
                    async with http.post(
                        webhook, json=update.to_dict(), headers={SECRET_HEADER: secret}
                    ) as resp:
                        delivered = resp.status < 500
                except aiohttp.ClientError:
                    delivered = False
                if not delivered:
                    await asyncio.sleep(2)
                    break  # not acknowledged: fetched again next round
                offset = update.update_id + 1
    await bot.shutdown()


async def set_webhook(url: str, secret: str) -> None:
    bot = bot_from_env()
    async with bot:
        await bot.set_webhook(url=url, secret_token=secret)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set-webhook", metavar="URL")
    args = parser.parse_args()
    config = settings.load_or_exit(required=("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET"))
    protect()  # also: httpx's log lines contain the token
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    secret = config.telegram_webhook_secret
    if args.set_webhook:
        asyncio.run(set_webhook(args.set_webhook, secret))
        return 0
    stop = asyncio.Event()

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await poll(config.rasa_url, secret, stop)

    asyncio.run(run())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
