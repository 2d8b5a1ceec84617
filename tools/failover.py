"""Failure under load (issue 14, item 5): scripted conversations over the load balancer's
REST channel while one Rasa instance is killed with SIGKILL and started again by the
supervisor; what the clients saw, and what the tracker store kept.

`run_failover(stack)` drives a bot.launch.prod.ProdStack (tests/prod/test_failover.py, and
the benchmark prints `FailoverResult.summary()`); `user_texts(...)` reads a conversation's
user messages from Rasa's SQL tracker store. A client does not resend a message that failed:
a failure is counted, and the test checks that every message that was answered is kept once
and in order.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

# One scripted conversation: consultant questions with answers from the knowledge base.
SCRIPT = (
    "wat is een praktijkverklaring?",
    "wie betaalt de jobcoach?",
    "wat is een oplo",
    "wie betaalt de opleiding bij praktijkleren?",
    "en in twente?",
    "wat is de inclusieve adviesfunctie?",
)


@dataclass(frozen=True)
class Turn:
    client: int  # which of the load's clients sent it
    sender: str
    index: int  # the message's place in its conversation
    text: str
    started: float  # time.monotonic()
    ended: float
    status: int  # HTTP status; 0: no answer at all

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class FailoverResult:
    turns: list[Turn] = field(default_factory=list)
    killed_at: float | None = None
    ready_at: float | None = None  # the killed instance has its model again

    @property
    def errors(self) -> int:
        return sum(not t.ok for t in self.turns)

    @property
    def seconds_until_no_errors(self) -> float:
        """From the kill to the end of the last failed request (0: no errors)."""
        failed = [t.ended for t in self.turns if not t.ok]
        if not failed or self.killed_at is None:
            return 0.0
        return max(0.0, max(failed) - self.killed_at)

    def conversations(self) -> dict[str, list[Turn]]:
        by_sender: dict[str, list[Turn]] = {}
        for turn in sorted(self.turns, key=lambda t: (t.sender, t.index)):
            by_sender.setdefault(turn.sender, []).append(turn)
        return by_sender

    def after_kill(self) -> list[Turn]:
        return sorted((t for t in self.turns if t.started >= (self.killed_at or 0)), key=_start)

    def recovered_at(self) -> float | None:
        """When every client had had an answer after the kill (None: one never had)."""
        firsts = {}
        for turn in self.after_kill():
            if turn.ok:
                firsts.setdefault(turn.client, turn.started)
        clients = {t.client for t in self.turns}
        return max(firsts.values()) if firsts and set(firsts) == clients else None

    @property
    def slowest_after_kill(self) -> float:
        """The longest answer time (seconds) of a message sent after the kill."""
        return max((t.ended - t.started for t in self.after_kill() if t.ok), default=0.0)

    def failures(self) -> str:
        """Each failed message: client, message number, start after the kill, time, status."""
        zero = self.killed_at or 0.0
        return "; ".join(
            f"client {t.client} #{t.index} +{t.started - zero:.1f}s {t.ended - t.started:.1f}s "
            f"HTTP {t.status}"
            for t in sorted(self.turns, key=_start)
            if not t.ok
        )

    def summary(self) -> str:
        return (
            f"{len(self.turns)} berichten in {len(self.conversations())} gesprekken, "
            f"{self.errors} fouten, geen fouten meer {self.seconds_until_no_errors:.1f} s "
            f"na de kill; traagste antwoord daarna {self.slowest_after_kill:.1f} s; "
            f"instantie weer klaar na {self._ready_seconds():.1f} s"
        )

    def _ready_seconds(self) -> float:
        if self.ready_at is None or self.killed_at is None:
            return float("nan")
        return self.ready_at - self.killed_at


def _start(turn: Turn) -> float:
    return turn.started


def send(rasa_url: str, rest_token: str, sender: str, message: str, timeout: float = 120) -> int:
    """One REST message; its HTTP status (0 when no answer came)."""
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {rest_token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            json.loads(resp.read() or b"null")
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code
    except (OSError, ValueError):
        return 0


class Load:
    """`workers` clients, each holding scripted conversations one after another (a new sender
    per script) until `stop()`."""

    def __init__(self, rasa_url: str, rest_token: str, workers: int, prefix: str = "rest-load"):
        self.rasa_url, self.rest_token, self.prefix = rasa_url, rest_token, prefix
        self.turns: list[Turn] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads = [
            threading.Thread(target=self._client, args=(i,), daemon=True) for i in range(workers)
        ]

    def start(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def _client(self, client: int) -> None:
        while not self._stopping.is_set():
            sender = f"{self.prefix}-{uuid.uuid4().hex[:10]}"
            for index, message in enumerate(SCRIPT):
                started = time.monotonic()
                status = send(self.rasa_url, self.rest_token, sender, message)
                with self._lock:
                    self.turns.append(
                        Turn(client, sender, index, message, started, time.monotonic(), status)
                    )
                if self._stopping.is_set():
                    return

    def count(self, after: float = 0.0) -> int:
        with self._lock:
            return sum(t.ok for t in self.turns if t.started >= after)

    def stop(self) -> list[Turn]:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=120)
        return list(self.turns)


def _wait(predicate: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.2)


def run_failover(
    stack,
    workers: int = 6,
    instance: int = 0,
    warmup_turns: int = 12,
    turns_after_ready: int = 24,
    on_kill: Callable[[], None] | None = None,
    ready_timeout: float = 300.0,
) -> FailoverResult:
    """Load over `stack.rasa_url` (nginx); after `warmup_turns` answered messages kill
    instance `instance`, call `on_kill` (say, make check-ins due), wait until the supervisor
    has it running with its model, go on for `turns_after_ready` more answered messages."""
    load = Load(stack.rasa_url, stack.rest_token, workers).start()
    result = FailoverResult()
    try:
        _wait(lambda: load.count() >= warmup_turns, ready_timeout)
        result.killed_at = time.monotonic()
        stack.kill_instance(instance)
        if on_kill is not None:
            on_kill()
        stack.wait_instance_ready(instance, ready_timeout)
        result.ready_at = time.monotonic()
        _wait(lambda: load.count(result.ready_at) >= turns_after_ready, ready_timeout)
    finally:
        result.turns = load.stop()
    return result


def _texts(tracker_db_url: str, sender: str, kind: str) -> list[str]:
    query = "SELECT data FROM events WHERE sender_id = :s AND type_name = :k ORDER BY id"
    engine = create_engine(tracker_db_url, future=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(query), {"s": sender, "k": kind}).scalars()
            return [json.loads(row).get("text") or "" for row in rows]
    finally:
        engine.dispose()


def user_texts(tracker_db_url: str, sender: str) -> list[str]:
    """The user messages of one conversation in Rasa's SQL tracker store, in order (messages
    that Rasa made itself, such as trigger_intent's, left out)."""
    texts = _texts(tracker_db_url, sender, "user")
    return [t for t in texts if not t.startswith("EXTERNAL: ")]


def bot_texts(tracker_db_url: str, sender: str) -> list[str]:
    """The assistant's messages of one conversation in the tracker store, in order."""
    return _texts(tracker_db_url, sender, "bot")
