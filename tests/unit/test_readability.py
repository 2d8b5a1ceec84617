"""Every candidate-facing text passes the plain-language (B1) check."""

import pytest
import yaml

from bot.actions.candidate_forms import CONFIRM_BUTTONS, TEXTS
from bot.actions.common import ASK_A_PERSON, STILL_NOT_UNDERSTOOD
from bot.actions.crisis import UNKNOWN_NEXT
from bot.actions.fallback import LONE_ANSWER, NOT_UNDERSTOOD
from bot.actions.linking import ASK_CODE
from bot.actions.privacy import CONFIRM_BUTTONS as DELETE_BUTTONS
from bot.actions.privacy import DELETE_QUESTION, deleted_text
from bot.candidates.linking import MESSAGES as LINK_MESSAGES
from bot.candidates.privacy import what_we_know
from bot.channels.telegram_format import OLD_BUTTON, ONLY_TEXT
from bot.escalations.crisis import safety_message
from bot.escalations.handoff import GIVEN_BACK, TAKEN_OVER
from bot.escalations.records import REASONS, candidate_message
from bot.input_guard import problem_reply
from bot.knowledge.answering import default_answerer
from bot.knowledge.kb import load
from bot.knowledge.regions import directory_line
from bot.portal.app import SORRY
from bot.questions import conversations
from bot.readability import check, reading_ease, unexplained_jargon

DOMAIN = yaml.safe_load(open("domain.yml", encoding="utf-8"))


def _domain_texts():
    for name, variants in DOMAIN["responses"].items():
        for i, variant in enumerate(variants):
            yield pytest.param(variant["text"], id=f"{name}-{i}")
            for button in variant.get("buttons") or []:
                yield pytest.param(button["title"], id=f"{name}-{i}-knop")


def _knowledge_texts():
    for entry in load().entries.values():
        if entry.audience in ("candidate", "both"):
            yield pytest.param(entry.answer, id=entry.id)
            if entry.more:
                yield pytest.param(entry.more, id=f"{entry.id}-meer")
            for region, variant in entry.regional.items():
                yield pytest.param(variant.answer, id=f"{entry.id}-{region}")


def _code_texts():
    texts = [NOT_UNDERSTOOD, *LONE_ANSWER.values()]
    samples = ["", "x" * 5000, "🙂", "What is this program about please", "SELECT * FROM t"]
    texts += [problem_reply(t) for t in samples]
    answerer = default_answerer()
    texts += [r.text for r in answerer.refusal(None)]
    texts += [r.text for r in answerer.refusal("zeeland")]
    texts += [r.text for r in answerer.more(None).replies]
    texts += ["Meer uitleg", "Meer staat er niet over in de kennisbank."]
    texts += [directory_line({"name": "Zeeland"}, "leerwerkloket")]
    texts += ["Misschien helpt een van deze onderwerpen:", "Bedoelt u een van deze onderwerpen?"]
    return [pytest.param(t, id=f"code-{i}") for i, t in enumerate(texts)]


def _conversation_texts():
    """Intake, check-in and follow-up: questions, hints, buttons and fixed replies."""
    for conv in conversations().values():
        for key, value in conv.texts.items():
            for i, text in enumerate(value if isinstance(value, list) else [value]):
                yield pytest.param(text.format(name=" Sam"), id=f"{conv.name}-{key}-{i}")
        for q in conv.questions:
            for i, text in enumerate(q.ask):
                yield pytest.param(text, id=f"{q.slot}-{i}")
            yield pytest.param(f"{TEXTS['not_understood']} {q.hint}", id=f"{q.slot}-hint")
            yield pytest.param(f"{q.label}: weet ik niet", id=f"{q.slot}-label")
            for o in q.options:
                yield pytest.param(o.title, id=f"{q.slot}-{o.value}")
    texts = [*TEXTS.values(), DELETE_QUESTION, deleted_text(True), deleted_text(False)]
    texts += [ONLY_TEXT, OLD_BUTTON, ASK_CODE, SORRY]
    texts += [safety_message(), UNKNOWN_NEXT, STILL_NOT_UNDERSTOOD, ASK_A_PERSON]
    texts += [TAKEN_OVER.format(name="Anna"), GIVEN_BACK]
    texts += [candidate_message([r], True, "Anna") for r in REASONS]
    texts += [text.format(name="Sam") for text in LINK_MESSAGES.values()]
    texts += [b["title"] for b in CONFIRM_BUTTONS + DELETE_BUTTONS]
    texts += [candidate_message([r], known) for r in REASONS for known in (True, False)]
    for i, text in enumerate(texts):
        yield pytest.param(text, id=f"candidate-code-{i}")


def test_what_we_know_is_plain_dutch(project_db):
    from bot.store.engine import session

    with session(project_db) as s:
        assert check(what_we_know(s, "niemand")) == []


SOURCES = {
    "domain": list(_domain_texts()),
    "knowledge": list(_knowledge_texts()),
    "code": _code_texts(),
    "conversations": list(_conversation_texts()),
}


def test_every_source_of_candidate_text_is_read():
    assert {name: len(texts) > 5 for name, texts in SOURCES.items()} == dict.fromkeys(SOURCES, True)


@pytest.mark.parametrize("text", [t for texts in SOURCES.values() for t in texts])
def test_text_is_plain_dutch(text):
    assert check(text) == []


def test_the_check_rejects_hard_text():
    hard = (
        "Deelname aan het praktijkleertraject veronderstelt de aanwezigheid van een "
        "onderwijsovereenkomst en een beroepspraktijkvormingsovereenkomst conform de "
        "wettelijke bepalingen inzake de derde leerweg binnen het middelbaar beroepsonderwijs."
    )
    problems = [f.problem for f in check(hard)]
    assert any("leesgemak" in p for p in problems)
    assert any("zin van" in p for p in problems)
    assert any("derde leerweg" in p for p in problems)


def test_jargon_with_explanation_is_allowed():
    assert unexplained_jargon("Je leert taken uit een mbo-opleiding (werkprocessen).") == []
    assert unexplained_jargon("Je hebt geen startkwalificatie: een diploma.") == []
    assert unexplained_jargon("Je leert werkprocessen.") == ["werkprocessen"]


def test_reading_ease_scores_short_words_higher():
    assert reading_ease("Ik werk. Jij leert. Wij gaan.") > reading_ease(
        "Onderwijsvoorzieningen vereisen arbeidsmarktgerelateerde competentieontwikkeling."
    )
