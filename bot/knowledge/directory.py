"""Netwerk in beeld: the live regional contact directory (table region_contacts).

Each region's staff keep it in the dashboard (bot.portal.dashboard.network); the assistant
reads it for every answer that names contacts (bot.knowledge.regions), so a change is live for
the next question, without a restart. knowledge/regions.yml stays the list of regions.
Every change is written to the audit log here, so no caller can forget it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalogue import say
from bot.store.engine import session
from bot.store.models import AuditEntry, RegionContact

# The kinds of contact, in the order the directory shows them, and their label's key.
KINDS = {
    "leerwerkloket": "regions.leerwerkloket",
    "ambassadeur_praktijkleren": "regions.ambassadeur_praktijkleren",
    "mbo_school": "regions.mbo_school",
    "werkgeversservicepunt": "regions.werkgeversservicepunt",
    "sw_bedrijf": "regions.sw_bedrijf",
    "anders": "regions.other_role",
}
OTHER = "anders"
# The form's field names (as the dashboard posts them) -> column, with its size limit.
FIELDS = {
    "soort": ("kind", 30),
    "rol": ("role", 100),
    "naam": ("name", 100),
    "organisatie": ("organisation", 150),
    "telefoon": ("phone", 30),
    "email": ("email", 200),
    "waarvoor": ("purpose", 500),
    "gecontroleerd_op": ("checked_on", 10),
}
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[a-z]{2,}$", re.IGNORECASE)
PHONE = re.compile(r"^\+?[0-9(][0-9 ()-]*$")
PHONE_DIGITS = (5, 15)  # "14 072" (a gemeente's short number) up to +31 and nine digits


@dataclass(frozen=True)
class Contact:
    """One contact as the assistant and the pages read it (detached from the session)."""

    id: int
    region: str
    kind: str
    role: str
    name: str
    organisation: str
    phone: str
    email: str
    purpose: str
    checked_on: dt.date | None
    updated_at: dt.datetime | None

    @property
    def who(self) -> str:
        if self.name and self.organisation:
            return say("regions.contact_who", name=self.name, organisation=self.organisation)
        return self.name or self.organisation

    @property
    def label(self) -> str:
        """The kind in words; for another role, the role as written."""
        if self.kind == OTHER and self.role:
            return self.role
        return say(KINDS.get(self.kind, "regions.other_role"))

    def stale(self, today: dt.date) -> bool:
        return is_stale(self.checked_on, today)


class Invalid(ValueError):
    """What is wrong with a form, per field (the form's field name -> a Dutch message)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def stale_before(today: dt.date) -> dt.date:
    """Checked before this date: more than twelve months ago."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def is_stale(checked_on: dt.date | None, today: dt.date) -> bool:
    return checked_on is None or checked_on < stale_before(today)


def _date(text: str, today: dt.date) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if dt.date(2000, 1, 1) <= day <= today else None


def validate(form: Mapping[str, str], today: dt.date) -> dict[str, object]:
    """The columns to store from a posted form, or Invalid with a message per field."""
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    for field, (column, limit) in FIELDS.items():
        text = " ".join(str(form.get(field) or "").split())
        if len(text) > limit:
            errors[field] = say("dashboard.network_too_long", max=limit)
        values[column] = text or None
    if values["kind"] not in KINDS:
        errors["soort"] = say("dashboard.network_kind_invalid")
    if values["kind"] == OTHER and not values["role"]:
        errors["rol"] = say("dashboard.network_role_needed")
    if not values["name"] and not values["organisation"]:
        errors["naam"] = say("dashboard.network_who_needed")
    email = values["email"]
    if email and "email" not in errors and not EMAIL.match(str(email)):
        errors["email"] = say("dashboard.network_email_invalid")
    phone = str(values["phone"] or "")
    digits = sum(c.isdigit() for c in phone)
    low, high = PHONE_DIGITS
    if phone and "telefoon" not in errors and (not PHONE.match(phone) or not low <= digits <= high):
        errors["telefoon"] = say("dashboard.network_phone_invalid")
    checked = values["checked_on"]
    if checked:
        values["checked_on"] = _date(str(checked), today)
        if values["checked_on"] is None:
            errors["gecontroleerd_op"] = say("dashboard.network_date_invalid")
    if errors:
        raise Invalid(errors)
    return values


def snapshot(row: RegionContact) -> Contact:
    return Contact(
        id=row.id,
        region=row.region,
        kind=row.kind,
        role=row.role or "",
        name=row.name or "",
        organisation=row.organisation or "",
        phone=row.phone or "",
        email=row.email or "",
        purpose=row.purpose or "",
        checked_on=row.checked_on,
        updated_at=row.updated_at,
    )


def _order(contact: Contact) -> tuple:
    kinds = list(KINDS)
    rank = kinds.index(contact.kind) if contact.kind in KINDS else len(kinds)
    return (rank, contact.label.lower(), contact.who.lower(), contact.id)


def in_region(s: Session, region: str) -> list[Contact]:
    rows = s.execute(select(RegionContact).where(RegionContact.region == region)).scalars()
    return sorted((snapshot(r) for r in rows), key=_order)


def contacts(region: str, db_url: str | None = None) -> list[Contact]:
    """A region's contacts as the database holds them now (the assistant's read)."""
    with session(db_url) as s:
        return in_region(s, region)


def counts(s: Session, today: dt.date) -> dict[str, tuple[int, int]]:
    """Per region: (contacts, of which not checked for twelve months)."""
    found: dict[str, tuple[int, int]] = {}
    for region, checked_on in s.execute(select(RegionContact.region, RegionContact.checked_on)):
        total, stale = found.get(region, (0, 0))
        found[region] = (total + 1, stale + is_stale(checked_on, today))
    return found


def find(s: Session, region: str, contact_id: int) -> RegionContact | None:
    row = s.get(RegionContact, contact_id)
    return row if row is not None and row.region == region else None


def _audit(s: Session, staff_id: int | None, action: str, row: RegionContact, detail: str) -> None:
    s.add(
        AuditEntry(
            at=row.updated_at,
            staff_id=staff_id,
            action=action,
            target=f"contact:{row.id}",
            detail=f"regio={row.region}; soort={row.kind}; {detail}"[:2000],
        )
    )


def add(
    s: Session, staff_id: int | None, region: str, values: Mapping[str, object], now: dt.datetime
) -> RegionContact:
    row = RegionContact(region=region, updated_by=staff_id, updated_at=now, **values)
    s.add(row)
    s.flush()
    _audit(s, staff_id, "netwerk_toegevoegd", row, "velden=" + ",".join(sorted(values)))
    return row


def update(
    s: Session,
    staff_id: int | None,
    row: RegionContact,
    values: Mapping[str, object],
    now: dt.datetime,
) -> list[str]:
    """Stores the changed columns; returns their names (none: nothing is written)."""
    changed = sorted(c for c, v in values.items() if getattr(row, c) != v)
    if changed:
        for column in changed:
            setattr(row, column, values[column])
        row.updated_by, row.updated_at = staff_id, now
        _audit(s, staff_id, "netwerk_gewijzigd", row, "velden=" + ",".join(changed))
    return changed


def remove(s: Session, staff_id: int | None, row: RegionContact, now: dt.datetime) -> None:
    row.updated_at = now
    _audit(s, staff_id, "netwerk_verwijderd", row, "wie=" + (row.name or row.organisation or ""))
    s.delete(row)


def mark_checked(s: Session, staff_id: int | None, row: RegionContact, now: dt.datetime) -> None:
    row.checked_on, row.updated_by, row.updated_at = now.date(), staff_id, now
    _audit(s, staff_id, "netwerk_gecontroleerd", row, f"op={now.date().isoformat()}")
