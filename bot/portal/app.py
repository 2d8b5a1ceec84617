"""The portal's aiohttp application: chat pages for candidates and consultants, the
embeddable widget, the small JSON API the pages use, and the jobcoach dashboard
(/dashboard/, bot/portal/dashboard.py).

GET  /                 chat page for candidates       GET /consulent   for consultants
GET  /embed?rol=...    the same page inside the widget's frame
GET  /widget.js        <script src=".../widget.js" data-rol="kandidaat"> on any site
POST /api/session      {"rol": "kandidaat"} -> {"token": ...} (kept in the browser)
POST /api/message      {"text": ...} or {"payload": ..., "label": ...}; header X-Session
GET  /api/messages     ?after=<id>: the conversation (reload) and proactive messages
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from pathlib import Path

import aiohttp
from aiohttp import web

from bot import settings
from bot.candidates import privacy
from bot.catalogue import say
from bot.launch.logs import protect
from bot.portal import dashboard, webchat
from bot.portal.keys import HTTP_KEY, RASA_KEY, SECRET_KEY
from bot.rasa_client import RasaClient
from bot.store.engine import session

log = logging.getLogger("praktijkbot.portal")
STATIC = Path(__file__).resolve().parent / "static"
SESSION_HEADER = "X-Session"


def _page(role: str, embedded: bool) -> web.Response:
    html = (STATIC / "chat.html").read_text(encoding="utf-8")
    title = say("channels.page_consultant" if role == "consulent" else "channels.page_candidate")
    html = html.replace("{{ROLE}}", role).replace("{{TITLE}}", title)
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


async def new_session(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        body = {}
    role = body.get("rol") if isinstance(body, dict) else None
    if role not in webchat.ROLES:
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


async def send_message(request: web.Request) -> web.Response:
    conversation = _conversation(request)
    try:
        body = await request.json()
    except (ValueError, UnicodeDecodeError):
        body = None
    parsed = webchat.outgoing(body) if isinstance(body, dict) else None
    if parsed is None:
        return web.json_response({"fout": say("channels.unreadable")}, status=400)
    text, shown = parsed
    with session() as s:
        mark = privacy.deletion_mark(s, conversation)
        first = webchat.store(s, conversation, "user", {"text": shown})
        s.commit()
    replies = await _ask_rasa(request.app, conversation, text)
    with session() as s:
        if privacy.deleted_since(s, conversation, mark):
            # This turn deleted the conversation: the page shows the replies, nothing is kept.
            return web.json_response({"messages": webchat.unkept(replies, first.id)})
        for reply in replies:
            webchat.store(s, conversation, "bot", reply)
        s.commit()
        messages = webchat.messages_after(s, conversation, first.id - 1)
    return web.json_response({"messages": messages})


async def _ask_rasa(app: web.Application, conversation: str, text: str) -> list[dict]:
    url = f"{app[RASA_KEY]}/webhooks/web/webhook"
    try:
        async with app[HTTP_KEY].post(
            url,
            json={"sender": conversation, "message": text},
            headers={"X-Portal-Secret": app[SECRET_KEY]},
            timeout=aiohttp.ClientTimeout(total=60),
        ) as resp:
            if resp.status == 200:
                data = await resp.json()
                return [m for m in data if isinstance(m, dict)] if isinstance(data, list) else []
            log.warning("rasa antwoordde %s", resp.status)
    except (aiohttp.ClientError, TimeoutError):
        log.warning("rasa niet bereikbaar")
    return [{"text": say("channels.sorry")}]


async def list_messages(request: web.Request) -> web.Response:
    conversation = _conversation(request)
    try:
        after = max(0, int(request.query.get("after", "0")))
    except ValueError:
        after = 0
    with session() as s:
        return web.json_response({"messages": webchat.messages_after(s, conversation, after)})


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


def make_app(
    rasa_url: str,
    portal_secret: str,
    rasa_token: str = "",
    now: Callable[[], dt.datetime] = dt.datetime.utcnow,
) -> web.Application:
    app = web.Application(client_max_size=64 * 1024, middlewares=[security_headers])
    app[RASA_KEY] = rasa_url.rstrip("/")
    app[SECRET_KEY] = portal_secret
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
