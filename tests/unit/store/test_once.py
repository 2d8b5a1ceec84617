"""Idempotency keys (bot.store.once): something done once across processes and restarts."""

from __future__ import annotations

import datetime as dt

from bot.store import once
from bot.store.engine import session
from bot.store.models import HandledKey

NOW = dt.datetime(2026, 11, 22, 9, 0)


def test_first_time_only_once_and_forget_allows_another_try(project_db):
    with session() as s:
        assert once.first_time(s, "antwoord:web-1:k1", NOW)
        assert not once.first_time(s, "antwoord:web-1:k1", NOW)
        once.forget(s, "antwoord:web-1:k1")
        assert once.first_time(s, "antwoord:web-1:k1", NOW)


def test_a_claim_is_busy_for_its_own_process_done_when_finished(project_db):
    with session() as s:
        assert once.claim(s, "telegram:7", NOW) == "new"
        assert once.claim(s, "telegram:7", NOW) == "busy"  # a second copy while it runs
        once.finish(s, "telegram:7", NOW)
        assert once.claim(s, "telegram:7", NOW) == "done"


def test_another_instances_claim_is_busy_until_its_lease_ends_then_taken_over(project_db):
    with session() as s:
        s.add(HandledKey(key="telegram:8", at=NOW, owner="host:123:1"))  # another instance
        s.commit()
    # Telegram sent it again while the other instance may still be answering it
    with session() as s:
        assert once.claim(s, "telegram:8", NOW + dt.timedelta(seconds=30)) == "busy"
    # that instance stopped halfway (killed): after the lease the update is handled here
    later = NOW + once.CLAIM_LEASE + dt.timedelta(seconds=1)
    with session() as s:
        assert once.claim(s, "telegram:8", later) == "new"
    with session() as s:
        assert s.get(HandledKey, "telegram:8").owner == once.OWNER


def test_keys_are_kept_a_week(project_db):
    with session() as s:
        once.first_time(s, "old", NOW - once.KEEP - dt.timedelta(minutes=1))
        once.first_time(s, "new", NOW)
        assert once.purge(s, NOW) == 1
        assert [k.key for k in s.query(HandledKey)] == ["new"]
