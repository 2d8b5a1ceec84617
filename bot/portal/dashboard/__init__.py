"""The jobcoach dashboard (issue 5), server-rendered with Jinja2 in the portal.

Login with argon2 hashes, a server-side session in an HttpOnly, SameSite=Strict cookie
(Secure when the portal runs on https), a CSRF token in every form, lock-out after
repeated failures. Every route has a rule (`ROUTES`): who may call it, and what the handler
checks on the record (a record out of scope: 404). Every change is written to the audit log.

Here the URL map; the pages by concern: `login`, `overview` ("vandaag", the meldingen lists,
the JSON for live updates; its queries in `worklist`), `escalations` (one melding),
`candidates` (with the timeline), `staff` (own account, administrators), `outbox`
(notifications that could not be sent), `effect` (figures per region: funnel, charts, CSV),
`network` (netwerk in beeld: the regional contact directory), `kennisbank` (curators: the gap
queue, changing entries, review dates); what they share in `pages`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple

from aiohttp import web

from bot.portal.dashboard.candidates import (
    candidate_page,
    candidates_page,
    invite_post,
    jobcoach_post,
    praktijkverklaring_post,
    traject_post,
)
from bot.portal.dashboard.effect import effect_csv, effect_page
from bot.portal.dashboard.escalations import escalation_action, escalation_page
from bot.portal.dashboard.kennisbank import gap_action, gap_page, kennisbank_page
from bot.portal.dashboard.login import login_page, login_post, logout_post
from bot.portal.dashboard.network import (
    add_post,
    contact_action,
    contact_page,
    edit_post,
    network_page,
    region_page,
)
from bot.portal.dashboard.outbox import dead_page, retry_post
from bot.portal.dashboard.overview import (
    conversation_json,
    escalations_page,
    today_json,
    today_page,
)
from bot.portal.dashboard.pages import (
    ADMINS,
    ANYONE,
    CASEWORK,
    CONSULTANTS,
    CURATORS,
    STAFF,
    Handler,
    Rule,
    guarded,
    redirect,
)
from bot.portal.dashboard.staff import account_page, staff_page, staff_post, telegram_code_post
from bot.portal.keys import NOW_KEY, RASA_CLIENT_KEY
from bot.rasa_client import RasaClient

SEES_CANDIDATE = "the candidate is visible to them (bot.portal.auth.visible_candidates)"
SEES_ESCALATION = "the escalation's candidate is visible to them"
SEES_ATTENTION = "only visible candidates' meldingen, check-ins and reachability"
OWN_REGION = (
    "figures (counts, cells under 5 hidden) of their own region (Staff.region); an admin: any "
    "region; another region: 404 (bot.portal.dashboard.effect.allowed_regions)"
)
NETWORK_REGION = "the region exists; changes: staff of that region (Staff.region) or an admin"
OPEN_GAP = "an open group of knowledge gaps (404 when handled or unknown)"
HANDLES_ESCALATION = (
    SEES_ESCALATION + "; acting on it: its jobcoach or an admin (may_handle); assigning it: an "
    "admin; taking one without an owner: a jobcoach of its region (owners.may_take)"
)


async def _to_dashboard(request: web.Request) -> web.Response:
    return redirect("/dashboard/")


class Route(NamedTuple):
    method: str
    path: str
    handler: Handler
    rule: Rule


ROUTES = (
    Route("GET", "/dashboard", _to_dashboard, ANYONE),
    Route("GET", "/dashboard/inloggen", login_page, ANYONE),
    Route("POST", "/dashboard/inloggen", login_post, Rule(None, "the login form's CSRF cookie")),
    Route("POST", "/dashboard/uitloggen", logout_post, Rule(STAFF)),
    # a curator is sent on to the kennisbank
    Route("GET", "/dashboard/", today_page, Rule(STAFF, SEES_ATTENTION)),
    Route("GET", "/dashboard/vandaag.json", today_json, Rule(CASEWORK, SEES_ATTENTION)),
    Route("GET", "/dashboard/escalaties", escalations_page, Rule(CASEWORK, SEES_ESCALATION)),
    Route("GET", "/dashboard/escalaties/{id}", escalation_page, Rule(CASEWORK, SEES_ESCALATION)),
    Route(
        "GET",
        "/dashboard/escalaties/{id}/gesprek",
        conversation_json,
        Rule(CASEWORK, SEES_ESCALATION),
    ),
    Route(
        "POST",
        "/dashboard/escalaties/{id}/{action}",
        escalation_action,
        Rule(CASEWORK, HANDLES_ESCALATION),
    ),
    Route("GET", "/dashboard/kandidaten", candidates_page, Rule(CASEWORK, SEES_CANDIDATE)),
    Route("GET", "/dashboard/kandidaten/{id}", candidate_page, Rule(CASEWORK, SEES_CANDIDATE)),
    Route(
        "POST",
        "/dashboard/kandidaten/{id}/uitnodiging",
        invite_post,
        Rule(CONSULTANTS, SEES_CANDIDATE),
    ),
    Route(
        "POST",
        "/dashboard/kandidaten/{id}/traject",
        traject_post,
        Rule(CONSULTANTS, SEES_CANDIDATE),
    ),
    Route(
        "POST",
        "/dashboard/trajecten/{id}/jobcoach",
        jobcoach_post,
        Rule(ADMINS, "the traject exists; the account is a jobcoach"),
    ),
    Route(
        "POST",
        "/dashboard/trajecten/{id}/praktijkverklaring",
        praktijkverklaring_post,
        Rule(CONSULTANTS, "the traject's candidate is visible to them"),
    ),
    Route("GET", "/dashboard/effect", effect_page, Rule(STAFF, OWN_REGION)),
    Route("GET", "/dashboard/effect.csv", effect_csv, Rule(STAFF, OWN_REGION)),
    Route("GET", "/dashboard/account", account_page, Rule(STAFF, "their own account")),
    Route("POST", "/dashboard/account/telegram", telegram_code_post, Rule(STAFF, "their own")),
    Route("GET", "/dashboard/medewerkers", staff_page, Rule(ADMINS)),
    Route("POST", "/dashboard/medewerkers", staff_post, Rule(ADMINS)),
    Route("GET", "/dashboard/netwerk", network_page, Rule(STAFF, "every region: shared")),
    Route("GET", "/dashboard/netwerk/{regio}", region_page, Rule(STAFF, "the region exists")),
    Route("POST", "/dashboard/netwerk/{regio}", add_post, Rule(STAFF, NETWORK_REGION)),
    Route("GET", "/dashboard/netwerk/{regio}/{id}", contact_page, Rule(STAFF, NETWORK_REGION)),
    Route("POST", "/dashboard/netwerk/{regio}/{id}", edit_post, Rule(STAFF, NETWORK_REGION)),
    Route(
        "POST",
        "/dashboard/netwerk/{regio}/{id}/{action}",
        contact_action,
        Rule(STAFF, NETWORK_REGION + "; the contact is in that region"),
    ),
    Route("GET", "/dashboard/meldingen", dead_page, Rule(ADMINS)),
    Route("POST", "/dashboard/meldingen/{id}/opnieuw", retry_post, Rule(ADMINS)),
    Route("GET", "/dashboard/kennisbank", kennisbank_page, Rule(CURATORS)),
    Route("GET", "/dashboard/kennisbank/vragen/{id}", gap_page, Rule(CURATORS, OPEN_GAP)),
    Route(
        "POST", "/dashboard/kennisbank/vragen/{id}/{action}", gap_action, Rule(CURATORS, OPEN_GAP)
    ),
)


def add_routes(app: web.Application, rasa: RasaClient, now: Callable[[], dt.datetime]) -> None:
    app[RASA_CLIENT_KEY] = rasa
    app[NOW_KEY] = now
    for route in ROUTES:
        app.router.add_route(route.method, route.path, guarded(route.handler, route.rule))
