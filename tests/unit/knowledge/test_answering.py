import pytest

from bot.knowledge.answering import Answerer, default_answerer
from bot.knowledge.case_facts import read_facts
from bot.knowledge.gaps import list_gaps, redact
from bot.knowledge.kb import load
from bot.knowledge.question_parts import without_lead
from bot.knowledge.replies import MAX_SPANS
from bot.knowledge.retrieval import Ranker


def test_answer_carries_a_one_line_source():
    outcome = default_answerer().respond("wat is een onderwijs- en praktijkleerovereenkomst")
    assert outcome.kind == "answer"
    assert outcome.entry_id == "proces-oplo"
    last_line = outcome.replies[0].text.splitlines()[-1]
    assert last_line.startswith("Bron: ") and "r. " in last_line


def test_unknown_question_is_refused_pointed_to_a_person_and_recorded(project_db):
    answerer = default_answerer()
    outcome = answerer.respond("wat is het recept voor appeltaart")
    assert outcome.kind == "refuse"
    text = " ".join(r.text for r in outcome.replies)
    assert "niet in mijn kennisbank" in text and "leerwerkloket" in text
    gaps = list_gaps(db_url=project_db)
    assert [g.question for g in gaps] == ["wat is het recept voor appeltaart"]


def test_region_in_question_gives_regional_contacts_on_refusal(project_db):
    outcome = default_answerer().respond("wat is het telefoonnummer van de gemeente in Enschede")
    assert outcome.kind == "refuse"
    assert outcome.region == "twente"
    assert any("ROC van Twente" in r.text for r in outcome.replies)


def test_empty_region_says_it_is_not_filled_in():
    """Without naming the region again: a refusal about Zeeland says nothing about Zeeland."""
    outcome = default_answerer().respond("hoe laat gaat de bibliotheek open in zeeland")
    assert outcome.kind == "refuse"
    assert "contactgegevens staan nog niet in de kennisbank" in outcome.replies[-1].text
    assert "zeeland" not in " ".join(r.text for r in outcome.replies).lower()


def test_regional_variant_used_when_region_known():
    kb = load()
    entry_id = next(e.id for e in kb.entries.values() if "twente" in e.regional)
    answerer = default_answerer()
    national = answerer.respond(None, chosen_entry=entry_id).replies[0].text
    regional = answerer.respond(None, region="twente", chosen_entry=entry_id).replies[0].text
    assert national != regional and regional.startswith("Twente:")


def test_close_entries_give_buttons():
    kb = load()
    answerer = Answerer(kb, Ranker(kb.entries.values()), record=None)
    answerer.ranker.thresholds = type(answerer.ranker.thresholds)(0.0, 0.0, 0.0)
    outcome = answerer.respond("jobcoach")
    assert outcome.kind == "clarify"
    buttons = outcome.replies[0].buttons
    assert len(buttons) >= 2
    assert all(b["payload"].startswith("/choose_entry{") for b in buttons)


def test_bad_input_gets_calm_dutch_replies():
    answerer = default_answerer()
    cases = {
        "": "geen tekst",
        "   ": "geen tekst",
        "x" * 5000: "erg lang",
        "😀🙈👍": "alleen tekst",
        "<b></b><br/>": "alleen tekst",
        "Can you tell me what this program is about?": "alleen Nederlands",
    }
    for text, expected in cases.items():
        outcome = answerer.respond(text)
        assert outcome.kind == "problem", text
        assert expected in outcome.replies[0].text


def test_script_and_sql_are_never_echoed():
    answerer = default_answerer()
    for text in ["<script>alert('x')</script> wie betaalt", "'; DROP TABLE knowledge_gaps; --"]:
        outcome = answerer.respond(text)
        assert outcome.replies, text
        for reply in outcome.replies:
            assert "<script" not in reply.text and "DROP TABLE" not in reply.text
    # SQL-like text is stored as plain text (bound parameters), and the table survives.
    from bot.knowledge.gaps import record_gap

    record_gap("'; DROP TABLE knowledge_gaps; --")
    assert [g.question for g in list_gaps()] == ["'; DROP TABLE knowledge_gaps; --"]


def test_personal_data_is_redacted_from_gaps():
    assert redact("mail jan@example.nl of bel 06-12345678") == "mail [e-mail] of bel [nummer]"


def test_more_button_gives_the_longer_explanation_to_candidates():
    answerer = default_answerer()
    entry = next(e for e in answerer.kb.entries.values() if e.more and e.audience != "consultant")
    first = answerer.respond(None, chosen_entry=entry.id, role="candidate").replies[0]
    assert first.buttons[0]["title"] == "Meer uitleg"
    assert entry.more[:30] not in first.text
    more = answerer.more(entry.id, role="candidate")
    assert more.replies[0].text.startswith(entry.more[:30])
    assert answerer.more(None).kind == "problem"


def test_a_consultant_gets_the_whole_entry_at_once():
    """The detail asked for is often in the longer text: no extra click for a consultant."""
    answerer = default_answerer()
    entry = next(e for e in answerer.kb.entries.values() if e.more and not e.consultant_more)
    first = answerer.respond(None, chosen_entry=entry.id, role="consultant").replies[0]
    assert first.text.startswith(entry.answer_for("consultant")[:30])
    assert entry.more[:30] in first.text
    assert [b for b in first.buttons if b["title"] == "Meer uitleg"] == []


def test_gap_listing_prints_recorded_questions(project_db, capsys):
    from bot.knowledge.gaps import main, record_gap

    record_gap("hoeveel kost een fiets", best_entry="financiering-bedragen", best_score=0.1)
    main()
    assert "hoeveel kost een fiets" in capsys.readouterr().out


def test_role_answer_shows_the_regional_contact_when_region_known():
    answerer = default_answerer()
    twente = answerer.respond(None, region="twente", chosen_entry="rollen-mbo").replies[0].text
    assert "Mbo-scholen in Twente: ROC van Twente, telefoon nog niet ingevuld" in twente
    assert "; Zone.College" in twente  # the live directory (imported from regions.yml)
    zeeland = answerer.respond(None, region="zeeland", chosen_entry="rollen-leerwerkloket")
    assert "nog niet ingevuld" in zeeland.replies[0].text
    national = answerer.respond(None, chosen_entry="rollen-leerwerkloket").replies[0].text
    assert "ingevuld" not in national


def test_code_like_input_is_named_as_such():
    for text in ["SELECT * FROM users WHERE 1=1", "'; DROP TABLE events; --", "<script>x</script>"]:
        outcome = default_answerer().respond(text)
        assert outcome.kind == "problem"
    assert (
        default_answerer().respond("wie betaalt de jobcoach? select een antwoord").kind != "problem"
    )


def test_source_line_stays_short():
    answerer = default_answerer()
    entry = max(answerer.kb.entries.values(), key=lambda e: len(e.sources))
    line = answerer.entry_reply(entry, None).text.splitlines()[-1]
    assert line.startswith("Bron: ")
    parts = line.removeprefix("Bron: ").split("; ")
    assert len(parts) == len({s.file for s in entry.sources}), line  # one part per file
    for part in parts:
        spans = part.split(", r. ")[1].removesuffix(" e.a.").split(", ")
        assert len(spans) <= MAX_SPANS


def test_source_line_names_a_span_once():
    from bot.knowledge.replies import source_line

    answerer = default_answerer()
    source = next(iter(answerer.kb.entries.values())).sources[0]
    line = source_line(answerer.kb, (source, source))
    span = f"{source.start}-{source.end}" if source.end != source.start else str(source.start)
    assert line.count(span) == 1, line


def test_near_miss_refusal_offers_the_check_for_eligibility_questions():
    answerer = default_answerer()
    from bot.knowledge.refusals import suggestions
    from bot.knowledge.retrieval import Decision

    buttons = suggestions(answerer.kb, "kan mijn klant meedoen aan dit traject", Decision("refuse"))
    assert buttons[-1]["payload"] == "/start_eligibility"
    assert suggestions(answerer.kb, "wat is de hoofdstad van peru", Decision("refuse")) == []


def test_a_gemeente_in_a_question_finds_its_region(project_db):
    """Not only a region's own name: "Breda" lies in West-Brabant, "Den helder" in
    Noord-Holland Noord (knowledge/places.yml)."""
    answerer = default_answerer()
    breda = answerer.respond("bij wie kan ik terecht in Breda?")
    assert breda.region == "west-brabant"
    assert "West-Brabant" in " ".join(r.text for r in breda.replies)
    assert answerer.respond("wie helpt mij in Den helder?").region == "noord-holland-noord"


@pytest.mark.parametrize(
    "plain",
    [
        "hoeveel mensen haalden in de pilots een pv?",
        "waar komt de aanpak van de praktijkverklaring vandaan?",
    ],
)
def test_filler_words_do_not_change_the_answer(answerer, plain):
    words = plain.rstrip("?").split()
    filled = " ".join([*words[:3], "daadwerkelijk", *words[3:], "eigenlijk"]) + "?"
    assert answerer.ranker.scores(filled) == answerer.ranker.scores(plain)
    first = answerer.respond(plain)
    assert first.kind == "answer"
    assert answerer.respond(filled).entry_id == first.entry_id


def test_kun_je_kort_uitleggen_asks_what_the_words_after_it_ask(answerer):
    outcome = answerer.respond(
        "Kun je kort uitleggen wat de derde leerweg is?", None, None, "consultant"
    )
    assert outcome.kind == "answer"
    assert "derde leerweg" in outcome.replies[0].text


@pytest.mark.parametrize(
    "question",
    [
        "welke staatssecretaris was er bij die uitreiking in holland rijnland?",
        "wat is de cesuur voor een pv, hoeveel procent van een werkproces moet goed zijn?",
    ],
)
def test_a_thing_asked_for_that_the_knowledge_base_never_names_is_refused(answerer, question):
    """The entry about Holland-Rijnland's figures knows every other word; it names no one."""
    outcome = answerer.respond(question, None, None, "consultant")
    assert outcome.kind == "refuse"


def test_a_thing_asked_for_that_the_entry_names_in_other_words_is_answered(answerer):
    outcome = answerer.respond("welke kwalificatie deed selina", None, None, "consultant")
    assert outcome.entry_id == "voorbeeld-selina"


def test_whether_praktijkleren_counts_for_the_inburgering_is_not_in_the_sources(answerer):
    outcome = answerer.respond(
        "Telt een praktijkverklaring mee voor de inburgeringsplicht?", None, None, "consultant"
    )
    text = "\n".join(r.text for r in outcome.replies)
    assert outcome.entry_id == "doelgroep-inburgering"
    assert "zeggen de bronnen niet" in text


def ask(answerer, message: str, context: dict | None = None):
    """A consultant's message in a conversation (its context): the outcome."""
    return answerer.respond(message, None, None, "consultant", context)


def text_of(outcome) -> str:
    return "\n".join(r.text for r in outcome.replies)


@pytest.mark.parametrize(
    "message",
    [
        "Klant van 29, geen startkwalificatie, heeft vorige maand haar praktijkverklaring "
        "gehaald. Ze werkt nog op een tijdelijk contract bij het leerbedrijf. Wat nu?",
        "Mijn kandidaat van 41 krijgt binnenkort zijn pv. Waar moet ik op letten?",
        # the group named (bijstand) has its own entry; the phase is what the case asks about
        "Mijn kandidaat (41, bijstand) krijgt binnenkort zijn pv. Waar moet ik op letten?",
        # no question: the phase alone, not the admission check
        "Klant (36) heeft vorige week zijn praktijkverklaring gekregen.",
        "man van 50 heeft zijn pv gehaald bij een sw-bedrijf, hoe komt hij bij een gewone "
        "werkgever terecht?",
        # "in maart", "zorg ik dat": when and how it asks, not what about
        "klant van 40, geen sk, heeft in maart zijn pv gehaald. hoe zorg ik dat hij werk vindt "
        "waar hij het geleerde kan gebruiken?",
    ],
)
def test_a_case_after_the_praktijkverklaring_gets_what_comes_after_it(answerer, message):
    """No entry answers "wat nu?" on its own; the case says where the traject stands."""
    outcome = ask(answerer, message)
    assert outcome.entry_id == "proces-nazorg"


@pytest.mark.parametrize(
    "message",
    [
        "Klant van 29 heeft vorig jaar haar praktijkverklaring gehaald. Hoe lang blijft die "
        "geldig?",
        "Klant (33) heeft zijn pv. Een werkgever vraagt of hij dan een loonkostensubsidie "
        "krijgt. Wat weet je daarover?",
    ],
)
def test_a_case_after_the_praktijkverklaring_asking_what_no_entry_knows_is_refused(
    answerer, message
):
    outcome = ask(answerer, message)
    assert outcome.kind != "answer" or outcome.entry_id != "proces-nazorg"


def test_i_heard_of_and_what_is_it_called_ask_about_the_thing_named(answerer):
    outcome = ask(
        answerer, "Ik hoorde iets over een crisisregeling voor praktijkleren. Hoe heet die precies?"
    )
    assert outcome.entry_id == "financiering-crisisregeling"


def test_a_question_that_only_the_last_answer_knows_every_word_of_gets_that_answer(answerer):
    """Not read as a follow-up (it has words of its own), but no entry passes the guard: the
    entry just given knows every word of it, so the question is about that entry's subject."""
    first = ask(answerer, "wat is de tijdelijke regeling aanvullende crisisdienstverlening?")
    assert first.entry_id == "financiering-crisisregeling"
    then = ask(answerer, "tot wanneer mochten de trajecten doorlopen?", first.context)
    assert then.entry_id == "financiering-crisisregeling"
    assert "2023" in then.replies[0].text
    alone = ask(answerer, "tot wanneer mochten de trajecten doorlopen?")
    assert alone.entry_id != "financiering-crisisregeling"


@pytest.mark.parametrize(
    "then", ["in welke omstandigheden dan?", "in wat voor omstandigheden dan?"]
)
def test_in_which_cases_then_asks_for_the_details_of_the_last_answer(answerer, then):
    first = ask(answerer, "mag iemand die al een startkwalificatie heeft toch een pv-traject doen?")
    assert first.entry_id == "doelgroep-startkwalificatie-versoepeling"
    outcome = ask(answerer, then, first.context)
    assert outcome.entry_id == "doelgroep-startkwalificatie-versoepeling"


@pytest.mark.parametrize(
    "message,phase",
    [
        ("hij heeft vorige week zijn pv gekregen", "na-pv"),
        ("ze rondt haar traject binnenkort af", "na-pv"),
        ("mag iemand die al een startkwalificatie heeft toch een pv-traject doen?", None),
        ("hij heeft een praktijkverklaring traject bij Sligro", None),
        ("hij rondt binnenkort zijn praktijkverklaring af", "na-pv"),
        # others' pv's, not the client's
        ("zijn er al pv's gehaald op een kwalificatie die daarbij past?", None),
        ("binnenkort afronding van zijn praktijkverklaring", "na-pv"),
        ("denkt dat hij na de praktijkverklaring een startkwalificatie heeft", None),
    ],
)
def test_the_phase_after_the_praktijkverklaring_is_read_from_a_case(message, phase):
    from bot.knowledge.facets import vocabulary

    assert vocabulary().phase(message) == phase


def test_a_light_word_is_never_read_as_a_typo_of_a_topic_word(answerer):
    """ "pakken" is no typo of "pakket", "aangepakt" none of "aangepast"."""
    corrected = answerer.ranker.correct("hoe heeft groningen het aangepakt, hoe pakken ze het aan")
    assert "aangepakt" in corrected.split() and "pakken" in corrected.split()
    outcome = ask(answerer, "hoe heeft Groningen het aangepakt om meer aanmeldingen te krijgen?")
    assert outcome.entry_id == "pilot-groningen-intake"


def test_the_hours_of_the_praktijkopleider_are_not_the_hours_a_deelnemer_works(answerer):
    outcome = ask(answerer, "hoeveel uur begeleiding per week moet een praktijkopleider geven?")
    text = text_of(outcome)
    assert outcome.kind != "answer" or "Over de praktijkopleider apart staat dit niet" in text


def test_how_many_were_there_then_keeps_the_pilot_just_discussed(answerer):
    """ "waren dat er" points back; "medio jan" says when, not what about."""
    first = ask(answerer, "hoe pakken ze het in Groningen aan?")
    assert "groningen" in (first.entry_id or "")
    then = ask(answerer, "hoeveel deelnemers waren dat er medio jan 2021?", first.context)
    assert then.entry_id == "cijfers-groningen"


def test_a_client_who_has_the_praktijkverklaring_is_not_offered_the_admission_check(answerer):
    outcome = ask(
        answerer,
        "Mijn klant (44, bijstand) heeft vorige maand zijn praktijkverklaring gehaald. Wat nu?",
    )
    text = text_of(outcome)
    assert outcome.entry_id == "proces-nazorg"
    assert "in aanmerking komt" not in text
    before = ask(
        answerer, "Mijn klant (44, bijstand) wil een praktijkverklaring halen. Hoe lang duurt dat?"
    )
    assert "in aanmerking komt" in text_of(before)


def test_the_period_after_the_pv_in_a_case_asks_what_comes_after_it(answerer):
    """ "de periode daarna", "wat moet ik regelen": when and how it asks; the sentence it
    points back to is the phase itself."""
    outcome = ask(
        answerer,
        "Klant van 27 heeft een tijdelijk contract bij een groothandel. Hij rondt binnenkort "
        "zijn praktijkverklaring af. Wat moet ik nu al regelen voor de periode daarna?",
    )
    assert outcome.entry_id == "proces-nazorg"


def test_the_first_step_for_a_client_is_the_case_answer_with_the_intake(answerer):
    outcome = ask(
        answerer,
        "Mijn klant is 35, zit in de bijstand en heeft nooit een diploma gehaald. Ze staat "
        "nergens ingeschreven. Wat is de eerste stap richting praktijkleren?",
    )
    text = text_of(outcome)
    assert "Volgende stap: de intake met het mbo" in text
    alone = ask(answerer, "Wat is de eerste stap richting praktijkleren?")
    assert alone.entry_id == "proces-stappen"
    first = ask(answerer, "Klant van 45, bijstand, geen sk. Wie moet ik als eerste benaderen?")
    assert "Volgende stap: de intake met het mbo" in text_of(first)


def test_a_followup_with_its_own_words_is_not_answered_by_an_entry_that_knows_none(answerer):
    """The conversation is about the klantreis; "de uitreiking" is the follow-up's own subject,
    which the klantreis' research entry does not know."""
    first = ask(
        answerer, "Hoeveel kandidaten zijn geïnterviewd voor de klantreis van Hugo en Janneke?"
    )
    assert first.entry_id == "klantreis-onderzoek"
    second = ask(answerer, "wat waren hun pijnpunten?", first.context)
    then = ask(answerer, "en wat raden ze aan voor de uitreiking?", second.context)
    assert then.entry_id == "proces-uitreiking"
    assert "feestje" in text_of(then)


@pytest.mark.parametrize("message", ["Klopt dat?", "Is dat zo?", "Is dat bekend?"])
def test_a_question_that_names_nothing_is_not_answered_on_its_own(answerer, message):
    outcome = ask(answerer, message)
    assert outcome.kind != "answer"


def test_concreet_says_how_it_asks_not_what_about(answerer):
    outcome = ask(
        answerer,
        "Wat heeft een werkgever er concreet aan als zijn medewerker een praktijkverklaring haalt?",
    )
    assert outcome.entry_id == "werkgever-argumenten"


def test_the_difference_with_something_compares_it_with_the_last_topic(answerer):
    """Not "verschil" searched on its own (that finds how schools differed in testing)."""
    first = ask(answerer, "Wat is de Boris-aanpak?")
    assert first.entry_id == "groep-pro-vso-boris"
    then = ask(answerer, "wat is het verschil met praktijkleren?", first.context)
    assert then.entry_id == "groep-pro-vso-boris"


def test_a_followup_pointing_back_stays_with_the_answer_that_knows_all_its_words(answerer):
    """The phase's answer names the jobcoach's bemiddeling; the figures on work after the pv
    rank higher for the words alone."""
    first = ask(answerer, "Klant (36) heeft vorige week zijn praktijkverklaring gekregen.")
    assert first.entry_id == "proces-nazorg"
    then = ask(answerer, "wie helpt hem dan naar een baan?", first.context)
    assert then.entry_id == "proces-nazorg"
    other = ask(answerer, "en het mbo dan?", first.context)  # another actor: its own entry
    assert other.entry_id != "proces-nazorg"


@pytest.mark.parametrize(
    ("message", "entry_id"),
    [
        (
            "waarom melden klantmanagers en UWV zo weinig kandidaten aan volgens dat "
            "onderzoek van KBA?",
            "lessen-knelpunt-aanmeldingen",
        ),
        ("rol van de mbo-school in het geheel, kort samengevat?", "rollen-mbo"),
    ],
)
def test_where_it_is_written_and_how_short_are_not_what_is_asked(answerer, message, entry_id):
    """ "volgens dat onderzoek van KBA" names the source every entry comes from, and "kort
    samengevat" how to answer: an entry need not write them."""
    assert ask(answerer, message).entry_id == entry_id


def test_for_nothing_asks_who_pays(answerer):
    """ "doet het mbo dat voor niks?" after who pays what: what the mbo gets paid."""
    first = ask(answerer, "Wie betaalt er wat in een regionale pilot praktijkleren?")
    then = ask(answerer, "en het mbo, doet dat het voor niks?", first.context)
    assert then.kind == "answer"
    assert "lumpsum" in text_of(then)


def test_ook_alweer_asks_to_be_reminded_and_names_nothing(answerer):
    first = ask(answerer, "welke data zouden regio's moeten verzamelen?")
    then = ask(answerer, "en wie waren Hans en Jessica ook alweer?", first.context)
    assert then.entry_id == "consulent-personas"


def test_what_the_pv_would_bring_is_no_admission_question(answerer):
    """ "heeft hij dan een niveau 2-diploma?" asks what the pv brings: it states no diploma
    and asks no admission check."""
    outcome = ask(
        answerer,
        "Man van 28, Wajong, heeft al een entree-diploma en werkt in de groenvoorziening. Als "
        "hij een pv voor medewerker hovenier niveau 2 haalt, heeft hij dan een niveau 2-diploma?",
    )
    assert "Wat u noemt" not in text_of(outcome)
    assert read_facts("heeft hij dan een niveau 2-diploma?") == {}


def test_what_candidates_said_in_the_klantreis_names_the_source_not_a_topic(answerer):
    """ "als ik kijk naar wat kandidaten in de klantreis aangaven": "kijk" and "aangaven" say
    where the answer comes from."""
    outcome = ask(
        answerer,
        "Waar moet ik op letten in de begeleiding, als ik kijk naar wat kandidaten in de "
        "klantreis aangaven?",
    )
    assert outcome.kind == "answer"
    assert outcome.entry_id.startswith("klantreis-")


def test_trekken_is_how_it_is_said(answerer):
    """ "lessen trekken", "de kar trekken": the lessons and who led are asked."""
    assert ask(answerer, "welke school trok de pilot in west-brabant").entry_id == (
        "pilot-west-brabant"
    )
    first = ask(answerer, "wat waren de knelpunten in de pilot in Twente?")
    assert first.entry_id == "lessen-twente-knelpunten"
    then = ask(answerer, "En welke lessen hebben ze daar getrokken?", first.context)
    assert then.entry_id == "lessen-twente-tips"


def test_aan_de_slag_is_no_word_an_example_must_know(answerer):
    outcome = ask(
        answerer,
        "Staat er in het rapport een voorbeeld van een vrouw met een uitkering die via "
        "praktijkleren in het groen aan de slag ging?",
    )
    assert outcome.entry_id == "voorbeeld-marianne"


def test_daarin_points_back_at_the_answer_just_given(answerer):
    first = ask(answerer, "Wat is de inclusieve adviesfunctie?")
    then = ask(answerer, "wie zitten daarin?", first.context)
    assert then.entry_id == first.entry_id == "proces-inclusieve-adviesfunctie"


def test_who_pays_that_one_is_about_the_one_just_named(answerer):
    """ "en wie betaalt die?" asks who pays the praktijkopleider, not who pays what in
    general; "geldt dat ook in de pilot van DJI?" then continues that question for DJI."""
    first = ask(answerer, "Wat doet de praktijkopleider?")
    then = ask(answerer, "en wie betaalt die?", first.context)
    assert "praktijkopleider" in text_of(then)
    assert "elke partij betaalt" not in text_of(then)
    dji = ask(answerer, "geldt dat ook in de pilot van DJI?", then.context)
    assert dji.context["facets"]["actor"] == ["praktijkopleider"]
    assert dji.context["facets"]["pilot"] == ["dji"]
    assert "wie betaalt die" in dji.context["q"]


def test_geldt_dat_ook_is_no_money_question(answerer):
    """ "geldt" (applies) is not "geld": the check is applied again for a client of 17."""
    first = ask(answerer, "Mijn klant is 45, WW, geen startkwalificatie. Komt hij in aanmerking?")
    then = ask(answerer, "geldt dat ook voor iemand van 17?", first.context)
    assert then.kind == "answer"
    assert "17 jaar" in text_of(then)


def test_the_same_question_for_another_actor_gets_that_actors_cell(answerer):
    first = ask(answerer, "wie betaalt de jobcoach?")
    then = ask(answerer, "geldt dat ook voor de praktijkopleider?", first.context)
    assert then.kind == "answer"
    assert "praktijkopleider" in text_of(then)


def test_what_to_learn_from_it_stays_with_the_lesson_just_given(answerer):
    first = ask(answerer, "Wat was het probleem met werkgevers in Twente?")
    then = ask(answerer, "wat kunnen we daarvan leren?", first.context)
    assert then.entry_id == first.entry_id == "lessen-twente-werkgevers"


def test_a_followup_whose_one_word_leads_clearly_elsewhere_is_searched_alone(answerer):
    """ "wie begeleidt hem dan?" after the duration: who guides, not the duration again."""
    first = ask(answerer, "hoe lang duurt zo'n traject?")
    assert first.entry_id == "proces-duur"
    then = ask(answerer, "wie begeleidt hem dan?", first.context)
    assert then.entry_id == "proces-begeleiding"


def test_a_question_about_that_one_keeps_the_topic_for_the_next_turn(answerer):
    """ "tot wanneer liep die?" asks its own question about the crisisregeling: the next
    follow-up ("wie kon daar gebruik van maken?") is still about the regeling."""
    first = ask(answerer, "Wat is de crisisregeling?")
    second = ask(answerer, "tot wanneer liep die?", first.context)
    assert "crisisregeling" in second.context["q"]
    third = ask(answerer, "wie kon daar gebruik van maken?", second.context)
    assert third.entry_id == "financiering-crisisregeling"


def test_a_polite_lead_before_the_question_word_is_left_out(answerer):
    outcome = ask(answerer, "Weet jij toevallig wie de praktijkverklaring ondertekent?")
    assert outcome.entry_id == "proces-afgifte"
    # "ik vraag me af of ..." stays whole: the "of" clause is what is asked
    assert without_lead("ik vraag me af of ze een pv kan halen").startswith("ik vraag")
    assert without_lead("Kun je me vertellen hoe de intake gaat?") == "hoe de intake gaat?"


def test_what_an_employer_gets_after_the_jobcoach(answerer):
    """ "krijgt de werkgever er iets voor?": what the employer receives, not who pays the
    jobcoach."""
    first = ask(answerer, "wie betaalt de jobcoach?")
    then = ask(answerer, "krijgt de werkgever er iets voor?", first.context)
    assert then.kind == "answer"
    assert "geen vergoeding" in text_of(then)


def test_is_that_known_asks_about_the_sentence_before_it(answerer):
    """ "(de groenbedrijven die ik bel willen alleen mensen met een diploma.) Is dat
    bekend?": "bel" and "bekend" say how, the employers in the groen what about."""
    outcome = ask(
        answerer,
        "In Twente heb ik een klant van 27 (bijstand) die het groen in wil via een pv. Maar de "
        "groenbedrijven die ik bel willen eigenlijk alleen mensen met een diploma. Is dat bekend?",
    )
    assert outcome.entry_id == "lessen-twente-groen"
