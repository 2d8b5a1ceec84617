"""Issue 12, "intake that respects attention", over the real Rasa and action server: the
REST channel (a consultant's conversation) and the portal's web chat (a candidate's), as
the personas met it. Hugo is easily overloaded, Janneke (autistic) wants structure, Halima
(a statushouder) reads little Dutch."""

import datetime as dt
import json
import urllib.request
import uuid

from stacks import wait_for

from bot.candidates.trajecten import register_traject
from bot.questions import choice_payload, conversations
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn

COUNT = len(conversations()["intake"].questions)


def _http(url, body=None, headers=None, method=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        url,
        data=data,
        method=method or ("POST" if data else "GET"),
        headers={"Content-Type": "application/json", **(headers or {})},
    )
    with urllib.request.urlopen(req, timeout=90) as resp:
        return json.loads(resp.read() or b"null")


class Rest:
    """A conversation over the REST channel: each turn's bot messages."""

    def __init__(self, stack):
        self.stack, self.sender = stack, f"rest-persona-{uuid.uuid4().hex[:8]}"

    def say(self, text):
        auth = {"Authorization": f"Bearer {self.stack.rest_token}"}
        body = {"sender": self.sender, "message": text}
        return _http(self.stack.rasa_url + "/webhooks/rest/webhook", body, auth)

    def text(self, text):
        return "\n".join(m.get("text", "") for m in self.say(text))

    def tracker(self):
        url = f"{self.stack.rasa_url}/conversations/{self.sender}/tracker?token={self.stack.token}"
        return _http(url)

    def slots(self):
        return self.tracker()["slots"]

    def bot_texts(self):
        return [e.get("text") or "" for e in self.tracker()["events"] if e["event"] == "bot"]


class WebCandidate:
    """A candidate on the portal's web chat (the channel says: candidate)."""

    def __init__(self, stack):
        self.stack = stack
        token = _http(stack.portal_url + "/api/session", {"rol": "kandidaat"})["token"]
        self.headers = {"X-Session": token}

    def say(self, text):
        """A button's payload ("/...") is sent as a button press, anything else as typed."""
        body = {"payload": text} if text.startswith("/") else {"text": text}
        data = _http(self.stack.portal_url + "/api/message", body, self.headers)
        return [m for m in data["messages"] if m["sender"] == "bot"]

    def text(self, text):
        return "\n".join(m["text"] for m in self.say(text))


def test_hugo_reaches_the_first_question_within_two_messages(stack):
    chat = Rest(stack)
    before = chat.say("ik wil me aanmelden")
    assert 1 <= len(before) <= 2
    first = before[-1]
    assert first["text"].startswith(f"Vraag 1 van {COUNT}\n")
    assert "Mag ik je antwoorden bewaren?" in first["text"]
    assert {b["payload"] for b in first["buttons"]} == {choice_payload("ja"), choice_payload("nee")}
    how_many = chat.say("hoeveel vragen zijn het?")
    texts = "\n".join(m["text"] for m in how_many)
    assert f"Het zijn {COUNT} vragen" in texts and "Fijn dat je" not in texts
    assert len(how_many) <= 2 and texts.count("Mag ik je antwoorden bewaren?") == 1
    assert chat.text(choice_payload("ja")).startswith(f"Vraag 2 van {COUNT}\nHoe heet je")


def test_halima_unclear_consent_is_asked_again_and_no_personal_question_follows(stack):
    chat = Rest(stack)
    chat.say("aanmelden")
    for unclear in ("hmm", "weet ik niet"):
        reply = chat.text(unclear)
        assert "Mag ik je antwoorden bewaren?" in reply and "zeker weten" in reply
        assert "Ik noteer" not in reply and "Hoe heet je" not in reply
        assert chat.slots()["intake_consent"] is None
    refused = chat.say("nee, liever niet")
    assert "Ik bewaar niets" in refused[-1]["text"] and "Hoe heet je" not in refused[-1]["text"]
    assert "/request_human" in [b["payload"] for b in refused[-1]["buttons"]]
    assert chat.text("/request_human").strip()  # the person is offered through the usual path
    with session(stack.db) as s:
        assert s.query(Candidate).filter_by(conversation_id=chat.sender).count() == 0


def _intake_until_support(chat, name_text, school_text):
    chat.say("/start_intake")
    assert "Hoe heet je" in chat.text(choice_payload("ja"))
    assert "Hoe oud" in chat.text(name_text)
    assert "plaats" in chat.text("23")
    assert "Wat doe je nu" in chat.text("Enschede")
    assert "diploma" in chat.text("ik zoek werk")
    assert "ingeschreven" in chat.text(school_text)
    assert "Welk werk" in chat.text("nee")
    assert "Hoe leer je" in chat.text(choice_payload("zorg"))
    support = chat.text(choice_payload("doen"))
    assert support.startswith(f"Vraag 10 van {COUNT}\nWelke hulp")


def test_halima_her_name_and_unfinished_diploma_are_read_not_copied(stack):
    chat = Rest(stack)
    _intake_until_support(chat, "mijn naam Halima", "vmbo maar niet afgemaakt")
    assert "contact" in chat.text(choice_payload("lezen_schrijven"))
    summary = chat.text(choice_payload("chat"))
    assert "Voornaam: Halima" in summary and "Hoogste diploma: Geen diploma" in summary
    assert "opgeslagen" in chat.text("/affirm")
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        assert (c.first_name, c.schooling, c.has_startkwalificatie) == ("Halima", "geen", "nee")


def test_janneke_asks_what_a_jobcoach_is_and_it_is_answered_not_stored(stack):
    chat = WebCandidate(stack)
    _intake_until_support(chat, "Janneke", "mbo 2")
    reply = chat.say("wat is een jobcoach")
    texts = [m["text"] for m in reply]
    assert len(texts) >= 3 and "jobcoach" in texts[0]  # answered (the knowledge action's path)
    assert texts[-1].startswith(f"Vraag 10 van {COUNT}\nWelke hulp")  # the same question
    assert "contact" in chat.text(choice_payload("rust"))
    summary = chat.text(choice_payload("chat"))
    assert "Hulp die je nodig hebt: Rust en weinig drukte" in summary
    assert "jobcoach" not in summary.split("Hulp die je nodig hebt:")[1].split("\n")[0]


def test_a_consultant_no_with_a_reason_is_a_no_and_the_next_answer_is_its_own(stack):
    chat = Rest(stack)
    chat.say("/start_eligibility")
    chat.say("34")
    chat.say("/deny")  # no startkwalificatie
    assert "gewone route" in chat.text("/deny")  # not enrolled
    reply = chat.text("nee, taal is te moeilijk")
    assert "werkfit" in reply and "Bron:" not in reply  # an answer, not a question
    assert chat.slots()["elig_regular_route"] == "nee"
    chat.say("dat weet ik nog niet")
    assert chat.slots()["elig_werkfit"] == "onbekend"  # not "ja"


def test_a_problem_gets_a_warm_word_before_the_melding(stack):
    for worry in ("ik heb ruzie met mijn baas", "ik heb veel stress door mijn werk"):
        replies = [m["text"] for m in Rest(stack).say(worry)]
        assert replies[0].startswith("Wat vervelend") and len(replies) >= 2, worry


def test_a_not_good_check_in_gets_a_warm_word_then_the_next_question(stack):
    chat = Rest(stack)
    _intake_until_support(chat, "Hugo", "vmbo")
    chat.say(choice_payload("rust"))
    chat.say(choice_payload("chat"))
    assert "opgeslagen" in chat.text("/affirm")
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        start = (dt.datetime.utcnow() - dt.timedelta(days=14)).date()
        traject = register_traject(s, c.id, "Bakkerij De Korenaar", start)
        s.query(CheckIn).filter_by(traject_id=traject.id).one().due_at = dt.datetime.utcnow()
        s.commit()
    assert wait_for(lambda: [t for t in chat.bot_texts() if "korte check-in" in t])
    count = len(conversations()["checkin"].questions)
    assert chat.bot_texts()[-1].startswith(f"Vraag 1 van {count}\nHoe gaat het")
    replies = [m["text"] for m in chat.say("niet goed")]
    assert replies[0].startswith("Wat vervelend dat het niet goed gaat")
    assert replies[-1].startswith(f"Vraag 2 van {count}\n")


def test_halima_writes_english_and_gets_simple_dutch_buttons_and_a_person(stack):
    chat = WebCandidate(stack)
    reply = chat.say("sorry I dont understand dutch good")
    assert "makkelijk Nederlands" in reply[0]["text"] and " u " not in f" {reply[0]['text']} "
    payloads = [b["payload"] for b in reply[0]["buttons"]]
    assert "/request_human" in payloads and "/start_intake" in payloads
    first = chat.say("/start_intake")
    assert len(first) <= 2 and "Mag ik je antwoorden bewaren?" in first[-1]["text"]
    chat.say(choice_payload("ja"))
    again = chat.say("I not understand")  # in the middle of the intake: not taken as her name
    assert "/request_human" in [b["payload"] for b in again[0]["buttons"]]
    assert again[-1]["text"].startswith(f"Vraag 2 van {COUNT}\nHoe heet je")
