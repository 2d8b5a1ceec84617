"""Reading the candidate's answers: buttons, typed text, typos, 'weet ik niet'."""

import pytest

from bot.parsing import UNKNOWN
from bot.questions import choice_payload, conversations, parse_answer, parse_name


def q(slot):
    for conv in conversations().values():
        for question in conv.questions:
            if question.slot == slot:
                return question
    raise KeyError(slot)


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("intake_consent", "Ja, dat mag", "ja"),
        ("intake_consent", "nee liever niet", "nee"),
        ("intake_consent", choice_payload("ja"), "ja"),
        ("intake_first_name", "Sam", "Sam"),
        ("intake_first_name", "ik heet fatima", "Fatima"),
        ("intake_first_name", "Mijn naam is Jan-Willem", "Jan-Willem"),
        ("intake_first_name", "12345", None),
        ("intake_first_name", "wat moet ik hier typen dan en waarom eigenlijk", None),
        ("intake_age", "22", "22"),
        ("intake_age", "ik ben 22", "22"),
        ("intake_age", "tweeëntwintig", "22"),
        ("intake_age", "weet ik niet", UNKNOWN),
        ("intake_age", "/dont_know", UNKNOWN),
        ("intake_age", "3", None),
        ("intake_age", "oud", None),
        ("intake_place", "ik woon in Hengelo", "Hengelo"),
        ("intake_place", "Den Haag", "Den Haag"),
        ("intake_place", "1234AB", None),
        ("intake_place", "Heerhugowaard", "Heerhugowaard"),
        ("intake_place", "ik woon in een dorpje bij Best", "Best"),
        ("intake_place", "Atlantis", None),  # no known place: asked again, never guessed
        ("intake_place", "Bergen", None),  # Bergen (NH.) or Bergen (L.)?
        ("intake_place", "tussen Breda en Tilburg", None),
        ("intake_situation", "ik werk bij de Jumbo", "werkend"),
        ("intake_situation", "vrijwilliger bij de kerk", "vrijwilliger bij de kerk"),
        ("intake_schooling", "mbo 2", "mbo2plus"),
        ("intake_schooling", "vmbo basis zonder diploma", "geen"),  # not gained
        ("intake_schooling", "vmbo maar niet afgemaakt", "geen"),
        ("intake_first_name", "mijn naam Halima", "Halima"),
        ("intake_first_name", "mijn naam is Halima", "Halima"),
        ("intake_first_name", "hoi, ik heet Halima en ik ben 23", "Halima"),
        ("intake_first_name", "Halima is mijn naam", "Halima"),
        ("intake_schooling", "diploma uit Syrië", "buitenland"),
        ("intake_schooling", "geen diploma", "geen"),
        ("intake_schooling", choice_payload("havo_vwo"), "havo_vwo"),
        ("intake_schooling", choice_payload("verzonnen"), "verzonnen"),
        ("intake_enrolled", "nee hoor", "nee"),
        ("intake_learning_style", "als iemand het voordoet", "voordoen"),
        ("intake_learning_style", "xyz", None),
        ("ci_mood", "niet goed", "niet_goed"),
        ("ci_mood", "gaat wel", "gaat_wel"),
        ("ci_mood", "goed hoor", "goed"),
        ("ci_mood", choice_payload("bestaat_niet"), None),
        ("ci_worries", "ik heb ruzie met een collega", "werk"),
        ("ci_worries", "nee", "geen"),
        ("fu_work", "ik werk nog bij hetzelfde bedrijf", "zelfde_werkgever"),
        ("fu_help", "Ja, graag", "ja"),
    ],
)
def test_parse_answer(slot, text, expected):
    assert parse_answer(q(slot), text) == expected


def test_name_keeps_accents_and_rejects_greetings():
    assert parse_name("Zoë") == "Zoë"
    assert parse_name("hallo") is None


def test_buttons_carry_the_value_and_a_weet_ik_niet_where_asked():
    buttons = q("intake_age").buttons()
    assert buttons[-1]["payload"] == "/dont_know"
    schooling = q("intake_schooling").buttons()
    assert {"title": "Mbo 2, 3 of 4", "payload": choice_payload("mbo2plus")} in schooling


def test_every_conversation_question_has_a_label_and_hint():
    convs = conversations()
    assert {"intake", "checkin", "followup"} <= set(convs)
    for conv in convs.values():
        assert conv.questions
        for question in conv.questions:
            assert question.ask and question.hint and question.label
            if question.kind == "choice":
                assert question.options
