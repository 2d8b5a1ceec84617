"""Actions run on tracker fixtures, without a Rasa server."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.eligibility import (
    ASK_ACTIONS,
    ActionEligibilityResult,
    ActionResetEligibility,
    ValidateEligibilityForm,
)
from bot.actions.fallback import ActionDefaultFallback, ActionHandleStray
from bot.actions.knowledge import ActionAnswerQuestion
from bot.catalogue import say

DOMAIN = {"slots": {}, "forms": {"eligibility_form": {"required_slots": []}}}


def tracker(text="", intent="kb_question", slots=None, entities=None, active_loop=None):
    return Tracker(
        sender_id="test",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def _events_as_dict(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_answer_question_answers_with_source():
    d = CollectingDispatcher()
    await ActionAnswerQuestion().run(d, tracker("wat is een oplo"), DOMAIN)
    assert "Bron:" in d.messages[0]["text"]


async def test_answer_question_sets_region_named_in_question():
    d = CollectingDispatcher()
    events = await ActionAnswerQuestion().run(d, tracker("wat zijn de lessen uit twente"), DOMAIN)
    assert _events_as_dict(events).get("region") == "twente"


async def test_answer_question_sets_only_the_slots_that_change():
    first = await ActionAnswerQuestion().run(
        CollectingDispatcher(), tracker("wat zijn de lessen uit twente"), DOMAIN
    )
    slots = _events_as_dict(first)
    assert slots["region"] == "twente" and slots["kb_last_entry"]
    again = await ActionAnswerQuestion().run(
        CollectingDispatcher(), tracker("wat zijn de lessen uit twente", slots=slots), DOMAIN
    )
    assert "kb_entry_id" not in slots and _events_as_dict(again) == {}


async def test_chosen_entry_button_is_answered_directly():
    d = CollectingDispatcher()
    t = tracker(
        '/choose_entry{"kb_entry_id": "doelgroep-leeftijd"}',
        intent="choose_entry",
        entities=[{"entity": "kb_entry_id", "value": "doelgroep-leeftijd"}],
    )
    await ActionAnswerQuestion().run(d, t, DOMAIN)
    assert "18" in d.messages[0]["text"]


@pytest.mark.parametrize("text", ["", "🙂", "x" * 5000])
def test_fallback_replies_calmly_and_forgets(text):
    d = CollectingDispatcher()
    events = ActionDefaultFallback().run(d, tracker(text, intent=None), DOMAIN)
    assert d.messages and events[0]["event"] == "rewind"


def test_stray_yes_gets_an_invitation():
    d = CollectingDispatcher()
    ActionHandleStray().run(d, tracker("ja", intent="affirm"), DOMAIN)
    assert "vraag" in d.messages[0]["text"]


def test_a_question_read_as_a_lone_answer_is_answered():
    """'hoe oud was de oudste?' read as an answer (inform) outside the check: a question."""
    d = CollectingDispatcher()
    ActionHandleStray().run(d, tracker("hoe oud was de oudste deelnemer?", intent="inform"), DOMAIN)
    assert "Bron:" in d.messages[0]["text"] and "77" in d.messages[0]["text"]


def test_a_lone_number_without_a_conversation_is_still_a_lone_answer():
    d = CollectingDispatcher()
    ActionHandleStray().run(d, tracker("4", intent="inform"), DOMAIN)
    assert d.messages[0]["text"] == say("fallback.lone_inform")


def test_a_consultant_describing_a_client_who_reads_little_dutch_gets_the_case_answer():
    from bot.actions.fallback import ActionOtherLanguage

    d = CollectingDispatcher()
    text = "Statushouder van 27, spreekt nog weinig Nederlands, geen diploma. Kan ze meedoen?"
    ActionOtherLanguage().run(d, tracker(text, intent="other_language"), DOMAIN)
    assert "27 jaar" in d.messages[0]["text"]  # the case, not the simple-language buttons


@pytest.mark.asyncio
async def test_form_skips_follow_up_without_startkwalificatie():
    form = ValidateEligibilityForm()
    d = CollectingDispatcher()
    no_sk = tracker(slots={"elig_startkwalificatie": "nee"}, active_loop="eligibility_form")
    with_sk = tracker(slots={"elig_startkwalificatie": "ja"}, active_loop="eligibility_form")
    assert "elig_sk_unusable" not in await form.required_slots([], d, no_sk, DOMAIN)
    assert "elig_sk_unusable" in await form.required_slots([], d, with_sk, DOMAIN)


def test_validation_reads_messy_answers():
    form = ValidateEligibilityForm()
    d = CollectingDispatcher()
    t = tracker(active_loop="eligibility_form")
    assert form.validate_elig_age("ik denk tweeëntwintig", d, t, DOMAIN)["elig_age"] == "22"
    assert form.validate_elig_werkfit("Ja hoor", d, t, DOMAIN)["elig_werkfit"] == "ja"
    assert form.validate_elig_werkfit("geen idee", d, t, DOMAIN)["elig_werkfit"] == "onbekend"


def test_validation_asks_once_more_then_moves_on():
    form = ValidateEligibilityForm()
    d = CollectingDispatcher()
    first = form.validate_elig_age("oud", d, tracker(), DOMAIN)
    assert first["elig_age"] is None and "bijvoorbeeld: 34" in d.messages[-1]["text"]
    second_try = tracker(slots={"elig_retries": first["elig_retries"]})
    second = form.validate_elig_age("heel oud", d, second_try, DOMAIN)
    assert second["elig_age"] == "onbekend" and "weet ik niet" in d.messages[-1]["text"]


def test_ask_actions_offer_buttons():
    assert len(ASK_ACTIONS) >= 5
    for action_class in ASK_ACTIONS:
        d = CollectingDispatcher()
        action_class().run(d, tracker(), DOMAIN)
        titles = [b["title"] for b in d.messages[0]["buttons"]]
        assert "Weet ik niet" in titles


def test_result_gives_outcome_reasons_and_clears_answers():
    slots = {
        "elig_age": "17",
        "elig_startkwalificatie": "nee",
        "elig_mbo_enrolled": "nee",
        "elig_regular_route": "nee",
        "elig_werkfit": "ja",
        "elig_motivated": "ja",
    }
    d = CollectingDispatcher()
    events = ActionEligibilityResult().run(d, tracker(slots=slots), DOMAIN)
    text = d.messages[0]["text"]
    assert text.startswith("Bespreek uw klant in de inclusieve adviesfunctie.")  # 17: bespreek
    assert "18 jaar" in text and "4%" in text
    slots = _events_as_dict(events)
    assert slots and all(v is None for v in slots.values())

    d = CollectingDispatcher()
    ActionEligibilityResult().run(d, tracker(slots={**slots, "elig_mbo_enrolled": "ja"}), DOMAIN)
    assert d.messages[0]["text"].startswith("Uw klant komt waarschijnlijk niet in aanmerking.")


def test_reset_clears_every_answer():
    events = ActionResetEligibility().run(CollectingDispatcher(), tracker(), DOMAIN)
    assert "elig_age" in _events_as_dict(events)
