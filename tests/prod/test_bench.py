"""The benchmark's code paths on tiny sizes (issue 14, `make bench`): two real scheduler
processes on PostgreSQL send each check-in exactly once and the report says so (and says NO
when it was not so); the load generator runs multi-turn conversations, sends a failed message
again and counts the failure; the tracker check finds a lost and a doubled message; the
report has a row per shape and concurrency and the ratios; the retention bench deletes the
expired candidates. Behaviour and structure only, never timings."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter

from aiohttp import web
from sqlalchemy import create_engine, text

from bot.launch.ports import free_port
from tools.bench import SIZES, ratios, report, table
from tools.bench_load import Load, TrackerCheck, check_trackers, conversations, endless, run_load
from tools.bench_prod import Kill, Shape, kill_lines, measure, stack_pids, storage
from tools.bench_retention import bench as retention_bench
from tools.bench_schedulers import CopiesRun, run_copies
from tools.bench_schedulers import report as copies_report
from tools.thread_server import serve_in_thread

RASA_EVENTS = (
    "CREATE TABLE events (id SERIAL PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
    "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
    "action_name VARCHAR(255), data TEXT)"
)


def test_two_scheduler_processes_send_each_due_checkin_exactly_once(postgres, tmp_path):
    run = run_copies(postgres.database("bench"), 2, 300, 4, 0.1, tmp_path)
    assert run.errors == []
    assert run.exactly_once
    assert run.received == run.unique == run.marked_sent == 300
    assert set(run.per_copy) == {"planner1", "planner2"}  # both processes did part of it
    assert sum(run.per_copy.values()) == 300
    lines = copies_report([run])
    assert any("precies één keer: ja" in line for line in lines)


def test_the_scheduler_report_says_no_when_a_checkin_was_sent_twice():
    twice = CopiesRun(2, 10, 1.0, {"planner1": 6, "planner2": 5}, 11, 10, 10, 0)
    assert not twice.exactly_once
    assert any("precies één keer: NEE" in line for line in copies_report([twice]))


class FakeRest:
    """Rasa's REST webhook: records (sender, message); the first message of `flaky` fails."""

    def __init__(self, flaky: str) -> None:
        self.flaky, self.seen = flaky, []
        self.port = free_port()
        self.failed = False

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body["sender"] == self.flaky and not self.failed:
            self.failed = True
            return web.Response(status=502)
        self.seen.append((body["sender"], body["message"]))
        return web.json_response([{"text": "ok"}])

    def __enter__(self) -> FakeRest:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.handle)
        self.stop = serve_in_thread(app, self.port)
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def test_the_load_generator_runs_multi_turn_conversations_and_retries_a_failure():
    texts = [f"vraag {i}" for i in range(10)]
    convs = conversations(texts, 6, 3)
    assert len(convs) == 6
    assert all(len(set(conv)) == 3 for conv in convs)
    with FakeRest(flaky="bench-t-2") as fake:
        load = run_load(f"http://127.0.0.1:{fake.port}", "x", convs, 3, "t", retry=True)
    assert load.messages == 18 and load.errors == 1
    assert load.error_senders == {"bench-t-2"} and load.error_kinds == Counter({"502": 1})
    assert len(load.answered) == 6  # a sender per conversation
    per_sender = Counter(sender for sender, _ in fake.seen)
    assert set(per_sender.values()) == {3}
    for sender, sent in load.answered.items():  # in order, each once
        assert [m for s, m in fake.seen if s == sender] == sent


def test_an_endless_load_stops_when_told():
    stop = threading.Event()
    with FakeRest(flaky="") as fake:
        timer = threading.Timer(0.5, stop.set)
        timer.start()
        load = run_load(
            f"http://127.0.0.1:{fake.port}", "x", endless(["a", "b"], 2), 2, "e", stop=stop
        )
    assert stop.is_set() and load.messages > 0 and load.messages % 2 == 0


def test_the_tracker_check_finds_lost_and_doubled_messages(tmp_path):
    db = tmp_path / "trackers.db"
    with sqlite3.connect(db) as conn:
        conn.execute(RASA_EVENTS.replace("SERIAL", "INTEGER"))
        for sender, message in [("x", "a"), ("x", "b"), ("x", "b"), ("y", "c")]:
            conn.execute(
                "INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', ?)",
                (f"rest-bench-{sender}", f'{{"text": "{message}"}}'),
            )
    url = f"sqlite:///{db}"
    bad = check_trackers(url, {"bench-x": ["a", "b", "z"], "bench-y": ["c"]})
    assert (bad.lost, bad.duplicates, bad.stored, bad.answered) == (1, 1, 4, 4)
    good = check_trackers(url, {"bench-y": ["c"]})
    assert (good.lost, good.duplicates, good.out_of_order) == (0, 0, 0)
    assert check_trackers(url, {"bench-x": ["b", "a"]}).out_of_order == 1


def _load(concurrency: int, latencies: list[float], wall: float) -> Load:
    return Load(concurrency, latencies=latencies, wall=wall)


def test_the_report_has_every_shape_and_concurrency_and_the_ratios():
    shapes = [
        Shape(name, instances, {c: _load(c, [10.0 * k, 20.0, 30.0], 1.0 + k) for c in SIZES})
        for k, (name, instances) in enumerate(
            [
                ("SQLite, 1 proces", 1),
                ("PostgreSQL+Redis, 1 inst.", 1),
                ("PostgreSQL+Redis, 2 inst.", 2),
            ]
        )
    ]
    rows = table(shapes)
    assert len(rows) == 1 + 3 * len(SIZES)
    ratio = ratios(shapes)
    assert len(ratio) == 3 + len(SIZES) and ratio[3:]
    assert all(line.count("x") >= 3 for line in ratio[3:])
    assert any("2 inst./1 inst." in line for line in ratio)
    assert report(shapes, None, 4)[1].startswith("REST-berichten")


def _kill(lost: int, shown: Counter) -> Kill:
    load = Load(8, latencies=[1.0] * 10, wall=1.0)
    trackers = TrackerCheck(3, 10, 10 - lost, lost, 0, 0)
    return Kill(load, 40.0, 60.0, 0, trackers, 2, 2, shown, Counter())


def test_the_kill_figures_say_whether_anything_was_lost_or_doubled():
    assert _kill(0, Counter({"1": 1, "2": 1})).lost_nothing
    assert kill_lines(_kill(0, Counter({"1": 1, "2": 1})))[-1].endswith("ja")
    assert not _kill(1, Counter({"1": 1, "2": 1})).lost_nothing
    assert not _kill(0, Counter({"1": 2, "2": 1})).lost_nothing  # a check-in shown twice
    assert kill_lines(_kill(0, Counter({"1": 1})))[-1].endswith("NEE")  # one never arrived


def test_the_retention_bench_deletes_the_expired_candidates(postgres):
    db, trackers = postgres.database("ret"), postgres.database("trk")
    engine = create_engine(trackers, future=True)
    with engine.begin() as conn:
        conn.execute(text(RASA_EVENTS))
        conn.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, data) "
                "SELECT 'rest-x' || g, 'user', 0, '{}' FROM generate_series(1, 50) g"
            )
        )
    engine.dispose()
    lines = retention_bench(db, trackers, 5, 200)
    assert any("5 verlopen kandidaten gewist" in line for line in lines)
    project = create_engine(db, future=True)
    with project.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM candidates")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM checkins")).scalar_one() == 0
    project.dispose()


def test_the_bench_measures_the_production_shape_with_cpu_and_trackers(prod, postgres, redis):
    sizes = {1: 1, 8: 2}
    texts = ["wat is een praktijkverklaring?", "wie betaalt de jobcoach?", "wat is een oplo"]
    pids = stack_pids(prod, postgres, redis)
    loads = measure(prod.rasa_url, prod.rest_token, texts, sizes, 2, "test-bench", pids)
    assert set(loads) == set(sizes)
    for concurrency, load in loads.items():
        assert load.messages == 2 * sizes[concurrency] and load.errors == 0
        assert {"rasa-0", "rasa-1", "postgres"} <= set(load.cpu)
    answered = {k: v for load in loads.values() for k, v in load.answered.items()}
    check = check_trackers(prod.tracker_db_url, answered)
    assert check.answered == 6 and check.stored == 6
    assert (check.lost, check.duplicates, check.unreadable) == (0, 0, 0)
    kept = storage(prod.tracker_db_url)
    assert kept.events > kept.messages > 0 and kept.bytes_per_event > 0
