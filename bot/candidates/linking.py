"""Linking a chat channel to a candidate's record with an invite code (issue 4).

A consultant creates a code for a candidate (CLI now, dashboard later). The candidate
types it in Telegram (`/start <code>`) or in the web widget. Codes are random (8
characters from 31 unambiguous ones: about 8.5e11 possibilities), single-use, expire
(default 7 days), and only their SHA-256 is stored. Failed attempts are rate-limited
per conversation: at most MAX_FAILURES per hour.

After linking, the candidate's record points at this conversation (one conversation
per candidate: linking another channel moves check-ins there).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.catalogue import say
from bot.store.models import Candidate, ChatRole, Event, InviteCode, LinkAttempt, Staff

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 8
DEFAULT_VALID_DAYS = 7
MAX_FAILURES = 5
WINDOW = dt.timedelta(hours=1)

MESSAGES = {
    "linked": "linking.linked",
    "staff_linked": "linking.staff_linked",
    "telegram_only": "linking.telegram_only",
    "unknown": "linking.unknown",
    "used": "linking.used",
    "expired": "linking.expired",
    "limited": "linking.limited",
}


@dataclass(frozen=True)
class LinkResult:
    status: str  # linked | unknown | used | expired | limited
    candidate_id: int | None = None
    first_name: str | None = None

    @property
    def message(self) -> str:
        return say(MESSAGES[self.status], name=self.first_name or "")


def normalise(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def create_invite(
    s: Session, candidate_id: int, now: dt.datetime, valid_days: int = DEFAULT_VALID_DAYS
) -> str:
    """A new code (shown once, to the consultant); returns it formatted as XXXX-XXXX."""
    if s.get(Candidate, candidate_id) is None:
        raise ValueError(say("dashboard.candidate_missing", id=candidate_id))
    if not 1 <= valid_days <= 60:
        raise ValueError(say("linking.valid_days"))
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    s.add(
        InviteCode(
            code_hash=_hash(code),
            candidate_id=candidate_id,
            created_at=now,
            expires_at=now + dt.timedelta(days=valid_days),
        )
    )
    return format_code(code)


def create_staff_code(s: Session, staff_id: int, now: dt.datetime) -> str:
    """A code a jobcoach sends to the bot in Telegram to get notifications there (1 day)."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    s.add(
        InviteCode(
            code_hash=_hash(code),
            staff_id=staff_id,
            created_at=now,
            expires_at=now + dt.timedelta(days=1),
        )
    )
    return format_code(code)


def _limited(s: Session, key: str, now: dt.datetime) -> bool:
    failures = s.execute(
        select(func.count())
        .select_from(LinkAttempt)
        .where(LinkAttempt.key == key, LinkAttempt.at > now - WINDOW)
    ).scalar_one()
    return failures >= MAX_FAILURES


def _fail(s: Session, key: str, status: str, now: dt.datetime) -> LinkResult:
    s.add(LinkAttempt(key=key, at=now))
    s.execute(delete(LinkAttempt).where(LinkAttempt.at < now - WINDOW))
    s.commit()
    return LinkResult(status)


def redeem(
    s: Session, code: str, conversation_id: str, channel: str, now: dt.datetime
) -> LinkResult:
    """Link `conversation_id` to the candidate the code belongs to."""
    if _limited(s, conversation_id, now):
        return LinkResult("limited")
    invite = s.execute(
        select(InviteCode).where(InviteCode.code_hash == _hash(code))
    ).scalar_one_or_none()
    if invite is None:
        return _fail(s, conversation_id, "unknown", now)
    if invite.used_at is not None:
        return _fail(s, conversation_id, "used", now)
    if invite.expires_at <= now:
        return _fail(s, conversation_id, "expired", now)
    if invite.staff_id is not None:
        if channel != "telegram":
            return LinkResult("telegram_only")
        invite.used_at = now
        staff = s.get(Staff, invite.staff_id)
        staff.telegram_chat_id = conversation_id.removeprefix("tg-")
        s.commit()
        return LinkResult("staff_linked", None, staff.display_name)
    invite.used_at = now
    # This conversation may belong to no one else: unlink it from an earlier record.
    for other in s.execute(
        select(Candidate).where(
            Candidate.conversation_id == conversation_id, Candidate.id != invite.candidate_id
        )
    ).scalars():
        other.conversation_id = None
    s.flush()
    candidate = s.get(Candidate, invite.candidate_id)
    candidate.conversation_id = conversation_id
    candidate.channel = channel
    candidate.unreachable_at = None
    candidate.last_active_at = now
    s.add(
        Event(kind="kanaal_gekoppeld", candidate_id=candidate.id, region=candidate.region, at=now)
    )
    s.commit()
    return LinkResult("linked", candidate.id, candidate.first_name)


def candidate_for(s: Session, conversation_id: str) -> Candidate | None:
    """The candidate linked to this conversation: the one way to find out who it is."""
    return s.execute(
        select(Candidate).where(Candidate.conversation_id == conversation_id)
    ).scalar_one_or_none()


def mark_unreachable(s: Session, conversation_id: str, now: dt.datetime) -> Candidate | None:
    """The channel refused delivery (the candidate blocked the bot): tell the jobcoach."""
    from bot.escalations import records as escalation

    candidate = candidate_for(s, conversation_id)
    if candidate is None or candidate.unreachable_at is not None:
        return candidate
    candidate.unreachable_at = now
    escalation.create(
        s,
        candidate,
        "onbereikbaar",
        say("escalations.excerpt_channel_refused", channel=candidate.channel),
        now,
    )
    s.commit()
    return candidate


ROLES = ("candidate", "consultant")
MAX_PENDING_CHARS = 1000


def conversation_role(s: Session, conversation_id: str) -> str | None:
    """Who writes in a chat: a linked staff member is a professional (consultant), a linked
    candidate a candidate; otherwise the role chosen in the chat, or None when not asked yet."""
    chat = conversation_id.removeprefix("tg-")
    if s.execute(select(Staff.id).where(Staff.telegram_chat_id == chat)).first() is not None:
        return "consultant"
    if candidate_for(s, conversation_id) is not None:
        return "candidate"
    row = s.get(ChatRole, conversation_id)
    return row.role if row is not None else None


def hold_until_role(s: Session, conversation_id: str, text: str, now: dt.datetime) -> None:
    """Keep the first message of an unknown chat until the role is chosen."""
    row = s.get(ChatRole, conversation_id)
    if row is None:
        row = ChatRole(conversation_id=conversation_id)
        s.add(row)
    if not row.pending_text:
        row.pending_text = text[:MAX_PENDING_CHARS]
    row.updated_at = now
    s.commit()


def choose_role(s: Session, conversation_id: str, role: str, now: dt.datetime) -> str | None:
    """Store the role; returns the message that waited for it (and forgets it)."""
    if role not in ROLES:
        raise ValueError(role)
    row = s.get(ChatRole, conversation_id)
    if row is None:
        row = ChatRole(conversation_id=conversation_id)
        s.add(row)
    pending, row.pending_text = row.pending_text, None
    row.role, row.updated_at = role, now
    s.commit()
    return pending
