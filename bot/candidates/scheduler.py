"""Check-in scheduling (issues 3 and 11): which check-ins are due, delivering each one,
one gentle reminder after 48 hours, and an escalation for the jobcoach after another 48
(made by bot.escalations.records, like every other).

A check-in moves through explicit states (the values are stored in `checkins.status`):

    gepland (pending) -> bezig (sending) -> verstuurd (sent) -> herinneren (sending the
    reminder) -> herinnerd -> beantwoord (answered) | gemist (no answer: flagged)
    bezig -> mislukt (failed: tried again after a pause) -> bezig ... -> dood (dead: after
    MAX_ATTEMPTS; flagged to the jobcoach) ; bezig -> onbereikbaar (no conversation: flagged)

A check-in is claimed (bezig, with this run's token and a lease) before it is sent (on
PostgreSQL with `SELECT ... FOR UPDATE SKIP LOCKED`, so several schedulers share the work), and
marked sent only after the delivery confirmed it. A scheduler that stops in between leaves a
claim whose lease runs out; the next run counts that as a failed attempt and sends it again.
Delivery is therefore at least once; the delivery carries an idempotency key
(`Delivery.key`), so the candidate sees it once (bot.candidates.dispatcher).
A conversation a jobcoach has taken over waits (Paused), without counting an attempt.

Plain functions over the project database with the clock passed in, so tests control time.
Delivery is a callback (bot.candidates.dispatcher passes one that uses bot.channels.delivery).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from bot import settings
from bot.catalogue import say
from bot.channels.delivery import Paused, Unreachable
from bot.escalations import records as escalation
from bot.store.models import Candidate, CheckIn, Event, Traject

REMIND_AFTER = dt.timedelta(hours=48)
FLAG_AFTER = dt.timedelta(hours=48)  # after the reminder
PENDING, SENDING, SENT, FAILED, DEAD = "gepland", "bezig", "verstuurd", "mislukt", "dood"
REMINDING, REMINDED, ANSWERED = "herinneren", "herinnerd", "beantwoord"
MISSED, UNREACHABLE = "gemist", "onbereikbaar"
# Sent, or perhaps sent (a failure after Rasa took it): the candidate's answer counts.
OPEN = (SENDING, FAILED, SENT, REMINDING, REMINDED, DEAD)
MAX_ATTEMPTS = 8
BACKOFF = (15, 60, 300, 1800, 3600)  # seconds before attempt 2, 3, ...; then every hour
PAUSED_WAIT = dt.timedelta(minutes=10)  # a taken-over conversation: look again then
PER_WORKER = 16  # claimed per worker at a time: a lease covers at most 16 deliveries each


@dataclass
class RunResult:
    sent: int = 0
    failed: int = 0
    reminded: int = 0
    flagged: int = 0
    unreachable: int = 0
    dead: int = 0
    recovered: int = 0  # claims whose lease ran out (the scheduler stopped while sending)
    waiting: int = 0  # conversations taken over by a jobcoach


@dataclass(frozen=True)
class Delivery:
    """What the delivery callback needs; read before delivery so it can run in threads."""

    id: int
    kind: str
    conversation_id: str | None
    channel: str | None
    reminder: bool
    attempts: int = 0  # failed attempts before this one (>0: perhaps delivered already)

    @property
    def key(self) -> str:
        """The idempotency key: the same for every attempt at this message."""
        return f"checkin-{self.id}-{'herinnering' if self.reminder else 'eerste'}"


def _due(now: dt.datetime) -> Select:
    """Check-ins to send now, oldest first (uses ix_checkins_status_due)."""
    return (
        select(CheckIn.id)
        .where(CheckIn.status == PENDING, CheckIn.due_at <= now)
        .order_by(CheckIn.due_at)
    )


def _retry(now: dt.datetime) -> Select:
    query = select(CheckIn.id).where(CheckIn.status == FAILED, CheckIn.next_attempt_at <= now)
    return query.order_by(CheckIn.next_attempt_at)


def _reminders(now: dt.datetime) -> Select:
    ready = or_(CheckIn.next_attempt_at.is_(None), CheckIn.next_attempt_at <= now)
    return select(CheckIn.id).where(
        CheckIn.status == SENT, CheckIn.sent_at <= now - REMIND_AFTER, ready
    )


def _move(s: Session, checkin_id: int, token: str | None, from_status: str, **values) -> bool:
    """A conditional UPDATE: only while the row is still in `from_status` (and, with a token,
    still claimed by this run)."""
    where = [CheckIn.id == checkin_id, CheckIn.status == from_status]
    if token is not None:
        where.append(CheckIn.claim_token == token)
    result = s.execute(
        update(CheckIn).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    s.commit()
    return result.rowcount == 1


def _claim_batch(
    s: Session,
    ids: list[int],
    from_statuses: tuple[str, ...],
    to_status: str,
    reminder: bool,
    now: dt.datetime,
    lease: dt.timedelta,
) -> tuple[str, list[Delivery]]:
    """Claims these check-ins, as far as they are still in `from_statuses`."""
    query = select(CheckIn.id).where(CheckIn.id.in_(ids))
    return _claim(s, query, from_statuses, to_status, reminder, now, lease)


def _claim(
    s: Session,
    query: Select,
    from_statuses: tuple[str, ...],
    to_status: str,
    reminder: bool,
    now: dt.datetime,
    lease: dt.timedelta,
) -> tuple[str, list[Delivery]]:
    """Claims the check-ins `query` picks: on PostgreSQL `FOR UPDATE SKIP LOCKED`, so several
    schedulers each take other rows without waiting for one another; then one conditional
    UPDATE gives only rows still in `from_statuses` this run's token (on SQLite, which has no
    row locks, that UPDATE alone keeps a check-in from being claimed twice)."""
    token = uuid.uuid4().hex
    query = query.where(CheckIn.status.in_(from_statuses)).with_for_update(skip_locked=True)
    ids = list(s.execute(query).scalars())
    if ids:
        s.execute(
            update(CheckIn)
            .where(CheckIn.id.in_(ids), CheckIn.status.in_(from_statuses))
            .values(status=to_status, claim_token=token, lease_until=now + lease)
            .execution_options(synchronize_session=False)
        )
    s.commit()
    if not ids:
        return token, []
    s.expire_all()  # objects loaded earlier in this session still hold the old status
    rows = s.execute(
        select(CheckIn.id, CheckIn.kind, Candidate.conversation_id, Candidate.channel)
        .add_columns(CheckIn.attempts)
        .join(Traject, Traject.id == CheckIn.traject_id)
        .join(Candidate, Candidate.id == Traject.candidate_id)
        .where(CheckIn.id.in_(ids), CheckIn.claim_token == token, CheckIn.status == to_status)
        .order_by(CheckIn.due_at)
    )
    return token, [
        Delivery(cid, kind, conv, channel, reminder, attempts)
        for cid, kind, conv, channel, attempts in rows
    ]


def _attempt(deliver: Callable[[Delivery], bool], delivery: Delivery) -> tuple[str, str]:
    try:
        return ("ok", "") if deliver(delivery) else ("failed", "niet bevestigd")
    except Unreachable:
        return "unreachable", ""
    except Paused:
        return "paused", ""
    except Exception as exc:  # noqa: BLE001 - a broken delivery is retried, never lost
        return "failed", type(exc).__name__


def _flag(s: Session, checkin: CheckIn, reason: str, now: dt.datetime, excerpt: str) -> None:
    """No answer, or no way to reach the candidate: an escalation like any other."""
    candidate = s.get(Traject, checkin.traject_id).candidate
    escalation.create(s, candidate, reason, excerpt, now)
    s.add(Event(kind=f"checkin_{reason}", candidate_id=candidate.id, at=now))
    s.commit()


def _failed(
    s: Session,
    job: Delivery,
    token: str | None,
    from_status: str,
    now: dt.datetime,
    error: str,
    retry_at: dt.datetime | None = None,
) -> bool:
    """One more failed attempt: a pause before the next (or `retry_at`), or dead after
    MAX_ATTEMPTS (then the jobcoach is told). Returns True when the check-in is now dead."""
    attempts = job.attempts + 1
    back = SENT if job.reminder else FAILED
    if attempts < MAX_ATTEMPTS:
        pause = dt.timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])
        _move(
            s,
            job.id,
            token,
            from_status,
            status=back,
            attempts=attempts,
            next_attempt_at=retry_at or now + pause,
            lease_until=None,
            last_error=error[:300] or None,
        )
        return False
    if not _move(s, job.id, token, from_status, status=DEAD, attempts=attempts, lease_until=None):
        return False
    checkin = s.get(CheckIn, job.id)
    s.refresh(checkin)
    _flag(s, checkin, "onbereikbaar", now, say("escalations.excerpt_undelivered", id=job.id))
    return True


def recover_expired(s: Session, now: dt.datetime, result: RunResult) -> None:
    """Claims whose lease ran out: the scheduler stopped between claim and send. Each counts
    as a failed attempt; the next claim sends it again (the key keeps it single)."""
    expired = s.execute(
        select(CheckIn.id, CheckIn.status, CheckIn.attempts, CheckIn.claim_token).where(
            CheckIn.status.in_((SENDING, REMINDING)), CheckIn.lease_until <= now
        )
    ).all()
    for cid, status, attempts, token in expired:
        job = Delivery(cid, "", None, None, status == REMINDING, attempts)
        result.dead += _failed(s, job, token, status, now, "lease verlopen", retry_at=now)
        result.recovered += 1


def _finish(
    s: Session,
    job: Delivery,
    token: str,
    outcome: tuple[str, str],
    now: dt.datetime,
    result: RunResult,
) -> None:
    """Moves a claimed check-in on after a delivery that did not succeed: paused, failed or
    unreachable."""
    claimed = REMINDING if job.reminder else SENDING
    outcome, error = outcome
    if outcome == "paused":
        back = SENT if job.reminder else FAILED
        later = now + PAUSED_WAIT
        _move(s, job.id, token, claimed, status=back, next_attempt_at=later, lease_until=None)
        result.waiting += 1
    elif outcome == "failed":
        result.failed += 1
        result.dead += _failed(s, job, token, claimed, now, error)
    elif _move(s, job.id, token, claimed, status=UNREACHABLE, lease_until=None):
        checkin = s.get(CheckIn, job.id)
        s.refresh(checkin)
        _flag(s, checkin, "onbereikbaar", now, say("escalations.excerpt_undelivered", id=job.id))
        result.unreachable += 1


def _delivered(s: Session, ids: list[int], token: str, reminder: bool, now: dt.datetime) -> int:
    """Marks delivered check-ins with one UPDATE; only the ones still claimed by this run (one
    the candidate answered meanwhile stays answered)."""
    if not ids:
        return 0
    done = {"status": REMINDED, "reminder_sent_at": now} if reminder else {}
    result = s.execute(
        update(CheckIn)
        .where(
            CheckIn.id.in_(ids),
            CheckIn.claim_token == token,
            CheckIn.status == (REMINDING if reminder else SENDING),
        )
        .values(
            **(done or {"status": SENT, "sent_at": now}),
            attempts=0,
            next_attempt_at=None,
            lease_until=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    s.commit()
    return result.rowcount


def run_once(
    s: Session,
    now: dt.datetime,
    deliver: Callable[[Delivery], bool],
    limit: int = 1000,
    workers: int = 1,
    lease: dt.timedelta | None = None,
) -> RunResult:
    """One scheduler tick. `deliver(delivery)` returns True when delivered, False to retry
    later; it raises Unreachable when the candidate has no reachable conversation and
    Paused when a jobcoach has taken the conversation over."""
    lease = lease or dt.timedelta(seconds=settings.current().lease_seconds)
    result = RunResult()
    recover_expired(s, now, result)
    sources = [
        (_due(now), (PENDING,), SENDING, False),
        (_retry(now), (FAILED,), SENDING, False),
        (_reminders(now), (SENT,), REMINDING, True),
    ]
    chunk = max(1, workers) * PER_WORKER
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for query, from_statuses, to_status, reminder in sources:
            taken = 0  # claim the next chunk until none is left (or `limit` per source)
            while taken < limit:
                part = query.limit(min(chunk, limit - taken))
                token, jobs = _claim(s, part, from_statuses, to_status, reminder, now, lease)
                if not jobs:
                    break
                taken += len(jobs)
                if workers > 1 and len(jobs) > 1:
                    outcomes = list(pool.map(lambda d: _attempt(deliver, d), jobs))
                else:
                    outcomes = [_attempt(deliver, d) for d in jobs]
                ok = [job.id for job, (outcome, _) in zip(jobs, outcomes) if outcome == "ok"]
                done = _delivered(s, ok, token, reminder, now)
                if reminder:
                    result.reminded += done
                else:
                    result.sent += done
                for job, outcome in zip(jobs, outcomes):
                    if outcome[0] != "ok":
                        _finish(s, job, token, outcome, now, result)
    silent = select(CheckIn).where(
        CheckIn.status == REMINDED, CheckIn.reminder_sent_at <= now - FLAG_AFTER
    )
    for checkin in list(s.execute(silent).scalars()):
        if _move(s, checkin.id, None, REMINDED, status=MISSED, flagged_at=now):
            excerpt = say("escalations.excerpt_no_answer", id=checkin.id, kind=checkin.kind)
            _flag(s, checkin, "geen_reactie", now, excerpt)
            result.flagged += 1
    return result


def mark_answered(s: Session, checkin_id: int, now: dt.datetime) -> bool:
    """The candidate answered: no reminder, no flag; the next check-in is planned."""
    checkin = s.get(CheckIn, checkin_id)
    if checkin is None or checkin.status not in OPEN:
        return False
    checkin.status, checkin.answered_at = ANSWERED, now
    checkin.lease_until = checkin.next_attempt_at = None
    traject = s.get(Traject, checkin.traject_id)
    if checkin.kind == "voortgang" and traject.status == "actief":
        s.add(
            CheckIn(
                traject_id=traject.id,
                kind="voortgang",
                due_at=checkin.due_at + dt.timedelta(days=traject.checkin_interval_days),
            )
        )
    s.commit()
    return True
