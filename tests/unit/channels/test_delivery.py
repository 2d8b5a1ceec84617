"""The one way to a candidate (bot.channels.delivery) over the one Rasa client (bot.rasa_client),
against a fake Rasa HTTP API and the fake Telegram Bot API."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_rasa import TOKEN, FakeRasa

from bot.candidates.dispatcher import CheckinDelivery
from bot.candidates.scheduler import Delivery
from bot.catalogue import say
from bot.channels import delivery
from bot.channels.delivery import Unreachable
from bot.escalations import handoff
from bot.launch.ports import free_port
from bot.portal.webchat import messages_after
from bot.rasa_client import RasaClient, RasaError
from bot.store.engine import session
from bot.store.models import Candidate, Escalation


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa().start()


@pytest.fixture
def rasa(fake_rasa):
    fake_rasa.calls.clear()
    fake_rasa.failing = fake_rasa.action_fails = fake_rasa.paused = False
    fake_rasa.refuse = set()
    fake_rasa.events = [{"event": "user", "text": "hoi"}]
    return RasaClient(fake_rasa.url, TOKEN)


@pytest.fixture
def bot_api(fake_telegram, monkeypatch):
    monkeypatch.setenv("TELEGRAM_TOKEN", fake_telegram.token)
    monkeypatch.setenv("TELEGRAM_BASE_URL", fake_telegram.base_url)
    return fake_telegram


def page(conversation_id: str) -> list[dict]:
    with session() as s:
        return messages_after(s, conversation_id, 0)


def test_a_check_in_for_the_web_widget_waits_for_the_page(rasa, fake_rasa):
    delivery.proactive(rasa, "web-1", "web", "EXTERNAL_checkin", {"checkin_id": "3"})
    method, path, query, body = fake_rasa.calls[-1]
    assert (method, path) == ("POST", "/conversations/web-1/trigger_intent")
    assert query == {"output_channel": "web", "token": TOKEN}
    assert body == {"name": "EXTERNAL_checkin", "entities": {"checkin_id": "3"}}
    stored = page("web-1")
    assert [m["text"] for m in stored] == ["Hoe gaat het?"] and stored[0]["buttons"]


def test_a_check_in_on_telegram_is_sent_by_rasa_itself(rasa, fake_rasa):
    delivery.proactive(rasa, "tg-5", "telegram", "EXTERNAL_followup", {})
    assert fake_rasa.calls[-1][2]["output_channel"] == "telegram"
    assert page("tg-5") == []


def test_the_scheduler_retries_when_rasa_fails_and_flags_no_conversation(rasa, fake_rasa):
    deliver = CheckinDelivery(rasa)
    checkin = Delivery(7, "voortgang", "web-2", "web", reminder=True)
    fake_rasa.failing = True
    assert deliver(checkin) is False
    fake_rasa.failing = False
    assert deliver(checkin) is True
    assert fake_rasa.calls[-1][3]["entities"] == {"checkin_id": "7", "reminder": "ja"}
    with pytest.raises(Unreachable):
        deliver(Delivery(8, "voortgang", None, None, reminder=False))


def test_a_check_in_counts_as_delivered_only_when_its_action_ran(rasa, fake_rasa):
    deliver = CheckinDelivery(rasa)
    fake_rasa.action_fails = True  # Rasa answered 200, but the check-in never started
    assert deliver(Delivery(9, "voortgang", "tg-9", "telegram", reminder=False)) is False
    fake_rasa.paused = True  # a jobcoach has the conversation: wait, no attempt lost
    with pytest.raises(delivery.Paused):
        deliver(Delivery(9, "voortgang", "tg-9", "telegram", reminder=False))


def test_a_check_in_sent_again_after_a_crash_shows_once_on_the_page(rasa, fake_rasa):
    deliver = CheckinDelivery(rasa)
    checkin = Delivery(10, "voortgang", "web-10", "web", reminder=False)
    assert deliver(checkin) is True
    again = Delivery(10, "voortgang", "web-10", "web", reminder=False, attempts=1)
    assert deliver(again) is True  # the web channel is triggered again ...
    assert [m["text"] for m in page("web-10")] == ["Hoe gaat het?"]  # ... and kept once
    reminder = Delivery(10, "voortgang", "web-10", "web", reminder=True)
    assert deliver(reminder) is True  # another message, another key
    assert len(page("web-10")) == 2


def test_on_telegram_a_check_in_rasa_already_ran_is_not_triggered_again(rasa, fake_rasa):
    deliver = CheckinDelivery(rasa)
    entities = [{"entity": "checkin_id", "value": "11"}, {"entity": "reminder", "value": "nee"}]
    parse = {"intent": {"name": "EXTERNAL_checkin"}, "entities": entities}
    fake_rasa.events = [
        {"event": "user", "parse_data": parse},
        {"event": "slot", "name": "checkin_id", "value": "11"},
        {"event": "active_loop", "name": "checkin_form"},
        {"event": "user", "text": "goed", "parse_data": {"intent": {"name": "inform"}}},
    ]
    retried = Delivery(11, "voortgang", "tg-11", "telegram", reminder=False, attempts=1)
    assert deliver(retried) is True
    assert fake_rasa.paths()  # it asked Rasa for the conversation
    assert not any(path.endswith("/trigger_intent") for path in fake_rasa.paths())
    fake_rasa.events = []  # not in the conversation: triggered again
    assert deliver(retried) is True and fake_rasa.paths()[-1].endswith("/trigger_intent")


def test_a_jobcoach_reply_reaches_telegram_and_the_history(rasa, fake_rasa, bot_api):
    delivery.relay(rasa, "tg-4242", "telegram", "Ik bel je morgen.")
    assert bot_api.sent(4242)[-1]["text"] == "Ik bel je morgen."
    method, path, _, events = fake_rasa.calls[-1]
    assert (method, path) == ("POST", "/conversations/tg-4242/tracker/events")
    assert events[0]["event"] == "bot" and events[0]["text"] == "Ik bel je morgen."
    assert events[0]["metadata"] == {"van": "jobcoach"}


def test_take_over_and_give_back_on_the_web_widget(rasa, fake_rasa):
    now = dt.datetime(2026, 11, 22, 9, 0)
    with session() as s:
        c = Candidate(first_name="Lina", conversation_id="web-9", channel="web")
        s.add(c)
        s.flush()
        e = Escalation(candidate_id=c.id, reason="wil_persoon", severity=3, created_at=now)
        s.add(e)
        s.commit()
    handoff.take_over(rasa, e.id, "Anna", now)
    handoff.close(rasa, e.id, "gebeld", now)
    kinds = [body[0]["event"] for _, path, _, body in fake_rasa.calls if path.endswith("/events")]
    assert kinds == ["pause", "bot", "resume", "bot"]
    texts = [m["text"] for m in page("web-9")]
    assert texts == [say("escalations.taken_over", name="Anna"), say("escalations.given_back")]
    with session() as s:
        e = s.get(Escalation, e.id)
        assert (e.status, e.handoff_state, e.note) == ("afgehandeld", "teruggegeven", "gebeld")


def test_reading_a_conversation_and_the_model_status(rasa, fake_rasa):
    assert rasa.events("web-1") == [{"event": "user", "text": "hoi"}]
    assert rasa.model_loaded()
    assert not RasaClient(fake_rasa.url, "fout").model_loaded()
    nobody = RasaClient(f"http://127.0.0.1:{free_port()}", TOKEN, timeout=2)
    assert nobody.events("web-1") == [] and not nobody.model_loaded()
    with pytest.raises(RasaError):
        nobody.pause("web-1")
