"""Small cells hidden, so no one can be identified in the figures (issue 13, part 4).

A cell under MIN_SHOWN people is hidden (primary: "<5"). A figure page also shows totals, and
a total minus the cells that are shown would give a hidden cell back; so are the sums that
appear in two places (the funnel's "werk of school" is the follow-up's werk + school). Each
such identity is a `Sum`; sums nested in others give differences (a total minus a smaller
total), which are sums too. Hidden cells are then given ranges (primary: 0..4, secondary: 5
and more, exact: shown), the ranges are narrowed through every sum until nothing changes,
and as long as a primary cell is pinned to one value, the smallest shown cell of a sum it is
in that frees it is hidden as well (secondary: "x"; a part before a total, so totals stay).
The reader knows what "<5" and "x" mean; the ranges assume so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

MIN_SHOWN = 5
PRIMARY, SECONDARY = "<5", "x"


@dataclass(frozen=True)
class Sum:
    """total == sum(parts), by construction of the counts."""

    total: str
    parts: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


def _ranges(
    counts: Mapping[str, int], hidden: Mapping[str, str], sums: Sequence[Sum]
) -> dict[str, tuple[int, int]]:
    """What a reader can work out about each cell from what is shown and the sums."""
    ceiling = sum(counts.values()) or MIN_SHOWN
    ranges = {}
    for cell, n in counts.items():
        kind = hidden.get(cell)
        if kind == PRIMARY:
            ranges[cell] = (0, MIN_SHOWN - 1)
        elif kind == SECONDARY:
            ranges[cell] = (MIN_SHOWN, ceiling)
        else:
            ranges[cell] = (n, n)
    changed = True
    while changed:
        changed = False
        for rule in sums:
            low_parts = sum(ranges[p][0] for p in rule.parts)
            high_parts = sum(ranges[p][1] for p in rule.parts)
            low_total, high_total = ranges[rule.total]
            bounds = {rule.total: (low_parts, high_parts)}
            for p in rule.parts:
                lo, hi = ranges[p]
                bounds[p] = (low_total - (high_parts - hi), high_total - (low_parts - lo))
            for cell, (lo, hi) in bounds.items():
                old = ranges[cell]
                new = (max(old[0], lo), min(old[1], hi))
                if new != old and new[0] <= new[1]:
                    ranges[cell], changed = new, True
    return ranges


def _pinned(counts: Mapping[str, int], hidden: Mapping[str, str], sums: Sequence[Sum]) -> list[str]:
    """The cells under MIN_SHOWN a reader can work out exactly."""
    ranges = _ranges(counts, hidden, sums)
    return [c for c, kind in hidden.items() if kind == PRIMARY and ranges[c][0] == ranges[c][1]]


def _to_hide(
    counts: Mapping[str, int], hidden: Mapping[str, str], sums: Sequence[Sum], cell: str
) -> str | None:
    """The shown cell to hide as well for `cell`: of the sums it is in, the smallest that
    frees it (a part rather than a total, so the totals stay), else the smallest part."""
    near = [r for r in sums if cell in r.cells]
    parts = sorted({c for r in near for c in r.parts if c not in hidden}, key=counts.get)
    totals = sorted({r.total for r in near if r.total not in hidden} - set(parts), key=counts.get)
    for candidate in [*parts, *totals]:
        if cell not in _pinned(counts, {**hidden, candidate: SECONDARY}, sums):
            return candidate
    return (parts or totals or [None])[0]


def _with_differences(sums: Sequence[Sum]) -> list[Sum]:
    """The sums and their differences: when one sum's parts are some of another's, the bigger
    total is the smaller total plus the remaining parts (200 = werk of school + the rest)."""
    found = list(sums)
    seen = {(r.total, frozenset(r.parts)) for r in found}
    for a in found:  # grows while it runs: differences of differences too
        for b in list(found):
            if set(b.parts) < set(a.parts):
                new = Sum(a.total, (b.total, *sorted(set(a.parts) - set(b.parts))))
                if (new.total, frozenset(new.parts)) not in seen:
                    seen.add((new.total, frozenset(new.parts)))
                    found.append(new)
    return found


def suppress(counts: Mapping[str, int], sums: Sequence[Sum] = ()) -> dict[str, str]:
    """Each cell as it may be shown: the number, "<5" or "x"."""
    sums = _with_differences(sums)
    hidden = {cell: PRIMARY for cell, n in counts.items() if n < MIN_SHOWN}
    stuck: set[str] = set()  # pinned with every cell around it hidden: nothing more to do
    while pinned := [c for c in _pinned(counts, hidden, sums) if c not in stuck]:
        extra = _to_hide(counts, hidden, sums, pinned[0])
        if extra is None:
            stuck.add(pinned[0])
        else:
            hidden[extra] = SECONDARY
    return {cell: hidden.get(cell, str(n)) for cell, n in counts.items()}
