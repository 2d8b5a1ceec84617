"""Ports, addresses and readiness probes for local processes (bot/run.py, the tests' fake
servers)."""

from __future__ import annotations

import random
import socket
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ANYWHERE = {"0.0.0.0", "::", ""}
PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST_PORT = 10000
_handed_out: set[int] = set()


def _ephemeral_start() -> int:
    """Where the kernel's own port choices begin (for bind to port 0 and outgoing
    connections)."""
    try:
        return int(PORT_RANGE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port nothing listens on, for a server that this process starts, never the same one
    twice. It lies below the kernel's ephemeral range: a port the kernel chose stays free only
    until the kernel hands it to another server or an outgoing connection, and Rasa binds its
    port only after it has loaded its model, a minute later while the tests run."""
    start = _ephemeral_start()
    if start - LOWEST_PORT >= 1000:
        for _ in range(200):
            port = random.randrange(LOWEST_PORT, start)
            if port not in _handed_out and _bindable(port):
                _handed_out.add(port)
                return port
    with socket.socket() as s:  # a machine without room below its ephemeral range
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
