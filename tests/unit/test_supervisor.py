"""The supervisor of `make run` (bot.launch.supervisor) with real child processes and a clock
the test moves: a killed process comes back (at once, then after a growing pause), a hung
one is restarted, and repeated failures end in a clear Dutch message."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from bot.launch.service import main as service_main
from bot.launch.supervisor import GaveUp, Policy, Supervisor, Watcher, spawn

SLEEPER = [sys.executable, "-c", "import time; time.sleep(600)"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def procs():
    children: dict[str, subprocess.Popen] = {}
    yield children
    for proc in children.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def start(name: str) -> subprocess.Popen:
    return spawn(SLEEPER, dict(os.environ), os.getcwd(), None)


def kill9(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def test_a_killed_process_is_started_again_at_once_then_after_growing_pauses(procs, caplog):
    clock = Clock()
    procs["actions"] = start("actions")
    started = []

    def restart(name):
        started.append((name, clock.now))
        return start(name)

    supervisor = Supervisor(procs, restart, policy=Policy(max_failures=5), clock=clock)
    first = procs["actions"]
    kill9(first)
    supervisor.poll()  # noticed: the first restart waits 0 s
    supervisor.poll()
    assert started == [("actions", 1000.0)]
    assert procs["actions"] is not first and procs["actions"].poll() is None
    assert "actieserver is gestopt" in caplog.text and "opnieuw gestart" in caplog.text

    kill9(procs["actions"])
    clock.now += 1
    supervisor.poll()  # second failure: a pause of 1 s
    supervisor.poll()
    assert len(started) == 1
    clock.now += 1
    supervisor.poll()
    assert started[-1] == ("actions", 1002.0)
    assert supervisor.restarts == {"actions": 2}


def test_five_failures_within_five_minutes_give_up_with_a_dutch_message(procs):
    clock = Clock()
    procs["rasa"] = start("rasa")
    supervisor = Supervisor(procs, start, policy=Policy(), clock=clock)
    for _ in range(4):
        kill9(procs["rasa"])
        supervisor.poll()
        clock.now += 10
        supervisor.poll()
    kill9(procs["rasa"])
    with pytest.raises(GaveUp, match=r"De Rasa-server is 5 keer gestopt binnen 5 minuten"):
        supervisor.poll()


def test_failures_spread_over_more_than_the_window_never_give_up(procs):
    clock = Clock()
    procs["portal"] = start("portal")
    supervisor = Supervisor(procs, start, policy=Policy(), clock=clock)
    for _ in range(8):
        kill9(procs["portal"])
        supervisor.poll()
        clock.now += 100  # one failure every 100 s: at most 3 in any 5 minutes
        supervisor.poll()
    assert procs["portal"].poll() is None and supervisor.restarts["portal"] == 8


def test_a_process_that_no_longer_answers_is_killed_and_started_again(procs):
    clock = Clock()
    procs["portal"] = start("portal")
    hung = procs["portal"]
    answers = {"ok": True}
    policy = Policy(grace=30, probe_every=10, probe_misses=3)
    supervisor = Supervisor(
        procs, start, probes={"portal": lambda: answers["ok"]}, policy=policy, clock=clock
    )
    clock.now += 31
    supervisor.poll()
    assert procs["portal"] is hung  # answers: left alone
    answers["ok"] = False
    for _ in range(2):
        clock.now += 10
        supervisor.poll()
    assert hung.poll() is None  # two misses: not yet
    clock.now += 10
    supervisor.poll()  # the third: killed, restarted at once
    supervisor.poll()
    assert hung.poll() is not None and procs["portal"] is not hung
    assert procs["portal"].poll() is None


def test_the_watcher_restarts_in_the_background_and_reports_giving_up(procs):
    procs["dispatcher"] = start("dispatcher")
    failing = Policy(max_failures=2, backoff=(0.0,))
    watcher = Watcher(Supervisor(procs, start, policy=failing), every=0.05).start()
    try:
        first = procs["dispatcher"]
        kill9(first)
        deadline = time.monotonic() + 10
        while procs["dispatcher"] is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert procs["dispatcher"] is not first and procs["dispatcher"].poll() is None
        kill9(procs["dispatcher"])
        watcher.thread.join(timeout=10)
        assert "planner is 2 keer gestopt" in str(watcher.gave_up)
    finally:
        watcher.stop()


def test_a_service_without_its_shared_secrets_does_not_start(monkeypatch):
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="RASA_TOKEN ontbreekt"):
        service_main(["dispatcher"])


def test_a_process_that_cannot_even_be_started_counts_as_a_failure(procs):
    clock = Clock()
    procs["portal"] = start("portal")

    def cannot(name):
        raise FileNotFoundError("python3.10 verdwenen")

    supervisor = Supervisor(procs, cannot, policy=Policy(max_failures=3), clock=clock)
    kill9(procs["portal"])
    supervisor.poll()  # failure 1, restart at once ...
    supervisor.poll()  # ... which fails: failure 2, after 1 s
    clock.now += 1
    with pytest.raises(GaveUp, match="portaal is 3 keer gestopt"):
        supervisor.poll()
