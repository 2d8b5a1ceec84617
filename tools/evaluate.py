"""`make eval`: scores knowledge retrieval on held-out questions and compares designs.

tests/eval/dev.yml tunes the thresholds; tests/eval/heldout.yml gives the final
score. Neither is ever used as training data (tools/build_nlu.py reads only knowledge/).
"""

from __future__ import annotations

import argparse
import itertools
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.kb import load, load_out_of_scope
from bot.knowledge.retrieval import DESIGNS, Hit, Ranker, decide
from bot.knowledge.thresholds import Thresholds
from bot.text import tokens

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"
THRESHOLDS_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "retrieval.yml"


@dataclass
class Score:
    design: str
    answerable: int
    correct: int
    clarified_right: int
    unanswerable: int
    refused: int
    misses: list[str]
    ms_per_question: float

    @property
    def top1(self) -> float:
        return self.correct / self.answerable if self.answerable else 0.0

    @property
    def refusal(self) -> float:
        return self.refused / self.unanswerable if self.unanswerable else 0.0

    @property
    def balanced(self) -> float:
        return min(self.top1, self.refusal) + 0.1 * (self.top1 + self.refusal)


def _norm(text: str) -> str:
    return " ".join(tokens(text))


def load_questions(name: str) -> list[tuple[str, str | None]]:
    data = yaml.safe_load((EVAL_DIR / name).read_text(encoding="utf-8"))
    return [(q["q"], q.get("expected")) for q in data["questions"]]


def rank_all(ranker: Ranker, questions: list[tuple[str, str | None]]) -> list[list[Hit]]:
    return [ranker.rank(text) for text, _ in questions]


def score(
    ranker: Ranker,
    questions: list[tuple[str, str | None]],
    ranked: list[list[Hit]] | None = None,
) -> Score:
    s = Score(ranker.design, 0, 0, 0, 0, 0, [], 0.0)
    start = time.perf_counter()
    if ranked is None:
        ranked = rank_all(ranker, questions)
        s.ms_per_question = 1000 * (time.perf_counter() - start) / max(1, len(questions))
    for (text, expected), hits in zip(questions, ranked):
        d = decide(hits, ranker.thresholds)
        got = [h.entry_id for h in d.hits]
        if expected is None:
            s.unanswerable += 1
            if d.kind == "refuse":
                s.refused += 1
            else:
                s.misses.append(f"  niet geweigerd: {text!r} -> {d.kind} {got[:1]}")
            continue
        s.answerable += 1
        if d.kind == "answer" and got[0] == expected:
            s.correct += 1
        elif d.kind == "clarify" and expected in got:
            s.clarified_right += 1
            s.misses.append(f"  keuzevraag:     {text!r} -> {got} (goed: {expected})")
        else:
            best = f"{hits[0].entry_id} {hits[0].score:.2f}/{hits[0].coverage:.2f}" if hits else "-"
            s.misses.append(
                f"  fout:           {text!r} -> {d.kind} {got[:1]} (goed: {expected}; beste {best})"
            )
    return s


def tune(ranker: Ranker, dev: list[tuple[str, str | None]]) -> Thresholds:
    """Grid search on the dev set only."""
    best, best_value = ranker.thresholds, -1.0
    blends = (0.5, 0.7, 0.85, 1.0) if ranker.design == "hybrid" else (ranker.thresholds.blend,)
    for blend in blends:
        ranker.thresholds = Thresholds(blend=blend)
        ranked = rank_all(ranker, dev)
        # Strictest first: on a tie the more careful thresholds win.
        grid = itertools.product(
            [x / 100 for x in range(60, 0, -5)],
            [0.6, 0.5, 0.4, 0.3, 0.2, 0.0],
            # Never "1.01": asking "which one do you mean?" for close entries is required.
            [0.85, 0.9, 0.95, 0.98],
            [0.5, 0.7, 0.85, 1.0],  # lower none_ratio = refuse sooner
        )
        for min_score, min_cov, ratio, none_ratio in grid:
            ranker.thresholds = Thresholds(min_score, min_cov, ratio, blend, none_ratio)
            value = score(ranker, dev, ranked).balanced
            if value > best_value:
                best, best_value = ranker.thresholds, value
    ranker.thresholds = best
    return best


def report(label: str, s: Score) -> None:
    print(
        f"{label:<28} top-1 {s.top1:6.1%} ({s.correct}/{s.answerable})  "
        f"keuzevraag-goed {s.clarified_right:3d}  "
        f"terecht geweigerd {s.refusal:6.1%} ({s.refused}/{s.unanswerable})  "
        f"{s.ms_per_question:5.1f} ms/vraag"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--misses", default="classifier", help="design whose misses to print")
    parser.add_argument(
        "--no-out-of-scope",
        action="store_true",
        help="train without knowledge/out_of_scope.yml (to measure its effect)",
    )
    parser.add_argument(
        "--save", action="store_true", help="store tuned thresholds of the best design"
    )
    parser.add_argument(
        "--bot", action="store_true", help="also score with Rasa's NLU routing (needs the model)"
    )
    parser.add_argument(
        "--response-selector",
        action="store_true",
        help="also train and score Rasa's ResponseSelector (takes minutes)",
    )
    args = parser.parse_args()
    kb = load()
    dev = [
        q
        for name in ("dev.yml", "dev2.yml")
        if (EVAL_DIR / name).exists()
        for q in load_questions(name)
    ]
    heldout = load_questions("heldout.yml")
    negatives = [] if args.no_out_of_scope else load_out_of_scope()
    fresh_check = load_questions("fresh.yml") if (EVAL_DIR / "fresh.yml").exists() else []
    train = {_norm(q) for e in kb.entries.values() for q in e.questions}
    train |= {_norm(q) for q in load_out_of_scope()}
    leaked = [q for q, _ in dev + heldout + fresh_check if _norm(q) in train]
    if leaked:
        print(f"FOUT: {len(leaked)} evaluatievragen staan ook in de trainingsdata: {leaked[:3]}")
        return 1
    print(
        f"Kennisbank: {len(kb.entries)} items; "
        f"dev {len(dev)} vragen, held-out {len(heldout)} vragen\n"
    )
    results = {}
    fresh = load_questions("fresh.yml") if (EVAL_DIR / "fresh.yml").exists() else []
    fresh_results = {}
    for design in DESIGNS:
        ranker = Ranker(kb.entries.values(), design=design, out_of_scope=negatives)
        t = tune(ranker, dev)
        s = score(ranker, heldout)
        results[design] = (s, t)
        report(design, s)
        if fresh:
            fresh_results[design] = score(ranker, fresh)
            report("  (fresh.yml)", fresh_results[design])
        print(
            f"{'':<28} drempels (op dev): score {t.min_score}, dekking {t.min_coverage}, "
            f"keuze {t.clarify_ratio}, blend {t.blend}, geen-antwoord {t.none_ratio}"
        )
    if args.response_selector:
        from tools.eval_response_selector import ResponseSelectorRanker

        print("ResponseSelector trainen (een paar minuten)...", flush=True)
        rs = ResponseSelectorRanker(kb, negatives)
        rs.thresholds = Thresholds()
        t = tune(rs, dev)
        s_rs = score(rs, heldout)
        report("response-selector", s_rs)
        print(f"{'':<28} drempels (op dev): score {t.min_score}, keuze {t.clarify_ratio}")
        results["response-selector"] = (s_rs, t)
    if args.bot:
        from bot.knowledge.thresholds import load_settings
        from tools.eval_bot import bot_scores

        design, thresholds = load_settings()
        ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=negatives)
        print(f"\nIn de bot (Rasa-NLU routeert eerst; ontwerp {design} uit retrieval.yml):")
        for name, qs in (("heldout.yml", heldout), ("fresh.yml", fresh)):
            if qs:
                r, a, ref, u = bot_scores(ranker, qs)
                print(
                    f"  {name:<12} top-1 {r / a:6.1%} ({r}/{a})  "
                    f"geen kennisantwoord op onbeantwoordbare vraag {ref / u:6.1%} ({ref}/{u})"
                )
    overall = max(results, key=lambda d: results[d][0].balanced)
    best = max(DESIGNS, key=lambda d: results[d][0].balanced)  # what the bot can run
    print(f"\nBeste ontwerp: {overall}" + (f" (in de bot: {best})" if overall != best else ""))
    s = results[args.misses][0]
    print(f"\nMissers van {args.misses} op heldout.yml ({len(s.misses)}):")
    print("\n".join(s.misses) or "  geen")
    if args.misses in fresh_results:
        s = fresh_results[args.misses]
        print(f"\nMissers van {args.misses} op fresh.yml ({len(s.misses)}):")
        print("\n".join(s.misses) or "  geen")
    if args.save:
        t = results[best][1]
        THRESHOLDS_FILE.write_text(
            "# Written by `python -m tools.evaluate --save` "
            "(tuned on tests/eval/dev.yml + dev2.yml).\n"
            f"design: {best}\nmin_score: {t.min_score}\nmin_coverage: {t.min_coverage}\n"
            f"clarify_ratio: {t.clarify_ratio}\nblend: {t.blend}\nnone_ratio: {t.none_ratio}\n",
            encoding="utf-8",
        )
        print(f"Drempels opgeslagen in {THRESHOLDS_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
