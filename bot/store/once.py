"""Doing something once per idempotency key, across processes and restarts (the
`handled_keys` table).

- `first_time(key)`: the first caller gets True, every later one False (a jobcoach's reply).
- `claim(key)` / `finish(key)`: for work that takes a while (a Telegram update that Rasa
  answers): "new" the first time; "done" once finished; "busy" while this process still
  handles it. Another process's claim is "busy" while it may still be working on it (the
  production shape runs several Rasa instances on one database: Telegram sends an update
  again to whichever nginx picks) and is taken over ("new") once it is older than
  `CLAIM_LEASE`: that process stopped halfway, and the update must not be lost.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import time

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.store.models import HandledKey

KEEP = dt.timedelta(days=7)  # Telegram redelivers for at most a day
# Longer than one turn may take: Rasa waits up to 60 s for a conversation's lock, nginx 90 s
# for Rasa (bot.launch.nginx); a claim this old belongs to a process that stopped.
CLAIM_LEASE = dt.timedelta(seconds=120)
OWNER = f"{socket.gethostname()[:60]}:{os.getpid()}:{int(time.time())}"


def first_time(s: Session, key: str, now: dt.datetime) -> bool:
    """Records `key` as done (committed at once); False when it was recorded before."""
    s.add(HandledKey(key=key[:200], at=now, done_at=now, owner=OWNER))
    try:
        s.commit()
    except IntegrityError:
        s.rollback()
        return False
    return True


def claim(s: Session, key: str, now: dt.datetime) -> str:
    """ "new" (handle it now), "busy" (this process is handling it) or "done"."""
    s.add(HandledKey(key=key[:200], at=now, owner=OWNER))
    try:
        s.commit()
        return "new"
    except IntegrityError:
        s.rollback()
    row = s.get(HandledKey, key[:200])
    s.refresh(row)
    if row.done_at is not None:
        return "done"
    if row.owner == OWNER or row.at > now - CLAIM_LEASE:
        return "busy"
    taken = s.execute(
        update(HandledKey)
        .where(
            HandledKey.key == row.key, HandledKey.owner == row.owner, HandledKey.done_at.is_(None)
        )
        .values(owner=OWNER, at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    s.commit()
    s.expire(row)  # the update bypassed the session: read the new owner when asked
    return "new" if taken else "busy"


def finish(s: Session, key: str, now: dt.datetime) -> None:
    s.execute(
        update(HandledKey)
        .where(HandledKey.key == key[:200])
        .values(done_at=now)
        .execution_options(synchronize_session=False)
    )
    s.commit()


def forget(s: Session, key: str) -> None:
    """The thing was not done after all (it failed): the next attempt may do it."""
    s.execute(delete(HandledKey).where(HandledKey.key == key[:200]))
    s.commit()


def purge(s: Session, now: dt.datetime) -> int:
    removed = s.execute(delete(HandledKey).where(HandledKey.at < now - KEEP)).rowcount
    s.commit()
    return removed
