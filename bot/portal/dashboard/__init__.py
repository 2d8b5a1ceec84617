"""The jobcoach dashboard (issue 5), server-rendered with Jinja2 in the portal.

Login with argon2 hashes, a server-side session in an HttpOnly, SameSite=Strict cookie
(Secure when the portal runs on https), a CSRF token in every form, lock-out after
repeated failures. A jobcoach sees only their own candidates (anything else: 404); every
change is written to the audit log.

Here the URL map; the pages by concern: `login`, `escalations`, `candidates`, `staff`
(own account, administrators), `outbox` (notifications that could not be sent); what they
share in `pages`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from aiohttp import web

from bot.portal.dashboard.candidates import (
    candidate_page,
    candidates_page,
    invite_post,
    praktijkverklaring_post,
    traject_post,
)
from bot.portal.dashboard.escalations import escalation_action, escalation_page, escalations_page
from bot.portal.dashboard.login import login_page, login_post, logout_post
from bot.portal.dashboard.outbox import dead_page, retry_post
from bot.portal.dashboard.pages import redirect
from bot.portal.dashboard.staff import account_page, staff_page, staff_post, telegram_code_post
from bot.portal.keys import NOW_KEY, RASA_CLIENT_KEY
from bot.rasa_client import RasaClient


async def _to_dashboard(request: web.Request) -> web.Response:
    return redirect("/dashboard/")


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
    app.router.add_get("/dashboard/meldingen", dead_page)
    app.router.add_post("/dashboard/meldingen/{id}/opnieuw", retry_post)
    app.router.add_get("/dashboard", _to_dashboard)
