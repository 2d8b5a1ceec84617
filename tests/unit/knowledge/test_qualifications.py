"""The kwalificaties by trade (knowledge/qualifications.yml): every row is in its source
lines, and "welke kwalificatie past bij naaiwerk?" gets the rows of that trade."""

import re

import pytest

from bot.knowledge.kb import KNOWLEDGE_DIR
from bot.knowledge.qualifications import load_qualifications
from bot.knowledge.replies import choose_payload
from bot.text import fold

TABLE = load_qualifications()


def ask(answerer, text):
    outcome = answerer.respond(text, None, None, "consultant", None)
    return outcome, fold("\n".join(r.text for r in outcome.replies))


def _source_text():
    lines = (KNOWLEDGE_DIR / "sources" / TABLE.source.file).read_text(encoding="utf-8")
    return fold(" ".join(lines.splitlines()[TABLE.source.start - 1 : TABLE.source.end]))


def test_every_row_is_in_its_source_lines():
    text = re.sub(r"\s+", " ", _source_text())
    assert len(TABLE.rows) > 40
    for row in TABLE.rows:
        crebos = row.crebo.split(", ")
        assert crebos and all(crebo in text for crebo in crebos), row
        assert fold(row.name.split("/")[0].split(" (")[0]) in text, row


def test_the_rows_add_up_to_the_totals_of_the_source():
    by_level = {}
    for row in TABLE.rows:
        by_level[row.level] = by_level.get(row.level, 0) + row.count
    # Overzicht B2: Entree 327 (one of them a combination row), niveau 2 109, 3 21, 4 1
    assert by_level == {"Entree": 326, "2": 109, "3": 21, "4": 1}
    assert TABLE.total == 458


def test_every_trade_has_rows_and_every_row_a_known_trade():
    used = {t for row in TABLE.rows for t in row.trades}
    assert used == set(TABLE.trades)


@pytest.mark.parametrize(
    "message,has,has_not",
    [
        (
            "statushouder 30 jr, geen diploma maar kan heel goed naaien. ik wil haar plaatsen bij "
            "een confectiebedrijf. welke kwalificatie wordt daarvoor gebruikt?",
            ["basismedewerker mode", "r. 6027-6292"],
            ["logistiek"],
        ),
        (
            "vrouw van 23, geen diploma, heel handig met naaien. ik wil haar bij een "
            "confectiebedrijf plaatsen. zijn er al pv's gehaald op een kwalificatie die "
            "daarbij past?",
            ["basismedewerker mode"],
            ["logistiek"],
        ),
        (
            "welke entree kwalificatie wordt het meest gebruikt in de logistiek?",
            ["25254 assistent logistiek (136)"],
            ["logistiek medewerker"],  # niveau 2, not asked
        ),
        (
            "ex-horeca klant van 26, geen sk, wil de elektrotechniek in. welke kwalificatie past?",
            ["installatie- en constructietechniek"],
            ["kok"],  # the trade he leaves
        ),
        (
            # the trade named most: the horeca (bediening, restaurant), not the zorg(groep)
            "klant met afsprakenbaan werkt in de bediening in een restaurant van een zorggroep."
            " welke kwalificatie past daarbij?",
            ["gastheer/-vrouw"],
            ["helpende"],
        ),
        (
            "welke kwalificatie kwam het vaakst voor?",
            ["458", "assistent logistiek (136)"],
            ["niveau 3"],  # the six most frequent are Entree and niveau 2
        ),
    ],
)
def test_a_kwalificatie_question_gets_the_rows_of_its_trade(answerer, message, has, has_not):
    outcome, text = ask(answerer, message)
    assert outcome.kind == "answer" and has and has_not
    for fact in has:
        assert fact in text
    for fact in has_not:
        assert fact not in text


def test_a_question_that_asks_no_kwalificatie_is_left_to_the_entries():
    assert (
        TABLE.answer("kan ze werkprocessen uit verschillende kwalificaties combineren?", "") is None
    )
    assert TABLE.answer("hoeveel pv's in de logistiek?", "") is None
    assert TABLE.answer("welke kwalificaties zijn er?", "") is None  # no trade, not the most


def test_a_pilot_named_answers_with_its_own_kwalificatie(answerer):
    outcome, text = ask(answerer, "op welke kwalificatie werken deelnemers bij Rosa Novum?")
    assert "assistent hovenier" in text and "r. 3688-3690" in text
    assert "logistiek" not in text  # not the rows of all trades
    _, text = ask(answerer, "Rosa Novum: waar leiden ze de mensen voor op?")
    assert "assistent hovenier" in text


@pytest.mark.parametrize(
    "message",
    [
        # the client's workplace ("daar") is like a pilot company
        "werkloze klant 25 in Leiden, WW, geen sk, kan misschien bij de horecagroothandel "
        "terecht. welke kwalificatie doen ze daar?",
        # "welk bedrijf" is the company question; the other question is about that company
        "bijstandsklant, 33, geen sk, werkloos, woont in Leiden en wil in de groothandel. welk"
        " bedrijf heeft daar ervaring en aan welke kwalificatie werkten ze?",
    ],
)
def test_a_workplace_like_a_pilot_company_gets_that_company_and_its_kwalificatie(answerer, message):
    outcome, text = ask(answerer, message)
    assert outcome.entry_id == "pilot-sligro"
    assert "assistent verkoop/retail" in text
    assert "staat niet in de kennisbank" not in text


def test_there_is_the_pilot_region_when_the_message_names_one(answerer):
    outcome, _ = ask(
        answerer,
        "klant 25 in twente, entree is te zwaar, wil het groen in. werkgever twijfelt. wat is de "
        "ervaring met werkgevers in het groen daar?",
    )
    assert outcome.entry_id != "pilot-rosa-novum"


def test_a_question_about_all_kwalificaties_points_to_the_lists_by_level(answerer):
    outcome, text = ask(answerer, "welke kwalificaties zijn er gehaald?")
    assert "assistent logistiek (136)" in text
    assert [b["payload"] for b in outcome.replies[0].buttons] == [
        choose_payload("cijfers-kwalificaties-entree"),
        choose_payload("cijfers-kwalificaties-niveau2"),
        choose_payload("cijfers-kwalificaties-niveau3-4"),
    ]


def test_a_pilot_whose_kwalificatie_the_sources_name_gets_it_with_its_lines(answerer):
    outcome, text = ask(answerer, "aan welke kwalificatie werken deelnemers bij Sligro?")
    assert "assistent verkoop/retail" in text and "r. 3764-3767" in text
    # a pilot the table knows nothing of is left to its entries, never another's rows
    assert TABLE.answer("welke kwalificatie doen ze bij DJI?", "", frozenset({"dji"})) is None
