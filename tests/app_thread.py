"""aiohttp apps served on their own event loop in a thread, for tests that drive them from
synchronous code (Playwright): the portal without the rest of the stack."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import web

from bot.launch.ports import free_port


class AppThread:
    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.runners: list[web.AppRunner] = []
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def serve(self, app: web.Application, port: int | None = None) -> str:
        """Serves `app` (on `port`, else a free one) and returns its URL."""
        port = port or free_port()

        async def start() -> None:
            runner = web.AppRunner(app)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            self.runners.append(runner)

        asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        for runner in self.runners:
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
