"""`make run-prod`: the production shape on this machine (bot.launch.prod), supervised like
`make run`, until Ctrl-C.

PostgreSQL and Redis come from the settings (PRAKTIJKBOT_DB_URL, TRACKER_DB_URL, REDIS_URL,
in the environment) when all three are given; otherwise Debian's servers are started in
var/prod/ (bot.launch.services; the PostgreSQL cluster and its password stay there between
runs, Redis keeps nothing). nginx listens on RASA_PORT, ACTION_PORT and PORTAL_PORT.
"""

from __future__ import annotations

import contextlib
import signal
import sys
import time
from collections.abc import Iterator

from bot import settings
from bot.launch.ports import local
from bot.launch.prod import ProdStack
from bot.launch.services import Postgres, Redis, ServiceMissing
from bot.portal.auth import ensure_admin
from bot.run import MODEL, ROOT
from bot.store.engine import session
from bot.store.migrate import upgrade

VAR = ROOT / "var" / "prod"


@contextlib.contextmanager
def services(config: settings.Settings) -> Iterator[tuple[str, str, str]]:
    """(project database, tracker database, Redis) URLs: the configured ones, or local
    servers in var/prod/ for as long as the context lasts."""
    given = (config.db_url or "", config.tracker_db_url or "", config.redis_url)
    if all(given) and given[0].startswith("postgresql") and given[1].startswith("postgresql"):
        yield given
        return
    print("PostgreSQL en Redis starten in var/prod/ ...", flush=True)
    postgres = Postgres.in_dir(VAR / "pg").start(durable=True)
    redis = None
    try:
        redis = Redis.in_dir(VAR / "redis").start()
        postgres.create("praktijkbot", exist_ok=True)
        postgres.create("praktijkbot_tracker", exist_ok=True)
        yield postgres.url("praktijkbot"), postgres.url("praktijkbot_tracker"), redis.url
    finally:
        if redis is not None:
            redis.stop()
        postgres.stop()


def banner(stack: ProdStack) -> str:
    return (
        f"\npraktijkbot draait in de productieopzet ({stack.instances} Rasa-instanties, "
        f"{stack.instances} actieservers, {stack.dispatchers} planners, achter nginx).\n"
        f"  REST:      POST {local(stack.rasa_url)}/webhooks/rest/webhook\n"
        f"             header Authorization: Bearer {stack.rest_token}\n"
        f"  API-token: {stack.token}\n"
        f"  Portaal:   {local(stack.portal_url)}/   (dashboard: /dashboard/)\n"
        f"  Logs:      {stack.log_dir}\n"
        "Stoppen: Ctrl-C"
    )


def main() -> int:
    config = settings.load_or_exit()
    if not MODEL.exists():
        print(
            "Geen getraind model gevonden. Gebruik: make run-prod (traint eerst).", file=sys.stderr
        )
        return 1
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    try:
        with services(config) as (db_url, tracker_db_url, redis_url):
            upgrade(db_url)
            with session(db_url) as s:
                generated = ensure_admin(s, config.admin_password or None)
                s.commit()
            if generated:
                print(f"Eerste beheerder: 'beheerder', wachtwoord: {generated} (bewaar het nu)")
            stack = ProdStack(
                var_dir=VAR,
                db_url=db_url,
                tracker_db_url=tracker_db_url,
                redis_url=redis_url,
                rasa_port=config.rasa_port,
                action_port=config.action_port,
                public_port=config.portal_port,
                tick_seconds=config.tick_seconds,
                rest_token=config.rest_token,
                token=config.rasa_token,
                telegram_token=config.telegram_token,
                telegram_base_url=config.telegram_base_url,
                telegram_secret=config.telegram_webhook_secret,
                telegram_webhook_url=config.telegram_webhook_url,
            )
            print("praktijkbot start op (de modellen laden; een minuut of twee)...", flush=True)
            stack.start()
            signal.signal(signal.SIGINT, _stop)
            signal.signal(signal.SIGTERM, _stop)
            print(banner(stack), flush=True)
            try:
                while not stopping and stack.watcher and stack.watcher.gave_up is None:
                    time.sleep(0.5)
                if stack.watcher and stack.watcher.gave_up is not None:
                    print(str(stack.watcher.gave_up), file=sys.stderr)
                    return 1
            finally:
                stack.stop()
                print("praktijkbot is gestopt.", flush=True)
    except (RuntimeError, TimeoutError, ServiceMissing, ValueError) as exc:
        print(f"Starten mislukt: {exc}. Zie {VAR / 'logs'}.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Gestopt.", flush=True)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
