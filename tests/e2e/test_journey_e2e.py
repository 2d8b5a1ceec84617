"""End-to-end over HTTP with the real Rasa server, action server and scheduler process:
intake from first hello to a stored candidate, a check-in sent by the scheduler through
`trigger_intent`, and the restart test (scheduled, everything stopped, started again:
the check-in arrives exactly once).
"""

import datetime as dt
import json
import time
import urllib.request
import uuid

import pytest

from bot.candidates.trajecten import add_werkproces, register_traject
from bot.questions import choice_payload
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Escalation

NAME = "Zoraida"  # unusual, so it can be looked for in the logs


def _request(stack, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(
        stack.rasa_url + path,
        data=data,
        method=method,
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {stack.rest_token}",  # the REST channel's token
        },
    )
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read() or b"null")


class Chat:
    def __init__(self, stack, sender=None):
        # REST conversations are always rest-...: the sender is then the conversation id
        self.stack, self.sender = stack, sender or f"rest-kandidaat-{uuid.uuid4().hex[:8]}"

    def say(self, text):
        body = {"sender": self.sender, "message": text}
        return _request(self.stack, "POST", "/webhooks/rest/webhook", body)

    def text(self, text):
        return "\n".join(r.get("text", "") for r in self.say(text))

    def bot_texts(self):
        tracker = _request(
            self.stack, "GET", f"/conversations/{self.sender}/tracker?token={self.stack.token}"
        )
        return [e.get("text") or "" for e in tracker["events"] if e["event"] == "bot"]


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return predicate()


def do_intake(chat):
    assert "Mag ik je antwoorden bewaren?" in chat.text("ik wil me aanmelden")
    assert "Hoe heet je" in chat.text(choice_payload("ja"))
    assert "Hoe oud" in chat.text(f"ik heet {NAME}")
    retry = chat.text("oud genoeg")  # cannot be read: one kind retry with an example
    assert "Bijvoorbeeld: 24" in retry and "Hoe oud" in retry
    assert "plaats" in chat.text("tweeëntwintig")
    halfway = chat.text("wat is een praktijkverklaring?")  # a question in the middle
    assert "Bron:" in halfway and "plaats" in halfway
    assert "Goed, we stoppen even" in chat.text("stop")  # pause ...
    resumed = chat.text("ik wil verder met mijn aanmelding")  # ... and resume
    assert "verder waar je was" in resumed and "plaats" in resumed
    assert "Wat doe je nu" in chat.text("ik woon in Hengelo")
    assert "diploma" in chat.text("ik zoek werk")
    assert "ingeschreven" in chat.text("vmbo")
    assert "Welk werk" in chat.text("nee")
    assert "Hoe leer je" in chat.text(choice_payload("horeca"))
    assert "Welke hulp" in chat.text("als iemand het voordoet")
    assert "contact" in chat.text(choice_payload("rust"))
    summary = chat.text("via de chat")
    assert f"Voornaam: {NAME}" in summary and "Leeftijd: 22" in summary and "Klopt dit?" in summary
    assert "Wat wil je veranderen?" in chat.text("/deny")  # change your mind
    assert "Hoe oud" in chat.text(choice_payload("intake_age"))
    assert "Leeftijd: 23" in chat.text("23")
    assert "opgeslagen" in chat.text("/affirm")


@pytest.mark.both_shapes
def test_intake_from_hello_to_stored_candidate(stack):
    chat = Chat(stack)
    assert "aanmelden" in json.dumps(chat.say("hallo"))
    do_intake(chat)
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        assert (c.first_name, c.age, c.region, c.schooling) == (NAME, 23, "twente", "vmbo")
        assert c.has_startkwalificatie == "nee" and c.situation == "werkzoekend"
        assert c.consent_at is not None and c.channel == "rest"
        assert "Voorscreening" in c.intake_summary and c.prescreen
    known = chat.text("wat weet je van mij?")
    assert f"Voornaam: {NAME}" in known
    logs = sorted((stack.var_dir / "logs").glob("*.log"))
    # one log per process (the production shape: per instance, actions-0.log, rasa-1.log...)
    assert logs
    kinds = {p.stem.split("-")[0] for p in logs}
    assert {"actions", "rasa", "dispatcher", "portal"} <= kinds
    for log in logs:
        assert NAME not in log.read_text(errors="replace"), f"persoonsgegevens in {log.name}"


def test_no_consent_stores_nothing(stack):
    chat = Chat(stack)
    chat.text("aanmelden")
    assert "Ik bewaar niets" in chat.text("nee, liever niet")
    assert "Bron:" in chat.text("wie betaalt de jobcoach?")  # still helped
    with session(stack.db) as s:
        assert s.query(Candidate).filter_by(conversation_id=chat.sender).count() == 0


def _register_due_traject(stack, sender, due_in=dt.timedelta(0)):
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=sender).one()
        start = (dt.datetime.utcnow() + due_in - dt.timedelta(days=14)).date()
        t = register_traject(s, c.id, "Bakkerij De Korenaar", start)
        add_werkproces(s, t.id, "Deeg maken")
        checkin = s.query(CheckIn).filter_by(traject_id=t.id).one()
        checkin.due_at = dt.datetime.utcnow() + due_in
        s.commit()
        return checkin.id


@pytest.mark.both_shapes
def test_scheduler_sends_checkin_through_trigger_intent_and_answers_are_stored(stack):
    chat = Chat(stack)
    do_intake(chat)
    checkin_id = _register_due_traject(stack, chat.sender)
    intro = _wait_for(lambda: [t for t in chat.bot_texts() if "korte check-in" in t])
    assert intro and NAME in intro[0]
    assert "Hoe gaat het op je werk?" in chat.bot_texts()[-1]
    assert "Aan welke taak" in chat.text("niet goed")
    assert "verwachten" in chat.text(choice_payload("Deeg maken"))
    assert "praktijkopleider" in chat.text("een beetje")
    assert "oefenen" in chat.text(choice_payload("nee"))
    assert "alleen" in chat.text("ja graag")
    assert "zorgen" in chat.text("nee")
    done = chat.text("ik heb ruzie met een collega")
    assert "Dank je wel" in done and "melding" in done
    with session(stack.db) as s:
        checkin = s.get(CheckIn, checkin_id)
        assert checkin.status == "beantwoord"
        rows = s.query(CheckInAnswer).filter_by(checkin_id=checkin_id)
        answers = {a.question: a.answer for a in rows}
        assert answers["ci_mood"] == "niet_goed" and answers["ci_werkproces"] == "Deeg maken"
        assert answers["ci_opleider_time"] == "nee" and answers["ci_worries"] == "werk"
        # issue 12: the candidate's own words are kept with the answer; a button is not
        said = {a.question: a.said for a in s.query(CheckInAnswer).filter_by(checkin_id=checkin_id)}
        assert said["ci_worries"] == "ik heb ruzie met een collega"
        assert said["ci_mood"] == "niet goed" and said["ci_werkproces"] is None
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        # the check-in's two signals are one melding (merged): the most urgent reason, and
        # the other one in its excerpt
        meldingen = s.query(Escalation).filter_by(candidate_id=c.id).all()
        assert "conflict" in {e.reason for e in meldingen}
        assert "Praktijkopleider heeft geen tijd" in " ".join(e.excerpt or "" for e in meldingen)
        # the excerpt reads as the conversation did: questions, and buttons by their title
        excerpt = " ".join(e.excerpt or "" for e in meldingen)
        assert "Vraag: Maak je je ergens zorgen over?" in excerpt
        assert "[knop] Nee" in excerpt and "/inform" not in excerpt and "ci_" not in excerpt
        assert s.query(CheckIn).filter_by(status="gepland").count() >= 1  # the next one


@pytest.mark.both_shapes
def test_wanting_to_stop_becomes_an_escalation(stack):
    chat = Chat(stack)
    do_intake(chat)
    reply = chat.text("ik wil stoppen met mijn traject")
    assert "korte check-in" not in " ".join(chat.bot_texts())
    assert "melding" in reply and "jobcoach" in reply
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        esc = s.query(Escalation).filter_by(candidate_id=c.id, reason="wil_stoppen").one()
        assert esc.severity == 2 and "stoppen" in esc.excerpt


def test_delete_my_data_removes_record_and_conversation(stack):
    chat = Chat(stack)
    do_intake(chat)
    assert "niet terugdraaien" in chat.text("verwijder mijn gegevens")
    assert "gewist" in chat.text("/confirm_delete")
    with session(stack.db) as s:
        assert s.query(Candidate).filter_by(conversation_id=chat.sender).count() == 0
    assert _wait_for(lambda: not any(NAME in t for t in chat.bot_texts()), timeout=20)


def test_reminder_after_48_hours_continues_where_the_checkin_stopped(stack):
    chat = Chat(stack)
    do_intake(chat)
    checkin_id = _register_due_traject(stack, chat.sender)
    _wait_for(lambda: [t for t in chat.bot_texts() if "korte check-in" in t])
    assert "Aan welke taak" in chat.text("goed")
    assert "stoppen nu" in chat.text("stop")
    with session(stack.db) as s:  # two days pass
        checkin = s.get(CheckIn, checkin_id)
        checkin.sent_at -= dt.timedelta(hours=49)
        s.commit()
    reminder = _wait_for(lambda: [t for t in chat.bot_texts() if "paar dagen geleden" in t])
    assert reminder and "Aan welke taak" in chat.bot_texts()[-1]  # mood is kept
    with session(stack.db) as s:
        assert s.get(CheckIn, checkin_id).status == "herinnerd"


def test_followup_after_the_praktijkverklaring(stack):
    from bot.candidates.trajecten import record_praktijkverklaring
    from bot.store.models import Event, Traject

    chat = Chat(stack)
    do_intake(chat)
    _register_due_traject(stack, chat.sender, due_in=dt.timedelta(days=1))
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        traject = s.query(Traject).filter_by(candidate_id=c.id).one()
        month_ago = (dt.datetime.utcnow() - dt.timedelta(days=32)).date()
        record_praktijkverklaring(s, traject.id, month_ago)
        s.commit()
    intro = _wait_for(lambda: [t for t in chat.bot_texts() if "praktijkverklaring al" in t])
    assert intro and "Wat doe je nu?" in chat.bot_texts()[-1]
    assert "geleerd" in chat.text("ik heb ander werk")
    assert "contract" in chat.text("ja")
    assert "meer leren" in chat.text(choice_payload("vast"))
    assert "helpt" in chat.text(choice_payload("certificaat"))
    assert "succes" in chat.text("nee, dank je")
    with session(stack.db) as s:
        event = s.query(Event).filter_by(kind="uitstroom_werk", candidate_id=c.id).one()
        assert event.region == "twente" and event.detail == "nazorg-1"


@pytest.mark.restarts_stack  # stops and starts the shared stack: conftest runs it last
def test_restart_checkin_arrives_once_and_paused_intake_resumes(stack):
    chat = Chat(stack)
    do_intake(chat)
    paused = Chat(stack)
    paused.text("aanmelden")
    paused.text(choice_payload("ja"))
    paused.text("Kim")
    assert "Goed, we stoppen even" in paused.text("stop")
    stack.stop()
    checkin_id = _register_due_traject(stack, chat.sender)  # due while everything is down
    stack.start()
    resumed = paused.text("verder met aanmelden")
    assert "verder waar je was" in resumed and "Hoe oud" in resumed
    _wait_for(lambda: [t for t in chat.bot_texts() if "korte check-in" in t])
    time.sleep(4)  # several more scheduler ticks
    intros = [t for t in chat.bot_texts() if "korte check-in" in t]
    assert len(intros) == 1
    with session(stack.db) as s:
        assert s.get(CheckIn, checkin_id).status == "verstuurd"


def test_an_unknown_place_is_asked_once_more_then_stored_as_unknown(stack):
    chat = Chat(stack)
    chat.text("ik wil me aanmelden")
    chat.text(choice_payload("ja"))
    chat.text("ik heet Noor")
    assert "plaats" in chat.text("19")
    retry = chat.text("Atlantis")  # no Dutch place: asked once more, not guessed
    assert "Ik ken die plaats niet" in retry and "gemeente" in retry
    moved_on = chat.text("Bergen")  # two gemeenten have that name: still not known
    assert "weet ik niet" in moved_on and "Wat doe je nu" in moved_on
    for answer in ("ik zoek werk", "vmbo", "nee", choice_payload("horeca")):
        chat.text(answer)
    chat.text("als iemand het voordoet")
    chat.text(choice_payload("rust"))
    assert "Woonplaats: weet ik niet" in chat.text("via de chat")
    assert "opgeslagen" in chat.text("/affirm")
    with session(stack.db) as s:
        c = s.query(Candidate).filter_by(conversation_id=chat.sender).one()
        assert c.region is None and c.age == 19
