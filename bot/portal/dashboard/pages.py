"""What every dashboard page uses: the templates, the logged-in user, forms with a CSRF
token, cookies, redirects and the access rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
from aiohttp import web
from sqlalchemy.orm import Session

from bot import settings
from bot.catalogue import say
from bot.escalations.records import REASONS
from bot.knowledge.regions import region_name
from bot.portal import auth
from bot.portal.keys import NOW_KEY, RASA_CLIENT_KEY
from bot.rasa_client import RasaClient
from bot.store.engine import session
from bot.store.models import Staff

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

COOKIE = "pb_sessie"
LOGIN_COOKIE = "pb_login"
_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent.parent / "templates"),
    autoescape=True,
)
_templates.filters["regio"] = region_name


def secure() -> bool:
    return settings.current().secure_cookies


def render_text(name: str, **context: object) -> str:
    labels = {code: r.label for code, r in REASONS.items()}
    return _templates.get_template(name).render(reasons=labels, **context)


def render(name: str, status: int = 200, **context: object) -> web.Response:
    return web.Response(text=render_text(name, **context), content_type="text/html", status=status)


def redirect(url: str) -> web.Response:
    return web.Response(status=303, headers={"Location": url})


def app_now(request: web.Request) -> dt.datetime:
    return request.app[NOW_KEY]()


def not_found() -> web.HTTPNotFound:
    return web.HTTPNotFound(text=say("dashboard.not_found"))


async def current_user(request: web.Request, s: Session) -> tuple[Staff, str]:
    """The logged-in staff member and their CSRF token; to the login page otherwise."""
    found = auth.current(s, request.cookies.get(COOKIE), app_now(request))
    if found is None:
        raise web.HTTPSeeOther("/dashboard/inloggen")
    return found


async def checked_form(request: web.Request, csrf: str) -> dict[str, str]:
    data = await request.post()
    if not auth.csrf_ok(csrf, data.get("csrf")):
        raise web.HTTPForbidden(text=say("dashboard.form_invalid"))
    return {k: str(v) for k, v in data.items()}


def rasa_client(request: web.Request) -> RasaClient:
    return request.app[RASA_CLIENT_KEY]


@dataclass(frozen=True)
class Rule:
    """Who may call a route. `roles` is checked for every request before the handler runs
    (None: anyone, also without logging in; not logged in: to the login page; another
    role: 403). `scope` says what the handler checks on the record itself (a record out of
    scope is a 404, so its existence is not given away)."""

    roles: tuple[str, ...] | None
    scope: str = ""


ANYONE = Rule(None)
STAFF = auth.ROLES  # any dashboard account
CASEWORK = ("jobcoach", "consulent", "beheerder")  # who works with candidates and meldingen
CONSULTANTS = ("consulent", "beheerder")
ADMINS = ("beheerder",)
CURATORS = ("curator", "beheerder")  # the kennisbank
_REFUSED = {
    STAFF: "dashboard.not_allowed",
    CASEWORK: "dashboard.not_allowed",
    CURATORS: "kennisbank.only_curators",
    CONSULTANTS: "dashboard.only_consultants",
    ADMINS: "dashboard.only_admins",
}


def guarded(handler: Handler, rule: Rule) -> Handler:
    """The handler behind its rule's role check."""
    if rule.roles is None:
        return handler

    async def checked(request: web.Request) -> web.StreamResponse:
        with session() as s:
            staff, _ = await current_user(request, s)
        if staff.role not in rule.roles:
            raise web.HTTPForbidden(text=say(_REFUSED.get(rule.roles, "dashboard.not_allowed")))
        return await handler(request)

    return checked
