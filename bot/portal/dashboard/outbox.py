"""Notifications that could not be sent (issue 11): the outbox's dead letters, for
administrators, who can try one again once the mail server or Telegram works. The
escalations themselves are always on the jobcoach's page; this is about the message."""

from __future__ import annotations

from aiohttp import web

from bot.catalogue import say
from bot.escalations import notifications
from bot.portal import auth
from bot.portal.dashboard.pages import (
    app_now,
    checked_form,
    current_user,
    not_found,
    redirect,
    render,
)
from bot.store.engine import session


async def dead_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        return render(
            "dead_notifications.html",
            title=say("dashboard.title_dead_notifications"),
            me=staff,
            csrf=csrf,
            dead=notifications.dead_letters(s),
            max_attempts=notifications.MAX_ATTEMPTS,
            flash=request.query.get("ok"),
        )


async def retry_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        await checked_form(request, csrf)
        try:
            notification_id = int(request.match_info["id"])
        except ValueError:
            raise not_found() from None
        now = app_now(request)
        if not notifications.retry_dead(s, notification_id, now):
            raise not_found()
        auth.audit(s, staff, "melding_opnieuw", f"notificatie:{notification_id}", now=now)
        s.commit()
    return redirect(f"/dashboard/meldingen?ok={say('dashboard.retry_queued')}")
