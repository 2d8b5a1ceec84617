import pytest

from bot.parsing import UNKNOWN, dutch_number, parse_age, parse_yes_no


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
