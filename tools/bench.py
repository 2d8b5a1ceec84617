"""`make bench`: speed of the assistant over REST in both shapes, in one run (issue 14).

1. The single-process SQLite stack (`make run`'s shape: bot.run.Stack).
2. The production shape (bot.launch.prod.ProdStack: PostgreSQL, Redis lock store, Rasa
   instances behind nginx) with 1 and with 2 Rasa instances (tools/bench_prod.py).
Each at concurrency 1, 8 and 32 with multi-turn conversations, each its own sender (the lock
store serialises one conversation, not different ones): p50/p95/p99 latency and messages per
second, then the ratios (2 vs 1 instance, production vs SQLite). Then, on 2 instances at
concurrency 8, `kill -9` of one instance and its restart: errors, seconds until none, messages
lost or doubled, check-ins doubled. Then the storage figures and the retention job's cost
(tools/bench_retention.py). `--quick`: tiny sizes, a smoke run; `--train` also times
`rasa train`; `--url` measures an assistant that already runs (its REST token with
--rest-token), without the production shape.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from bot.launch.ports import free_port
from bot.run import ROOT, Stack
from tools.bench_load import Load, check_trackers
from tools.bench_prod import ProdResult, Shape, kill_lines, measure, run_prod, storage_lines

QUESTION_FILES = [ROOT / "tests" / "eval" / "heldout.yml", ROOT / "tests" / "eval" / "dev.yml"]
TURNS = 4  # messages per conversation
SIZES = {1: 10, 8: 40, 32: 64}  # conversations per concurrency
QUICK_SIZES = {1: 1, 8: 2, 32: 2}


def questions() -> list[str]:
    out = []
    for path in QUESTION_FILES:
        out += [q["q"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return out


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_training() -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-train-"))
    start = time.perf_counter()
    rasa = str(Path(sys.executable).parent / "rasa")
    subprocess.run(
        [rasa, "train", "--data", "bot/data", "--force", "--out", str(out), "--quiet"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def sqlite_shape(
    texts: list[str], sizes: dict[int, int], turns: int, var: Path
) -> tuple[Shape, list[str]]:
    """The single-process stack of `make run`; its peak memory per process."""
    stack = Stack(rasa_port=free_port(), action_port=free_port(), var_dir=var)
    stack.portal_port = free_port()
    print("SQLite-opzet (één proces per soort) starten...", flush=True)
    stack.start()
    try:
        pids = lambda: {name: proc.pid for name, proc in stack.children.items()}  # noqa: E731
        loads = measure(stack.rasa_url, stack.rest_token, texts, sizes, turns, "sqlite", pids)
        shape = Shape("SQLite, 1 proces", 1, loads)
        answered = {k: v for load in loads.values() for k, v in load.answered.items()}
        shape.trackers = check_trackers(stack.tracker_db_url, answered)
        memory = [
            f"  {name:<12} {peak_memory_mb(proc.pid):7.0f} MB"
            for name, proc in stack.children.items()
        ]
    finally:
        stack.stop()
    return shape, ["", "Piekgeheugen (VmHWM) in de SQLite-opzet:", *memory]


def table(shapes: list[Shape]) -> list[str]:
    lines = [
        f"{'opzet':<30} {'gelijkt.':>8} {'berichten':>9} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'msg/s':>7} {'fouten':>6}"
    ]
    for shape in shapes:
        for c, load in shape.loads.items():
            f = load.summary()
            lines.append(
                f"{shape.name:<30} {c:>8} {load.messages:>9} {f['p50']:8.0f} {f['p95']:8.0f} "
                f"{f['p99']:8.0f} {f['rate']:7.1f} {load.errors:>6}"
            )
    for shape in shapes:
        t = shape.trackers
        if t is not None and (t.lost or t.duplicates or t.unreadable):
            lines.append(f"  FOUT in de trackers van {shape.name}: {t}")
    return lines


def cpu_table(shapes: list[Shape]) -> list[str]:
    """Where the CPU went: ms per message in all processes, in Rasa, in the action servers
    and PostgreSQL, and how much of one core the busiest Rasa process used."""
    lines = [
        "",
        "CPU per bericht (ms, alle processen van de opzet), de drukste Rasa-instantie (deel van "
        f"één kern) en de kernen die de opzet gebruikte (van {os.cpu_count()})",
        f"{'opzet':<30} {'gelijkt.':>8} {'totaal':>7} {'Rasa':>6} {'acties':>7} {'PG':>5} "
        f"{'nginx':>6} {'Rasa-kern':>10} {'kernen':>7}",
    ]
    for shape in shapes:
        for c, load in shape.loads.items():
            if not load.cpu:
                continue
            ms = load.cpu_ms_per_message
            lines.append(
                f"{shape.name:<30} {c:>8} {ms():7.0f} {ms('rasa'):6.0f} {ms('actions'):7.0f} "
                f"{ms('postgres'):5.0f} {ms('nginx'):6.0f} {100 * load.busiest('rasa'):9.0f}% "
                f"{load.cores:7.2f}"
            )
    return lines if len(lines) > 3 else []


def _ratio(a: Load | None, b: Load | None, key: str = "rate") -> str:
    if a is None or b is None or not b.summary()[key]:
        return "-"
    return f"{a.summary()[key] / b.summary()[key]:.2f}x"


def ratios(shapes: list[Shape]) -> list[str]:
    """msg/s of 2 vs 1 instance and of production vs SQLite; p95 of 2 vs 1 instance."""
    by = {s.instances if s.name.startswith("PostgreSQL") else 0: s for s in shapes}
    if 1 not in by and 2 not in by:
        return []
    sqlite, one, two = by.get(0), by.get(1), by.get(2)
    lines = [
        "",
        "Verhoudingen (berichten per seconde; p95: kleiner is beter)",
        f"{'gelijkt.':>8} {'2 inst./1 inst.':>16} {'p95 2/1':>8} {'PG 1 inst./SQLite':>18} "
        f"{'PG 2 inst./SQLite':>18}",
    ]
    for c in sorted({c for s in shapes for c in s.loads}):
        get = {
            k: (s.loads.get(c) if s else None) for k, s in (("s", sqlite), ("1", one), ("2", two))
        }
        lines.append(
            f"{c:>8} {_ratio(get['2'], get['1']):>16} {_ratio(get['2'], get['1'], 'p95'):>8} "
            f"{_ratio(get['1'], get['s']):>18} {_ratio(get['2'], get['s']):>18}"
        )
    return lines


def report(shapes: list[Shape], prod: ProdResult | None, turns: int) -> list[str]:
    lines = [
        "",
        f"REST-berichten: gesprekken van {turns} beurten, elk gesprek een eigen afzender",
        *table(shapes),
        *ratios(shapes),
        *cpu_table(shapes),
    ]
    if prod is not None and prod.kill is not None:
        lines += kill_lines(prod.kill)
    if prod is not None and prod.storage.events:
        lines += storage_lines(prod.storage)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke run")
    parser.add_argument("--no-prod", action="store_true", help="only the SQLite stack")
    parser.add_argument("--no-kill", action="store_true", help="skip the kill test")
    parser.add_argument("--train", action="store_true", help="also time `rasa train --force`")
    parser.add_argument("--url", help="measure an assistant that already runs (--rest-token)")
    parser.add_argument("--rest-token", default="")
    args = parser.parse_args(argv)
    texts, sizes = questions(), QUICK_SIZES if args.quick else SIZES
    turns = 2 if args.quick else TURNS
    shapes: list[Shape] = []
    extra: list[str] = []
    prod = None
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        if args.url:
            loads = measure(args.url, args.rest_token, texts, sizes, turns, "url")
            shapes.append(Shape(args.url, 1, loads))
        else:
            shape, extra = sqlite_shape(texts, sizes, turns, Path(tmp) / "sqlite")
            shapes.append(shape)
            if not args.no_prod:
                checkins = 6 if args.quick else 50
                retention = (20, 5000) if args.quick else (500, 1_000_000)
                var = Path(tmp)
                prod = run_prod(texts, sizes, turns, var, not args.no_kill, checkins, retention)
                shapes += prod.shapes
    print("\n".join(report(shapes, prod, turns) + extra), flush=True)
    if prod is not None:
        print("\n".join(prod.retention), flush=True)
    if args.train:
        print("\nVolledige `rasa train --force` timen...", flush=True)
        print(f"Trainingstijd: {time_training():.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
