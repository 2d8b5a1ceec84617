"""Time the answerer in-process, per question: what the action server spends on a knowledge
question, without Rasa, HTTP or the database (less noisy than `make bench` on a shared
machine).

    python -m tools.bench_answering [--rounds 3] [--profile 25]

Answers the questions of `make bench` (tests/eval/heldout.yml and dev.yml) as a consultant
and as a candidate. The first round starts with empty caches (a typo seen for the first
time); later rounds are what a running action server does with questions it saw before.
`--profile N` prints the N functions with the most time of a first round (cProfile, with
the knowledge loaded again, so with empty caches).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

import yaml

from bot.knowledge.live import build
from bot.run import ROOT

QUESTION_FILES = (ROOT / "tests" / "eval" / "heldout.yml", ROOT / "tests" / "eval" / "dev.yml")
ROLES = ("consultant", "candidate")


def questions(files: tuple[Path, ...] = QUESTION_FILES) -> list[str]:
    out: list[str] = []
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        out += [str(q["q"]) for q in data.get("questions") or []]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def one_round(answer: object, texts: list[str]) -> list[float]:
    """Milliseconds per question, each role answering every text."""
    out = []
    for role in ROLES:
        for text in texts:
            start = time.perf_counter()
            answer.respond(text, None, None, role, None)  # type: ignore[attr-defined]
            out.append(1000 * (time.perf_counter() - start))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="top functions of a first round")
    args = parser.parse_args()
    start = time.perf_counter()
    answerer = build()
    answerer.record = None  # no knowledge gaps written to the database
    print(f"Kennis en ranker geladen in {time.perf_counter() - start:.1f} s")
    texts = questions()
    print(f"{len(texts)} vragen x {len(ROLES)} rollen, in-process (zonder Rasa)")
    print(f"{'ronde':>6} {'gem ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for n in range(1, args.rounds + 1):
        lat = one_round(answerer, texts)
        print(
            f"{n:>6} {statistics.mean(lat):8.2f} {statistics.median(lat):8.2f}"
            f" {percentile(lat, 95):8.2f} {percentile(lat, 99):8.2f} {max(lat):8.2f}"
        )
    if args.profile:
        fresh = build()
        fresh.record = None
        profiler = cProfile.Profile()
        profiler.runcall(one_round, fresh, texts)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
