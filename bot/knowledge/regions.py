"""The regional directory (knowledge/regions.yml): finding a region and its contacts."""

from __future__ import annotations

from typing import Any

from bot.text import words

CONTACT_FIELDS = (
    ("leerwerkloket", "Leerwerkloket"),
    ("ambassadeur_praktijkleren", "Ambassadeur praktijkleren"),
    ("werkgeversservicepunt", "Werkgeversservicepunt"),
    ("mbo_scholen", "Mbo-scholen"),
)


def detect_region(text: str, regions: dict[str, dict[str, Any]]) -> str | None:
    """The region named in `text` (by name or alias), if exactly one is named."""
    folded = words(text)
    found = set()
    for rid, region in regions.items():
        names = [region.get("name", rid), *(region.get("aliases") or [])]
        for name in names:
            key = words(str(name))
            if key.strip() and key in folded:
                found.add(rid)
    return found.pop() if len(found) == 1 else None


def directory_line(region: dict[str, Any], key: str) -> str:
    """One contact field of a region, or a plain 'not filled in yet'."""
    label = dict(CONTACT_FIELDS).get(key, key)
    value = region.get(key)
    if isinstance(value, list):
        value = ", ".join(value)
    name = region.get("name", "uw regio")
    if not value:
        return f"{label} in {name}: nog niet ingevuld in de kennisbank."
    return f"{label} in {name}: {value}"


def contacts_text(region: dict[str, Any]) -> str:
    """Contact lines for a region; says plainly what is not filled in yet."""
    lines = []
    for key, label in CONTACT_FIELDS:
        value = region.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            lines.append(f"{label}: {value}")
    name = region.get("name", "uw regio")
    if not lines:
        return f"Voor {name} zijn nog geen contactgegevens ingevuld in de kennisbank."
    return f"Contacten in {name}:\n" + "\n".join(lines)
