"""Authorisation by rule (issue 11, part 3): who sees and does what, as a matrix.

Every route of the portal, taken from its aiohttp router, is called as each persona with
the real app and database in-process; each call's status code is checked against the table
below. A route that is not in the table fails the test, so a new route needs a rule here (and
a dashboard route one in `bot.portal.dashboard.ROUTES`) before it can be merged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.candidates.trajecten import register_traject
from bot.knowledge import directory
from bot.portal import auth
from bot.portal.app import make_app
from bot.portal.dashboard import ROUTES
from bot.store.engine import KnowledgeGap, session
from bot.store.models import (
    Candidate,
    Escalation,
    InviteCode,
    RegionContact,
    Staff,
    Traject,
)

PASSWORD = "lang-genoeg-wachtwoord"
NOW = dt.datetime(2026, 11, 22, 9, 0)
LOGIN = "naar inloggen"  # 303 to the login page: not logged in as staff

# persona: dashboard account (None: none), and whether it holds a web chat session
PERSONAS = {
    "anoniem": None,
    "kandidaat": None,
    "consulent": "carla",  # Twente, like the candidates
    "consulent_elders": "zeno",  # Zeeland
    "consulent_zonder_regio": "nora",
    "jobcoach": "anna",  # the traject's jobcoach; the open escalations went to her
    "andere_jobcoach": "bert",  # once sent an escalation about Sam, now closed
    "beheerder": "root",
    "curator": "cora",  # the kennisbank only: no candidate, no melding
}
COLUMNS = tuple(PERSONAS)


@dataclass
class Case:
    method: str
    route: str  # as the router names it (its canonical path)
    url: str  # with {sam}, {kim}, {traject}, {esc_*} filled in from the world
    expect: tuple  # one status per persona, in the order of COLUMNS
    form: dict = field(default_factory=dict)  # POST to the dashboard: the CSRF token is added
    json: dict | None = None
    changed: object = None  # probe(s, world) -> bool: the change the call makes, if allowed
    last: bool = False  # logging out ends the persona's session: call it last


def _pv(s, w):
    return s.get(Traject, w["traject"]).pv_obtained_on is not None


def _status(esc):
    return lambda s, w: s.get(Escalation, w[esc]).status != "open"


# fmt: off
#        anoniem  kandidaat consulent  elders  zonder  jobcoach  andere  beheerder  curator
CASES = [
    Case("GET", "/", "/", (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Case("HEAD", "/", "/", (200, 200, 200, 200, 200, 200, 200, 200, 200)),
    Case("GET", "/consulent", "/consulent", (200,) * 9),
    Case("HEAD", "/consulent", "/consulent", (200,) * 9),
    Case("GET", "/embed", "/embed?rol=kandidaat", (200,) * 9),
    Case("HEAD", "/embed", "/embed", (200,) * 9),
    Case("GET", "/widget.js", "/widget.js", (200,) * 9),
    Case("HEAD", "/widget.js", "/widget.js", (200,) * 9),
    Case("GET", "/health", "/health", (200,) * 9),
    Case("HEAD", "/health", "/health", (200,) * 9),
    Case("GET", "/static", "/static/chat.js", (200,) * 9),
    Case("HEAD", "/static", "/static/chat.js", (200,) * 9),
    Case("POST", "/api/session", "/api/session", (200,) * 9, json={"rol": "kandidaat"}),
    # only a web chat session may talk or read its messages (Rasa is not running here: the
    # portal answers with its apology, still a 200)
    Case("POST", "/api/message", "/api/message",
         (401, 200, 401, 401, 401, 401, 401, 401, 401), json={"text": "hallo"}),
    Case("GET", "/api/messages", "/api/messages?after=0",
         (401, 200, 401, 401, 401, 401, 401, 401, 401)),
    Case("HEAD", "/api/messages", "/api/messages",
         (401, 200, 401, 401, 401, 401, 401, 401, 401)),
    Case("GET", "/dashboard", "/dashboard", (303,) * 9),
    Case("GET", "/dashboard/inloggen", "/dashboard/inloggen", (200,) * 9),
    # with the login form's own CSRF cookie and a wrong password
    Case("POST", "/dashboard/inloggen", "/dashboard/inloggen", (401,) * 9),
    # a curator is sent on to the kennisbank; candidates and meldingen are not theirs (403)
    Case("GET", "/dashboard/", "/dashboard/",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 303)),
    # "vandaag", its JSON for live updates and the meldingen list: each shows only what the
    # persona may see (test_lists_show_only_what_the_persona_may_see)
    Case("GET", "/dashboard/vandaag.json", "/dashboard/vandaag.json",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 403)),
    Case("GET", "/dashboard/escalaties", "/dashboard/escalaties?status=alle&zoek=stop",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 403)),
    # a filter value out of range: refused before anything is read
    Case("GET", "/dashboard/escalaties", "/dashboard/escalaties?urgentie=9",
         (LOGIN, LOGIN, 400, 400, 400, 400, 400, 400, 403)),
    Case("GET", "/dashboard/kandidaten", "/dashboard/kandidaten",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 403)),
    Case("GET", "/dashboard/kandidaten/{id}", "/dashboard/kandidaten/{sam}",
         (LOGIN, LOGIN, 200, 404, 404, 200, 404, 200, 403)),
    Case("GET", "/dashboard/escalaties/{id}", "/dashboard/escalaties/{esc_seen}",
         (LOGIN, LOGIN, 200, 404, 404, 200, 404, 200, 403)),
    Case("GET", "/dashboard/escalaties/{id}/gesprek", "/dashboard/escalaties/{esc_seen}/gesprek",
         (LOGIN, LOGIN, 200, 404, 404, 200, 404, 200, 403)),
    # the closed escalation that once went to Bert gives him nothing any more
    Case("GET", "/dashboard/escalaties/{id}", "/dashboard/escalaties/{esc_old}",
         (LOGIN, LOGIN, 200, 404, 404, 200, 404, 200, 403)),
    Case("POST", "/dashboard/escalaties/{id}/{action}", "/dashboard/escalaties/{esc_seen}/gezien",
         (LOGIN, LOGIN, 403, 404, 404, 303, 404, 303, 403),
         changed=lambda s, w: s.get(Escalation, w["esc_seen"]).acknowledged_at is not None),
    # allowed: past the rule, then 400 because Sam has no chat to take over or reply in
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_take}/overnemen",
         (LOGIN, LOGIN, 403, 404, 404, 400, 404, 400, 403)),
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_reply}/antwoord",
         (LOGIN, LOGIN, 403, 404, 404, 400, 404, 400, 403), form={"tekst": "Ik bel je morgen."}),
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_close}/afsluiten",
         (LOGIN, LOGIN, 403, 404, 404, 303, 404, 303, 403), form={"notitie": "Gebeld."},
         changed=_status("esc_close")),
    # the other jobcoach's own escalation about Kim: Anna cannot close it
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_bert}/afsluiten",
         (LOGIN, LOGIN, 403, 404, 404, 404, 303, 303, 403), form={"notitie": "Gebeld."},
         changed=_status("esc_bert")),
    # Lex's melding has no owner (Twente had no jobcoach): Twente's jobcoaches see it and
    # may take it; an administrator assigns it
    Case("GET", "/dashboard/escalaties/{id}", "/dashboard/escalaties/{esc_queue}",
         (LOGIN, LOGIN, 200, 404, 404, 200, 200, 200, 403)),
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_queue}/toewijzen",
         (LOGIN, LOGIN, 403, 404, 404, 403, 403, 303, 403), form={"medewerker": "bert"},
         changed=lambda s, w: s.get(Escalation, w["esc_queue"]).staff_id is not None),
    Case("POST", "/dashboard/escalaties/{id}/{action}",
         "/dashboard/escalaties/{esc_lex}/oppakken",
         (LOGIN, LOGIN, 403, 404, 404, 303, 303, 403, 403),
         changed=lambda s, w: s.get(Escalation, w["esc_lex"]).staff_id is not None),
    Case("POST", "/dashboard/kandidaten/{id}/uitnodiging",
         "/dashboard/kandidaten/{sam}/uitnodiging",
         (LOGIN, LOGIN, 303, 404, 404, 403, 403, 303, 403),
         changed=lambda s, w: s.query(InviteCode).filter_by(candidate_id=w["sam"]).count() > 0),
    Case("POST", "/dashboard/kandidaten/{id}/traject", "/dashboard/kandidaten/{kim}/traject",
         (LOGIN, LOGIN, 303, 404, 404, 403, 403, 303, 403),
         form={"leerbedrijf": "Garage", "start": "2026-12-01"},
         changed=lambda s, w: s.query(Traject).filter_by(leerbedrijf="Garage").count() > 0),
    # only an administrator links a traject to another jobcoach's account
    Case("POST", "/dashboard/trajecten/{id}/jobcoach", "/dashboard/trajecten/{traject}/jobcoach",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 303, 403), form={"jobcoach": "bert"},
         changed=lambda s, w: s.get(Traject, w["traject"]).jobcoach_id
         == s.query(Staff).filter_by(username="bert").one().id),
    Case("POST", "/dashboard/trajecten/{id}/praktijkverklaring",
         "/dashboard/trajecten/{traject}/praktijkverklaring",
         (LOGIN, LOGIN, 303, 404, 404, 403, 403, 303, 403), form={"datum": "2027-03-01"},
         changed=_pv),
    # the figures of their own region (counts, cells under 5 hidden): without a region, a
    # note; another region: 404 (a manager: tests/unit/portal/test_effect.py)
    Case("GET", "/dashboard/effect", "/dashboard/effect",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    Case("GET", "/dashboard/effect", "/dashboard/effect?regio=twente",
         (LOGIN, LOGIN, 200, 404, 404, 200, 200, 200, 404)),
    Case("GET", "/dashboard/effect.csv", "/dashboard/effect.csv?regio=twente",
         (LOGIN, LOGIN, 200, 404, 404, 200, 200, 200, 404)),
    Case("GET", "/dashboard/account", "/dashboard/account",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    Case("POST", "/dashboard/account/telegram", "/dashboard/account/telegram",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200),
         changed=lambda s, w: s.query(InviteCode).filter(InviteCode.staff_id.isnot(None)).count()
         > 0),
    Case("GET", "/dashboard/medewerkers", "/dashboard/medewerkers",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 403)),
    Case("POST", "/dashboard/medewerkers", "/dashboard/medewerkers",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 403),
         form={"gebruiker": "dirk", "naam": "Dirk", "rol": "jobcoach", "regio": "twente"},
         changed=lambda s, w: s.query(Staff).filter_by(username="dirk").count() > 0),
    # netwerk in beeld: everyone logged in reads every region; staff of the region (Twente:
    # carla, anna, bert) and an administrator change it; another region's staff get a 403
    Case("GET", "/dashboard/netwerk", "/dashboard/netwerk",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    Case("GET", "/dashboard/netwerk/{regio}", "/dashboard/netwerk/twente",
         (LOGIN, LOGIN, 200, 200, 200, 200, 200, 200, 200)),
    Case("GET", "/dashboard/netwerk/{regio}", "/dashboard/netwerk/nergens",
         (LOGIN, LOGIN, 404, 404, 404, 404, 404, 404, 404)),
    Case("POST", "/dashboard/netwerk/{regio}", "/dashboard/netwerk/twente",
         (LOGIN, LOGIN, 303, 403, 403, 303, 303, 303, 403),
         form={"soort": "leerwerkloket", "naam": "Loket Twente"},
         changed=lambda s, w: s.query(RegionContact).filter_by(name="Loket Twente").count() > 0),
    Case("GET", "/dashboard/netwerk/{regio}/{id}", "/dashboard/netwerk/twente/{contact}",
         (LOGIN, LOGIN, 200, 403, 403, 200, 200, 200, 403)),
    # the contact is not in Zeeland: its own staff find nothing there
    Case("GET", "/dashboard/netwerk/{regio}/{id}", "/dashboard/netwerk/zeeland/{contact}",
         (LOGIN, LOGIN, 403, 404, 403, 403, 403, 404, 403)),
    Case("POST", "/dashboard/netwerk/{regio}/{id}", "/dashboard/netwerk/twente/{contact}",
         (LOGIN, LOGIN, 303, 403, 403, 303, 303, 303, 403),
         form={"soort": "leerwerkloket", "naam": "Nieuwe naam"},
         changed=lambda s, w: s.get(RegionContact, w["contact"]).name == "Nieuwe naam"),
    Case("POST", "/dashboard/netwerk/{regio}/{id}/{action}",
         "/dashboard/netwerk/twente/{contact}/gecontroleerd",
         (LOGIN, LOGIN, 303, 403, 403, 303, 303, 303, 403),
         changed=lambda s, w: s.get(RegionContact, w["contact"]).checked_on is not None),
    Case("POST", "/dashboard/netwerk/{regio}/{id}/{action}",
         "/dashboard/netwerk/twente/{contact_del}/verwijderen",
         (LOGIN, LOGIN, 303, 403, 403, 303, 303, 303, 403), form={"bevestig": "ja"},
         changed=lambda s, w: s.get(RegionContact, w["contact_del"]) is None),
    Case("POST", "/dashboard/netwerk/{regio}/{id}/{action}",
         "/dashboard/netwerk/twente/{contact}/weg",
         (LOGIN, LOGIN, 404, 403, 403, 404, 404, 404, 403)),
    Case("GET", "/dashboard/meldingen", "/dashboard/meldingen",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 403)),
    # no dead notification with this id: the admin passes the rule and finds nothing
    Case("POST", "/dashboard/meldingen/{id}/opnieuw", "/dashboard/meldingen/999999/opnieuw",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 404, 403)),
    # the kennisbank: curators and administrators; the gap queue holds no candidate
    Case("GET", "/dashboard/kennisbank", "/dashboard/kennisbank",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200)),
    Case("GET", "/dashboard/kennisbank/vragen/{id}", "/dashboard/kennisbank/vragen/{gap}",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 200, 200)),
    Case("GET", "/dashboard/kennisbank/vragen/{id}", "/dashboard/kennisbank/vragen/999999",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 404, 404)),
    Case("POST", "/dashboard/kennisbank/vragen/{id}/{action}",
         "/dashboard/kennisbank/vragen/{gap}/negeren",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 303, 303),
         changed=lambda s, w: s.get(KnowledgeGap, w["gap"]).handled_at is not None),
    # past the rule, then refused by the validator: nothing is written (400)
    Case("POST", "/dashboard/kennisbank/vragen/{id}/{action}",
         "/dashboard/kennisbank/vragen/{gap2}/voorbeeldvragen",
         (LOGIN, LOGIN, 403, 403, 403, 403, 403, 400, 400),
         form={"item": "bestaat-niet", "vragen": "wie betaalt de jobcoach"}),
    Case("POST", "/dashboard/uitloggen", "/dashboard/uitloggen",
         (LOGIN, LOGIN, 303, 303, 303, 303, 303, 303, 303), last=True),
]
# fmt: on


def make_world() -> dict[str, int]:
    with session() as s:
        for user, role, region in (
            ("carla", "consulent", "twente"),
            ("zeno", "consulent", "zeeland"),
            ("nora", "consulent", None),
            ("anna", "jobcoach", "twente"),
            ("bert", "jobcoach", "twente"),
            ("root", "beheerder", None),
            ("cora", "curator", None),
        ):
            auth.create_staff(s, user, user.title(), role, PASSWORD, region=region)
        staff = {st.username: st.id for st in s.query(Staff)}
        sam = Candidate(first_name="Sam", region="twente")
        kim = Candidate(first_name="Kim", region="twente")
        s.add_all([sam, kim])
        s.flush()
        traject = register_traject(s, sam.id, "Bakkerij", dt.date(2026, 11, 1))
        traject.jobcoach_id = staff["anna"]
        lex = Candidate(first_name="Lex", region="twente")
        s.add(lex)
        s.flush()
        world = {"sam": sam.id, "kim": kim.id, "traject": traject.id}
        for name in ("contact", "contact_del"):
            values = {"kind": "mbo_school", "organisation": f"School {name}"}
            world[name] = directory.add(s, None, "twente", values, NOW).id
        for name, question in (("gap", "wie betaalt de jobcoach"), ("gap2", "mag mijn hond mee")):
            gap = KnowledgeGap(question=question, asked_at=NOW)
            s.add(gap)
            s.flush()
            world[name] = gap.id
        for name, candidate, coach, status in (
            ("esc_seen", sam, "anna", "open"),
            ("esc_take", sam, "anna", "open"),
            ("esc_reply", sam, "anna", "open"),
            ("esc_close", sam, "anna", "open"),
            ("esc_old", sam, "bert", "afgehandeld"),
            ("esc_bert", kim, "bert", "open"),
            ("esc_queue", lex, None, "open"),
            ("esc_lex", lex, None, "open"),
        ):
            e = Escalation(
                candidate_id=candidate.id,
                reason="wil_stoppen",
                severity=2,
                staff_id=staff[coach] if coach else None,
                status=status,
                excerpt="Kandidaat: ik stop",
                created_at=NOW,
            )
            s.add(e)
            s.flush()
            world[name] = e.id
        s.commit()
    return world


@pytest.fixture
async def client(project_db):
    app = make_app("http://127.0.0.1:9", "geheim", "token", now=lambda: NOW)
    client = TestClient(TestServer(app))
    await client.start_server()
    yield client
    await client.close()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


async def _log_in(client, user: str) -> str:
    """Logs in through the form; returns the session's CSRF token."""
    token = _csrf(await (await client.get("/dashboard/inloggen")).text())
    resp = await client.post(
        "/dashboard/inloggen",
        data={"csrf": token, "gebruiker": user, "wachtwoord": PASSWORD},
        allow_redirects=False,
    )
    assert resp.status == 303, user
    return _csrf(await (await client.get("/dashboard/account")).text())


async def _call(client, case: Case, world, csrf: str | None, headers: dict):
    url = case.url.format(**world)
    if case.route == "/dashboard/inloggen" and case.method == "POST":
        token = _csrf(await (await client.get("/dashboard/inloggen")).text())
        data = {"csrf": token, "gebruiker": "niemand", "wachtwoord": "fout-wachtwoord-1"}
        return await client.post(url, data=data, allow_redirects=False)
    if case.json is not None:
        return await client.request(
            case.method, url, json=case.json, headers=headers, allow_redirects=False
        )
    if case.method == "POST":
        data = {"csrf": csrf or "geen-token", **case.form}
        return await client.post(url, data=data, headers=headers, allow_redirects=False)
    return await client.request(case.method, url, headers=headers, allow_redirects=False)


def _routes_in_router(app) -> set[tuple[str, str]]:
    return {(r.method, r.resource.canonical) for r in app.router.routes()}


def test_every_route_in_the_router_has_a_rule_in_the_matrix():
    app = make_app("http://127.0.0.1:9", "geheim", "token")
    routes = _routes_in_router(app)
    covered = {(c.method, c.route) for c in CASES}
    assert routes - covered == set(), "a route without a rule: add it to CASES"
    assert covered - routes == set(), "a rule for a route that no longer exists"
    dashboard = {(m, p) for m, p in routes if p.startswith("/dashboard")}
    assert dashboard == {(r.method, r.path) for r in ROUTES}  # each with its Rule


@pytest.mark.parametrize("persona", COLUMNS)
async def test_the_matrix(client, persona):
    world = make_world()
    headers, csrf = {}, None
    if persona == "kandidaat":
        resp = await client.post("/api/session", json={"rol": "kandidaat"})
        headers = {"X-Session": (await resp.json())["token"]}
    elif PERSONAS[persona]:
        csrf = await _log_in(client, PERSONAS[persona])
    column = COLUMNS.index(persona)
    wrong = []
    for case in sorted(CASES, key=lambda c: c.last):
        expected = case.expect[column]
        resp = await _call(client, case, world, csrf, headers)
        if expected == LOGIN:
            got = LOGIN if resp.headers.get("Location") == "/dashboard/inloggen" else resp.status
        else:
            got = resp.status
        if got != expected:
            wrong.append(f"{case.method} {case.url}: {got}, expected {expected}")
        if case.changed is not None:
            with session() as s:
                made = case.changed(s, world)
            if made != (expected in (200, 303)):
                wrong.append(f"{case.method} {case.url}: changed={made} with {got}")
    assert wrong == [], persona


def test_a_jobcoach_sees_a_candidate_only_while_assigned(project_db):
    world = make_world()
    with session() as s:
        anna = s.query(Staff).filter_by(username="anna").one()
        bert = s.query(Staff).filter_by(username="bert").one()
        assert auth.may_see(s, anna, world["sam"]) and not auth.may_see(s, anna, world["kim"])
        # Bert: Kim through his open escalation; Sam's escalation to him is closed
        assert auth.may_see(s, bert, world["kim"]) and not auth.may_see(s, bert, world["sam"])
        s.get(Escalation, world["esc_bert"]).status = "afgehandeld"
        s.get(Traject, world["traject"]).jobcoach_id = bert.id  # Sam moves to Bert
        s.commit()
        assert not auth.may_see(s, bert, world["kim"]) and auth.may_see(s, bert, world["sam"])
        # Anna still has Sam's open escalations: she sees him until they are closed
        assert auth.may_see(s, anna, world["sam"])
        for e in s.query(Escalation).filter_by(candidate_id=world["sam"]):
            e.status = "afgehandeld"
        s.commit()
        assert not auth.may_see(s, anna, world["sam"])


def test_only_the_escalations_jobcoach_or_an_admin_handles_it(project_db):
    world = make_world()
    with session() as s:
        e = s.get(Escalation, world["esc_seen"])
        handles = {st.username: auth.may_handle(st, e) for st in s.query(Staff)}
    assert handles == {
        "anna": True,
        "root": True,
        "bert": False,
        "carla": False,
        "zeno": False,
        "nora": False,
        "cora": False,
    }


def test_staff_without_a_region_see_nothing_regional(project_db):
    world = make_world()
    with session() as s:
        nora = s.query(Staff).filter_by(username="nora").one()
        carla = s.query(Staff).filter_by(username="carla").one()
        visible = s.query(Candidate).filter(auth.visible_candidates(nora)).count()
        assert visible == 0 and not auth.may_see(s, nora, world["sam"])
        assert s.query(Candidate).filter(auth.visible_candidates(carla)).count() == 3  # Twente
        # a region given in capitals is still the region
        st = auth.create_staff(s, "ella", "Ella", "consulent", PASSWORD, region=" Twente ")
        assert st.region == "twente" and auth.may_see(s, st, world["sam"])


async def test_lists_show_only_what_the_persona_may_see(client):
    make_world()
    seen = {}
    for persona in ("consulent", "consulent_elders", "jobcoach", "andere_jobcoach", "beheerder"):
        await _log_in(client, PERSONAS[persona])
        candidates = await (await client.get("/dashboard/kandidaten")).text()
        today = await (await client.get("/dashboard/")).text()
        live = (await (await client.get("/dashboard/vandaag.json")).json())["html"]
        listed = await (await client.get("/dashboard/escalaties")).text()
        closed = await (await client.get("/dashboard/escalaties?status=afgehandeld")).text()
        counts = {page.count("/dashboard/escalaties/") for page in (today, live, listed)}
        assert len(counts) == 1, persona  # the three show the same open meldingen
        seen[persona] = (
            {name for name in ("Sam", "Kim") if name in candidates},
            counts.pop(),
            closed.count("/dashboard/escalaties/"),
        )
    # the closed one (Sam's, once Bert's): for who sees Sam, Bert no longer does;
    # + Lex's two meldingen without an owner: Twente's queue
    assert seen == {
        "consulent": ({"Sam", "Kim"}, 7, 1),
        "consulent_elders": (set(), 0, 0),
        "jobcoach": ({"Sam"}, 6, 1),
        "andere_jobcoach": ({"Kim"}, 3, 0),
        "beheerder": ({"Sam", "Kim"}, 7, 1),
    }
