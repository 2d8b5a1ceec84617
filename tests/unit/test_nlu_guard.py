import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu_guard import InputGuard


def _run(text, intent="kb_question"):
    message = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.9}})
    InputGuard().process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize("text", ["", "x" * 5000, "😀😀", "SELECT * FROM t"])
def test_unusable_text_becomes_bad_input(text):
    assert _run(text, intent="start_eligibility") == "bad_input"


@pytest.mark.parametrize(
    "text", ["How does this work here", "sorry I dont understand dutch good", "Nederlands moeilijk"]
)
def test_english_or_dutch_is_hard_becomes_other_language(text):
    """Halima reads little Dutch: she gets the simple-language path, not a refusal."""
    assert _run(text) == "other_language"


@pytest.mark.parametrize(
    "text", ["wie betaalt de jobcoach", "/affirm", '/choose_entry{"kb_entry_id": "x"}']
)
def test_normal_text_and_buttons_pass(text):
    assert _run(text) == "kb_question"


def test_a_problem_at_work_is_reported_even_when_it_sounds_like_a_knowledge_question():
    """'ik heb ruzie met mijn baas over ...' was classified as a knowledge question once the
    knowledge base had many questions about 'mijn baas': the guard decides, not DIET."""
    from bot.nlu_guard import forced_intent

    for text in ("ik heb ruzie met mijn baas over de sleutels", "Ik word gepest", "ik heb stress"):
        assert forced_intent(text) == {"name": "report_problem", "confidence": 1.0}, text
    for text in ("wat als mijn klant ruzie heeft met zijn baas?", "heeft hij stress", "hoi"):
        assert forced_intent(text) is None, text
    assert forced_intent("ik wil niet meer leven, ik heb ruzie")["name"] == "crisis"
