"""Issue 20: miles shown as typed. A distance is stored in km; `config distance miles` shows
every run's distance in miles, as precise as it was typed, while JSON stays in km."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest
from conftest import fail, ok, rows

from glutelog.cli import dispatch
from glutelog.output import render, units
from glutelog.parsing import parse_amount

YESTERDAY = (datetime.now().astimezone() - timedelta(days=1)).date().isoformat()


@pytest.fixture(autouse=True)
def _km_again():
    """The unit is set for the run by each command; put it back for the tests after these."""
    yield
    units.use_distance("km")


def test_distance_is_km_by_default_takes_miles_and_refuses_anything_else(cli, db_path):
    assert ok(cli("config", "distance")).stdout == "km\n"
    said = ok(cli("config", "distance", "mi")).stdout
    assert said.startswith("distance set to miles:") and "JSON in km" in said
    assert ok(cli("config", "distance")).stdout == "miles\n"
    result = fail(cli("config", "distance", "furlongs"))
    assert "distance must be km or miles" in result.stderr
    assert ok(cli("config", "distance")).stdout == "miles\n"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("5 miles", "Run 1 x 5 mi."),
        ("5.25 mi 45 min", "Run 1 x 5.25 mi in 45 min."),
        ("13.67 mi", "Run 1 x 13.67 mi."),
        ("0.5 mile", "Run 1 x 0.5 mi."),
        ("3.107 miles", "Run 1 x 3.107 mi."),
        ("26.2mi in 4h", "Run 1 x 26.2 mi in 4 h."),
        ("10 km", "Run 1 x 6.2 mi."),
        ("12k", "Run 1 x 7.5 mi."),
        ("8.5km", "Run 1 x 5.28 mi."),
    ],
)
def test_the_confirmation_shows_miles_as_precise_as_typed(cli, db_path, typed, shown):
    ok(cli("config", "distance", "miles"))
    out = ok(cli("done", "run", *typed.split(), "--at", f"{YESTERDAY} 18:00")).stdout
    assert shown in out
    assert " km" not in out


def test_with_km_a_run_in_miles_is_shown_in_km_and_json_is_km_either_way(cli, db_path):
    out = ok(cli("done", "run", "5", "miles", "--at", f"{YESTERDAY} 18:00")).stdout
    assert "Run 1 x 8.05 km." in out
    assert "Run 1 x 8.05 km" in ok(cli("history")).stdout
    for setting in ("km", "miles"):
        ok(cli("config", "distance", setting))
        (entry,) = json.loads(ok(cli("history", "--json")).stdout)
        assert (entry["amount"], entry["unit"]) == (8.04672, "km")
        report = json.loads(ok(cli("report", "--weeks", "2", "--json")).stdout)
        assert sum(week["run_km"] for week in report["weeks"]) == pytest.approx(8.04672)


def _log(cli) -> None:
    ok(cli("config", "distance", "miles"))
    ok(cli("done", "run", "5", "miles", "--at", f"{YESTERDAY} 18:00"))
    ok(cli("done", "run", "5.25", "mi", "45", "min"))


def test_every_view_of_a_run_shows_miles(cli, db_path, tmp_path):
    _log(cli)
    history = ok(cli("history")).stdout
    assert "Run 1 x 5.25 mi in 45 min" in history and "Run 1 x 5 mi" in history
    assert "Run  1 x 5.25 mi" in ok(cli("plan")).stdout  # today's run, as extra work

    report = ok(cli("report", "--weeks", "2")).stdout
    assert "10.2 mi in 45 min" in report  # the runs' total, to a tenth as every total
    assert "Running: 10.2 mi in 45 min." in report
    assert " km" not in report

    markdown = ok(cli("report", "--weeks", "2", "--format", "markdown")).stdout
    assert "| 10.2 mi in 45 min |" in markdown
    assert " km" not in markdown

    page = tmp_path / "page.html"
    ok(cli("report", "--weeks", "2", "--html", str(page)))
    html = page.read_text()
    assert "10.2 mi in 45 min" in html
    assert "Running distance, mi per week" in html and "run km" not in html

    listed = ok(cli("undo", "--list")).stdout
    assert "Run 1 x 5.25 mi in 45 min" in listed
    changed = ok(cli("edit", "1", "--amount", "6mi")).stdout
    assert "Before: #1" in changed and "Run 1 x 5 mi" in changed and "Run 1 x 6 mi" in changed
    assert "Run 1 x 6 mi" in ok(cli("rm", "1")).stdout


def test_the_same_log_with_km_shows_km(cli, db_path):
    _log(cli)
    ok(cli("config", "distance", "km"))
    assert "Run 1 x 8.45 km in 45 min" in ok(cli("history")).stdout
    report = ok(cli("report", "--weeks", "2")).stdout
    assert "16.5 km in 45 min" in report and "Running: 16.5 km in 45 min." in report
    assert not re.search(r"\bmi\b", report)


def test_runs_of_one_day_add_up_on_the_plan(cli, db_path):
    ok(cli("done", "run", "5", "miles"))
    ok(cli("done", "run", "5.25", "mi"))
    assert "Run  1 x 16.5 km" in ok(cli("plan")).stdout
    ok(cli("config", "distance", "miles"))
    assert "Run  1 x 10.25 mi" in ok(cli("plan")).stdout


def test_the_fast_path_shows_miles_too(db_path, capsys):
    assert dispatch.run(["config", "distance", "miles", "--db", db_path]) == 0
    assert dispatch.run(["done", "run", "3.1", "mi", "--db", db_path]) == 0
    assert "Run 1 x 3.1 mi." in capsys.readouterr().out
    assert rows(db_path, "SELECT amount, unit FROM entries") == [(4.9889664, "km")]


def test_every_distance_typed_in_miles_comes_back_as_typed():
    units.use_distance("miles")
    for hundredths in range(1, 10_001):  # 0.01 to 100 miles
        miles = hundredths / 100
        km = parse_amount(f"{miles}mi")[1]
        assert float(units.distance_text(km, unit=False)) == miles
    for thousandths in range(1, 20_001, 7):
        miles = thousandths / 1000
        assert units.distance_text(parse_amount(f"{miles}mi")[1]) == f"{miles:g} mi"
    # stored by the release before, rounded to metres: still as typed
    assert units.distance_text(8.047) == "5 mi" and units.distance_text(8.449) == "5.25 mi"


def test_a_status_line_for_a_distance_uses_the_setting():
    item = {"short": "run", "amount": 8.04672, "unit": "km", "sets": 1, "side_sets": None}
    assert render.next_text(item) == "run 1x8.05km"
    units.use_distance("miles")
    assert render.next_text(item) == "run 1x5mi"
