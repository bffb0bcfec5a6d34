"""Counts that match what the person did (issue 18, observations 3, 7, 8 and 9): a past day's
plan kept as it was asked, strength timing from what was done, active days next to full days,
and "even" only where the sides are within the lag threshold."""

from __future__ import annotations

import pytest

from glutelog.reports import insight


def test_a_side_18_percent_behind_is_not_called_even(catalog):
    """Observation 9: "Left and right are even" was printed with the right side 18% behind."""
    totals = [
        ("clamshell", "reps", "left", 4, 100.0),
        ("clamshell", "reps", "right", 4, 82.0),
    ]
    sides = insight.sides(catalog, totals, [])
    assert sides["lagging"] is None
    assert "even" not in sides["statement"]
    assert sides["statement"].startswith(
        "Left and right are within 20% of each other: the right side is 18% behind"
    )
    assert sides["behind_percent"] == 18


@pytest.mark.parametrize(("right", "words"), [(100.0, "are even"), (99.6, "are even")])
def test_sides_even_only_when_no_whole_percent_apart(catalog, right, words):
    totals = [
        ("clamshell", "reps", "left", 4, 100.0),
        ("clamshell", "reps", "right", 4, right),
    ]
    sides = insight.sides(catalog, totals, [])
    assert sides["statement"].startswith(f"Left and right {words}")
    assert sides["behind_percent"] == 0
