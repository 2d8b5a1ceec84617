"""Escalation pages: one escalation, and what a jobcoach does with it (seen, take over the
conversation, reply, resolve), who owns it (a jobcoach of the region takes one without an
owner; an administrator assigns it), and the takeover conversation, kept after closing. The
lists are in `overview`."""

from __future__ import annotations

import asyncio
import secrets
from urllib.parse import quote

from aiohttp import web
from sqlalchemy import select

from bot.catalogue import say
from bot.escalations import handoff, owners
from bot.portal import auth
from bot.portal.dashboard.pages import (
    app_now,
    checked_form,
    current_user,
    not_found,
    rasa_client,
    render,
)
from bot.store.engine import session
from bot.store.models import Candidate, Escalation, Staff


def _escalation(s, staff: Staff, escalation_id: str) -> tuple[Escalation, Candidate | None]:
    try:
        e = s.get(Escalation, int(escalation_id))
    except ValueError:
        e = None
    if e is None or not auth.may_see(s, staff, e.candidate_id):
        raise not_found()
    return e, s.get(Candidate, e.candidate_id) if e.candidate_id else None


async def escalation_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        e, c = _escalation(s, staff, request.match_info["id"])
        conversation = handoff.transcript(s, e.id)
        if not conversation and e.handoff_at and c is not None and c.conversation_id:
            # a takeover from before the conversation was kept: from Rasa's history
            events = await asyncio.to_thread(rasa_client(request).events, c.conversation_id)
            conversation = handoff.conversation_since_pause(events)
        admin = staff.role == "beheerder"
        return render(
            "escalation.html",
            title=say("dashboard.title_escalation"),
            me=staff,
            csrf=csrf,
            e=e,
            c=c,
            owner=s.get(Staff, e.staff_id) if e.staff_id else None,
            may_act=auth.may_handle(staff, e),
            may_take=owners.may_take(s, staff, e),
            jobcoaches=owners.jobcoaches(s) if admin and e.status == "open" else [],
            only_assigned=say("dashboard.only_assigned"),
            conversation=conversation,
            flash=request.query.get("ok"),
            sleutel=secrets.token_urlsafe(16),  # one reply: sent twice, relayed once
        )


def _assign(s, staff: Staff, e: Escalation, form: dict[str, str], now) -> str:
    """An administrator gives the melding to a jobcoach (by account id)."""
    if staff.role != "beheerder":
        raise web.HTTPForbidden(text=say("dashboard.only_admins"))
    chosen = form.get("medewerker", "").strip()
    target = s.get(Staff, int(chosen)) if chosen.isdigit() else None
    if target is None:
        target = s.execute(select(Staff).where(Staff.username == chosen.lower())).scalar()
    if target is None or target.role != "jobcoach":
        raise web.HTTPBadRequest(text=say("escalations.choose_jobcoach"))
    owners.assign(s, e, target, now)
    auth.audit(s, staff, "melding_toegewezen", f"escalatie:{e.id}", f"staff:{target.id}", now)
    return say("escalations.assigned_flash", name=target.display_name)


async def escalation_action(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        e, c = _escalation(s, staff, request.match_info["id"])
        now = app_now(request)
        target = f"escalatie:{e.id}"
        flash = say("dashboard.saved")
        if action == "oppakken":  # a jobcoach of the region takes a melding without owner
            if not owners.may_take(s, staff, e):
                raise web.HTTPForbidden(text=say("escalations.not_yours_to_take"))
            owners.take(s, e, staff, now)
            auth.audit(s, staff, "melding_opgepakt", target, now=now)
            s.commit()
            raise web.HTTPSeeOther(
                f"/dashboard/escalaties/{e.id}?ok={say('escalations.taken_flash')}"
            )
        if not auth.may_handle(staff, e):
            raise web.HTTPForbidden(text=say("dashboard.only_assigned"))
        if e.status != "open":
            raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}")
        if action == "toewijzen":
            flash = _assign(s, staff, e, form, now)
        elif action == "gezien":
            e.acknowledged_at = e.acknowledged_at or now
            auth.audit(s, staff, "melding_gezien", target, now=now)
        elif action == "overnemen":
            if c is None or not c.conversation_id:
                raise web.HTTPBadRequest(text=say("dashboard.no_conversation"))
            if e.handoff_state != handoff.TAKEN:
                try:
                    await asyncio.to_thread(
                        handoff.take_over, rasa_client(request), e.id, staff.display_name, now
                    )
                except handoff.TakeOverFailed:
                    raise web.HTTPServiceUnavailable(
                        text=say("dashboard.take_over_failed")
                    ) from None
            auth.audit(s, staff, "gesprek_overgenomen", target, now=now)
        elif action == "antwoord":
            text = form.get("tekst", "").strip()[:2000]
            if not text or e.handoff_state != handoff.TAKEN or c is None:
                raise web.HTTPBadRequest(text=say("dashboard.take_over_first"))
            key = form.get("sleutel", "")[:40] or None  # the same when the form is sent twice
            await asyncio.to_thread(
                handoff.reply, rasa_client(request), e.id, staff.display_name, text, now, key
            )
            auth.audit(
                s, staff, "antwoord_verstuurd", target, detail=f"{len(text)} tekens", now=now
            )
        elif action == "afsluiten":
            note = form.get("notitie", "").strip()[:2000]
            if not note:
                raise web.HTTPBadRequest(text=say("dashboard.note_required"))
            # closed at once; the bot gets the conversation back now or from the scheduler
            await asyncio.to_thread(handoff.close, rasa_client(request), e.id, note, now)
            auth.audit(s, staff, "melding_afgesloten", target, detail=note, now=now)
        else:
            raise not_found()
        s.commit()
    raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}?ok={quote(flash)}")
