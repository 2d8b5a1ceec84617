"""Review dates (bot/knowledge/review.py): an entry checked longer ago than its review period
is flagged; the period is the knowledge base's default or the entry's own."""

import dataclasses
import datetime as dt

from bot.knowledge import review
from bot.knowledge.kb import load


def test_months_are_added_as_calendar_months():
    assert review.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert review.add_months(dt.date(2025, 11, 22), 12) == dt.date(2026, 11, 22)
    assert review.add_months(dt.date(2026, 12, 1), 3) == dt.date(2027, 3, 1)


def test_an_entry_past_its_review_period_is_flagged():
    months = review.default_months()
    assert months == 12  # knowledge/review.yml
    entries = list(load().entries.values())
    newest = max(e.reviewed for e in entries)
    assert review.overdue(entries, newest, months) == []  # all checked within the year
    later = review.add_months(max(e.reviewed for e in entries), months)
    assert {d.entry.id for d in review.overdue(entries, later, months)} == {e.id for e in entries}
    old = dataclasses.replace(entries[0], reviewed=dt.date(2025, 1, 1))
    own = dataclasses.replace(entries[1], reviewed=newest - dt.timedelta(days=40), review_months=1)
    unknown = dataclasses.replace(entries[2], reviewed=None)
    due = review.overdue([old, own, unknown, *entries[3:]], newest, months)
    assert [d.entry.id for d in due] == [unknown.id, old.id, own.id]  # longest overdue first
    assert due[1].due_on == dt.date(2026, 1, 1)
