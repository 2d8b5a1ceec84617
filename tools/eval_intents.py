"""How well Rasa's NLU recognises what candidates type (`make eval`, second part).

Scores the trained model on tests/eval/intents.yml: held-out candidate messages (sign
up, wants to stop the traject, stop the questions, a problem, a person, privacy, a
question...), written apart from the training data. Prints accuracy per intent and the
confusions that matter most (e.g. "stop the questions" vs "stop the traject").
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = ROOT / "tests" / "eval" / "intents.yml"
MODEL = ROOT / "models" / "praktijkbot.tar.gz"
NLU_DIR = ROOT / "bot" / "data" / "nlu"
# The knowledge router treats these as "a question for the ranker".
SAME_AS_QUESTION = {"kb_question", "out_of_scope", "nlu_fallback"}


def training_texts() -> set[str]:
    texts = set()
    for path in NLU_DIR.glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in str(block.get("examples") or "").splitlines():
                texts.add(line.strip().removeprefix("- ").strip().lower())
    return texts


def main() -> int:
    from rasa.core.agent import Agent

    messages = yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))["messages"]
    seen = training_texts()
    skipped = [m for m in messages if m["text"].lower() in seen]
    messages = [m for m in messages if m["text"].lower() not in seen]
    agent = Agent.load(str(MODEL))
    loop = asyncio.new_event_loop()
    per_intent: dict[str, list[bool]] = defaultdict(list)
    confusions: Counter[tuple[str, str]] = Counter()
    for m in messages:
        got = loop.run_until_complete(agent.parse_message(m["text"]))["intent"]["name"]
        want = m["intent"]
        ok = got == want or (want == "kb_question" and got in SAME_AS_QUESTION)
        per_intent[want].append(ok)
        if not ok:
            confusions[(want, got)] += 1
    loop.close()
    total = sum(len(v) for v in per_intent.values())
    right = sum(sum(v) for v in per_intent.values())
    print(
        f"\nKandidaat-intenties (held-out, {total} zinnen; {len(skipped)} overgeslagen omdat "
        f"ze letterlijk in de trainingsdata staan): {right / total:.1%} goed"
    )
    for intent in sorted(per_intent):
        hits, n = sum(per_intent[intent]), len(per_intent[intent])
        print(f"  {intent:16s} {hits:3d}/{n:3d}  {hits / n:.0%}")
    if confusions:
        print("  meest verward (verwacht -> gekregen):")
        for (want, got), n in confusions.most_common(8):
            print(f"    {want} -> {got}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
