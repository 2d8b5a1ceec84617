"""Telegram end to end: the real Rasa server with our python-telegram-bot channel, the
polling process, the action server and the scheduler (the session's shared stack), against
its fake Bot API server. Each test has its own chat id."""

import datetime as dt
import json
import re
import urllib.request

import pytest
from stacks import wait_for

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import register_traject
from bot.catalogue import say
from bot.channels.telegram_format import role_buttons
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, Escalation


@pytest.fixture
def fake(stack):
    """The fake Bot API the shared stack's Telegram channel and poller talk to."""
    return stack.telegram


def texts(fake, chat):
    return [p.get("text", "") for p in fake.sent(chat)]


def reply_containing(fake, chat, words, timeout=30.0):
    return wait_for(lambda: [t for t in texts(fake, chat) if words in t], timeout)


def linked_candidate(stack, fake, chat, name):
    with session(stack.db) as s:
        c = Candidate(first_name=name, region="twente")
        s.add(c)
        s.flush()
        code = create_invite(s, c.id, dt.datetime.utcnow())
        s.commit()
        candidate_id = c.id
    fake.push_message(chat, f"/start {code}")
    assert reply_containing(fake, chat, "Gelukt"), texts(fake, chat)
    return candidate_id


def as_consultant(fake, chat):
    """An unlinked chat is asked once who writes; answer it by typing."""
    fake.push_message(chat, "consulent")
    assert reply_containing(fake, chat, say("channels.role_chosen_consultant")), texts(fake, chat)


def test_an_unknown_chat_is_asked_its_role_once_and_the_first_question_waits(stack, fake):
    fake.push_message(1012, "wie betaalt de jobcoach?")
    asked = wait_for(
        lambda: [p for p in fake.sent(1012) if p.get("text") == say("channels.role_question")]
    )
    keyboard = asked[0]["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in keyboard] == [b["title"] for b in role_buttons()]
    assert not reply_containing(fake, 1012, "Bron:", timeout=1)  # nothing answered yet
    fake.push_button(1012, keyboard[1][0]["callback_data"], message_id=7)
    answer = reply_containing(fake, 1012, "Bron:")
    assert answer and "jobcoach" in answer[0].lower()
    assert not re.search(r"\b(je|jij|jouw)\b", answer[0].lower())  # a consultant gets u
    fake.push_message(1012, "wat is een praktijkverklaring?")
    assert wait_for(lambda: len(reply_containing(fake, 1012, "Bron:", timeout=1)) >= 2)
    assert texts(fake, 1012).count(say("channels.role_question")) == 1


@pytest.mark.both_shapes
def test_message_in_answer_out(stack, fake):
    as_consultant(fake, 1001)
    fake.push_message(1001, "wie betaalt de jobcoach?")
    answer = reply_containing(fake, 1001, "Bron:")
    assert answer and "jobcoach" in answer[0].lower()


def test_buttons_are_an_inline_keyboard_and_a_press_is_the_payload(stack, fake):
    as_consultant(fake, 1002)
    fake.push_message(1002, "hallo")
    greeting = wait_for(lambda: [p for p in fake.sent(1002) if p.get("reply_markup")])
    keyboard = greeting[0]["reply_markup"]["inline_keyboard"]
    datas = [row[0]["callback_data"] for row in keyboard]
    assert "/start_eligibility" in datas
    fake.push_button(1002, "/start_eligibility", message_id=55)
    assert reply_containing(fake, 1002, "Hoe oud is uw klant?")
    assert "answerCallbackQuery" in fake.methods()
    edits = [p for m, p in fake.calls if m == "editMessageReplyMarkup"]
    assert any(int(p["message_id"]) == 55 for p in edits)


@pytest.mark.both_shapes
def test_start_code_links_and_a_wrong_code_is_refused(stack, fake):
    candidate_id = linked_candidate(stack, fake, 1003, "Noor")
    with session(stack.db) as s:
        c = s.get(Candidate, candidate_id)
        assert (c.conversation_id, c.channel) == ("tg-1003", "telegram")
    fake.push_message(1004, "/start ABCD-EFGH")
    assert reply_containing(fake, 1004, "Deze code ken ik niet")


@pytest.mark.both_shapes
def test_proactive_checkin_reaches_telegram(stack, fake):
    candidate_id = linked_candidate(stack, fake, 1006, "Bo")
    with session(stack.db) as s:
        t = register_traject(s, candidate_id, "Bakkerij", dt.date.today())
        checkin = s.query(CheckIn).filter_by(traject_id=t.id).one()
        checkin.due_at = dt.datetime.utcnow()
        s.commit()
        checkin_id = checkin.id
    intro = reply_containing(fake, 1006, "korte check-in")
    assert intro and "Bo" in intro[0]
    question = wait_for(lambda: [p for p in fake.sent(1006) if "Hoe gaat het" in p.get("text", "")])
    assert question[0]["reply_markup"]["inline_keyboard"]

    def status() -> str:
        with session(stack.db) as s:
            return s.get(CheckIn, checkin_id).status

    # the sender marks the check-in after Telegram's reply: the question may arrive first
    assert wait_for(lambda: status() == "verstuurd", timeout=10), status()


def test_429_is_waited_out(stack, fake):
    as_consultant(fake, 1007)
    before = len([p for m, p in fake.calls if m == "sendMessage" and int(p["chat_id"]) == 1007])
    fake.too_many[1007] = 1
    fake.push_message(1007, "wat is een praktijkverklaring?")

    def attempts():
        sent = [p for m, p in fake.calls if m == "sendMessage" and int(p["chat_id"]) == 1007]
        return sent[before:]

    # the first attempt gets 429 (retry after 1 s); the same answer is sent again
    assert wait_for(lambda: len(attempts()) >= 2), fake.raw
    assert fake.too_many[1007] == 0 and attempts()[0]["text"] == attempts()[1]["text"]


def test_blocked_user_is_marked_unreachable_for_the_jobcoach(stack, fake):
    candidate_id = linked_candidate(stack, fake, 1008, "Ali")
    fake.blocked.add(1008)
    fake.push_message(1008, "hallo")

    def flagged():
        with session(stack.db) as s:
            c = s.get(Candidate, candidate_id)
            esc = s.query(Escalation).filter_by(candidate_id=candidate_id, reason="onbereikbaar")
            return c.unreachable_at is not None and esc.count() == 1

    assert wait_for(flagged)


def _post_webhook(stack, body: bytes, secret: str | None):
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    req = urllib.request.Request(stack.telegram_webhook, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.mark.both_shapes
def test_webhook_needs_the_secret_token(stack, fake):
    update = json.dumps(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1009, "type": "private"},
                "text": "hoi",
            },
        }
    ).encode()
    assert _post_webhook(stack, update, None) == 403
    assert _post_webhook(stack, update, "fout") == 403
    assert _post_webhook(stack, update, stack.telegram_secret) == 200


@pytest.mark.both_shapes
def test_bad_updates_get_a_kind_reply_or_are_dropped_and_the_chat_goes_on(stack, fake):
    fake.push_message(
        1010,
        None,
        sticker={
            "file_id": "x",
            "file_unique_id": "y",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        },
    )
    assert reply_containing(fake, 1010, say("channels.only_text")[:30])
    secret = stack.telegram_secret
    assert _post_webhook(stack, b"{not json", secret) == 200
    assert (
        _post_webhook(stack, b'{"update_id": 5, "message": ' + b"x" * 70000 + b"}", secret) == 200
    )
    assert _post_webhook(stack, b'{"update_id": 6, "edited_message": {}}', secret) == 200
    assert _post_webhook(stack, b"[1, 2, 3]", secret) == 200
    as_consultant(fake, 1010)
    fake.push_message(1010, "wie betaalt de jobcoach?")
    assert reply_containing(fake, 1010, "Bron:")


def test_a_message_carries_the_role_and_the_candidate_is_found_by_conversation(stack, fake):
    linked_candidate(stack, fake, 1011, "Jip")
    fake.push_message(1011, "wat weet je van mij?")
    assert reply_containing(fake, 1011, "Voornaam: Jip")
    url = f"{stack.rasa_url}/conversations/tg-1011/tracker?token={stack.token}"
    with urllib.request.urlopen(url, timeout=30) as resp:
        events = json.loads(resp.read())["events"]
    last_user = [e for e in events if e["event"] == "user"][-1]
    metadata = last_user["metadata"]  # Rasa adds its assistant_id
    assert metadata["role"] == "candidate" and "candidate_id" not in metadata  # Jip: looked up
    assert last_user["input_channel"] == "telegram"


def test_a_jobcoach_links_their_telegram_for_notifications(stack, fake):
    from bot.candidates.linking import create_staff_code
    from bot.portal.auth import create_staff
    from bot.store.models import Staff

    with session(stack.db) as s:
        staff = create_staff(s, "joke", "Joke", "jobcoach", "lang-genoeg-wachtwoord")
        code = create_staff_code(s, staff.id, dt.datetime.utcnow())
        s.commit()
        staff_id = staff.id
    fake.push_message(1012, f"/start {code.replace('-', '')}")
    assert reply_containing(fake, 1012, "Meldingen over je kandidaten")
    with session(stack.db) as s:
        assert s.get(Staff, staff_id).telegram_chat_id == "1012"
        assert s.query(Candidate).filter_by(conversation_id="tg-1012").count() == 0
