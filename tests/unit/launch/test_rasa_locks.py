"""bot.launch.rasa_locks: a message whose conversation lock was held by a Rasa instance that
died gets the lock once every ticket has expired, also when its own ticket expired too (Rasa
3.6 waited for ever then); a live ticket ahead of it still keeps it waiting."""

import time

from rasa.core.lock import TicketLock

from bot.launch import rasa_locks


def _expired_pair() -> tuple[TicketLock, int]:
    lock = TicketLock("rest-x")
    lock.issue_ticket(0.05)  # the instance that died
    mine = lock.issue_ticket(0.05)  # issued in the same moment: expires with it
    time.sleep(0.1)
    lock.remove_expired_tickets()
    return lock, mine


def test_rasas_own_lock_keeps_a_waiter_whose_ticket_expired_waiting_for_ever():
    """Rasa 3.6 itself (when this fails, Rasa fixed it and bot.launch.rasa_locks can go)."""
    lock, mine = _expired_pair()
    assert lock.now_serving == 0 and not lock.tickets
    assert TicketLock.is_locked(lock, mine) is True  # nobody holds it, yet it is locked


def test_with_the_fix_a_lock_without_tickets_is_free():
    lock, mine = _expired_pair()
    assert rasa_locks.is_locked(lock, mine) is False


def test_with_the_fix_a_live_ticket_ahead_still_waits_and_ones_own_turn_is_free():
    lock = TicketLock("rest-y")
    first = lock.issue_ticket(60)
    second = lock.issue_ticket(60)
    assert rasa_locks.is_locked(lock, second) is True
    assert rasa_locks.is_locked(lock, first) is False
    lock.remove_ticket_for(first)
    assert rasa_locks.is_locked(lock, second) is False


def test_the_rasa_server_applies_the_fix():
    import inspect

    from bot.launch import rasa_server

    assert "rasa_locks.apply()" in inspect.getsource(rasa_server.main)
    saved = TicketLock.is_locked
    try:
        rasa_locks.apply()
        assert TicketLock.is_locked is rasa_locks.is_locked
    finally:
        TicketLock.is_locked = saved
