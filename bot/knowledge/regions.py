"""The regions (knowledge/regions.yml): finding a region, and saying its contacts from the
live directory (bot.knowledge.directory, kept in the dashboard)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from bot.catalogue import say
from bot.knowledge import directory, places
from bot.knowledge.directory import Contact
from bot.knowledge.kb import load_regions
from bot.text import words

# The contact fields an entry's `directory:` may name, and the catalogue key of their label.
CONTACT_FIELDS = (
    ("leerwerkloket", "regions.leerwerkloket"),
    ("ambassadeur_praktijkleren", "regions.ambassadeur_praktijkleren"),
    ("werkgeversservicepunt", "regions.werkgeversservicepunt"),
    ("mbo_scholen", "regions.mbo_scholen"),
    ("sw_bedrijf", "regions.sw_bedrijf"),
)
# ... and the directory's kind of contact each one shows.
FIELD_KINDS = {"mbo_scholen": "mbo_school"}
# "Wie is het leerwerkloket in ...?": the words for a kind, and the field that shows it.
ASKED_KIND = (
    (re.compile(r"loket"), "leerwerkloket"),
    (re.compile(r"ambassadeur"), "ambassadeur_praktijkleren"),
    (re.compile(r"werkgeversservicepunt|\bwsp\b"), "werkgeversservicepunt"),
    (re.compile(r"\bsw[ -]?bedrijf|sociaal werkbedrijf|sociale werkvoorziening"), "sw_bedrijf"),
    (re.compile(r"school|scholen|\broc\b"), "mbo_scholen"),
)
WHO_IS = re.compile(r"\bwie (is|zijn)\b")
CONTACT_WORDS = (
    "loket",
    "contact",
    "ambassadeur",
    "wsp",
    "werkgeversservicepunt",
    "school",
    "bellen",
    "mailen",
    "adres",
)
WHO_TO_CONTACT = re.compile(
    r"\bbij wie (kan|moet|kunnen|moeten|meld|melden)\b"
    r"|\bwaar (meld|melden|kan|moet) ik (\w+ ){0,2}aan(melden)?\b"
    r"|\bwie (kan|moet) ik (daar |er )?(bellen|mailen|benaderen)"
    r"|\bwie ik (\w+ ){0,4}(kan|moet) (bellen|mailen|benaderen)"  # "weet niet wie ik ... kan"
    r"|\bwie (of wat )?(kan|zou) (mij|me|ons) (\w+ )?helpen\b"
    r"|\bcontactgegevens|\bwie zijn de contacten|\bmet wie kan ik contact",
    re.IGNORECASE,
)


def detect_region(text: str, regions: dict[str, dict[str, Any]]) -> str | None:
    """The region named in `text`, if exactly one is named: by its name or alias, or by a
    gemeente or woonplaats in it ("en in Breda?" -> West-Brabant; knowledge/places.yml)."""
    folded = words(text)
    found = {rid for rid in places.regions_named(text) if rid in regions}
    for rid, region in regions.items():
        names = [region.get("name", rid), *(region.get("aliases") or [])]
        for name in names:
            key = _name_words(str(name))
            if key.strip() and key in folded:
                found.add(rid)
    return found.pop() if len(found) == 1 else None


@lru_cache(maxsize=4096)
def _name_words(name: str) -> str:
    """A region's name or alias as words (every region's, at every question)."""
    return words(name)


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    return {rid: str(r.get("name") or rid) for rid, r in load_regions().items()}


def region_name(region: str | None) -> str:
    """A region id as people read it ("noord-holland-noord" -> "Noord-Holland Noord")."""
    return _names().get(region or "", region or "")


def region_id(text: str | None, regions: dict[str, dict[str, Any]]) -> str | None:
    """A region typed by a person: its id, name or alias, or a gemeente or woonplaats in it;
    None when it is none of these (never guessed)."""
    key = words(text or "").strip()
    if not key:
        return None
    for rid, region in regions.items():
        names = [rid, region.get("name", rid), *(region.get("aliases") or [])]
        if key in {words(str(n)).strip() for n in names}:
            return rid
    place = places.resolve(text)
    return place.region if place and place.region in regions else None


def asks_for_contacts(question: str) -> bool:
    """A question the knowledge base could not answer that is about a region's contacts."""
    return any(w in question.lower() for w in CONTACT_WORDS)


def asked_contacts(question: str) -> str | None:
    """A question for a region's contacts themselves: "" for all of them ('bij wie kan ik
    terecht in ...?'), the field of one kind ('wie is het leerwerkloket in ...?'), or None."""
    lowered = question.lower()
    if WHO_IS.search(lowered):
        for pattern, field in ASKED_KIND:
            if pattern.search(lowered):
                return field
    return "" if WHO_TO_CONTACT.search(lowered) else None


def contacts_reply(region: dict[str, Any], field: str) -> str:
    """The answer to asked_contacts: one kind's line, or all the region's contacts."""
    return directory_line(region, field) if field else contacts_text(region)


def contact_text(contact: Contact, today: dt.date) -> str:
    """One contact on one line; every empty field says plainly that it is not filled in."""
    parts = [
        contact.who,
        say("regions.contact_phone", phone=contact.phone)
        if contact.phone
        else say("regions.contact_phone_empty"),
        say("regions.contact_email", email=contact.email)
        if contact.email
        else say("regions.contact_email_empty"),
        say("regions.contact_purpose", purpose=contact.purpose)
        if contact.purpose
        else say("regions.contact_purpose_empty"),
    ]
    if contact.checked_on is None:
        parts.append(say("regions.contact_never_checked"))
    elif contact.stale(today):
        parts.append(say("regions.contact_unchecked"))
    return ", ".join(parts)


def _region_name(region: dict[str, Any]) -> str:
    return region["name"] if "name" in region else say("regions.your_region")


def has_contacts(region: dict[str, Any]) -> bool:
    return bool(_live(region))


def _live(region: dict[str, Any]) -> list[Contact]:
    return directory.contacts(str(region["id"])) if region.get("id") else []


def directory_line(region: dict[str, Any], key: str, today: dt.date | None = None) -> str:
    """The region's live contacts of one kind (a field named by an entry's `directory:`), or
    a plain 'not filled in yet'."""
    label_key = dict(CONTACT_FIELDS).get(key)
    label = say(label_key) if label_key else key
    kind = FIELD_KINDS.get(key, key)
    found = [c for c in _live(region) if c.kind == kind]
    if not found:
        return say("regions.directory_empty", label=label, region=_region_name(region))
    today = today or dt.date.today()
    value = "; ".join(contact_text(c, today) for c in found)
    return say("regions.directory", label=label, region=_region_name(region), value=value)


def contacts_text(region: dict[str, Any], today: dt.date | None = None) -> str:
    """The region's live contacts per kind; says plainly what is not filled in yet."""
    found = _live(region)
    if not found:
        return say("regions.contacts_empty", region=_region_name(region))
    today = today or dt.date.today()
    lines = []
    for kind, label_key in directory.KINDS.items():
        of_kind = [c for c in found if c.kind == kind]
        if kind == directory.OTHER:
            lines += [f"{c.label}: {contact_text(c, today)}" for c in of_kind]
        elif len(of_kind) == 1:
            lines.append(f"{say(label_key)}: {contact_text(of_kind[0], today)}")
        elif of_kind:
            lines.append(f"{say(label_key)}:")
            lines += [f"- {contact_text(c, today)}" for c in of_kind]
        else:
            lines.append(say("regions.kind_empty", label=say(label_key)))
    return say("regions.contacts", region=_region_name(region), lines="\n".join(lines))
