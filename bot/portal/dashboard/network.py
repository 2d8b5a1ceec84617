"""Netwerk in beeld: the regional contact directory (bot.knowledge.directory) in the dashboard.

Everyone logged in reads every region: it is a shared directory, and a consultant often needs
the neighbouring region's leerwerkloket. Staff of a region (Staff.region) change their own
region's contacts, an administrator every region's; anyone else gets a 403 (the region and its
contacts are no secret, so not a 404). Every change is audited by bot.knowledge.directory.
"""

from __future__ import annotations

from aiohttp import web

from bot.catalogue import say
from bot.knowledge import directory
from bot.knowledge.kb import load_regions
from bot.portal.dashboard.pages import (
    app_now,
    checked_form,
    current_user,
    not_found,
    redirect,
    render,
)
from bot.store.engine import session
from bot.store.models import RegionContact, Staff

ACTIONS = ("gecontroleerd", "verwijderen")
# After a change the page is shown again by a redirect (a reload does not post twice), with
# what was done in its query: ?gedaan=<code>&contact=<id>.
DONE = {
    "toegevoegd": "dashboard.network_added",
    "opgeslagen": "dashboard.network_saved",
    "ongewijzigd": "dashboard.network_unchanged",
    "gecontroleerd": "dashboard.network_checked",
    "verwijderd": "dashboard.network_deleted",
}


def may_edit(staff: Staff, region: str) -> bool:
    return staff.role == "beheerder" or (staff.region or "") == region


def _regions() -> dict[str, str]:
    """Region id -> name, sorted by name (knowledge/regions.yml)."""
    regions = {rid: str(r.get("name", rid)) for rid, r in load_regions().items()}
    return dict(sorted(regions.items(), key=lambda item: item[1].lower()))


def _region(request: web.Request) -> tuple[str, str]:
    rid = request.match_info["regio"]
    name = _regions().get(rid)
    if name is None:
        raise not_found()
    return rid, name


def _editable(staff: Staff, region: str) -> None:
    if not may_edit(staff, region):
        raise web.HTTPForbidden(text=say("dashboard.network_not_yours"))


def _contact(s, region: str, request: web.Request) -> RegionContact:
    try:
        contact_id = int(request.match_info["id"])
    except ValueError:
        raise not_found() from None
    row = directory.find(s, region, contact_id)
    if row is None:
        raise not_found()
    return row


async def network_page(request: web.Request) -> web.Response:
    today = app_now(request).date()
    with session() as s:
        staff, csrf = await current_user(request, s)
        counts = directory.counts(s, today)
    regions = [(rid, name, *counts.get(rid, (0, 0))) for rid, name in _regions().items()]
    own = [r for r in regions if r[0] == staff.region]
    return render(
        "network.html",
        title=say("dashboard.title_network"),
        me=staff,
        csrf=csrf,
        regions=own + [r for r in regions if r[0] != staff.region],
    )


def _done(rid: str, code: str, contact_id: int | None = None) -> web.Response:
    query = f"?gedaan={code}" + (f"&contact={contact_id}" if contact_id else "")
    return redirect(f"/dashboard/netwerk/{rid}{query}")


def _flash(request: web.Request, contacts: list[directory.Contact]) -> str | None:
    key = DONE.get(request.query.get("gedaan", ""))
    if key is None:
        return None
    named = [c for c in contacts if str(c.id) == request.query.get("contact")]
    who = named[0].who if named else ""
    checked = named[0].checked_on if named else None
    return say(key, who=who, date=checked.strftime("%d-%m-%Y") if checked else "")


async def region_page(
    request: web.Request,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> web.Response:
    rid, name = _region(request)
    now = app_now(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        contacts = directory.in_region(s, rid)
    flash = _flash(request, contacts)
    missing = [
        say(key)
        for kind, key in directory.KINDS.items()
        if kind != directory.OTHER and not any(c.kind == kind for c in contacts)
    ]
    return render(
        "network_region.html",
        status=400 if errors else 200,
        title=say("dashboard.title_network_region", region=name),
        me=staff,
        csrf=csrf,
        region=rid,
        contacts=contacts,
        missing=missing,
        kinds={kind: say(key) for kind, key in directory.KINDS.items()},
        editable=may_edit(staff, rid),
        today=now.date(),
        stale_before=directory.stale_before(now.date()),
        flash=flash or (say("dashboard.network_form_errors") if errors else None),
        errors=errors or {},
        form=form or {"gecontroleerd_op": now.date().isoformat()},
    )


async def add_post(request: web.Request) -> web.Response:
    rid, _ = _region(request)
    now = app_now(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        _editable(staff, rid)
        form = await checked_form(request, csrf)
        try:
            values = directory.validate(form, now.date())
        except directory.Invalid as exc:
            s.rollback()
            return await region_page(request, errors=exc.errors, form=form)
        row = directory.add(s, staff.id, rid, values, now)
        s.commit()
        return _done(rid, "toegevoegd", row.id)


async def contact_page(
    request: web.Request, errors: dict[str, str] | None = None, form: dict[str, str] | None = None
) -> web.Response:
    rid, name = _region(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        _editable(staff, rid)
        contact = directory.snapshot(_contact(s, rid, request))
    if form is None:
        form = {
            field: str(getattr(contact, column) or "")
            for field, (column, _) in directory.FIELDS.items()
        }
    return render(
        "network_contact.html",
        status=400 if errors else 200,
        title=say("dashboard.title_network_contact", who=contact.who),
        me=staff,
        csrf=csrf,
        region=rid,
        region_name=name,
        contact=contact,
        kinds={kind: say(key) for kind, key in directory.KINDS.items()},
        flash=say("dashboard.network_form_errors") if errors else None,
        errors=errors or {},
        form=form,
    )


async def edit_post(request: web.Request) -> web.Response:
    rid, _ = _region(request)
    now = app_now(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        _editable(staff, rid)
        row = _contact(s, rid, request)
        form = await checked_form(request, csrf)
        try:
            values = directory.validate(form, now.date())
        except directory.Invalid as exc:
            return await contact_page(request, errors=exc.errors, form=form)
        changed = directory.update(s, staff.id, row, values, now)
        s.commit()
        return _done(rid, "opgeslagen" if changed else "ongewijzigd", row.id)


async def contact_action(request: web.Request) -> web.Response:
    """'gecontroleerd' (checked today) or 'verwijderen' (with its confirmation box ticked)."""
    rid, _ = _region(request)
    action = request.match_info["action"]
    now = app_now(request)
    with session() as s:
        staff, csrf = await current_user(request, s)
        _editable(staff, rid)
        if action not in ACTIONS:
            raise not_found()
        row = _contact(s, rid, request)
        form = await checked_form(request, csrf)
        if action == "gecontroleerd":
            directory.mark_checked(s, staff.id, row, now)
            s.commit()
            return _done(rid, "gecontroleerd", row.id)
        if form.get("bevestig") != "ja":  # the confirmation box was not ticked
            return redirect(f"/dashboard/netwerk/{rid}/{row.id}")
        directory.remove(s, staff.id, row, now)
        s.commit()
        return _done(rid, "verwijderd")
