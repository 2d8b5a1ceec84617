"""What a staff member has to work on, as queries (issue 12): who needs attention today, and
the meldingen (escalations) with filters, search and pages.

Plain functions over a session with the clock passed in; everything goes through
`bot.portal.auth.visible_candidates`, so a list never shows more than the detail pages may.
A melding without a candidate is shown to administrators only (as `may_see` decides).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select, true
from sqlalchemy.orm import Session

from bot.candidates import scheduler
from bot.catalogue import say
from bot.escalations.records import REASONS
from bot.portal import auth
from bot.store.models import Candidate, CheckIn, Escalation, Staff, Traject

PAGE_SIZE = 25
MAX_PAGE = 1000
UNANSWERED_AFTER = dt.timedelta(hours=24)  # a check-in sent this long ago and not answered
LOOK_BACK = dt.timedelta(days=30)  # older unanswered or undelivered check-ins are history
# Urgency of what is not a melding (a melding's own: its severity, 1 = most urgent).
URGENCY_NOT_REACHED, URGENCY_UNANSWERED = 2, 3
STATUSES = ("open", "afgehandeld", "alle")
NOBODY = "niemand"  # the jobcoach filter: meldingen that went to no one
_NAME = re.compile(r"^[a-z0-9._ -]{1,60}$")


class FilterError(ValueError):
    """A filter value out of range (the page answers 400)."""


def _visible(staff: Staff):
    """On a query that outer-joins Candidate: what this staff member may see."""
    return true() if staff.role == "beheerder" else auth.visible_candidates(staff)


def waited(since: dt.datetime, now: dt.datetime) -> str:
    """How long something waits, for people ("3 uur")."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return say("dashboard.waited_minutes", n=minutes)
    if minutes < 48 * 60:
        return say("dashboard.waited_hours", n=minutes // 60)
    return say("dashboard.waited_days", n=minutes // (24 * 60))


@dataclass
class Need:
    kind: str  # melding | checkin_open | checkin_missed | not_reached
    urgency: int
    since: dt.datetime
    escalation: Escalation | None = None
    coach: str | None = None  # the melding's jobcoach (display name), None: nobody
    detail: str = ""  # the kind of check-in, the channel


@dataclass
class Attention:
    """One candidate (or one melding without a candidate) and what they need."""

    candidate: Candidate | None
    needs: list[Need] = field(default_factory=list)

    @property
    def urgency(self) -> int:
        return min(n.urgency for n in self.needs)

    @property
    def since(self) -> dt.datetime:
        return min(n.since for n in self.needs)


def attention(s: Session, staff: Staff, now: dt.datetime) -> list[Attention]:
    """Who needs attention: open meldingen, check-ins sent and not answered, candidates the
    assistant cannot reach; most urgent first, then the longest waiting."""
    by_candidate: dict[int, Attention] = {}
    loose: list[Attention] = []

    def add(candidate: Candidate | None, need: Need) -> None:
        if candidate is None:
            loose.append(Attention(None, [need]))
            return
        by_candidate.setdefault(candidate.id, Attention(candidate)).needs.append(need)

    names = dict(s.execute(select(Staff.id, Staff.display_name)).all())
    for e, c in s.execute(
        select(Escalation, Candidate)
        .outerjoin(Candidate, Candidate.id == Escalation.candidate_id)
        .where(Escalation.status == "open", _visible(staff))
        .order_by(Escalation.severity, Escalation.created_at)
        .limit(500)
    ).all():
        add(c, Need("melding", e.severity, e.created_at, e, names.get(e.staff_id)))

    recent = CheckIn.sent_at >= now - LOOK_BACK
    for ci, c in s.execute(
        select(CheckIn, Candidate)
        .join(Traject, Traject.id == CheckIn.traject_id)
        .join(Candidate, Candidate.id == Traject.candidate_id)
        .where(
            CheckIn.status.in_((scheduler.SENT, scheduler.REMINDED, scheduler.MISSED)),
            CheckIn.sent_at <= now - UNANSWERED_AFTER,
            recent,
            _visible(staff),
        )
        .limit(500)
    ).all():
        kind = "checkin_missed" if ci.status == scheduler.MISSED else "checkin_open"
        add(c, Need(kind, URGENCY_UNANSWERED, ci.sent_at, detail=ci.kind))

    undelivered = (scheduler.DEAD, scheduler.UNREACHABLE)
    failed_since = (
        select(Traject.candidate_id, func.min(CheckIn.due_at).label("since"))
        .join(CheckIn, CheckIn.traject_id == Traject.id)
        .where(CheckIn.status.in_(undelivered), CheckIn.due_at >= now - LOOK_BACK)
        .group_by(Traject.candidate_id)
        .subquery()
    )
    for c, failed in s.execute(
        select(Candidate, failed_since.c.since)
        .outerjoin(failed_since, failed_since.c.candidate_id == Candidate.id)
        .where(
            or_(Candidate.unreachable_at.is_not(None), failed_since.c.since.is_not(None)),
            _visible(staff),
        )
        .limit(500)
    ).all():
        since = min(t for t in (c.unreachable_at, failed) if t is not None)
        add(c, Need("not_reached", URGENCY_NOT_REACHED, since, detail=c.channel or ""))

    found = list(by_candidate.values()) + loose
    for item in found:
        item.needs.sort(key=lambda n: (n.urgency, n.since))
    return sorted(found, key=lambda a: (a.urgency, a.since))


@dataclass(frozen=True)
class MeldingFilter:
    status: str = "open"
    urgency: int | None = None
    reason: str = ""
    region: str = ""
    jobcoach: str = ""  # a user name, or NOBODY
    search: str = ""
    page: int = 1

    def query(self, **changes: object) -> dict[str, str]:
        """As URL parameters (the defaults left out), with some values changed."""
        values = {
            "status": self.status,
            "urgentie": str(self.urgency or ""),
            "reden": self.reason,
            "regio": self.region,
            "jobcoach": self.jobcoach,
            "zoek": self.search,
            "pagina": str(self.page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        defaults = {"status": "open", "pagina": "1"}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}


def parse_filter(params: dict[str, str]) -> MeldingFilter:
    """The filter from URL parameters; FilterError for a value that is too long or unknown."""

    def get(name: str, limit: int) -> str:
        value = (params.get(name) or "").strip()
        if len(value) > limit:
            raise FilterError(name)
        return value

    status = get("status", 20) or "open"
    urgency, reason = get("urgentie", 1), get("reden", 50)
    region, jobcoach = get("regio", 60).lower(), get("jobcoach", 60).lower()
    page = get("pagina", 4) or "1"
    if status not in STATUSES or (urgency and urgency not in "123") or not page.isdigit():
        raise FilterError("status/urgentie/pagina")
    if (reason and reason not in REASONS) or not 1 <= int(page) <= MAX_PAGE:
        raise FilterError("reden/pagina")
    if (region and not _NAME.match(region)) or (jobcoach and not _NAME.match(jobcoach)):
        raise FilterError("regio/jobcoach")
    return MeldingFilter(
        status, int(urgency) if urgency else None, reason, region, jobcoach,
        " ".join(get("zoek", 100).split()), int(page),
    )  # fmt: skip


def _like(text: str) -> str:
    return "%" + re.sub(r"([\\%_])", r"\\\1", text.lower()) + "%"


def meldingen(
    s: Session, staff: Staff, f: MeldingFilter
) -> tuple[list[tuple[Escalation, Candidate | None, str | None]], int]:
    """One page of (melding, candidate, jobcoach's name) and the number found in all."""
    coach = select(Staff).subquery()
    query = (
        select(Escalation, Candidate, coach.c.display_name)
        .outerjoin(Candidate, Candidate.id == Escalation.candidate_id)
        .outerjoin(coach, coach.c.id == Escalation.staff_id)
        .where(_visible(staff))
    )
    if f.status != "alle":
        query = query.where(Escalation.status == f.status)
    if f.urgency:
        query = query.where(Escalation.severity == f.urgency)
    if f.reason:
        query = query.where(Escalation.reason == f.reason)
    if f.region:
        query = query.where(Candidate.region == f.region)
    if f.jobcoach == NOBODY:
        query = query.where(Escalation.staff_id.is_(None))
    elif f.jobcoach:
        query = query.where(coach.c.username == f.jobcoach)
    if f.search:
        pattern = _like(f.search)
        query = query.where(
            or_(
                func.lower(Candidate.first_name).like(pattern, escape="\\"),
                func.lower(Escalation.excerpt).like(pattern, escape="\\"),
            )
        )
    total = s.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    if f.status == "open":
        order = (Escalation.severity, Escalation.created_at, Escalation.id)
    else:
        order = (Escalation.created_at.desc(), Escalation.id.desc())
    rows = s.execute(query.order_by(*order).limit(PAGE_SIZE).offset((f.page - 1) * PAGE_SIZE)).all()
    return [tuple(r) for r in rows], total


def filter_choices(s: Session, staff: Staff) -> dict[str, list[tuple[str, str]]]:
    """The values the filter offers: regions of the visible candidates, jobcoach accounts."""
    regions = s.execute(
        select(Candidate.region)
        .where(Candidate.region.is_not(None), auth.visible_candidates(staff))
        .distinct()
        .order_by(Candidate.region)
    ).scalars()
    coaches = s.execute(
        select(Staff.username, Staff.display_name)
        .where(Staff.role == "jobcoach")
        .order_by(Staff.display_name)
    ).all()
    return {
        "regions": [(r, r) for r in regions],
        "jobcoaches": [(u, n) for u, n in coaches],
    }
