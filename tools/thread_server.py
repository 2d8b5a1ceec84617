"""Serving a small aiohttp app from a background thread (for the benchmark's endpoint and
the tests' fake servers), so synchronous code can talk to it over real HTTP."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web


def serve_in_thread(app: web.Application, port: int, host: str = "127.0.0.1") -> None:
    """Start `app` on host:port in a daemon thread; returns once it accepts connections."""
    ready = threading.Event()

    def serve() -> None:
        loop = asyncio.new_event_loop()
        runner = web.AppRunner(app, access_log=None)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, host, port).start())
        ready.set()
        loop.run_forever()

    threading.Thread(target=serve, daemon=True).start()
    if not ready.wait(10):
        raise TimeoutError(f"server on port {port} did not start")
