"""One process of the assistant for a service manager (deploy/systemd, docs/deploy.md).

    python -m bot.launch.service rasa|actions|dispatcher|portal|telegram
    python -m bot.launch.service health [--restart]

The first form runs that process in the foreground, with the very command line `make run`
uses (bot.run.Stack), so the two cannot drift apart; systemd restarts it when it stops.
The processes of one installation share RASA_TOKEN, PORTAL_SECRET, ACTION_SECRET and, with
Telegram, TELEGRAM_WEBHOOK_SECRET: a separate start cannot make them up, so they are required here.

`health` asks every HTTP process for its health URL and exits 1 when one does not answer;
with `--restart` it also restarts that unit (`systemctl restart praktijkbot-NAME`): the
systemd timer does this every minute, so a process that hangs is restarted too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from bot import settings
from bot.launch.ports import http_status
from bot.run import Stack

SERVICES = ("actions", "rasa", "dispatcher", "portal", "telegram")
REQUIRED = {
    "actions": ("ACTION_SECRET",),
    "rasa": ("RASA_TOKEN", "PORTAL_SECRET", "ACTION_SECRET"),
    "dispatcher": ("RASA_TOKEN",),
    "portal": ("RASA_TOKEN", "PORTAL_SECRET"),
    "telegram": ("TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_SECRET"),
}


def health_urls(config: settings.Settings) -> dict[str, str]:
    return {
        "actions": f"http://127.0.0.1:{config.action_port}/health",
        "rasa": f"http://127.0.0.1:{config.rasa_port}/",
        "portal": f"http://127.0.0.1:{config.portal_port}/health",
    }


def health(config: settings.Settings, restart: bool) -> int:
    failing = [
        name for name, url in health_urls(config).items() if http_status(url, timeout=10.0) != 200
    ]
    for name in failing:
        print(f"praktijkbot-{name} antwoordt niet", file=sys.stderr)
        if restart:
            subprocess.run(["systemctl", "restart", f"praktijkbot-{name}.service"], check=False)
    return 1 if failing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("service", choices=(*SERVICES, "health"))
    parser.add_argument("--restart", action="store_true", help="met health: herstart wat hangt")
    args = parser.parse_args(argv)
    config = settings.load_or_exit(required=REQUIRED.get(args.service, ()))
    if args.service == "health":
        return health(config, args.restart)
    stack = Stack.from_settings(config, foreground=True, portal_secret=config.portal_secret)
    getattr(stack, f"start_{args.service}")()  # replaces this process with the service
    return 0  # only Telegram in webhook mode gets here: the webhook is registered


if __name__ == "__main__":
    raise SystemExit(main())
