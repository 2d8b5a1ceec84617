"""Issue 12, the jobcoach's dashboard: an excerpt reads as the conversation did (the question,
then the button's title or the candidate's words), never "[knop] intake_first_name"; and a
check-in keeps what the candidate typed, not only the stored value."""

from rasa_sdk import Tracker

from bot.actions.common import excerpt, said_per_slot
from bot.buttons import payload
from bot.questions import conversations


def _tracker(events):
    return Tracker("test", {}, {}, events, False, None, {}, "action_listen")


def bot(text, buttons=None):
    return {"event": "bot", "text": text, "data": {"buttons": buttons or []}}


def user(text):
    return {"event": "user", "text": text}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value}


def test_a_pressed_button_shows_its_title_and_the_question_it_answered():
    mood = conversations()["checkin"].question("ci_mood")
    events = [
        bot(mood.ask[-1], mood.buttons()),
        user(payload("inform", choice="gaat_wel")),
        bot("Welke wil je veranderen?", [{"title": "Voornaam", "payload": "/x"}]),
        user(payload("inform", choice="intake_first_name")),  # a title we no longer see
        bot("Goed zo."),
        user("ik wil stoppen"),
    ]
    text = excerpt(_tracker(events))
    assert text.splitlines() == [
        "Vraag: Hoe gaat het op je werk?",
        "Kandidaat: [knop] Gaat wel",
        "Vraag: Welke wil je veranderen?",
        "Kandidaat: [knop] Voornaam",  # from the question's label
        "Kandidaat: ik wil stoppen",
    ]
    assert "intake_first_name" not in text and "gaat_wel" not in text


def test_yes_no_buttons_read_as_their_title():
    events = [
        bot("Mag ik je antwoorden bewaren?", [{"title": "Ja, dat mag", "payload": "/affirm"}]),
        user("/affirm"),
        user("/deny"),  # no button with this payload shown any more: the plain word
        user("/session_start"),  # not a button: left out
    ]
    assert excerpt(_tracker(events)).splitlines() == [
        "Vraag: Mag ik je antwoorden bewaren?",
        "Kandidaat: [knop] Ja, dat mag",
        "Kandidaat: [knop] nee",
    ]


def test_the_candidates_own_words_per_slot():
    events = [
        slot("ci_mood", None),
        user("gaat wel hoor, beetje druk"),
        slot("ci_mood", "gaat wel hoor, beetje druk"),
        slot("ci_mood", "gaat_wel"),
        user(payload("inform", choice="ja")),
        slot("ci_clear", "ja"),
        user("wat is een praktijkverklaring?"),
        slot("ci_worries", None),  # a question in between: not an answer
        user("mijn  baas\nschreeuwt"),
        slot("ci_worries", "mijn baas schreeuwt"),
    ]
    said = said_per_slot(events, ["ci_mood", "ci_clear", "ci_worries"])
    assert said == {"ci_mood": "gaat wel hoor, beetje druk", "ci_worries": "mijn baas schreeuwt"}
