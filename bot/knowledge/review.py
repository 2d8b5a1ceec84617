"""Review dates: an entry whose `reviewed:` is older than its review period is due for a
curator's check against its sources (the period: the entry's `review_months:`, else the
default in knowledge/review.yml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.knowledge.kb import KNOWLEDGE_DIR, Entry

DEFAULT_MONTHS = 12  # when knowledge/review.yml is absent


@dataclass(frozen=True)
class Due:
    entry: Entry
    due_on: dt.date | None  # None: the entry has no readable reviewed date


def default_months(directory: Path = KNOWLEDGE_DIR) -> int:
    path = directory / "review.yml"
    if not path.exists():
        return DEFAULT_MONTHS
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return int(data.get("review_months", DEFAULT_MONTHS))


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def due_on(entry: Entry, months: int) -> dt.date | None:
    if entry.reviewed is None:
        return None
    return add_months(entry.reviewed, entry.review_months or months)


def overdue(entries: list[Entry], today: dt.date, months: int) -> list[Due]:
    """The entries to check again, the longest overdue first."""
    found = []
    for entry in entries:
        day = due_on(entry, months)
        if day is None or day <= today:
            found.append(Due(entry, day))
    return sorted(found, key=lambda d: (d.due_on or dt.date.min, d.entry.id))
