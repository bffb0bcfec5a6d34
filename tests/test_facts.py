"""Counts that match what the person did (issue 18, observations 3, 7, 8 and 9): a past day's
plan kept as it was asked, strength timing from what was done, active days next to full days,
and "even" only where the sides are within the lag threshold."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from glutelog.reports import insight


@pytest.fixture(autouse=True)
def _today_stays_today(clock_at):
    """The scenarios here are built around test_two_weeks.TODAY: every command runs at noon on
    it, so a run that crosses midnight reads the same."""
    from datetime import datetime, time

    from test_two_weeks import TODAY

    clock_at(datetime.combine(TODAY, time(12, 0)).astimezone())


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


# --- observation 3: a past day's plan is a fact --------------------------------------------------

# Every setting, each changed to a value other than its default (and back with --unset).
CHANGES = [
    ("schedule", "alternate"),
    ("schedule", "maintenance"),
    ("side", "left"),
    ("older-adult", "yes"),
    ("gentle-start", "yes"),
    ("band", "no"),
    ("long-run", "20min 3km"),
    ("strength-days", "tue,fri"),
    ("stretch-days", "tue,thu,sat"),
]


def past_views(cli) -> dict:
    """Every past day's plan, and past reports in each format, as the text the person sees."""
    from test_two_weeks import START, TODAY

    views = {}
    day = START
    while day < TODAY:
        for form in ((), ("--json",)):
            result = cli("plan", "--date", day.isoformat(), *form)
            assert result.exit_code == 0, result.output
            views[("plan", day.isoformat(), *form)] = result.stdout
        day += timedelta(days=1)
    last_week = (TODAY - timedelta(days=7)).isoformat()
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    for args in (
        ("report", "--week", last_week),
        ("report", "--week", last_week, "--json"),
        ("report", "--week", last_week, "--format", "markdown"),
        ("report", "--since", START.isoformat(), "--until", yesterday, "--json"),
    ):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        views[args] = result.stdout
    return views


def _page(cli, path) -> str:
    from test_two_weeks import TODAY

    week = (TODAY - timedelta(days=7)).isoformat()
    result = cli("report", "--week", week, "--html", str(path))
    assert result.exit_code == 0, result.output
    return path.read_text()


@pytest.fixture(scope="module")
def two_weeks_logged(tmp_path_factory):
    """Two weeks following the daily plan, logged once for the module, with every past view
    of it: (database file, views, page). Each test works on its own copy."""
    from datetime import datetime, time

    from test_two_weeks import TODAY, log_two_weeks, noon_today_in

    folder = tmp_path_factory.mktemp("two-weeks")
    with noon_today_in(folder) as cli:
        log_two_weeks(cli, "daily")
        views = past_views(cli)
        page = _page(cli, folder / "page.html")
    instant = datetime.combine(TODAY, time(12, 0)).astimezone()
    return str(folder / "glutelog.db"), views, page, instant


@pytest.fixture
def logged_copy(two_weeks_logged, db_path, clock_at):
    template, views, page, instant = two_weeks_logged
    with sqlite3.connect(template) as source, sqlite3.connect(db_path) as target:
        source.backup(target)
    source.close()
    target.close()
    clock_at(instant)
    return views, page


@pytest.mark.parametrize(("key", "value"), CHANGES, ids=[k for k, _ in CHANGES])
def test_changing_a_setting_leaves_past_days_as_they_were(cli, tmp_path, logged_copy, key, value):
    """Observation 3: a schedule change re-planned every past day (95% daily, 89% maintenance)."""
    before, first_page = logged_copy
    result = cli("config", key, *value.split())
    assert result.exit_code == 0, result.output
    assert past_views(cli) == before
    assert _page(cli, tmp_path / "page.html") == first_page
    assert cli("config", "--unset", key).exit_code == 0
    assert past_views(cli) == before


def test_every_setting_changed_in_turn_then_planned_afresh_leaves_the_past(
    cli, tmp_path, db_path, logged_copy
):
    """All the changes one after another, then every kept plan dropped: each past day planned
    again from the settings of that day reads as it did; today follows the settings now."""
    before, first_page = logged_copy
    for key, value in CHANGES:
        result = cli("config", key, *value.split())
        assert result.exit_code == 0, result.output
    assert _page(cli, tmp_path / "page.html") == first_page
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM plan_basis")
        conn.execute("DELETE FROM day_status")
    conn.close()
    assert past_views(cli) == before
    assert cli("config", "schedule", "maintenance").exit_code == 0
    today = json.loads(cli("plan", "--json").stdout)
    assert today["schedule"] == "maintenance"


# --- observation 7: strength timing from what was done --------------------------------------------


def follow(cli, day, plan) -> None:
    """Log every item of ``plan`` as planned on ``day``."""
    for item in plan["items"]:
        unit = {"seconds": "s", "minutes": "min"}.get(item["unit"], "")
        amount = f"{item['sets']}x{item['amount']}{unit}" if item["sets"] else ""
        args = ("done", item["exercise"], *([amount] if amount else ()))
        result = cli(*args, "--at", f"{day.isoformat()} 07:30")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("schedule", ["daily", "alternate"])
def test_an_extra_strength_set_does_not_move_the_next_session(cli, schedule):
    """Observation 7: after an extra bridge set on the day between sessions, that day said
    "next strength day is D" while D's plan said D+1; on alternate the session moved back."""
    from test_two_weeks import TODAY, run_json

    session, between, due = (TODAY - timedelta(days=n) for n in (3, 2, 1))
    assert cli("config", "schedule", schedule).exit_code == 0
    first = run_json(cli, "plan", "--date", session.isoformat())
    assert first["day_type"] == "strength"
    follow(cli, session, first)
    extra = cli("done", "bridge", "12", "--at", f"{between.isoformat()} 18:00")
    assert extra.exit_code == 0, extra.output
    middle = run_json(cli, "plan", "--date", between.isoformat())
    assert middle["day_type"] == "recovery"
    said = f"next strength day is {due.isoformat()}"
    assert any(said in m for m in middle["messages"]), middle["messages"]
    after = run_json(cli, "plan", "--date", due.isoformat())
    assert after["day_type"] == "strength", after["messages"]
    assert {"glute-bridge", "clamshell"} <= {i["exercise"] for i in after["items"]}


def test_a_whole_strength_session_on_an_off_day_is_said_that_day(cli):
    """Strength timing is worked out the same way for today and the next day: a whole session
    done on a day between sessions moves the next one, and that day's plan says so."""
    from test_two_weeks import TODAY, run_json

    session, between, due, later = (TODAY - timedelta(days=n) for n in (4, 3, 2, 1))
    follow(cli, session, run_json(cli, "plan", "--date", session.isoformat()))
    strength = [i for i in run_json(cli, "plan", "--date", session.isoformat())["items"]]
    strength = [i for i in strength if i["block"] == "strength"]
    follow(cli, between, {"items": strength})
    middle = run_json(cli, "plan", "--date", between.isoformat())
    said = f"next strength day is {due.isoformat()}"
    assert not any(said in m for m in middle["messages"]), middle["messages"]
    moved = f"next strength day is {later.isoformat()}"
    assert any(moved in m for m in middle["messages"]), middle["messages"]
    assert run_json(cli, "plan", "--date", due.isoformat())["day_type"] == "recovery"
    assert run_json(cli, "plan", "--date", later.isoformat())["day_type"] == "strength"


# --- observation 8: active days next to full days ------------------------------------------------


def status(planned, done, day_type="recovery"):
    return {"planned": planned, "done": done, "day_type": day_type}


def test_active_days_count_any_planned_work_and_a_pause_neither_counts_nor_breaks(catalog):
    """Observation 8: "Streak: 0 days" and "Full days 0/7" for someone who worked most days,
    and a paused day counted towards the streak."""
    from datetime import date

    from glutelog.reports import period_report

    monday, today = date(2026, 11, 23), date(2026, 11, 30)
    days = [
        status(8, 3),  # Mon: part of the plan
        status(8, 8),  # Tue: all of it
        status(0, 0, "paused"),  # Wed: a red flag paused the plan
        status(1, 1, "rest"),  # Thu: a rest day
        status(8, 0),  # Fri: nothing
        status(8, 1),  # Sat
        status(8, 2),  # Sun
    ]
    statuses = {(monday + timedelta(days=i)).isoformat(): s for i, s in enumerate(days)}
    found = period_report.period("week", today, monday)
    report = period_report.build_period_report(
        catalog, found, today, monday, statuses, {}, {}, [], []
    )
    active = report["active"]
    assert (active["days"], active["counted"]) == (5, 6)  # the paused day is in neither
    assert (active["current"], active["longest"]) == (2, 3)  # Mon Tue (Wed) Thu, then Sat Sun
    streak = report["streak"]
    assert (streak["current"], streak["longest"]) == (0, 2)  # Tue (Wed) Thu: the pause skipped
    week = report["weeks"][0]
    assert (week["days_active"], week["days_complete"], week["days_counted"]) == (5, 2, 7)
    assert week["days_paused"] == 1


def test_active_days_in_every_format(cli, tmp_path):
    """Someone doing part of the plan most days sees those days, in text, JSON, Markdown and the
    page, next to the full-plan days."""
    from test_two_weeks import TODAY, run_json

    first = TODAY - timedelta(days=8)
    for n in range(8):
        day = first + timedelta(days=n)
        if n == 4:
            continue  # a day off
        plan = run_json(cli, "plan", "--date", day.isoformat())
        follow(cli, day, {"items": plan["items"][:1]})
    span = ("--since", first.isoformat(), "--until", (TODAY - timedelta(days=1)).isoformat())
    report = run_json(cli, "report", *span)
    assert report["streak"]["current"] == 0
    assert report["active"] == {
        "days": 7,
        "counted": 8,
        "current": 3,
        "longest": 4,
        "lookback_days": report["streak"]["lookback_days"],
    }
    text = cli("report", *span).stdout
    assert "Active days: 7 of 8, 3 in a row (longest 4 in the " in text
    assert "Full-plan days: 0 of 8" in text
    markdown = cli("report", *span, "--format", "markdown").stdout
    assert "Active days 7 of 8, 3 in a row" in markdown
    page = tmp_path / "page.html"
    assert cli("report", *span, "--html", str(page)).exit_code == 0
    html = page.read_text()
    assert "7 of 8 active days" in html


def test_a_paused_day_is_not_in_the_weeks_full_days(catalog):
    """The week table's full days leave a paused day out of both counts, as the summary does."""
    from datetime import date

    from glutelog.output import render
    from glutelog.reports import period_report, to_markdown

    monday, today = date(2026, 11, 23), date(2026, 11, 30)
    days = [status(8, 8), status(0, 0, "paused")] + [status(8, 8)] * 5
    statuses = {(monday + timedelta(days=i)).isoformat(): s for i, s in enumerate(days)}
    found = period_report.period("weeks", today, count=2)
    report = period_report.build_period_report(
        catalog, found, today, monday, statuses, {}, {}, [], []
    )
    assert "6/6" in render.period_text(report).split("Week of")[1].splitlines()[1]
    assert "| 6/6 |" in to_markdown.render(report)
    assert "Full-plan days: 6 of 6." in render.period_text(report)
