"""The regional directory (knowledge/regions.yml): finding a region and its contacts."""

from __future__ import annotations

from typing import Any

from bot.catalogue import say
from bot.knowledge import places
from bot.text import words

# A region's contact fields (knowledge/regions.yml) and the catalogue key of their label.
CONTACT_FIELDS = (
    ("leerwerkloket", "regions.leerwerkloket"),
    ("ambassadeur_praktijkleren", "regions.ambassadeur_praktijkleren"),
    ("werkgeversservicepunt", "regions.werkgeversservicepunt"),
    ("mbo_scholen", "regions.mbo_scholen"),
)


def detect_region(text: str, regions: dict[str, dict[str, Any]]) -> str | None:
    """The region named in `text`, if exactly one is named: by its name or alias, or by a
    gemeente or woonplaats in it ("en in Breda?" -> West-Brabant; knowledge/places.yml)."""
    folded = words(text)
    found = {rid for rid in places.regions_named(text) if rid in regions}
    for rid, region in regions.items():
        names = [region.get("name", rid), *(region.get("aliases") or [])]
        for name in names:
            key = words(str(name))
            if key.strip() and key in folded:
                found.add(rid)
    return found.pop() if len(found) == 1 else None


def directory_line(region: dict[str, Any], key: str) -> str:
    """One contact field of a region, or a plain 'not filled in yet'."""
    label_key = dict(CONTACT_FIELDS).get(key)
    label = say(label_key) if label_key else key
    value = region.get(key)
    if isinstance(value, list):
        value = ", ".join(value)
    name = region["name"] if "name" in region else say("regions.your_region")
    if not value:
        return say("regions.directory_empty", label=label, region=name)
    return say("regions.directory", label=label, region=name, value=value)


def contacts_text(region: dict[str, Any]) -> str:
    """Contact lines for a region; says plainly what is not filled in yet."""
    lines = []
    for key, label_key in CONTACT_FIELDS:
        value = region.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            lines.append(f"{say(label_key)}: {value}")
    name = region["name"] if "name" in region else say("regions.your_region")
    if not lines:
        return say("regions.contacts_empty", region=name)
    return say("regions.contacts", region=name, lines="\n".join(lines))
