"""Secrets and personal data never in logs (issue 11, part 8), end to end.

The whole stack runs with a realistic Telegram token against the fake Bot API. A candidate
with a first name links their chat, asks what is known about them, writes a message that
becomes an escalation (the scheduler sends the jobcoach a Telegram notification), answers a
check-in, writes in the web chat and over REST. Then the error paths: an action that fails
on the candidate's data, once called by Rasa in the conversation and once directly (as
rasa-sdk would echo the tracker). Afterwards every log the stack wrote (its log_dir) is
searched for the token, the other secrets, the name and the message text.
"""

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
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn

pytestmark = pytest.mark.server
TOKEN = "7311942605:AAF-Xq9_realistischTokenVoorDeTest42"
NAME = "Quirijntje"
MESSAGE = "ik heb ruzie met mijn baas over de sleutels van de Pelikaanstraat"
WEB_MESSAGE = "mijn buurman Hendrikus-Jan helpt mij met de Zwaluwenweg"
CHAT, JOBCOACH_CHAT = 4801, 4802


@pytest.fixture(scope="module")
def fake():
    return FakeTelegram(token=TOKEN).start()


@pytest.fixture(scope="module")
def stack(tmp_path_factory, fake):
    var = tmp_path_factory.mktemp("var")
    with running_stack(var, telegram_token=fake.token, telegram_base_url=fake.base_url) as s:
        yield s


@pytest.fixture(autouse=True)
def project_db(stack, monkeypatch):
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", stack.db)
    return stack.db


def said(fake, chat, words):
    return wait_for(lambda: [p for p in fake.sent(chat) if words in p.get("text", "")], 60.0)


def post(url, body, headers=None):
    data = json.dumps(body).encode()
    req = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def failing_action_call(conversation: str) -> dict:
    """An action call whose action fails on the candidate's data: the counter of
    misunderstood messages holds text, and int() quotes it in its error."""
    tracker = {
        "sender_id": conversation,
        "slots": {"misunderstood": f"{NAME} {MESSAGE}", "first_name": NAME},
        "latest_message": {"text": MESSAGE},
        "events": [{"event": "user", "text": MESSAGE, "metadata": {"role": "candidate"}}],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    }
    return {
        "next_action": "action_default_fallback",
        "sender_id": conversation,
        "tracker": tracker,
        "domain": {},
        "version": "3.6.2",
    }


def converse(stack, fake) -> None:
    with session(stack.db) as s:
        create_staff(
            s,
            "joke",
            "Joke",
            "jobcoach",
            "lang-genoeg-wachtwoord",
            telegram_chat_id=str(JOBCOACH_CHAT),
            region="twente",
            default_for_region=True,
        )
        candidate = Candidate(first_name=NAME, region="twente")
        s.add(candidate)
        s.flush()
        code = create_invite(s, candidate.id, dt.datetime.utcnow())
        s.commit()
        candidate_id = candidate.id
    fake.push_message(CHAT, f"/start {code}")
    assert said(fake, CHAT, f"Hoi {NAME}")
    fake.push_message(CHAT, "wat weet je van mij?")
    assert said(fake, CHAT, f"Voornaam: {NAME}")
    fake.push_message(CHAT, MESSAGE)
    assert said(fake, CHAT, "melding")
    assert wait_for(lambda: fake.sent(JOBCOACH_CHAT), 60.0)  # the scheduler's notification (httpx)
    with session(stack.db) as s:
        traject = register_traject(s, candidate_id, "Bakkerij", dt.date.today())
        add_werkproces(s, traject.id, "Deeg maken")
        s.query(CheckIn).filter_by(traject_id=traject.id).one().due_at = dt.datetime.utcnow()
        s.commit()
    assert said(fake, CHAT, "Hoe gaat het op je werk?")
    fake.push_message(CHAT, "niet goed")
    assert said(fake, CHAT, "Aan welke taak")


def web_and_rest(stack) -> None:
    status, body = post(f"{stack.portal_url}/api/session", {"rol": "kandidaat"})
    session_token = json.loads(body)["token"]
    status, _ = post(
        f"{stack.portal_url}/api/message", {"text": WEB_MESSAGE}, {"X-Session": session_token}
    )
    assert status == 200
    auth = {"Authorization": f"Bearer {stack.rest_token}"}
    body = {"sender": "privacy", "message": WEB_MESSAGE}
    assert post(f"{stack.rasa_url}/webhooks/rest/webhook", body, auth)[0] == 200


def failing_actions(stack, fake) -> None:
    # Called by Rasa, in the candidate's conversation: the slot is set through the API.
    events = f"{stack.rasa_url}/conversations/tg-{CHAT}/tracker/events?token={stack.token}"
    slot = {"event": "slot", "name": "misunderstood", "value": f"{NAME} {MESSAGE}"}
    assert post(events, slot)[0] == 200
    fake.push_message(CHAT, "stop")  # every answer runs the failing counter
    fake.push_message(CHAT, "wie betaalt de jobcoach?")
    time.sleep(5)
    assert post(events, {**slot, "value": 0})[0] == 200
    # Called directly, as rasa-sdk's own error handler would echo it.
    status, body = post(
        f"{stack.action_url}/webhook",
        failing_action_call(f"tg-{CHAT}"),
        {"X-Action-Secret": stack.action_secret},
    )
    assert status == 500 and NAME not in body and MESSAGE not in body


def test_no_secret_name_or_message_in_any_log(stack, fake):
    converse(stack, fake)
    web_and_rest(stack)
    failing_actions(stack, fake)
    secrets = {
        "Telegram-token": TOKEN,
        "Telegram-token (geheime deel)": TOKEN.partition(":")[2],
        "API-token": stack.token,
        "REST-token": stack.rest_token,
        "actiegeheim": stack.action_secret,
        "portaalgeheim": stack.portal_secret,
        "webhookgeheim": stack.telegram_secret,
    }
    personal = {"voornaam": NAME, "bericht": MESSAGE, "webbericht": WEB_MESSAGE}
    personal |= {"straat": "Pelikaanstraat", "buurman": "Hendrikus-Jan"}
    stack.stop()  # every process has written and closed its log
    logs = {p.name: p.read_text(errors="replace") for p in (stack.var_dir / "logs").glob("*.log")}
    assert {"rasa.log", "actions.log", "dispatcher.log", "portal.log", "telegram.log"} <= set(logs)
    found = [
        f"{what} in {name}"
        for name, text in logs.items()
        for what, value in {**secrets, **personal}.items()
        if value in text
    ]
    assert found == []
    # The error paths did run and were logged: frames and type, no message.
    assert "builtins.ValueError (message not logged)" in logs["actions.log"]
    assert "message not logged" in logs["rasa.log"]
    assert "Rasa server is up and running" in logs["rasa.log"]
