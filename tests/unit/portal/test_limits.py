"""Limits (issue 11, item 7): the portal's chat API per address and per session, logins per
address and per account as a growing delay (nobody can keep an account closed), escalations
per conversation, message size; and the portal's event loop never waits for the database
or argon2 (the dashboard runs off the loop)."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from aiohttp.test_utils import TestClient, TestServer
from fake_rasa import TOKEN, FakeRasa

from bot import settings
from bot.escalations import notifications as notify
from bot.escalations import records
from bot.portal import auth
from bot.portal.app import make_app
from bot.portal.limits import Backoff, Window
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, Event, Notification, Staff

NOW = dt.datetime(2026, 11, 22, 9, 0)
PASSWORD = "lang-genoeg-wachtwoord"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> dt.datetime:
        return self.now

    def seconds(self) -> float:
        return self.now.timestamp()


def test_a_window_allows_the_limit_then_says_how_long_to_wait():
    clock = Clock()
    window = Window(3, 60, clock.seconds)
    assert [window.wait("a") for _ in range(3)] == [0, 0, 0]
    assert window.wait("a") == 60 and window.wait("b") == 0  # per key
    clock.now += dt.timedelta(seconds=30)
    assert window.wait("a") == 30
    clock.now += dt.timedelta(seconds=30)
    assert window.wait("a") == 0


def test_a_backoff_doubles_after_the_free_failures_and_forgets_on_success():
    clock = Clock()
    backoff = Backoff(free=2, first=1, most=8, clock=clock.seconds)
    assert [backoff.failed("ip") for _ in range(2)] == [0, 0]
    assert [backoff.failed("ip") for _ in range(5)] == [1, 2, 4, 8, 8]  # never closed for good
    assert backoff.wait("ip") == 8 and backoff.wait("other") == 0
    backoff.succeeded("ip")
    assert backoff.wait("ip") == 0


def test_an_account_waits_a_growing_but_short_time(project_db):
    with session() as s:
        auth.create_staff(s, "beheerder", "Beheer", "beheerder", PASSWORD)
        s.commit()
        now, waits = NOW, []
        for _ in range(auth.MAX_FAILURES + 7):
            with pytest.raises(auth.AuthError):
                auth.login(s, "beheerder", "fout-wachtwoord-1", now)
            staff = s.query(Staff).one()
            waits.append((staff.locked_until - now).total_seconds() if staff.locked_until else 0)
            now = max(now, staff.locked_until or now)
        assert waits == [0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30, 30]
        # the owner, a moment later, gets in: at most MAX_DELAY_SECONDS of waiting
        assert auth.login(s, "beheerder", PASSWORD, now + dt.timedelta(seconds=30)).token


def test_a_conversation_cannot_flood_its_jobcoach_but_crisis_always_passes(project_db):
    with session() as s:
        c = Candidate(first_name="Sam")
        s.add(c)
        s.flush()
        reasons = ["conflict", "contract", "wil_stoppen", "gezondheid_stress", "wil_persoon"]
        # each past the merge window (within it, they would be merged into one)
        apart = dt.timedelta(minutes=settings.current().merge_minutes + 1)
        made = [records.create(s, c, r, "", NOW + i * apart) for i, r in enumerate(reasons)]
        s.commit()
        assert len({e.id for e in made}) == records.MAX_PER_WINDOW
        later = NOW + len(reasons) * apart
        extra = records.create(s, c, "geen_begeleiding", "", later)
        assert extra.id == made[-1].id  # the open one stands; nobody is told again
        assert s.query(Event).filter_by(kind="escalatie_begrensd").count() == 1
        assert records.create(s, c, "crisis", "", later + apart).reason == "crisis"
        s.commit()
        for e in s.query(Escalation):  # all handled: a new concern is never swallowed
            e.status = "afgehandeld"
        s.commit()
        assert records.create(s, c, "geen_begeleiding", "", NOW).reason == "geen_begeleiding"


@pytest.fixture(scope="module")
def fake_rasa():
    return FakeRasa().start()


@pytest.fixture
async def client(project_db, fake_rasa):
    with session() as s:
        auth.create_staff(s, "beheerder", "Beheer", "beheerder", PASSWORD)
        auth.create_staff(s, "anna", "Anna", "jobcoach", PASSWORD, email="a@test.local")
        s.commit()
    clock = Clock()
    client = TestClient(TestServer(make_app(fake_rasa.url, "geheim", TOKEN, now=clock)))
    await client.start_server()
    client.clock = clock
    yield client
    await client.close()


async def token(client) -> str:
    resp = await client.post("/api/session", json={"rol": "kandidaat"})
    return (await resp.json())["token"]


async def test_chat_sessions_are_limited_per_address(client):
    for _ in range(30):
        assert (await client.post("/api/session", json={"rol": "kandidaat"})).status == 200
    resp = await client.post("/api/session", json={"rol": "kandidaat"})
    assert resp.status == 429 and int(resp.headers["Retry-After"]) > 0
    assert "te snel" in (await resp.json())["fout"]
    client.clock.now += dt.timedelta(minutes=10)
    assert (await client.post("/api/session", json={"rol": "kandidaat"})).status == 200


async def test_messages_are_limited_per_session_and_per_address(client):
    first = {"X-Session": await token(client)}
    for _ in range(30):
        resp = await client.post("/api/message", json={"text": "hoi"}, headers=first)
        assert resp.status == 200
    resp = await client.post("/api/message", json={"text": "hoi"}, headers=first)
    assert resp.status == 429
    second = {"X-Session": await token(client)}  # another session from the same address
    statuses = [
        (await client.post("/api/message", json={"text": "hoi"}, headers=second)).status
        for _ in range(30)
    ]
    assert statuses.count(200) == 30
    polls = [(await client.get("/api/messages", headers=first)).status for _ in range(61)]
    assert polls[:60] == [200] * 60 and polls[60] == 429
    client.clock.now += dt.timedelta(minutes=1)
    assert (await client.post("/api/message", json={"text": "hoi"}, headers=first)).status == 200


async def test_too_large_a_body_is_refused_before_anything_reads_it(client):
    headers = {"X-Session": await token(client), "Content-Type": "application/json"}
    body = b'{"text": "' + b"a" * 70_000 + b'"}'
    assert (await client.post("/api/message", data=body, headers=headers)).status == 413
    after = await client.get("/api/messages", params={"after": "9" * 40}, headers=headers)
    assert after.status == 200 and (await after.json())["messages"] == []


async def login(client, user="anna", password=PASSWORD):
    import re

    page = await client.get("/dashboard/inloggen")
    csrf = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    return await client.post(
        "/dashboard/inloggen",
        data={"csrf": csrf, "gebruiker": user, "wachtwoord": password},
        allow_redirects=False,
    )


async def test_an_address_guessing_many_accounts_waits_longer_each_time(client):
    statuses = [(await login(client, f"gok{i}", "fout-wachtwoord-1")).status for i in range(11)]
    assert statuses == [401] * 11  # ten free; the eleventh makes this address wait
    resp = await login(client)  # even the right password, from this address, waits
    assert resp.status == 429 and "Te veel" in await resp.text()
    client.clock.now += dt.timedelta(seconds=2)
    assert (await login(client)).status == 303


async def test_dead_notifications_are_shown_to_administrators_only(client):
    with session() as s:
        c = Candidate(first_name="Sam")
        s.add(c)
        s.flush()
        e = Escalation(candidate_id=c.id, reason="wil_stoppen", severity=2, created_at=NOW)
        s.add(e)
        s.flush()
        s.add(
            Notification(
                escalation_id=e.id,
                channel="email",
                recipient="a@test.local",
                status="dood",
                attempts=notify.MAX_ATTEMPTS,
                last_error="ConnectionRefusedError: smtp",
                next_attempt_at=NOW,
                created_at=NOW,
            )
        )
        s.commit()
    await login(client)
    assert (await client.get("/dashboard/meldingen")).status == 403  # a jobcoach
    await login(client, "beheerder")
    html = await (await client.get("/dashboard/meldingen")).text()
    assert "a@test.local" in html and "ConnectionRefusedError" in html
    import re

    csrf = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    action = re.search(r'action="(/dashboard/meldingen/\d+/opnieuw)"', html).group(1)
    resp = await client.post(action, data={"csrf": csrf}, allow_redirects=False)
    assert resp.status == 303
    with session() as s:
        assert s.query(Notification).one().status == "wachtend"
    again = await client.post(action, data={"csrf": csrf}, allow_redirects=False)
    assert again.status == 404  # no longer dead


async def test_the_dashboard_runs_off_the_event_loop(client, monkeypatch):
    real = auth.login

    def slow_login(*args, **kwargs):
        time.sleep(1.5)  # argon2 on a busy machine
        return real(*args, **kwargs)

    monkeypatch.setattr(auth, "login", slow_login)
    logging_in = asyncio.ensure_future(login(client))
    await asyncio.sleep(0.2)
    started = time.monotonic()
    assert (await client.get("/health")).status == 200
    assert time.monotonic() - started < 0.5  # the loop was free while the login waited
    assert (await logging_in).status == 303
