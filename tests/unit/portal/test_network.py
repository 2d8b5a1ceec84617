"""Netwerk in beeld in the dashboard (the real aiohttp app and database, in-process): adding,
changing, checking and deleting a region's contacts, with CSRF, Dutch validation next to the
field, the flag on contacts not checked for twelve months, and the audit log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.portal.app import make_app
from bot.portal.auth import create_staff
from bot.store.engine import session
from bot.store.models import AuditEntry, RegionContact

PASSWORD = "lang-genoeg-wachtwoord"
NOW = dt.datetime(2026, 11, 27, 9, 0)
NHN = "/dashboard/netwerk/noord-holland-noord"


@pytest.fixture
async def client(project_db):
    with session() as s:
        create_staff(s, "nina", "Nina", "consulent", PASSWORD, region="noord-holland-noord")
        create_staff(s, "carla", "Carla", "consulent", PASSWORD, region="twente")
        s.commit()
    app = make_app("http://127.0.0.1:9", "geheim", "token", now=lambda: NOW)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def _log_in(client, user: str) -> str:
    token = _csrf(await (await client.get("/dashboard/inloggen")).text())
    data = {"csrf": token, "gebruiker": user, "wachtwoord": PASSWORD}
    resp = await client.post("/dashboard/inloggen", data=data, allow_redirects=False)
    assert resp.status == 303
    return _csrf(await (await client.get("/dashboard/account")).text())


def _rows() -> list[RegionContact]:
    with session() as s:
        return s.query(RegionContact).filter_by(region="noord-holland-noord").all()


async def test_a_colleague_fills_in_her_region(client):
    csrf = await _log_in(client, "nina")
    overview = await (await client.get("/dashboard/netwerk")).text()
    assert 'href="/dashboard/netwerk"' in overview  # the navigation's item
    assert "Noord-Holland Noord</a> (uw regio)" in overview
    page = await (await client.get(NHN)).text()
    assert "Nog niet ingevuld: Leerwerkloket, Ambassadeur praktijkleren" in page
    form = {
        "csrf": csrf,
        "soort": "ambassadeur_praktijkleren",
        "naam": "Fatima Bakker",
        "organisatie": "Gemeente Den Helder",
        "telefoon": "0223 67 10 00",
        "email": "f.bakker@denhelder.nl",
        "waarvoor": "vragen over praktijkleren en de praktijkverklaring",
        "gecontroleerd_op": "2025-06-01",
    }
    resp = await client.post(NHN, data=form, allow_redirects=False)
    assert resp.status == 303 and resp.headers["Location"].startswith(NHN + "?gedaan=toegevoegd")
    page = await (await client.get(resp.headers["Location"])).text()
    assert "Fatima Bakker (Gemeente Den Helder) is toegevoegd." in page
    # checked more than twelve months ago: flagged in words, not only by colour
    assert "Verouderd: laatst gecontroleerd op 01-06-2025" in page
    [row] = _rows()
    resp = await client.post(
        f"{NHN}/{row.id}/gecontroleerd", data={"csrf": csrf}, allow_redirects=False
    )
    page = await (await client.get(resp.headers["Location"])).text()
    assert "is gecontroleerd op 27-11-2026" in page and "Verouderd" not in page
    edit = await (await client.get(f"{NHN}/{row.id}")).text()
    assert 'value="f.bakker@denhelder.nl"' in edit
    form.update(telefoon="0223 67 99 99", gecontroleerd_op="2026-11-27")
    resp = await client.post(f"{NHN}/{row.id}", data=form, allow_redirects=False)
    assert resp.status == 303
    assert [r.phone for r in _rows()] == ["0223 67 99 99"]
    with session() as s:
        actions = [a.action for a in s.query(AuditEntry).filter_by(target=f"contact:{row.id}")]
    assert actions == ["netwerk_toegevoegd", "netwerk_gecontroleerd", "netwerk_gewijzigd"]


async def test_a_wrong_field_is_named_next_to_it_and_nothing_is_stored(client):
    csrf = await _log_in(client, "nina")
    form = {
        "csrf": csrf,
        "soort": "leerwerkloket",
        "naam": "Loket",
        "email": "loket@",
        "telefoon": "x",
    }
    resp = await client.post(NHN, data=form)
    page = await resp.text()
    assert resp.status == 400 and _rows() == []
    assert "Het contact is niet opgeslagen." in page
    assert "Dit e-mailadres klopt niet." in page and "Dit telefoonnummer klopt niet." in page
    assert (
        'id="email" name="email" type="email" maxlength="200" value="loket@" aria-invalid="true"'
        in page
    )


async def test_without_a_valid_csrf_token_nothing_changes(client):
    await _log_in(client, "nina")
    form = {"csrf": "vals", "soort": "leerwerkloket", "naam": "Loket"}
    resp = await client.post(NHN, data=form, allow_redirects=False)
    assert resp.status == 403 and _rows() == []


async def test_another_region_is_read_only_and_deleting_asks_for_a_confirmation(client):
    csrf = await _log_in(client, "nina")
    form = {"csrf": csrf, "soort": "mbo_school", "organisatie": "Clusius College"}
    await client.post(NHN, data=form)
    [row] = _rows()
    resp = await client.post(
        f"{NHN}/{row.id}/verwijderen", data={"csrf": csrf}, allow_redirects=False
    )
    assert resp.status == 303 and len(_rows()) == 1  # the box was not ticked: back to the form
    await client.post("/dashboard/uitloggen", data={"csrf": csrf})
    csrf = await _log_in(client, "carla")
    page = await (await client.get(NHN)).text()
    assert "Clusius College" in page and "Nog nooit gecontroleerd" in page
    assert "Contact toevoegen" not in page and "U kunt deze regio lezen." in page
    resp = await client.post(
        f"{NHN}/{row.id}/verwijderen", data={"csrf": csrf, "bevestig": "ja"}, allow_redirects=False
    )
    assert resp.status == 403 and len(_rows()) == 1
    await client.post("/dashboard/uitloggen", data={"csrf": csrf})
    csrf = await _log_in(client, "nina")
    resp = await client.post(
        f"{NHN}/{row.id}/verwijderen", data={"csrf": csrf, "bevestig": "ja"}, allow_redirects=False
    )
    assert resp.status == 303 and _rows() == []
    page = await (await client.get(resp.headers["Location"])).text()
    assert "Het contact is verwijderd." in page
