"""Answers a consultant can trust: the question asked, in context, never a neighbour's.

In-process (no Rasa): the answerer with the real knowledge base, facets, matrix and rules.
The first test walks the conversation of issue 9's table, turn by turn.
"""

import re

import pytest

from bot.knowledge.answering import Answerer
from bot.knowledge.case_facts import read_facts
from bot.knowledge.context import Context, is_followup
from bot.knowledge.facets import fit, vocabulary
from bot.knowledge.financing import load_matrix
from bot.knowledge.kb import load
from bot.knowledge.question_parts import pointed_to, question_part, two_questions
from bot.knowledge.replies import choose_payload
from bot.text import fold


class Conversation:
    def __init__(self, answerer):
        self.answerer, self.context = answerer, None

    def ask(self, text):
        outcome = self.answerer.respond(text, None, None, "consultant", self.context)
        self.context = outcome.context
        return outcome, fold("\n".join(r.text for r in outcome.replies))


def test_the_table_of_issue_9_in_one_conversation(answerer):
    chat = Conversation(answerer)

    outcome, text = chat.ask("mijn klant is 17, kan die al starten met praktijkleren?")
    assert "hoe oud" not in text  # the age was given
    for fact in ("17 jaar", "18 jaar", "4%", "16", "inclusieve adviesfunctie"):
        assert fact in text
    buttons = [b["payload"] for r in outcome.replies for b in r.buttons]
    assert "/start_eligibility" in buttons
    assert chat.context["facts"] == {"elig_age": 17}

    outcome, text = chat.ask("en wie betaalt dan de opleiding?")
    assert "mbo" in text and "lumpsum" in text
    assert "dji" not in text and "doorzaam" not in text

    outcome, text = chat.ask("en in twente?")
    assert "twente" in text and "lumpsum" in text  # still the opleiding, now for Twente
    assert "deelnemers" not in text.split("bron:")[0] or "lumpsum" in text

    outcome, text = chat.ask("wat kost het voor de werkgever")
    assert "werkgever" in text or "leerbedrijf" in text
    assert "deelnemer zelf" not in text
    assert not any(w in text.split() for w in ("je", "jij", "jouw"))

    outcome, text = chat.ask("hoe wordt praktijkleren gefinancierd")
    for fact in ("perspectief op werk", "ocw", "eigen"):
        assert fact in text
    assert not text.startswith("de landelijke pilots van dji")


def test_which_clients_gets_the_target_group(answerer):
    outcome, text = Conversation(answerer).ask("welke klanten kan ik aanmelden")
    assert outcome.kind == "answer"
    assert "startkwalificatie" in text
    assert outcome.entry_id != "proces-aanmelding"


def test_a_new_full_question_starts_a_new_topic(answerer):
    chat = Conversation(answerer)
    chat.ask("wie betaalt de jobcoach")
    assert chat.context["facets"].get("cost") == ["jobcoach"]
    chat.ask("wat is een praktijkverklaring?")
    assert "cost" not in chat.context["facets"]


def test_context_expires():
    ctx = Context("wie betaalt de jobcoach", None, {"cost": ["jobcoach"]}, {}, 0)
    assert Context.from_slot(ctx.to_slot() or {"ttl": 0}).q == ""
    alive = Context("wie betaalt de jobcoach", None, {}, {}, 2).to_slot()
    assert Context.from_slot(alive).q == "wie betaalt de jobcoach"


@pytest.mark.parametrize(
    "text,followup",
    [
        ("en in twente?", True),
        ("en voor de werkgever?", True),
        ("en als hij 17 is?", True),
        ("hoe zit het dan met de financiering?", False),  # a topic of its own
        ("wat is een praktijkverklaring", False),
        ("wie betaalt de praktijkopleider", False),
    ],
)
def test_followups_are_recognised(text, followup):
    prev = Context("wie betaalt de opleiding", None, {"cost": ["opleiding"]}, {}, 3)
    named = vocabulary().read(text)
    assert is_followup(text, named, read_facts(text), prev) is followup


def test_a_question_about_one_pilot_never_gets_another_pilots_entry(answerer):
    kb = answerer.kb
    named = vocabulary().read("hoe lang duurt het traject bij DJI")
    assert named["pilot"] == {"dji"}
    others = [e for e in kb.entries.values() if e.facet("pilot") and "dji" not in e.facet("pilot")]
    assert others
    for entry in others:
        assert fit(entry, named).strict_conflict, entry.id


@pytest.mark.parametrize(
    "question",
    ["hoeveel deelnemers had DJI", "hoeveel praktijkverklaringen in west-brabant"],
)
def test_a_pilot_figure_is_never_the_figure_for_all_pilots(answerer, question):
    outcome, text = Conversation(answerer).ask(question)
    if outcome.kind != "answer":
        assert "784" not in text and "405" not in text
    else:
        entry = answerer.kb.entries[outcome.entry_id]
        assert set(entry.facet("pilot")) & vocabulary().read(question)["pilot"]


@pytest.mark.parametrize(
    "message,facts",
    [
        ("mijn klant is 17, kan die al starten?", {"elig_age": 17}),
        (
            "meneer van 45 in de bijstand, nooit diploma gehaald",
            {"elig_age": 45, "elig_startkwalificatie": "nee"},
        ),
        ("een 19-jarige met havo diploma", {"elig_age": 19, "elig_startkwalificatie": "ja"}),
        ("ze volgt nu een bbl-opleiding", {"elig_mbo_enrolled": "ja"}),
        (
            "hij staat niet ingeschreven en heeft geen startkwalificatie",
            {"elig_mbo_enrolled": "nee", "elig_startkwalificatie": "nee"},
        ),
        ("deelnemers werken 20 uur per week", {}),
        ("hij werkt al 3 jaar bij de sw", {}),
        ("Arthur (26, WW) is zijn baan kwijt", {"elig_age": 26}),
        ("een mbo-2 opleiding kan hij cognitief niet aan", {"elig_regular_route": "nee"}),
        ("een bbl-entree-opleiding lijkt goed haalbaar", {"elig_regular_route": "ja"}),
        ("al jaren niet aan het werk geweest; werkritme heeft hij niet", {"elig_werkfit": "nee"}),
        ("ze is erg gemotiveerd", {"elig_motivated": "ja"}),
        ("hij is net begonnen aan een mbo-certificaattraject", {"elig_mbo_enrolled": "ja"}),
        # out of work is not a startkwalificatie that no longer leads to work
        ("klant 23, havo diploma, geen werk", {"elig_age": 23, "elig_startkwalificatie": "ja"}),
        (
            "mbo-3 diploma in de grafische sector, daar zijn nauwelijks banen",
            {"elig_startkwalificatie": "ja", "elig_sk_unusable": "ja"},
        ),
        (
            "heeft ooit mbo-3 bakker gehaald, maar dat vak bestaat bijna niet meer",
            {"elig_startkwalificatie": "ja", "elig_sk_unusable": "ja"},
        ),
        (
            "heeft havo afgerond maar kan door rugklachten niet meer in de bouw werken",
            {"elig_startkwalificatie": "ja", "elig_sk_unusable": "ja"},
        ),
        # years at work are not an age; the age that follows is
        ("een medewerker die daar al 12 jaar werkt, hij is 44", {"elig_age": 44}),
        ("Meisje, 20, woont nog thuis", {"elig_age": 20}),
        ("volgens school kan hij een mbo-2 opleiding makkelijk aan", {"elig_regular_route": "ja"}),
        (
            "Jongen van 19 zit op de entree-opleiding (dus ingeschreven)",
            {"elig_age": 19, "elig_mbo_enrolled": "ja"},
        ),
        ("Man van 24 zit op de bbl entree", {"elig_age": 24, "elig_mbo_enrolled": "ja"}),
        (
            "Klant van 19, Wajong, ingeschreven bij entree",
            {"elig_age": 19, "elig_mbo_enrolled": "ja"},
        ),
        ("zij studeert aan het roc", {"elig_mbo_enrolled": "ja"}),
        ("hij is mbo-student", {"elig_mbo_enrolled": "ja"}),
        ("ze is vorig jaar gestopt met haar opleiding", {"elig_mbo_enrolled": "nee"}),
        ("hij is uitgevallen op het mbo", {"elig_mbo_enrolled": "nee"}),
        # a feasible regular route comes first, however it is said
        (
            "geen sk, kan makkelijk een bbl opleiding niveau 2 doen",
            {"elig_startkwalificatie": "nee", "elig_regular_route": "ja"},
        ),
        ("ze is leerbaar en schoolbaar", {"elig_regular_route": "ja"}),
        ("verschil leerbaar schoolbaar?", {}),  # a question about the words, no client
        (
            "in een klas haakt hij af, maar met zijn handen leert hij snel",
            {"elig_regular_route": "nee"},
        ),
        ("wel leerbaar, niet schoolbaar", {"elig_regular_route": "nee"}),
        ("in de klas houdt ze het niet vol", {"elig_regular_route": "nee"}),
        ("op de werkvloer pakt hij alles snel op", {"elig_regular_route": "nee"}),
        ("hij kan geen opleiding aan", {"elig_regular_route": "nee"}),
        ("een diploma zit er niet in", {"elig_regular_route": "nee"}),
        ("mbo-2 is voor haar te hoog gegrepen", {"elig_regular_route": "nee"}),
        # in the traject: the work is hard, nothing is said about a regular route
        ("hij zit halverwege en vindt de opdrachten te zwaar", {}),
        ("heeft een vmbo-t diploma", {"elig_startkwalificatie": "nee"}),
        ("geen afgeronde opleiding", {"elig_startkwalificatie": "nee"}),
        ("buitenlands diploma dat hier niet erkend is", {"elig_startkwalificatie": "nee"}),
        # the client named by a group word, with or without a comma
        ("Nieuwkomer, 29, werkt al een tijd in Breda", {"elig_age": 29}),
        ("bijstandsklant 30 in Ede", {"elig_age": 30}),
        ("werknemer sw-bedrijf, 38, LVB", {"elig_age": 38}),
        ("een werknemer 40 uur per week", {}),  # hours, not an age
        # what the client wants is not what he has
        ("heeft pv entree op zak en wil door naar een diploma niveau 2", {}),
        ("zit in de bol niveau 2", {"elig_mbo_enrolled": "ja"}),
        # what someone expects after the traject is not what the client has
        ("krijgt hij na het pv-traject een mbo-2 diploma?", {}),
        ("de werkgever denkt dat hij een mbo-2 diploma op zak heeft", {}),
    ],
)
def test_case_facts(message, facts):
    assert read_facts(message) == facts


def test_the_matrix_answers_for_the_actor_asked_only():
    m = load_matrix()
    assert m is not None
    named = vocabulary().read("wat kost het voor de gemeente")
    paid = m.answer("wat kost het voor de gemeente", named)
    assert paid is not None
    own = {c.text for c in m.cells if c.payer == "gemeente"}
    others = [c for c in m.cells if c.text not in own and c.text in paid.text]
    assert own and not others, "an answer about the gemeente used another payer's cell"


def test_how_one_pilot_was_financed_is_not_the_general_overview():
    m = load_matrix()
    assert m is not None
    question = "hoe werd de pilot bij Rosa Novum gefinancierd?"
    named = vocabulary().read(question)
    assert m.answer(question, named, asked_pilots=named["pilot"]) is None  # its entries answer
    general = "hoe werden de pilots gefinancierd?"
    assert m.answer(general, vocabulary().read(general)).text == m.overview


def test_every_known_matrix_cell_cites_lines_in_its_source():
    from bot.knowledge.kb import KNOWLEDGE_DIR

    known = [cell for cell in load_matrix().cells if cell.status != "unknown"]
    assert known
    for cell in known:
        assert cell.sources, (cell.item, cell.payer)
        for s in cell.sources:
            lines = (KNOWLEDGE_DIR / "sources" / s.file).read_text(encoding="utf-8").splitlines()
            assert 1 <= s.start <= s.end <= len(lines)


def test_consultants_get_u_and_candidates_je(answerer):
    entry = next(e for e in answerer.kb.entries.values() if e.consultant_answer)
    consultant = answerer.entry_reply(entry, None, "consultant").text
    candidate = answerer.entry_reply(entry, None, "candidate").text
    assert consultant.startswith(entry.consultant_answer[:20])
    assert candidate.startswith(entry.answer[:20])


def test_no_consultant_answer_says_je():
    kb = load()
    import re

    je = re.compile(r"\b(je|jij|jouw)\b", re.IGNORECASE)
    texts = {
        entry.id: entry.consultant_answer
        or (entry.answer if entry.audience == "consultant" else "")
        for entry in kb.entries.values()
    }
    texts = {entry_id: text for entry_id, text in texts.items() if text}
    assert len(texts) > 10
    for entry_id, text in texts.items():
        assert not je.search(text), entry_id


def test_a_case_question_gets_the_rules_the_open_points_and_the_next_step(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant is 45, zit in de bijstand, heeft geen startkwalificatie en staat nergens "
        "ingeschreven. Een mbo-2 opleiding kan hij niet aan. Komt hij in aanmerking?"
    )
    assert outcome.kind == "answer"
    assert text.startswith("wat u noemt past bij de doelgroep")
    assert "45 jaar" in text and "participatiewet" in text  # the group's own entry
    assert "nog na te gaan: of uw klant werkfit is" in text
    assert "volgende stap: de intake met het mbo" in text and "2315-2340" in text
    assert "hoe oud is uw klant" not in text


def test_a_feasible_regular_route_rules_the_client_out_and_says_why(answerer):
    _, text = Conversation(answerer).ask(
        "Vrouw van 35, geen startkwalificatie, niet ingeschreven. Een bbl-entree-opleiding "
        "lijkt goed haalbaar. Moet ik haar aanmelden?"
    )
    assert text.startswith("op grond van wat u noemt komt uw klant waarschijnlijk niet")
    assert "een diploma blijft de eerste keus" in text
    assert "volgende stap" not in text


def test_another_question_about_a_client_is_answered_first_then_the_check_offered(answerer):
    outcome, text = Conversation(answerer).ask(
        "Mijn klant van 48 zit in de bijstand en heeft geen startkwalificatie. Hoeveel uur per "
        "week werken deelnemers?"
    )
    assert outcome.entry_id == "proces-uren"
    assert text.index("uur per week") < text.index("u noemt: 48 jaar")
    assert outcome.replies[-1].buttons == [
        {"title": "Doe de check", "payload": "/start_eligibility"}
    ]
    assert "nog na te gaan" not in text


def test_an_example_like_the_client_is_the_closest_story_in_the_sources(answerer):
    outcome, text = Conversation(answerer).ask(
        "Mijn klant is 29, Wajong, geen startkwalificatie en werkt al jaren in het groen. "
        "Heeft u een voorbeeld van iemand zoals hij?"
    )
    assert outcome.entry_id == "voorbeeld-jens"
    assert text.startswith("een voorbeeld uit de bronnen dat op uw klant lijkt")
    assert "u noemt: 29 jaar" in text  # the check is offered with the facts


def test_a_candidate_gets_only_candidate_entries_without_line_numbers_or_a_case(answerer):
    outcome = answerer.respond("ik ben 17 en heb geen diploma, kan ik meedoen?", role="candidate")
    text = "\n".join(r.text for r in outcome.replies)
    assert outcome.kind in ("answer", "refuse", "clarify")
    assert "u noemt" not in text.lower() and "uw klant" not in text.lower()
    if outcome.entry_id:
        assert answerer.kb.entries[outcome.entry_id].audience != "consultant"
    reachable = answerer.reachable("candidate")
    assert reachable and all(e.audience != "consultant" for e in reachable.values())
    answer = answerer.respond("wat is een praktijkverklaring?", role="candidate")
    said = "\n".join(r.text for r in answer.replies)
    assert answer.kind == "answer" and "Bron: " in said and ", r. " not in said
    refused = answerer.respond("welke cao geldt voor mijn vader in Spanje?", role="candidate")
    assert refused.kind == "refuse" and refused.replies
    assert all(" u " not in f" {r.text.lower()} " for r in refused.replies)


def test_a_question_that_points_back_keeps_the_pilot_of_the_one_before(answerer):
    """Its own words are searched, with the pilot just discussed ("hoeveel van hen ...")."""
    chat = Conversation(answerer)
    chat.ask("Hoeveel deelnemers had de pilot in Groningen?")
    assert chat.context["facets"].get("pilot") == ["groningen"]
    outcome, text = chat.ask("hoeveel van hen haalden een praktijkverklaring?")
    assert chat.context["facets"].get("pilot") == ["groningen"]
    assert outcome.entry_id == "cijfers-groningen" and "25" in text  # that pilot's figures
    outcome, text = Conversation(answerer).ask("hoeveel van hen haalden een praktijkverklaring?")
    assert "groningen" not in text  # nothing to point back to: all pilots


def test_dat_at_the_end_points_back_at_the_pilot_just_discussed(answerer):
    """ "hoe lang duurt dat?" after a question about Sligro is about Sligro's traject."""
    chat = Conversation(answerer)
    chat.ask("hoe werkt praktijkleren bij sligro leiden, wie levert daar de kandidaten aan")
    outcome, text = chat.ask("hoe lang duurt dat?")
    assert chat.context["facets"].get("pilot") == ["sligro"]
    assert outcome.entry_id == "pilot-sligro-traject" and "4 tot 6 maanden" in text


def test_a_short_question_without_a_subject_keeps_the_pilot_unless_it_asks_about_all(answerer):
    chat = Conversation(answerer)
    chat.ask("hoe werkt praktijkleren in de gevangenis")
    outcome, text = chat.ask("hoeveel uur per week?")
    assert chat.context["facets"].get("pilot") == ["dji"]
    assert "20 uur per week" in text
    chat = Conversation(answerer)
    chat.ask("hoe werkt praktijkleren in de gevangenis")
    outcome, text = chat.ask("hoeveel deelnemers waren er in totaal?")
    assert "pilot" not in chat.context["facets"]
    assert "784" in text  # all pilots


def test_a_case_at_a_named_company_quotes_who_may_take_part_there(answerer):
    """ONS Label's first sentence describes the atelier; its conditions come after it."""
    outcome, text = Conversation(answerer).ask(
        "Moeder van 42 in de bijstand uit Breda, geen startkwalificatie, kan maar 16 uur per "
        "week werken. Kan ze bij ONS Label praktijkleren?"
    )
    assert "naaiatelier" in text
    assert "24 tot 32 uur per week" in text and "leerbaar" in text


def test_a_case_quotes_where_the_groups_entry_names_the_group_with_the_cases_words(answerer):
    """The schoolverlaters' entry opens with oud-leerlingen of pro and vso; a voortijdig
    schoolverlater via the RMC is named in its next sentence."""
    outcome, text = Conversation(answerer).ask(
        "Meisje van 19, voortijdig schoolverlater, geen startkwalificatie, staat niet "
        "ingeschreven. Ze komt bij mij via het RMC. Valt ze binnen de doelgroep?"
    )
    assert "oud-leerlingen van praktijkonderwijs" in text
    assert "voortijdig schoolverlaters via het rmc" in text


def test_a_startkwalificatie_that_no_longer_leads_to_work_gets_the_relaxed_rule(answerer):
    message = (
        "WW-klant van 38 heeft een mbo-3 diploma administratie, maar in die richting zijn"
        " nauwelijks banen meer. Kan praktijkleren voor omscholing?"
    )
    assert read_facts(message)["elig_sk_unusable"] == "ja"
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.kind == "answer"
    assert "landelijk aangepast, met meer ruimte" in text and "inclusieve adviesfunctie" in text
    assert "heeft een startkwalificatie" in text  # the facts read are shown


def test_a_followup_naming_another_actor_searches_the_question_without_the_first_actor():
    from bot.knowledge.context import read_in_context

    words = vocabulary()
    first = "wat kost praktijkleren voor de deelnemer"
    previous = Context(first, None, {"actor": ["deelnemer"]}, {}, 4)
    named = words.read("en voor de werkgever?")
    reading = read_in_context("en voor de werkgever?", named, {}, previous, words.without)
    assert reading.followup and reading.named["actor"] == frozenset({"werkgever"})
    assert "deelnemer" not in reading.query and "kost praktijkleren" in reading.query
    assert "werkgever" in reading.query


def test_a_count_asked_about_the_pilot_discussed_comes_from_its_figures(answerer):
    chat = Conversation(answerer)
    chat.ask("Wat houdt de pilot van VGN/ActiZ in?")
    assert chat.context["facets"].get("pilot") == ["vgn-actiz"]
    outcome, text = chat.ask("hoeveel mensen deden daar mee?")
    assert outcome.kind == "answer" and outcome.entry_id == "cijfers-vgn-actiz"


def test_an_overview_that_does_not_cover_a_broad_question_does_not_cause_a_refusal(answerer):
    """A broad question prefers its topic's overview; when that overview does not know the
    question's words, the entry that ranked first answers instead of nobody."""
    outcome, text = Conversation(answerer).ask(
        "Welke partijen financieren de regionale pilots praktijkleren?"
    )
    assert outcome.kind == "answer"
    assert "perspectief op werk" in text


def test_a_two_part_question_about_a_client_gets_both_parts_answered(answerer):
    from bot.knowledge.question_parts import asks_admission, other_question

    assert other_question("Kan hij meedoen, en hoe lang duurt een traject?") == (
        "hoe lang duurt een traject?"
    )
    assert other_question("Kan hij meedoen?") is None
    assert not asks_admission("heeft hij na de praktijkverklaring kans op werk?")
    outcome, text = Conversation(answerer).ask(
        "Klant van 30, geen startkwalificatie, niet ingeschreven. Kan hij meedoen, en hoe lang"
        " duurt een traject meestal?"
    )
    assert "past bij de doelgroep" in text  # the case
    assert "drie maanden" in text or "3 maanden" in text  # and the duration


def test_whether_praktijkleren_fits_a_client_who_learns_by_doing_is_a_case_question(answerer):
    message = (
        "Meisje van 20, geen startkwalificatie, niet ingeschreven. Ze leert prima door te doen,"
        " maar in de klas lukt het niet. Past praktijkleren bij haar?"
    )
    assert read_facts(message)["elig_regular_route"] == "nee"
    outcome, text = Conversation(answerer).ask(message)
    assert text.startswith("wat u noemt past bij de doelgroep")
    assert "leerbaar" in text and "schoolbaar" in text


@pytest.mark.parametrize(
    ("question", "admission"),
    [
        ("Kan hij meedoen aan praktijkleren?", True),
        ("Kan ze praktijkleren doen?", True),
        ("Kan ze nu verder met praktijkleren, en wat is het verschil met Boris?", True),
        ("Kan hij via praktijkleren werkprocessen op niveau 2 halen?", False),
        ("Kan zij met een praktijkverklaring later een diploma halen?", False),
        ("In welke sectoren kan ze binnen de Twentse pilot praktijkleren?", False),
        ("Kan dat ook in deeltijd?", False),
        ("Kan dat?", True),
        ("Mag dat wel?", True),
        ("Wat als hij 17 is, kan hij dan meedoen?", True),
        ("Hoe lang duurt het? Kan hij meedoen?", True),
        ("Kan ze via praktijkleren een pv halen?", True),
        ("Kan hij praktijkleren met de praktijkverklaring doen of niet?", True),
        ("Kan ze nu overstappen naar praktijkleren?", True),
        ("Kan dat met praktijkleren en een praktijkverklaring?", True),
        ("Kan praktijkleren met de praktijkverklaring een route zijn?", True),
        ("Zou praktijkleren een goede weg zijn voor hem?", True),
        ("Is een praktijkverklaring een oplossing?", True),
        ("Welke route kiezen de pilots na de praktijkverklaring?", False),
        ("Kan die in het praktijkleren met pv traject?", True),
        ("Kan hij ernaast of in plaats daarvan praktijkleren met pv doen?", True),
        ("kan die meteen een pv traject in?", True),
        ("kan ik hem inschrijven voor praktijkleren?", True),
        ("heeft hij recht op praktijkleren?", True),
        ("voldoet hij aan de criteria?", True),
        ("kan hij hiervoor aangemeld worden?", True),
        ("past zij in de doelgroep?", True),  # not only "past zij" with words after it
        ("is hij te oud?", True),
        ("wat voor werk kan hij doen?", False),
        ("pv een optie?", True),
        ("is dit een kandidaat voor pv?", True),
        ("Kan hij een pv traject doen binnen DJI?", True),
        ("kan hij een praktijkverklaring krijgen?", True),
        ("kan ze een pv krijgen?", True),
        ("welke opties zijn er na de pv?", False),
        ("welke doelgroep past bij hem?", False),
        ("Kan hij in de pilot daar terecht?", True),
        ("kan ze bij ONS Label terecht?", True),
        ("waar kan hij terecht met vragen?", False),
        ("Praktijkleren of niet?", True),
        ("pv of niet, wat denkt u?", True),
        ("kan hij toch praktijkleren voor een ander vak?", True),
        ("PV of iets anders?", True),
        ("dus een praktijkverklaring?", True),
        ("toch een pv?", True),
        ("mag ze een pv halen in een nieuwe sector?", True),
        ("kan hij in de pilot van west-brabant?", True),
        ("Kan ze er een pv-traject naast doen?", True),
        ("Is praktijkleren met pv hier de aangewezen route?", True),
        ("kan hij in de pilot meer uren werken?", False),
        # an indirect question: "(zijn school vraagt) of hij ... een pv kan halen"
        ("zijn school vraagt of hij via het traject een praktijkverklaring kan halen", True),
        ("ik vraag me af of ze een pv kan halen", True),
        ("of ze weet hoe lang het duurt", False),
        ("past praktijkleren of is dat te vroeg?", True),
        ("past een pv-traject bij hem?", True),
        ("is het nog te vroeg?", True),
        ("welke pv past bij zijn werk?", False),
        ("Kan ze overstappen terwijl ze nog ingeschreven staat?", True),
        ("Wat zijn de mogelijkheden?", True),
        ("welke opties heeft hij?", True),
        ("welke mogelijkheden zijn er voor de financiering?", False),
    ],
)
def test_which_questions_about_a_client_ask_about_admission(question, admission):
    from bot.knowledge.question_parts import asks_admission

    assert asks_admission(question) is admission


def test_the_other_part_of_a_case_question_that_the_sources_do_not_answer_is_said(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 30, geen startkwalificatie, niet ingeschreven. Komt hij in aanmerking, en"
        " hoeveel verdient een jobcoach per uur?"
    )
    assert "past bij de doelgroep" in text
    other = "uw andere vraag (hoeveel verdient een jobcoach per uur)"
    assert f"{other} staat niet in de kennisbank" in text


def test_a_followup_about_a_pilot_gets_the_pilots_own_entry_when_it_covers_the_question(answerer):
    chat = Conversation(answerer)
    outcome, text = chat.ask("Wie beoordeelt of iemand de werkprocessen beheerst?")
    assert outcome.entry_id == "proces-beoordeling"
    outcome, text = chat.ask("en bij ONS Label?")
    assert outcome.entry_id == "pilot-ons-label-traject"
    assert "werkmeester" in text
    assert "apart staat dit niet" not in text  # the knowledge has it: never "not known"


def test_a_verb_is_not_a_client_group():
    from bot.knowledge.facets import vocabulary

    assert "group" not in vocabulary().read("hoe werkt praktijkleren bij dji")
    assert "werkenden" in vocabulary().read("mijn klant werkt al jaren bij een bakker")["group"]


def test_a_question_the_general_entries_miss_is_answered_by_the_pilot_discussed(answerer):
    chat = Conversation(answerer)
    outcome, text = chat.ask("Hoeveel deelnemers had de pilot in Foodvalley?")
    assert outcome.entry_id == "cijfers-foodvalley"
    outcome, text = chat.ask("welke partijen werkten daar samen?")
    assert outcome.entry_id == "pilot-foodvalley"
    assert "leerwerkloket" in text


def test_a_place_in_an_unrelated_question_does_not_make_it_a_pilot_question(answerer):
    outcome, _ = Conversation(answerer).ask("Hoe laat gaat de trein morgen naar Enschede?")
    assert outcome.kind == "refuse"


def test_a_group_named_in_a_case_description_helps_find_its_own_entry(answerer):
    from bot.knowledge.context import Reading

    reading = Reading("hoe werkt het daar", {}, {"elig_age": 30}, False)
    assert reading.around == {}
    outcome, text = Conversation(answerer).ask(
        "Mijn klant van 30 zit in detentie, heeft geen startkwalificatie en is niet"
        " ingeschreven. Hoeveel uur per week werkt men daar in de praktijkwerkplaats?"
    )
    assert outcome.kind == "answer"
    assert "20 uur" in text


def test_a_pilot_followup_takes_the_pilots_entry_on_the_same_criterion(answerer):
    chat = Conversation(answerer)
    outcome, text = chat.ask("Wat is de leeftijdsgrens voor praktijkleren?")
    assert outcome.entry_id == "doelgroep-leeftijd"
    outcome, text = chat.ask("en in West-Brabant?")
    assert outcome.kind == "answer"
    assert "16 tot 67" in text


@pytest.mark.parametrize(
    ("question", "asks_for_a_fact"),
    [
        ("klant 17 jaar, hoe lang duurt het?", True),
        ("Klant van 30. Wat kost het?", True),
        ("Kan hij meedoen?", False),
        ("en als hij toch al een mbo-2 diploma blijkt te hebben?", False),
    ],
)
def test_a_case_question_that_asks_for_a_fact_is_not_an_admission_question(
    question, asks_for_a_fact
):
    from bot.knowledge.question_parts import asks_for_something

    assert asks_for_something(question) is asks_for_a_fact


def test_a_short_case_question_about_something_else_gets_that_answer_first(answerer):
    outcome, text = Conversation(answerer).ask("klant 17 jaar, hoe lang duurt het?")
    assert outcome.entry_id == "proces-duur"
    assert not text.startswith("op grond van wat u noemt")
    assert "drie maanden" in text


def test_a_case_question_that_points_back_is_read_with_the_sentence_it_points_to(answerer):
    message = (
        "Klant van 44, WW, geen startkwalificatie, niet ingeschreven. Zijn vrouw vraagt of hij "
        "na het traject zeker een vaste baan krijgt. Wat kan ik haar zeggen?"
    )
    assert (
        pointed_to(message) == "Zijn vrouw vraagt of hij na het traject zeker een vaste baan krijgt"
    )
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.entry_id == "pv-geen-baangarantie"
    assert "niet gegarandeerd" in text and "u noemt: 44 jaar" in text


@pytest.mark.parametrize(
    "message",
    [
        "Klant van 44, geen startkwalificatie. Hoe lang duurt een traject praktijkleren gemiddeld?",
        "Klant van 44, geen startkwalificatie, niet ingeschreven. Is dat een probleem?",
        "Is dat realistisch?",
    ],
)
def test_a_full_question_or_a_sentence_of_facts_points_to_nothing(message):
    assert pointed_to(message) == ""


def test_a_sentence_of_facts_that_also_says_what_happened_is_pointed_to(answerer):
    message = (
        "Klant van 40 zonder startkwalificatie heeft één praktijkverklaring en wil er nog een "
        "halen. Kan dat, en komt dat vaak voor?"
    )
    before = pointed_to(message)
    assert "nog een halen" in before
    assert "40" not in before and "startkwalificatie" not in before
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.entry_id == "pv-stapelen"
    assert "u noemt: 40 jaar" in text


def test_a_participant_like_the_client_asks_for_an_example(answerer):
    outcome, text = Conversation(answerer).ask(
        "Vrouw van 28, statushouder, geen diploma, niet ingeschreven. Ze heeft in een "
        "zorginstelling gewerkt. Was er een deelnemer zoals zij?"
    )
    assert text.startswith("een voorbeeld uit de bronnen dat op uw klant lijkt")
    assert outcome.entry_id.startswith("voorbeeld-")


def test_a_count_a_pilots_figures_do_not_know_is_not_answered_with_them(answerer):
    talk = Conversation(answerer)
    talk.ask("hoeveel deelnemers had DJI?")
    outcome, text = talk.ask("en hoeveel daarvan zijn jonger dan 23?")
    assert outcome.kind == "refuse" and outcome.entry_id is None
    assert "241" not in text  # DJI's count of all its participants is not this answer
    outcome, text = talk.ask("en hoeveel deelnemers had Doorzaam?")
    assert outcome.entry_id == "cijfers-doorzaam" and "22 deelnemers" in text


def test_a_whole_new_question_after_a_case_is_answered_on_its_own_words(answerer):
    talk = Conversation(answerer)
    talk.ask("Mijn cliënte is statushouder, 29 jaar, heeft geen diploma. Kan zij meedoen?")
    outcome, text = talk.ask("wie begeleidt haar dan op de werkplek?")
    assert outcome.entry_id == "proces-begeleiding" and "praktijkopleider" in text


def test_a_payer_asked_as_a_whole_gets_its_summary_with_lines_in_the_source():
    from bot.knowledge.kb import KNOWLEDGE_DIR

    m = load_matrix()
    question = "betalen gemeenten mee aan de pilots?"
    paid = m.answer(question, vocabulary().read(question))
    assert paid.known and "een derde van de regionale pilots" in paid.text
    assert "Perspectief op werk" in paid.text and "werkgever" not in paid.text
    assert {"gemeente", "uwv"} <= m.summaries.keys()
    question = "waar betalen de regionale pilots het van, was dat perspectief op werk geld?"
    pow_paid = m.answer(question, vocabulary().read(question))
    assert pow_paid.known and "16 van de 22" in pow_paid.text  # not "zeggen de bronnen niet"
    for _, sources in m.summaries.values():
        assert sources
        for s in sources:
            lines = (KNOWLEDGE_DIR / "sources" / s.file).read_text(encoding="utf-8").splitlines()
            assert 1 <= s.start <= s.end <= len(lines)


def test_two_questions_in_one_get_both_answers(answerer):
    outcome, text = Conversation(answerer).ask(
        "hoe lang duurt een traject en wie betaalt de jobcoach?"
    )
    assert outcome.kind == "answer"
    assert "drie maanden" in text  # how long (proces-duur)
    assert "jobcoaches uit eigen middelen" in text  # who pays the jobcoach (the matrix)


@pytest.mark.parametrize(
    "message,parts",
    [
        # a name before a colon is about both questions
        (
            "twente: wie mag meedoen en hoeveel deelnemers waren er",
            ["twente: wie mag meedoen", "twente: hoeveel deelnemers waren er"],
        ),
        # two sentences; the second opens with "en weet je"
        (
            "hoeveel pv's zijn er gehaald? en weet je hoeveel er gestopt zijn?",
            ["hoeveel pv's zijn er gehaald?", "hoeveel er gestopt zijn?"],
        ),
        ("hoeveel pv's zijn er gehaald?", None),
    ],
)
def test_the_two_questions_of_a_message(message, parts):
    assert two_questions(message) == parts


def test_two_questions_in_two_sentences_get_both_answers(answerer):
    outcome, text = Conversation(answerer).ask(
        "hoeveel mensen hebben hun pv al gehaald? en weet je hoeveel er gestopt zijn?"
    )
    assert "405" in text  # the praktijkverklaringen
    assert "379" in text  # of whom it is not known whether they stopped


def test_two_questions_of_which_one_is_unknown_say_which(answerer):
    outcome, text = Conversation(answerer).ask(
        "hoe lang duurt een traject en wat is de hoofdstad van peru?"
    )
    assert "drie maanden" in text
    assert "uw andere vraag (wat is de hoofdstad van peru) staat niet in de kennisbank" in text


@pytest.mark.parametrize(
    ("first", "first_entry", "then", "then_entry", "words"),
    [
        # something new: not the same entry again
        (
            "Wat zegt de klantreis over het herhalen van wat kandidaten leerden?",
            "klantreis-herhalen",
            "hoeveel kandidaten zijn er voor die klantreis geïnterviewd?",
            "klantreis-onderzoek",
            "14 kandidaten",
        ),
        # a bare follow-up: a detail of the answer just given
        (
            "Welke leerpunten hebben sw-bedrijven voor het invoeren van praktijkleren?",
            "lessen-sw-overzicht",
            "in welke periode?",
            "lessen-sw-overzicht",
            "oktober 2019",
        ),
        # "het verschil met ...": compared with what was just asked, though it names a topic
        (
            "Wat houdt de Boris-aanpak in?",
            "groep-pro-vso-boris",
            "en wat is dan het verschil met praktijkleren?",
            "groep-pro-vso-boris",
            "werkenden en werkzoekenden",
        ),
    ],
)
def test_a_followup_gets_the_entry_it_asks_for(
    answerer, first, first_entry, then, then_entry, words
):
    chat = Conversation(answerer)
    outcome, _ = chat.ask(first)
    assert outcome.entry_id == first_entry
    outcome, text = chat.ask(then)
    assert outcome.entry_id == then_entry
    assert words in text


def test_a_case_with_a_startkwalificatie_is_discussed_not_said_to_fit(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 45 heeft een mbo-3 diploma als kok en wil graag de logistiek in. Kan hij"
        " praktijkleren doen?"
    )
    assert "past bij de doelgroep" not in text
    assert "bespreken in de inclusieve adviesfunctie" in text
    assert "die geen diploma of certificaat kunnen halen, komen in aanmerking" in text
    assert "r. 9-13" in text or "r. 2399-2418" in text


def test_the_second_question_of_a_case_keeps_the_pilot_the_case_names(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 32 zit in detentie, geen startkwalificatie, niet ingeschreven. Kan hij"
        " meedoen, en hoeveel uur per week werkt hij dan?"
    )
    assert outcome.entry_id == "pilot-dji-duur"
    assert "20 uur per week" in text


def test_a_case_asking_how_many_hours_in_the_examples_gets_the_figures_not_one_story(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 35 in de bijstand, geen startkwalificatie. Hoeveel uur per week werkten de"
        " deelnemers in de voorbeelden?"
    )
    assert "dat op uw klant lijkt" not in text  # not one participant's story
    # the hours of the examples, or the choice between the examples and the hours
    assert "20 tot 40 uur" in text or outcome.kind == "clarify"


def test_a_case_in_detention_says_who_may_take_part_at_dji(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 33 zit in detentie, geen startkwalificatie, niet ingeschreven. Kan hij"
        " tijdens zijn straf aan praktijkleren beginnen?"
    )
    assert text.startswith("wat u noemt past bij de doelgroep")
    assert "bij dji komen gedetineerden in aanmerking" in text
    assert "leerbaar" in text


def test_a_client_who_is_gedetineerd_is_a_case_for_dji(answerer):
    outcome, text = Conversation(answerer).ask(
        "Mijn klant van 29 is nog een jaar gedetineerd, heeft geen startkwalificatie. Hoe kan"
        " hij een praktijkverklaring halen?"
    )
    assert "dji" in text


@pytest.mark.parametrize(
    ("first", "then", "figure"),
    [
        ("Hoe werkte de pilot van DJI?", "hoeveel pv's waren dat?", "233"),
        ("In welke sectoren liep de pilot in Twente?", "hoeveel mensen deden daar mee?", "22"),
    ],
)
def test_a_count_asked_after_a_pilot_gets_that_pilots_figures(answerer, first, then, figure):
    chat = Conversation(answerer)
    chat.ask(first)
    outcome, text = chat.ask(then)
    assert outcome.entry_id.startswith("cijfers-")
    assert figure in text
    assert "noemen de bronnen niet" not in text


def test_a_quoted_question_of_the_client_is_what_is_asked(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 31, bijstand, geen startkwalificatie, niet ingeschreven, vraagt: 'krijg ik met"
        " zo'n praktijkverklaring ook een diploma?' Wat moet ik zeggen?"
    )
    assert outcome.entry_id == "pv-geen-diploma"
    assert question_part("Ze vraagt: 'is dat een diploma?' Wat zeg ik?") == (
        "'is dat een diploma?' Wat zeg ik?"
    )


def test_a_cost_item_named_without_money_is_not_a_financing_question(answerer):
    outcome, text = Conversation(answerer).ask("wat is een jobcoach")
    assert outcome.entry_id == "rollen-jobcoach"
    outcome, text = Conversation(answerer).ask("wie betaalt de jobcoach")
    assert "jobcoach" in text and outcome.kind == "answer"
    assert outcome.entry_id != "rollen-jobcoach"


@pytest.mark.parametrize(
    "asking",
    [
        "Is er een deelnemer uit de pilots die op haar lijkt?",
        "Hoe ging dat bij een vergelijkbare deelnemer?",
        "is er een vb uit de pilots?",
        "heeft iemand dat in de pilots gedaan?",
    ],
)
def test_a_participant_like_the_client_is_asked_in_other_words_too(asking):
    from bot.knowledge.example_questions import wants_example

    assert wants_example(asking)


def test_a_question_about_the_askers_own_role_is_read_as_that_role(answerer):
    from bot.knowledge.question_parts import as_speaker

    message = "Ik ben praktijkopleider. Klant van 30, geen startkwalificatie. Wat is mijn taak?"
    assert as_speaker("Wat is mijn taak?", message) == "Wat is de taak van de praktijkopleider?"
    signed = "consulent UWV: klant 40, WW. Wat is mijn taak?"  # the role before a colon
    assert as_speaker("Wat is mijn taak?", signed) == "Wat is de taak van de consulent?"
    assert as_speaker("Wat moet ik doen?", message) == "Wat moet de praktijkopleider doen?"
    # a question with a topic of its own asks about that, not about the asker's role
    asked = "Wat moet ik volgens de klantreis regelen voor na de praktijkverklaring?"
    assert as_speaker(asked, "Ik ben jobcoach. Klant van 26, banenafspraak. " + asked) == asked
    outcome, text = Conversation(answerer).ask(
        "Ik ben jobcoach bij het sw-bedrijf. Kandidaat 36, geen startkwalificatie, niet"
        " ingeschreven. Wat is mijn rol tijdens het traject?"
    )
    assert outcome.entry_id == "rollen-jobcoach"


def test_a_question_word_and_one_word_is_a_followup():
    assert is_followup("in welke periode?", {}, {}, Context(q="x", ttl=2))
    assert not is_followup("hoe vaak moet je het proces evalueren?", {}, {}, Context(q="x", ttl=2))


def test_which_without_a_noun_is_one_of_those_just_named(answerer):
    assert is_followup("welke had de meeste deelnemers?", {}, {}, Context(q="x", ttl=2))
    assert not is_followup("welke pilot had de meeste deelnemers?", {}, {}, Context(q="x", ttl=2))
    chat = Conversation(answerer)
    chat.ask("hoeveel mbo scholen deden er mee aan de pilots")
    outcome, text = chat.ask("welke had de meeste deelnemers?")
    assert outcome.entry_id == "cijfers-mbo-scholen" and "anderestartmbo" in text


def test_a_client_who_works_is_read_as_a_working_client():
    read = vocabulary().read
    assert "werkenden" in read("hij werkt al twee jaar bij een groenbedrijf")["group"]
    assert "sw" in read("een medewerker van het sw-bedrijf, al 15 jaar in dienst")["group"]


def test_another_question_leaves_the_pilot_of_the_topic_behind(answerer):
    chat = Conversation(answerer)
    chat.ask("Hoe lang duurt een traject bij Sligro?")
    outcome, text = chat.ask("Andere vraag: wat bedoelen ze met een leerlijn?")
    assert "sligro" not in text


def test_an_open_who_pays_gets_the_whole_item_a_closed_one_the_payers_cell():
    m = load_matrix()
    read = vocabulary().read
    open_q = "wie betaalt de mbo-school, krijgt die geld van OCW?"
    whole = m.answer(open_q, read(open_q))
    assert "lumpsum" in whole.text and "externe middelen" in whole.text
    closed_q = "betaalt OCW de mbo-school?"
    cell = m.answer(closed_q, read(closed_q))
    assert "lumpsum" in cell.text and "externe middelen" not in cell.text


def test_what_it_costs_him_is_read_against_the_actor_just_discussed(answerer):
    assert is_followup("wat kost het hem?", {}, {}, Context(q="x", ttl=2))
    chat = Conversation(answerer)
    chat.ask("Wat levert praktijkleren een deelnemer op?")
    chat.ask("en voor de werkgever?")
    outcome, text = chat.ask("wat kost het hem?")
    assert "tijd" in text


@pytest.mark.parametrize(
    ("message", "company", "also"),
    [
        (
            "Klant van 41, geen startkwalificatie, niet ingeschreven, werkt als hovenier bij een"
            " sociaal bedrijf. Zat er in de pilots ook zo'n groenbedrijf, en hoe lang duurde een"
            " traject daar?",
            "rosa novum",
            "1 jaar",  # the second question, asked about that company (pilot-rosa-novum-traject)
        ),
        (
            "Vrouw van 30, statushouder, geen diploma, niet ingeschreven. Ze wil in de kleding"
            " werken. Is er een bedrijf in de pilots waar ze dat doen?",
            "ons label",
            "naaiatelier",
        ),
        (
            "Man van 33, WW, geen sk. Hij wil in een winkel werken. Is er een bedrijf in de"
            " pilots waar ze mensen opleiden?",
            "sligro",
            "groothandel",
        ),
        (
            "Cliënte van 41, geen diploma, niet ingeschreven, werkte vroeger als naaister."
            " Bestaan er voorbeelden van praktijkleren in een kledingatelier?",
            "ons label",
            "naaiatelier",
        ),
        (
            "Man van 29, bijstand, geen sk. Hij is heel handig in het groen. Is er ervaring met"
            " praktijkleren in die hoek?",
            "rosa novum",
            "groen",
        ),
    ],
)
def test_a_company_like_the_clients_is_the_pilot_company_of_that_sector(
    answerer, message, company, also
):
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.kind == "answer" and outcome.entry_id.startswith("pilot-")
    assert company in text and also in text
    assert "uitzend" not in text  # not another pilot's company


def test_a_company_in_a_sector_no_pilot_had_is_not_invented(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 35, geen startkwalificatie, niet ingeschreven, wil de bouw in. Is er in de"
        " pilots een vergelijkbaar bouwbedrijf?"
    )
    assert "rosa novum" not in text and "ons label" not in text and "sligro" not in text


def test_two_questions_the_first_a_yes_no_question_get_both_answers(answerer):
    outcome, text = Conversation(answerer).ask(
        "Krijgt de werkgever een vergoeding, en hoe lang duurt een traject?"
    )
    assert outcome.kind == "answer"
    assert "maand" in text  # the duration
    assert "vergoeding" in text


def test_the_second_question_pointing_back_keeps_the_place_of_the_first(answerer):
    """'...en hoeveel pv's zijn daar uitgereikt?' about Utrecht: never the national figure."""
    outcome, text = Conversation(answerer).ask(
        "Doet de regio Utrecht ook mee en hoeveel praktijkverklaringen zijn daar uitgereikt?"
    )
    assert outcome.kind == "refuse"
    assert "405" not in text and "458" not in text


def test_a_question_pointing_back_past_facts_in_brackets_gets_what_it_points_to():
    message = (
        "Een werkgever vraagt of mijn kandidaat (48, bijstand, geen sk, niet ingeschreven) met"
        " een praktijkverklaring makkelijker ergens anders aan de slag kan. Wat weten we daarover?"
    )
    assert "makkelijker ergens anders" in pointed_to(message)
    assert "48" not in pointed_to(message)


def test_a_second_question_with_two_close_entries_asks_which_not_says_unknown(answerer):
    outcome, text = Conversation(answerer).ask(
        "Jongen van 19 komt van het praktijkonderwijs, geen startkwalificatie, niet"
        " ingeschreven. Kan hij starten met praktijkleren, en hoe zit het met de begeleiding?"
    )
    assert "past bij de doelgroep" in text  # the case answer
    assert "staat niet in de kennisbank" not in text
    choose = outcome.replies[-1]
    assert "welk onderwerp bedoelt u" in fold(choose.text)
    assert {b["payload"] for b in choose.buttons} == {
        choose_payload("proces-vaste-onderdelen"),
        choose_payload("proces-begeleiding"),
    }


def test_a_followup_the_last_entry_knows_every_word_of_gets_that_entry_again(answerer):
    """'welke waren landelijk?' after the number of pilots: the three national pilots are in
    that answer's details, not in the entry about the national parties (SZW, OCW, SBB)."""
    chat = Conversation(answerer)
    first, _ = chat.ask("hoeveel pilots zijn er geweest?")
    assert first.entry_id == "cijfers-pilots"
    outcome, text = chat.ask("en welke daarvan waren landelijk?")
    assert outcome.entry_id == "cijfers-pilots"
    assert "doorzaam" in text and "dji" in text


def test_a_pilot_left_out_is_not_what_the_question_is_about():
    read = vocabulary().read
    assert "pilot" not in read("en zonder DJI?")
    assert "pilot" not in read("alle pilots behalve de pilot van Doorzaam")
    assert read("hoeveel deelnemers had DJI?")["pilot"] == {"dji"}
    assert read("zonder startkwalificatie in Twente") == {
        "pilot": frozenset({"twente"}),
        "criterion": frozenset({"startkwalificatie"}),
    }


def test_a_followup_leaving_a_pilot_out_gets_the_figure_without_it(answerer):
    chat = Conversation(answerer)
    chat.ask("hoeveel mannen en vrouwen deden mee aan de pilots?")
    outcome, text = chat.ask("en zonder DJI?")
    assert outcome.kind == "answer" and "71%" in text


@pytest.mark.parametrize(
    ("message", "company"),
    [
        (
            "Uitzendkracht van 35, geen startkwalificatie. Het uitzendbureau wil dat hij een pv"
            " haalt. Is daar een pilot voor?",
            "doorzaam",
        ),
        (
            "Statushouder, goed in naaien. Is er een bedrijf in de pilots dat met naaiwerk"
            " praktijkleren doet?",
            "ons label",
        ),
        (
            "Klant van 25, geen startkwalificatie, zit in de dagbesteding. Was er in de pilots"
            " iets voor mensen die van dagbesteding naar werk willen?",
            "vgn en actiz",
        ),
    ],
)
def test_a_pilot_for_a_client_like_this_is_the_one_the_message_names_or_describes(
    answerer, message, company
):
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.kind == "answer" and company in text


def test_a_company_described_by_its_trade_and_town_is_that_pilot():
    read = vocabulary().read
    assert read("ze werkt bij een naaiatelier in Breda")["pilot"] == {"ons-label"}
    assert read("de horeca groothandel in Leiden")["pilot"] == {"sligro"}


def test_a_second_question_opening_with_a_preposition_is_answered_too(answerer):
    outcome, text = Conversation(answerer).ask(
        "Hoe kom je bij Sligro binnen en op welke kwalificatie leer je daar?"
    )
    assert "re-integratiebedrijf" in text  # how one gets in (pilot-sligro)
    assert "assistent verkoop" in text  # the kwalificatie (pilot-sligro-traject)


def test_and_another_actor_after_who_pays_asks_who_pays_that_actor(answerer):
    """'en de praktijkopleider?' names a topic word of its own, yet only makes sense against
    the question before it: who pays the praktijkopleider, not what he does."""
    chat = Conversation(answerer)
    chat.ask("wie betaalt het mbo-deel van een traject?")
    outcome, text = chat.ask("en de praktijkopleider?")
    assert outcome.kind == "answer" and "zelf te betalen" in text
    outcome, text = chat.ask("en de jobcoach?")
    assert "jobcoaches uit eigen middelen" in text


def test_an_entry_about_every_actor_named_fits_better_than_one_about_one_of_them(answerer):
    named = vocabulary().read("waarom meldden gemeenten en UWV zo weinig kandidaten aan?")
    assert named["actor"] == {"gemeente", "uwv"}
    both = fit(answerer.kb.entries["lessen-knelpunt-aanmeldingen"], named)
    one = fit(answerer.kb.entries["rollen-uwv"], named)
    assert both.matched > one.matched > 0


def test_a_followup_after_a_company_like_the_clients_is_about_that_company(answerer):
    """The message names Enschede (Twente), the answer ONS Label: 'hun' is ONS Label."""
    chat = Conversation(answerer)
    outcome, _ = chat.ask(
        "Klantmanager in Enschede. Klant van 30, geen startkwalificatie, niet ingeschreven, kan"
        " goed naaien. Is er in de pilots een naaiatelier waar ze dat doen?"
    )
    assert outcome.entry_id == "pilot-ons-label"
    outcome, text = chat.ask("hoeveel van hun deelnemers haalden een praktijkverklaring?")
    assert "15 deelnemers" in text and "9 haalden" in text


def test_a_document_named_in_the_question_favours_the_entries_that_cite_it(answerer):
    named = vocabulary().read("wat adviseert de handreiking voor consulenten over de intake?")
    assert named["source"] == {"001_74e070b8989509b9.txt"}
    citing = fit(answerer.kb.entries["handreiking-consulenten"], named)
    other = fit(answerer.kb.entries["cijfers-pilots"], named)
    assert citing.matched > other.matched
    assert not other.conflicts and not other.strict_conflict  # never rules an entry out


def test_why_not_after_an_answer_asks_beyond_that_answer(answerer):
    """'waarom niet?' is unsure between the answer just given and the reasons: the reasons,
    and without the note about numbers that belonged to the question before."""
    chat = Conversation(answerer)
    first, _ = chat.ask("hoeveel kandidaten kwamen er in de pilots eigenlijk via UWV?")
    assert first.entry_id == "rollen-uwv"
    outcome, text = chat.ask("waarom niet?")
    assert outcome.kind == "answer" and outcome.entry_id != "rollen-uwv"
    assert "meerwaarde" in text and "een aantal noemen de bronnen niet" not in text


def test_a_count_about_several_pilots_gets_each_pilots_figures(answerer):
    outcome, text = Conversation(answerer).ask("hoeveel deelnemers hadden DJI en Doorzaam?")
    assert outcome.kind == "answer"
    assert "241 deelnemers" in text  # DJI (cijfers-dji)
    assert "22 deelnemers" in text  # Doorzaam (cijfers-doorzaam)
    assert "784 deelnemers" not in text  # not all pilots together


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("Doorzaam, wat is dat voor partij?", "pilot-doorzaam"),
        ("wat is Rosa Novum eigenlijk?", "pilot-rosa-novum"),
        ("wie is Sligro?", "pilot-sligro"),
    ],
)
def test_what_a_named_pilot_is_gets_its_own_entry(answerer, question, entry):
    outcome, _ = Conversation(answerer).ask(question)
    assert outcome.entry_id == entry


def test_asking_what_it_is_needs_nothing_else_in_the_question():
    from bot.knowledge.question_parts import asks_what_it_is

    assert asks_what_it_is(", wat is dat voor partij?")
    assert not asks_what_it_is("hoeveel deelnemers had")
    assert not asks_what_it_is("wat is de rol van de praktijkopleider bij")


def test_what_a_pilot_is_stays_within_what_a_candidate_may_get(answerer):
    outcome = answerer.respond("wat is Rosa Novum?", None, None, "candidate", None)
    assert outcome.entry_id != "pilot-rosa-novum"  # an entry written for consultants


def test_a_regular_route_said_in_passing_comes_first_in_the_case_answer(answerer):
    message = (
        "Klant van 40, geen sk, kan makkelijk een bbl opleiding niveau 2 doen."
        " Is praktijkleren dan geschikt?"
    )
    outcome, text = Conversation(answerer).ask(message)
    assert text.startswith(
        "op grond van wat u noemt komt uw klant waarschijnlijk niet in aanmerking"
    )
    assert "die gaat voor" in text


def test_enrolled_at_entree_is_enrolled_in_the_case_answer(answerer):
    message = (
        "Klant van 19, Wajong, geen startkwalificatie, ingeschreven bij entree."
        " Kan hij toch praktijkleren doen?"
    )
    outcome, text = Conversation(answerer).ask(message)
    assert "volgt al een mbo-opleiding" in text
    assert "of uw klant al bij het mbo ingeschreven staat" not in text  # not asked again


def test_an_admission_question_gets_no_pilots_entry_the_message_does_not_name(answerer):
    """'Komt hij in aanmerking?' alone reads like DJI's target group; for a client in the
    bijstand that entry adds nothing to the case answer."""
    outcome, text = Conversation(answerer).ask(
        "Klant van 23 in de bijstand, geen sk, heeft al een mbo-1 entree diploma."
        " Komt hij in aanmerking?"
    )
    assert "past bij de doelgroep" in text and "bijstand" in text
    assert "gedetineerd" not in text and "dji" not in text
    assert len(outcome.replies) == 1


def test_a_client_at_work_hears_that_werkenden_are_in_the_target_group(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 35 werkt al 10 jaar als productiemedewerker, heeft geen startkwalificatie."
        " Komt hij in aanmerking?"
    )
    assert "werkzoekenden en werkenden zonder startkwalificatie" in text


def test_a_region_after_a_young_client_asks_for_the_age_limit_there(answerer):
    chat = Conversation(answerer)
    chat.ask("kan een meisje van 17 zonder diploma instromen in praktijkleren?")
    outcome, text = chat.ask("en in west-brabant?")
    assert outcome.entry_id == "pilot-west-brabant-doelgroep"
    assert "16 tot 67" in text


def test_who_to_call_there_gives_the_contacts_of_the_pilot_region_discussed(answerer):
    chat = Conversation(answerer)
    outcome, _ = chat.ask("welke partijen doen mee in de twentse pilot?")
    assert outcome.entry_id == "pilot-twente"  # "twentse" names Twente
    outcome, text = chat.ask("wie kan ik daar bellen")
    assert outcome.region == "twente"
    assert text.startswith("contacten in twente")


def test_a_money_followup_naming_its_own_actor_is_answered_for_that_actor(answerer):
    chat = Conversation(answerer)
    chat.ask("wie betaalt de mbo-school bij een pv traject?")
    _, text = chat.ask("en de jobcoach?")
    assert "jobcoaches" in text
    outcome, text = chat.ask("en voor de werkgever, krijgt die iets?")
    assert outcome.kind == "answer"
    assert "geen vergoeding" in text and "jobcoach" not in text


def test_a_question_put_indirectly_in_an_email_is_answered(answerer):
    from bot.knowledge.question_parts import asking_part

    message = (
        "Goedemorgen. Een werkgever vroeg me of een praktijkverklaring hetzelfde is als een"
        " diploma. Ik hoor het graag, groet Jan"
    )
    assert asking_part(message) == "een praktijkverklaring hetzelfde is als een diploma?"
    assert asking_part("hoe lang duurt een traject?") == ""  # the whole message asks
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.entry_id == "pv-geen-diploma"
    assert "burgerschap" in text


def test_a_case_in_a_pilot_region_quotes_who_may_take_part_there(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant is 60, werkt in Breda, geen sk. Is hij niet te oud voor de pilot in West-Brabant?"
    )
    assert "maximumleeftijd noemen de bronnen niet" in text
    assert "16 tot 67" in text  # West-Brabant's own target group


def test_a_region_is_never_a_company_like_the_clients(answerer):
    vocabulary = answerer.vocabulary
    message = "Klant in West-Brabant kan goed naaien. Is er in de pilots een vergelijkbaar bedrijf?"
    named = vocabulary.read(message)
    assert "west-brabant" in named["pilot"]
    assert vocabulary.companies(message, named)[0] == "ons-label"


def test_a_followup_that_asks_its_own_question_is_what_the_next_one_is_about(answerer):
    chat = Conversation(answerer)
    chat.ask("voor welke groepen is de pilot in groningen bedoeld")
    outcome, _ = chat.ask("en hoeveel deelnemers hadden ze?")
    assert outcome.entry_id == "cijfers-groningen"
    outcome, text = chat.ask("en foodvalley?")
    assert outcome.entry_id == "cijfers-foodvalley"  # the number of participants, not who
    assert "2 deelnemers" in text


def test_a_followup_with_its_own_question_does_not_get_the_last_answer_again(answerer):
    chat = Conversation(answerer)
    first, _ = chat.ask("wat waren de pijnpunten van kandidaten in de klantreis")
    assert first.entry_id == "klantreis-wat-kandidaten-missen"
    again, _ = chat.ask("en wat ging er goed?")
    assert again.kind == "answer" and again.entry_id != first.entry_id


def test_a_client_group_the_sources_do_not_know_is_said_to_be_unknown(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 40 is zzp'er zonder startkwalificatie. Kan hij meedoen aan praktijkleren?"
    )
    assert text.startswith("op grond van wat u noemt moet u uw klant bespreken")
    assert "over zzp'ers (zelfstandigen) staat niets in de bronnen" in text
    assert "past bij de doelgroep" not in text


def test_a_question_about_her_after_a_participants_story_gets_that_story(answerer):
    chat = Conversation(answerer)
    outcome, _ = chat.ask("heb je een voorbeeld van een statushouder die een pv heeft gehaald?")
    assert outcome.entry_id == "voorbeeld-selina"
    outcome, text = chat.ask("en wat deed ze daarna?")
    assert outcome.entry_id == "voorbeeld-selina"
    assert "bbl-traject" in text and "vaste aanstelling" in text
    outcome, _ = chat.ask("hoe lang duurt een traject gemiddeld?")  # no "ze": a new question
    assert outcome.entry_id == "proces-duur"


def test_hours_asked_for_a_client_like_a_participant_also_get_that_story(answerer):
    outcome, text = Conversation(answerer).ask(
        "klant 50 jr, uitkering, gaat pv doen op een kwekerij van het sw-bedrijf. hoeveel uur"
        " en hoe lang moet ik ongeveer rekenen?"
    )
    assert "maatwerk" in text  # the general answer first
    assert "marianne (50)" in text and "28 uur per week" in text
    _, other = Conversation(answerer).ask("klant 25, ww, geen sk. hoe lang duurt een traject?")
    assert "een voorbeeld uit de bronnen" not in other  # no story fits this one


@pytest.mark.parametrize(
    ("question", "place_named", "back"),
    [
        ("is dat realistisch?", False, True),
        ("hoe lang duurt het daar?", False, True),
        ("hoe lang duurt het daar?", True, False),  # "daar" is the place the message names
        ("is dat daar ook zo?", True, True),
        ("komt het voor dat deelnemers bij het leerbedrijf blijven?", False, False),
        ("klopt het dat een pv geen diploma is?", False, False),
        ("wat zeggen de ervaringen uit de pilots hierover?", False, True),
        ("hoe gaan jullie hiermee om?", False, True),
        ("klantmanager hier. wat kost een traject?", False, False),
    ],
)
def test_what_points_back(question, place_named, back):
    from bot.knowledge.question_parts import points_back

    assert points_back(question, place_named) is back


def test_an_asking_sentence_about_the_place_the_message_names_is_answered_alone(answerer):
    message = (
        "Ik heb een nieuwkomer in Twente op mijn caseload. Met welke mbo-scholen werken ze daar "
        "samen?"
    )
    outcome = answerer.respond(message)
    assert outcome.kind == "answer"
    assert "twente" in outcome.entry_id


def test_hours_of_one_participant_like_the_client_get_her_story(answerer):
    from bot.knowledge.example_questions import wants_example

    assert wants_example("hoeveel uur werkte een vergelijkbare deelnemer?")
    assert not wants_example("hoeveel uur werkten de deelnemers in de voorbeelden?")
    message = (
        "Vader in de bijstand, wil aan de slag in een supermarkt en een pv halen. Hoeveel uur "
        "werkte een vergelijkbare deelnemer?"
    )
    outcome = answerer.respond(message)
    assert outcome.kind == "answer"
    assert outcome.entry_id.startswith("voorbeeld-")
    assert "uur" in outcome.replies[0].text


def test_a_question_put_indirectly_in_a_case_is_part_of_what_it_asks():
    message = (
        "Mijn klant is 40 en werkt in een garage. De eigenaar vraagt of hij iets krijgt voor "
        "de begeleiding. Wat zeg ik?"
    )
    assert question_part(message) == "hij iets krijgt voor de begeleiding? Wat zeg ik?"


def test_an_owner_asking_whether_he_gets_something_for_the_guidance_hears_no_fee(answerer):
    message = (
        "Klant van 45 kan aan de slag bij een garage. De eigenaar vraagt of hij iets krijgt "
        "voor de tijd die zijn praktijkopleider kwijt is. Wat kan ik zeggen?"
    )
    outcome = answerer.respond(message)
    assert outcome.kind == "answer"
    assert "geen vergoeding" in outcome.replies[0].text


@pytest.mark.parametrize(
    ("message", "part"),
    [
        (
            "klant 40 geen sk, in welke sectoren werkten de deelnemers?",
            "in welke sectoren werkten de deelnemers?",
        ),
        ("vrouw van 30, bijstand, hoe lang duurt een traject?", "hoe lang duurt een traject?"),
        ("wat is een pv, en hoe lang duurt het?", "wat is een pv, en hoe lang duurt het?"),
        (
            "man van 42 zonder sk wil ik aanmelden, maar wie checkt dat bij duo?",
            "maar wie checkt dat bij duo?",
        ),
    ],
)
def test_the_asking_clause_after_the_facts_is_what_a_one_sentence_case_asks(message, part):
    from bot.knowledge.question_parts import asking_clause

    assert asking_clause(message) == part


def test_a_fact_question_after_the_facts_in_one_sentence_gets_its_answer(answerer):
    outcome, text = Conversation(answerer).ask(
        "bijstand 41 geen sk, aan hoeveel werkprocessen werkten de deelnemers?"
    )
    assert outcome.entry_id == "cijfers-werkprocessen"
    assert "werkprocessen" in text


@pytest.mark.parametrize("marker", ["andere vraag,", "los daarvan:", "ok, nog een vraag:"])
def test_a_new_topic_marker_is_not_part_of_the_question(answerer, marker):
    chat = Conversation(answerer)
    chat.ask("wie zijn de partners in de pilot in twente?")
    plain = Conversation(answerer).ask("wat is de boris-aanpak?")[0]
    outcome, _ = chat.ask(f"{marker} wat is die boris-aanpak?")
    assert outcome.kind == "answer"
    assert outcome.entry_id == plain.entry_id


def test_hours_asked_again_for_other_pilots_come_from_the_entry_that_states_them(answerer):
    chat = Conversation(answerer)
    chat.ask("hoeveel uur per week werken de deelnemers bij Sligro?")
    ons, text = chat.ask("en bij ONS Label?")
    assert ons.entry_id == "pilot-ons-label" and "24 tot 32 uur" in text
    dji, text = chat.ask("en bij DJI?")
    assert dji.entry_id == "pilot-dji-duur" and "20 uur" in text
    assert "noemen de bronnen niet" not in text


def test_a_third_pilot_in_a_row_gets_its_own_figures(answerer):
    chat = Conversation(answerer)
    chat.ask("hoeveel deelnemers had DJI?")
    assert chat.ask("en West-Brabant?")[0].entry_id == "cijfers-west-brabant"
    outcome, text = chat.ask("en groningen")
    assert outcome.entry_id == "cijfers-groningen"
    # the question the follow-ups continue no longer names the first pilot
    assert "dji" not in outcome.context["q"].lower()


def test_a_second_pv_for_a_client_is_about_stacking_not_admission(answerer):
    from bot.knowledge.question_parts import asks_admission

    assert not asks_admission("kan hij er nog een tweede pv bij halen?")
    assert asks_admission("kan hij een pv halen?")
    message = (
        "Mijn klant (25, geen sk, niet ingeschreven) heeft zijn eerste pv gehaald in de "
        "groenvoorziening. Kan hij er nog een tweede pv bij halen?"
    )
    outcome = answerer.respond(message)
    assert outcome.entry_id == "pv-stapelen"


def test_a_follow_up_asking_its_own_about_the_pilot_gets_that_pilots_entry_for_it(answerer):
    chat = Conversation(answerer)
    first, _ = chat.ask("hoe lang duurt een traject bij Sligro?")
    assert first.entry_id == "pilot-sligro-traject"
    outcome, text = chat.ask("en wat gebeurt daar na de praktijkverklaring?")
    assert outcome.entry_id == "pilot-sligro-na-pv"
    assert "jobcoach" in text


def test_a_pilot_carried_from_the_conversation_finds_its_own_entry(answerer):
    """'daar' carries the pilot; its own entry is scored as if the question named it."""
    from bot.knowledge import own_entries as own_of

    named = {"pilot": frozenset({"sligro"})}
    query = "wat gebeurt daar na de praktijkverklaring?"
    own = own_of.own_entry(
        answerer.ranker, answerer.kb.entries.values(), [("pilot", "sligro")], query, named
    )
    assert own is not None and own.id == "pilot-sligro-na-pv"


def test_a_why_after_who_pays_asks_beyond_the_table(answerer):
    chat = Conversation(answerer)
    first, _ = chat.ask("wie betaalt de jobcoach?")
    assert first.entry_id is None  # the who-pays table
    outcome, _ = chat.ask("waarom is dat een probleem voor bedrijven?")
    assert outcome.entry_id is not None  # an entry, not the same table again
    assert outcome.replies[0].text != first.replies[0].text


def test_why_with_one_word_about_the_last_answer_stays_with_that_answer(answerer):
    chat = Conversation(answerer)
    first, _ = chat.ask("hoe snel gaat de erkenning van de derde leerweg bij DUO?")
    assert first.entry_id == "proces-crebo-erkenning"
    outcome, _ = chat.ask("waarom is dat zo lastig?")
    assert outcome.entry_id == "proces-crebo-erkenning"


def test_a_one_word_question_is_about_the_pilot_just_discussed(answerer):
    chat = Conversation(answerer)
    chat.ask("welke kwalificatie doen ze bij Rosa Novum?")
    outcome, text = chat.ask("wie beoordeelt?")
    assert outcome.kind == "answer"
    assert "rosa novum" in text.lower()


def test_a_followup_that_asks_for_another_count_gets_that_count(answerer):
    chat = Conversation(answerer)
    outcome, _ = chat.ask("Hoeveel deelnemers hebben er in totaal meegedaan aan de pilots?")
    assert outcome.entry_id == "cijfers-deelnemers"
    # every word is in the participants' entry, but the question alone is about the pv's
    outcome, text = chat.ask("en hoeveel daarvan hebben een pv gehaald?")
    assert outcome.entry_id == "cijfers-praktijkverklaringen"
    assert "405" in text


def test_paid_work_is_no_question_about_who_pays(answerer):
    outcome, text = Conversation(answerer).ask(
        "Weten we hoeveel mensen na hun praktijkverklaring aan betaald werk kwamen?"
    )
    assert outcome.entry_id == "cijfers-werk-na-pv"
    assert "zelden" in text


def test_why_after_who_pays_is_no_question_for_the_table(answerer):
    chat = Conversation(answerer)
    chat.ask("Wie betaalt de begeleiding van de kandidaten bij Sligro?")
    chat.ask("En bij Rosa Novum?")
    outcome, text = chat.ask("waarom kregen ze geen subsidie?")
    assert outcome.entry_id is not None  # an entry that knows why, not the who-pays table
    assert "overintekening" in text


def test_a_duration_asked_about_a_pilot_in_a_case_comes_from_its_entry_that_says_it(answerer):
    outcome, text = Conversation(answerer).ask(
        "Cliënt 29, geen startkwalificatie, werkt al een jaar bij een kwekerij. Hoe lang duurt"
        " zo'n traject bij een bedrijf als Rosa Novum?"
    )
    assert outcome.entry_id == "pilot-rosa-novum-traject"
    assert "1 jaar" in text
    assert "noemen de bronnen niet" not in text


@pytest.mark.parametrize(
    ("said", "enrolled"),
    [
        ("niet op het mbo", "nee"),
        ("zit niet op een mbo", "nee"),
        ("nooit op het mbo gezeten", "nee"),
        ("heeft nooit een mbo-opleiding gedaan", "nee"),
        ("zit op het mbo", "ja"),
        ("kan niet op het mbo niveau 2 meekomen", None),
    ],
)
def test_mbo_enrolment_is_read_in_a_consultants_words(said, enrolled):
    facts = read_facts(f"klant 30, geen startkwalificatie, {said}. kan hij meedoen?")
    assert facts.get("elig_mbo_enrolled") == enrolled


@pytest.mark.parametrize(
    "message",
    [
        "klant 44 in de bijstand heeft 1 pv, kan hij er een tweede bij halen?",
        "Cliënte van 39 heeft al een praktijkverklaring schoonmaak. Kan ze er nog een halen?",
    ],
)
def test_one_more_after_a_pv_in_the_facts_asks_about_stacking(answerer, message):
    outcome, text = Conversation(answerer).ask(message)
    assert outcome.entry_id == "pv-stapelen"
    assert "458" in text
    assert outcome.context["q"] == message  # the slot keeps what was typed, not the search


def test_a_gap_records_the_question_as_typed(answerer):
    recorded = []
    asking = Answerer(answerer.kb, answerer.ranker, record=lambda q, **_: recorded.append(q))
    typed = "kan hij er nog een halen op de maan, met een raket van de gemeente?"
    outcome = asking.respond(typed, None, None, "consultant", None)
    assert outcome.kind != "answer"
    assert recorded == [typed]


def test_a_pilot_named_after_a_count_gets_its_own_count(answerer):
    chat = Conversation(answerer)
    chat.ask("hoeveel deelnemers waren er begin 2021 in totaal geregistreerd in het praktijkloket?")
    outcome, text = chat.ask("en bij DJI?")  # the general question's "begin", "totaal": no matter
    assert outcome.entry_id == "cijfers-dji"
    assert "241 deelnemers" in text
    assert "niet in de kennisbank" not in text


def test_a_follow_up_the_same_payer_cell_does_not_answer_gets_the_pilots_entry(answerer):
    chat = Conversation(answerer)
    chat.ask("wie draait bij Sligro op voor de begeleiding?")
    outcome, text = chat.ask("en bij Rosa Novum?")
    assert "rosa novum" in text and "zelf" in text  # the table's cell for Rosa Novum
    outcome, text = chat.ask("kregen ze daar dan geen subsidie voor?")
    assert outcome.entry_id == "pilot-rosa-novum-financiering"
    assert "slim" in text and "niet toegekend" in text


def test_what_to_mind_during_the_traject_gets_the_klantreis_advice(answerer):
    outcome, text = Conversation(answerer).ask(
        "Klant van 25, geen startkwalificatie, niet ingeschreven, begint volgende week aan een "
        "pv-traject bij een bakkerij. Waar moet ik in de begeleiding op letten?"
    )
    assert outcome.entry_id == "klantreis-gewenst"
    assert "herhal" in text and "vervolg" in text  # the klantreis' two aandachtspunten


def test_no_source_sets_a_language_level(answerer):
    outcome, text = Conversation(answerer).ask("welk taalniveau moet een statushouder hebben?")
    assert outcome.entry_id == "doelgroep-nieuwkomers"
    assert "de bronnen stellen geen eis aan het taalniveau" in text


def test_more_than_one_after_a_pv_topic_asks_about_stacking(answerer):
    chat = Conversation(answerer)
    chat.ask("aan hoeveel werkprocessen werkt een deelnemer?")
    outcome, text = chat.ask("en mag een deelnemer er meer dan één halen?")
    assert outcome.entry_id == "pv-stapelen"
    assert "458" in text


def test_the_dji_share_of_all_participants_is_given(answerer):
    outcome, text = Conversation(answerer).ask("welk percentage van de deelnemers zat bij DJI?")
    assert outcome.entry_id == "cijfers-dji"
    assert "31%" in text


def test_figures_of_all_pilots_that_name_the_pilot_answer_a_question_about_it(answerer):
    talk = Conversation(answerer)
    talk.ask("Hoeveel deelnemers had de pilot in West-Brabant?")
    talk.ask("en hoeveel daarvan hebben een pv gehaald?")
    outcome, text = talk.ask("welke school deed het daar?")
    assert outcome.entry_id == "cijfers-mbo-scholen"  # "een leidende rol in West-Brabant"
    assert "marlijn" in text and "aparte cijfers" not in text
    outcome, text = Conversation(answerer).ask(
        "hoeveel deelnemers had Noord-Limburg per mbo-school?"
    )
    assert "noord-limburg" not in fold(answerer.kb.entries["cijfers-mbo-scholen"].answer)
    assert outcome.entry_id != "cijfers-mbo-scholen"  # a pilot the figures do not name


def test_a_pilot_question_that_asks_no_figure_gets_the_pilots_own_entry(answerer):
    talk = Conversation(answerer)
    talk.ask("Hoe komen kandidaten bij Sligro terecht?")
    outcome, text = talk.ask("en wat gebeurt er als ze de praktijkverklaring hebben?")
    assert outcome.entry_id == "pilot-sligro-na-pv"  # not "Aparte cijfers voor Sligro ..."
    assert "jobcoach" in text
    figures, _ = Conversation(answerer).ask("hoeveel praktijkverklaringen haalde Sligro?")
    assert figures.entry_id != "pilot-sligro-na-pv"  # a figure asked: no story instead


def test_a_person_named_in_the_question_favours_the_entry_about_that_person(answerer):
    """Janneke's own entry has her name in its title; the klantreis overview only mentions her."""
    named = vocabulary().read("wat wil Janneke worden in die klantreis?")
    assert named["person"] == {"janneke"}
    own = fit(answerer.kb.entries["klantreis-janneke"], named)
    mentions = fit(answerer.kb.entries["klantreis-onderzoek"], named)
    other = fit(answerer.kb.entries["klantreis-hugo"], named)
    assert own.matched > mentions.matched > other.matched
    assert not other.conflicts and not other.strict_conflict  # never rules an entry out


def test_a_question_about_both_personas_gets_the_entry_about_both(answerer):
    chat = Conversation(answerer)
    outcome, text = chat.ask("wie zijn Hans en Jessica uit die handreiking?")
    assert outcome.entry_id == "consulent-personas"
    assert "uwv" in text and "klantmanager" in text


def test_a_detainee_released_halfway_gets_what_happens_to_his_traject(answerer):
    chat = Conversation(answerer)
    outcome, text = chat.ask(
        "Mijn cliënt (30, geen startkwalificatie) zit in de gevangenis en doet daar praktijkleren."
        " Hij wordt volgende maand vrijgelaten. Is zijn traject dan voorbij?"
    )
    assert outcome.entry_id == "pilot-dji-vrijlating"
    assert "open setting" in text and "doorlopen" in text


def test_a_short_question_naming_persons_is_its_own_question_after_another_topic(answerer):
    chat = Conversation(answerer)
    chat.ask("hoeveel uur per week werken gedetineerden bij DJI?")
    outcome, _ = chat.ask("wie zijn hans en jessica?")
    assert outcome.entry_id == "consulent-personas"


def test_what_a_payer_gets_says_each_thing_once(answerer):
    _, text = Conversation(answerer).ask("krijgt de werkgever een vergoeding?")
    sentences = [s.strip() for s in re.split(r"[.:;]", text.split("Bron:")[0]) if s.strip()]
    assert "geen vergoeding" in text
    assert len(sentences) == len(set(sentences))
    assert text.count("uit eigen middelen") == 1


def test_facts_between_brackets_in_the_question_are_not_searched_with():
    text = (
        "Werkgever vraagt of mijn kandidaat (52, WW, geen sk, niet ingeschreven) met een pv "
        "straks makkelijker wordt aangenomen. Wat weten we daarover?"
    )
    part = question_part(text)
    assert "52" not in part and "ingeschreven" not in part
    assert "makkelijker wordt aangenomen" in part
    kept = question_part("Wat doet de ambassadeur (in Groningen)? En de jobcoach?")
    assert "(in Groningen)" in kept  # not a fact: stays


def test_a_client_described_after_another_question_is_a_new_case(answerer):
    chat = Conversation(answerer)
    chat.ask("krijgt de werkgever een vergoeding?")
    outcome, text = chat.ask(
        "Klant van 27 met autisme, banenafspraak, tijdelijk contract bij een groothandel. "
        "Hij haalt binnenkort zijn praktijkverklaring. Wat moet ik na de uitreiking regelen?"
    )
    assert outcome.entry_id == "proces-uitreiking"
    assert "vervolggesprek" in text and "vergoeding" not in text


def test_can_he_get_a_praktijkverklaring_asks_about_admission(answerer):
    _, text = Conversation(answerer).ask(
        "jongen 17, zit nog op het praktijkonderwijs en loopt stage bij een bakker, niet op mbo."
        " kan hij een praktijkverklaring krijgen?"
    )
    assert "bespreken in de inclusieve adviesfunctie" in text  # the criterion applied to 17
    assert "4% van de deelnemers jonger dan 18" in text and "boris" in text.lower()


def test_a_jobcoach_asking_what_to_arrange_after_the_pv_gets_the_klantreis_advice(answerer):
    outcome, text = Conversation(answerer).ask(
        "Ik ben jobcoach van een man van 26 met autisme die onder de banenafspraak valt. Hij"
        " werkt drie dagen bij een groothandel op een tijdelijk contract en rondt binnenkort"
        " zijn pv af. Wat moet ik volgens de klantreis regelen voor na de praktijkverklaring?"
    )
    assert outcome.entry_id != "klantreis-jobcoach"  # not the jobcoach's role
    assert "vervolggesprek" in text


def test_a_statushouder_case_gets_what_the_pilots_say_about_nieuwkomers(answerer):
    _, text = Conversation(answerer).ask(
        "statushouder 23, geen sk, heeft na aankomst de internationale schakelklas gedaan."
        " valt ze in de doelgroep?"
    )
    assert "pilots noemden nieuwkomers als doelgroep" in text  # the group's entry, not a persona


def test_how_many_participants_a_pilot_wanted_gets_its_figures(answerer):
    chat = Conversation(answerer)
    chat.ask("welke rol had het leerwerkloket in de pilot foodvalley")
    # its description says "in maart 2020 ... met deelnemers": a year, not a count
    outcome, text = chat.ask("hoeveel deelnemers wilden ze daar hebben?")
    assert outcome.entry_id == "cijfers-foodvalley" and "30-35 deelnemers" in text


def test_a_remark_about_the_answer_just_given_is_a_followup(answerer):
    assert is_followup("dat zijn bijna allemaal mannen zeker?", {}, {}, Context(q="x", ttl=2))
    chat = Conversation(answerer)
    chat.ask("hoeveel deelnemers had de dji pilot")
    _, text = chat.ask("dat zijn bijna allemaal mannen zeker?")
    assert "op een vrouw na waren alle deelnemers man" in text  # "allemaal", "zeker": how it asks


def test_a_short_question_after_what_happens_asks_about_that_not_the_role(answerer):
    outcome, text = Conversation(answerer).ask(
        "Ik ben jobcoach van een vrouw van 31, wajong, werkt bij een sw-bedrijf in de"
        " schoonmaak. Ze rondt volgende maand haar pv af. Wat moet ik nu regelen?"
    )
    assert outcome.entry_id != "klantreis-jobcoach" and "vervolggesprek" in text
    # with only facts before it, "wat moet ik doen?" still asks for the role
    outcome, _ = Conversation(answerer).ask(
        "Ik ben jobcoach bij het sw-bedrijf. Kandidaat 36, geen startkwalificatie, niet"
        " ingeschreven. Wat moet ik doen?"
    )
    assert outcome.entry_id == "rollen-jobcoach"
