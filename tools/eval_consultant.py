"""`make eval`: the assistant as consultants meet it, graded by facts.

Runs the real Rasa and action servers (own ports, own databases) and sends every question
of tests/eval/consultant/<part>/*.yml over REST, a new conversation per item, the turns of a
dialogue in one conversation. The sets were written blind from the sources; they are not
training data.

Each reply is graded by the facts it must contain (`must`: every group, any alternative)
and must not contain (`must_not`), case- and accent-insensitive. Per set it prints:
  correct          expect answer: all facts there; expect refuse: the reply says it does not know
  honest refusals  of the questions the sources do not answer, how many were refused
  wrong refusals   answerable, but refused
  asked            answered with "Bedoelt u ...?" buttons
  confident-wrong  an answer (not a refusal, not a question back) that is wrong
Also: replies to consultants that use je/jij/jouw, and case facts asked for again.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import re
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from bot.launch.ports import free_port
from bot.run import ROOT, Stack
from bot.text import fold

SETS_DIR = ROOT / "tests" / "eval" / "consultant"
HISTORY = SETS_DIR / "HISTORY.md"
KINDS = ("single", "dialogues", "cases", "unanswerable")
REFUSAL = re.compile(
    r"niet in (mijn|de) kennisbank|zeggen niet|niet in de bronnen|noemen de bronnen niet"
    r"|staat niet in de bron|noemt de (evaluatie|bron) niet|nog niet ingevuld|niet bekend"
    r"|zeggen de bronnen niet"
    r"|geen (bedragen|cijfers)|staan er niet in"
)
STRONG_REFUSAL = re.compile(
    r"^(dat staat niet in mijn kennisbank|aparte cijfers voor|de bronnen zeggen niet)"
)
CLARIFY = "bedoelt u een van deze onderwerpen"
SECOND_PERSON = re.compile(r"\b(je|jij|jouw|jou)\b")
# a quote from a source ("wat je moet kunnen") is not the assistant addressing the consultant
QUOTED = re.compile(r"[\"“”][^\"“”]*[\"“”]")
ASKS_AGAIN = {
    "age": "hoe oud is uw klant",
    "startkwalificatie": "heeft uw klant een startkwalificatie",
    "mbo_ingeschreven": "staat uw klant nu ingeschreven",
}


def norm(text: str) -> str:
    return " ".join(fold(text).split())


@dataclass
class Turn:
    q: str
    expect: str
    must: list[list[str]]
    must_not: list[str]
    never_ask: list[str] = field(default_factory=list)


@dataclass
class Graded:
    item: str
    q: str
    verdict: str  # correct | refused_right | wrong_refusal | asked | confident_wrong
    reply: str
    entry: str | None
    second_person: bool
    asked_again: bool


def turns_of(item: dict[str, Any]) -> list[Turn]:
    raw = item.get("turns") or [item]
    return [
        Turn(
            str(t["q"]),
            str(t.get("expect", "answer")),
            [[str(a) for a in g] if isinstance(g, list) else [str(g)] for g in t.get("must") or []],
            [str(x) for x in t.get("must_not") or []],
            [str(x) for x in (t.get("never_ask") or item.get("never_ask") or [])],
        )
        for t in raw
    ]


def grade(turn: Turn, reply: str, entry: str | None, item: str) -> Graded:
    text = norm(reply)
    refused = bool(REFUSAL.search(text))
    strong = bool(STRONG_REFUSAL.search(text))
    has_all = all(any(norm(a) in text for a in group) for group in turn.must)
    forbidden = any(norm(x) in text for x in turn.must_not)
    asked_again = any(ASKS_AGAIN.get(k, "\0") in text for k in turn.never_ask)
    if CLARIFY in text and not turn.expect == "refuse":
        verdict = "asked"
    elif turn.expect == "refuse":
        verdict = "refused_right" if refused and not forbidden else "confident_wrong"
        if CLARIFY in text and not forbidden:
            verdict = "asked"
    elif has_all and not forbidden and not asked_again and not strong:
        verdict = "correct"
    elif strong:
        verdict = "wrong_refusal"
    else:
        verdict = "confident_wrong"
    return Graded(
        item,
        turn.q,
        verdict,
        reply,
        entry,
        bool(SECOND_PERSON.search(QUOTED.sub(" ", text))),
        asked_again,
    )


async def ask(
    session: aiohttp.ClientSession, url: str, tokens: tuple[str, str], sender: str, text: str
) -> tuple[str, str | None]:
    """`tokens`: the API token and the REST channel's; `sender` is a REST conversation id
    (rest-...), so its tracker has the same name."""
    token, rest_token = tokens
    body = {"sender": sender, "message": text}
    headers = {"Authorization": f"Bearer {rest_token}"}
    async with session.post(f"{url}/webhooks/rest/webhook", json=body, headers=headers) as resp:
        messages = await resp.json()
    reply = "\n".join(m.get("text", "") for m in messages if m.get("text"))
    async with session.get(
        f"{url}/conversations/{sender}/tracker", params={"token": token}
    ) as resp:
        tracker = await resp.json()
    return reply, (tracker.get("slots") or {}).get("kb_last_entry")


def run_in_process(items: list[dict[str, Any]]) -> list[Graded]:
    """The answerer without Rasa's NLU (quick, for development): every turn is a question."""
    from bot.knowledge.answering import Answerer
    from bot.knowledge.kb import load, load_out_of_scope
    from bot.knowledge.retrieval import Ranker
    from bot.knowledge.thresholds import load_settings

    global _ANSWERER
    if _ANSWERER is None:
        kb = load()
        design, thresholds = load_settings()
        ranker = Ranker(kb.entries.values(), design, thresholds, out_of_scope=load_out_of_scope())
        _ANSWERER = Answerer(kb, ranker, record=None)
    out = []
    for item in items:
        context = None
        for turn in turns_of(item):
            outcome = _ANSWERER.respond(turn.q, None, None, "consultant", context)
            context = outcome.context
            reply = "\n".join(r.text for r in outcome.replies)
            out.append(grade(turn, reply, outcome.entry_id, str(item.get("id"))))
    return out


_ANSWERER = None


async def run_set(url: str, tokens: tuple[str, str], items: list[dict[str, Any]]) -> list[Graded]:
    out: list[Graded] = []
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for item in items:
            sender = f"rest-eval-{uuid.uuid4().hex[:12]}"
            for turn in turns_of(item):
                reply, entry = await ask(session, url, tokens, sender, turn.q)
                out.append(grade(turn, reply, entry, str(item.get("id"))))
    return out


@dataclass
class Score:
    name: str
    n: int
    counts: Counter
    unanswerable: int
    second_person: int
    asked_again: int

    def pct(self, key: str, of: int | None = None) -> str:
        total = self.n if of is None else of
        return f"{100 * self.counts[key] / total:5.1f}%" if total else "   - "


def score(name: str, graded: list[Graded], turns: list[Turn]) -> Score:
    counts = Counter(g.verdict for g in graded)
    counts["correct"] += counts["refused_right"]
    return Score(
        name,
        len(graded),
        counts,
        sum(t.expect == "refuse" for t in turns),
        sum(g.second_person for g in graded),
        sum(g.asked_again for g in graded),
    )


def load_items(part: str, kind: str, only: str | None = None) -> list[dict[str, Any]]:
    """The items of one kind: `<kind>.yml` and later additions `<kind>2.yml`, ...; with `only`
    ("5"), those of `<kind>5.yml` alone (one blind set)."""
    items: list[dict[str, Any]] = []
    pattern = f"{kind}{only}.yml" if only is not None else f"{kind}*.yml"
    for path in sorted((SETS_DIR / part).glob(pattern)):
        items += (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("items") or []
    return items


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", action="append", choices=("dev", "test"))
    parser.add_argument(
        "--url", help="an assistant that already runs (needs --token and --rest-token)"
    )
    parser.add_argument("--token", default="")
    parser.add_argument("--rest-token", default="")
    parser.add_argument("--show", type=int, default=12, help="wrong answers to list per set")
    parser.add_argument("--history", help="append a row to HISTORY.md with this label")
    parser.add_argument("--in-process", action="store_true", help="without Rasa (development)")
    parser.add_argument("--only", help="one added set of the part: 5 reads dev/<kind>5.yml")
    args = parser.parse_args()
    parts = args.part or ["dev", "test"]
    stack = None
    url, tokens = args.url, (args.token, args.rest_token)
    if not url and not args.in_process:
        var = Path(tempfile.mkdtemp(prefix="eval-"))
        stack = Stack(rasa_port=free_port(), action_port=free_port(), var_dir=var)
        print("Assistent starten...", flush=True)
        stack.start()
        url, tokens = stack.rasa_url, (stack.token, stack.rest_token)
    rows = []
    try:
        for part in parts:
            for kind in KINDS:
                items = load_items(part, kind, args.only)
                if not items:
                    continue
                if args.in_process:
                    graded = run_in_process(items)
                else:
                    graded = asyncio.run(run_set(url, tokens, items))
                turns = [t for item in items for t in turns_of(item)]
                s = score(f"{part}{args.only or ''}/{kind}", graded, turns)
                rows.append(s)
                report(s, graded, args.show)
    finally:
        if stack is not None:
            stack.stop()
    print_table(rows)
    if args.history:
        append_history(args.history, rows)
    return 0


def report(s: Score, graded: list[Graded], show: int) -> None:
    print(f"\n== {s.name}: {s.n} beurten")
    wrong = [g for g in graded if g.verdict == "confident_wrong"]
    refused = [g for g in graded if g.verdict == "wrong_refusal"]
    for label, rows in (("zeker-fout", wrong), ("onterecht geweigerd", refused)):
        for g in rows[:show]:
            first = g.reply.replace("\n", " / ")[:110]
            print(f"  {label}: {g.item} {g.q[:70]!r} -> [{g.entry or '-'}] {first}")
    pairs = Counter(g.entry or "-" for g in wrong)
    if pairs:
        print(
            "  zeker-fout per gekozen item: "
            + ", ".join(f"{e} {n}" for e, n in pairs.most_common(8))
        )


def print_table(rows: list[Score]) -> None:
    print(
        f"\n{'set':<22} {'n':>4} {'goed':>7} {'eerlijk geweigerd':>18} {'onterecht gew.':>15}"
        f" {'doorgevraagd':>13} {'zeker-fout':>11} {'je-vorm':>8} {'opnieuw gevraagd':>17}"
    )
    for s in rows:
        honest = f"{s.counts['refused_right']}/{s.unanswerable}" if s.unanswerable else "-"
        print(
            f"{s.name:<22} {s.n:>4} {s.pct('correct'):>7} {honest:>18}"
            f" {s.pct('wrong_refusal'):>15} {s.pct('asked'):>13} {s.pct('confident_wrong'):>11}"
            f" {s.second_person:>8} {s.asked_again:>17}"
        )


def append_history(label: str, rows: list[Score]) -> None:
    if not HISTORY.exists():
        HISTORY.write_text(
            "# Consultant evaluation: history\n\n`make eval` (tools/eval_consultant.py). "
            "Percentages of turns; refusals as refused/unanswerable.\n\n"
            "| date | label | set | n | correct | honest refusals | wrong refusals | asked "
            "| confident-wrong |\n|---|---|---|---|---|---|---|---|---|\n",
            encoding="utf-8",
        )
    today = dt.date.today().isoformat()
    new = []
    for s in rows:
        honest = f"{s.counts['refused_right']}/{s.unanswerable}" if s.unanswerable else "-"
        new.append(
            f"| {today} | {label} | {s.name} | {s.n} | {s.pct('correct').strip()} | {honest} "
            f"| {s.pct('wrong_refusal').strip()} | {s.pct('asked').strip()} "
            f"| {s.pct('confident_wrong').strip()} |"
        )
    # Under the last row of the table headed "| date |": notes and other tables stay where they are.
    lines = HISTORY.read_text(encoding="utf-8").splitlines()
    head = next((i for i, line in enumerate(lines) if line.startswith("| date |")), None)
    if head is None:
        last = len(lines) - 1
    else:
        last = head
        while last + 1 < len(lines) and lines[last + 1].startswith("|"):
            last += 1
    lines[last + 1 : last + 1] = new
    HISTORY.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
