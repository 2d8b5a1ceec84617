"""A conversation a jobcoach took over is never left paused by accident (issue 11, item 5):
a takeover whose first message fails gives the conversation back, a close while Rasa is
away gives it back later (the scheduler), an interrupted takeover is undone, and a reply
sent twice reaches the candidate and the history once. Against a fake Rasa HTTP API."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_rasa import TOKEN, FakeRasa

from bot.catalogue import say
from bot.escalations import handoff
from bot.portal.webchat import messages_after
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.models import Candidate, Escalation

NOW = dt.datetime(2026, 11, 22, 9, 0)


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa().start()


@pytest.fixture
def rasa(fake_rasa):
    fake_rasa.calls.clear()
    fake_rasa.failing, fake_rasa.refuse = False, set()
    return RasaClient(fake_rasa.url, TOKEN)


@pytest.fixture
def escalation_id(project_db):
    with session() as s:
        c = Candidate(first_name="Lina", conversation_id="web-lina", channel="web")
        s.add(c)
        s.flush()
        e = Escalation(candidate_id=c.id, reason="wil_persoon", severity=3, created_at=NOW)
        s.add(e)
        s.commit()
        return e.id


def state(escalation_id: int) -> tuple[str | None, str, object]:
    with session() as s:
        e = s.get(Escalation, escalation_id)
        return e.handoff_state, e.status, e.handoff_at


def events(fake_rasa) -> list[str]:
    return [
        body[0]["event"]
        for _, path, _, body in fake_rasa.calls
        if path.endswith("/tracker/events") and body
    ]


def page() -> list[str]:
    with session() as s:
        return [m["text"] for m in messages_after(s, "web-lina", 0)]


def test_a_takeover_whose_first_message_fails_gives_the_conversation_back(
    rasa, fake_rasa, escalation_id
):
    fake_rasa.refuse = {"bot"}  # paused, then the message to the candidate cannot be written
    with pytest.raises(handoff.TakeOverFailed):
        handoff.take_over(rasa, escalation_id, "Anna", NOW)
    assert events(fake_rasa)[-1] == "resume"  # given back at once, without a word
    assert state(escalation_id) == (None, "open", None)


def test_when_even_the_give_back_fails_the_scheduler_finishes_it(rasa, fake_rasa, escalation_id):
    fake_rasa.refuse = {"bot", "resume"}
    with pytest.raises(handoff.TakeOverFailed):
        handoff.take_over(rasa, escalation_id, "Anna", NOW)
    assert state(escalation_id)[0] == "terugdraaien"  # written down: still to be given back
    assert handoff.finish_pending(rasa, NOW) == 0  # Rasa still refuses
    fake_rasa.refuse = set()
    assert handoff.finish_pending(rasa, NOW) == 1
    assert events(fake_rasa)[-1] == "resume" and state(escalation_id) == (None, "open", None)


def test_closing_while_rasa_is_away_closes_and_gives_back_later(rasa, fake_rasa, escalation_id):
    handoff.take_over(rasa, escalation_id, "Anna", NOW)
    assert state(escalation_id) == ("overgenomen", "open", NOW)
    fake_rasa.failing = True
    handoff.close(rasa, escalation_id, "gebeld", NOW)
    assert state(escalation_id)[:2] == ("teruggeven", "afgehandeld")
    fake_rasa.failing = False
    assert handoff.finish_pending(rasa, NOW) == 1
    assert state(escalation_id)[0] == "teruggegeven"
    assert events(fake_rasa)[-2:] == ["resume", "bot"]
    assert page() == [say("escalations.taken_over", name="Anna"), say("escalations.given_back")]
    assert handoff.finish_pending(rasa, NOW) == 0  # nothing left to do


def test_a_takeover_interrupted_halfway_is_undone_after_two_minutes(rasa, fake_rasa, escalation_id):
    with session() as s:  # the portal stopped between "taking over" and "taken over"
        e = s.get(Escalation, escalation_id)
        e.handoff_state, e.handoff_at = "overnemen", NOW
        s.commit()
    assert handoff.finish_pending(rasa, NOW + dt.timedelta(minutes=1)) == 0
    assert handoff.finish_pending(rasa, NOW + handoff.STUCK_AFTER) == 1
    assert events(fake_rasa) == ["resume"] and state(escalation_id) == (None, "open", None)


def test_a_reply_sent_twice_reaches_the_candidate_and_the_history_once(
    rasa, fake_rasa, escalation_id
):
    from bot.channels import delivery

    handoff.take_over(rasa, escalation_id, "Anna", NOW)
    fake_rasa.refuse = {"bot"}  # on the page, not yet in the history
    with pytest.raises(Exception, match="Rasa antwoordde 500"):
        delivery.relay(rasa, "web-lina", "web", "Ik bel je morgen.", key="formulier-1")
    fake_rasa.refuse = set()
    delivery.relay(rasa, "web-lina", "web", "Ik bel je morgen.", key="formulier-1")
    delivery.relay(rasa, "web-lina", "web", "Ik bel je morgen.", key="formulier-1")
    assert page().count("Ik bel je morgen.") == 1
    written = [
        body[0]
        for _, path, _, body in fake_rasa.calls
        if path.endswith("/tracker/events") and body[0].get("text") == "Ik bel je morgen."
    ]
    assert len(written) == 2  # the failed write, and the one that worked
    assert written[-1]["metadata"] == {"van": "jobcoach", "sleutel": "formulier-1"}
    shown = handoff.conversation_since_pause(
        [{"event": "pause"}, written[-1], written[-1], {"event": "user", "text": "ok"}]
    )
    assert shown == [
        {"wie": "jobcoach", "tekst": "Ik bel je morgen."},
        {"wie": "kandidaat", "tekst": "ok"},
    ]
