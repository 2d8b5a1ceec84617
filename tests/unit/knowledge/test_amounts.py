"""A question that asks for an amount gets it, or hears that the sources do not name one."""

import pytest

from bot.knowledge import amounts
from bot.text import fold


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("hoeveel weken duurt de erkenning door DUO", "week"),
        ("Hoeveel uren per week werkt een deelnemer?", "uur"),
        ("hoe lang duurt een traject", "duur"),
        ("hoeveel procent haalde een pv", "procent"),
        ("wat was het uitvalpercentage in twente", "procent"),
        ("hoeveel deelnemers had dji", "aantal"),
        ("wie betaalt de jobcoach", None),
        ("hoe hoog moet dat inkomen minimaal zijn?", "euro"),
        ("hoeveel kost een praktijkverklaring?", "euro"),
    ],
)
def test_what_amount_a_question_asks_for(question, kind):
    assert amounts.asked(question) == kind


@pytest.mark.parametrize(
    ("kind", "text", "has"),
    [
        ("week", "Dat duurt zes weken.", True),
        ("week", "De erkenning wordt bij DUO aangevraagd.", False),
        ("uur", "Deelnemers werkten 20 tot 40 uur per week.", True),
        ("duur", "Vaak drie maanden, soms 6-9 maanden.", True),
        ("duur", "Dat is maatwerk.", False),
        ("procent", "52% haalde een praktijkverklaring.", True),
        ("aantal", "Het waren 241 deelnemers.", True),
        ("aantal", "Het waren veel deelnemers.", False),
    ],
)
def test_whether_a_text_states_that_amount(kind, text, has):
    assert amounts.has_amount(kind, text) is has


def test_an_entry_without_the_amount_asked_says_so_before_what_it_does_know(answerer):
    question = "hoeveel weken duurt de erkenning van een crebo door DUO?"
    outcome = answerer.respond(question, role="consultant")
    assert outcome.kind == "answer"
    entry = answerer.kb.entries[outcome.entry_id]
    assert "crebo" in fold(entry.answer)  # the right subject ...
    assert not amounts.has_amount("week", f"{entry.answer} {entry.more}")  # ... without weeks
    assert fold(outcome.replies[0].text).startswith("een aantal weken noemen de bronnen niet")


def test_an_entry_with_the_amount_asked_answers_without_a_note(answerer):
    outcome = answerer.respond("hoeveel deelnemers had de pilot van DJI", role="consultant")
    text = fold("\n".join(r.text for r in outcome.replies))
    assert outcome.kind == "answer" and "241" in text
    assert "noemen de bronnen niet" not in text


@pytest.mark.parametrize(
    "question,what",
    [
        ("hoeveel ambassadeurs heeft Groningen aangesteld?", "ambassadeur"),
        ("hoeveel van hun deelnemers haalden een praktijkverklaring?", "deelnemer"),
        ("hoeveel kost het?", None),
        ("hoeveel heeft UWV aangemeld?", None),
    ],
)
def test_what_a_count_question_counts(question, what):
    assert amounts.counted(question) == what


def test_a_count_of_something_else_is_not_the_count_asked():
    text = "De pilot had 94 deelnemers en werkte met ambassadeurs in elke gemeente."
    assert not amounts.has_amount("aantal", text, "ambassadeur")
    assert amounts.has_amount("aantal", text, "deelnemer")
    assert amounts.has_amount(
        "aantal", text, amounts.counted("hoeveel mensen deden mee?")
    )  # people: any name
    assert amounts.has_amount(
        "aantal", "Er waren 11 leerbedrijven betrokken.", amounts.counted("hoeveel leerbedrijven")
    )


def test_a_year_is_no_count():
    dated = "Toen de pilot in maart 2020 echt met deelnemers zou starten, kwam de Corona-crisis."
    assert not amounts.has_amount("aantal", dated, "deelnemer")
    assert amounts.has_amount("aantal", "In 2020 waren er 94 deelnemers.", "deelnemer")


def test_a_share_of_people_is_a_count_of_them(answerer):
    assert amounts.has_amount("aantal", "80% man en 20% vrouw", "vrouw")
    assert amounts.has_amount("aantal", "60 procent vrouwen", "vrouw")
    assert not amounts.has_amount("aantal", "op één vrouw na", "vrouw")
    outcome = answerer.respond("hoeveel vrouwen deden er in totaal mee?")
    assert outcome.entry_id == "cijfers-leeftijd-geslacht"
    assert "noemen de bronnen niet" not in outcome.replies[0].text  # it does: 20% (160)


def test_a_year_the_entry_never_names_is_said_to_be_unknown(answerer):
    outcome = answerer.respond("hoeveel deelnemers had Groningen in 2023?")
    text = outcome.replies[0].text
    assert outcome.entry_id == "cijfers-groningen"
    assert text.startswith("Over 2023 zeggen de bronnen niets.")
    assert "94 d" in text  # what the sources do say, after it
    known = answerer.respond("hoeveel deelnemers had Groningen in 2021?")
    assert known.entry_id == "cijfers-groningen"
    assert not known.replies[0].text.startswith("Over ")


@pytest.mark.parametrize(
    ("question", "entry_id", "period"),
    [
        (
            "Hoeveel praktijkverklaringen zijn er eind 2021 in Twente uitgereikt?",
            "cijfers-twente",
            "eind 2021",
        ),
        ("Hoeveel mensen in Twente hebben in 2021 hun pv gehaald?", "cijfers-twente", "heel 2021"),
        (
            "Hoeveel deelnemers had de pilot Noordoost-Brabant eind 2021?",
            "cijfers-noordoost-brabant",
            "eind 2021",
        ),
    ],
)
def test_figures_of_januari_do_not_answer_a_later_count_that_year(
    answerer, question, entry_id, period
):
    outcome = answerer.respond(question)
    text = outcome.replies[0].text
    assert outcome.entry_id == entry_id  # its own figures, not another entry that names 2021
    assert text.startswith(f"Cijfers over {period} staan niet in de kennisbank.")
    assert "januari 2021" in text  # the figures there are, after the note
    early = answerer.respond("hoeveel deelnemers had Twente begin 2021?")
    assert early.entry_id == "cijfers-twente" and early.replies[0].text.startswith("Volgens")


def test_an_amount_per_traject_is_not_answered_by_a_total(answerer):
    question = "Wat is het maximale subsidiebedrag per traject in de crisisregeling?"
    outcome = answerer.respond(question)
    text = outcome.replies[0].text
    assert outcome.entry_id == "financiering-crisisregeling"
    assert text.startswith("Een bedrag per traject noemen de bronnen niet.")
    assert "63 miljoen" in text  # the total there is, after the note
    hours = answerer.respond("hoeveel uur per week werkt een deelnemer?").replies[0].text
    assert not hours.startswith("Een ")  # "per week" is no amount per traject or person


def test_a_maximum_the_entry_does_not_name_is_said_to_be_unknown(answerer):
    outcome = answerer.respond("hoeveel praktijkverklaringen mag iemand maximaal stapelen?")
    text = outcome.replies[0].text
    assert outcome.entry_id == "pv-stapelen"
    assert text.startswith("Een maximum noemen de bronnen niet.")
    assert "11%" in text  # how many got two, after the note
    plain = answerer.respond("hoeveel praktijkverklaringen kan iemand stapelen?").replies[0].text
    assert not plain.startswith("Een maximum")


def test_a_count_the_first_entry_lacks_comes_from_the_next_entry_that_has_it(answerer):
    outcome = answerer.respond(
        "hoeveel pilots waren er in totaal, en hoeveel daarvan waren landelijk?"
    )
    text = outcome.replies[0].text
    assert outcome.entry_id == "cijfers-pilots"  # not the roles of the national parties
    assert "26" in text and not text.startswith("Een aantal")


def test_wages_asked_are_an_amount_in_euro():
    from bot.knowledge.amounts import asked

    assert asked("wat verdient een deelnemer tijdens het traject?") == "euro"
    assert asked("krijgt hij het minimumloon?") == "euro"
    assert asked("welk loon krijgt ze?") == "euro"


def test_a_count_a_pilots_figures_do_not_have_is_said_to_be_unknown(answerer):
    outcome = answerer.respond("hoeveel praktijkopleiders had de pilot in Groningen?")
    text = outcome.replies[0].text
    assert outcome.entry_id == "cijfers-groningen"
    assert text.startswith("Een aantal noemen de bronnen niet.")
