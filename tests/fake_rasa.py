"""A fake Rasa HTTP API for tests of the one Rasa client (bot.rasa_client): records what it
is asked; answers trigger_intent with one message and buttons, and a conversation in which
the check-in action ran (unless told the action server is down, or the conversation is
paused); can fail every call or only the tracker writes."""

from __future__ import annotations

from aiohttp import web

from bot.launch.ports import free_port
from tools.thread_server import serve_in_thread

TOKEN = "geheim"


class FakeRasa:
    """Records what it is asked; answers trigger_intent with one message and buttons."""

    def __init__(self) -> None:
        self.port = free_port()
        self.calls: list[tuple[str, str, dict, object]] = []
        self.failing = False
        self.action_fails = False  # the action server is down: Rasa still answers 200
        self.paused = False
        self.events: list[dict] = [{"event": "user", "text": "hoi"}]
        self.refuse: set[str] = set()  # event kinds whose tracker write fails (pause, bot...)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json() if request.can_read_body else None
        self.calls.append((request.method, request.path, dict(request.query), body))
        if request.query.get("token") != TOKEN:
            return web.json_response({"message": "no"}, status=401)
        if self.failing:
            return web.json_response({"message": "kapot"}, status=500)
        if request.path.endswith("/tracker/events") and body and body[0]["event"] in self.refuse:
            return web.json_response({"message": "kapot"}, status=500)
        if request.path.endswith("/trigger_intent"):
            buttons = [{"title": "Goed", "payload": '/inform{"choice": "goed"}'}]
            entities = [{"entity": k, "value": v} for k, v in body["entities"].items()]
            parse = {"intent": {"name": body["name"]}, "entities": entities}
            events = [{"event": "user", "text": None, "parse_data": parse}]
            if not self.action_fails and not self.paused:
                value = body["entities"].get("checkin_id")
                events.append({"event": "slot", "name": "checkin_id", "value": value})
                events.append({"event": "active_loop", "name": "checkin_form"})
            tracker = {"events": events, "paused": self.paused}
            messages = [] if self.paused else [{"text": "Hoe gaat het?", "buttons": buttons}]
            return web.json_response({"tracker": tracker, "messages": messages})
        if request.path.endswith("/tracker"):
            return web.json_response({"events": self.events})
        return web.json_response({})

    def start(self) -> FakeRasa:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        serve_in_thread(app, self.port)
        return self

    def paths(self) -> list[str]:
        return [path for _, path, _, _ in self.calls]
