"""Escalations reach the right jobcoach; the outbox retries and never loses a message.
E-mail goes to a real local SMTP server (aiosmtpd)."""

import datetime as dt

import pytest
import smtp_server

from bot.candidates import journey
from bot.candidates.linking import mark_unreachable
from bot.candidates.scheduler import run_once
from bot.candidates.trajecten import register_traject
from bot.channels.delivery import Unreachable
from bot.escalations import notifications as notify
from bot.escalations import records as escalation
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, Notification

NOW = dt.datetime(2026, 11, 22, 9, 0)
PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def smtp(monkeypatch):
    controller, inbox = smtp_server.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(controller.port))
    monkeypatch.setenv("SMTP_FROM", "praktijkbot@test.local")
    yield inbox
    controller.stop()


@pytest.fixture
def s(project_db):
    with session(project_db) as s:
        yield s


class FakeTelegramSender:
    def __init__(self):
        self.sent, self.fail = [], 0

    def __call__(self, chat_id, text):
        if self.fail:
            self.fail -= 1
            raise ConnectionError("telegram onbereikbaar")
        self.sent.append((chat_id, text))


def _setup(s, monkeypatch):
    monkeypatch.setenv("TELEGRAM_TOKEN", "123:abc")
    coach = create_staff(
        s,
        "anna",
        "Anna",
        "jobcoach",
        PASSWORD,
        email="anna@test.local",
        telegram_chat_id="555",
        region="twente",
    )
    default = create_staff(
        s,
        "rob",
        "Rob",
        "jobcoach",
        PASSWORD,
        email="rob@test.local",
        region="twente",
        default_for_region=True,
    )
    with_coach = Candidate(first_name="Sam", region="twente", conversation_id="c1")
    without = Candidate(first_name="Kim", region="twente", conversation_id="c2")
    s.add_all([with_coach, without])
    s.flush()
    register_traject(s, with_coach.id, "Bakkerij", NOW.date()).jobcoach_id = coach.id
    s.commit()
    return coach, default, with_coach, without


def test_right_jobcoach_or_the_regional_default(s, smtp, monkeypatch):
    coach, default, with_coach, without = _setup(s, monkeypatch)
    e1 = escalation.create(s, with_coach, "wil_stoppen", "Kandidaat: ik stop", NOW)
    e2 = escalation.create(s, without, "gezondheid_stress", "", NOW)
    s.commit()
    assert (e1.staff_id, e2.staff_id) == (coach.id, default.id)
    channels = sorted((n.channel, n.recipient) for n in s.query(Notification))
    assert channels == [
        ("email", "anna@test.local"),
        ("email", "rob@test.local"),
        ("telegram", "555"),
    ]
    message = escalation.candidate_message(["wil_stoppen"], True, escalation.contact_name(s, e1))
    assert "Anna" in message and "binnen één werkdag" in message


def test_outbox_sends_email_and_telegram_and_retries_failures(s, smtp, monkeypatch):
    _, _, with_coach, _ = _setup(s, monkeypatch)
    escalation.create(s, with_coach, "wil_stoppen", "Kandidaat: ...", NOW)
    s.commit()
    telegram = FakeTelegramSender()
    telegram.fail = 1
    smtp.refuse = 1
    senders = notify.Senders(notify.smtp_sender(), telegram)
    first = notify.send_pending(s, NOW, senders)
    assert (first.sent, first.failed) == (0, 2)
    waiting = s.query(Notification).filter_by(status="mislukt").all()
    assert len(waiting) == 2 and all(n.last_error and n.attempts == 1 for n in waiting)
    assert notify.send_pending(s, NOW + dt.timedelta(seconds=30), senders).sent == 0  # backoff
    again = notify.send_pending(s, NOW + dt.timedelta(seconds=61), senders)
    assert (again.sent, again.failed) == (2, 0)
    assert s.query(Notification).filter_by(status="verstuurd").count() == 2
    mail = smtp.messages[0]
    assert mail["To"] == "anna@test.local" and "Urgentie 2" in mail["Subject"]
    body = mail.get_payload()
    assert "/dashboard/escalaties/" in body and "Kandidaat: ..." not in body  # no chat text
    assert telegram.sent[0][0] == "555" and "Kandidaat wil stoppen" in telegram.sent[0][1]


def test_a_send_interrupted_halfway_is_tried_again(s, smtp, monkeypatch):
    _, _, with_coach, _ = _setup(s, monkeypatch)
    escalation.create(s, with_coach, "wil_persoon", "", NOW)
    s.commit()
    for n in s.query(Notification):  # the process died while sending: its lease runs out
        n.status, n.lease_until = "bezig", NOW + dt.timedelta(minutes=5)
    s.commit()
    senders = notify.Senders(notify.smtp_sender(), FakeTelegramSender())
    assert notify.send_pending(s, NOW + dt.timedelta(minutes=4), senders).sent == 0
    again = notify.send_pending(s, NOW + dt.timedelta(minutes=5), senders)
    assert (again.recovered, again.sent) == (2, 2)


def test_without_smtp_or_telegram_only_the_dashboard(s, monkeypatch):
    monkeypatch.delenv("SMTP_HOST", raising=False)
    monkeypatch.delenv("TELEGRAM_TOKEN", raising=False)
    coach = create_staff(
        s,
        "anna",
        "Anna",
        "jobcoach",
        PASSWORD,
        email="a@x.nl",
        region="twente",
        default_for_region=True,
    )
    c = Candidate(first_name="Sam", region="twente")
    s.add(c)
    s.flush()
    e = escalation.create(s, c, "wil_stoppen", "", NOW)
    s.commit()
    assert e.staff_id == coach.id and s.query(Notification).count() == 0


# Every trigger goes through bot.escalations.records: a check-in nobody answered (the scheduler)
# reaches the jobcoach exactly as a candidate who says they want to stop does.
FIRST_DUE = dt.datetime(2026, 12, 15, 10, 0)  # register_traject: first check-in after 14 days


@pytest.fixture
def coached(s, smtp, fake_telegram, monkeypatch):
    """Lina, on the web widget, with jobcoach Anna (e-mail and Telegram)."""
    monkeypatch.setenv("TELEGRAM_TOKEN", fake_telegram.token)
    monkeypatch.setenv("TELEGRAM_BASE_URL", fake_telegram.base_url)
    coach = create_staff(
        s,
        "anna",
        "Anna de Vries",
        "jobcoach",
        PASSWORD,
        email="anna@test.local",
        telegram_chat_id="777",
        region="twente",
    )
    lina = Candidate(first_name="Lina", region="twente", conversation_id="web-lina", channel="web")
    s.add(lina)
    s.flush()
    register_traject(s, lina.id, "Bakkerij", dt.date(2026, 12, 1)).jobcoach_id = coach.id
    s.commit()
    return coach, lina


def _delivered(delivery):
    return True


def _unreachable(delivery):
    raise Unreachable(delivery.id)


def trigger(s, reason, conversation_id):
    """Make the escalation the way the assistant does; returns when it happened."""
    if reason == "wil_stoppen":  # the candidate says so (action_escalate)
        journey.report(s, conversation_id, reason, "Kandidaat: ik wil stoppen", NOW)
        s.commit()
        return NOW
    if reason == "onbereikbaar":  # the scheduler cannot deliver the check-in
        assert run_once(s, FIRST_DUE, _unreachable).unreachable == 1
        return FIRST_DUE
    run_once(s, FIRST_DUE, _delivered)  # geen_reactie: sent, reminded, still silent
    assert run_once(s, FIRST_DUE + dt.timedelta(hours=48), _delivered).reminded == 1
    flagged_at = FIRST_DUE + dt.timedelta(hours=96)
    assert run_once(s, flagged_at, _delivered).flagged == 1
    return flagged_at


@pytest.mark.parametrize("reason", ["wil_stoppen", "geen_reactie", "onbereikbaar"])
def test_every_trigger_reaches_the_jobcoach_by_email_and_telegram(
    s, coached, smtp, fake_telegram, reason
):
    coach, lina = coached
    when = trigger(s, reason, lina.conversation_id)
    made = s.query(Escalation).filter_by(candidate_id=lina.id).one()
    assert (made.reason, made.staff_id) == (reason, coach.id)
    channels = sorted((n.channel, n.recipient) for n in s.query(Notification))
    assert channels == [("email", "anna@test.local"), ("telegram", "777")]

    before = len(fake_telegram.sent(777))
    outbox = notify.send_pending(s, when, notify.default_senders())  # real SMTP, fake Bot API
    assert (outbox.sent, outbox.failed) == (2, 0)
    label = escalation.REASONS[reason].label
    mail = smtp.messages[-1]
    assert mail["To"] == "anna@test.local"
    assert label in mail["Subject"] and "(Lina)" in mail["Subject"]
    telegram = fake_telegram.sent(777)[before:]
    assert len(telegram) == 1 and label in telegram[0]["text"]


def test_one_candidate_out_of_reach_is_told_to_the_jobcoach_once(s, coached, smtp):
    """The scheduler and the Telegram channel both notice; one escalation, one message each."""
    coach, lina = coached
    trigger(s, "onbereikbaar", lina.conversation_id)
    mark_unreachable(s, lina.conversation_id, FIRST_DUE + dt.timedelta(hours=1))
    assert s.query(Escalation).filter_by(reason="onbereikbaar").count() == 1
    assert s.query(Notification).count() == 2
