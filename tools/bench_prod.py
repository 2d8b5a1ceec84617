"""`make bench` (production shape, issue 14 items 4 and 5): the same multi-turn load on
ProdStack (bot.launch.prod: PostgreSQL, Redis lock store, Rasa instances behind nginx) with
one and with two Rasa instances; then, under load at concurrency 8 on two instances, a
`kill -9` of one instance while check-ins are due, until it is back.

What the kill test counts: the errors the load generator saw (it sends a failed message
again, as Telegram does with a webhook), the seconds from the kill to the last error and to
the instance having its model again, messages lost (answered, but not in Rasa's trackers in
PostgreSQL), messages stored twice, trackers that do not read back, and per check-in how
often it reached the candidate (web: kept for the page once, by its idempotency key).
PostgreSQL and Redis are Debian's servers in a temporary directory (tools.services).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from bot.launch.prod import ProdStack
from bot.launch.services import Postgres, Redis
from bot.store.models import Candidate, CheckIn, Traject
from tools.bench_cpu import Pids, cpu_seconds, postmaster_pid, used
from tools.bench_load import Load, TrackerCheck, check_trackers, conversations, endless, run_load
from tools.bench_retention import bench as retention_bench
from tools.services import postgres_server, redis_server

FAR = dt.datetime(2100, 1, 1)
KILLED = 0  # the instance the kill test kills


@dataclass
class Shape:
    name: str
    instances: int
    loads: dict[int, Load]
    trackers: TrackerCheck | None = None


@dataclass
class Kill:
    load: Load
    restart_s: float  # kill -> the instance has its model again
    recovery_s: float  # kill -> the last error the load generator saw (0: none)
    errors_after_ready: int
    trackers: TrackerCheck
    checkins: int
    checkins_sent: int
    shown: Counter  # check-in id -> times its first message was kept for the page
    triggered: Counter  # check-in conversation -> EXTERNAL_checkin turns in its tracker

    @property
    def checkin_duplicates(self) -> int:
        return sum(1 for n in self.shown.values() if n > 1)

    @property
    def lost_nothing(self) -> bool:
        t = self.trackers
        return (
            not t.lost
            and not t.duplicates
            and not t.unreadable
            and not self.load.given_up
            and self.checkins_sent == self.checkins
            and self.checkin_duplicates == 0
            and len(self.shown) == self.checkins
        )


@dataclass
class Storage:
    events: int = 0
    event_bytes: int = 0  # the events table with its indexes
    messages: int = 0  # user messages among them

    @property
    def bytes_per_event(self) -> float:
        return self.event_bytes / self.events if self.events else 0.0

    @property
    def events_per_message(self) -> float:
        return self.events / self.messages if self.messages else 0.0


@dataclass
class ProdResult:
    shapes: list[Shape] = field(default_factory=list)
    kill: Kill | None = None
    storage: Storage = field(default_factory=Storage)
    retention: list[str] = field(default_factory=list)


def measure(
    url: str,
    token: str,
    texts: list[str],
    sizes: dict[int, int],
    turns: int,
    tag: str,
    pids: Pids | None = None,
) -> dict[int, Load]:
    """A short warm-up, then each concurrency with its own conversations; with `pids`, the
    CPU seconds each process tree used in each run."""
    run_load(url, token, conversations(texts, 4, 2), 2, f"{tag}-warm")
    loads = {}
    for c, n in sizes.items():
        before = cpu_seconds(pids()) if pids else {}
        loads[c] = run_load(url, token, conversations(texts, n, turns), c, f"{tag}-c{c}")
        if pids:
            loads[c].cpu = used(before, cpu_seconds(pids()))
    return loads


def stack_pids(stack: ProdStack, pg: Postgres, redis: Redis) -> Pids:
    def pids() -> dict[str, int]:
        out = {name: proc.pid for name, proc in stack.children.items()}
        out["postgres"] = postmaster_pid(pg.data)
        if redis.proc is not None:
            out["redis"] = redis.proc.pid
        return out

    return pids


def _due_checkins(db_url: str, count: int) -> None:
    """`count` web candidates, each with a check-in that is not due yet."""
    engine = create_engine(db_url, future=True)
    ids = range(1_000_000, 1_000_000 + count)
    with engine.begin() as conn:
        conn.execute(
            insert(Candidate),
            [
                {
                    "id": i,
                    "first_name": "K",
                    "conversation_id": f"web-benchkill{i}",
                    "channel": "web",
                }
                for i in ids
            ],
        )
        conn.execute(
            insert(Traject),
            [{"id": i, "candidate_id": i, "leerbedrijf": "B", "status": "actief"} for i in ids],
        )
        conn.execute(
            insert(CheckIn),
            [
                {"traject_id": i, "kind": "voortgang", "status": "gepland", "due_at": FAR}
                for i in ids
            ],
        )
    engine.dispose()


def _checkin_counts(db_url: str, tracker_url: str) -> tuple[int, int, Counter, Counter]:
    project, trackers = create_engine(db_url, future=True), create_engine(tracker_url, future=True)
    try:
        with project.connect() as conn:
            total, sent = conn.execute(
                text(
                    "SELECT count(*), count(*) FILTER (WHERE c.status = 'verstuurd') "
                    "FROM checkins c JOIN trajecten t ON t.id = c.traject_id "
                    "WHERE t.candidate_id >= 1000000"
                )
            ).one()
            keys = conn.execute(
                text(
                    "SELECT idem_key FROM web_messages "
                    "WHERE conversation_id LIKE :conv AND idem_key LIKE :first"
                ),
                {"conv": "web-benchkill%", "first": "%:0"},
            ).scalars()
            shown = Counter(key.split("-")[1] for key in keys)
        with trackers.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT sender_id FROM events WHERE sender_id LIKE 'web-benchkill%' "
                    "AND type_name = 'user' AND intent_name = 'EXTERNAL_checkin'"
                )
            ).scalars()
            triggered = Counter(rows)
    finally:
        project.dispose()
        trackers.dispose()
    return total, sent, shown, triggered


def kill_test(
    stack: ProdStack,
    texts: list[str],
    concurrency: int = 8,
    turns: int = 4,
    checkins: int = 50,
    warm: float = 3.0,
    after: float = 5.0,
) -> Kill:
    """Load at `concurrency` on every instance; after `warm` s, `checkins` check-ins fall due
    and instance KILLED gets SIGKILL; the supervisor starts it again. The load runs on until
    `after` s past its return and until every check-in was sent (at most 120 s more)."""
    _due_checkins(stack.db_url, checkins)
    stop, result = threading.Event(), {}

    def load() -> None:
        result["load"] = run_load(
            stack.rasa_url,
            stack.rest_token,
            endless(texts, turns),
            concurrency,
            "kill",
            retry=True,
            stop=stop,
        )

    worker = threading.Thread(target=load)
    worker.start()
    try:
        time.sleep(warm)
        engine = create_engine(stack.db_url, future=True)
        with engine.begin() as conn:
            now = dt.datetime.utcnow() - dt.timedelta(seconds=1)
            conn.execute(
                text("UPDATE checkins SET due_at = :now WHERE due_at = :far"),
                {"now": now, "far": FAR},
            )
        engine.dispose()
        killed_at = time.perf_counter()
        stack.kill_instance(KILLED)
        stack.wait_instance_ready(KILLED, 300)
        ready_at = time.perf_counter()
        deadline = ready_at + 120
        time.sleep(after)
        while time.perf_counter() < deadline:
            total, sent, _, _ = _checkin_counts(stack.db_url, stack.tracker_db_url)
            if sent == total:
                break
            time.sleep(1)
    finally:
        stop.set()
        worker.join(300)
    load_result: Load = result["load"]
    total, sent, shown, triggered = _checkin_counts(stack.db_url, stack.tracker_db_url)
    last_error = max(load_result.error_times, default=killed_at)
    return Kill(
        load=load_result,
        restart_s=ready_at - killed_at,
        recovery_s=max(0.0, last_error - killed_at),
        errors_after_ready=sum(1 for t in load_result.error_times if t > ready_at),
        trackers=check_trackers(stack.tracker_db_url, load_result.answered),
        checkins=total,
        checkins_sent=sent,
        shown=shown,
        triggered=triggered,
    )


def storage(tracker_url: str) -> Storage:
    """Rasa's events table in PostgreSQL: rows, bytes (with indexes), user messages."""
    engine = create_engine(tracker_url, future=True)
    try:
        with engine.connect() as conn:
            size = conn.execute(text("SELECT pg_total_relation_size('events')")).scalar_one()
            events, messages = conn.execute(
                text("SELECT count(*), count(*) FILTER (WHERE type_name = 'user') FROM events")
            ).one()
    finally:
        engine.dispose()
    return Storage(events=events, event_bytes=size, messages=messages)


def run_prod(
    texts: list[str],
    sizes: dict[int, int],
    turns: int,
    var_dir: Path,
    kill: bool = True,
    checkins: int = 50,
    retention: tuple[int, int] | None = (500, 1_000_000),
) -> ProdResult:
    """ProdStack with 1, then 2 instances (each on fresh databases, one Redis); then the
    retention job on the trackers of the 2-instance run (`retention`: candidates, events)."""
    out = ProdResult()
    with postgres_server() as pg, redis_server() as redis:
        for instances in (1, 2):
            stack = ProdStack(
                instances=instances,
                var_dir=var_dir / f"prod{instances}",
                db_url=pg.database("bench"),
                tracker_db_url=pg.database("trackers"),
                redis_url=redis.url,
                tick_seconds=0.5,
            )
            print(f"Productieopzet met {instances} Rasa-instantie(s) starten...", flush=True)
            stack.start()
            try:
                tag = f"prod{instances}"
                pids = stack_pids(stack, pg, redis)
                loads = measure(stack.rasa_url, stack.rest_token, texts, sizes, turns, tag, pids)
                answered = {k: v for load in loads.values() for k, v in load.answered.items()}
                shape = Shape(f"PostgreSQL+Redis, {instances} inst.", instances, loads)
                shape.trackers = check_trackers(stack.tracker_db_url, answered)
                out.shapes.append(shape)
                out.storage = storage(stack.tracker_db_url)
                if instances == 2 and kill:
                    print("kill -9 van een instantie onder belasting...", flush=True)
                    out.kill = kill_test(stack, texts, turns=turns, checkins=checkins)
            finally:
                stack.stop()
        if retention:
            out.retention = retention_bench(
                pg.database("retention"), stack.tracker_db_url, *retention
            )
    return out


def kill_lines(k: Kill) -> list[str]:
    t = k.trackers
    again = sum(1 for n in k.triggered.values() if n > 1)
    return [
        "",
        f"kill -9 van instantie {KILLED} onder belasting (gelijktijdig {k.load.concurrency}, "
        f"2 instanties, {k.checkins} check-ins net due)",
        f"  berichten beantwoord {t.answered} in {k.load.wall:.0f} s ({k.load.rate:.1f}/s); "
        f"fouten bij de belasting {k.load.errors}, waarvan na de herstart {k.errors_after_ready} "
        f"({', '.join(f'{kind} {n}x' for kind, n in k.load.error_kinds.most_common()) or '-'})",
        f"  gesprekken met een fout: {len(k.load.error_senders)} van {len(k.load.answered)}; "
        f"laatste fout {k.recovery_s:.1f} s na de kill; traagste antwoord "
        f"{max(k.load.latencies, default=0) / 1000:.1f} s (een gesprek dat op de gedode "
        "instantie liep, wacht tot zijn lock in Redis verloopt: TICKET_LOCK_LIFETIME, 60 s)",
        f"  instantie terug (model geladen) na {k.restart_s:.1f} s",
        f"  trackers in PostgreSQL: {t.stored} berichten opgeslagen; verloren {t.lost}, "
        f"dubbel {t.duplicates}, onleesbaar {t.unreadable}, opgegeven {k.load.given_up}",
        f"  check-ins: {k.checkins_sent} van {k.checkins} verstuurd; bij de kandidaat "
        f"{len(k.shown)} één keer, dubbel {k.checkin_duplicates} "
        f"(opnieuw aan Rasa gegeven na een fout: {again})",
        "  niets verloren, niets dubbel: " + ("ja" if k.lost_nothing else "NEE"),
    ]


def storage_lines(st: Storage) -> list[str]:
    return [
        "",
        f"Trackers in PostgreSQL: {st.events} events, {st.bytes_per_event:.0f} bytes per event "
        f"(met indexen), {st.events_per_message:.1f} events per bericht",
    ]


def loads_json(result: ProdResult) -> str:
    """The figures as JSON (for a test or a later comparison)."""
    return json.dumps(
        {s.name: {c: load.summary() for c, load in s.loads.items()} for s in result.shapes},
        indent=1,
    )
