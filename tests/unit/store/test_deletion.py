"""Deletion is complete and final (issue 11, part 4).

Every column of the database is classified (bot/store/personal_data.py); after a candidate
is deleted, each table is checked against that list, and so is Rasa's tracker store. Ids are
never reused, a confirmation counts only as the reply to the question asked in the same
conversation, and a turn that was still running cannot bring anything back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

import bot.store.models  # noqa: F401 - registers every table
from bot.actions.privacy import ActionAskDeleteConfirmation, ActionDeleteMyData
from bot.candidates import privacy
from bot.candidates.linking import create_invite, create_staff_code, hold_until_role, redeem
from bot.candidates.trajecten import add_werkproces, register_traject
from bot.escalations import handoff, records
from bot.portal import auth
from bot.portal.webchat import store
from bot.store.engine import Base, KnowledgeGap, engine, session
from bot.store.migrate import upgrade
from bot.store.models import (
    AuditEntry,
    Candidate,
    CheckIn,
    CheckInAnswer,
    DeletionRequest,
    Escalation,
    Event,
    LinkAttempt,
    Notification,
    PendingDeletion,
    Staff,
    Traject,
    WebMessage,
)
from bot.store.personal_data import (
    CONTACT,
    DELETED,
    LINK,
    NONE,
    NOT_CANDIDATE,
    PERSONAL,
    SCRUBBED,
    STAFF,
    TABLES,
    TOMBSTONE,
    TRACKER_TABLE,
    UNLINKED,
)

NOW = dt.datetime(2026, 11, 22, 12, 0)
CONV = "web-zwaantje"
OTHER = "web-kim"
# Distinctive values, so anything left behind can be found in any column
NAME = "Zwaantje"
SECRET = "Rozengracht-geheim"


def tracker_store(tmp_path, events=()):
    """A tracker store shaped like Rasa's SQLTrackerStore (table `events`)."""
    eng = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    with eng.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, sender_id VARCHAR, "
                "type_name VARCHAR, timestamp FLOAT, data TEXT)"
            )
        )
    add_events(eng, events)
    return eng


def add_events(eng, events):
    with eng.begin() as conn:
        for sender, moment, data in events:
            conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (:s, 'user', :t, :d)"
                ),
                {"s": sender, "t": privacy._epoch(moment), "d": json.dumps({"text": data})},
            )


def tracker_rows(eng, sender=None):
    query = "SELECT sender_id, data FROM events" + (" WHERE sender_id = :s" if sender else "")
    with eng.connect() as conn:
        return conn.execute(text(query), {"s": sender}).all()


def rasa_tracker(sender: str, events: list[dict], intent: str = "confirm_delete") -> Tracker:
    latest = {"text": "/" + intent, "intent": {"name": intent}, "entities": []}
    return Tracker(
        sender_id=sender,
        slots={},
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def asked_then(*texts: str) -> list[dict]:
    """Events: the deletion question, then the user's messages (the last is the reply)."""
    events = [
        {"event": "user", "text": "verwijder mijn gegevens"},
        {"event": "action", "name": "action_ask_delete_confirmation"},
        {"event": "bot", "text": "Wil je dat ik alles wis?"},
    ]
    for t in texts:
        events += [{"event": "action", "name": "action_listen"}, {"event": "user", "text": t}]
        if t != texts[-1]:
            events += [{"event": "action", "name": "action_answer_question"}]
    return events


def run(action, sender: str, events: list[dict]) -> list[str]:
    dispatcher = CollectingDispatcher()
    action.run(dispatcher, rasa_tracker(sender, events), {})
    return [m.get("text") or "" for m in dispatcher.messages]


def full_candidate(s, conversation: str, name: str, jobcoach_id: int, secret: str) -> dict:
    """A candidate with a row in every table that can hold them."""
    c = Candidate(
        first_name=name,
        age=24,
        region="twente",
        situation=f"werkt bij {secret}",
        schooling="vmbo",
        support_needs=f"hulp {secret}",
        consent_at=NOW,
        conversation_id=conversation,
        channel="web",
        intake_summary=f"Voornaam: {name}, {secret}",
        created_at=NOW,
    )
    s.add(c)
    s.flush()
    t = register_traject(s, c.id, f"Bakkerij {secret}", NOW.date(), praktijkopleider=secret)
    t.jobcoach_id = jobcoach_id
    add_werkproces(s, t.id, f"Deeg {secret}")
    checkin = s.query(CheckIn).filter_by(traject_id=t.id).one()
    s.add(CheckInAnswer(checkin_id=checkin.id, question="ci_mood", answer=f"slecht {secret}"))
    e = records.create(s, c, "wil_stoppen", f"Kandidaat: ik heet {name}, {secret}", NOW)
    s.add(
        Notification(
            escalation_id=e.id, channel="email", recipient="anna@example.nl", created_at=NOW
        )
    )
    handoff.keep_in(s, e.id, handoff.CANDIDATE, f"ik ben {name}, bel {secret}", NOW)
    s.add(Event(kind="check", candidate_id=c.id, region="twente", detail=secret, at=NOW))
    create_invite(s, c.id, NOW)
    store(s, conversation, "user", {"text": f"ik ben {name} {secret}"})
    hold_until_role(s, conversation, f"hoi ik ben {name}", NOW)
    s.add(LinkAttempt(key=conversation, at=NOW))
    s.add(KnowledgeGap(question=f"mag {name} werken bij {secret.lower()}?", asked_at=NOW))
    staff = s.get(Staff, jobcoach_id)
    auth.audit(s, staff, "melding_afgesloten", f"escalatie:{e.id}", detail=f"{name} {secret}")
    auth.audit(s, staff, "koppelcode_gemaakt", f"kandidaat:{c.id}", detail=secret)
    auth.audit(s, staff, "praktijkverklaring_vastgelegd", f"traject:{t.id}", detail=secret)
    s.commit()
    return {"candidate": c.id, "traject": t.id, "escalation": e.id, "checkin": checkin.id}


def _owned(world: dict, conversation: str) -> dict[str, str]:
    """Per table, the rows of one candidate (a WHERE clause)."""
    c, t, e = world["candidate"], world["traject"], world["escalation"]
    conv = f"'{conversation}'"
    return {
        "candidates": f"id = {c}",
        "trajecten": f"candidate_id = {c}",
        "werkprocessen": f"traject_id = {t}",
        "checkins": f"traject_id = {t}",
        "checkin_answers": f"checkin_id = {world['checkin']}",
        "escalations": f"candidate_id = {c}",
        "notifications": f"escalation_id = {e}",
        "handoff_messages": f"escalation_id = {e}",
        "invite_codes": f"candidate_id = {c}",
        "web_messages": f"conversation_id = {conv}",
        "chat_roles": f"conversation_id = {conv}",
        "link_attempts": f"key = {conv}",
        "pending_deletions": f"conversation_id = {conv}",
        "events": f"id IN ({world['events']})",
        "audit_log": f"id IN ({world['audit']})",
        "knowledge_gaps": f"id IN ({world['gaps']})",
        "deletion_requests": f"id IN ({world.get('deletion', 0)})",
    }


def _remember_unlinked_rows(s, world, candidate_id, name):
    world["events"] = ",".join(
        str(i) for i in s.scalars(select(Event.id).where(Event.candidate_id == candidate_id))
    )
    targets = [f"kandidaat:{candidate_id}", f"escalatie:{world['escalation']}"]
    targets.append(f"traject:{world['traject']}")
    world["audit"] = ",".join(
        str(i) for i in s.scalars(select(AuditEntry.id).where(AuditEntry.target.in_(targets)))
    )
    world["gaps"] = ",".join(
        str(i)
        for i in s.scalars(select(KnowledgeGap.id).where(KnowledgeGap.question.contains(name)))
    )


def test_every_column_of_every_model_is_classified():
    kinds = {PERSONAL, LINK, STAFF, NONE, CONTACT}
    fates = {DELETED, UNLINKED, SCRUBBED, TOMBSTONE, NOT_CANDIDATE}
    models = {name: {c.name for c in table.columns} for name, table in Base.metadata.tables.items()}
    assert set(models) == set(TABLES), "classify the new table in bot/store/personal_data.py"
    for name, columns in models.items():
        assert set(TABLES[name].columns) == columns, f"classify every column of {name}"
        assert set(TABLES[name].columns.values()) <= kinds and TABLES[name].on_deletion in fates
    assert TRACKER_TABLE == "events"


def test_ids_are_never_handed_out_twice(project_db):
    assert len(Base.metadata.tables) > 10
    with engine().connect() as conn:
        for name, table in Base.metadata.tables.items():
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].type.python_type is int:
                assert table.dialect_kwargs.get("sqlite_autoincrement"), name  # the model
                sql = conn.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = :n"), {"n": name}
                ).scalar_one()
                assert "AUTOINCREMENT" in sql, name  # and the migrated database
    with session() as s:
        s.add_all([Candidate(first_name="Eerste"), Candidate(first_name="Tweede")])
        s.commit()
        newest = s.query(Candidate).filter_by(first_name="Tweede").one()
        newest.conversation_id = OTHER
        code = create_invite(s, newest.id, NOW)
        s.commit()
        assert privacy.delete_candidate(s, OTHER, NOW)
        s.add(Candidate(first_name="Derde"))
        s.commit()
        ids = [c.id for c in s.query(Candidate).order_by(Candidate.id)]
        assert ids == [1, 3]  # 2 is gone for good
        assert redeem(s, code, "web-nieuw", "web", NOW).status == "unknown"


def test_the_migration_removes_orphans_and_counts_past_every_id_still_named(tmp_path):
    url = f"sqlite:///{tmp_path / 'oud.db'}"
    upgrade(url, "0007")
    old = create_engine(url)
    with old.begin() as conn:  # foreign keys were not enforced before: rows stayed behind
        conn.execute(
            text("INSERT INTO candidates (id, created_at) VALUES (1, :t), (7, :t)"), {"t": NOW}
        )
        conn.execute(
            text(
                "INSERT INTO invite_codes (code_hash, candidate_id, created_at, expires_at) "
                "VALUES ('a', 7, :t, :t), ('b', 1, :t, :t)"
            ),
            {"t": NOW},
        )
        conn.execute(text("DELETE FROM candidates WHERE id = 7"))
    upgrade(url)
    with old.begin() as conn:
        assert conn.execute(text("SELECT code_hash FROM invite_codes")).scalars().all() == ["b"]
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        conn.execute(text("INSERT INTO candidates (created_at) VALUES (:t)"), {"t": NOW})
        assert conn.execute(text("SELECT max(id) FROM candidates")).scalar_one() == 8


@pytest.fixture
def world(project_db):
    with session() as s:
        anna = auth.create_staff(s, "anna", "Anna", "jobcoach", "lang-genoeg-wachtwoord")
        s.commit()
        mine = full_candidate(s, CONV, NAME, anna.id, SECRET)
        theirs = full_candidate(s, OTHER, "Kim", anna.id, "Kim-geheim")
        create_staff_code(s, anna.id, NOW)
        s.commit()
        _remember_unlinked_rows(s, mine, mine["candidate"], NAME)
        _remember_unlinked_rows(s, theirs, theirs["candidate"], "Kim")
    return {"mine": mine, "theirs": theirs}


def _rows(s, table: str, where: str) -> list[dict]:
    return [dict(r._mapping) for r in s.execute(text(f"SELECT * FROM {table} WHERE {where}"))]


def test_after_a_deletion_no_table_holds_the_candidate(world, tmp_path):
    tracker = tracker_store(
        tmp_path,
        [(CONV, NOW - dt.timedelta(minutes=5), f"ik ben {NAME}"), (OTHER, NOW, "ik ben Kim")],
    )
    with session() as s:
        before = {t: len(_rows(s, t, w)) for t, w in _owned(world["theirs"], OTHER).items()}
    # the conversation asks, then confirms: through the actions
    assert "niet terugdraaien" in run(ActionAskDeleteConfirmation(), CONV, [])[0]
    assert "gewist" in run(ActionDeleteMyData(), CONV, asked_then("ja, wis alles"))[0]
    with session() as s:
        world["mine"]["deletion"] = s.query(DeletionRequest).one().id
        later = dt.datetime.utcnow()
        privacy.process_deletions(s, tracker, later + privacy.WIPE_DELAY)
        privacy.process_deletions(s, tracker, later + privacy.GUARD)
        left = {}
        owned = _owned(world["mine"], CONV)
        assert len(owned) > 5 and len(Base.metadata.tables) > 10
        for table, where in owned.items():
            rows, spec = _rows(s, table, where), TABLES[table]
            if spec.on_deletion == DELETED:
                left[table] = rows
            elif spec.on_deletion == UNLINKED:
                assert rows, table  # kept, for the counts and for accountability
                cleared = spec.of_kind(PERSONAL, LINK)
                left[table] = [{k: r[k] for k in cleared if r[k] is not None} for r in rows]
                left[table] = [r for r in left[table] if r]
            elif spec.on_deletion == SCRUBBED:
                assert rows, table
                left[table] = [r for r in rows if NAME.lower() in json.dumps(r).lower()]
            elif spec.on_deletion == TOMBSTONE:
                left[table] = [r for r in rows if r["conversation_id"] != "-"]
        assert {t: rows for t, rows in left.items() if rows} == {}
        # and nothing of hers in any column of any table: not her name, not her conversation,
        # not what she wrote (a knowledge gap keeps the question, without her name)
        for table in Base.metadata.tables:
            rows = s.execute(text(f"SELECT * FROM {table}"))
            dump = json.dumps([dict(r._mapping) for r in rows], default=str).lower()
            assert NAME.lower() not in dump and CONV not in dump, table
            assert SECRET.lower() not in dump or TABLES[table].on_deletion == SCRUBBED, table
        # the other candidate keeps everything
        after = {t: len(_rows(s, t, w)) for t, w in _owned(world["theirs"], OTHER).items()}
        assert after == before
    assert tracker_rows(tracker, CONV) == [] and len(tracker_rows(tracker, OTHER)) == 1


def test_the_deletion_question_must_be_answered_in_the_same_conversation(world):
    def kept():
        with session() as s:
            return s.query(Candidate).filter_by(conversation_id=CONV).count() == 1

    # asked in another conversation: no confirmation here counts, even one that claims it
    run(ActionAskDeleteConfirmation(), OTHER, [])
    said = run(ActionDeleteMyData(), CONV, asked_then("/confirm_delete"))
    assert "niet terugdraaien" in said[0] and kept()  # asked here now, instead
    # a forged confirmation that answers no question: asked again, nothing deleted
    said = run(ActionDeleteMyData(), CONV, [{"event": "user", "text": "/confirm_delete"}])
    assert "niet terugdraaien" in said[0] and kept()
    # asked here, but the reply came after something else: asked again
    run(ActionAskDeleteConfirmation(), CONV, [])
    said = run(ActionDeleteMyData(), CONV, asked_then("wat is een bbl?", "/confirm_delete"))
    assert "niet terugdraaien" in said[0] and kept()
    # the reply to that question (the action asked it again itself): deleted
    events = asked_then("wat is een bbl?", "/confirm_delete") + [
        {"event": "action", "name": "action_delete_my_data"},
        {"event": "bot", "text": "Wil je dat ik alles wis?"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "/confirm_delete"},
    ]
    assert "gewist" in run(ActionDeleteMyData(), CONV, events)[0] and not kept()
    with session() as s:  # Kim's question is still open, and hers alone
        assert [p.conversation_id for p in s.query(PendingDeletion)] == [OTHER]


def test_a_question_expires_and_is_used_once(project_db):
    with session() as s:
        privacy.ask_deletion(s, CONV, NOW)
        assert not privacy.confirmed(s, CONV, True, NOW + privacy.CONFIRM_WITHIN)
        assert not privacy.confirmed(s, CONV, True, NOW)  # used up by the late reply
        privacy.ask_deletion(s, CONV, NOW)
        assert privacy.confirmed(s, CONV, True, NOW + dt.timedelta(minutes=1))
        assert not privacy.confirmed(s, CONV, True, NOW + dt.timedelta(minutes=1))


def test_a_turn_in_progress_cannot_bring_the_data_back(world, tmp_path):
    tracker = tracker_store(tmp_path, [(CONV, NOW - dt.timedelta(minutes=5), f"ik ben {NAME}")])
    with session() as stale:  # another process read the candidate before the deletion ...
        candidate = stale.get(Candidate, world["mine"]["candidate"])
        cid, checkin_id = candidate.id, world["mine"]["checkin"]
        with session() as s:
            mark = privacy.deletion_mark(s, CONV)
            assert privacy.delete_candidate(s, CONV, NOW)
            assert privacy.deleted_since(s, CONV, mark)
            assert not privacy.deleted_since(s, CONV, privacy.deletion_mark(s, CONV))
        # ... and writes after it: an update finds no row, so nothing comes back ...
        candidate.last_active_at = NOW
        with pytest.raises((StaleDataError, ObjectDeletedError)):
            stale.commit()
        stale.rollback()
        # ... and every new row that points at her fails on its foreign key
        for row in (
            Escalation(candidate_id=cid, reason="crisis", severity=1),
            Event(kind="x", candidate_id=cid),
            CheckInAnswer(checkin_id=checkin_id, question="ci_mood", answer="goed"),
            Traject(candidate_id=cid, leerbedrijf="x"),
        ):
            stale.add(row)
            with pytest.raises(IntegrityError):
                stale.commit()
            stale.rollback()
    with session() as s:
        assert s.query(Candidate).count() == 1  # Kim
        # the tracker: wiped after the delay; a turn that saves late writes the whole
        # history back (its old timestamps), and the next rounds wipe it again
        requested = s.query(DeletionRequest).one().requested_at
        assert privacy.process_deletions(s, tracker, requested + privacy.WIPE_DELAY) == 1
        assert tracker_rows(tracker, CONV) == []
        add_events(tracker, [(CONV, NOW - dt.timedelta(minutes=5), f"ik ben {NAME}")])
        add_events(tracker, [(CONV, NOW + dt.timedelta(minutes=2), "een nieuw gesprek")])
        privacy.process_deletions(s, tracker, requested + dt.timedelta(minutes=3))
        assert [json.loads(d)["text"] for _, d in tracker_rows(tracker, CONV)] == [
            "een nieuw gesprek"
        ]
        # web messages that the page stores after the deletion are a new conversation
        store(s, CONV, "user", {"text": "hallo"})
        s.commit()
        assert s.query(WebMessage).filter_by(conversation_id=CONV).count() == 1


def test_retention_also_removes_old_chats_and_expired_questions(project_db, tmp_path):
    with session() as s:
        store(s, "web-oud", "user", {"text": "hallo"})
        hold_until_role(s, "tg-1", "hallo", NOW - dt.timedelta(days=40))
        privacy.ask_deletion(s, "web-oud", NOW - dt.timedelta(days=40))
        s.query(WebMessage).one().created_at = NOW - dt.timedelta(days=40)
        s.commit()
        privacy.purge_expired(s, None, NOW, days=30)
        assert s.query(WebMessage).count() == 0 and s.query(PendingDeletion).count() == 0
        assert s.execute(text("SELECT count(*) FROM chat_roles")).scalar_one() == 0
