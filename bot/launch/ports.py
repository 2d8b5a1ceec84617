"""Ports, addresses and readiness probes for local processes (bot/run.py, the tests' fake
servers)."""

from __future__ import annotations

import socket
import time
import urllib.request
from urllib.parse import urlsplit

ANYWHERE = {"0.0.0.0", "::", ""}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url: str, timeout: float = 2.0) -> int:
    """The HTTP status of a GET, or 0 when there is no answer (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return 0


def wait_http(url: str, timeout: float, failure: str) -> None:
    """Poll `url` until it answers 200; TimeoutError(`failure`) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while http_status(url) != 200:
        if time.monotonic() > deadline:
            raise TimeoutError(failure)
        time.sleep(0.3)


def local(url: str) -> str:
    """The URL as a person types it (localhost instead of 127.0.0.1)."""
    return url.replace("127.0.0.1", "localhost")


def connect_host(host: str) -> str:
    """Where another process on this machine reaches a server that listens on `host`."""
    if host in ANYWHERE:
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host


def portal_origins(portal_port: int, public_url: str = "") -> list[str]:
    """The portal's own origins: on this machine, and its public address when it has one."""
    origins = [f"http://localhost:{portal_port}", f"http://127.0.0.1:{portal_port}"]
    if public_url:
        parts = urlsplit(public_url)
        origins.append(f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}")
    return origins
