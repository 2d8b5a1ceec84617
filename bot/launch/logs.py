"""Logs without secrets or personal data, in every process of the assistant.

`protect()` is the first thing each process does, before a library sets up its logging:

- Secrets: every secret setting the process has (`Settings.secret_values`) becomes `***` in
  whatever it writes to stdout and stderr, line by line, whoever writes it. httpx logs request
  URLs (the Telegram token is in the path); Sanic logs the URL of a failed request (Rasa's API
  token is a query parameter).
- Personal data reaches a log through an exception's message (a validation error quotes the
  tracker, a KeyError its key) or a library that echoes a request. Every traceback keeps its
  frames (file, line, code) and the exception's type, never its message or its locals: in
  log records, in `traceback.print_exception` and friends, and for an uncaught exception.
  rasa-sdk's and Rasa's own echoes are closed where those servers start
  (bot.launch.action_server, bot.launch.rasa_server).
- httpx and httpcore log warnings only (their INFO lines are request URLs).

Only the servers call `protect()`, never a test process or a library user.
"""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import traceback
from types import TracebackType
from typing import Any, TextIO
from urllib.parse import quote

from bot import settings

HIDDEN = "***"
MIN_SECRET = 6  # a shorter value would blank out ordinary words
_SENTINEL = object()


def hide(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text


def _what_to_hide(values: list[str]) -> list[str]:
    found = {v for value in values for v in (value, quote(value, safe="")) if len(v) >= MIN_SECRET}
    return sorted(found, key=len, reverse=True)  # a longer secret may contain a shorter one


class HidingStream:
    """A text stream that passes on whole lines, with the secrets hidden."""

    def __init__(self, stream: TextIO, secrets: list[str]) -> None:
        self._stream, self._secrets = stream, secrets
        self._pending = ""
        self._lock = threading.RLock()

    def write(self, text: str) -> int:
        with self._lock:
            self._pending += text
            if "\n" in self._pending:
                lines, _, self._pending = self._pending.rpartition("\n")
                self._stream.write(hide(lines + "\n", self._secrets))
        return len(text)

    def flush(self) -> None:
        with self._lock:
            if self._pending:
                self._stream.write(hide(self._pending, self._secrets))
                self._pending = ""
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # fileno, isatty, encoding, ...
        return getattr(self._stream, name)


def _exception_line(exc_type: type | None, exc: object) -> str:
    name = "?" if exc_type is None else f"{exc_type.__module__}.{exc_type.__qualname__}"
    if isinstance(exc, OSError) and exc.errno is not None:  # no file name: it may be anything
        return f"{name}: [Errno {exc.errno}] {exc.strerror}\n"
    return f"{name} (message not logged)\n"


def safe_traceback(
    exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
) -> str:
    """The frames and the type of the exception and of its causes; never a message or locals."""
    if exc_type is None:
        return ""
    if exc is None:
        exc = exc_type()
    chain: list[traceback.TracebackException] = []
    current: traceback.TracebackException | None = traceback.TracebackException(
        exc_type, exc, tb, capture_locals=False
    )
    while current is not None and len(chain) < 10:
        chain.append(current)
        cause = current.__cause__
        if cause is None and not current.__suppress_context__:
            cause = current.__context__
        current = cause
    parts: list[str] = []
    for i, part in enumerate(reversed(chain)):
        if i:
            parts.append(
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        if part.stack:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(part.stack.format())
        parts.append(_exception_line(part.exc_type, None))
    # The OSError detail only for the exception itself (its causes stay type-only).
    parts[-1] = _exception_line(exc_type, exc)
    return "".join(parts)


def _triple(exc: Any, value: Any, tb: Any) -> tuple[Any, Any, Any]:
    if value is _SENTINEL:  # the one-argument form: print_exception(exc)
        return type(exc), exc, getattr(exc, "__traceback__", None)
    return exc, value, None if tb is _SENTINEL else tb


def _print_exception(exc, value=_SENTINEL, tb=_SENTINEL, limit=None, file=None, chain=True):
    (file or sys.stderr).write(safe_traceback(*_triple(exc, value, tb)))


def _format_exception(exc, value=_SENTINEL, tb=_SENTINEL, limit=None, chain=True) -> list[str]:
    return [safe_traceback(*_triple(exc, value, tb))]


def _format_exception_only(exc, value=_SENTINEL) -> list[str]:
    exc_type, value, _ = _triple(exc, value, None)
    return [_exception_line(exc_type, value)]


def _safe_records() -> None:
    make = logging.getLogRecordFactory()

    def record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        rec = make(*args, **kwargs)
        if rec.exc_info and rec.exc_info[0] is not None:
            rec.exc_text = safe_traceback(*rec.exc_info)
            rec.exc_info = None  # no formatter or handler renders the original
        return rec

    logging.setLogRecordFactory(record)


def protect(extra_secrets: tuple[str, ...] = ()) -> list[str]:
    """Hide this process's secrets and everybody's personal data in what it logs.
    Returns what is hidden (for a test)."""
    secrets = _what_to_hide([*settings.current().secret_values(), *extra_secrets])
    streams = {}
    for name in ("stdout", "stderr"):
        raw = getattr(sys, name)
        if not isinstance(raw, HidingStream):
            streams[name] = HidingStream(raw, secrets)
            setattr(sys, name, streams[name])
            atexit.register(streams[name].flush)
    traceback.print_exception = _print_exception
    traceback.format_exception = _format_exception
    traceback.format_exception_only = _format_exception_only
    sys.excepthook = lambda *info: sys.stderr.write(safe_traceback(*info))
    threading.excepthook = lambda args: (
        None
        if args.exc_type is SystemExit
        else sys.stderr.write(safe_traceback(args.exc_type, args.exc_value, args.exc_traceback))
    )
    _safe_records()
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return secrets
