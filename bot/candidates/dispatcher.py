"""The scheduler process: every tick it sends the check-ins that are due to the candidate's
conversation through Rasa's `trigger_intent` API, tells again about meldingen nobody took in
time, works the jobcoach notification outbox (e-mail, Telegram), wipes conversations whose
deletion was asked for, and (hourly) removes data past the retention period.

`python -m bot.candidates.dispatcher` (started by `make run` via bot/run.py). Settings
(bot.settings): RASA_URL, RASA_TOKEN, PRAKTIJKBOT_DB_URL, TRACKER_DB_URL,
PRAKTIJKBOT_TICK_SECONDS (default 5, so jobcoach notifications leave within seconds),
PRAKTIJKBOT_DISPATCH_WORKERS (default 4).
Logs counts only, never names or messages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import signal
import threading
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot import settings
from bot.candidates.privacy import process_deletions, purge_expired, retention_days
from bot.candidates.scheduler import Delivery, RunResult, run_once
from bot.channels.delivery import proactive, reachable
from bot.escalations import handoff
from bot.escalations.notifications import default_senders, send_pending
from bot.escalations.owners import reescalate_overdue
from bot.launch.logs import protect
from bot.rasa_client import RasaClient, RasaError
from bot.store import once
from bot.store.engine import session

log = logging.getLogger("praktijkbot.dispatcher")
PURGE_EVERY = dt.timedelta(hours=1)


def intent_for(delivery: Delivery) -> str:
    return "EXTERNAL_followup" if delivery.kind.startswith("nazorg") else "EXTERNAL_checkin"


def _entities(checkin: Delivery) -> dict[str, str]:
    return {"checkin_id": str(checkin.id), "reminder": "ja" if checkin.reminder else "nee"}


def confirmed(events: list[dict[str, Any]], checkin: Delivery, last_turn_only: bool) -> bool:
    """Did this delivery start the check-in? Its action answers every trigger by setting the
    `checkin_id` slot, then the form asks its first question (an active loop). A trigger
    whose actions failed (the action server was down) lacks them, and Rasa still answers 200."""
    intent, wanted = intent_for(checkin), _entities(checkin)
    seen = matching = started = False
    for event in events:
        kind = event.get("event")
        if kind == "user":
            parse = event.get("parse_data") or {}
            given = {e.get("entity"): str(e.get("value")) for e in parse.get("entities") or []}
            name = (parse.get("intent") or {}).get("name")
            matching = name == intent and all(given.get(k) == v for k, v in wanted.items())
            started = False
            seen = seen and not last_turn_only
        elif matching and kind == "slot" and event.get("name") == "checkin_id":
            started = started or str(event.get("value")) == wanted["checkin_id"]
        elif started and kind == "active_loop" and event.get("name"):
            seen = True
    return seen


class CheckinDelivery:
    """Delivers a check-in: Rasa's `trigger_intent`, on the candidate's channel, confirmed by
    the conversation that comes back. Again after a failure, a check-in the conversation
    shows as delivered is not triggered again on Telegram (the candidate would see it twice);
    the web widget's copy is kept once by the idempotency key instead, so there it is
    triggered again (its messages may not have been kept the first time)."""

    def __init__(self, rasa: RasaClient) -> None:
        self.rasa = rasa

    def __call__(self, checkin: Delivery) -> bool:
        conversation = reachable(checkin.conversation_id)
        if checkin.attempts and checkin.channel != "web":
            if confirmed(self.rasa.events(conversation), checkin, last_turn_only=False):
                return True
        try:
            turn = proactive(
                self.rasa,
                conversation,
                checkin.channel,
                intent_for(checkin),
                _entities(checkin),
                checkin.key,
            )
        except RasaError:
            return False
        return confirmed(turn.events, checkin, last_turn_only=True)


def tracker_engine(url: str | None) -> Engine | None:
    return create_engine(url, future=True) if url else None


def tick(
    deliver: CheckinDelivery, tracker: Engine | None, now: dt.datetime, workers: int, purge: bool
) -> RunResult:
    with session() as s:
        result = run_once(s, now, deliver, workers=workers)
        if tracker is not None:
            process_deletions(s, tracker, now)
        if purge:
            purge_expired(s, tracker, now, retention_days())
            once.purge(s, now)
        again = reescalate_overdue(s, now)  # before the outbox: its alerts leave this tick
        if again:
            log.info("meldingen niet op tijd opgepakt, opnieuw gemeld=%d", again)
        outbox = send_pending(s, now, default_senders())
        if outbox.sent or outbox.failed or outbox.recovered or outbox.dead or outbox.void:
            log.info(
                "meldingen verstuurd=%d mislukt=%d hersteld=%d dood=%d vervallen=%d",
                outbox.sent,
                outbox.failed,
                outbox.recovered,
                outbox.dead,
                outbox.void,
            )
    given_back = handoff.finish_pending(deliver.rasa, now)
    if given_back:
        log.info("gesprekken teruggegeven aan de bot=%d", given_back)
    return result


def main(argv: list[str] | None = None) -> int:
    config = settings.load_or_exit()
    parser = argparse.ArgumentParser(description="praktijkbot check-in scheduler")
    parser.add_argument("--rasa-url", default=config.rasa_url)
    parser.add_argument("--token", default=config.rasa_token)
    parser.add_argument("--tracker-db-url", default=config.tracker_db_url)
    parser.add_argument("--tick", type=float, default=config.tick_seconds)
    parser.add_argument("--workers", type=int, default=config.dispatch_workers)
    args = parser.parse_args(argv)
    protect((args.token,))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    deliver = CheckinDelivery(RasaClient(args.rasa_url, args.token))
    tracker = tracker_engine(args.tracker_db_url)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    last_purge = dt.datetime.min
    log.info("gestart: elke %.0f s", args.tick)
    while not stopping.is_set():
        now = dt.datetime.utcnow()
        purge = now - last_purge >= PURGE_EVERY
        try:
            result = tick(deliver, tracker, now, args.workers, purge)
        except Exception:  # noqa: BLE001 - keep running; the next tick tries again
            log.exception("tick mislukt")
        else:
            if purge:
                last_purge = now
            if any(vars(result).values()):
                log.info(
                    "verstuurd=%d herinnerd=%d mislukt=%d gemarkeerd=%d onbereikbaar=%d "
                    "dood=%d hersteld=%d wacht=%d",
                    result.sent,
                    result.reminded,
                    result.failed,
                    result.flagged,
                    result.unreachable,
                    result.dead,
                    result.recovered,
                    result.waiting,
                )
        stopping.wait(args.tick)
    log.info("gestopt")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
