"""Escalation pages: one escalation, and what a jobcoach does with it (seen, take over the
conversation, reply, resolve). The lists are in `overview`."""

from __future__ import annotations

import asyncio
import secrets

from aiohttp import web

from bot.catalogue import say
from bot.channels import delivery
from bot.escalations import handoff
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
        conversation = []
        if e.handoff_at and c is not None and c.conversation_id:
            events = await asyncio.to_thread(rasa_client(request).events, c.conversation_id)
            conversation = handoff.conversation_since_pause(events)
        return render(
            "escalation.html",
            title=say("dashboard.title_escalation"),
            me=staff,
            csrf=csrf,
            e=e,
            c=c,
            may_act=auth.may_handle(staff, e),
            only_assigned=say("dashboard.only_assigned"),
            conversation=conversation,
            flash=request.query.get("ok"),
            sleutel=secrets.token_urlsafe(16),  # one reply: sent twice, relayed once
        )


async def escalation_action(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        e, c = _escalation(s, staff, request.match_info["id"])
        if not auth.may_handle(staff, e):
            raise web.HTTPForbidden(text=say("dashboard.only_assigned"))
        now = app_now(request)
        target = f"escalatie:{e.id}"
        if e.status != "open":
            raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}")
        if action == "gezien":
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
                delivery.relay, rasa_client(request), c.conversation_id, c.channel, text, key=key
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
    raise web.HTTPSeeOther(f"/dashboard/escalaties/{e.id}?ok={say('dashboard.saved')}")
