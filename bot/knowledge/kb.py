"""Loading the curated knowledge base (knowledge/*.yml) into plain objects.

Only the standard library and PyYAML: the validator must run anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot import settings

PROJECT_KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


def knowledge_dir() -> Path:
    """PRAKTIJKBOT_KNOWLEDGE_DIR, else the project's knowledge/ (an invalid value stops a
    process at its start, in settings.load_or_exit)."""
    try:
        return settings.current().knowledge_dir or PROJECT_KNOWLEDGE
    except settings.SettingsError:
        return PROJECT_KNOWLEDGE


KNOWLEDGE_DIR = knowledge_dir()
AUDIENCES = ("consultant", "candidate", "both")
# libyaml's parser when PyYAML has it: the same documents, about twenty times faster (the
# action server reads the knowledge again after a curator's change).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML file of the knowledge base, as yaml.safe_load reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


@dataclass(frozen=True)
class Source:
    """Lines of a file in knowledge/sources/, or a named document with its date (a
    regional agreement that is not in sources/; then `file` is empty)."""

    file: str
    start: int
    end: int
    document: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class Variant:
    answer: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    audience: str
    title: str
    answer: str
    questions: tuple[str, ...]
    sources: tuple[Source, ...]
    reviewed: dt.date | None
    more: str = ""
    regional: dict[str, Variant] = field(default_factory=dict)
    directory: str = ""  # field of regions.yml to show with this answer when the region is known
    path: str = ""
    facets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # knowledge/facets.yml
    # For `audience: both`: the answer and more text for consultants (u-form); the plain
    # `answer` is then the candidate's (je-form, B1).
    consultant_answer: str = ""
    consultant_more: str = ""
    review_months: int | None = None  # None: the knowledge base's default (review.yml)

    def facet(self, kind: str) -> tuple[str, ...]:
        return self.facets.get(kind, ())

    def for_region(self, region: str | None, role: str = "consultant") -> Variant:
        """The answer to give: the regional variant wins when the region is known; a
        consultant gets the consultant text of an entry written for both audiences."""
        if region and region in self.regional:
            return self.regional[region]
        return Variant(self.answer_for(role), self.sources)

    def answer_for(self, role: str) -> str:
        if role != "candidate" and self.consultant_answer:
            return self.consultant_answer
        return self.answer

    def more_for(self, role: str) -> str:
        if role != "candidate" and self.consultant_more:
            return self.consultant_more
        return self.more


@dataclass
class KnowledgeBase:
    entries: dict[str, Entry]
    source_labels: dict[str, str]
    regions: dict[str, dict[str, Any]]

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)


def parse_lines(value: Any) -> tuple[int, int]:
    """'327-331' or 327 -> (327, 331). Raises ValueError on anything else."""
    if isinstance(value, int):
        return value, value
    text = str(value).replace("–", "-").strip()
    if "-" in text:
        a, b = text.split("-", 1)
        return int(a), int(b)
    return int(text), int(text)


def _sources(raw: Any) -> tuple[Source, ...]:
    out = []
    for s in raw or []:
        if "document" in s:
            out.append(Source("", 0, 0, str(s["document"]).strip(), as_date(s.get("date"))))
            continue
        start, end = parse_lines(s.get("lines"))
        out.append(Source(str(s.get("file", "")), start, end))
    return tuple(out)


def as_date(value: Any) -> dt.date | None:
    """A date from YAML (already a date, or 'JJJJ-MM-DD'); None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _entry(raw: dict[str, Any], topic: str, path: str) -> Entry:
    regional = {
        str(key): Variant(str(v.get("answer", "")).strip(), _sources(v.get("sources")))
        for key, v in (raw.get("regional") or {}).items()
    }
    return Entry(
        id=str(raw.get("id", "")),
        topic=str(raw.get("topic", topic)),
        audience=str(raw.get("audience", "")),
        title=str(raw.get("title", "")).strip(),
        answer=str(raw.get("answer", "")).strip(),
        more=str(raw.get("more", "") or "").strip(),
        questions=tuple(str(q).strip() for q in raw.get("questions") or []),
        sources=_sources(raw.get("sources")),
        reviewed=as_date(raw.get("reviewed")),
        regional=regional,
        directory=str(raw.get("directory") or ""),
        path=path,
        facets=parse_facets(raw.get("facets")),
        consultant_answer=str((raw.get("consultant") or {}).get("answer") or "").strip(),
        consultant_more=str((raw.get("consultant") or {}).get("more") or "").strip(),
        review_months=raw.get("review_months"),
    )


def parse_facets(raw: Any) -> dict[str, tuple[str, ...]]:
    """{'actor': ['werkgever'], 'scope': 'overview'} -> {'actor': ('werkgever',), ...}."""
    out: dict[str, tuple[str, ...]] = {}
    for kind, values in (raw or {}).items():
        if isinstance(values, str):
            values = [values]
        out[str(kind)] = tuple(str(v) for v in values or ())
    return out


def load_facet_vocabulary(directory: Path = KNOWLEDGE_DIR) -> dict[str, dict[str, Any]]:
    """knowledge/facets.yml: per kind, per value, a label and the patterns that name it."""
    path = directory / "facets.yml"
    if not path.exists():
        return {}
    return read_yaml(path) or {}


def load_raw_entries(directory: Path = KNOWLEDGE_DIR) -> list[tuple[str, dict[str, Any]]]:
    """Every raw entry with the file it came from (for the validator)."""
    out = []
    for path in sorted((directory / "entries").glob("*.yml")):
        data = read_yaml(path) or {}
        topic = data.get("topic", path.stem)
        for raw in data.get("entries") or []:
            raw = dict(raw)
            raw.setdefault("topic", topic)
            out.append((path.name, raw))
    return out


def load_source_labels(directory: Path = KNOWLEDGE_DIR) -> dict[str, str]:
    data = read_yaml(directory / "sources.yml") or {}
    return {name: str(meta.get("label", name)) for name, meta in data.items()}


def load_regions(directory: Path = KNOWLEDGE_DIR) -> dict[str, dict[str, Any]]:
    data = read_yaml(directory / "regions.yml") or {}
    return {str(r["id"]): r for r in data.get("regions") or []}


def load(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    entries: dict[str, Entry] = {}
    for path, raw in load_raw_entries(directory):
        try:
            entry = _entry(raw, raw.get("topic", ""), path)
        except (ValueError, AttributeError, TypeError):
            continue  # the validator reports it; the bot skips what it cannot read
        entries[entry.id] = entry
    return KnowledgeBase(entries, load_source_labels(directory), load_regions(directory))


def load_out_of_scope(directory: Path = KNOWLEDGE_DIR) -> list[str]:
    """Curated questions the knowledge base does not answer (trains 'weet ik niet')."""
    path = directory / "out_of_scope.yml"
    if not path.exists():
        return []
    data = read_yaml(path) or {}
    return [" ".join(str(q).split()) for q in data.get("examples") or [] if str(q).strip()]
