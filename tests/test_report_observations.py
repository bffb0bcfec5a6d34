"""Issue 11's observations on the weekly report, each as a user would notice it."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from glutelog.commands import entries, views

SUNDAY = datetime(2026, 11, 29, 20, 0).astimezone()
MONDAY = date(2026, 11, 23)


def at(day: date, hour: int = 7) -> str:
    return datetime(day.year, day.month, day.day, hour).astimezone().isoformat()


def mornings(db: str, first: date, scores: list, now=SUNDAY) -> None:
    for offset, value in enumerate(scores):
        if value is not None:
            when = at(first + timedelta(days=offset), 6)
            entries.sore(db=db, score=str(value), morning=True, at=when, now=now)


def weekly(db: str, now=SUNDAY, **options) -> dict:
    return json.loads(views.report(db=db, as_json=True, now=now, **options))


def test_1_the_change_on_last_week_comes_from_unrounded_means(db_path):
    mornings(db_path, MONDAY - timedelta(days=7), [5, 5, 4])  # 4.67
    mornings(db_path, MONDAY, [3, 3, 2, 2, 3, 2, 2])  # 17/7 = 2.43
    data = weekly(db_path)
    assert data["soreness"]["mean"] == pytest.approx(17 / 7)
    assert data["soreness"]["change"] == pytest.approx(17 / 7 - 14 / 3)  # -2.24, not -2.3
    text = views.report(db=db_path, now=SUNDAY)
    assert "Morning soreness averaged 2.4 in the week (7 scores): 2.2 lower than the week" in text


def test_2_days_before_the_first_entry_are_not_missed(db_path):
    tuesday = datetime(2026, 11, 25, 20, 0).astimezone()  # Wednesday evening
    entries.done(
        db=db_path, exercise="bridge", amount="2x12", at=at(MONDAY + timedelta(1)), now=tuesday
    )
    data = weekly(db_path, now=tuesday)
    monday = data["days"][0]
    assert monday["date"] == "2026-11-23"
    assert monday["counted"] is False and monday["planned"] is None
    counted = [d for d in data["days"] if d["counted"]]
    assert [d["date"] for d in counted] == ["2026-11-24", "2026-11-25"]
    assert data["adherence"]["planned"] == sum(d["planned"] for d in counted)
    text = views.report(db=db_path, now=tuesday)
    monday_line = next(line for line in text.splitlines() if line.startswith("Mon 11-23"))
    assert "0/" not in monday_line


def test_3_a_week_of_scores_without_sets_does_not_say_nothing_was_logged(db_path):
    mornings(db_path, MONDAY, [9, 8])
    entries.done(db=db_path, exercise="rest", amount=[], at=at(MONDAY + timedelta(2)), now=SUNDAY)
    text = views.report(db=db_path, now=SUNDAY)
    assert "Nothing logged this week." not in text
    assert "No sets logged this week." in text
    assert not any(line.startswith("Rest day ") for line in text.splitlines())
    assert "Rest days logged: 1." in text


def test_4a_the_30_percent_rule_needs_a_baseline_of_3(db_path):
    mornings(db_path, MONDAY - timedelta(days=7), [1, 1, 1, 1, 1, 1, 1])
    mornings(db_path, MONDAY, [1, 0, 1, 0, 1, 1, 0])  # 1.0 -> 0.57: 43%, but from 1 point
    data = weekly(db_path)
    assert not any("improvement" in m for m in data["messages"])
    assert "meaningful" not in data["soreness"]["statement"]
    assert "improvement" not in views.report(db=db_path, now=SUNDAY)


def test_4b_improvement_is_judged_against_the_first_week_too(db_path):
    mornings(db_path, MONDAY - timedelta(days=14), [6, 6, 6, 6, 6, 6, 6])
    mornings(db_path, MONDAY - timedelta(days=7), [5, 4, 5, 4, 4, 5, 4])
    mornings(db_path, MONDAY, [4, 4, 4, 4, 4, 4, 4])  # 2 points under the first week
    data = weekly(db_path)
    assert data["soreness"]["change_from_first"] == pytest.approx(-2)
    assert "a meaningful improvement" in data["soreness"]["statement"]
    assert "first week" in data["soreness"]["statement"]
    said = " ".join(views.report(db=db_path, now=SUNDAY).split())
    assert data["soreness"]["statement"] in said
