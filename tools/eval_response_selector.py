"""Rasa's ResponseSelector as a retrieval design, for `make eval` to compare.

Trains a throw-away NLU model (retrieval intent `faq/<entry id>`, one class per
knowledge entry, plus `faq/__none__` from knowledge/out_of_scope.yml) in a
temporary directory, then ranks questions with the trained model. Not used
by the running assistant.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from bot.knowledge.kb import KnowledgeBase, load_out_of_scope
from bot.knowledge.retrieval import NONE, Hit
from tools.build_nlu import BRACKETS

CONFIG = """recipe: default.v1
assistant_id: eval-response-selector
language: nl
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 4
  - name: DIETClassifier
    epochs: 1
    number_of_transformer_layers: 0
    entity_recognition: false
  - name: ResponseSelector
    epochs: 40
    number_of_transformer_layers: 0
    retrieval_intent: faq
policies: []
"""


class ResponseSelectorRanker:
    design = "response-selector"

    def __init__(self, kb: KnowledgeBase, out_of_scope: list[str] | None = None) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="eval-rs-"))
        classes = {e.id: list(e.questions) + [e.title] for e in kb.entries.values()}
        negatives = load_out_of_scope() if out_of_scope is None else out_of_scope
        if negatives:
            classes[NONE] = negatives
        nlu = ['version: "3.1"', "nlu:"]
        for key, examples in classes.items():
            nlu.append(f"  - intent: faq/{key}\n    examples: |")
            nlu += [f"      - {q.translate(BRACKETS)}" for q in examples]
        nlu.append(
            "  - intent: greet\n    examples: |\n      - hallo\n      - hoi\n      - goedemorgen"
        )
        (self.tmp / "nlu.yml").write_text("\n".join(nlu) + "\n", encoding="utf-8")
        domain = {
            "version": "3.1",
            "intents": ["faq", "greet"],
            "responses": {f"utter_faq/{k}": [{"text": k}] for k in classes},
        }
        (self.tmp / "domain.yml").write_text(yaml.safe_dump(domain), encoding="utf-8")
        (self.tmp / "config.yml").write_text(CONFIG, encoding="utf-8")
        subprocess.run(
            [
                str(Path(sys.executable).parent / "rasa"),
                "train",
                "nlu",
                "--nlu",
                "nlu.yml",
                "--config",
                "config.yml",
                "--domain",
                "domain.yml",
                "--out",
                "models",
                "--fixed-model-name",
                "rs",
                "--quiet",
            ],
            cwd=self.tmp,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from rasa.core.agent import Agent

        self.agent = Agent.load(str(self.tmp / "models" / "rs.tar.gz"))
        self.loop = asyncio.new_event_loop()

    def rank(self, question: str, top: int = 5) -> list[Hit]:
        parsed = self.loop.run_until_complete(self.agent.parse_message(question))
        ranking = parsed.get("response_selector", {}).get("faq", {}).get("ranking", [])
        hits = []
        for item in ranking[:top]:
            entry_id = item["intent_response_key"].split("/", 1)[1]
            hits.append(Hit(entry_id, round(float(item["confidence"]), 4), 1.0))
        return hits
