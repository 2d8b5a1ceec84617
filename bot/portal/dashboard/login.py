"""Logging in and out of the dashboard: a CSRF cookie for the login form, then a session
cookie (HttpOnly, SameSite=Strict, Secure on https). An address that keeps failing waits
longer each time, for any account and for one account (bot.portal.limits); the account itself
only briefly (bot.portal.auth), so nobody can keep it closed for others."""

from __future__ import annotations

import math
import secrets

from aiohttp import web

from bot.catalogue import say
from bot.portal import auth
from bot.portal.dashboard.pages import (
    COOKIE,
    LOGIN_COOKIE,
    app_now,
    checked_form,
    current_user,
    redirect,
    render,
    secure,
)
from bot.portal.keys import LIMITS_KEY, client_ip
from bot.store.engine import session


async def login_page(request: web.Request) -> web.Response:
    token = secrets.token_urlsafe(24)
    resp = render("login.html", title=say("dashboard.title_login"), login_csrf=token, me=None)
    resp.set_cookie(
        LOGIN_COOKIE, token, httponly=True, samesite="Strict", secure=secure(), path="/dashboard"
    )
    return resp


async def login_post(request: web.Request) -> web.Response:
    data = await request.post()
    if not auth.csrf_ok(request.cookies.get(LOGIN_COOKIE, ""), data.get("csrf")):
        raise web.HTTPForbidden(text=say("dashboard.form_expired"))
    name = str(data.get("gebruiker", "")).strip().lower()[:60]
    limits, ip = request.app[LIMITS_KEY], client_ip(request)
    per_ip, per_name = limits.logins_per_ip, limits.logins_per_ip_and_name
    with session() as s:
        try:
            wait = max(per_ip.wait(ip), per_name.wait(f"{ip}|{name}"))
            if wait:
                raise auth.AuthError(say("dashboard.locked", seconds=math.ceil(wait)))
            login = auth.login(s, name, str(data.get("wachtwoord", "")), app_now(request))
        except auth.AuthError as exc:
            if not wait:
                per_ip.failed(ip)
                per_name.failed(f"{ip}|{name}")
            token = secrets.token_urlsafe(24)
            resp = render(
                "login.html",
                status=429 if wait else 401,
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
                secure=secure(),
                path="/dashboard",
            )
            return resp
    per_name.succeeded(f"{ip}|{name}")
    resp = redirect("/dashboard/")
    resp.set_cookie(
        COOKIE,
        login.token,
        httponly=True,
        samesite="Strict",
        secure=secure(),
        path="/dashboard",
        max_age=auth.SESSION_HOURS * 3600,
    )
    resp.del_cookie(LOGIN_COOKIE, path="/dashboard")
    return resp


async def logout_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        await checked_form(request, csrf)
        auth.logout(s, request.cookies.get(COOKIE), app_now(request))
    resp = redirect("/dashboard/inloggen")
    resp.del_cookie(COOKIE, path="/dashboard")
    return resp
