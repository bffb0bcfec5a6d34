"""Two weeks of back-dated logging through the command line, for both schedules."""

import contextlib
import json
import os
import sqlite3
from datetime import date, datetime, time, timedelta

import pytest

TODAY = date.today()
START = TODAY - timedelta(days=13)


@pytest.fixture(autouse=True)
def _today_stays_today(clock_at):
    """Every command in these tests runs at noon on TODAY: a run across midnight once made the
    commands' today the day after the tests' and read a streak of 0 for 7."""
    clock_at(datetime.combine(TODAY, time(12, 0)).astimezone())


def run_json(cli, *args):
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def log_two_weeks(cli, schedule):
    """Follow the plan on each of the last 14 days, logging with --at; returns each day's plan."""
    cli("plan", "--schedule", schedule)
    plans = []
    for offset in range(14):
        day = START + timedelta(days=offset)
        plan = run_json(cli, "plan", "--date", day.isoformat())
        plans.append(plan)
        if day == TODAY:
            break
        for item in plan["items"]:
            amount = f"{item['sets']}x{item['amount']}{'s' if item['unit'] == 'seconds' else ''}"
            if item["unit"] == "minutes":
                amount = f"{item['sets']}x{item['amount']}min"
            result = cli("done", item["exercise"], amount, "--at", f"{day.isoformat()} 07:30")
            assert result.exit_code == 0, result.output
        assert cli("sore", "2", "--morning", "--at", f"{day.isoformat()} 06:30").exit_code == 0
    return plans


@contextlib.contextmanager
def noon_today_in(folder):
    """A command runner outside any test: every command runs at noon on TODAY, on the database
    and catalog cache in ``folder`` (for logs made once and copied into each test)."""
    from typer.testing import CliRunner

    from glutelog.cli.typer_app import app
    from glutelog.commands import session

    saved = {k: os.environ.get(k) for k in ("GLUTELOG_DB", "GLUTELOG_CACHE_DIR")}
    os.environ["GLUTELOG_DB"] = str(folder / "glutelog.db")
    os.environ["GLUTELOG_CACHE_DIR"] = str(folder / "cache")
    real = session.datetime
    instant = datetime.combine(TODAY, time(12, 0)).astimezone()

    class Pinned(real):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)

    session.datetime = Pinned
    runner = CliRunner()
    try:
        yield lambda *args: runner.invoke(app, list(args))
    finally:
        session.datetime = real
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def two_weeks(tmp_path_factory):
    """Two weeks logged once per schedule for the module: {schedule: (database, plans)}."""
    logged = {}
    for schedule in ("daily", "alternate"):
        folder = tmp_path_factory.mktemp(f"two-weeks-{schedule}")
        with noon_today_in(folder) as cli:
            logged[schedule] = (str(folder / "glutelog.db"), log_two_weeks(cli, schedule))
    return logged


@pytest.fixture
def logged_as(two_weeks, db_path):
    """``logged_as(schedule)``: this test's database becomes a copy of the two weeks logged on
    that schedule; returns each day's plan."""

    def copy(schedule: str) -> list:
        template, plans = two_weeks[schedule]
        with sqlite3.connect(template) as source, sqlite3.connect(db_path) as target:
            source.backup(target)
        source.close()
        target.close()
        return plans

    return copy


def test_daily_schedule_over_two_weeks(cli, logged_as):
    plans = logged_as("daily")
    types = [p["day_type"] for p in plans]
    assert all(a != "strength" or b != "strength" for a, b in zip(types, types[1:], strict=False))
    assert types[:13] == ["strength", "recovery"] * 6 + ["strength"]
    for plan in plans:
        kinds = {i["kind"] for i in plan["items"]}
        assert {"stretch", "release"} <= kinds  # the daily block is there every day
    # yesterday's plan was fully done, so the whole past is a streak
    report = run_json(cli, "report", "--week", (TODAY - timedelta(days=1)).isoformat())
    assert report["streak"]["current"] == 13  # today, still open, does not break it
    past = [d for d in report["days"] if d["planned"] is not None and d["date"] < TODAY.isoformat()]
    assert past and all(d["done"] == d["planned"] for d in past)
    assert report["adherence"]["done"] == sum(d["planned"] for d in past)


def test_alternate_schedule_over_two_weeks(cli, logged_as):
    plans = logged_as("alternate")
    for i, plan in enumerate(plans[:13]):
        blocks = {item["block"] for item in plan["items"]}
        assert blocks == ({"daily", "strength"} if i % 2 == 0 else {"recovery"}), (i, blocks)
    history = run_json(cli, "history", "--since", START.isoformat())
    strength_days = sorted({h["at"][:10] for h in history if h["exercise"] == "glute-bridge"})
    gaps = {
        (date.fromisoformat(b) - date.fromisoformat(a)).days
        for a, b in zip(strength_days, strength_days[1:], strict=False)
    }
    assert gaps == {2}


@pytest.mark.parametrize("schedule", ["daily", "alternate"])
def test_report_of_the_week_before_counts_every_day(cli, logged_as, schedule):
    logged_as(schedule)
    last_week = TODAY - timedelta(days=7)
    report = run_json(cli, "report", "--week", last_week.isoformat())
    assert all(d["planned"] for d in report["days"])  # a past week is planned every day
    assert report["adherence"]["percent"] == 100
    assert report["soreness"]["mean"] == 2


def test_reports_stay_right_after_back_dated_changes(cli, db_path, logged_as):
    """Past days' plan status is kept in the database; any change on or before a day clears it."""
    from conftest import rows

    logged_as("daily")
    week = (TODAY - timedelta(days=7)).isoformat()
    before = run_json(cli, "report", "--week", week)
    assert before["adherence"]["percent"] == 100
    assert rows(db_path, "SELECT count(*) FROM day_status")[0][0] > 0
    # undo the whole of one past day: that day is no longer done, and the streak breaks there
    day = (TODAY - timedelta(days=8)).isoformat()
    ids = [
        h["id"]
        for h in run_json(cli, "history", "--since", START.isoformat())
        if h["at"][:10] == day
    ]
    for entry_id in ids:
        assert cli("rm", str(entry_id)).exit_code == 0
    after = run_json(cli, "report", "--week", week)
    fresh = {d["date"]: d for d in after["days"]}
    if day in fresh:
        assert fresh[day]["done"] == 0
        assert after["adherence"]["percent"] < 100
    assert run_json(cli, "report")["streak"]["current"] == 7
