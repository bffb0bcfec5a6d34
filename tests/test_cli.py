"""The commands as a user types them, through Typer's CliRunner, on a temporary database."""

import json
from datetime import date, datetime, timedelta

import pytest
from conftest import dump, ok, rows

TODAY = date.today()


@pytest.mark.parametrize(
    ("args", "stored"),
    [
        (["done", "bridge", "12"], ("glute-bridge", 1, 12, "reps", None)),
        (["done", "pigeon", "30s", "--side", "left"], ("pigeon", 1, 30, "seconds", "left")),
        (["done", "band-walk", "2"], ("lateral-band-walk", 1, 2, "lengths", None)),
        (["done", "bridge", "3x12"], ("glute-bridge", 3, 12, "reps", None)),
        (["done", "ice", "15min"], ("ice", 1, 15, "minutes", None)),
        (["done", "run", "8km"], ("run", 1, 8, "km", None)),
        (["done", "run", "45min"], ("run", 1, 45, "minutes", None)),
        (["done", "pigeon", "1min"], ("pigeon", 1, 60, "seconds", "both")),
        (
            ["done", "clams", "15", "--sets", "2", "--side", "right", "--pain", "2"],
            ("clamshell", 2, 15, "reps", "right"),
        ),
        (["done", "rest"], ("rest", 1, None, "none", None)),
    ],
)
def test_done_examples_store_what_was_typed(cli, db_path, args, stored):
    result = ok(cli(*args))
    assert result.output.startswith("Logged #1: ")
    assert rows(db_path, "SELECT exercise, sets, amount, unit, side FROM entries") == [stored]


def test_done_prints_progress_against_the_plan(cli):
    ok(cli("plan", "--schedule", "daily"))
    first = ok(cli("done", "bridge", "12")).output
    assert "0 of 7 done" in first
    second = ok(cli("done", "bridge", "12")).output
    assert second.startswith("Logged #2: Glute bridge 1 x 12 reps.")
    assert "1 of 7 done" in second


def test_done_without_amount_logs_the_planned_dose(cli, db_path):
    ok(cli("done", "pigeon"))
    assert rows(db_path, "SELECT sets, amount, unit, side FROM entries") == [
        (2, 30, "seconds", "both")
    ]


def test_done_without_amount_for_a_run_asks_for_one(cli, db_path):
    result = cli("done", "run")
    assert result.exit_code == 2
    assert "needs an amount" in result.stderr


def test_report_reflects_exactly_what_was_logged(cli):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "pigeon", "30s", "--side", "left"))
    ok(cli("done", "pigeon", "2x30s"))
    ok(cli("sore", "3", "--morning"))
    report = json.loads(ok(cli("report", "--json")).stdout)
    by = {row["exercise"]: row for row in report["exercises"]}
    assert (
        by["glute-bridge"]["sets"],
        by["glute-bridge"]["total"],
        by["glute-bridge"]["unit"],
    ) == (2, 24, "reps")
    assert by["glute-bridge"]["left"] is None
    assert (by["pigeon"]["sets"], by["pigeon"]["total"]) == (3, 90)
    assert (by["pigeon"]["left"], by["pigeon"]["right"]) == (90, 60)
    today = {d["date"]: d for d in report["soreness"]["days"]}[TODAY.isoformat()]
    assert today["morning"] == 3
    assert report["start"] == (TODAY - timedelta(days=TODAY.weekday())).isoformat()
    for key in ("adherence", "streak", "soreness"):
        assert key in report


def test_sore_records_morning_and_after(cli, db_path):
    ok(cli("sore", "4", "--morning"))
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "5", "--after"))
    ok(cli("sore", "2", "--morning", "--side", "left", "--note", "stiff"))
    ok(cli("sore", "6", "--after"))
    assert rows(db_path, "SELECT score, timing, side, note FROM soreness ORDER BY id") == [
        (4, "morning", None, None),
        (5, "after", None, None),
        (2, "morning", "left", "stiff"),
        (6, "after", None, None),
    ]


def test_plan_json_has_the_documented_keys(cli):
    plan = json.loads(ok(cli("plan", "--json")).stdout)
    assert {"date", "schedule", "items", "messages"} <= set(plan)
    item = plan["items"][0]
    assert {"exercise", "name", "kind", "sets", "amount", "unit", "sides", "done"} <= set(item)
    assert plan["date"] == TODAY.isoformat()


def test_the_schedule_is_remembered(cli):
    assert json.loads(ok(cli("plan", "--json")).stdout)["schedule"] == "daily"
    ok(cli("plan", "--schedule", "alternate"))
    assert json.loads(ok(cli("plan", "--json")).stdout)["schedule"] == "alternate"


def test_history_lists_entries_newest_first_with_ids(cli, db_path):
    ok(cli("done", "bridge", "12", "--at", "2 days ago"))
    ok(cli("done", "clams", "15", "--note", "easy"))
    ok(cli("done", "run", "5km", "--at", "yesterday"))
    out = ok(cli("history")).stdout.splitlines()
    assert [line.split()[0] for line in out] == ["#2", "#3", "#1"]
    listed = json.loads(ok(cli("history", "--json", "--exercise", "clam")).stdout)
    assert listed == [
        {"id": 2, "at": listed[0]["at"], "exercise": "clamshell", "sets": 1, "amount": 15, "unit": "reps",
         "minutes": None, "side": "both", "pain": None, "note": "easy", "uid": listed[0]["uid"]}
    ]  # fmt: skip
    assert rows(db_path, "SELECT uid FROM entries WHERE id = 2") == [(listed[0]["uid"],)]
    assert datetime.fromisoformat(listed[0]["at"]).utcoffset() is not None
    assert json.loads(ok(cli("history", "--json", "--since", "today")).stdout)[0]["id"] == 2


def test_exercises_lists_and_shows(cli):
    out = ok(cli("exercises", "--kind", "release")).stdout
    assert "tennis-ball-release" in out and "glute-bridge" not in out
    shown = ok(cli("exercises", "show", "pigeon")).stdout
    assert "Steps:" in shown and "Cautions:" in shown


def test_where_prints_the_database_path(cli, db_path):
    assert ok(cli("where")).stdout.strip() == db_path


def test_version(cli):
    assert ok(cli("--version")).stdout.startswith("glutelog ")


def test_first_use_says_what_glutelog_is(cli):
    result = ok(cli("plan"))
    assert "not medical advice" in result.stderr


BAD_INPUT = [
    (["done", "nosuchthing", "12"], "unknown exercise"),
    (["done", "step", "12"], "could mean any of"),
    (["done", "bridge", "0"], "more than 0"),
    (["done", "bridge", "5000"], "more than the limit"),
    (["done", "pigeon", "5h"], "more than 4 hours"),
    (["done", "bridge", "12kg"], "unknown unit"),
    (["done", "bridge", "twelve"], "not a number"),
    (["done", "bridge", "30s"], "logged in reps"),
    (["done", "bridge", "12", "--side", "left"], "not done one side"),
    (["done", "bridge", "12", "--pain", "11"], "pain must be from 0 to 10"),
    (["done", "bridge", "12", "--at", "tomorrow"], "in the future"),
    (["done", "bridge", "12", "--at", "not a date"], "cannot read the date"),
    (["done", "bridge", "12", "--note", "x" * 2001], "note is longer"),
    (["sore", "11"], "from 0 to 10"),
    (["sore", "-1"], ""),
    (["sore", "four"], "whole number"),
    (["sore", "4", "--at", "in 2 days"], "in the future"),
    (["sore", "4", "--morning", "--after"], "choose one"),
    (["plan", "--date", "someday"], "cannot read the date"),
    (["plan", "--schedule", "weekly"], "daily, alternate or maintenance"),
    (["report", "--week", "whenever"], "cannot read the date"),
    (["done", "bridge", "12", "--bogus"], "No such option"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli, db_path, args, message):
    ok(cli("done", "bridge", "12"))
    before = dump(db_path)
    result = cli(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("glutelog: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert dump(db_path) == before


def test_every_command_is_in_the_reference():
    from pathlib import Path

    from glutelog.cli.typer_app import app

    readme = (Path(__file__).parent.parent / "docs" / "reference.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    for name in names:
        assert f"glutelog {name}" in readme, name
