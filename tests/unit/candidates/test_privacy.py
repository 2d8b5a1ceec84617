"""What is stored, deleting it (with the conversation history), and retention."""

import datetime as dt

from sqlalchemy import create_engine, text
from test_intake import ANSWERS

from bot.candidates.intake import store_intake
from bot.candidates.privacy import (
    EVENTS_TIME_INDEX,
    GUARD,
    delete_candidate,
    process_deletions,
    purge_expired,
    what_we_know,
)
from bot.candidates.trajecten import register_traject
from bot.store.engine import session
from bot.store.models import (
    Candidate,
    ChatRole,
    CheckIn,
    DeletionRequest,
    Escalation,
    Event,
    Traject,
    WebMessage,
)

NOW = dt.datetime(2026, 11, 22, 12, 0)


def _tracker(tmp_path):
    """A tracker store table shaped like Rasa's SQLTrackerStore `events`."""
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR, "
                "type_name VARCHAR, timestamp FLOAT, data TEXT)"
            )
        )
        for sender, ts in (("conv-1", NOW.timestamp()), ("conv-2", NOW.timestamp())):
            conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (:s, 'user', :t, '{}')"
                ),
                {"s": sender, "t": ts},
            )
    return engine


def _count(engine, sender):
    with engine.connect() as conn:
        return conn.execute(
            text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": sender}
        ).scalar_one()


def test_what_we_know_lists_the_stored_fields(project_db):
    with session(project_db) as s:
        assert "geen gegevens" in what_we_know(s, "conv-1")
        store_intake(s, "conv-1", "rest", ANSWERS, NOW)
        s.commit()
        shown = what_we_know(s, "conv-1")
    assert "Voornaam: Sam" in shown and "Leeftijd: 24" in shown and "Regio: Twente" in shown
    assert "verwijder mijn gegevens" in shown


def test_delete_removes_everything_and_wipes_the_conversation_later(project_db, tmp_path):
    tracker = _tracker(tmp_path)
    with session(project_db) as s:
        c = store_intake(s, "conv-1", "rest", ANSWERS, NOW)
        register_traject(s, c.id, "Bakkerij", NOW.date())
        s.add(Escalation(candidate_id=c.id, reason="wil_stoppen", severity=2, excerpt="x"))
        s.add(WebMessage(conversation_id="conv-1", sender="user", body='{"text": "hoi"}'))
        s.add(ChatRole(conversation_id="conv-1", role="candidate"))
        s.add(WebMessage(conversation_id="conv-2", sender="user", body='{"text": "hoi"}'))
        s.commit()
        assert delete_candidate(s, "conv-1", NOW)
        for model in (Candidate, Traject, CheckIn, Escalation, ChatRole):
            assert s.query(model).count() == 0
        assert [m.conversation_id for m in s.query(WebMessage)] == ["conv-2"]
        events = s.query(Event).all()  # the figures stay, without the candidate
        assert events and all(e.candidate_id is None for e in events)
        # the turn that asked is still being written: nothing wiped yet
        assert process_deletions(s, tracker, NOW) == 0
        assert _count(tracker, "conv-1") == 1
        assert process_deletions(s, tracker, NOW + dt.timedelta(seconds=5)) == 1
        assert _count(tracker, "conv-1") == 0 and _count(tracker, "conv-2") == 1
        # kept a while (a running turn may write the history back), then forgotten
        assert s.query(DeletionRequest).one().conversation_id == "conv-1"
        assert process_deletions(s, tracker, NOW + GUARD) == 0
        assert s.query(DeletionRequest).one().conversation_id == "-"
        assert not delete_candidate(s, "conv-1", NOW)  # nothing left; still safe


def test_retention_purges_inactive_candidates_and_old_conversations(project_db, tmp_path):
    tracker = _tracker(tmp_path)
    with session(project_db) as s:
        old = store_intake(s, "conv-1", "rest", ANSWERS, NOW)
        active = store_intake(s, "conv-2", "rest", ANSWERS, NOW)
        register_traject(s, active.id, "Bakkerij", NOW.date())
        s.commit()
        later = NOW + dt.timedelta(days=31)
        assert purge_expired(s, tracker, later, days=30) == 1
        assert s.query(Candidate).one().id == active.id
        assert old.conversation_id == "conv-1"
        assert _count(tracker, "conv-1") == 0 and _count(tracker, "conv-2") == 0
        assert purge_expired(s, tracker, NOW + dt.timedelta(days=1), days=30) == 0
    # the retention job deletes by time: it gave Rasa's events table an index on it
    with tracker.connect() as conn:
        plan = conn.execute(
            text("EXPLAIN QUERY PLAN DELETE FROM events WHERE timestamp < 0")
        ).fetchall()
    assert EVENTS_TIME_INDEX in " ".join(str(row) for row in plan)
