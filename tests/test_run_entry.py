"""Issue 18, observation 4: a run with its distance and time is one entry, which `history`,
`rm`, `edit`, exports and reports treat as one."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from conftest import ok, rows

from glutelog.planner.day_plan import long_run
from glutelog.storage.migrations import RUN_MINUTES_SCHEMA

TODAY = datetime.now().astimezone().date()
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
WEEK_AGO = (TODAY - timedelta(days=7)).isoformat()


def logged_id(out: str) -> int:
    return int(out.split("#", 1)[1].split(":", 1)[0].split(".", 1)[0])


def test_a_distance_with_its_time_is_one_entry(cli, db_path):
    data = json.loads(ok(cli("done", "run", "12", "km", "65", "min", "--json")).stdout)
    assert [(r["amount"], r["unit"], r["minutes"]) for r in data["logged"]] == [(12, "km", 65)]
    assert rows(db_path, "SELECT exercise, sets, amount, unit, minutes FROM entries") == [
        ("run", 1, 12, "km", 65)
    ]
    assert rows(db_path, "SELECT run_km, run_minutes FROM day_sums") == [(12, 65)]


def test_a_time_alone_stays_a_minutes_entry(cli, db_path):
    ok(cli("done", "run", "65", "min"))
    assert rows(db_path, "SELECT amount, unit, minutes FROM entries") == [(65, "minutes", None)]


def test_history_shows_a_run_on_one_line(cli):
    ok(cli("done", "run", "12", "km", "65", "min"))
    out = ok(cli("history")).stdout
    runs = [line for line in out.splitlines() if "km" in line or "min" in line]
    assert len(runs) == 1 and "12 km in 65 min" in runs[0], out
    listed = json.loads(ok(cli("history", "--json")).stdout)
    assert "minutes" in json.dumps(listed)


def test_rm_removes_the_whole_run(cli, db_path):
    number = logged_id(ok(cli("done", "run", "12", "km", "65", "min")).stdout)
    ok(cli("rm", str(number)))
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM day_sums") == [(0,)]


def test_edit_changes_the_time_of_a_distance(cli, db_path):
    number = logged_id(ok(cli("done", "run", "12", "km", "65", "min")).stdout)
    ok(cli("edit", str(number), "--amount", "62min"))
    assert rows(db_path, "SELECT amount, unit, minutes FROM entries") == [(12, "km", 62)]
    ok(cli("edit", str(number), "--amount", "13km 70min"))
    assert rows(db_path, "SELECT amount, unit, minutes FROM entries") == [(13, "km", 70)]
    assert rows(db_path, "SELECT run_km, run_minutes FROM day_sums") == [(13, 70)]


def test_reports_give_a_run_one_row(cli, tmp_path):
    for back in range(1, 5):
        day = (TODAY - timedelta(days=back)).isoformat()
        ok(cli("done", "run", "10km", "60min", "--at", f"{day} 07:00"))
    ok(cli("done", "run", "35min", "--at", f"{YESTERDAY} 18:00"))  # a time alone
    text = ok(cli("report", "--since", WEEK_AGO)).stdout
    lines = [line for line in text.splitlines() if line.startswith("Run ")]
    assert len(lines) == 1 and "40 km in 4 h 35 min" in lines[0], text
    data = json.loads(ok(cli("report", "--since", WEEK_AGO, "--json")).stdout)
    (run,) = [row for row in data["exercises"] if row["exercise"] == "run"]
    assert (run["total"], run["unit"], run["minutes"]) == (40, "km", 275)
    markdown = ok(cli("report", "--since", WEEK_AGO, "--format", "markdown")).stdout
    assert "40 km in 4 h 35 min" in markdown
    assert sum(1 for line in markdown.splitlines() if line.startswith("| Run")) == 1
    page = tmp_path / "page.html"
    ok(cli("report", "--since", WEEK_AGO, "--html", str(page)))
    assert "40 km in 4 h 35 min" in page.read_text()


def test_the_long_run_check_reads_the_time_a_distance_took():
    run = {"exercise": "run", "sets": 1, "amount": 10, "unit": "km", "minutes": 95}
    assert long_run([run], 90, 15) is not None
    assert "95 min" in long_run([run], 90, 15)


def test_export_import_round_trip_keeps_a_run_whole(cli, tmp_path):
    ok(cli("done", "run", "12km", "65min", "--at", f"{YESTERDAY} 07:00"))
    ok(cli("done", "run", "30min"))
    first = ok(cli("export")).stdout
    data = json.loads(first)
    assert [(e["unit"], e["minutes"]) for e in data["entries"]] == [("km", 65), ("minutes", None)]
    exported = tmp_path / "export.json"
    exported.write_text(first)
    other = str(tmp_path / "other.db")
    ok(cli("import", str(exported), "--db", other))
    assert rows(other, "SELECT amount, unit, minutes FROM entries ORDER BY id") == [
        (12, "km", 65),
        (30, "minutes", None),
    ]
    assert rows(other, "SELECT run_minutes FROM day_sums ORDER BY day") == [(65,), (30,)]
    assert ok(cli("export", "--db", other)).stdout == first


def test_an_older_export_with_a_split_run_imports_joined(cli, tmp_path):
    ok(cli("done", "bridge", "12", "--at", f"{YESTERDAY} 08:00"))
    data = json.loads(ok(cli("export")).stdout)
    (bridge,) = data["entries"]
    at = f"{YESTERDAY}T07:00:00" + bridge["at"][19:]
    common = {"at": at, "exercise": "run", "sets": 1, "side": None, "pain": None, "note": None}
    for number, (amount, unit) in enumerate(((12, "km"), (65, "minutes")), start=10):
        row = {**bridge, **common, "id": number, "amount": amount, "unit": unit}
        row.pop("minutes", None)  # as glutelog wrote it before migration m009
        row.pop("uid", None)  # and before records had a stable id (m010)
        data["entries"].append(row)
    data["schema_version"] = RUN_MINUTES_SCHEMA - 1  # written before distances kept a time
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    other = str(tmp_path / "other.db")
    ok(cli("import", str(old), "--db", other))
    assert rows(other, "SELECT amount, unit, minutes FROM entries WHERE exercise = 'run'") == [
        (12, "km", 65)
    ]
    assert rows(other, "SELECT run_km, run_minutes FROM day_sums WHERE run_sets > 0") == [(12, 65)]


def test_undo_removes_a_run_as_one(cli, db_path):
    ok(cli("done", "run", "12", "km", "65", "min"))
    ok(cli("undo"))
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


def test_a_run_planned_by_time_is_ticked_by_a_distance_with_its_time(catalog):
    from glutelog.planner.ticks import tick_items

    planned = [{"exercise": "run", "ladder": ["run"], "sets": 1, "amount": 30, "unit": "minutes",
                "side_sets": None}]  # fmt: skip
    run = {"exercise": "run", "sets": 1, "amount": 5, "unit": "km", "side": None, "minutes": 31}
    tick_items(catalog, planned, [run])
    assert planned[0]["done"]


def test_the_csv_report_counts_a_runs_minutes_on_its_day(cli):
    ok(cli("done", "run", "10km", "60min", "--at", f"{YESTERDAY} 07:00"))
    lines = ok(cli("report", "--since", WEEK_AGO, "--format", "csv")).stdout.splitlines()
    columns = lines[0].split(",")
    (day,) = [
        dict(zip(columns, line.split(","), strict=True))
        for line in lines
        if line.startswith(YESTERDAY)
    ]
    assert (day["run_km"], day["run_minutes"]) == ("10", "60")


def test_edit_gives_a_time_its_distance_and_keeps_a_distances_time(cli, db_path):
    number = logged_id(ok(cli("done", "run", "65", "min")).stdout)
    ok(cli("edit", str(number), "--amount", "12km 65min"))
    assert rows(db_path, "SELECT amount, unit, minutes FROM entries") == [(12, "km", 65)]
    ok(cli("edit", str(number), "--amount", "12.5km"))
    assert rows(db_path, "SELECT amount, unit, minutes FROM entries") == [(12.5, "km", 65)]
    assert "12.5 km in 65 min" in ok(cli("history")).stdout
