"""Doing something once per idempotency key, across processes and restarts (the
`handled_keys` table): the first caller gets True, every later one False."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import HandledKey

KEEP = dt.timedelta(days=7)  # Telegram redelivers for at most a day


def first_time(s: Session, key: str, now: dt.datetime) -> bool:
    """Records `key` (committed at once); False when it was recorded before."""
    s.add(HandledKey(key=key[:200], at=now))
    try:
        s.commit()
    except IntegrityError:
        s.rollback()
        return False
    return True


def forget(s: Session, key: str) -> None:
    """The thing was not done after all (it failed): the next attempt may do it."""
    s.execute(delete(HandledKey).where(HandledKey.key == key[:200]))
    s.commit()


def purge(s: Session, now: dt.datetime) -> int:
    removed = s.execute(delete(HandledKey).where(HandledKey.at < now - KEEP)).rowcount
    s.commit()
    return removed
