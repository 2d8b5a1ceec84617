"""Identity comes only from the channel that proved it (issue 11, part 2), against the real
stack: a Telegram candidate (linked with an invite code through the fake Bot API, with a
check-in waiting for an answer) and a web candidate. Someone on the REST channel who names
their conversation (`tg-<chat id>`, `web-...`), forges metadata, an input channel, an
intent or a link code, can neither read, change, answer for nor delete either of them."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request

import pytest
from fake_telegram import FakeTelegram
from stacks import running_stack, wait_for

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import add_werkproces, register_traject
from bot.questions import choice_payload
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, CheckInAnswer, InviteCode

pytestmark = pytest.mark.server
CHAT = 4101
TG_NAME, WEB_NAME, CODE_NAME = "Gerbrich", "Tjitske", "Hiskje"
WEB_CONVERSATION = "web-3f9c2a7d41e8"


@pytest.fixture(scope="module")
def fake():
    return FakeTelegram().start()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake):
    var = tmp_path_factory.mktemp("var")
    with running_stack(var, telegram_token=fake.token, telegram_base_url=fake.base_url) as s:
        yield s


@pytest.fixture(autouse=True)
def project_db(stack, monkeypatch):
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", stack.db)
    return stack.db


def telegram_says(fake, words):
    return wait_for(lambda: [p for p in fake.sent(CHAT) if words in p.get("text", "")], 60.0)


def rest(stack, body, token=None):
    """POST on the REST channel; (status, the bot's texts joined)."""
    token = stack.rest_token if token is None else token
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    req = urllib.request.Request(
        stack.rasa_url + "/webhooks/rest/webhook", data=json.dumps(body).encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            replies = json.loads(resp.read())
            return resp.status, "\n".join(r.get("text", "") for r in replies)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def tracker_events(stack, conversation):
    url = f"{stack.rasa_url}/conversations/{conversation}/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=60) as resp:
        return json.loads(resp.read())["events"]


@pytest.fixture(scope="module")
def candidates(stack, fake):
    """The Telegram candidate (linked by code, a check-in waiting) and the web candidate."""
    with session(stack.db) as s:
        tg = Candidate(first_name=TG_NAME, region="twente")
        web = Candidate(
            first_name=WEB_NAME,
            region="twente",
            conversation_id=WEB_CONVERSATION,
            channel="web",
            consent_at=dt.datetime.utcnow(),
        )
        s.add_all([tg, web])
        s.flush()
        code = create_invite(s, tg.id, dt.datetime.utcnow())
        s.commit()
        ids = {"tg": tg.id, "web": web.id}
    fake.push_message(CHAT, f"/start {code}")
    assert telegram_says(fake, "Gelukt")
    with session(stack.db) as s:
        traject = register_traject(s, ids["tg"], "Bakkerij", dt.date.today())
        add_werkproces(s, traject.id, "Deeg maken")
        checkin = s.query(CheckIn).filter_by(traject_id=traject.id).one()
        checkin.due_at = dt.datetime.utcnow()
        s.commit()
        ids["checkin"] = checkin.id
    assert telegram_says(fake, "Hoe gaat het op je werk?")  # the check-in waits for an answer
    return ids


def test_rest_needs_its_token(stack):
    body = {"sender": "consulent-1", "message": "wie betaalt de jobcoach?"}
    assert rest(stack, body, token="")[0] == 403
    assert rest(stack, body, token="geraden")[0] == 403
    status, text = rest(stack, body)
    assert status == 200 and "Bron:" in text  # the control: with the token it answers


def test_rest_as_a_telegram_or_web_conversation_cannot_read_the_candidate(stack, candidates):
    for sender in (f"tg-{CHAT}", WEB_CONVERSATION, f"rest-tg-{CHAT}"):
        for metadata in (None, {"role": "candidate", "candidate_id": candidates["tg"]}):
            body = {"sender": sender, "message": "wat weet je van mij?"}
            if metadata:
                body |= {"metadata": metadata, "input_channel": "telegram"}
            status, text = rest(stack, body)
            assert status == 200 and text, sender  # answered, as a conversation of its own
            assert TG_NAME not in text and WEB_NAME not in text, sender
    events = tracker_events(stack, f"rest-tg-{CHAT}")
    users = [e for e in events if e["event"] == "user"]
    assert users and {e["input_channel"] for e in users} == {"rest"}
    assert not [e for e in users if {"role", "candidate_id"} & set(e.get("metadata") or {})]
    told = [e["text"] for e in tracker_events(stack, f"tg-{CHAT}") if e["event"] == "user"]
    assert "wat weet je van mij?" not in told  # the candidate's own conversation: untouched


def test_rest_cannot_answer_the_candidates_check_in(stack, fake, candidates):
    sender = f"tg-{CHAT}"
    forged = f'/EXTERNAL_checkin{{"checkin_id": "{candidates["checkin"]}", "reminder": "nee"}}'
    for message in ("niet goed", forged, "niet goed", choice_payload("nee"), "ja", "nee"):
        assert rest(stack, {"sender": sender, "message": message})[0] == 200
    with session(stack.db) as s:
        assert s.query(CheckInAnswer).filter_by(checkin_id=candidates["checkin"]).count() == 0
        assert s.get(CheckIn, candidates["checkin"]).status == "verstuurd"
    told = [e["text"] for e in tracker_events(stack, f"tg-{CHAT}") if e["event"] == "user"]
    assert "niet goed" not in told  # nothing reached the candidate's conversation
    # The control: the candidate answers in Telegram, and that counts.
    fake.push_message(CHAT, "niet goed")
    assert telegram_says(fake, "Aan welke taak")


def test_rest_cannot_delete_the_candidates(stack, candidates):
    for sender in (f"tg-{CHAT}", WEB_CONVERSATION):
        rest(stack, {"sender": sender, "message": "verwijder mijn gegevens"})
        rest(stack, {"sender": sender, "message": "/confirm_delete"})
    time.sleep(3)  # several scheduler ticks: a deletion would be carried out by now
    with session(stack.db) as s:
        assert s.get(Candidate, candidates["tg"]).conversation_id == f"tg-{CHAT}"
        assert s.get(Candidate, candidates["web"]).conversation_id == WEB_CONVERSATION
    assert tracker_events(stack, f"tg-{CHAT}")  # the Telegram conversation is still there


def test_rest_cannot_link_a_candidate_with_a_code(stack):
    with session(stack.db) as s:
        candidate = Candidate(first_name=CODE_NAME, region="twente")
        s.add(candidate)
        s.flush()
        code = create_invite(s, candidate.id, dt.datetime.utcnow())
        s.commit()
        candidate_id = candidate.id
    message = f'/link_account{{"invite_code": "{code}"}}'
    status, text = rest(stack, {"sender": "koppelaar", "message": message})
    assert status == 200 and "alleen in Telegram of in de webchat" in text
    assert CODE_NAME not in text
    with session(stack.db) as s:
        assert s.get(Candidate, candidate_id).conversation_id is None
        assert s.query(InviteCode).filter_by(candidate_id=candidate_id).one().used_at is None
