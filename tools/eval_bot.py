"""The retrieval score as the running bot sees it: Rasa's NLU routes first.

Messages whose intent is a knowledge intent (kb_question, out_of_scope, or NLU
fallback) reach the ranker in the action server; anything else (greeting,
thanks, "ik wil iemand spreken", the check...) gets its own reply and so never
a knowledge answer. Needs the trained model (models/praktijkbot.tar.gz).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.knowledge.retrieval import Ranker, decide

KNOWLEDGE_INTENTS = {"kb_question", "out_of_scope", "nlu_fallback"}
MODEL = Path(__file__).resolve().parent.parent / "models" / "praktijkbot.tar.gz"


def bot_scores(
    ranker: Ranker, questions: list[tuple[str, str | None]]
) -> tuple[int, int, int, int]:
    """(answered right, answerable, refused or not answered, unanswerable)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()
    right = answerable = refused = unanswerable = 0
    for text, expected in questions:
        intent = loop.run_until_complete(agent.parse_message(text))["intent"]["name"]
        to_ranker = intent in KNOWLEDGE_INTENTS
        d = decide(ranker.rank(text), ranker.thresholds) if to_ranker else None
        if expected is None:
            unanswerable += 1
            refused += d is None or d.kind == "refuse"
        else:
            answerable += 1
            right += d is not None and d.kind == "answer" and d.entry_id == expected
    loop.close()
    return right, answerable, refused, unanswerable
