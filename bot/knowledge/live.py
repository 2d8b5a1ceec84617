"""The knowledge as it is now: the action server answers from the files of the knowledge
base as they are at each question, without a restart or a Rasa retrain.

Each question costs one stat() of the knowledge files (their inode, size and modification
time; the dashboard replaces a file atomically, so a change always gets a new inode). When
they changed, the knowledge base and the ranker are built again; the classifier comes from
var/cache when it was trained on the same texts before, else it is trained (seconds). The
action server also looks once a second (`watch`), so the build starts when the change is
saved rather than when the next question arrives.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.knowledge.answering import Answerer
from bot.knowledge.kb import KNOWLEDGE_DIR, load, load_out_of_scope
from bot.knowledge.retrieval import Ranker
from bot.knowledge.thresholds import load_settings

# What the answerer is built from (entries/*.yml are added); the texts are read once per
# process (bot/catalogue.py).
FILES = (
    "regions.yml",
    "facets.yml",
    "sources.yml",
    "out_of_scope.yml",
    "retrieval.yml",
    "financing.yml",
    "eligibility.yml",
)

WATCH_SECONDS = 1.0
Fingerprint = tuple[tuple[str, int, int, int], ...]


def fingerprint(directory: Path = KNOWLEDGE_DIR) -> Fingerprint:
    paths = [*sorted((directory / "entries").glob("*.yml")), *(directory / n for n in FILES)]
    out = []
    for path in paths:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        out.append((path.name, st.st_ino, st.st_size, st.st_mtime_ns))
    return tuple(out)


def build(directory: Path = KNOWLEDGE_DIR) -> Answerer:
    kb = load(directory)
    design, thresholds = load_settings(directory / "retrieval.yml")
    out_of_scope = load_out_of_scope(directory)
    return Answerer(kb, Ranker(kb.entries.values(), design, thresholds, out_of_scope))


class Live:
    """The current answerer of one knowledge directory, built again after a change."""

    def __init__(
        self, directory: Path = KNOWLEDGE_DIR, builder: Callable[[Path], Answerer] = build
    ) -> None:
        self.directory, self.builder = directory, builder
        self._lock = threading.Lock()
        self._seen: Fingerprint | None = None
        self._answerer: Answerer | None = None
        self.loaded_at = 0.0  # time.time() of the last build
        self.builds = 0

    def answerer(self) -> Answerer:
        now = fingerprint(self.directory)
        if self._answerer is not None and now == self._seen:
            return self._answerer
        with self._lock:
            now = fingerprint(self.directory)
            if self._answerer is None or now != self._seen:
                # A half-edited file by hand may not parse: keep answering from the last
                # good knowledge and try again at the next question.
                try:
                    built = self.builder(self.directory)
                except Exception:
                    if self._answerer is None:
                        raise
                    self._seen = now  # not again until the files change once more
                    return self._answerer
                self._answerer, self._seen, self.loaded_at = built, now, time.time()
                self.builds += 1
            return self._answerer

    def last(self) -> Answerer:
        return self._answerer if self._answerer is not None else self.answerer()

    def watch(self, every: float = WATCH_SECONDS) -> threading.Thread:
        """Build again as soon as the files change, not only at the next question (a
        question that arrives during the build waits for it)."""

        def loop() -> None:
            while True:
                time.sleep(every)
                try:
                    self.answerer()
                except Exception:  # noqa: BLE001 - the next question tries (and reports) it
                    pass

        thread = threading.Thread(target=loop, name="knowledge-watch", daemon=True)
        thread.start()
        return thread


_live = Live()


def current_answerer() -> Answerer:
    """The answerer for the knowledge as it is on disk now (the action server's)."""
    return _live.answerer()


def last_answerer() -> Answerer:
    """The answerer last built, without waiting for a build in progress (for what does not
    depend on the entries' texts: the quick-check's rules, the entries' titles)."""
    return _live.last()


def watch() -> threading.Thread:
    """The action server: rebuild in the background when a curator saves a change."""
    return _live.watch()
