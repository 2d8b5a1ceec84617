"""The web widget's conversations, without aiohttp: sessions, what the page may send,
and the stored messages (so a reload shows the conversation and proactive messages wait
for the page)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.models import WebMessage

ROLES = {"kandidaat": "web-", "consulent": "webc-"}
MAX_TEXT = 2000
_PAYLOAD = re.compile(r"^/[a-z_]{1,40}(\{.{0,300}\})?$", re.S)
_TOKEN = re.compile(r"^(kandidaat|consulent)\.[A-Za-z0-9_-]{32,64}$")


def new_token(role: str) -> str:
    if role not in ROLES:
        raise ValueError("onbekende rol")
    return f"{role}.{secrets.token_urlsafe(32)}"


def conversation_for(token: str | None) -> str | None:
    """The conversation id of a session token; None for anything that is not one of ours."""
    if not token or not _TOKEN.match(token):
        return None
    role = token.split(".", 1)[0]
    return ROLES[role] + hashlib.sha256(token.encode()).hexdigest()[:32]


def outgoing(body: dict[str, Any]) -> tuple[str, str] | None:
    """(text for Rasa, text to show) from what the page sent; None when unusable."""
    payload, label, text = body.get("payload"), body.get("label"), body.get("text")
    if isinstance(payload, str):
        if not _PAYLOAD.match(payload):
            return None
        shown = label if isinstance(label, str) and label.strip() else payload
        return payload, shown[:200]
    if not isinstance(text, str):
        return None
    text = text[:MAX_TEXT]
    # A typed text is never taken as a button payload or an intent.
    return text.lstrip("/") if text.startswith("/") else text, text


def _body(message: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"text": str(message.get("text") or "")}
    buttons = [
        {"title": str(b.get("title") or ""), "payload": str(b.get("payload") or "")}
        for b in message.get("buttons") or []
        if isinstance(b, dict)
    ]
    if buttons:
        body["buttons"] = buttons
    return body


def store(
    s: Session,
    conversation_id: str,
    sender: str,
    message: dict[str, Any],
    key: str | None = None,
) -> WebMessage | None:
    """Keeps a message for the page; None when one with the same idempotency key is kept."""
    if key is not None:
        kept = s.execute(
            select(WebMessage.id).where(
                WebMessage.conversation_id == conversation_id, WebMessage.idem_key == key
            )
        ).first()
        if kept is not None:
            return None
    row = WebMessage(
        conversation_id=conversation_id,
        sender=sender,
        body=json.dumps(_body(message), ensure_ascii=False),
        created_at=dt.datetime.utcnow(),
        idem_key=key,
    )
    s.add(row)
    s.flush()
    return row


def unkept(messages: list[dict[str, Any]], turn: int) -> list[dict[str, Any]]:
    """Bot messages shown once and stored nowhere (the conversation was just deleted), for
    the turn whose message had id `turn`. Their ids are negative: unique on the page, and
    never ahead of the ids the page polls after."""
    return [
        {"id": -(turn * 100 + n), "sender": "bot", **_body(m)} for n, m in enumerate(messages[:100])
    ]


def as_json(row: WebMessage) -> dict[str, Any]:
    return {"id": row.id, "sender": row.sender, **json.loads(row.body)}


def messages_after(s: Session, conversation_id: str, after: int, limit: int = 200) -> list[dict]:
    rows = s.execute(
        select(WebMessage)
        .where(WebMessage.conversation_id == conversation_id, WebMessage.id > after)
        .order_by(WebMessage.id)
        .limit(limit)
    ).scalars()
    return [as_json(r) for r in rows]
