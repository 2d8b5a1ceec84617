"""The jobcoach dashboard (issue 5), server-rendered with Jinja2 in the portal.

Login with argon2 hashes, a server-side session in an HttpOnly, SameSite=Strict cookie
(Secure when the portal runs on https), a CSRF token in every form, lock-out after
repeated failures. A jobcoach sees only their own candidates (anything else: 404); every
change is written to the audit log.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import secrets
from collections.abc import Callable
from pathlib import Path

import jinja2
from aiohttp import web
from sqlalchemy import select

from bot.candidates.linking import create_invite, create_staff_code
from bot.candidates.trajecten import TrajectError, record_praktijkverklaring, register_traject
from bot.catalogue import say
from bot.channels import delivery
from bot.escalations import handoff
from bot.escalations.records import REASONS
from bot.portal import auth
from bot.portal.keys import NOW_KEY, RASA_CLIENT_KEY
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Escalation, Staff, Traject

COOKIE = "pb_sessie"
LOGIN_COOKIE = "pb_login"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
)


def _secure() -> bool:
    return os.environ.get("PORTAL_PUBLIC_URL", "").startswith("https://")


def _render(name: str, status: int = 200, **context) -> web.Response:
    labels = {code: r.label for code, r in REASONS.items()}
    html = _templates.get_template(name).render(reasons=labels, **context)
    return web.Response(text=html, content_type="text/html", status=status)


def _redirect(url: str) -> web.Response:
    return web.Response(status=303, headers={"Location": url})


def _now(request: web.Request) -> dt.datetime:
    return request.app[NOW_KEY]()


def _not_found() -> web.HTTPNotFound:
    return web.HTTPNotFound(text=say("dashboard.not_found"))


async def _user(request: web.Request, s):
    found = auth.current(s, request.cookies.get(COOKIE), _now(request))
    if found is None:
        raise web.HTTPSeeOther("/dashboard/inloggen")
    return found


async def _form(request: web.Request, csrf: str) -> dict[str, str]:
    data = await request.post()
    if not auth.csrf_ok(csrf, data.get("csrf")):
        raise web.HTTPForbidden(text=say("dashboard.form_invalid"))
    return {k: str(v) for k, v in data.items()}


async def login_page(request: web.Request) -> web.Response:
    token = secrets.token_urlsafe(24)
    resp = _render("login.html", title=say("dashboard.title_login"), login_csrf=token, me=None)
    resp.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="Strict", secure=_secure(), path="/dashboard"
    )
    return resp


async def login_post(request: web.Request) -> web.Response:
    data = await request.post()
    if not auth.csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), data.get("csrf")):
        raise web.HTTPForbidden(text=say("dashboard.form_expired"))
    with session() as s:
        try:
            login = auth.login(
                s, str(data.get("gebruiker", "")), str(data.get("wachtwoord", "")), _now(request)
            )
        except auth.AuthError as exc:
            token = secrets.token_urlsafe(24)
            resp = _render(
                "login.html",
                status=401,
                title=say("dashboard.title_login"),
                login_csrf=token,
                error=str(exc),
                me=None,
            )
            resp.set_cookie(
                LOGIN_COOKIE,
                token,
                httponly=True,
                samesite="Strict",
                secure=_secure(),
                path="/dashboard",
            )
            return resp
    resp = _redirect("/dashboard/")
    resp.set_cookie(
        COOKIE,
        login.token,
        httponly=True,
        samesite="Strict",
        secure=_secure(),
        path="/dashboard",
        max_age=auth.SESSION_HOURS * 3600,
    )
    resp.del_cookie(LOGIN_COOKIE, path="/dashboard")
    return resp


async def logout_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        await _form(request, csrf)
        auth.logout(s, request.cookies.get(COOKIE), _now(request))
    resp = _redirect("/dashboard/inloggen")
    resp.del_cookie(COOKIE, path="/dashboard")
    return resp


async def escalations_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        rows = s.execute(
            select(Escalation, Candidate)
            .join(Candidate, Candidate.id == Escalation.candidate_id)
            .where(Escalation.status == "open", auth.visible_candidates(staff))
            .order_by(Escalation.severity, Escalation.created_at)
        ).all()
        title = say("dashboard.title_escalations")
        return _render("escalations.html", title=title, me=staff, csrf=csrf, escalations=rows)


def _escalation(s, staff: Staff, escalation_id: str) -> tuple[Escalation, Candidate | None]:
    try:
        e = s.get(Escalation, int(escalation_id))
    except ValueError:
        e = None
    if e is None or not auth.may_see(s, staff, e.candidate_id):
        raise _not_found()
    return e, s.get(Candidate, e.candidate_id) if e.candidate_id else None


async def escalation_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        e, c = _escalation(s, staff, request.match_info["id"])
        conversation = []
        if e.handoff_at and c is not None and c.conversation_id:
            events = await asyncio.to_thread(_rasa(request).events, c.conversation_id)
            conversation = handoff.conversation_since_pause(events)
        return _render(
            "escalation.html",
            title=say("dashboard.title_escalation"),
            me=staff,
            csrf=csrf,
            e=e,
            c=c,
            conversation=conversation,
            flash=request.query.get("ok"),
        )


def _rasa(request: web.Request) -> RasaClient:
    return request.app[RASA_CLIENT_KEY]


async def escalation_action(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    with session() as s:
        staff, csrf = await _user(request, s)
        form = await _form(request, csrf)
        e, c = _escalation(s, staff, request.match_info["id"])
        now = _now(request)
        target = f"escalatie:{e.id}"
        if e.status != "open":
            raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}")
        if action == "gezien":
            e.acknowledged_at = e.acknowledged_at or now
            auth.audit(s, staff, "melding_gezien", target, now=now)
        elif action == "overnemen":
            if c is None or not c.conversation_id:
                raise web.HTTPBadRequest(text=say("dashboard.no_conversation"))
            await asyncio.to_thread(
                handoff.take_over, _rasa(request), c.conversation_id, c.channel, staff.display_name
            )
            e.handoff_at, e.acknowledged_at = now, e.acknowledged_at or now
            auth.audit(s, staff, "gesprek_overgenomen", target, now=now)
        elif action == "antwoord":
            text = form.get("tekst", "").strip()[:2000]
            if not text or not e.handoff_at or c is None:
                raise web.HTTPBadRequest(text=say("dashboard.take_over_first"))
            await asyncio.to_thread(
                delivery.relay, _rasa(request), c.conversation_id, c.channel, text
            )
            auth.audit(
                s, staff, "antwoord_verstuurd", target, detail=f"{len(text)} tekens", now=now
            )
        elif action == "afsluiten":
            note = form.get("notitie", "").strip()[:2000]
            if not note:
                raise web.HTTPBadRequest(text=say("dashboard.note_required"))
            if e.handoff_at and c is not None and c.conversation_id:
                await asyncio.to_thread(
                    handoff.give_back, _rasa(request), c.conversation_id, c.channel
                )
            e.status, e.resolved_at, e.note = "afgehandeld", now, note
            auth.audit(s, staff, "melding_afgesloten", target, detail=note, now=now)
        else:
            raise _not_found()
        s.commit()
    raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}?ok={say('dashboard.saved')}")


async def candidates_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        rows = (
            s.execute(
                select(Candidate).where(auth.visible_candidates(staff)).order_by(Candidate.id)
            )
            .scalars()
            .all()
        )
        title = say("dashboard.title_candidates")
        return _render("candidates.html", title=title, me=staff, csrf=csrf, candidates=rows)


def _candidate(s, staff: Staff, candidate_id: str) -> Candidate:
    try:
        cid = int(candidate_id)
    except ValueError:
        raise _not_found() from None
    if not auth.may_see(s, staff, cid):
        raise _not_found()
    return s.get(Candidate, cid)


async def candidate_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        c = _candidate(s, staff, request.match_info["id"])
        trajecten = s.execute(select(Traject).where(Traject.candidate_id == c.id)).scalars().all()
        checkins = []
        for ci in s.execute(
            select(CheckIn)
            .join(Traject, Traject.id == CheckIn.traject_id)
            .where(Traject.candidate_id == c.id)
            .order_by(CheckIn.due_at)
        ).scalars():
            answers = (
                s.execute(select(CheckInAnswer).where(CheckInAnswer.checkin_id == ci.id))
                .scalars()
                .all()
            )
            checkins.append((ci, answers))
        return _render(
            "candidate.html",
            title=c.first_name or say("dashboard.title_candidate", id=c.id),
            me=staff,
            csrf=csrf,
            c=c,
            trajecten=trajecten,
            checkins=checkins,
            flash=request.query.get("ok"),
        )


def _consultant(staff: Staff) -> None:
    if staff.role not in ("consulent", "beheerder"):
        raise web.HTTPForbidden(text=say("dashboard.only_consultants"))


async def invite_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        await _form(request, csrf)
        c = _candidate(s, staff, request.match_info["id"])
        _consultant(staff)
        code = create_invite(s, c.id, _now(request))
        auth.audit(s, staff, "koppelcode_gemaakt", f"kandidaat:{c.id}", now=_now(request))
        s.commit()
    raise web.HTTPSeeOther(
        f"/dashboard/kandidaten/{c.id}?ok={say('dashboard.invite_made', code=code)}"
    )


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise web.HTTPBadRequest(text=say("dashboard.date_format")) from None


async def traject_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        form = await _form(request, csrf)
        c = _candidate(s, staff, request.match_info["id"])
        _consultant(staff)
        coach = None
        if form.get("jobcoach"):
            coach = s.execute(
                select(Staff).where(
                    Staff.username == form["jobcoach"].strip().lower(), Staff.role == "jobcoach"
                )
            ).scalar_one_or_none()
            if coach is None:
                raise web.HTTPBadRequest(text=say("dashboard.no_such_jobcoach"))
        try:
            t = register_traject(
                s, c.id, form.get("leerbedrijf", "").strip(), _date(form.get("start", ""))
            )
        except TrajectError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        if coach is not None:
            t.jobcoach_id, t.jobcoach = coach.id, coach.display_name
        auth.audit(s, staff, "traject_geregistreerd", f"kandidaat:{c.id}", now=_now(request))
        s.commit()
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{c.id}?ok={say('dashboard.traject_registered')}")


async def praktijkverklaring_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        form = await _form(request, csrf)
        try:
            t = s.get(Traject, int(request.match_info["id"]))
        except ValueError:
            t = None
        if t is None or not auth.may_see(s, staff, t.candidate_id):
            raise _not_found()
        _consultant(staff)
        try:
            record_praktijkverklaring(s, t.id, _date(form.get("datum", "")))
        except TrajectError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        auth.audit(s, staff, "praktijkverklaring_vastgelegd", f"traject:{t.id}", now=_now(request))
        s.commit()
        cid = t.candidate_id
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{cid}?ok={say('dashboard.pv_recorded')}")


async def _to_dashboard(request: web.Request) -> web.Response:
    return _redirect("/dashboard/")


async def account_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        title = say("dashboard.title_account")
        return _render("account.html", title=title, me=staff, csrf=csrf)


async def telegram_code_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        await _form(request, csrf)
        code = create_staff_code(s, staff.id, _now(request))
        auth.audit(s, staff, "telegram_code_gemaakt", f"staff:{staff.id}", now=_now(request))
        s.commit()
        title, code = say("dashboard.title_account"), code.replace("-", "")
        return _render("account.html", title=title, me=staff, csrf=csrf, code=code)


def _admin(staff: Staff) -> None:
    if staff.role != "beheerder":
        raise web.HTTPForbidden(text=say("dashboard.only_admins"))


async def staff_page(request: web.Request, flash: str | None = None) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        _admin(staff)
        everyone = s.execute(select(Staff).order_by(Staff.username)).scalars().all()
        title = say("dashboard.title_staff")
        return _render("staff.html", title=title, me=staff, csrf=csrf, staff=everyone, flash=flash)


async def staff_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await _user(request, s)
        form = await _form(request, csrf)
        _admin(staff)
        password = secrets.token_urlsafe(12)
        try:
            made = auth.create_staff(
                s,
                form.get("gebruiker", ""),
                form.get("naam", ""),
                form.get("rol", ""),
                password,
                email=form.get("email") or None,
                region=(form.get("regio") or "").strip().lower() or None,
                default_for_region=form.get("standaard") == "1",
            )
        except auth.AuthError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        auth.audit(s, staff, "medewerker_aangemaakt", f"staff:{made.id}", now=_now(request))
        s.commit()
        name = made.username
    return await staff_page(request, say("dashboard.account_made", name=name, password=password))


def add_routes(app: web.Application, rasa: RasaClient, now: Callable[[], dt.datetime]) -> None:
    app[RASA_CLIENT_KEY] = rasa
    app[NOW_KEY] = now
    app.router.add_get("/dashboard/inloggen", login_page)
    app.router.add_post("/dashboard/inloggen", login_post)
    app.router.add_post("/dashboard/uitloggen", logout_post)
    app.router.add_get("/dashboard/", escalations_page)
    app.router.add_get("/dashboard/escalaties/{id}", escalation_page)
    app.router.add_post("/dashboard/escalaties/{id}/{action}", escalation_action)
    app.router.add_get("/dashboard/kandidaten", candidates_page)
    app.router.add_get("/dashboard/kandidaten/{id}", candidate_page)
    app.router.add_post("/dashboard/kandidaten/{id}/uitnodiging", invite_post)
    app.router.add_post("/dashboard/kandidaten/{id}/traject", traject_post)
    app.router.add_post("/dashboard/trajecten/{id}/praktijkverklaring", praktijkverklaring_post)
    app.router.add_get("/dashboard/account", account_page)
    app.router.add_post("/dashboard/account/telegram", telegram_code_post)
    app.router.add_get("/dashboard/medewerkers", staff_page)
    app.router.add_post("/dashboard/medewerkers", staff_post)
    app.router.add_get("/dashboard", _to_dashboard)
