"""End-to-end: the real Rasa server and action server, talked to over REST (the session's
shared stack, see tests/stacks.py). Each chat has its own sender id."""

import json
import urllib.request
import uuid

import pytest


def post(stack, path, body, raw=False):
    data = body if raw else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {stack.rest_token}"}
    req = urllib.request.Request(stack.rasa_url + path, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(errors="replace")


class Chat:
    def __init__(self, stack):
        self.stack, self.sender = stack, f"rest-e2e-{uuid.uuid4().hex[:8]}"  # REST namespace

    def say(self, text):
        status, replies = post(
            self.stack, "/webhooks/rest/webhook", {"sender": self.sender, "message": text}
        )
        assert status == 200, replies
        return replies

    def text(self, text):
        return "\n".join(r.get("text", "") for r in self.say(text))


@pytest.mark.both_shapes
def test_greeting_on_rest_offers_every_start(stack):
    replies = Chat(stack).say("hallo")
    assert "praktijkbot" in replies[0]["text"]
    assert {b["payload"] for b in replies[0]["buttons"]} == {
        "/want_to_ask",
        "/start_eligibility",
        "/start_intake",
    }


@pytest.mark.both_shapes
def test_consultant_question_gets_answer_with_source(stack):
    text = Chat(stack).text("Wat is een onderwijs- en praktijkleerovereenkomst?")
    assert "praktijkleerovereenkomst" in text and "Bron:" in text


def test_unknown_question_is_refused_honestly(stack):
    text = Chat(stack).text("wat is het recept voor appeltaart")
    assert "niet in mijn kennisbank" in text and "leerwerkloket" in text


@pytest.mark.both_shapes
def test_eligibility_check_with_question_halfway_and_messy_answers(stack):
    chat = Chat(stack)
    assert "Hoe oud" in chat.text("check of mijn klant in aanmerking komt")
    assert "startkwalificatie" in chat.text("ze is tweeëntwintig")
    halfway = chat.text("wat is een oplo")
    assert (
        "praktijkleerovereenkomst" in halfway and "startkwalificatie?" in halfway
    )  # answer, then back to the form
    assert "ingeschreven" in chat.text("nee")
    assert "Dat begrijp ik niet" in chat.text("blauw")
    assert "gewone route" in chat.text("/deny")
    assert "werkfit" in chat.text("nee")
    assert "gemotiveerd" in chat.text("weet ik niet")
    result = chat.text("ja")
    assert "Bespreek uw klant in de inclusieve adviesfunctie." in result
    assert "Niet bekend of uw klant werkfit is." in result


def test_eligibility_can_be_stopped(stack):
    chat = Chat(stack)
    chat.say("/start_eligibility")
    assert "gestopt" in chat.text("stop")
    assert "Bron:" in chat.text("wat is een oplo")  # normal conversation again


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "a" * 5000,
        "😀😀😀",
        "<script>alert('hoi')</script>",
        "<img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "SELECT * FROM users WHERE 1=1",
        "What is the age limit for this program?",
    ],
)
def test_bad_input_gets_a_calm_dutch_reply(stack, message):
    replies = Chat(stack).say(message)
    assert replies, "geen antwoord"
    for r in replies:
        assert "<script" not in r["text"] and "onerror" not in r["text"]
    assert any(w in replies[0]["text"] for w in ("Ik", "Dat", "Dit", "Hallo"))


@pytest.mark.both_shapes
def test_malformed_requests_do_not_crash(stack):
    status, _ = post(stack, "/webhooks/rest/webhook", b"{not json", raw=True)
    assert status < 500
    status, _ = post(stack, "/webhooks/rest/webhook", {"sender": "x"})
    assert status < 500
    assert "Bron:" in Chat(stack).text("wat is een oplo")  # still alive


def tracker_slots(stack, sender):
    req = urllib.request.Request(
        f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}"
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())["slots"]


def test_case_facts_answered_and_the_check_asks_only_what_is_missing(stack):
    chat = Chat(stack)
    first = chat.text("mijn klant is 17, kan die al starten met praktijkleren?")
    assert "Hoe oud" not in first and "4%" in first and "adviesfunctie" in first
    if "startkwalificatie?" not in first:  # answered as a question: the check is offered
        first = chat.text("/start_eligibility")
    assert "17 jaar" in first and "Hoe oud" not in first
    assert "startkwalificatie?" in first


@pytest.mark.both_shapes
def test_follow_up_keeps_the_topic_over_rest(stack):
    chat = Chat(stack)
    assert "lumpsum" in chat.text("wie betaalt de opleiding bij praktijkleren?")
    assert tracker_slots(stack, chat.sender)["kb_context"]["facets"]["cost"] == ["opleiding"]
    twente = chat.text("en in twente?")
    assert "Twente" in twente and "lumpsum" in twente
