"""Cells under 5 are hidden, and so is what would give one back through a total (issue 13,
part 4). Checked against a reader who tries every value the hidden cells could have."""

from __future__ import annotations

import itertools
import random

from bot.candidates.suppression import MIN_SHOWN, PRIMARY, SECONDARY, Sum, suppress


def _possible(counts, shown, sums, parts) -> dict[str, set[int]]:
    """Every value each hidden cell can take, given what is shown, the sums, and what the
    markers say ("<5": 0..4, "x": 5 or more). By brute force over the parts (the totals
    follow from them): independent of the code."""
    top = sum(counts[p] for p in parts)
    ranges = []
    for p in parts:
        if shown[p] == PRIMARY:
            ranges.append(range(MIN_SHOWN))
        elif shown[p] == SECONDARY:
            ranges.append(range(MIN_SHOWN, top + 1))
        else:
            ranges.append([counts[p]])
    possible: dict[str, set[int]] = {c: set() for c in counts if not shown[c].isdigit()}
    for values in itertools.product(*ranges):
        world = dict(zip(parts, values))
        for r in sums:
            world[r.total] = sum(world[p] for p in r.parts)
        if all(_fits(shown[c], world[c]) for c in counts):
            for c in possible:
                possible[c].add(world[c])
    return possible


def _fits(marker: str, value: int) -> bool:
    if marker == PRIMARY:
        return value < MIN_SHOWN
    if marker == SECONDARY:
        return value >= MIN_SHOWN
    return int(marker) == value


def _check(counts, sums, parts=None):
    shown = suppress(counts, sums)
    for cell, n in counts.items():
        if n < MIN_SHOWN:
            assert shown[cell] == PRIMARY, cell
        else:
            assert shown[cell] in (str(n), SECONDARY), cell
    parts = parts or sorted({p for r in sums for p in r.parts} - {r.total for r in sums})
    possible = _possible(counts, shown, sums, parts)
    for cell, values in possible.items():
        assert counts[cell] in values  # the truth is among them
        if shown[cell] == PRIMARY:
            assert len(values) > 1, (cell, counts, shown)
    return shown


def test_small_cells_are_hidden_and_the_rest_shown():
    shown = suppress({"a": 4, "b": 5, "c": 0, "d": 12})
    assert shown == {"a": "<5", "b": "5", "c": "<5", "d": "12"}


def test_a_total_minus_the_other_cells_gives_nothing_away():
    counts = {"totaal": 14, "werk": 11, "school": 3}
    shown = _check(counts, [Sum("totaal", ("werk", "school"))])
    # 14 - 11 would be 3: the larger cell is hidden too, the total stays
    assert shown == {"totaal": "14", "werk": SECONDARY, "school": PRIMARY}


def test_two_small_cells_that_add_up_to_a_shown_figure_are_protected():
    # 8 people in two cells under 5: both must be 4, so that sum is hidden as well
    counts = {"totaal": 20, "a": 12, "b": 4, "c": 4}
    shown = _check(counts, [Sum("totaal", ("a", "b", "c"))])
    assert shown["a"] == SECONDARY


def test_a_sum_shown_in_two_places_is_protected_in_both():
    counts = {"pv": 9, "werk": 3, "school": 6, "ws": 9}
    sums = [Sum("pv", ("werk", "school")), Sum("ws", ("werk", "school"))]
    shown = _check(counts, sums)
    assert shown["werk"] == PRIMARY and SECONDARY in (shown["school"], shown["pv"])


def test_random_tables_never_give_a_small_cell_away():
    rng = random.Random(13)
    for _ in range(300):
        parts = [rng.choice([0, 1, 2, 3, 4, 5, 6, 9]) for _ in range(rng.randint(2, 3))]
        counts = {f"p{i}": n for i, n in enumerate(parts)} | {"totaal": sum(parts)}
        sums = [Sum("totaal", tuple(f"p{i}" for i in range(len(parts))))]
        if rng.random() < 0.5:  # the first two parts also summed elsewhere
            counts["paar"] = parts[0] + parts[1]
            sums.append(Sum("paar", ("p0", "p1")))
        _check(counts, sums)
