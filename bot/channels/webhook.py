"""The routes every channel of ours has in Rasa's server: GET / (health) and POST /webhook,
which answers only a request that carries the channel's shared secret (else 403), and only
once the model is loaded: before that, Rasa would drop the message without a word, so it
answers 503 and the sender (the portal, the poller, Telegram) offers it again."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable

from sanic import Blueprint, response
from sanic.request import Request

Handler = Callable[[Request], Awaitable[response.HTTPResponse]]


def same_secret(given: str | None, secret: str) -> bool:
    """Compared in constant time, so the secret cannot be guessed byte by byte."""
    return hmac.compare_digest((given or "").encode(), secret.encode())


def webhook_blueprint(name: str, header: str, secret: str, receive: Handler) -> Blueprint:
    bp = Blueprint(name, __name__)

    @bp.route("/", methods=["GET"])
    async def health(request: Request) -> response.HTTPResponse:
        return response.json({"status": "ok"})

    @bp.route("/webhook", methods=["POST"])
    async def webhook(request: Request) -> response.HTTPResponse:
        if not same_secret(request.headers.get(header), secret):
            return response.text("forbidden", status=403)
        agent = getattr(request.app.ctx, "agent", None)
        if agent is None or not agent.is_ready():
            return response.text("not ready", status=503)
        return await receive(request)

    return bp


# Channels that read a JSON object with a text message; Telegram checks its own updates.
_MESSAGE_WEBHOOKS = ("/webhooks/rest/webhook", "/webhooks/web/webhook")
MAX_SENDER = 128  # characters of a conversation id


async def validate_request(request: Request) -> response.HTTPResponse | None:
    """Sanic request middleware of the Rasa server (bot.launch.rasa_server): a message
    webhook gets a JSON object with a string `message` (and `sender`), or a 400 before any
    channel sees it. Rasa's own REST channel would fail on the rest with a 500."""
    if request.method != "POST" or request.path not in _MESSAGE_WEBHOOKS:
        return None
    try:
        body = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return response.json({"error": "verwacht een JSON-object"}, status=400)
    sender = body.get("sender", "")
    if not isinstance(body.get("message"), str) or not isinstance(sender, str | None):
        return response.json({"error": "message (tekst) en sender (tekst) nodig"}, status=400)
    if len(sender or "") > MAX_SENDER:
        return response.json({"error": "sender is te lang"}, status=400)
    return None
