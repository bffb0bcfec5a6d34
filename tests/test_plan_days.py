"""`plan --days N`: a week as a grid (exercises down, days across) where it fits the terminal, a
block per day where it does not, and a projection whose zones keep the soreness as it is, as its
footnote says (issue 21, observation 2)."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date, timedelta

import pytest
from conftest import CLI, ok
from test_terminal import in_tty, plain

WEEKDAYS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b")


@pytest.fixture
def tty_env(env):
    environ = {k: v for k, v in env.items() if k not in ("NO_COLOR", "COLUMNS", "FORCE_COLOR")}
    environ["TERM"] = "xterm-256color"
    return environ


@pytest.fixture
def week_db(tty_env, tmp_path) -> str:
    path = str(tmp_path / "g.db")
    for args in (["sore", "2", "--morning"], ["done", "bridge", "12"]):
        subprocess.run([*CLI, *args, "--db", path], env=tty_env, check=True, capture_output=True)
    return path


def days_across(text: str) -> int:
    """The most weekdays named on one line."""
    return max(len(WEEKDAYS.findall(line)) for line in text.split("\n"))


@pytest.mark.parametrize("columns", [80, 100, 140])
def test_a_week_is_a_grid_of_exercises_by_days(tty_env, week_db, columns):
    shown = plain(in_tty(tty_env, ["plan", "--days", "7", "--db", week_db], columns))
    lines = shown.split("\n")
    grid = lines[: lines.index("")]
    assert max(len(line) for line in grid) <= 80  # the grid fits 80 columns
    assert max(len(line) for line in lines) <= columns
    assert days_across(shown) == 7
    assert sum("Glute bridge" in line for line in lines) == 1  # a row, not a line a day
    bridge = next(line for line in lines if "Glute bridge" in line)
    assert "x12" in bridge and "·" in bridge  # doses on strength days, a dot between


def test_a_narrow_terminal_gets_a_block_per_day(tty_env, week_db):
    shown = plain(in_tty(tty_env, ["plan", "--days", "7", "--db", week_db], 60))
    lines = shown.split("\n")
    assert max(len(line) for line in lines) <= 60
    assert days_across(shown) == 1
    titles = [line for line in lines if WEEKDAYS.match(line.lstrip("~ "))]
    assert len(titles) == 7
    assert sum("Tennis ball release" in line for line in lines) == 7  # whole, once a day


def test_in_a_pipe_the_grid_fits_80_columns(tty_env, week_db):
    shown = subprocess.run(
        [*CLI, "plan", "--days", "7", "--db", week_db], env=tty_env, capture_output=True, text=True
    ).stdout
    assert days_across(shown) == 7
    assert max(len(line) for line in shown.split("\n")) <= 80
    assert "~ a projection" in shown


def test_several_weeks_are_a_grid_each(tty_env, week_db):
    shown = plain(in_tty(tty_env, ["plan", "--days", "10", "--db", week_db], 100))
    assert sum(line.startswith("Plan ") for line in shown.split("\n")) == 2


@pytest.mark.parametrize("score, zone", [("2", "green"), ("4", "amber"), ("7", "red")])
def test_the_projection_keeps_todays_soreness_as_its_footnote_says(cli, score, zone):
    ok(cli("sore", score, "--morning"))
    plans = json.loads(ok(cli("plan", "--days", "10", "--json")).stdout)
    assert [p["zone"] for p in plans] == [zone] * 10
    assert "soreness stays as it is" in ok(cli("plan", "--days", "10")).stdout


def test_without_a_recent_score_the_projection_stays_unknown(cli):
    old = (date.today() - timedelta(days=10)).isoformat()
    ok(cli("sore", "2", "--morning", "--at", f"{old} 07:00"))
    plans = json.loads(ok(cli("plan", "--days", "5", "--json")).stdout)
    assert {p["zone"] for p in plans} == {"unknown"}
