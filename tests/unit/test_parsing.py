import pytest

from bot.buttons import button, payload, read_payload
from bot.parsing import UNKNOWN, dutch_number, looks_like_question, parse_age, parse_yes_no
from bot.text import words


@pytest.mark.parametrize(
    "text, age",
    [
        ("22", 22),
        ("ik ben 22", 22),
        ("Hij is 45 jaar", 45),
        ("tweeëntwintig", 22),
        ("achttien", 18),
        ("eenenveertig jaar", 41),
        ("weet ik niet", UNKNOWN),
        ("/dont_know", UNKNOWN),
        ("geen idee", UNKNOWN),
        ("130", None),
        ("tussen 20 en 30", None),
        ("oud", None),
        ("", None),
    ],
)
def test_parse_age(text, age):
    assert parse_age(text) == age


@pytest.mark.parametrize(
    "text, value",
    [
        ("ja", "ja"),
        ("Ja, klopt", "ja"),
        ("jazeker!", "ja"),
        ("/affirm", "ja"),
        ("nee", "nee"),
        ("nee hoor", "nee"),
        ("Neen.", "nee"),
        ("/deny", "nee"),
        ("weet ik niet", UNKNOWN),
        ("geen idee", UNKNOWN),
        ("/dont_know", UNKNOWN),
        ("misschien", UNKNOWN),
        ("blauw", None),
        ("", None),
    ],
)
def test_parse_yes_no(text, value):
    assert parse_yes_no(text) == value


def test_dutch_numbers():
    assert [dutch_number(w) for w in ["zestien", "drieëndertig", "negenennegentig", "kaas"]] == [
        16,
        33,
        99,
        None,
    ]


def test_a_payload_is_built_and_read_back():
    made = payload("inform", choice="crème brûlée")
    assert made == '/inform{"choice": "crème brûlée"}'
    assert read_payload(made) == ("inform", {"choice": "crème brûlée"})
    assert read_payload("/affirm") == ("affirm", {})
    assert button("Ja", "affirm") == {"title": "Ja", "payload": "/affirm"}
    for typed in ("ja", "ik ben 22", "/inform{kapot}", '/inform["x"]', "/affirm nu"):
        assert read_payload(typed) is None, typed


def test_words_are_folded_and_padded_for_whole_word_matching():
    assert words("Ik  heb RUZIE, met één collega!") == " ik heb ruzie met een collega "
    assert " ruzie " in words("ruzie") and " ruz " not in words("ruzie")


@pytest.mark.parametrize(
    "text, asks",
    [
        ("wat is een jobcoach", True),  # Janneke, in the middle of the intake
        ("hoeveel vragen zijn het?", True),
        ("kan ik ook parttime werken", True),
        ("waarom", True),
        ("nee, taal is te moeilijk", False),  # a no with a reason
        ("ja, maar alleen in de ochtend", False),
        ("weet ik niet", False),
        ("wat ik leuk vind is koken", False),
        ("hoe ik moet reizen", False),
        ("Halima", False),
        ("/affirm", False),
    ],
)
def test_a_question_in_between_is_told_from_an_answer(text, asks):
    assert looks_like_question(text) is asks
