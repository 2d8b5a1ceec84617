"""The pages a jobcoach works from (issue 12): "vandaag" (who needs attention, the landing
page), the meldingen (open and closed, with filters and search), and the small JSON answers
the pages poll for live updates (static/dashboard-live.js): the "vandaag" list, and the
conversation of a melding that was taken over.

The queries are in `worklist`; here the HTTP side.
"""

from __future__ import annotations

import asyncio
import math
from urllib.parse import urlencode

from aiohttp import web

from bot.catalogue import say
from bot.escalations import handoff
from bot.portal import auth
from bot.portal.dashboard import worklist
from bot.portal.dashboard.pages import (
    CASEWORK,
    app_now,
    current_user,
    not_found,
    rasa_client,
    redirect,
    render,
    render_text,
)
from bot.store.engine import session
from bot.store.models import Candidate, Escalation

LIVE_SECONDS = 5  # how often an open page asks for news
NO_STORE = {"Cache-Control": "no-store"}


def _today(s, staff, now) -> tuple[str, str]:
    """The list as HTML, and the line that says how many are on it."""
    items = worklist.attention(s, staff, now)
    html = render_text("today_list.html", items=items, now=now, waited=worklist.waited)
    return html, say("dashboard.today_status", n=len(items))


async def today_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        if staff.role not in CASEWORK:  # a manager's landing page is the figures
            return redirect(
                "/dashboard/effect" if staff.role == "manager" else "/dashboard/kennisbank"
            )
        now = app_now(request)
        listing, status = _today(s, staff, now)
        return render(
            "today.html",
            title=say("dashboard.title_today"),
            me=staff,
            csrf=csrf,
            listing=listing,
            live_status=status,
            live_seconds=LIVE_SECONDS,
        )


async def today_json(request: web.Request) -> web.Response:
    with session() as s:
        staff, _ = await current_user(request, s)
        now = app_now(request)
        listing, status = _today(s, staff, now)
    body = {"html": listing, "status": status}
    return web.json_response(body, headers=NO_STORE)


async def escalations_page(request: web.Request) -> web.Response:
    try:
        f = worklist.parse_filter(dict(request.query))
    except worklist.FilterError:
        raise web.HTTPBadRequest(text=say("dashboard.filter_invalid")) from None
    with session() as s:
        staff, csrf = await current_user(request, s)
        rows, total = worklist.meldingen(s, staff, f)
        pages = max(1, math.ceil(total / worklist.PAGE_SIZE))
        return render(
            "escalations.html",
            title=say("dashboard.title_escalations"),
            me=staff,
            csrf=csrf,
            escalations=rows,
            total=total,
            f=f,
            page=f.page,
            pages=pages,
            previous=f"?{urlencode(f.query(pagina=f.page - 1))}" if f.page > 1 else None,
            next=f"?{urlencode(f.query(pagina=f.page + 1))}" if f.page < pages else None,
            choices=worklist.filter_choices(s, staff),
            statuses=worklist.STATUSES,
            nobody=worklist.NOBODY,
            now=app_now(request),
            waited=worklist.waited,
        )


async def conversation_json(request: web.Request) -> web.Response:
    """The conversation of a melding that was taken over, as the melding page shows it (the
    kept transcript)."""
    with session() as s:
        staff, _ = await current_user(request, s)
        try:
            e = s.get(Escalation, int(request.match_info["id"]))
        except ValueError:
            e = None
        if e is None or not auth.may_see(s, staff, e.candidate_id):
            raise not_found()
        c = s.get(Candidate, e.candidate_id) if e.candidate_id else None
        taken, status = bool(e.handoff_at), e.status
        kept = [{"wie": m["wie"], "tekst": m["tekst"]} for m in handoff.transcript(s, e.id)]
    messages = kept
    if not kept and taken and c is not None and c.conversation_id:
        # a takeover from before the conversation was kept: from Rasa's history
        events = await asyncio.to_thread(rasa_client(request).events, c.conversation_id)
        messages = handoff.conversation_since_pause(events)
    body = {"status": status, "taken_over": taken, "messages": messages}
    return web.json_response(body, headers=NO_STORE)
