"""The week-6 review, meaningful change and the maintenance offer, over weeks of back-dated
history (issue 16, observation 15; each test failed before its rule existed).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import back, entry, mornings, score

from glutelog.planner.day_plan import make_plan
from glutelog.planner.history import meaningful_change
from glutelog.rules import RULES, rule

TODAY = date(2026, 11, 24)  # a Tuesday


# --- 15. the week-6 review ---------------------------------------------------------------------


def review_plan(catalog, first_week: float, now: float, weeks: int = 6, settings=None):
    """A plan ``weeks`` after a start whose first week averaged ``first_week`` and whose last
    two weeks average ``now`` (whole scores, or halves as two neighbouring scores)."""
    start = TODAY - timedelta(days=7 * weeks)

    def week(value, last):
        low, high = int(value), int(value) + (value != int(value))
        return [score(back(last + b), high if b % 2 else low) for b in range(7)]

    first = [score(start + timedelta(days=d), round(first_week)) for d in range(7)]
    if first_week != int(first_week):
        first = [score(start + timedelta(days=d), int(first_week) + (d % 2)) for d in range(7)]
    scores = first + week(now, 7) + week(now, 0)
    walk = [entry(start, "walk", 1, 20, "minutes")]
    return make_plan(catalog, walk, scores, "daily", TODAY, settings=settings)


def said(plan, words: str) -> bool:
    return any(words in m for m in plan["messages"])


@pytest.mark.parametrize(
    ("first_week", "now", "review"),
    [
        (1, 0, False),  # mild and steady
        (2, 1, False),
        (3, 2, False),  # mild and steady; not a meaningful improvement either
        (3, 3, False),
        (4, 3, True),  # not mild, 1 point: no real improvement
        (4, 2, False),  # 2 points
        (3.5, 3.5, True),  # a first week above the green band, no better
        (5, 3.5, False),  # 30% from 5
    ],
)
def test_15_a_mild_start_that_stays_mild_is_not_sent_for_review(catalog, first_week, now, review):
    plan = review_plan(catalog, first_week, now)
    assert said(plan, "Time for a review") is review, plan["messages"]


def test_15_meaningful_change_at_low_baselines():
    """About 2 points, or about 30% from a first week of 4 or more (design choice, rules.py)."""
    assert meaningful_change(3, 2) is None  # 33% but 1 point
    assert meaningful_change(3, 1) == "fall"  # 2 points
    assert meaningful_change(4, 2.8) == "fall"  # 30% of 4
    assert meaningful_change(4, 2.9) is None
    assert meaningful_change(3.9, 2.7) is None  # 31%, but under 4 and 1.2 points
    assert rule("trend_baseline_min") == 4
    assert "design choice" in RULES["trend_baseline_min"][1]


@pytest.mark.parametrize(("first_week", "now"), [(2, 1), (1, 0), (3.5, 2)])
def test_15_the_review_is_never_beside_the_maintenance_offer(catalog, first_week, now):
    """Two weeks of mornings at 2 or less after a first week of 1, 2 or 3.5 (which is not mild,
    and 1.4 points is not a meaningful fall): the offer, and no review beside it."""
    plan = review_plan(catalog, first_week, now)
    assert said(plan, "config schedule maintenance")
    assert not said(plan, "Time for a review")


def test_15_no_maintenance_offer_beside_a_step_down(catalog):
    calm = mornings(1, 15)
    rows = [entry(back(20), "walk", 1, 20, "minutes")]
    plan = make_plan(catalog, rows, calm, "daily", TODAY)
    assert said(plan, "config schedule maintenance")
    hurt = entry(back(1), "hamstring-stretch", 2, 30, "seconds", "both")
    hurt["pain"] = rule("red_min")
    plan = make_plan(catalog, [*rows, hurt], calm, "daily", TODAY)
    assert said(plan, "Hamstring stretch: pain")
    assert not said(plan, "config schedule maintenance")


def test_15_no_maintenance_offer_while_mornings_rise(catalog):
    rising = mornings(0, 7, last=7) + mornings(2, 7)
    plan = make_plan(catalog, [entry(back(20), "walk", 1, 20, "minutes")], rising, "daily", TODAY)
    assert not said(plan, "config schedule maintenance")


def test_15_in_maintenance_a_rising_week_offers_the_daily_schedule_back(catalog):
    walk = [entry(back(30), "walk", 1, 20, "minutes")]
    steady = mornings(1, 14)
    plan = make_plan(catalog, walk, steady, "maintenance", TODAY)
    assert not said(plan, "config schedule daily")
    rising = mornings(1, 7, last=7) + mornings(2, 7)
    plan = make_plan(catalog, walk, rising, "maintenance", TODAY)
    assert said(plan, "config schedule daily")
    # the daily schedule is not offered to someone already on it
    assert not said(make_plan(catalog, walk, rising, "daily", TODAY), "config schedule daily")


def test_15_the_report_calls_a_mild_steady_course_mild_and_steady():
    from glutelog.reports import insight

    first_day = TODAY - timedelta(days=43)

    def story(first_week: list, now: list) -> dict:
        before = {"name": "the week before", "scores": [], "needed": 3}
        first = {"start": first_day.isoformat(), "scores": first_week, "in_period": False}
        return insight.soreness_story("in the week", now, before, first)

    row = insight.course(first_day, TODAY, story([1] * 7, [1] * 7))
    assert "mild and steady" in row["statement"]
    assert "review" not in row["statement"]
    row = insight.course(first_day, TODAY, story([4] * 7, [4] * 7))
    assert "time for a review" in row["statement"]
    assert "meaningful" not in story([3] * 7, [2] * 7)["statement"]
