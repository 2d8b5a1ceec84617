"""Keeps the processes of `make run` alive (issue 11, item 6).

A process that stops is started again: at once the first time, then after a growing pause
(1, 2, 4, 8 s). A process that is alive but no longer answers its health check (three
probes in a row, after a start-up grace period) is killed and started again the same way.
Only after `max_failures` failures of one process within `window` seconds does the
supervisor give up, with a Dutch message that names the process; then everything stops.

The supervisor knows nothing of Rasa: it gets the processes (name -> Popen), a function that
starts one again, and an optional health probe per name. Every restart is logged.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.launch.ports import http_status

log = logging.getLogger("praktijkbot.supervisor")

# What `make run` calls each process, in the messages for the person who runs it.
LABELS = {
    "actions": "actieserver",
    "rasa": "Rasa-server",
    "dispatcher": "planner",
    "portal": "portaal",
    "telegram": "Telegram-poller",
}


@dataclass(frozen=True)
class Policy:
    max_failures: int = 5
    window: float = 300.0  # seconds
    backoff: tuple[float, ...] = (0.0, 1.0, 2.0, 4.0, 8.0)
    probe_every: float = 10.0
    probe_misses: int = 3  # probes in a row without an answer: the process hangs
    grace: float = 180.0  # no probes this long after a start (Rasa loads its model)

    def pause(self, failures: int) -> float:
        return self.backoff[min(failures, len(self.backoff)) - 1] if failures else 0.0


class GaveUp(RuntimeError):
    """A process failed too often; the message says which, in Dutch."""


def label(name: str) -> str:
    return LABELS.get(name, name)


@dataclass
class _Watch:
    failures: list[float] = field(default_factory=list)
    restart_at: float | None = None
    started: float = 0.0
    misses: int = 0
    last_probe: float = 0.0
    restarts: int = 0


def spawn(
    args: list[str], env: dict[str, str], cwd: Path, log_file: Path | None
) -> subprocess.Popen:
    """A child in its own session (so a stop reaches its children too), its output
    appended to `log_file`."""
    out = subprocess.DEVNULL
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        out = open(log_file, "ab")  # noqa: SIM115 - closed below; the child keeps its copy
    try:
        return subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        if out is not subprocess.DEVNULL:
            out.close()


def why_stopped(name: str, proc: subprocess.Popen, log_file: Path | None, lines: int = 12) -> str:
    """`name`, its exit code and the last lines of its log: what the person who starts the
    stack needs when a process stops while starting (the logs hold no secrets or personal
    data: bot.launch.logs)."""
    what = f"{name} (code {proc.returncode})"
    if log_file is None or not log_file.exists():
        return what
    with log_file.open("rb") as f:
        f.seek(max(0, f.seek(0, os.SEEK_END) - 8192))
        tail = f.read().decode("utf-8", "replace").splitlines()[-lines:]
    return what + f"; het einde van {log_file.name}:\n" + "\n".join(tail)


def kill_hard(proc: subprocess.Popen) -> None:
    """SIGKILL to the process group (every child was started in its own session)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


class Supervisor:
    """`poll()` as often as you like (every 0.5 s): restarts what stopped or hangs."""

    def __init__(
        self,
        procs: dict[str, subprocess.Popen],
        restart: Callable[[str], subprocess.Popen],
        probes: dict[str, Callable[[], bool]] | None = None,
        policy: Policy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.procs, self.restart, self.probes = procs, restart, probes or {}
        self.policy, self.clock = policy or Policy(), clock
        now = clock()
        self.watches = {name: _Watch(started=now) for name in procs}

    @property
    def restarts(self) -> dict[str, int]:
        return {name: w.restarts for name, w in self.watches.items()}

    def poll(self) -> None:
        """Raises GaveUp when a process failed `max_failures` times within the window."""
        for name in list(self.procs):
            self._check(name, self.watches.setdefault(name, _Watch(started=self.clock())))

    def _check(self, name: str, watch: _Watch) -> None:
        now = self.clock()
        proc = self.procs[name]
        if watch.restart_at is not None:
            if now >= watch.restart_at:
                watch.restart_at = None
                try:
                    self.procs[name] = self.restart(name)
                except OSError as exc:  # could not even start: a failure like any other
                    log.warning("%s kon niet starten: %s", label(name), exc)
                    self._failed(name, watch, now, "start mislukt")
                    return
                watch.started, watch.misses, watch.last_probe = now, 0, now
                watch.restarts += 1
                log.warning("%s opnieuw gestart (herstart %d)", label(name), watch.restarts)
            return
        code = proc.poll()
        if code is None and self._hangs(name, watch, now):
            log.warning("%s antwoordt niet meer; het proces wordt gestopt", label(name))
            kill_hard(proc)
            code = proc.returncode
        if code is None:
            return
        self._failed(name, watch, now, code)

    def _failed(self, name: str, watch: _Watch, now: float, code: object) -> None:
        watch.failures = [t for t in watch.failures if now - t < self.policy.window] + [now]
        if len(watch.failures) >= self.policy.max_failures:
            minutes = self.policy.window / 60
            raise GaveUp(
                f"De {label(name)} is {len(watch.failures)} keer gestopt binnen "
                f"{minutes:.0f} minuten; praktijkbot geeft het op en sluit alles af. "
                f"Zie var/logs/{name}.log."
            )
        pause = self.policy.pause(len(watch.failures))
        log.warning(
            "%s is gestopt (code %s); opnieuw starten over %.0f s (fout %d van %d in %.0f min)",
            label(name),
            code,
            pause,
            len(watch.failures),
            self.policy.max_failures,
            self.policy.window / 60,
        )
        watch.restart_at = now + pause

    def _hangs(self, name: str, watch: _Watch, now: float) -> bool:
        probe = self.probes.get(name)
        if probe is None or now - watch.started < self.policy.grace:
            return False
        if now - watch.last_probe < self.policy.probe_every:
            return False
        watch.last_probe = now
        watch.misses = 0 if probe() else watch.misses + 1
        return watch.misses >= self.policy.probe_misses


def http_probe(url: str) -> Callable[[], bool]:
    """A health check: the URL answers 200 within 5 seconds."""
    return lambda: http_status(url, timeout=5.0) == 200


class Watcher:
    """A supervisor polled in a background thread (the tests' stacks); a GaveUp there is
    logged and ends the watching, as it ends `make run`."""

    def __init__(self, supervisor: Supervisor, every: float = 0.5) -> None:
        self.supervisor, self.every = supervisor, every
        self.stopping = threading.Event()
        self.gave_up: GaveUp | None = None
        self.thread = threading.Thread(target=self._run, name="supervisor", daemon=True)

    def start(self) -> Watcher:
        self.thread.start()
        return self

    def _run(self) -> None:
        while not self.stopping.wait(self.every):
            try:
                self.supervisor.poll()
            except GaveUp as exc:
                self.gave_up = exc
                log.error("%s", exc)
                return

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()
