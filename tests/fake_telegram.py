"""A fake Telegram Bot API server (aiohttp) for tests: the real python-telegram-bot
client talks to it through `base_url`. It records every call, queues updates for
getUpdates, answers 429 (RetryAfter) when asked to, and 403 for chats that blocked
the bot."""

from __future__ import annotations

import asyncio
import json
import threading
import time

from aiohttp import web

from bot.launch.ports import free_port
from tools.thread_server import serve_in_thread


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.port = free_port()
        self.calls: list[tuple[str, dict]] = []
        self.raw: list[tuple[str, str]] = []
        self.updates: list[dict] = []
        self.blocked: set[int] = set()
        self.too_many: dict[int, int] = {}  # chat -> answer this many sendMessage with 429
        self._next_update = 1
        self._message_id = 100
        self._lock = threading.Lock()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # test helpers
    def push_message(self, chat_id: int, text: str | None = None, **extra) -> None:
        message = {
            "message_id": self._new_id(),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        }
        if text is not None:
            message["text"] = text
        message.update(extra)
        self._push({"message": message})

    def push_button(self, chat_id: int, data: str, message_id: int = 1) -> None:
        self._push(
            {
                "callback_query": {
                    "id": str(self._new_id()),
                    "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
                    "chat_instance": "x",
                    "data": data,
                    "message": {
                        "message_id": message_id,
                        "date": int(time.time()),
                        "chat": {"id": chat_id, "type": "private"},
                        "text": "vraag",
                    },
                }
            }
        )

    def sent(self, chat_id: int | None = None) -> list[dict]:
        return [
            p
            for m, p in list(self.calls)
            if m == "sendMessage" and (chat_id is None or int(p["chat_id"]) == chat_id)
        ]

    def methods(self) -> list[str]:
        return [m for m, _ in list(self.calls)]

    def _new_id(self) -> int:
        with self._lock:
            self._message_id += 1
            return self._message_id

    def _push(self, update: dict) -> None:
        with self._lock:
            update["update_id"] = self._next_update
            self._next_update += 1
            self.updates.append(update)

    # the server
    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        self.raw.append((method, request.content_type))
        params = {}
        if request.content_type == "application/json":
            params = await request.json()
        else:
            for key, value in (await request.post()).items():
                try:
                    params[key] = json.loads(value)
                except (TypeError, ValueError):
                    params[key] = value
        self.calls.append((method, params))
        handler = getattr(self, f"api_{method}", None)
        if handler is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
            )
        return await handler(params)

    async def api_getMe(self, params: dict) -> web.Response:
        return self._ok(
            {"id": 42, "is_bot": True, "first_name": "praktijkbot", "username": "praktijk_test_bot"}
        )

    async def api_setWebhook(self, params: dict) -> web.Response:
        return self._ok(True)

    async def api_deleteWebhook(self, params: dict) -> web.Response:
        return self._ok(True)

    async def api_getUpdates(self, params: dict) -> web.Response:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        while True:
            with self._lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                pending = list(self.updates)
            if pending or time.monotonic() >= deadline:
                return self._ok(pending)
            await asyncio.sleep(0.1)

    async def api_sendMessage(self, params: dict) -> web.Response:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 403,
                    "description": "Forbidden: bot was blocked by the user",
                },
                status=403,
            )
        if self.too_many.get(chat_id, 0) > 0:
            self.too_many[chat_id] -= 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        return self._ok(
            {
                "message_id": self._new_id(),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": params.get("text", ""),
            }
        )

    async def api_editMessageReplyMarkup(self, params: dict) -> web.Response:
        return self._ok(True)

    async def api_answerCallbackQuery(self, params: dict) -> web.Response:
        return self._ok(True)

    def _ok(self, result) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def start(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self.handle)
        app.router.add_get("/bot{token}/{method}", self.handle)
        serve_in_thread(app, self.port)
        return self
