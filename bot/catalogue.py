"""Everything the assistant says, in one catalogue: knowledge/texts/<area>.yml.

A text is found by its key, `<area>.<name>` (the file and the name in it), and filled in
with `say(key, **values)`, which uses `str.format`: "Hoi {name}" -> say(key, name="Sam").

Each text names its audience:
- candidate: je-form, plain Dutch (B1); never "u" or "uw";
- consultant: u-form; never "je", "jij" or "jouw";
- both: shown to candidates and consultants alike (so it is B1 as well); one that still
  addresses the reader with one form says so with `form: u` or `form: je`;
- staff: the dashboard, jobcoach e-mails and notifications.

A text that no code looks up by its key names its reader in `used_by` (for example a
template). tests/test_catalogue.py checks all of this.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TEXTS_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "texts"
AUDIENCES = ("candidate", "consultant", "both", "staff")
FORMS = ("u", "je")
_FIELDS = {"audience", "text", "form", "used_by"}


@dataclass(frozen=True)
class Text:
    key: str
    audience: str
    template: str
    form: str | None = None  # only for `both`: the form of address it still uses
    used_by: str | None = None

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The names to fill in, in order of first use."""
        names = [f for _, f, _, _ in string.Formatter().parse(self.template) if f]
        return tuple(dict.fromkeys(names))

    def fill(self, **values: object) -> str:
        return self.template.format(**values)


def _text(key: str, raw: object) -> Text:
    if not isinstance(raw, dict) or not _FIELDS.issuperset(raw) or "text" not in raw:
        raise ValueError(f"{key}: expected a mapping with {sorted(_FIELDS)} and at least text")
    item = Text(
        key, str(raw.get("audience")), str(raw["text"]), raw.get("form"), raw.get("used_by")
    )
    if item.audience not in AUDIENCES:
        raise ValueError(f"{key}: audience must be one of {AUDIENCES}, not {item.audience!r}")
    if item.form is not None and (item.form not in FORMS or item.audience != "both"):
        raise ValueError(f"{key}: form (u or je) is only for texts with audience both")
    if not item.template.strip():
        raise ValueError(f"{key}: empty text")
    return item


def load(directory: Path = TEXTS_DIR) -> dict[str, Text]:
    """Every text in the catalogue's files, by key."""
    found: dict[str, Text] = {}
    for path in sorted(directory.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, raw in data.items():
            key = f"{path.stem}.{name}"
            found[key] = _text(key, raw)
    return found


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Text]:
    return load()


def say(key: str, **values: object) -> str:
    """The text `key`, with `values` filled in. KeyError for an unknown key or a missing value."""
    return catalogue()[key].fill(**values)
