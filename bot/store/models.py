"""Traject data (issue 3): candidates, trajecten, werkprocessen, check-ins,
follow-ups, escalations and an event log. Schema changes go through Alembic
(bot/store/migrations); `bot.store.engine.engine()` upgrades a database to the latest revision.

Only what the candidate agreed to (consent_at) is stored, and as little as
possible: a first name, no surname, no BSN, no address.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import relationship

from bot.store.engine import Base


def _now() -> dt.datetime:
    return dt.datetime.utcnow()


# Ids are never handed out twice (SQLite reuses the highest id of a deleted row without
# AUTOINCREMENT; PostgreSQL sequences never do): a link, code or audit line that names a deleted
# candidate or escalation can never point at a new one. tests/test_deletion.py checks every table.
AUTOINCREMENT = {"sqlite_autoincrement": True}


class Candidate(Base):
    __tablename__ = "candidates"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    first_name = Column(String(60))
    age = Column(Integer)
    region = Column(String(60))
    situation = Column(String(200))  # werkend/werkzoekend, waar
    schooling = Column(String(200))  # hoogste opleiding en diploma
    has_startkwalificatie = Column(String(10))  # ja | nee | onbekend (afgeleid)
    enrolled_at_school = Column(String(10))
    sector = Column(String(100))
    learning_style = Column(String(50))  # doen | voordoen | uitleg | herhaling
    support_needs = Column(String(200))
    contact_preference = Column(String(50))
    consent_at = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=_now)
    # The conversation (Rasa sender id) and channel the assistant reaches the candidate on.
    conversation_id = Column(String(128), unique=True)
    channel = Column(String(30))
    intake_summary = Column(Text)  # for the consultant and the jobcoach
    prescreen = Column(String(30))  # waarschijnlijk_wel | waarschijnlijk_niet | bespreek
    last_active_at = Column(DateTime)
    unreachable_at = Column(DateTime)  # the channel refused delivery (e.g. bot blocked)
    trajecten = relationship("Traject", back_populates="candidate", cascade="all, delete-orphan")


class Traject(Base):
    __tablename__ = "trajecten"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    candidate_id = Column(
        Integer, ForeignKey("candidates.id", ondelete="CASCADE"), nullable=False, index=True
    )
    leerbedrijf = Column(String(200))
    praktijkopleider = Column(String(200))
    jobcoach = Column(String(200))
    start_date = Column(Date)
    planned_end = Column(Date)
    status = Column(String(20), nullable=False, default="actief")  # actief|gestopt|afgerond
    checkin_interval_days = Column(Integer, nullable=False, default=14)
    pv_obtained_on = Column(Date)
    jobcoach_id = Column(Integer, ForeignKey("staff.id", ondelete="SET NULL"))
    candidate = relationship("Candidate", back_populates="trajecten")
    werkprocessen = relationship(
        "Werkproces", back_populates="traject", cascade="all, delete-orphan"
    )


class Werkproces(Base):
    __tablename__ = "werkprocessen"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    traject_id = Column(
        Integer, ForeignKey("trajecten.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name = Column(String(200), nullable=False)
    done_on = Column(Date)
    traject = relationship("Traject", back_populates="werkprocessen")


class CheckIn(Base):
    __tablename__ = "checkins"
    __table_args__ = (Index("ix_checkins_status_due", "status", "due_at"), AUTOINCREMENT)

    id = Column(Integer, primary_key=True)
    traject_id = Column(
        Integer, ForeignKey("trajecten.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind = Column(String(20), nullable=False, default="voortgang")  # voortgang | nazorg-1|6|12
    due_at = Column(DateTime, nullable=False)
    # The states and how they move: bot.candidates.scheduler (gepland, bezig, verstuurd, ...).
    status = Column(String(20), nullable=False, default="gepland")
    sent_at = Column(DateTime)
    reminder_sent_at = Column(DateTime)
    answered_at = Column(DateTime)
    flagged_at = Column(DateTime)
    claim_token = Column(String(32))  # which scheduler run claimed it (bot.candidates.scheduler)
    lease_until = Column(DateTime)  # a claim not finished by then was lost (a crash): retried
    # failed deliveries of this message; the server default is migration 0009's (old rows)
    attempts = Column(Integer, nullable=False, default=0, server_default=text("0"))
    next_attempt_at = Column(DateTime)  # after a failure: not before
    last_error = Column(String(300))  # the kind of failure, never a message text


class CheckInAnswer(Base):
    __tablename__ = "checkin_answers"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    checkin_id = Column(
        Integer, ForeignKey("checkins.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question = Column(String(50), nullable=False)
    answer = Column(String(200))
    said = Column(String(500))  # what the candidate typed, when it was not a button


class DeletionRequest(Base):
    """A deleted conversation (bot.candidates.privacy). Its history in Rasa's tracker store is
    wiped once the turn that asked is saved, then wiped again until GUARD has passed (a turn
    that was still running may write it back); meanwhile the portal stores nothing that a turn
    from before the deletion sends. After that only the dates are kept."""

    __tablename__ = "deletion_requests"
    __table_args__ = (
        Index("ix_deletion_requests_conversation_id", "conversation_id"),
        AUTOINCREMENT,
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)  # "-" once done
    requested_at = Column(DateTime, nullable=False, default=_now)
    wiped_at = Column(DateTime)  # the first wipe: tracker events up to here go, also later
    done_at = Column(DateTime)


class PendingDeletion(Base):
    """The deletion question, asked in a conversation: only a reply to it deletes, and only
    before it expires. Written by the action that asks; the user cannot set it."""

    __tablename__ = "pending_deletions"

    conversation_id = Column(String(128), primary_key=True)
    asked_at = Column(DateTime, nullable=False)
    expires_at = Column(DateTime, nullable=False)


class Escalation(Base):
    __tablename__ = "escalations"
    __table_args__ = (Index("ix_escalations_status_severity", "status", "severity"), AUTOINCREMENT)

    id = Column(Integer, primary_key=True)
    candidate_id = Column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    reason = Column(String(50), nullable=False)
    severity = Column(Integer, nullable=False)  # 1 hoogst
    excerpt = Column(Text)
    status = Column(String(20), nullable=False, default="open")
    created_at = Column(DateTime, nullable=False, default=_now)
    resolved_at = Column(DateTime)
    note = Column(Text)
    staff_id = Column(Integer, ForeignKey("staff.id", ondelete="SET NULL"))  # who is told
    acknowledged_at = Column(DateTime)
    handoff_at = Column(DateTime)  # a jobcoach took over the conversation
    # overnemen -> overgenomen -> teruggeven -> teruggegeven (bot.escalations.handoff)
    handoff_state = Column(String(20))
    handback_at = Column(DateTime)  # the bot was given back the conversation
    due_at = Column(DateTime)  # taken (acknowledged) by then, as the candidate was promised
    reescalated_at = Column(DateTime)  # not taken in time: the fallback and admins were told


class HandoffMessage(Base):
    """The conversation of a takeover, kept after it is closed (bot.escalations.handoff)."""

    __tablename__ = "handoff_messages"
    __table_args__ = (
        Index("ix_handoff_messages_escalation_id", "escalation_id", "id"),
        AUTOINCREMENT,
    )

    id = Column(Integer, primary_key=True)
    escalation_id = Column(
        Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False
    )
    at = Column(DateTime, nullable=False, default=_now)
    sender = Column(String(20), nullable=False)  # kandidaat | jobcoach | bot
    text = Column(Text, nullable=False)
    idem_key = Column(String(100))  # a reply sent twice is kept once


class Event(Base):
    """What happened, for counting inflow, progress, dropout and outflow per region."""

    __tablename__ = "events"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=_now, index=True)
    kind = Column(String(50), nullable=False)
    candidate_id = Column(Integer, ForeignKey("candidates.id", ondelete="SET NULL"), index=True)
    region = Column(String(60))
    detail = Column(Text)


class InviteCode(Base):
    """A single-use, expiring code a consultant gives a candidate to link a chat channel.
    Only a hash of the code is stored."""

    __tablename__ = "invite_codes"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)
    # for a candidate's chat, or (staff_id) a jobcoach's Telegram chat for notifications
    candidate_id = Column(Integer, ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    staff_id = Column(Integer, ForeignKey("staff.id", ondelete="CASCADE"))
    created_at = Column(DateTime, nullable=False, default=_now)
    expires_at = Column(DateTime, nullable=False)
    used_at = Column(DateTime)


class LinkAttempt(Base):
    """A failed code attempt, for rate limiting (keyed by channel conversation)."""

    __tablename__ = "link_attempts"
    __table_args__ = (Index("ix_link_attempts_key_at", "key", "at"), AUTOINCREMENT)

    id = Column(Integer, primary_key=True)
    key = Column(String(128), nullable=False)
    at = Column(DateTime, nullable=False, default=_now)


class WebMessage(Base):
    """The web widget's conversation as the page shows it (kept across page reloads,
    and where proactive messages wait until the page fetches them)."""

    __tablename__ = "web_messages"
    __table_args__ = (
        Index("ix_web_messages_conversation_id", "conversation_id", "id"),
        Index("ux_web_messages_idem_key", "conversation_id", "idem_key", unique=True),
        AUTOINCREMENT,
    )

    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(128), nullable=False)
    sender = Column(String(10), nullable=False)  # user | bot
    body = Column(Text, nullable=False)  # JSON: text, buttons
    created_at = Column(DateTime, nullable=False, default=_now)
    # A delivery sent again after a crash carries the same key and is kept once.
    idem_key = Column(String(100))


class ChatRole(Base):
    """Who writes in a chat that is linked to no one (Telegram): asked once, then known.
    The first message waits here (pending_text) until the role is chosen."""

    __tablename__ = "chat_roles"

    conversation_id = Column(String(128), primary_key=True)
    role = Column(String(20))  # candidate | consultant; empty while the question is open
    pending_text = Column(Text)
    updated_at = Column(DateTime, nullable=False, default=_now)


class Staff(Base):
    """Jobcoaches, consultants and administrators who use the dashboard."""

    __tablename__ = "staff"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    username = Column(String(60), nullable=False, unique=True)
    display_name = Column(String(100), nullable=False)
    role = Column(String(20), nullable=False)  # bot.portal.auth.ROLES
    password_hash = Column(String(200), nullable=False)
    email = Column(String(200))
    telegram_chat_id = Column(String(40))
    region = Column(String(60))
    default_for_region = Column(Integer, nullable=False, default=0)  # regional default jobcoach
    failed_logins = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime)
    created_at = Column(DateTime, nullable=False, default=_now)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id = Column(String(64), primary_key=True)  # SHA-256 of the cookie value
    staff_id = Column(Integer, ForeignKey("staff.id", ondelete="CASCADE"), nullable=False)
    csrf_token = Column(String(64), nullable=False)
    created_at = Column(DateTime, nullable=False, default=_now)
    expires_at = Column(DateTime, nullable=False)


class Notification(Base):
    """Outbox: a message to a jobcoach about an escalation, retried until it is sent."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_status_next", "status", "next_attempt_at"),
        AUTOINCREMENT,
    )

    id = Column(Integer, primary_key=True)
    escalation_id = Column(
        Integer, ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False, index=True
    )
    channel = Column(String(20), nullable=False)  # email | telegram
    recipient = Column(String(200), nullable=False)
    # wachtend -> bezig -> verstuurd | mislukt -> ... -> dood (bot.escalations.notifications)
    status = Column(String(20), nullable=False, default="wachtend")
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime, nullable=False, default=_now)
    lease_until = Column(DateTime)  # a send not finished by then was lost (a crash): retried
    last_error = Column(String(300))
    created_at = Column(DateTime, nullable=False, default=_now)
    sent_at = Column(DateTime)
    kind = Column(String(20))  # None: a new melding; "opnieuw": not taken in time


class AuditEntry(Base):
    """Every change made in the dashboard: who, what, when."""

    __tablename__ = "audit_log"
    __table_args__ = AUTOINCREMENT

    id = Column(Integer, primary_key=True)
    at = Column(DateTime, nullable=False, default=_now, index=True)
    staff_id = Column(Integer, ForeignKey("staff.id", ondelete="SET NULL"))
    action = Column(String(50), nullable=False)
    target = Column(String(100))
    detail = Column(Text)


class RegionContact(Base):
    """A professional in a region's network ("netwerk in beeld", bot.knowledge.directory):
    their work contact, for consultants; never a candidate's data."""

    __tablename__ = "region_contacts"
    __table_args__ = (Index("ix_region_contacts_region", "region", "kind"), AUTOINCREMENT)

    id = Column(Integer, primary_key=True)
    region = Column(String(60), nullable=False)  # an id of knowledge/regions.yml
    kind = Column(String(30), nullable=False)  # bot.knowledge.directory.KINDS
    role = Column(String(100))  # the role in words, for kind "anders"
    name = Column(String(100))
    organisation = Column(String(150))
    phone = Column(String(30))
    email = Column(String(200))
    purpose = Column(String(500))  # waarvoor u bij hen terecht kunt
    checked_on = Column(Date)  # last checked; empty: never
    updated_by = Column(Integer, ForeignKey("staff.id", ondelete="SET NULL"))
    updated_at = Column(DateTime, nullable=False, default=_now)


class HandledKey(Base):
    """An idempotency key of something done once: an incoming Telegram update (a poller that
    restarted before it acknowledged, a webhook Telegram retried) or a jobcoach's reply (a
    form sent twice). Holds no message; kept a week (bot.store.once)."""

    __tablename__ = "handled_keys"

    key = Column(String(200), primary_key=True)
    at = Column(DateTime, nullable=False, default=_now, index=True)
    done_at = Column(DateTime)  # empty while it is being handled
    owner = Column(String(100))  # the process handling it
