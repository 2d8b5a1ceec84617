"""The load generator of `make bench`: multi-turn conversations over Rasa's REST channel.

Each conversation has its own sender and a few different questions, sent one after another
(a person waits for the answer before the next); `concurrency` conversations run at once,
so the lock store never makes two workers wait for each other. With `retry`, a message that
failed is sent again (as Telegram does with a webhook that failed) until it is answered, and
every failure is counted with its time: the kill test needs both. What was answered is kept
per sender, so the trackers can be checked against it afterwards (`check_trackers`).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import aiohttp
from sqlalchemy import create_engine, text

RETRY_PAUSE = 0.2  # seconds before a failed message is sent again
GIVE_UP = 120.0  # seconds of retrying one message before it counts as lost for good
# Longer than nginx waits for Rasa (bot.launch.nginx): a conversation caught in a kill waits
# for its lock (Rasa's 60 s) and is then answered, slowly; the client must not give up first.
CLIENT_TIMEOUT = 150.0


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def conversations(texts: list[str], count: int, turns: int) -> list[list[str]]:
    """`count` conversations of `turns` different questions each (cycling through `texts`)."""
    out, i = [], 0
    for _ in range(count):
        out.append([texts[(i + t) % len(texts)] for t in range(turns)])
        i += turns
    return out


@dataclass
class Load:
    concurrency: int
    latencies: list[float] = field(default_factory=list)  # ms, answered messages only
    wall: float = 0.0
    error_times: list[float] = field(default_factory=list)  # perf_counter of each failure
    answered: dict[str, list[str]] = field(default_factory=dict)  # sender -> texts
    given_up: int = 0
    error_kinds: Counter = field(default_factory=Counter)  # HTTP status or exception name
    error_senders: set[str] = field(default_factory=set)  # conversations that saw an error
    cpu: dict[str, float] = field(default_factory=dict)  # process kind -> CPU s in this run

    def cpu_ms_per_message(self, prefix: str = "") -> float:
        spent = sum(v for k, v in self.cpu.items() if k.startswith(prefix))
        return 1000 * spent / self.messages if self.messages else float("nan")

    @property
    def cores(self) -> float:
        """How many cores the shape's processes used on average during this run."""
        return sum(self.cpu.values()) / self.wall if self.wall else 0.0

    def busiest(self, prefix: str) -> float:
        """The share of one core the busiest process of this kind used (1.0: a full core)."""
        values = [v for k, v in self.cpu.items() if k.startswith(prefix)]
        return max(values) / self.wall if values and self.wall else 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return len(self.error_times)

    @property
    def rate(self) -> float:
        return self.messages / self.wall if self.wall else 0.0

    def summary(self) -> dict[str, float]:
        lat = self.latencies
        return {
            "p50": statistics.median(lat) if lat else float("nan"),
            "p95": percentile(lat, 95),
            "p99": percentile(lat, 99),
            "rate": self.rate,
            "errors": self.errors,
            "messages": self.messages,
        }


async def _send(
    session: aiohttp.ClientSession, url: str, sender: str, message: str, load: Load, retry: bool
) -> bool:
    first = time.perf_counter()
    while True:
        start = time.perf_counter()
        try:
            body = {"sender": sender, "message": message}
            async with session.post(f"{url}/webhooks/rest/webhook", json=body) as resp:
                await resp.read()
                kind = "" if resp.status == 200 else str(resp.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            kind = type(exc).__name__
        if not kind:
            load.latencies.append(1000 * (time.perf_counter() - start))
            return True
        load.error_times.append(time.perf_counter())
        load.error_kinds[kind] += 1
        load.error_senders.add(sender)
        if not retry or time.perf_counter() - first > GIVE_UP:
            load.given_up += 1
            return False
        await asyncio.sleep(RETRY_PAUSE)


async def _run(
    url: str,
    rest_token: str,
    convs: Iterable[list[str]],
    concurrency: int,
    tag: str,
    retry: bool,
    stop: threading.Event | None,
) -> Load:
    source = enumerate(convs)  # shared by the workers (one event loop: no lock needed)
    load = Load(concurrency)

    async def worker(session: aiohttp.ClientSession) -> None:
        for i, conv in source:
            if stop is not None and stop.is_set():
                return
            sender = f"bench-{tag}-{i}"
            answered = load.answered.setdefault(sender, [])
            for message in conv:
                if await _send(session, url, sender, message, load, retry):
                    answered.append(message)

    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT)
    headers = {"Authorization": f"Bearer {rest_token}"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(
        timeout=timeout, headers=headers, connector=connector
    ) as session:
        start = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        load.wall = time.perf_counter() - start
    return load


def run_load(
    url: str,
    rest_token: str,
    convs: Iterable[list[str]],
    concurrency: int,
    tag: str,
    retry: bool = False,
    stop: threading.Event | None = None,
) -> Load:
    """Every conversation once (or, from an endless source, until `stop` is set; a
    conversation that started is finished), `concurrency` at a time; senders
    `bench-<tag>-<i>`."""
    return asyncio.run(_run(url, rest_token, convs, concurrency, tag, retry, stop))


def endless(texts: list[str], turns: int) -> Iterator[list[str]]:
    """Conversations of `turns` different questions, without end (for `stop`)."""
    i = 0
    while True:
        yield [texts[(i + t) % len(texts)] for t in range(turns)]
        i += turns


@dataclass
class TrackerCheck:
    conversations: int
    answered: int  # messages the load generator had an answer to
    stored: int  # user messages in the trackers
    lost: int  # answered, but not in the tracker
    duplicates: int  # in the tracker more often than answered/sent
    unreadable: int  # trackers whose events do not parse
    out_of_order: int = 0  # conversations whose messages are stored in another order than sent


def check_trackers(tracker_db_url: str, answered: dict[str, list[str]]) -> TrackerCheck:
    """Compares Rasa's SQL tracker store (`events`) with what the load generator was
    answered: every answered message must be there, and none more than once."""
    engine = create_engine(tracker_db_url, future=True)
    lost = duplicates = unreadable = stored = out_of_order = 0
    try:
        with engine.connect() as conn:
            for sender, sent in answered.items():
                rows = conn.execute(
                    text(
                        "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' "
                        "ORDER BY id"
                    ),
                    {"s": f"rest-{sender}"},
                ).scalars()
                texts: Counter[str] = Counter()
                for data in rows:
                    try:
                        texts[json.loads(data).get("text") or ""] += 1
                    except (TypeError, ValueError):
                        unreadable += 1
                first_seen = list(texts)  # a Counter keeps the order texts came in
                out_of_order += first_seen != [t for t in dict.fromkeys(sent) if t in texts]
                stored += sum(texts.values())
                wanted = Counter(sent)
                lost += sum((wanted - texts).values())
                duplicates += sum(max(0, n - max(wanted[t], 1)) for t, n in texts.items())
    finally:
        engine.dispose()
    return TrackerCheck(
        conversations=len(answered),
        answered=sum(len(v) for v in answered.values()),
        stored=stored,
        lost=lost,
        duplicates=duplicates,
        unreadable=unreadable,
        out_of_order=out_of_order,
    )
