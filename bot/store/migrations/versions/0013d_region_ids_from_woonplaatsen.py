"""regions as arbeidsmarktregio ids: a woonplaats stored as a region ("Den helder",
"Heerhugowaard") becomes its region's id (knowledge/places.yml); on candidates and events one
that is no known place becomes unknown (NULL), never guessed. Staff keep what cannot be read.

Data only; plain SQL per distinct value (SQLite and PostgreSQL). Imports nothing from the bot
package: the mapping is read from the knowledge files with its own copy of the normalisation.

Revision ID: 0013d
Revises: 0012
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import sqlalchemy as sa
import yaml
from alembic import op

revision = "0013d"
down_revision = "0013a"
branch_labels = None
depends_on = None

KNOWLEDGE = Path(__file__).resolve().parents[4] / "knowledge"
_JOINED = {("aan", "den"): "ad", ("aan", "de"): "ad", ("a", "d"): "ad"}


def _key(text: str) -> str:
    """As bot.knowledge.places.key: folded words, no apostrophes, "a/d" and "St." folded."""
    text = unicodedata.normalize("NFKD", text.lower().replace("'", "").replace("’", ""))
    words = re.findall(r"[a-z0-9]+", "".join(c for c in text if not unicodedata.combining(c)))
    out: list[str] = []
    i = 0
    while i < len(words):
        pair = (words[i], words[i + 1]) if i + 1 < len(words) else None
        if pair in _JOINED:
            out.append(_JOINED[pair])
            i += 2
            continue
        out.append("sint" if words[i] == "st" else words[i])
        i += 1
    key = " ".join(out)
    return key.removeprefix("gemeente ").strip()


def region_for() -> dict[str, str]:
    """Normalised place or region name -> region id."""
    places = yaml.safe_load((KNOWLEDGE / "places.yml").read_text(encoding="utf-8"))
    regions = yaml.safe_load((KNOWLEDGE / "regions.yml").read_text(encoding="utf-8"))
    ambiguous = {_key(n) for n in places.get("ambiguous") or ()}
    mapping: dict[str, str] = {}
    for region, members in (places.get("regions") or {}).items():
        for gemeente, others in (members or {}).items():
            for name in (gemeente, *(others or ())):
                if _key(str(name)) not in ambiguous:
                    mapping.setdefault(_key(str(name)), str(region))
            mapping[_key(str(gemeente))] = str(region)
    for region in regions.get("regions") or ():
        mapping[_key(str(region["id"]))] = str(region["id"])
        mapping[_key(str(region.get("name") or region["id"]))] = str(region["id"])
    return mapping


def upgrade() -> None:
    bind = op.get_bind()
    mapping = region_for()
    ids = set(mapping.values())
    for table, unknown_to_null in (("candidates", True), ("events", True), ("staff", False)):
        values = bind.execute(
            sa.text(f"SELECT DISTINCT region FROM {table} WHERE region IS NOT NULL")
        ).scalars()
        for value in list(values):
            if value in ids:
                continue
            new = mapping.get(_key(value))
            if new is None and not unknown_to_null:
                continue
            bind.execute(
                sa.text(f"UPDATE {table} SET region = :new WHERE region = :old"),
                {"new": new, "old": value},
            )


def downgrade() -> None:
    """The woonplaatsen are not kept: a region id stays a region id."""
