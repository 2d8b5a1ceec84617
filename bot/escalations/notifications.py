"""The jobcoach notification outbox (issue 5).

bot.escalations.records queues a notification per channel the jobcoach has (e-mail over SMTP,
Telegram); the dashboard always shows the escalation. The outbox (`notifications`) is
worked by the scheduler process: a failed send is retried with a growing pause and never
dropped. E-mails hold no conversation text: the excerpt stays in the dashboard, behind a
login.
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
from bot.escalations.records import REASONS, WHEN
from bot.store.models import Candidate, Escalation, Notification

BACKOFF = (60, 300, 900, 3600)  # seconds before attempt 2, 3, 4, then every hour
STUCK_AFTER = dt.timedelta(minutes=10)


def text_for(s: Session, escalation: Escalation) -> tuple[str, str]:
    """(subject, body) for the jobcoach: reason, urgency, first name, dashboard link."""
    candidate = s.get(Candidate, escalation.candidate_id) if escalation.candidate_id else None
    if candidate and candidate.first_name:
        name = candidate.first_name
    else:
        name = say("escalations.some_candidate")
    reason = REASONS[escalation.reason].label if escalation.reason in REASONS else escalation.reason
    portal = settings.current().email_link_base
    subject = say(
        "escalations.mail_subject", severity=escalation.severity, reason=reason, name=name
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
    email: Callable[[str, str, str], None]
    telegram: Callable[[str, str], None]


def smtp_sender() -> Callable[[str, str, str], None]:
    def send(to: str, subject: str, body: str) -> None:
        config = settings.current()
        message = EmailMessage()
        message["From"] = config.smtp_from
        message["To"] = to
        message["Subject"] = subject
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


def send_pending(s: Session, now: dt.datetime, senders: Senders, limit: int = 100) -> OutboxResult:
    result = OutboxResult()
    # A send that was claimed but never finished (the process stopped): try it again.
    s.execute(
        update(Notification)
        .where(Notification.status == "bezig", Notification.next_attempt_at <= now - STUCK_AFTER)
        .values(status="wachtend")
        .execution_options(synchronize_session=False)
    )
    s.commit()
    pending = s.execute(
        select(Notification.id)
        .where(Notification.status == "wachtend", Notification.next_attempt_at <= now)
        .order_by(Notification.next_attempt_at)
        .limit(limit)
    ).scalars()
    for nid in list(pending):
        claimed = s.execute(
            update(Notification)
            .where(Notification.id == nid, Notification.status == "wachtend")
            .values(status="bezig", next_attempt_at=now)
            .execution_options(synchronize_session=False)
        ).rowcount
        s.commit()
        if not claimed:
            continue
        n = s.get(Notification, nid)
        s.refresh(n)
        subject, body = text_for(s, s.get(Escalation, n.escalation_id))
        try:
            if n.channel == "email":
                senders.email(n.recipient, subject, body)
            else:
                senders.telegram(n.recipient, f"{subject}\n{body}")
        except Exception as exc:  # noqa: BLE001 - kept and tried again later
            n.attempts += 1
            n.status = "wachtend"
            n.last_error = f"{type(exc).__name__}: {exc}"[:300]
            pause = BACKOFF[min(n.attempts - 1, len(BACKOFF) - 1)]
            n.next_attempt_at = now + dt.timedelta(seconds=pause)
            result.failed += 1
        else:
            n.attempts += 1
            n.status, n.sent_at, n.last_error = "verstuurd", now, None
            result.sent += 1
        s.commit()
    return result
