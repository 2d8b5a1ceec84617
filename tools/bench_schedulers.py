"""`make bench` (schedulers on PostgreSQL): N due check-ins dispatched by one, then two real
scheduler processes at once (`python -m bot.candidates.dispatcher`, each its own OS process,
claiming with `FOR UPDATE SKIP LOCKED`), against a local trigger_intent endpoint that records
every send and which copy sent it. Prints the rate, the ratio two copies / one copy, and the
proof that each check-in was sent exactly once (received once, marked sent once).

PostgreSQL is Debian's server started in a temporary directory (the tests' services code).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.run import ROOT, _env
from tools.bench_dispatch import Sink, fill
from tools.services import postgres_server

FAR = dt.datetime(2100, 1, 1)  # not due until the copies are ready
READY = "gestart"  # what the dispatcher logs once it runs


@dataclass
class CopiesRun:
    copies: int
    n: int
    seconds: float
    per_copy: dict[str, int]
    received: int
    unique: int
    marked_sent: int
    after: int  # received after the last one, while the copies kept running
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    @property
    def exactly_once(self) -> bool:
        return (
            self.received == self.unique == self.marked_sent == self.n
            and self.after == 0
            and not self.errors
        )


def _start_copy(name: str, db_url: str, sink: Sink, workers: int, tick: float, log: Path):
    env = _env(
        {
            "PRAKTIJKBOT_DB_URL": db_url,
            "RASA_URL": f"http://127.0.0.1:{sink.port}",
            "RASA_TOKEN": name,  # the sink tells the copies apart by it
            "PRAKTIJKBOT_TICK_SECONDS": str(tick),
            "PRAKTIJKBOT_DISPATCH_WORKERS": str(workers),
            "TRACKER_DB_URL": "",
            "TELEGRAM_TOKEN": "",
        }
    )
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "bot.candidates.dispatcher"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_ready(procs: list[subprocess.Popen], logs: list[Path], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not all(READY in log.read_text(errors="replace") for log in logs):
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("een planner stopte bij het opstarten: " + str(logs))
        if time.monotonic() > deadline:
            raise TimeoutError("de planners starten niet")
        time.sleep(0.1)
    time.sleep(0.5)  # past the first tick (retention, outbox), so only check-ins remain


def _stop(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
    for proc in procs:
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def run_copies(
    db_url: str, copies: int, n: int, workers: int, tick: float, log_dir: Path
) -> CopiesRun:
    """Fill `db_url` (an empty database) with n check-ins, start `copies` schedulers, make
    the check-ins due at once and time until the sink holds them all."""
    fill(db_url, n, due_at=FAR)
    sink = Sink()
    sink.start()
    names = [f"planner{i + 1}" for i in range(copies)]
    logs = [log_dir / f"{name}-{copies}.log" for name in names]
    procs = [_start_copy(nm, db_url, sink, workers, tick, lg) for nm, lg in zip(names, logs)]
    engine = create_engine(db_url, future=True)
    try:
        _wait_ready(procs, logs)
        now = dt.datetime.utcnow() - dt.timedelta(minutes=1)
        start = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("UPDATE checkins SET due_at = :now"), {"now": now})
        deadline = start + max(120.0, n / 20)
        while len(sink.received) < n and time.perf_counter() < deadline:
            if any(p.poll() is not None for p in procs):
                break
            time.sleep(0.05)
        seconds = (sink.last_at or time.perf_counter()) - start
        complete = len(sink.received)
        time.sleep(max(1.0, 3 * tick))  # a few more ticks: nothing may be sent again
        sql = "SELECT count(*) FROM checkins WHERE status = 'verstuurd'"
        with engine.connect() as conn:
            marked = conn.execute(text(sql)).scalar_one()
    finally:
        _stop(procs)
        engine.dispose()
        sink.stop()
    errors = [f"{lg.name}: tick mislukt" for lg in logs if "tick mislukt" in lg.read_text()]
    if complete < n:
        errors.append(f"na {seconds:.0f} s pas {complete} van {n} ontvangen")
    return CopiesRun(
        copies=copies,
        n=n,
        seconds=seconds,
        per_copy=dict(Counter(sink.tokens)),
        received=len(sink.received),
        unique=len(set(sink.received)),
        marked_sent=marked,
        after=len(sink.received) - complete,
        errors=errors,
    )


def report(runs: list[CopiesRun]) -> list[str]:
    title = f"Planners op PostgreSQL (SKIP LOCKED), {runs[0].n} check-ins die tegelijk due zijn"
    lines = ["", title]
    lines.append(
        f"{'planners':>9} {'s':>7} {'per s':>8} {'ontvangen':>10} {'uniek':>7} "
        f"{'verstuurd':>10} {'daarna':>7}  per planner"
    )
    for run in runs:
        share = ", ".join(f"{k} {v}" for k, v in sorted(run.per_copy.items()))
        lines.append(
            f"{run.copies:>9} {run.seconds:7.1f} {run.rate:8.0f} {run.received:>10} "
            f"{run.unique:>7} {run.marked_sent:>10} {run.after:>7}  {share}"
        )
        lines += [f"    FOUT: {error}" for error in run.errors]
    if len(runs) > 1 and runs[0].rate:
        lines.append(
            f"  verhouding {runs[-1].copies} / {runs[0].copies} planners: "
            f"{runs[-1].rate / runs[0].rate:.2f}x"
        )
    proof = all(r.exactly_once for r in runs) and all(len(r.per_copy) == r.copies for r in runs)
    lines.append(
        "  precies één keer: "
        + ("ja" if proof else "NEE")
        + " (elke check-in één keer ontvangen en één keer als verstuurd gemarkeerd, "
        "niets opnieuw in de ticks daarna, elke planner deed een deel)"
    )
    return lines


def bench(n: int, workers: int, tick: float, log_dir: Path) -> list[CopiesRun]:
    with postgres_server() as server:
        return [
            run_copies(server.database("bench"), copies, n, workers, tick, log_dir)
            for copies in (1, 2)
        ]
