"""The dashboard over HTTP (the real aiohttp app and database, in-process): login,
authorisation by URL and by form, CSRF, session expiry, lock-out, audit."""

import datetime as dt
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.candidates.trajecten import register_traject
from bot.portal.app import make_app
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import AuditEntry, Candidate, Escalation, InviteCode, Traject

PASSWORD = "lang-genoeg-wachtwoord"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 22, 9, 0)

    def __call__(self):
        return self.now


@pytest.fixture
def world(project_db):
    with session(project_db) as s:
        a = create_staff(s, "anna", "Anna", "jobcoach", PASSWORD, region="twente")
        b = create_staff(s, "bert", "Bert", "jobcoach", PASSWORD, region="twente")
        create_staff(s, "carla", "Carla", "consulent", PASSWORD, region="twente")
        mine = Candidate(first_name="Sam", region="twente", intake_summary="Voornaam: Sam")
        theirs = Candidate(first_name="Kim", region="twente")
        s.add_all([mine, theirs])
        s.flush()
        register_traject(s, mine.id, "Bakkerij", dt.date(2026, 11, 1)).jobcoach_id = a.id
        register_traject(s, theirs.id, "Garage", dt.date(2026, 11, 1)).jobcoach_id = b.id
        s.add_all(
            [
                Escalation(
                    candidate_id=mine.id,
                    reason="wil_stoppen",
                    severity=2,
                    staff_id=a.id,
                    excerpt="Kandidaat: ik stop",
                    created_at=dt.datetime(2026, 11, 22, 8, 0),
                ),
                Escalation(
                    candidate_id=mine.id,
                    reason="crisis",
                    severity=1,
                    staff_id=a.id,
                    excerpt="x",
                    created_at=dt.datetime(2026, 11, 22, 8, 30),
                ),
                Escalation(
                    candidate_id=theirs.id,
                    reason="conflict",
                    severity=2,
                    staff_id=b.id,
                    excerpt="Kandidaat: ruzie",
                    created_at=dt.datetime(2026, 11, 22, 7, 0),
                ),
            ]
        )
        s.commit()
        ids = {
            "mine": mine.id,
            "theirs": theirs.id,
            "esc_mine": s.query(Escalation).filter_by(reason="wil_stoppen").one().id,
            "esc_theirs": s.query(Escalation).filter_by(reason="conflict").one().id,
            "traject_theirs": s.query(Traject).filter_by(candidate_id=theirs.id).one().id,
        }
    return ids


@pytest.fixture
async def client(world):
    clock = Clock()
    app = make_app("http://127.0.0.1:9", "geheim", "token", now=clock)
    client = TestClient(TestServer(app))
    await client.start_server()
    client.clock = clock
    yield client
    await client.close()


async def login(client, user="anna", password=PASSWORD):
    page = await client.get("/dashboard/inloggen")
    token = re.search(r'name="csrf" value="([^"]+)"', await page.text()).group(1)
    return await client.post(
        "/dashboard/inloggen",
        data={"csrf": token, "gebruiker": user, "wachtwoord": password},
        allow_redirects=False,
    )


async def csrf_of(client, path="/dashboard/"):
    html = await (await client.get(path)).text()
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def test_login_sets_a_safe_cookie_and_shows_own_escalations_by_severity(client, world):
    resp = await login(client)
    assert resp.status == 303
    cookie = resp.cookies["pb_sessie"]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    html = await (await client.get("/dashboard/")).text()
    assert html.index("Crisistaal") < html.index("Kandidaat wil stoppen")  # severity 1 first
    assert "Conflict" not in html  # Bert's candidate


async def test_jobcoach_cannot_read_or_change_another_jobcoachs_candidate(client, world):
    await login(client)
    for path in (
        f"/dashboard/kandidaten/{world['theirs']}",
        f"/dashboard/escalaties/{world['esc_theirs']}",
        "/dashboard/kandidaten/99999",
        "/dashboard/escalaties/abc",
    ):
        assert (await client.get(path)).status == 404, path
    token = await csrf_of(client)
    resp = await client.post(
        f"/dashboard/escalaties/{world['esc_theirs']}/afsluiten",
        data={"csrf": token, "notitie": "weg ermee"},
        allow_redirects=False,
    )
    assert resp.status == 404
    resp = await client.post(
        f"/dashboard/trajecten/{world['traject_theirs']}/praktijkverklaring",
        data={"csrf": token, "datum": "2027-01-01"},
        allow_redirects=False,
    )
    assert resp.status == 403  # a consultants' route: refused by its rule before any lookup
    with session() as s:
        assert s.get(Escalation, world["esc_theirs"]).status == "open"
        assert s.get(Traject, world["traject_theirs"]).pv_obtained_on is None
    listing = await (await client.get("/dashboard/kandidaten")).text()
    assert "Sam" in listing and "Kim" not in listing


async def test_forms_without_the_csrf_token_are_refused(client, world):
    await login(client)
    path = f"/dashboard/escalaties/{world['esc_mine']}/afsluiten"
    for data in ({"notitie": "x"}, {"csrf": "fout", "notitie": "x"}):
        assert (await client.post(path, data=data, allow_redirects=False)).status == 403
    login_page = await client.get("/dashboard/inloggen")
    assert login_page.status == 200
    resp = await client.post(
        "/dashboard/inloggen", data={"csrf": "fout", "gebruiker": "anna", "wachtwoord": PASSWORD}
    )
    assert resp.status == 403


async def test_acknowledge_and_resolve_with_a_note_are_audited(client, world):
    await login(client)
    page = f"/dashboard/escalaties/{world['esc_mine']}"
    token = await csrf_of(client, page)
    assert (
        await client.post(page + "/gezien", data={"csrf": token}, allow_redirects=False)
    ).status == 303
    resp = await client.post(
        page + "/afsluiten",
        data={"csrf": token, "notitie": "Gebeld, blijft."},
        allow_redirects=False,
    )
    assert resp.status == 303
    with session() as s:
        e = s.get(Escalation, world["esc_mine"])
        assert e.status == "afgehandeld" and e.note == "Gebeld, blijft." and e.acknowledged_at
        actions = [a.action for a in s.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions[-2:] == ["melding_gezien", "melding_afgesloten"]


async def test_session_expires(client, world):
    await login(client)
    assert (await client.get("/dashboard/", allow_redirects=False)).status == 200
    client.clock.now += dt.timedelta(hours=9)
    resp = await client.get("/dashboard/", allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"] == "/dashboard/inloggen"


async def test_lock_out_after_repeated_failures(client, world):
    """A growing delay, not a lock (issue 11; the rules: tests/test_limits.py)."""
    for _ in range(4):  # three free, the fourth makes this address wait a second
        assert (await login(client, password="fout-wachtwoord-1")).status == 401
    resp = await login(client)
    assert resp.status == 429 and "Te veel" in await resp.text()
    client.clock.now += dt.timedelta(seconds=2)
    assert (await login(client)).status == 303


async def test_only_consultants_make_invite_codes(client, world):
    await login(client)
    token = await csrf_of(client)
    path = f"/dashboard/kandidaten/{world['mine']}/uitnodiging"
    assert (await client.post(path, data={"csrf": token}, allow_redirects=False)).status == 403
    await login(client, "carla")
    token = await csrf_of(client)
    resp = await client.post(path, data={"csrf": token})
    assert resp.status == 200 and "Koppelcode" in await resp.text()
    with session() as s:
        assert s.query(InviteCode).count() == 1


async def test_only_administrators_make_accounts(client, world):
    with session() as s:
        create_staff(s, "root", "Beheer", "beheerder", PASSWORD)
        s.commit()
    await login(client)
    assert (await client.get("/dashboard/medewerkers")).status == 403
    await login(client, "root")
    token = await csrf_of(client, "/dashboard/medewerkers")
    resp = await client.post(
        "/dashboard/medewerkers",
        data={
            "csrf": token,
            "gebruiker": "dirk",
            "naam": "Dirk",
            "rol": "jobcoach",
            "regio": "Twente",
            "standaard": "1",
        },
    )
    html = await resp.text()
    assert resp.status == 200 and "Account &#39;dirk&#39; aangemaakt" in html
    password = re.search(r"getoond\): (\S+)</p>", html).group(1)
    assert (await login(client, "dirk", password)).status == 303
    with session() as s:
        from bot.store.models import Staff

        dirk = s.query(Staff).filter_by(username="dirk").one()
        assert (dirk.region, dirk.default_for_region) == ("twente", 1)
        assert s.query(AuditEntry).filter_by(action="medewerker_aangemaakt").count() == 1


async def test_a_jobcoach_gets_a_telegram_code_for_notifications(client, world):
    await login(client)
    token = await csrf_of(client, "/dashboard/account")
    html = await (await client.post("/dashboard/account/telegram", data={"csrf": token})).text()
    code = re.search(r"/start (\w{8})", html).group(1)
    with session() as s:
        from bot.candidates.linking import redeem

        assert redeem(s, code, "web-x", "web", client.clock.now).status == "telegram_only"
        result = redeem(s, code, "tg-4242", "telegram", client.clock.now)
        assert result.status == "staff_linked" and "Anna" in result.message
        from bot.store.models import Staff

        assert s.query(Staff).filter_by(username="anna").one().telegram_chat_id == "4242"
