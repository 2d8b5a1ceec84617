"""The portal's aiohttp application: chat pages for candidates and consultants, the
embeddable widget, the small JSON API the pages use, and the jobcoach dashboard
(/dashboard/, bot/portal/dashboard.py).

GET  /                 chat page for candidates       GET /consulent   for consultants
GET  /embed?rol=...    the same page inside the widget's frame
GET  /widget.js        <script src=".../widget.js" data-rol="kandidaat"> on any site
POST /api/session      {"rol": "kandidaat"} -> {"token": ...} (kept in the browser)
POST /api/message      {"text": ...} or {"payload": ..., "label": ...}; header X-Session
GET  /api/messages     ?after=<id>: the conversation (reload) and proactive messages

The event loop never waits for the database or argon2: the chat API hands its database work
to a thread, and every dashboard handler runs in a worker thread of its own (`off_the_loop`).
The chat API is rate limited per IP address and per session (bot.portal.limits: 429).
A message that Rasa could not take (it is restarting) is offered again for up to
RASA_RETRY_SECONDS instead of being lost.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
from collections.abc import Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from bot import settings
from bot.candidates import privacy
from bot.catalogue import say
from bot.launch.logs import protect
from bot.portal import dashboard, webchat
from bot.portal.keys import (
    HTTP_KEY,
    LIMITS_KEY,
    PROXIES_KEY,
    RASA_KEY,
    SECRET_KEY,
    client_ip,
)
from bot.portal.limits import PortalLimits, Window
from bot.rasa_client import RasaClient
from bot.store.engine import session

log = logging.getLogger("praktijkbot.portal")
STATIC = Path(__file__).resolve().parent / "static"
SESSION_HEADER = "X-Session"
RASA_RETRY_SECONDS = 20.0  # `make run` restarts a stopped Rasa within about 15 s
MAX_AFTER = 2**62  # the largest message id a page can ask after (SQLite's integer range)


# The chat page's words per role: `u` for consultants, `je` for candidates.
PAGE_TEXTS = {
    "consulent": {
        "TITLE": "channels.page_consultant",
        "SKIP": "channels.page_skip_consultant",
        "INPUT_LABEL": "channels.page_input_label_consultant",
        "INPUT_HINT": "channels.page_input_hint_consultant",
    },
    "kandidaat": {
        "TITLE": "channels.page_candidate",
        "SKIP": "channels.page_skip_candidate",
        "INPUT_LABEL": "channels.page_input_label_candidate",
        "INPUT_HINT": "channels.page_input_hint_candidate",
    },
}


def _page(role: str, embedded: bool) -> web.Response:
    html = (STATIC / "chat.html").read_text(encoding="utf-8")
    html = html.replace("{{ROLE}}", role)
    for slot, key in PAGE_TEXTS["consulent" if role == "consulent" else "kandidaat"].items():
        html = html.replace("{{" + slot + "}}", say(key))
    html = html.replace("{{EMBEDDED}}", "embedded" if embedded else "")
    return web.Response(text=html, content_type="text/html", headers=_security_headers())


def _security_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": "default-src 'self'; style-src 'self'; script-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; frame-ancestors *",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


async def candidate_page(request: web.Request) -> web.Response:
    return _page("kandidaat", False)


async def consultant_page(request: web.Request) -> web.Response:
    return _page("consulent", False)


async def embed_page(request: web.Request) -> web.Response:
    role = request.query.get("rol", "kandidaat")
    return _page(role if role in webchat.ROLES else "kandidaat", True)


async def widget_js(request: web.Request) -> web.FileResponse:
    # A <script src> needs no CORS: the portal allows no other origin anything.
    return web.FileResponse(STATIC / "widget.js")


def _limit(*checks: tuple[Window, str]) -> None:
    for window, key in checks:
        wait = window.wait(key)
        if wait:
            raise web.HTTPTooManyRequests(
                text=json.dumps({"fout": say("channels.slow_down")}),
                content_type="application/json",
                headers={"Retry-After": str(math.ceil(wait))},
            )


async def new_session(request: web.Request) -> web.Response:
    await request.read()  # see send_message
    _limit((request.app[LIMITS_KEY].sessions_per_ip, client_ip(request)))
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        body = {}
    role = body.get("rol") if isinstance(body, dict) else None
    if not isinstance(role, str) or role not in webchat.ROLES:
        return web.json_response({"fout": say("channels.choose_role")}, status=400)
    return web.json_response({"token": webchat.new_token(role)})


def _conversation(request: web.Request) -> str:
    conversation = webchat.conversation_for(request.headers.get(SESSION_HEADER))
    if conversation is None:
        raise web.HTTPUnauthorized(
            text=json.dumps({"fout": say("channels.session_expired")}),
            content_type="application/json",
        )
    return conversation


def _keep_question(conversation: str, shown: str) -> tuple[int, int]:
    with session() as s:
        mark = privacy.deletion_mark(s, conversation)
        first = webchat.store(s, conversation, "user", {"text": shown})
        s.commit()
        return first.id, mark


def _keep_replies(conversation: str, replies: list[dict], first_id: int, mark: int) -> list[dict]:
    with session() as s:
        if privacy.deleted_since(s, conversation, mark):
            # This turn deleted the conversation: the page shows the replies, nothing is kept.
            return webchat.unkept(replies, first_id)
        for reply in replies:
            webchat.store(s, conversation, "bot", reply)
        s.commit()
        return webchat.messages_after(s, conversation, first_id - 1)


def _messages(conversation: str, after: int) -> list[dict]:
    with session() as s:
        return webchat.messages_after(s, conversation, after)


async def send_message(request: web.Request) -> web.Response:
    # Read first: answering early (401, 429) with the body unread makes aiohttp close the
    # connection, and a client already reusing it sees a reset.
    await request.read()
    conversation = _conversation(request)
    limits = request.app[LIMITS_KEY]
    _limit(
        (limits.messages_per_session, conversation),
        (limits.messages_per_ip, client_ip(request)),
    )
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    parsed = webchat.outgoing(body) if isinstance(body, dict) else None
    if parsed is None:
        return web.json_response({"fout": say("channels.unreadable")}, status=400)
    text, shown = parsed
    first_id, mark = await asyncio.to_thread(_keep_question, conversation, shown)
    replies = await _ask_rasa(request.app, conversation, text)
    messages = await asyncio.to_thread(_keep_replies, conversation, replies, first_id, mark)
    return web.json_response({"messages": messages})


async def _ask_rasa(app: web.Application, conversation: str, text: str) -> list[dict]:
    """Rasa's replies. Refused connections and "not ready" (503: Rasa took nothing) are
    tried again while Rasa restarts; any other failure is not (the message may have been
    handled) and gets an apology."""
    url = f"{app[RASA_KEY]}/webhooks/web/webhook"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + RASA_RETRY_SECONDS
    while True:
        try:
            async with app[HTTP_KEY].post(
                url,
                json={"sender": conversation, "message": text},
                headers={"X-Portal-Secret": app[SECRET_KEY]},
                timeout=aiohttp.ClientTimeout(total=60),
            ) as resp:
                if resp.status == 200:
                    data = await resp.json()
                    if isinstance(data, list):
                        return [m for m in data if isinstance(m, dict)]
                    return []
                log.warning("rasa antwoordde %s", resp.status)
                if resp.status != 503:
                    break
        except aiohttp.ClientConnectorError:
            log.warning("rasa niet bereikbaar; opnieuw")
        except (aiohttp.ClientError, TimeoutError):
            log.warning("rasa niet bereikbaar")
            break
        if loop.time() >= deadline:
            break
        await asyncio.sleep(1.0)
    return [{"text": say("channels.sorry")}]


async def list_messages(request: web.Request) -> web.Response:
    conversation = _conversation(request)
    limits = request.app[LIMITS_KEY]
    _limit((limits.polls_per_session, conversation), (limits.polls_per_ip, client_ip(request)))
    try:
        after = min(max(0, int(request.query.get("after", "0"))), MAX_AFTER)
    except ValueError:
        after = 0
    messages = await asyncio.to_thread(_messages, conversation, after)
    return web.json_response({"messages": messages})


async def health(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _client(app: web.Application):
    app[HTTP_KEY] = aiohttp.ClientSession()
    yield
    await app[HTTP_KEY].close()


@web.middleware
async def security_headers(request: web.Request, handler):
    resp = await handler(request)
    for key, value in _security_headers().items():
        resp.headers.setdefault(key, value)
    return resp


@web.middleware
async def off_the_loop(request: web.Request, handler):
    """The dashboard's handlers use the database and argon2 as they are (blocking): each
    runs in a worker thread, with an event loop of its own. The body is read here first,
    on the loop that owns the connection; in the thread it is read from memory."""
    if not request.path.startswith("/dashboard"):
        return await handler(request)
    await request.post()  # a form: parsed now, kept on the request
    await request.read()
    return await asyncio.to_thread(asyncio.run, handler(request))


def make_app(
    rasa_url: str,
    portal_secret: str,
    rasa_token: str = "",
    now: Callable[[], dt.datetime] = dt.datetime.utcnow,
) -> web.Application:
    app = web.Application(client_max_size=64 * 1024, middlewares=[security_headers, off_the_loop])
    app[RASA_KEY] = rasa_url.rstrip("/")
    app[SECRET_KEY] = portal_secret
    app[LIMITS_KEY] = PortalLimits(clock=lambda: now().timestamp())
    app[PROXIES_KEY] = settings.current().portal_trusted_proxies
    app.cleanup_ctx.append(_client)
    app.router.add_get("/", candidate_page)
    app.router.add_get("/consulent", consultant_page)
    app.router.add_get("/embed", embed_page)
    app.router.add_get("/widget.js", widget_js)
    app.router.add_get("/health", health)
    app.router.add_post("/api/session", new_session)
    app.router.add_post("/api/message", send_message)
    app.router.add_get("/api/messages", list_messages)
    app.router.add_static("/static/", STATIC)
    dashboard.add_routes(app, RasaClient(rasa_url, rasa_token), now)
    return app


def main() -> None:
    config = settings.load_or_exit(required=("PORTAL_SECRET",))
    protect()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)  # URLs only, but quiet
    app = make_app(config.rasa_url, config.portal_secret, config.rasa_token)
    web.run_app(
        app,
        host=config.portal_host,
        port=config.portal_port,
        print=None,
        access_log=None,
    )


if __name__ == "__main__":
    main()
