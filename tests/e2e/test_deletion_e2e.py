"""Deleting through the web chat, over HTTP with the real portal, Rasa server, action server
and scheduler: a forged confirmation deletes nothing; the confirmed deletion leaves nothing
in the project database, keeps none of the turn's replies, and the scheduler wipes the
conversation from Rasa's tracker store."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.request

import pytest
from sqlalchemy import create_engine, text
from stacks import running_stack

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import register_traject
from bot.store.engine import session
from bot.store.models import (
    Candidate,
    ChatRole,
    DeletionRequest,
    Escalation,
    InviteCode,
    PendingDeletion,
    Traject,
    WebMessage,
)

pytestmark = pytest.mark.server
NAME = "Zwaantje"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("var")) as s:
        yield s


@pytest.fixture(autouse=True)
def project_db(stack, monkeypatch):
    """Tests here read the database the servers write (overrides the per-test one)."""
    monkeypatch.setenv("PRAKTIJKBOT_DB_URL", stack.db)
    return stack.db


class WebChat:
    """The widget's page, as far as the portal can tell."""

    def __init__(self, stack):
        self.url = stack.portal_url
        self.token = self._call("POST", "/api/session", {"rol": "kandidaat"})["token"]

    def _call(self, method, path, body=None, token=None):
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Content-Type": "application/json", **({"X-Session": token} if token else {})},
        )
        with urllib.request.urlopen(request, timeout=120) as resp:
            return json.loads(resp.read())

    def send(self, text=None, payload=None) -> list[dict]:
        body = {"payload": payload, "label": payload} if payload else {"text": text}
        messages = self._call("POST", "/api/message", body, self.token)["messages"]
        return [m for m in messages if m["sender"] == "bot"]

    def said(self, text=None, payload=None) -> str:
        return "\n".join(m["text"] for m in self.send(text, payload))

    def stored(self) -> list[dict]:
        return self._call("GET", "/api/messages?after=0", token=self.token)["messages"]


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


def test_deleting_in_the_web_chat_needs_the_question_and_leaves_nothing(stack):
    now = dt.datetime.utcnow()
    with session() as s:
        c = Candidate(first_name=NAME, region="twente", consent_at=now, intake_summary=NAME)
        s.add(c)
        s.flush()
        register_traject(s, c.id, "Bakkerij", now.date())
        code = create_invite(s, c.id, now)
        s.commit()
        candidate_id = c.id
    chat = WebChat(stack)
    assert "koppelcode" in chat.said(payload="/link_account")
    assert f"Hoi {NAME}" in chat.said(code)
    with session() as s:
        conversation = s.get(Candidate, candidate_id).conversation_id
    assert conversation.startswith("web-")
    chat.send(f"ik ben {NAME}, wat is een praktijkverklaring?")

    # a confirmation that answers no question: the question comes, nothing is deleted
    assert "niet terugdraaien" in chat.said(payload="/confirm_delete")
    with session() as s:
        assert s.get(Candidate, candidate_id) is not None
    assert "niet terugdraaien" in chat.said("verwijder mijn gegevens")
    replies = chat.send(payload="/confirm_delete")
    assert "gewist" in replies[0]["text"] and all(m["id"] < 0 for m in replies)

    assert chat.stored() == []  # neither her messages nor the replies of that turn
    with session() as s:
        assert s.get(Candidate, candidate_id) is None
        for model, column in (
            (Traject, Traject.candidate_id),
            (Escalation, Escalation.candidate_id),
            (InviteCode, InviteCode.candidate_id),
        ):
            assert s.query(model).filter(column == candidate_id).count() == 0
        for model in (WebMessage, ChatRole, PendingDeletion):
            assert s.query(model).filter_by(conversation_id=conversation).count() == 0
        assert s.query(DeletionRequest).filter_by(conversation_id=conversation).count() == 1

    tracker = create_engine(stack.tracker_db_url, future=True)

    def wiped() -> bool:
        with tracker.connect() as conn:
            rows = conn.execute(
                text("SELECT type_name, data FROM events WHERE sender_id = :s"),
                {"s": conversation},
            ).all()
        # at most the end of the deletion turn itself, if Rasa saved it after the first wipe
        return not any(NAME in r.data or r.type_name == "user" for r in rows)

    assert _wait_for(wiped, timeout=30), "the scheduler wipes the conversation within seconds"
