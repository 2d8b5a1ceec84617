"""Staff pages: one's own account (linking Telegram) and, for administrators, the accounts
of everyone."""

from __future__ import annotations

import secrets

from aiohttp import web
from sqlalchemy import select

from bot.candidates.linking import create_staff_code
from bot.catalogue import say
from bot.portal import auth
from bot.portal.dashboard.pages import app_now, checked_form, current_user, render
from bot.store.engine import session
from bot.store.models import Staff


async def account_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        return render("account.html", title=say("dashboard.title_account"), me=staff, csrf=csrf)


async def telegram_code_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        await checked_form(request, csrf)
        code = create_staff_code(s, staff.id, app_now(request))
        auth.audit(s, staff, "telegram_code_gemaakt", f"staff:{staff.id}", now=app_now(request))
        s.commit()
        return render(
            "account.html",
            title=say("dashboard.title_account"),
            me=staff,
            csrf=csrf,
            code=code.replace("-", ""),
        )


async def staff_page(request: web.Request, flash: str | None = None) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        everyone = s.execute(select(Staff).order_by(Staff.username)).scalars().all()
        return render(
            "staff.html",
            title=say("dashboard.title_staff"),
            me=staff,
            csrf=csrf,
            staff=everyone,
            flash=flash,
        )


async def staff_post(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        password = secrets.token_urlsafe(12)
        try:
            made = auth.create_staff(
                s,
                form.get("gebruiker", ""),
                form.get("naam", ""),
                form.get("rol", ""),
                password,
                email=form.get("email") or None,
                region=(form.get("regio") or "").strip().lower() or None,
                default_for_region=form.get("standaard") == "1",
            )
        except auth.AuthError as exc:
            raise web.HTTPBadRequest(text=str(exc)) from None
        auth.audit(s, staff, "medewerker_aangemaakt", f"staff:{made.id}", now=app_now(request))
        s.commit()
        name = made.username
    return await staff_page(
        request,
        say("dashboard.account_made", name=name, password=password),
    )
