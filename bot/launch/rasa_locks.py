"""A fix to Rasa 3.6's conversation lock (rasa.core.lock.TicketLock), applied by
bot.launch.rasa_server before Rasa starts.

A message waits for its conversation's lock (Redis in the production shape) with a ticket
that expires after 60 s. When the Rasa instance that held the lock dies (kill -9), its ticket
expires too and the waiting message gets the lock then; but when the waiting message's own
ticket expires in the same second, no ticket is left, `now_serving` is 0, and Rasa's waiter
polls Redis until its client gives up (tests/prod/test_failover.py found it: nginx answered
504). A lock without any ticket left is free; the rest of Rasa's lock is unchanged.
"""

from __future__ import annotations

from typing import Any


def is_locked(lock: Any, ticket_number: int) -> bool:
    """TicketLock.is_locked: someone else's ticket comes first (none left: free)."""
    serving = lock.now_serving  # drops the expired tickets first
    if not lock.tickets:  # (ticket numbers start at 0: `now_serving` 0 alone says nothing)
        return False
    return serving != ticket_number


def apply() -> None:
    from rasa.core.lock import TicketLock

    TicketLock.is_locked = is_locked
