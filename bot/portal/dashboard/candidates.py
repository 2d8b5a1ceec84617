"""Candidate pages: the list, one candidate (trajecten and a timeline of the intake,
check-ins with each question and the candidate's own words, and meldingen, closed ones
included), and what a consultant records there (invite code, traject, praktijkverklaring);
an administrator also links a traject to another jobcoach."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from sqlalchemy import select

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import (
    TrajectError,
    assign_jobcoach,
    record_praktijkverklaring,
    register_traject,
)
from bot.catalogue import say
from bot.portal import auth
from bot.portal.dashboard.pages import (
    app_now,
    checked_form,
    current_user,
    not_found,
    render,
)
from bot.portal.dashboard.timeline import timeline
from bot.store.engine import session
from bot.store.models import Candidate, Staff, Traject


async def candidates_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        rows = (
            s.execute(
                select(Candidate).where(auth.visible_candidates(staff)).order_by(Candidate.id)
            )
            .scalars()
            .all()
        )
        return render(
            "candidates.html",
            title=say("dashboard.title_candidates"),
            me=staff,
            csrf=csrf,
            candidates=rows,
        )


def _candidate(s, staff: Staff, candidate_id: str) -> Candidate:
    try:
        cid = int(candidate_id)
    except ValueError:
        raise not_found() from None
    if not auth.may_see(s, staff, cid):
        raise not_found()
    return s.get(Candidate, cid)


async def candidate_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        c = _candidate(s, staff, request.match_info["id"])
        trajecten = s.execute(select(Traject).where(Traject.candidate_id == c.id)).scalars().all()
        coaches = []
        if staff.role == "beheerder":
            coaches = s.execute(
                select(Staff).where(Staff.role == "jobcoach").order_by(Staff.display_name)
            ).scalars()
        return render(
            "candidate.html",
            title=c.first_name or say("dashboard.title_candidate", id=c.id),
            me=staff,
            csrf=csrf,
            c=c,
            trajecten=trajecten,
            moments=timeline(s, c),
            coaches=list(coaches),
            flash=request.query.get("ok"),
        )


async def invite_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        await checked_form(request, csrf)
        c = _candidate(s, staff, request.match_info["id"])
        code = create_invite(s, c.id, app_now(request))
        auth.audit(s, staff, "koppelcode_gemaakt", f"kandidaat:{c.id}", now=app_now(request))
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
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        c = _candidate(s, staff, request.match_info["id"])
        try:
            register_traject(
                s,
                c.id,
                form.get("leerbedrijf", "").strip()[:200],
                _date(form.get("start", "")),
                jobcoach=form.get("jobcoach", "")[:60],
            )
        except TrajectError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        auth.audit(s, staff, "traject_geregistreerd", f"kandidaat:{c.id}", now=app_now(request))
        s.commit()
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{c.id}?ok={say('dashboard.traject_registered')}")


def _traject(s, staff: Staff, request: web.Request) -> Traject:
    """The traject of the URL, when the user may see its candidate; else 404."""
    try:
        t = s.get(Traject, int(request.match_info["id"]))
    except ValueError:
        t = None
    if t is None or not auth.may_see(s, staff, t.candidate_id):
        raise not_found()
    return t


async def jobcoach_post(request: web.Request) -> web.Response:
    """An administrator links the traject to a jobcoach's account."""
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        t = _traject(s, staff, request)
        try:
            assign_jobcoach(s, t.id, form.get("jobcoach", "")[:60])
        except TrajectError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        detail = f"jobcoach:{t.jobcoach_id}"
        auth.audit(s, staff, "jobcoach_gekoppeld", f"traject:{t.id}", detail, now=app_now(request))
        s.commit()
        cid = t.candidate_id
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{cid}?ok={say('dashboard.jobcoach_linked')}")


async def praktijkverklaring_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        t = _traject(s, staff, request)
        try:
            record_praktijkverklaring(s, t.id, _date(form.get("datum", "")))
        except TrajectError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        auth.audit(
            s, staff, "praktijkverklaring_vastgelegd", f"traject:{t.id}", now=app_now(request)
        )
        s.commit()
        cid = t.candidate_id
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{cid}?ok={say('dashboard.pv_recorded')}")
