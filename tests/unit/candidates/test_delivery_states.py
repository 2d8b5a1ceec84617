"""Nothing lost, nothing silently doubled (issue 11, item 5): check-ins and jobcoach
notifications move through explicit states; a crash between claim and send is recovered
when the lease runs out; repeated failures end in a dead state the jobcoach or the
administrator sees; a conversation a jobcoach has taken over makes a check-in wait."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from bot.candidates import scheduler
from bot.candidates.scheduler import run_once
from bot.candidates.trajecten import register_traject
from bot.channels.delivery import Paused
from bot.escalations import notifications as notify
from bot.escalations import records
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation, Notification

START = dt.date(2026, 12, 1)
DUE = dt.datetime(2026, 12, 15, 10, 0)
LEASE = dt.timedelta(minutes=5)


class Crash(BaseException):
    """The scheduler process dies in the middle of a delivery (kill -9 as far as the
    database can tell: the claim is written, nothing after it)."""


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        c = Candidate(first_name="Sam", conversation_id="tg-1", channel="telegram")
        s.add(c)
        s.flush()
        register_traject(s, c.id, "Bakkerij", START)
        s.commit()
        yield s


def checkin(s) -> CheckIn:
    row = s.query(CheckIn).one()
    s.refresh(row)
    return row


def delivered_to(log: list):
    def deliver(delivery):
        log.append((delivery.id, delivery.reminder, delivery.attempts, delivery.key))
        return True

    return deliver


def crash(delivery):
    raise Crash


def test_a_crash_between_claim_and_send_is_sent_after_the_lease(s):
    with pytest.raises(Crash):
        run_once(s, DUE, crash, lease=LEASE)
    row = checkin(s)
    assert row.status == "bezig" and row.lease_until == DUE + LEASE
    log = []
    assert (
        run_once(s, DUE + LEASE - dt.timedelta(seconds=1), delivered_to(log), lease=LEASE).sent == 0
    )
    result = run_once(s, DUE + LEASE, delivered_to(log), lease=LEASE)
    assert (result.recovered, result.sent) == (1, 1)
    # the retry knows it may have been delivered before, and carries the same key
    assert log == [(row.id, False, 1, f"checkin-{row.id}-eerste")]
    row = checkin(s)
    assert (row.status, row.attempts, row.lease_until) == ("verstuurd", 0, None)


def test_a_crash_while_reminding_is_reminded_after_the_lease(s):
    log = []
    run_once(s, DUE, delivered_to(log), lease=LEASE)
    later = DUE + scheduler.REMIND_AFTER
    with pytest.raises(Crash):
        run_once(s, later, crash, lease=LEASE)
    assert checkin(s).status == "herinneren"
    assert run_once(s, later + LEASE, delivered_to(log), lease=LEASE).reminded == 1
    assert [(r, k) for _, r, _, k in log] == [
        (False, f"checkin-{checkin(s).id}-eerste"),
        (True, f"checkin-{checkin(s).id}-herinnering"),
    ]
    assert checkin(s).status == "herinnerd"


def test_failures_pause_longer_each_time_and_end_dead_with_an_escalation(s):
    now, failures = DUE, 0
    while checkin(s).status != "dood":
        result = run_once(s, now, lambda d: False, lease=LEASE)
        failures += result.failed
        assert failures <= scheduler.MAX_ATTEMPTS
        if checkin(s).status == "mislukt":
            wait = checkin(s).next_attempt_at - now
            assert run_once(s, now + wait - dt.timedelta(seconds=1), lambda d: False).failed == 0
            now += wait
    assert failures == scheduler.MAX_ATTEMPTS
    assert checkin(s).last_error == "niet bevestigd"
    escalation = s.query(Escalation).one()
    assert escalation.reason == "onbereikbaar" and escalation.status == "open"
    assert run_once(s, now + dt.timedelta(days=1), lambda d: True).sent == 0  # dead stays dead


def test_a_taken_over_conversation_makes_the_check_in_wait_without_losing_an_attempt(s):
    def paused(delivery):
        raise Paused(delivery.conversation_id)

    assert run_once(s, DUE, paused, lease=LEASE).waiting == 1
    row = checkin(s)
    assert (row.status, row.attempts) == ("mislukt", 0)
    assert run_once(s, DUE + scheduler.PAUSED_WAIT, delivered_to([]), lease=LEASE).sent == 1


def test_an_answer_while_the_delivery_is_still_being_confirmed_is_kept(s):
    def answered_at_once(delivery):
        with session() as other:  # the candidate answers before the scheduler writes "sent"
            assert scheduler.mark_answered(other, delivery.id, DUE)
        return True

    run_once(s, DUE, answered_at_once, lease=LEASE)
    first, following = s.query(CheckIn).order_by(CheckIn.id).all()
    s.refresh(first)
    assert first.status == "beantwoord" and following.status == "gepland"


def test_a_stopped_traject_also_stops_a_check_in_waiting_for_a_retry(s):
    from bot.candidates.trajecten import stop_traject

    run_once(s, DUE, lambda d: False, lease=LEASE)
    stop_traject(s, checkin(s).traject_id, "verhuisd", DUE.date())
    s.commit()
    assert checkin(s).status == "vervallen"
    assert run_once(s, DUE + dt.timedelta(days=1), delivered_to([])).sent == 0


# The outbox: the same states for the jobcoach's notifications.
NOW = dt.datetime(2026, 11, 22, 9, 0)


class Senders:
    def __init__(self, fail: bool = False) -> None:
        self.mail: list[tuple[str, str]] = []
        self.telegram: list[str] = []
        self.fail = fail

    def email(self, to, subject, body, message_id):
        if self.fail:
            raise ConnectionRefusedError("smtp down")
        self.mail.append((to, message_id))

    def tg(self, chat, text):
        if self.fail:
            raise ConnectionRefusedError("telegram down")
        self.telegram.append(chat)

    def senders(self) -> notify.Senders:
        return notify.Senders(self.email, self.tg)


@pytest.fixture
def outbox(s, monkeypatch):
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:abc")
    coach = create_staff(
        s,
        "anna",
        "Anna",
        "jobcoach",
        "lang-genoeg-wachtwoord",
        email="anna@test.local",
        telegram_chat_id="777",
        region="twente",
        default_for_region=True,
    )
    candidate = s.query(Candidate).one()
    candidate.region = "twente"
    escalation = records.create(s, candidate, "wil_persoon", "", NOW)
    s.commit()
    assert escalation.staff_id == coach.id and s.query(Notification).count() == 2
    return escalation


@pytest.mark.sqlite_only  # a database from before foreign keys: only SQLite had one
def test_a_notification_of_a_deleted_escalation_is_void_not_a_crash(s, outbox, project_db):
    # As in a database from before foreign keys were enforced: the escalation is gone, its
    # notifications are not.
    raw = sqlite3.connect(project_db.removeprefix("sqlite:///"))
    raw.execute("DELETE FROM escalations")
    raw.commit()
    raw.close()
    sent = Senders()
    result = notify.send_pending(s, NOW, sent.senders())
    assert (result.void, result.sent, sent.mail) == (2, 0, [])
    assert {n.status for n in s.query(Notification)} == {"vervallen"}
    assert notify.send_pending(s, NOW + dt.timedelta(hours=1), sent.senders()).void == 0


def test_a_notification_that_keeps_failing_is_dead_visible_and_can_be_tried_again(s, outbox):
    failing, now = Senders(fail=True), NOW
    for _ in range(notify.MAX_ATTEMPTS):
        notify.send_pending(s, now, failing.senders())
        now += dt.timedelta(hours=2)
    statuses = {n.status for n in s.query(Notification)}
    assert statuses == {"dood"}
    dead = notify.dead_letters(s)
    assert len(dead) == 2 and all(e.id == outbox.id for _, e in dead)
    assert all("ConnectionRefusedError" in n.last_error for n, _ in dead)
    assert notify.send_pending(s, now + dt.timedelta(days=1), Senders().senders()).sent == 0
    working = Senders()
    assert notify.retry_dead(s, dead[0][0].id, now)
    assert not notify.retry_dead(s, dead[0][0].id, now)  # only a dead one
    assert notify.send_pending(s, now, working.senders()).sent == 1


def test_an_email_sent_again_after_a_crash_has_the_same_message_id(s, outbox):
    class Die(BaseException):
        pass

    first = Senders()

    def dying_telegram(chat, text):
        raise Die  # the process dies after the e-mail went out

    with pytest.raises(Die):
        notify.send_pending(s, NOW, notify.Senders(first.email, dying_telegram), lease=LEASE)
    again = Senders()
    result = notify.send_pending(s, NOW + LEASE, again.senders(), lease=LEASE)
    assert result.recovered == 1 and result.sent == 1 and again.telegram == ["777"]
    assert {n.status for n in s.query(Notification)} == {"verstuurd"}
    assert first.mail and first.mail[0][1].startswith("<melding-")


def test_a_check_in_counts_as_started_only_when_its_form_asked_the_first_question():
    from bot.candidates.dispatcher import confirmed
    from bot.candidates.scheduler import Delivery

    checkin = Delivery(5, "voortgang", "tg-5", "telegram", reminder=False)
    entities = [{"entity": "checkin_id", "value": "5"}, {"entity": "reminder", "value": "nee"}]
    trigger = {
        "event": "user",
        "parse_data": {"intent": {"name": "EXTERNAL_checkin"}, "entities": entities},
    }
    slot = {"event": "slot", "name": "checkin_id", "value": "5"}
    form = {"event": "active_loop", "name": "checkin_form"}
    answer = {"event": "user", "parse_data": {"intent": {"name": "inform"}}}
    assert confirmed([trigger, slot, form], checkin, last_turn_only=True)
    assert not confirmed([trigger, slot], checkin, last_turn_only=True)  # the form failed
    assert not confirmed([trigger], checkin, last_turn_only=True)  # the action server was down
    assert not confirmed([trigger, slot, form, answer], checkin, last_turn_only=True)
    assert confirmed([trigger, slot, form, answer], checkin, last_turn_only=False)
    reminder = Delivery(5, "voortgang", "tg-5", "telegram", reminder=True)
    assert not confirmed([trigger, slot, form], reminder, last_turn_only=False)  # another message
