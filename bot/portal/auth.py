"""Dashboard accounts: argon2 password hashes, server-side sessions, CSRF tokens,
a growing delay after repeated failures, and who may see which candidate.

The delay per account is short (at most MAX_DELAY_SECONDS), so nobody can keep an account
closed for others by typing wrong passwords; the portal also slows down each address that
keeps failing, for much longer (bot.portal.limits, bot.portal.dashboard.login).

Plain functions over the project database with the clock passed in (testable without
aiohttp). The cookie holds a random session token; the database only its SHA-256.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, delete, false, or_, select, true
from sqlalchemy.orm import Session

from bot.catalogue import say
from bot.escalations import owners
from bot.store.models import AuditEntry, Candidate, Escalation, Staff, StaffSession, Traject

# manager: a region's figures only (bot.portal.dashboard.effect), never a candidate;
# curator: the kennisbank only
ROLES = ("jobcoach", "consulent", "beheerder", "manager", "curator")
SESSION_HOURS = 8
MAX_FAILURES = 5  # free failures per account; then each one doubles the wait
MAX_DELAY_SECONDS = 30
MIN_PASSWORD = 12
_hasher = PasswordHasher()
# Checked when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AuthError(ValueError):
    """A message for the person logging in (Dutch)."""


@dataclass(frozen=True)
class Login:
    staff: Staff
    token: str  # for the cookie
    csrf: str


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError(say("dashboard.password_too_short", length=MIN_PASSWORD))
    return _hasher.hash(password)


def create_staff(
    s: Session,
    username: str,
    display_name: str,
    role: str,
    password: str,
    email: str | None = None,
    telegram_chat_id: str | None = None,
    region: str | None = None,
    default_for_region: bool = False,
) -> Staff:
    if role not in ROLES:
        raise AuthError(say("dashboard.role_invalid", roles=", ".join(ROLES)))
    username = username.strip().lower()
    if not username or s.execute(select(Staff).where(Staff.username == username)).first():
        raise AuthError(say("dashboard.username_taken"))
    staff = Staff(
        username=username,
        display_name=display_name.strip() or username,
        role=role,
        password_hash=hash_password(password),
        email=email or None,
        telegram_chat_id=telegram_chat_id or None,
        region=(region or "").strip().lower() or None,
        default_for_region=1 if default_for_region else 0,
        failed_logins=0,
    )
    s.add(staff)
    s.flush()
    # a region's new default jobcoach gets the meldingen that waited for one
    owners.adopt_unowned(s, staff, dt.datetime.utcnow())
    return staff


def ensure_admin(s: Session, password: str | None) -> str | None:
    """Create the first administrator when there is none (`make run`). Returns a generated
    password (to show once) or None."""
    if s.execute(select(Staff.id).where(Staff.role == "beheerder")).first():
        return None
    generated = None if password else secrets.token_urlsafe(12)
    create_staff(s, "beheerder", "Beheerder", "beheerder", password or generated)
    return generated


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def login(s: Session, username: str, password: str, now: dt.datetime) -> Login:
    """A new session, or AuthError with the same message for any wrong name or password."""
    wrong = AuthError(say("dashboard.wrong_login"))
    staff = s.execute(
        select(Staff).where(Staff.username == (username or "").strip().lower())
    ).scalar_one_or_none()
    if staff is None:
        try:
            _hasher.verify(_DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            pass
        raise wrong
    if staff.locked_until and staff.locked_until > now:
        seconds = math.ceil((staff.locked_until - now).total_seconds())
        raise AuthError(say("dashboard.locked", seconds=seconds))
    try:
        _hasher.verify(staff.password_hash, password or "")
    except (VerificationError, InvalidHashError):
        staff.failed_logins += 1
        over = staff.failed_logins - MAX_FAILURES
        if over >= 0:
            delay = min(2**over, MAX_DELAY_SECONDS)
            staff.locked_until = now + dt.timedelta(seconds=delay)
            if over == 0:
                audit(s, staff, "account_vertraagd", f"staff:{staff.id}", now=now)
        s.commit()
        raise wrong from None
    staff.failed_logins, staff.locked_until = 0, None
    if _hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = _hasher.hash(password)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    s.add(
        StaffSession(
            id=_digest(token),
            staff_id=staff.id,
            csrf_token=csrf,
            created_at=now,
            expires_at=now + dt.timedelta(hours=SESSION_HOURS),
        )
    )
    s.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    audit(s, staff, "inloggen", f"staff:{staff.id}", now=now)
    s.commit()
    return Login(staff, token, csrf)


def current(s: Session, token: str | None, now: dt.datetime) -> tuple[Staff, str] | None:
    """(staff, csrf token) for a valid, unexpired session cookie."""
    if not token:
        return None
    row = s.get(StaffSession, _digest(token))
    if row is None or row.expires_at <= now:
        return None
    staff = s.get(Staff, row.staff_id)
    return (staff, row.csrf_token) if staff else None


def logout(s: Session, token: str | None, now: dt.datetime) -> None:
    if token:
        row = s.get(StaffSession, _digest(token))
        if row is not None:
            audit(s, s.get(Staff, row.staff_id), "uitloggen", f"staff:{row.staff_id}", now=now)
            s.delete(row)
            s.commit()


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())


def audit(
    s: Session,
    staff: Staff | None,
    action: str,
    target: str = "",
    detail: str = "",
    now: dt.datetime | None = None,
) -> None:
    s.add(
        AuditEntry(
            at=now or dt.datetime.utcnow(),
            staff_id=staff.id if staff else None,
            action=action,
            target=target,
            detail=detail[:2000],
        )
    )


def visible_candidates(staff: Staff):
    """A SQL condition on Candidate: who this staff member may see.

    An administrator sees everyone; a consultant the candidates of their own region (nobody
    without a region); a jobcoach only while assigned: the jobcoach of the candidate's
    traject, or the one an open escalation went to, and the candidates of their region with
    an open escalation that has no owner (to take it). A closed escalation gives nothing."""
    if staff.role == "beheerder":
        return true()
    if staff.role == "consulent":
        return Candidate.region == staff.region if staff.region else false()
    if staff.role == "jobcoach":
        own = select(Traject.candidate_id).where(Traject.jobcoach_id == staff.id)
        told = select(Escalation.candidate_id).where(
            Escalation.staff_id == staff.id, Escalation.status == "open"
        )
        seen = or_(Candidate.id.in_(own), Candidate.id.in_(told))
        if not staff.region:
            return seen
        # the regional queue: an open melding without an owner, for any jobcoach to take
        queue = select(Escalation.candidate_id).where(
            Escalation.staff_id.is_(None), Escalation.status == "open"
        )
        return or_(seen, and_(Candidate.region == staff.region, Candidate.id.in_(queue)))
    return false()


def may_see(s: Session, staff: Staff, candidate_id: int | None) -> bool:
    if candidate_id is None:
        return staff.role == "beheerder"
    return (
        s.execute(
            select(Candidate.id).where(Candidate.id == candidate_id, visible_candidates(staff))
        ).first()
        is not None
    )


def may_handle(staff: Staff, escalation: Escalation) -> bool:
    """Acknowledge, take over, reply and close: the jobcoach the escalation went to, or an
    administrator. Others who may see it (a consultant, the traject's jobcoach) only read."""
    if staff.role == "beheerder":
        return True
    return staff.role == "jobcoach" and escalation.staff_id == staff.id
