"""`make bench` (second part): the check-in scheduler with 10,000 candidates due.

1. Fills a fresh SQLite database with N candidates, each with a traject and a due
   check-in, and shows the query plan of the due-query (it must use the index).
2. Dispatches them with the real scheduler and the real HTTP delivery
   (`trigger_intent`) to a local endpoint that answers at once, so the number is
   the scheduler's own speed: select, claim, look up the conversation, POST.
3. The same on PostgreSQL with one, then two real scheduler processes at once
   (tools/bench_schedulers.py): rate, ratio and the proof that each was sent exactly once.
4. With --rasa N (default 200): the same against the real Rasa server and action
   server, where each check-in runs a full turn (start action, form, first question).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import web
from sqlalchemy import create_engine, insert, select, text

from bot.candidates.dispatcher import CheckinDelivery
from bot.candidates.scheduler import run_once
from bot.launch.ports import free_port
from bot.rasa_client import RasaClient
from bot.run import Stack
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Traject
from tools.thread_server import serve_in_thread

NOW = dt.datetime(2027, 1, 15, 10, 0)


def fill(url: str, n: int, due_at: dt.datetime = NOW) -> None:
    session(url).close()  # migrate
    engine = create_engine(url, future=True)
    with engine.begin() as conn:
        conn.execute(
            insert(Candidate),
            [
                {"id": i, "first_name": f"K{i}", "conversation_id": f"bench-{i}", "channel": "rest"}
                for i in range(1, n + 1)
            ],
        )
        conn.execute(
            insert(Traject),
            [
                {"id": i, "candidate_id": i, "leerbedrijf": "Bedrijf", "status": "actief"}
                for i in range(1, n + 1)
            ],
        )
        conn.execute(
            insert(CheckIn),
            [
                {"traject_id": i, "kind": "voortgang", "status": "gepland", "due_at": due_at}
                for i in range(1, n + 1)
            ],
        )


def query_plan(url: str) -> str:
    engine = create_engine(url, future=True)
    query = select(CheckIn).where(CheckIn.status == "gepland", CheckIn.due_at <= NOW)
    compiled = query.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        rows = conn.execute(text(f"EXPLAIN QUERY PLAN {compiled}")).all()
    return "; ".join(str(r[-1]) for r in rows)


class Sink:
    """A local trigger_intent endpoint that records what it receives: the check-in, the
    token of the scheduler that sent it, and when the last one came."""

    def __init__(self) -> None:
        self.received: list[str] = []
        self.tokens: list[str] = []
        self.last_at: float | None = None
        self.port = free_port()
        self.stop: Callable[[], None] = lambda: None

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body["entities"]["checkin_id"])
        self.tokens.append(request.query.get("token", ""))
        self.last_at = time.perf_counter()
        # What Rasa returns once the check-in action ran: the trigger, then its slot.
        entities = [{"entity": k, "value": v} for k, v in body["entities"].items()]
        trigger = {"intent": {"name": body["name"]}, "entities": entities}
        started = {"event": "slot", "name": "checkin_id", "value": body["entities"]["checkin_id"]}
        form = {"event": "active_loop", "name": "checkin_form"}
        events = [{"event": "user", "parse_data": trigger}, started, form]
        return web.json_response({"tracker": {"events": events}, "messages": []})

    def start(self) -> None:
        app = web.Application()
        app.router.add_post("/conversations/{cid}/trigger_intent", self.handle)
        self.stop = serve_in_thread(app, self.port)


def dispatch(url: str, deliver, workers: int, n: int) -> tuple[float, int, int]:
    with session(url) as s:
        start = time.perf_counter()
        result = run_once(s, NOW, deliver, limit=n, workers=workers)
        seconds = time.perf_counter() - start
        sent = s.execute(
            text("SELECT count(*) FROM checkins WHERE status = 'verstuurd'")
        ).scalar_one()
    return seconds, result.sent, sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--rasa", type=int, default=200, help="0: skip the real Rasa part")
    parser.add_argument("--pg", type=int, default=10_000, help="0: skip the PostgreSQL part")
    parser.add_argument("--tick", type=float, default=0.2, help="seconds between ticks (PG)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--train", action="store_true", help=argparse.SUPPRESS)  # make bench
    args = parser.parse_args()
    if args.quick:
        args.n, args.rasa, args.pg = min(args.n, 500), min(args.rasa, 10), min(args.pg, 500)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        t0 = time.perf_counter()
        fill(url, args.n)
        print(
            f"Planner: {args.n} kandidaten met een check-in klaargezet in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        print(f"  query plan: {query_plan(url)}")
        sink = Sink()
        sink.start()
        deliver = CheckinDelivery(RasaClient(f"http://127.0.0.1:{sink.port}", "bench"))
        seconds, sent, in_db = dispatch(url, deliver, args.workers, args.n)
        unique = len(set(sink.received))
        print(
            f"  verstuurd: {sent} in {seconds:.1f} s = {sent / seconds:.0f} per seconde "
            f"({args.workers} tegelijk); ontvangen {len(sink.received)}, uniek {unique}, "
            f"status verstuurd in db {in_db}"
        )
        with session(url) as s:
            again = run_once(s, NOW, deliver, limit=args.n, workers=args.workers)
        print(f"  tweede ronde: {again.sent} opnieuw verstuurd (moet 0 zijn)")
    if args.pg:
        from tools.bench_schedulers import bench, report

        with tempfile.TemporaryDirectory() as tmp:
            runs = bench(args.pg, args.workers, args.tick, Path(tmp))
        print("\n".join(report(runs)), flush=True)
    if args.rasa:
        with tempfile.TemporaryDirectory() as tmp:
            var = Path(tmp)
            url = f"sqlite:///{var / 'praktijkbot.db'}"
            fill(url, args.rasa)
            import os

            os.environ["PRAKTIJKBOT_DB_URL"] = url
            stack = Stack(rasa_port=free_port(), action_port=free_port(), var_dir=var)
            stack.start()
            try:
                deliver = CheckinDelivery(RasaClient(stack.rasa_url, stack.token))
                seconds, sent, _ = dispatch(url, deliver, args.workers, args.rasa)
            finally:
                stack.stop()
            print(
                f"Met de echte Rasa-server ({args.rasa} check-ins, elk een volledige beurt): "
                f"{sent} in {seconds:.1f} s = {sent / seconds:.1f} per seconde"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
