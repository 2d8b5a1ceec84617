"""Candidate pages: the list, one candidate (intake, check-ins, trajecten), and what a
consultant records there (invite code, traject, praktijkverklaring)."""

from __future__ import annotations

import datetime as dt

from aiohttp import web
from sqlalchemy import select

from bot.candidates.linking import create_invite
from bot.candidates.trajecten import TrajectError, record_praktijkverklaring, register_traject
from bot.catalogue import say
from bot.portal import auth
from bot.portal.dashboard.pages import (
    app_now,
    checked_form,
    current_user,
    not_found,
    render,
)
from bot.store.engine import session
from bot.store.models import Candidate, CheckIn, CheckInAnswer, Staff, Traject


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
        return render(
            "candidate.html",
            title=c.first_name or say("dashboard.title_candidate", id=c.id),
            me=staff,
            csrf=csrf,
            c=c,
            trajecten=trajecten,
            checkins=checkins,
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
        auth.audit(s, staff, "traject_geregistreerd", f"kandidaat:{c.id}", now=app_now(request))
        s.commit()
    raise web.HTTPSeeOther(f"/dashboard/kandidaten/{c.id}?ok={say('dashboard.traject_registered')}")


async def praktijkverklaring_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        try:
            t = s.get(Traject, int(request.match_info["id"]))
        except ValueError:
            t = None
        if t is None or not auth.may_see(s, staff, t.candidate_id):
            raise not_found()
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
