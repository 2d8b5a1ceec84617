"""`make bench`: speed of the running assistant over REST, memory, and training time.

Starts its own Rasa server and action server on free ports (or measures an
already running one with --url), sends N questions at concurrency 1 and 8,
and prints p50/p95/p99 latency, messages per second and the peak memory
(VmHWM) of both processes. `--train` also times a full `rasa train`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import yaml

from bot.launch.ports import free_port
from bot.run import ROOT, Stack

QUESTION_FILES = [ROOT / "tests" / "eval" / "heldout.yml", ROOT / "tests" / "eval" / "dev.yml"]


def questions() -> list[str]:
    out = []
    for path in QUESTION_FILES:
        out += [q["q"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def run_load(
    url: str, rest_token: str, texts: list[str], concurrency: int
) -> tuple[list[float], float, int]:
    """Send every text once over REST; returns latencies (ms), wall time (s), error count."""
    queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
    for i, t in enumerate(texts):
        queue.put_nowait((i, t))
    latencies: list[float] = []
    errors = 0

    async def worker(n: int, session: aiohttp.ClientSession) -> None:
        nonlocal errors
        while not queue.empty():
            i, text = queue.get_nowait()
            body = {"sender": f"bench-{concurrency}-{n}-{i % 25}", "message": text}
            start = time.perf_counter()
            try:
                async with session.post(f"{url}/webhooks/rest/webhook", json=body) as resp:
                    await resp.read()
                    if resp.status != 200:
                        errors += 1
            except aiohttp.ClientError:
                errors += 1
            latencies.append(1000 * (time.perf_counter() - start))

    timeout = aiohttp.ClientTimeout(total=60)
    headers = {"Authorization": f"Bearer {rest_token}"}
    async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
        start = time.perf_counter()
        await asyncio.gather(*(worker(n, session) for n in range(concurrency)))
        wall = time.perf_counter() - start
    return latencies, wall, errors


def peak_memory_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def time_training() -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-train-"))
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "train",
            "--data",
            "bot/data",
            "--force",
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - start
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=500, help="questions per run")
    parser.add_argument("--url", help="measure an assistant that already runs (--rest-token)")
    parser.add_argument("--rest-token", default="")
    parser.add_argument("--no-train", action="store_true", help="skip timing `rasa train`")
    args = parser.parse_args()
    texts = list(itertools.islice(itertools.cycle(questions()), args.n))
    stack = None
    url, rest_token = args.url, args.rest_token
    if not url:
        var = Path(tempfile.mkdtemp(prefix="bench-"))
        stack = Stack(rasa_port=free_port(), action_port=free_port(), var_dir=var)
        print("Assistent starten...", flush=True)
        stack.start()
        url, rest_token = stack.rasa_url, stack.rest_token
    try:
        asyncio.run(run_load(url, rest_token, texts[:20], 2))  # warm-up
        print(f"\n{args.n} vragen via REST ({url})")
        print(
            f"{'gelijktijdig':>12} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'msg/s':>8} {'fouten':>7}"
        )
        for concurrency in (1, 8):
            lat, wall, errors = asyncio.run(run_load(url, rest_token, texts, concurrency))
            print(
                f"{concurrency:>12} {statistics.median(lat):8.1f} {percentile(lat, 95):8.1f} "
                f"{percentile(lat, 99):8.1f} {len(lat) / wall:8.1f} {errors:7d}"
            )
        if stack is not None:
            names = ["actieserver", "Rasa-server"]
            print("\nPiekgeheugen (VmHWM):")
            for name, proc in zip(names, stack.procs):
                print(f"  {name:<12} {peak_memory_mb(proc.pid):7.0f} MB")
    finally:
        if stack is not None:
            stack.stop()
    if not args.no_train:
        print("\nVolledige `rasa train --force` timen...", flush=True)
        print(f"Trainingstijd: {time_training():.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
