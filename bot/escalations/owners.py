"""A melding never waits without an owner (issue 12).

Who is told when a melding is made (`recipients`): the candidate's jobcoach (the traject's,
or else the region's default jobcoach); for crisis also the region's default jobcoach as
fallback; and when nobody owns it, the administrators (the regional queue: every jobcoach of
the region sees it in the dashboard and may take it). A region that gets a default jobcoach
later hands that jobcoach its waiting meldingen (`adopt_unowned`). A melding that nobody
took (acknowledged) by the time the candidate was promised (`due`) is sent once more to the
region's default jobcoach and the administrators (`reescalate_overdue`, every scheduler tick;
idempotent: the claim and its notifications are one transaction).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import settings
from bot.store.models import Candidate, Escalation, Notification, Staff, Traject

AGAIN = "opnieuw"  # Notification.kind: not taken in time
ASSIGNED = "toegewezen"  # Notification.kind: given to this jobcoach


def jobcoach_for(s: Session, candidate: Candidate) -> Staff | None:
    """The jobcoach of the candidate's latest traject, or else the region's default one."""
    traject = s.execute(
        select(Traject)
        .where(Traject.candidate_id == candidate.id, Traject.jobcoach_id.is_not(None))
        .order_by(Traject.id.desc())
        .limit(1)
    ).scalar_one_or_none()
    if traject is not None:
        return s.get(Staff, traject.jobcoach_id)
    defaults = region_defaults(s, candidate.region)
    return defaults[0] if defaults else None


def region_defaults(s: Session, region: str | None) -> list[Staff]:
    if not region:
        return []
    return list(
        s.execute(
            select(Staff)
            .where(Staff.role == "jobcoach", Staff.region == region, Staff.default_for_region == 1)
            .order_by(Staff.id)
        ).scalars()
    )


def admins(s: Session) -> list[Staff]:
    return list(
        s.execute(select(Staff).where(Staff.role == "beheerder").order_by(Staff.id)).scalars()
    )


def jobcoaches(s: Session) -> list[Staff]:
    """Everyone a melding can be assigned to (the administrator's choice)."""
    return list(
        s.execute(
            select(Staff).where(Staff.role == "jobcoach").order_by(Staff.display_name)
        ).scalars()
    )


def recipients(s: Session, candidate: Candidate, owner: Staff | None, severity: int) -> list[Staff]:
    """Who is told about a new (or more urgent) melding."""
    people = [owner] if owner else []
    if severity == 1:
        people += region_defaults(s, candidate.region)
    if owner is None:
        people += admins(s)
    return _distinct(people)


def _distinct(people: list[Staff]) -> list[Staff]:
    seen, out = set(), []
    for person in people:
        if person.id not in seen:
            seen.add(person.id)
            out.append(person)
    return out


def notification_channels(staff: Staff | None) -> list[tuple[str, str]]:
    """(channel, recipient) for each way this staff member can be told that is configured."""
    if staff is None:
        return []
    channels = []
    config = settings.current()
    if staff.email and config.smtp_host:
        channels.append(("email", staff.email))
    if staff.telegram_chat_id and config.telegram_token:
        channels.append(("telegram", staff.telegram_chat_id))
    return channels


def alert(
    s: Session,
    escalation: Escalation,
    people: list[Staff],
    now: dt.datetime,
    kind: str | None = None,
) -> int:
    """Queue a notification per channel of each person (the outbox sends them)."""
    count = 0
    for person in _distinct(people):
        for channel, recipient in notification_channels(person):
            s.add(
                Notification(
                    escalation_id=escalation.id,
                    channel=channel,
                    recipient=recipient,
                    created_at=now,
                    next_attempt_at=now,
                    kind=kind,
                )
            )
            count += 1
    return count


def add_workdays(moment: dt.datetime, days: int) -> dt.datetime:
    """`days` working days (Monday to Friday) after `moment`, at the same time of day."""
    while days > 0:
        moment += dt.timedelta(days=1)
        if moment.weekday() < 5:
            days -= 1
    return moment


def due(severity: int, reason: str, now: dt.datetime) -> dt.datetime:
    """When the melding must be taken, as the candidate is told (records.PROMISE)."""
    if severity == 1:
        return now + dt.timedelta(hours=settings.current().crisis_pickup_hours)
    if severity == 2 or reason == "wil_persoon":
        return add_workdays(now, 1)
    return add_workdays(now, 3)


def may_take(s: Session, staff: Staff, escalation: Escalation) -> bool:
    """A jobcoach of the candidate's region may take an open melding that has no owner."""
    if staff.role != "jobcoach" or escalation.status != "open" or escalation.staff_id:
        return False
    candidate = s.get(Candidate, escalation.candidate_id) if escalation.candidate_id else None
    return candidate is not None and bool(staff.region) and candidate.region == staff.region


def take(s: Session, escalation: Escalation, staff: Staff, now: dt.datetime) -> None:
    """The jobcoach takes it: owner, and seen."""
    escalation.staff_id = staff.id
    escalation.acknowledged_at = escalation.acknowledged_at or now


def assign(s: Session, escalation: Escalation, staff: Staff, now: dt.datetime) -> None:
    """An administrator gives the melding to a jobcoach, who is told."""
    if escalation.staff_id == staff.id:
        return
    escalation.staff_id = staff.id
    s.flush()
    alert(s, escalation, [staff], now, ASSIGNED)


def adopt_unowned(s: Session, staff: Staff, now: dt.datetime) -> int:
    """A region's new default jobcoach gets the region's open meldingen without an owner."""
    if staff.role != "jobcoach" or not staff.default_for_region or not staff.region:
        return 0
    waiting = s.execute(
        select(Escalation)
        .join(Candidate, Candidate.id == Escalation.candidate_id)
        .where(
            Escalation.status == "open",
            Escalation.staff_id.is_(None),
            Candidate.region == staff.region,
        )
    ).scalars()
    count = 0
    for escalation in list(waiting):
        assign(s, escalation, staff, now)
        count += 1
    return count


def reescalate_overdue(s: Session, now: dt.datetime) -> int:
    """Meldingen nobody took in time: told once more to the region's default jobcoach and
    the administrators. Claimed with a conditional update, so two schedulers tell once."""
    overdue = s.execute(
        select(Escalation.id).where(
            Escalation.status == "open",
            Escalation.acknowledged_at.is_(None),
            Escalation.reescalated_at.is_(None),
            Escalation.due_at.is_not(None),
            Escalation.due_at <= now,
        )
    ).scalars()
    count = 0
    for escalation_id in list(overdue):
        claimed = s.execute(
            update(Escalation)
            .where(Escalation.id == escalation_id, Escalation.reescalated_at.is_(None))
            .values(reescalated_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed != 1:  # another scheduler told them
            continue
        escalation = s.get(Escalation, escalation_id)
        candidate = s.get(Candidate, escalation.candidate_id) if escalation.candidate_id else None
        people = region_defaults(s, candidate.region if candidate else None) + admins(s)
        alert(s, escalation, people, now, AGAIN)
        s.commit()
        count += 1
    return count
