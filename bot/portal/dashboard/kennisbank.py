"""Kennisbank beheer (issue 13, part 3), for curators: the queue of questions the assistant
could not answer (similar ones grouped), turning a group into an answer (example questions
for an entry, a new entry, a regional variant) or dismissing it, and the entries that are
due for review. A change is written to knowledge/entries/ by bot.knowledge.editing, checked
by the validator first; the action server answers from it at the next question
(bot.knowledge.live). Every change is in the audit log."""

from __future__ import annotations

from aiohttp import web

from bot.catalogue import say
from bot.knowledge import editing, gaps, review
from bot.knowledge.editing import EditError, NewEntry
from bot.knowledge.kb import AUDIENCES, KnowledgeBase, knowledge_dir, load
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

MAX_GROUPS = 200  # shown on the overview
ACTIONS = {  # the form's action -> how the gaps are handled (bot.knowledge.gaps.HANDLINGS)
    "voorbeeldvragen": "voorbeeldvragen",
    "nieuw": "nieuw_item",
    "regionaal": "regionaal",
    "negeren": "genegeerd",
}
MAX_FORM = 20_000  # characters in one form field


def _lines(text: str) -> list[str]:
    return [line for line in (" ".join(x.split()) for x in text.splitlines()) if line]


def _group(request: web.Request) -> gaps.Group:
    try:
        key = int(request.match_info["id"])
    except ValueError:
        raise not_found() from None
    group = gaps.open_group(key)
    if group is None:
        raise not_found()
    return group


async def kennisbank_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
    directory = knowledge_dir()
    kb = load(directory)
    months = review.default_months(directory)
    due = review.overdue(list(kb.entries.values()), app_now(request).date(), months)
    flash = None
    saved = request.query.get("opgeslagen", "")
    if saved in kb.entries:
        flash = say(
            "kennisbank.saved",
            file=kb.entries[saved].path,
            entry=saved,
            count=request.query.get("aantal", "0")[:4],
        )
    elif request.query.get("genegeerd", "").isdigit():
        flash = say("kennisbank.dismissed", count=request.query["genegeerd"][:4])
    return render(
        "kennisbank.html",
        title=say("kennisbank.title"),
        me=staff,
        csrf=csrf,
        groups=gaps.open_groups()[:MAX_GROUPS],
        regions=editing.regions(directory),
        entries=kb.entries,
        due=due,
        months=months,
        flash=flash,
    )


def _gap_page(
    staff,
    csrf: str,
    group: gaps.Group,
    kb: KnowledgeBase,
    form: dict[str, str] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
    action: str = "",
) -> web.Response:
    """The group and its forms; after a refusal, the refused form keeps what was typed."""
    directory = knowledge_dir()
    questions = "\n".join(q for q, _ in group.questions.most_common())
    defaults = {
        "item": group.nearest or "",
        "vragen": questions,
        "regio": group.regions[0] if group.regions else "",
        "onderwerp": kb.entries[group.nearest].path if group.nearest in kb.entries else "",
        "doelgroep": "consultant",
        "ook_vragen": "1",
    }
    values = {a: {**defaults, **(form if a == action else {})} for a in ACTIONS}
    if action == "regionaal":  # an unticked box is not in the form
        values[action]["ook_vragen"] = (form or {}).get("ook_vragen", "")
    return render(
        "kennisbank_vraag.html",
        status=status,
        title=say("kennisbank.title_gap"),
        me=staff,
        csrf=csrf,
        group=group,
        nearest=kb.entries.get(group.nearest or ""),
        entries=sorted(kb.entries.values(), key=lambda e: (e.topic, e.title)),
        topics=editing.topic_files(directory),
        regions=editing.regions(directory),
        audiences=AUDIENCES,
        values=values,
        problems=problems,
        refused=say("kennisbank.refused") if problems else None,
    )


async def gap_page(request: web.Request) -> web.Response:
    with session() as s:
        staff, csrf = await current_user(request, s)
    return _gap_page(staff, csrf, _group(request), load(knowledge_dir()))


def _apply(action: str, form: dict[str, str], group: gaps.Group, today) -> editing.Change | None:
    """The change the form asks for, written (or EditError, and nothing written)."""
    directory = knowledge_dir()
    entry_id = form.get("item", "").strip()
    if action == "voorbeeldvragen":
        return editing.add_questions(entry_id, _lines(form.get("vragen", "")), directory, today)
    if action == "nieuw":
        new = NewEntry(
            id=form.get("id", ""),
            audience=form.get("doelgroep", ""),
            title=form.get("titel", ""),
            answer=form.get("antwoord", ""),
            questions=_lines(form.get("vragen", "")),
            sources=editing.parse_sources(form.get("bronnen", "")),
        )
        return editing.add_entry(form.get("onderwerp", ""), new, directory, today)
    if action == "regionaal":
        region = form.get("regio", "")
        if region not in editing.regions(directory):
            raise EditError([say("kennisbank.no_region")])
        extra = _lines(form.get("vragen", "")) if form.get("ook_vragen") == "1" else []
        sources = editing.parse_sources(form.get("bronnen", ""))
        answer = form.get("antwoord", "")
        return editing.add_regional(entry_id, region, answer, sources, directory, today, extra)
    return None  # negeren: the knowledge base stays as it is


async def gap_action(request: web.Request) -> web.Response:
    action = request.match_info["action"]
    if action not in ACTIONS:
        raise not_found()
    with session() as s:
        staff, csrf = await current_user(request, s)
        form = await checked_form(request, csrf)
        if any(len(v) > MAX_FORM for v in form.values()):
            raise web.HTTPRequestEntityTooLarge(MAX_FORM, max(len(v) for v in form.values()))
        group = _group(request)
        now = app_now(request)
        try:
            change = _apply(action, form, group, now.date())
        except EditError as exc:
            kb = load(knowledge_dir())
            return _gap_page(staff, csrf, group, kb, form, exc.problems, 400, action)
        entry_id = change.entry_id if change else None
        count = gaps.mark_handled(group.ids, ACTIONS[action], entry_id, now)
        target = f"kennisitem:{entry_id}" if entry_id else f"kennisvragen:{group.key}"
        where = change.path.name if change else "-"
        auth.audit(s, staff, f"kennisbank_{ACTIONS[action]}", target, f"{count}; {where}", now)
        s.commit()
    if change is None:
        return redirect(f"/dashboard/kennisbank?genegeerd={count}")
    return redirect(f"/dashboard/kennisbank?opgeslagen={entry_id}&aantal={count}")
