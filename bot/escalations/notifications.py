"""The jobcoach notification outbox (issues 5 and 11).

bot.escalations.records queues a notification per channel the jobcoach has (e-mail over SMTP,
Telegram); the dashboard always shows the escalation. The outbox (`notifications`) is
worked by the scheduler process (several copies may run: each claims with `FOR UPDATE SKIP
LOCKED` on PostgreSQL). A notification moves through explicit states:

    wachtend (pending) -> bezig (sending, with a lease) -> verstuurd (sent)
    bezig -> mislukt (failed: tried again after a growing pause) -> bezig ... -> dood (dead,
    after MAX_ATTEMPTS: shown to administrators in the dashboard, who can try it again)
    wachtend -> vervallen (void: its escalation was deleted with the candidate)

A sender that stops halfway leaves a claim whose lease runs out: it counts as a failed
attempt and is sent again (at least once; an e-mail keeps its Message-ID). E-mails hold no
conversation text: the excerpt stays in the dashboard, behind a login.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import settings
from bot.catalogue import say
from bot.channels.delivery import send_telegram
from bot.escalations.owners import AGAIN, ASSIGNED
from bot.escalations.records import REASONS, WHEN
from bot.store.models import Candidate, Escalation, Notification

BACKOFF = (60, 300, 900, 3600)  # seconds before attempt 2, 3, 4, then every hour
MAX_ATTEMPTS = 10  # about seven hours of trying
PENDING, SENDING, SENT, FAILED, DEAD, VOID = (
    "wachtend",
    "bezig",
    "verstuurd",
    "mislukt",
    "dood",
    "vervallen",
)


SUBJECTS = {
    None: "escalations.mail_subject",
    AGAIN: "escalations.mail_subject_again",
    ASSIGNED: "escalations.mail_subject_assigned",
}


def text_for(s: Session, escalation: Escalation, kind: str | None = None) -> tuple[str, str]:
    """(subject, body) for the jobcoach: reason, urgency, first name, dashboard link; the
    subject says when it was not taken in time or was assigned to them."""
    candidate = s.get(Candidate, escalation.candidate_id) if escalation.candidate_id else None
    if candidate and candidate.first_name:
        name = candidate.first_name
    else:
        name = say("escalations.some_candidate")
    reason = REASONS[escalation.reason].label if escalation.reason in REASONS else escalation.reason
    portal = settings.current().email_link_base
    subject = say(
        SUBJECTS.get(kind, SUBJECTS[None]), severity=escalation.severity, reason=reason, name=name
    )
    body = say(
        "escalations.mail_body",
        reason=reason,
        name=name,
        severity=escalation.severity,
        when=say(WHEN.get(escalation.severity, "escalations.when_unknown")),
        link=f"{portal}/dashboard/escalaties/{escalation.id}",
    )
    return subject, body


@dataclass
class Senders:
    email: Callable[[str, str, str, str], None]  # to, subject, body, Message-ID
    telegram: Callable[[str, str], None]


def smtp_sender() -> Callable[[str, str, str, str], None]:
    def send(to: str, subject: str, body: str, message_id: str) -> None:
        config = settings.current()
        message = EmailMessage()
        message["From"] = config.smtp_from
        message["To"] = to
        message["Subject"] = subject
        message["Message-ID"] = message_id
        message.set_content(body)
        host = settings.require(config.smtp_host, "SMTP_HOST")
        with smtplib.SMTP(host, config.smtp_port, timeout=20) as smtp:
            if config.smtp_starttls:
                smtp.starttls()
            if config.smtp_user:
                smtp.login(config.smtp_user, config.smtp_password)
            smtp.send_message(message)

    return send


def telegram_sender() -> Callable[[str, str], None]:
    return send_telegram


def default_senders() -> Senders:
    return Senders(smtp_sender(), telegram_sender())


@dataclass
class OutboxResult:
    sent: int = 0
    failed: int = 0
    dead: int = 0
    void: int = 0
    recovered: int = 0


def _move(s: Session, nid: int, from_status: str, **values) -> bool:
    result = s.execute(
        update(Notification)
        .where(Notification.id == nid, Notification.status == from_status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    s.commit()
    return result.rowcount == 1


def _send(s: Session, n: Notification, senders: Senders) -> None:
    subject, body = text_for(s, s.get(Escalation, n.escalation_id), n.kind)
    if n.channel == "email":
        senders.email(n.recipient, subject, body, message_id(n))
    else:
        senders.telegram(n.recipient, f"{subject}\n{body}")


def message_id(n: Notification) -> str:
    """The e-mail's Message-ID, the same for every attempt: a mail sent again after a crash
    is recognised as the same message by the jobcoach's mail program."""
    domain = settings.current().smtp_from.rpartition("@")[2] or "praktijkbot"
    return f"<melding-{n.id}-{n.created_at:%Y%m%d%H%M%S}@{domain}>"


def _failed(s: Session, n: Notification, now: dt.datetime, error: str) -> bool:
    """One more failed attempt; dead after MAX_ATTEMPTS. True when it is now dead."""
    attempts = n.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _move(s, n.id, SENDING, status=DEAD, attempts=attempts, lease_until=None, last_error=error)
        return True
    pause = dt.timedelta(seconds=BACKOFF[min(attempts - 1, len(BACKOFF) - 1)])
    _move(
        s,
        n.id,
        SENDING,
        status=FAILED,
        attempts=attempts,
        next_attempt_at=now + pause,
        lease_until=None,
        last_error=error,
    )
    return False


def _claim_next(s: Session, now: dt.datetime, lease: dt.timedelta) -> int | None:
    """The id of the next due notification, now claimed by this sender; None when none is due,
    0 when another sender claimed it first. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several
    senders take different rows without waiting; the conditional UPDATE keeps the claim single
    on SQLite too."""
    due = (Notification.status.in_((PENDING, FAILED)), Notification.next_attempt_at <= now)
    nid = s.execute(
        select(Notification.id)
        .where(*due)
        .order_by(Notification.next_attempt_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).scalar()
    if nid is None:
        s.commit()
        return None
    claimed = s.execute(
        update(Notification)
        .where(Notification.id == nid, *due)
        .values(status=SENDING, lease_until=now + lease)
        .execution_options(synchronize_session=False)
    ).rowcount
    s.commit()
    return nid if claimed else 0


def send_pending(
    s: Session,
    now: dt.datetime,
    senders: Senders,
    limit: int = 100,
    lease: dt.timedelta | None = None,
) -> OutboxResult:
    """One pass over the outbox: sends what is due, one at a time, each claimed first."""
    lease = lease or dt.timedelta(seconds=settings.current().lease_seconds)
    result = OutboxResult()
    # A send that was claimed but never finished (the process stopped): an attempt that
    # failed, so it is tried again now (the mail's Message-ID keeps a second copy recognisable).
    result.recovered = s.execute(
        update(Notification)
        .where(Notification.status == SENDING, Notification.lease_until <= now)
        .values(
            status=FAILED,
            attempts=Notification.attempts + 1,
            next_attempt_at=now,
            lease_until=None,
            last_error="onderbroken",
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    s.commit()
    for _ in range(limit):
        nid = _claim_next(s, now, lease)
        if nid is None:
            break
        if not nid:
            continue  # another sender took it first (SQLite)
        n = s.get(Notification, nid)
        s.refresh(n)
        exists = select(Escalation.id).where(Escalation.id == n.escalation_id)
        if s.execute(exists).first() is None:
            _move(s, nid, SENDING, status=VOID, lease_until=None, last_error="melding gewist")
            result.void += 1
            continue
        try:
            _send(s, n, senders)
        except Exception as exc:  # noqa: BLE001 - kept and tried again later, never dropped
            result.failed += 1
            result.dead += _failed(s, n, now, f"{type(exc).__name__}: {exc}"[:300])
            continue
        _move(
            s,
            nid,
            SENDING,
            status=SENT,
            attempts=n.attempts + 1,
            sent_at=now,
            lease_until=None,
            last_error=None,
        )
        result.sent += 1
    return result


def dead_letters(s: Session, limit: int = 100) -> list[tuple[Notification, Escalation]]:
    """Notifications that could not be sent after MAX_ATTEMPTS, newest first (dashboard)."""
    return list(
        s.execute(
            select(Notification, Escalation)
            .join(Escalation, Escalation.id == Notification.escalation_id)
            .where(Notification.status == DEAD)
            .order_by(Notification.created_at.desc())
            .limit(limit)
        ).all()
    )


def retry_dead(s: Session, notification_id: int, now: dt.datetime) -> bool:
    """An administrator tries a dead notification again (after fixing the mail server)."""
    return _move(
        s, notification_id, DEAD, status=PENDING, attempts=0, next_attempt_at=now, last_error=None
    )
