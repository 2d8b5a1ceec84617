"""Rate limits of the portal (issue 11, item 7), kept in the portal process's memory.

- `Window`: at most `limit` events per key (an IP address, a chat session) in any `per`
  seconds; `wait(key)` is 0 (go ahead; counted) or the seconds until the next is allowed.
- `Backoff`: failures (wrong passwords) per key; after `free` of them each next one doubles
  the wait, up to `most`; a success clears the key. Nothing is ever closed for good.

Memory stays bounded: a key not seen for a while is dropped, and at most MAX_KEYS are kept
(the least recently seen go first). Thread-safe: the dashboard runs in worker threads.
A restart forgets everything, which costs an attacker more than it gains them.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_KEYS = 50_000


class Window:
    def __init__(self, limit: int, per: float, clock: Callable[[], float] = time.monotonic):
        self.limit, self.per, self.clock = limit, per, clock
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        now = self.clock()
        with self._lock:
            hits = self._hits.pop(key, None) or deque()
            while hits and hits[0] <= now - self.per:
                hits.popleft()
            if len(hits) >= self.limit:
                self._hits[key] = hits
                return hits[0] + self.per - now
            hits.append(now)
            self._hits[key] = hits  # now the most recently seen
            while len(self._hits) > MAX_KEYS:
                self._hits.popitem(last=False)
            return 0.0


@dataclass
class _Failures:
    count: int = 0
    until: float = 0.0
    last: float = field(default=0.0)


class Backoff:
    def __init__(
        self,
        free: int,
        first: float = 1.0,
        most: float = 900.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.first, self.most, self.clock = free, first, most, clock
        self._keys: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        now = self.clock()
        with self._lock:
            failures = self._keys.get(key)
            return max(0.0, failures.until - now) if failures else 0.0

    def failed(self, key: str) -> float:
        """Counts a failure; returns the wait it causes."""
        now = self.clock()
        with self._lock:
            failures = self._keys.pop(key, None) or _Failures()
            if now - failures.last > 2 * self.most:  # long quiet: start again
                failures = _Failures()
            failures.count, failures.last = failures.count + 1, now
            over = failures.count - self.free
            if over > 0:
                failures.until = now + min(self.first * 2 ** (over - 1), self.most)
            self._keys[key] = failures
            while len(self._keys) > MAX_KEYS:
                self._keys.popitem(last=False)
            return max(0.0, failures.until - now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)


class PortalLimits:
    """The portal's limits; the numbers leave room for a class of students behind one
    school address, and stop one script. `clock` in seconds (the app's clock in tests)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.sessions_per_ip = Window(30, 600, clock)
        self.messages_per_session = Window(30, 60, clock)
        self.messages_per_ip = Window(120, 60, clock)
        self.polls_per_session = Window(60, 60, clock)
        self.polls_per_ip = Window(600, 60, clock)
        self.logins_per_ip = Backoff(free=10, most=900, clock=clock)
        self.logins_per_ip_and_name = Backoff(free=3, most=900, clock=clock)
