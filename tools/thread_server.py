"""Serving a small aiohttp app from a background thread (for the benchmark's endpoint and
the tests' fake servers), so synchronous code can talk to it over real HTTP."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from aiohttp import web


def serve_in_thread(app: web.Application, port: int, host: str = "127.0.0.1") -> Callable[[], None]:
    """Start `app` on host:port in a daemon thread; returns once it accepts connections.
    Returns a function that stops the server and its thread."""
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)

    def serve() -> None:
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, host, port).start())
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not ready.wait(10):
        raise TimeoutError(f"server on port {port} did not start")

    def stop() -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    return stop
