"""`make bench` (storage and retention on PostgreSQL, issue 14 item 6): what a candidate costs
in the project database, and what the retention job (bot.candidates.privacy.purge_expired,
hourly in the scheduler) costs.

- K candidates with a year of history each (a traject, 26 check-ins with 3 answers, 50 kept
  web messages, 10 counted events), inactive for longer than the retention period: bytes
  per candidate (tables with their indexes), then the real `purge_expired` deletes them.
- Rasa's events table grown to M rows from the events the load test wrote (copies with their
  own sender and a timestamp spread over the retention period): the hourly run's DELETE on
  it (nothing to delete but the oldest hour), and `process_deletions` wiping conversations.
"""

from __future__ import annotations

import datetime as dt
import json
import time

from sqlalchemy import create_engine, insert, text

from bot.candidates.privacy import process_deletions, purge_expired
from bot.store.engine import session
from bot.store.migrate import upgrade
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Event, Traject, WebMessage

NOW = dt.datetime(2028, 6, 1, 12, 0)
DAYS = 730  # the default PRAKTIJKBOT_RETENTION_DAYS
TABLES = ("candidates", "trajecten", "checkins", "checkin_answers", "web_messages", "events")
CHECKINS, ANSWERS, MESSAGES, EVENTS = 26, 3, 50, 10


def _size(conn, tables: tuple[str, ...]) -> int:
    return sum(
        conn.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar_one() for t in tables
    )


def fill_candidates(url: str, count: int, last_active: dt.datetime) -> None:
    """`count` candidates with a year of history each, last active at `last_active`."""
    engine = create_engine(url, future=True)
    body = json.dumps({"text": "Hoe gaat het op je werk? " * 4}, ensure_ascii=False)
    with engine.begin() as conn:
        ids = range(1, count + 1)
        conn.execute(
            insert(Candidate),
            [
                {
                    "id": i,
                    "first_name": f"Kandidaat{i}",
                    "region": "AM-12",
                    "situation": "werkzoekend, bijstand",
                    "schooling": "vmbo, geen diploma",
                    "conversation_id": f"web-ret{i}",
                    "channel": "web",
                    "intake_summary": "Wil in de zorg werken; leert het best door te doen. " * 3,
                    "created_at": last_active - dt.timedelta(days=365),
                    "last_active_at": last_active,
                }
                for i in ids
            ],
        )
        conn.execute(
            insert(Traject),
            [
                {"id": i, "candidate_id": i, "leerbedrijf": "Zorggroep", "status": "afgerond"}
                for i in ids
            ],
        )
        due = last_active - dt.timedelta(days=365)
        checkins = [
            {
                "id": (i - 1) * CHECKINS + k + 1,
                "traject_id": i,
                "status": "beantwoord",
                "due_at": due + dt.timedelta(days=14 * k),
                "sent_at": due + dt.timedelta(days=14 * k),
                "answered_at": due + dt.timedelta(days=14 * k, hours=2),
            }
            for i in ids
            for k in range(CHECKINS)
        ]
        conn.execute(insert(CheckIn), checkins)
        conn.execute(
            insert(CheckInAnswer),
            [
                {"checkin_id": c["id"], "question": f"vraag{q}", "answer": "goed", "said": None}
                for c in checkins
                for q in range(ANSWERS)
            ],
        )
        conn.execute(
            insert(WebMessage),
            [
                {
                    "conversation_id": f"web-ret{i}",
                    "sender": "bot" if m % 2 else "user",
                    "body": body,
                    "created_at": last_active,
                }
                for i in ids
                for m in range(MESSAGES)
            ],
        )
        conn.execute(
            insert(Event),
            [
                {
                    "at": last_active,
                    "kind": "checkin_beantwoord",
                    "candidate_id": i,
                    "region": "AM-12",
                }
                for i in ids
                for _ in range(EVENTS)
            ],
        )
    engine.dispose()


def grow_events(tracker_url: str, rows: int) -> int:
    """Rasa's events table to about `rows` rows, from the events already in it."""
    engine = create_engine(tracker_url, future=True)
    span = DAYS * 86400.0
    newest = NOW.replace(tzinfo=dt.timezone.utc).timestamp()
    with engine.begin() as conn:
        have = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
        copies = max(1, rows // max(have, 1))
        conn.execute(
            text(
                "INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name,"
                " data) SELECT 'ret' || g || '-' || sender_id, type_name,"
                " :newest - random() * (:span + 3600), intent_name, action_name, data"
                " FROM events, generate_series(1, :copies) g"
            ),
            {"newest": newest, "span": span, "copies": copies},
        )
        conn.execute(text("ANALYZE events"))
        total = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
    engine.dispose()
    return total


def bench(db_url: str, tracker_url: str, candidates: int, events: int) -> list[str]:
    """`db_url`: an empty database; `tracker_url`: Rasa's trackers after the load test."""
    upgrade(db_url)
    project = create_engine(db_url, future=True)
    tracker = create_engine(tracker_url, future=True)
    with project.connect() as conn:
        before = _size(conn, TABLES)
    fill_candidates(db_url, candidates, NOW - dt.timedelta(days=DAYS + 1))
    with project.connect() as conn:
        conn.execute(text("ANALYZE"))
        per_candidate = (_size(conn, TABLES) - before) / candidates
    with tracker.connect() as conn:
        id_type = conn.execute(
            text(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'events' AND column_name = 'id'"
            )
        ).scalar_one()
    total = grow_events(tracker_url, events)
    with session(db_url) as s:
        start = time.perf_counter()
        deleted = purge_expired(s, None, NOW, DAYS)
        candidate_s = time.perf_counter() - start
        start = time.perf_counter()
        purge_expired(s, tracker, NOW, DAYS)  # the hourly run: the tracker's oldest hour
        hourly_s = time.perf_counter() - start
        start = time.perf_counter()
        wiped = process_deletions(s, tracker, NOW + dt.timedelta(days=1))
        wipe_s = time.perf_counter() - start
    cutoff = (NOW - dt.timedelta(days=DAYS)).replace(tzinfo=dt.timezone.utc).timestamp()
    with tracker.connect() as conn:
        plan = (
            conn.execute(text(f"EXPLAIN DELETE FROM events WHERE timestamp < {cutoff}"))
            .scalars()
            .all()
        )
    project.dispose()
    tracker.dispose()
    scan = "volledige scan (geen index op timestamp)" if "Seq Scan" in " ".join(plan) else plan[-1]
    return [
        "",
        f"Opslag en bewaartermijn op PostgreSQL ({DAYS} dagen)",
        f"  per kandidaat met een jaar geschiedenis ({CHECKINS} check-ins, {MESSAGES} "
        f"webberichten): {per_candidate / 1024:.1f} kB in de projectdatabase",
        f"  purge_expired: {deleted} verlopen kandidaten gewist in {candidate_s:.1f} s = "
        f"{1000 * candidate_s / max(deleted, 1):.1f} ms per kandidaat",
        f"  uurlijkse run met {total} tracker-events: {hourly_s:.2f} s = "
        f"{hourly_s / (total / 1e6):.2f} s per miljoen events; {scan}",
        f"  gesprekken wissen (process_deletions): {wiped} in {wipe_s:.1f} s; "
        f"events.id is {id_type} (Rasa's tabel)",
    ]
