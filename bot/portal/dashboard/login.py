"""Logging in and out of the dashboard: a CSRF cookie for the login form, then a session
cookie (HttpOnly, SameSite=Strict, Secure on https)."""

from __future__ import annotations

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
    with session() as s:
        try:
            login = auth.login(
                s, str(data.get("gebruiker", "")), str(data.get("wachtwoord", "")), app_now(request)
            )
        except auth.AuthError as exc:
            token = secrets.token_urlsafe(24)
            resp = render(
                "login.html",
                status=401,
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
