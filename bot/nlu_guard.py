"""A Rasa NLU component: crisis language gets the intent `crisis`, English or "Nederlands
is moeilijk" the intent `other_language`, and unusable input the intent `bad_input`,
whatever DIET thinks.

Empty text, 5,000 characters, emoji only, markup, SQL-like text or English then
always reach action_answer_question, which replies calmly (bot/input_guard.py).
Button payloads ("/intent{...}") pass untouched.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.escalations.crisis import crisis_kind, reports_problem
from bot.input_guard import needs_simple_language, problem_reply

BAD_INPUT = {"name": "bad_input", "confidence": 1.0}
CRISIS = {"name": "crisis", "confidence": 1.0}
OTHER_LANGUAGE = {"name": "other_language", "confidence": 1.0}
PROBLEM = {"name": "report_problem", "confidence": 1.0}


def forced_intent(text: str) -> dict[str, Any] | None:
    """The intent that overrides DIET's for `text`, or None."""
    if crisis_kind(text):
        return CRISIS
    if reports_problem(text):
        return PROBLEM
    if needs_simple_language(text):
        return OTHER_LANGUAGE
    return BAD_INPUT if problem_reply(text) else None


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(GraphComponent, IntentClassifier):
    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> InputGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue
            forced = forced_intent(text)
            if forced is None:
                continue
            message.set(INTENT, dict(forced), add_to_output=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, [dict(forced), *ranking], add_to_output=True)
        return messages
