"""The safer plan through the command line, as a user types it: flags pause and resume, rest days,
looking ahead, runs with distance and time, and the plan's views (--explain, --days, --minutes)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from conftest import fail, ok, rows

from glutelog import commands
from glutelog.commands import entries, views

NOW = datetime(2026, 11, 24, 9, 30).astimezone()  # a Tuesday
TODAY = NOW.date()


def run(db, action, **values):
    return commands.function(action)(db=db, now=NOW, **values)


def plan_json(db, **values) -> dict:
    return json.loads(run(db, "plan", as_json=True, **values))


def test_1_a_saddle_numbness_flag_pauses_plan_done_and_report_until_cleared(cli, db_path):
    ok(
        cli(
            "sore",
            "5",
            "--after",
            "--note",
            "numb saddle area, can't control bladder, both legs tingling",
        )
    )
    ok(cli("flag", "numb", "saddle", "area"))
    plan = ok(cli("plan")).stdout
    assert "PAUSED" in plan and "emergency department" in plan
    assert "[ ]" not in plan  # no items while paused
    data = json.loads(ok(cli("plan", "--json")).stdout)
    assert data["zone"] == "paused" and data["items"] == [] and data["flags"]
    done = ok(cli("done", "walk", "10min")).stdout
    assert "Plan paused" in done
    assert "Plan paused" in ok(cli("report")).stdout
    ok(cli("flag", "--clear"))
    resumed = json.loads(ok(cli("plan", "--json")).stdout)
    assert resumed["zone"] != "paused" and resumed["items"]


def test_a_routine_flag_adds_a_message_and_the_plan_goes_on(cli):
    ok(cli("flag", "surgery"))
    data = json.loads(ok(cli("plan", "--json")).stdout)
    assert data["zone"] != "paused" and data["items"]
    assert any("GP or physio" in m or "surgeon" in m.lower() for m in data["messages"])


def test_done_tingling_sets_the_exercise_aside_from_today(cli):
    ok(cli("sore", "1", "--morning"))
    ok(cli("done", "pigeon", "30s", "--tingling"))
    data = json.loads(ok(cli("plan", "--json")).stdout)
    assert "pigeon" not in [i["exercise"] for i in data["items"]]


def test_9_done_rest_completes_the_day_and_keeps_the_streak(db_path):
    for back in (2, 1):
        day = NOW - timedelta(days=back)
        plan = json.loads(views.plan(db=db_path, as_json=True, now=day))
        for item in plan["items"]:
            amount = None if item["amount"] is None else f"{item['sets']}x{item['amount']:g}"
            unit = {"seconds": "s", "minutes": "min", "lengths": "lengths", "reps": ""}
            entries.done(
                db=db_path,
                exercise=item["exercise"],
                amount=amount and amount + unit[item["unit"]],
                at=day.isoformat(timespec="minutes"),
                now=NOW,
            )
    text = run(db_path, "done", exercise="rest")
    assert "1 of 1 done" in text
    report = json.loads(run(db_path, "report", as_json=True))
    assert report["streak"]["current"] == 3
    assert report["days"][1]["done"] == report["days"][1]["planned"] == 1


def test_10_a_bare_weekday_is_the_coming_one_and_next_works(db_path):
    friday = date(2026, 11, 27)
    assert plan_json(db_path, day="friday")["date"] == friday.isoformat()
    assert plan_json(db_path, day="next friday")["date"] == friday.isoformat()
    assert plan_json(db_path, day="tuesday")["date"] == TODAY.isoformat()


def test_10_a_future_day_is_a_projection_without_todays_reminder(db_path):
    run(db_path, "sore", score="1", morning=True)
    ahead = plan_json(db_path, day="tomorrow")
    assert ahead["projection"] is True
    assert not any("today" in m for m in ahead["messages"])
    text = run(db_path, "plan", day="tomorrow")
    assert "a projection" in text.splitlines()[0]
    week = json.loads(run(db_path, "plan", days="4", as_json=True))
    assert [p["day_type"] for p in week] == ["strength", "recovery", "strength", "recovery"]
    assert [p["projection"] for p in week] == [False, True, True, True]


def test_11_a_run_is_logged_with_its_distance_and_time(cli, db_path):
    out = ok(cli("done", "run", "20km", "105min")).stdout
    assert "20 km" in out and "105 min" in out
    out = ok(cli("done", "run", "14km", "in", "80min", "--at", "yesterday")).stdout
    data = json.loads(ok(cli("plan", "--json")).stdout)
    assert data["day_type"] == "recovery"  # 14 km in 80 min yesterday is a long run
    assert any("Long run" in m for m in data["messages"])
    fail(cli("done", "run", "20km", "5km"))
    fail(cli("done", "bridge", "12", "30s"))
    fail(cli("done", "run", "20-30km"))


def test_8_the_plan_shows_each_sides_progress(cli):
    ok(cli("sore", "1", "--morning"))
    ok(cli("done", "hamstring", "2x30s", "--side", "left"))
    text = ok(cli("plan")).stdout
    assert "L 2/2 R 0/2" in text
    data = json.loads(ok(cli("plan", "--json")).stdout)
    item = next(i for i in data["items"] if i["exercise"] == "hamstring-stretch")
    assert item["done_sides"] == {"left": 2, "right": 0}


def test_explain_names_a_rule_for_every_item_and_block_left_out(cli):
    ok(cli("sore", "6", "--morning"))
    text = ok(cli("plan", "--explain")).stdout
    data = json.loads(ok(cli("plan", "--json")).stdout)
    assert text.count("why: ") == len(data["items"])
    assert "Zone red: morning soreness 6 (red_min 6)" in text
    assert "Left out strength: red zone (red_min 6)" in text


def test_minutes_shorten_today_and_the_day_counts_against_the_shorter_plan(cli, db_path):
    ok(cli("sore", "1", "--morning"))
    full = json.loads(ok(cli("plan", "--json")).stdout)
    short = json.loads(ok(cli("plan", "--minutes", "10", "--json")).stdout)
    assert short["minutes"] <= 10 < full["minutes"]
    assert len(short["items"]) < len(full["items"])
    # the choice is kept for the day: `done` and `report` count against the shorter plan
    for item in short["items"]:
        args = ["done", item["exercise"], "--sets", str(item["sets"])]
        ok(cli(*args))
    out = ok(cli("plan")).stdout
    assert f"{len(short['items'])} of {len(short['items'])} done" in out
    report = json.loads(ok(cli("report", "--json")).stdout)
    today = next(d for d in report["days"] if d["date"] == date.today().isoformat())
    assert today["done"] == today["planned"] == len(short["items"])
    fail(cli("plan", "--minutes", "0"))
    fail(cli("plan", "--minutes", "10", "--days", "3"))


def test_plan_days_is_capped_at_four_weeks(cli):
    assert len(json.loads(ok(cli("plan", "--days", "28", "--json")).stdout)) == 28
    fail(cli("plan", "--days", "29"))
    fail(cli("plan", "--date", "2100-01-01"))  # a projection so far ahead would say nothing
    assert ok(cli("plan", "--date", "2020-01-01"))


def test_json_keeps_its_keys_and_gains_the_new_ones(cli):
    data = json.loads(ok(cli("plan", "--json")).stdout)
    for key in ("date", "schedule", "day_type", "zone", "items", "messages", "flags", "extra"):
        assert key in data
    item = data["items"][0]
    for key in ("exercise", "name", "kind", "block", "sets", "amount", "unit", "sides"):
        assert key in item
    for key in ("done_sets", "done", "cue", "why", "minutes", "done_sides"):
        assert key in item
    assert data["zone"] == "unknown"


def test_1_a_note_describing_a_warning_sign_points_to_flag(cli):
    out = ok(
        cli("sore", "5", "--after", "--note", "numb saddle area, can't control bladder")
    ).stdout
    assert "warning sign" in out and "glutelog flag" in out
    assert "emergency department" in out
    calm = ok(cli("done", "bridge", "12", "--note", "felt strong today")).stdout
    assert "warning sign" not in calm


def test_a_second_morning_score_is_refused_unless_it_replaces_the_first(cli, db_path):
    """Issue 10, observation 9: a second morning score was stored silently beside the first."""
    ok(cli("sore", "5", "--morning"))
    out = fail(cli("sore", "2", "--morning"))
    assert "already has a morning score" in out.stderr and "5/10" in out.stderr
    assert rows(db_path, "SELECT score FROM soreness") == [(5,)]
    assert "Replaced" in ok(cli("sore", "2", "--morning", "--replace")).stdout
    assert rows(db_path, "SELECT score FROM soreness") == [(2,)]
    ok(cli("sore", "4", "--after"))  # after-session scores are not limited
    ok(cli("sore", "3", "--morning", "--side", "left"))  # a side has its own


def test_edit_of_an_amount_keeps_the_sets(cli, db_path):
    """Issue 10, observation 4: `edit ID --amount 15` on 2 x 12 reps stored 1 x 15."""
    ok(cli("done", "bridge", "2x12"))
    (row_id,) = rows(db_path, "SELECT id FROM entries")[0]
    ok(cli("edit", str(row_id), "--amount", "15"))
    assert rows(db_path, "SELECT sets, amount FROM entries") == [(2, 15)]
    ok(cli("edit", str(row_id), "--amount", "3x10"))
    assert rows(db_path, "SELECT sets, amount FROM entries") == [(3, 10)]


def test_an_amount_past_the_catalogs_safe_dose_is_logged_with_a_caution(cli, db_path):
    """Issue 10, observation 9: `done ice 60min` passed without a word."""
    out = ok(cli("done", "ice", "60min")).stdout
    assert "Caution: Cold pack is safest kept to 20 min" in out
    assert rows(db_path, "SELECT amount, unit FROM entries") == [(60, "minutes")]
    assert "Caution" not in ok(cli("done", "ice", "20min")).stdout


def test_db_works_before_the_command_for_every_command(env, tmp_path):
    """Issue 10, observation 5: `glutelog --db copy.db check` (the README's restore step) failed."""
    import subprocess

    from conftest import CLI

    copy = str(tmp_path / "copy.db")

    def glutelog(*args):
        return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=60)

    assert glutelog("--db", copy, "done", "bridge", "12").returncode == 0
    checked = glutelog("--db", copy, "check")
    assert checked.returncode == 0 and "entries: 1" in checked.stdout
    assert glutelog(f"--db={copy}", "where").stdout.strip() == copy
    assert glutelog("rules", "--db", copy).returncode == 0
    assert glutelog("--db", copy, "rules").returncode == 0
    refused = glutelog("--db", "", "check")
    assert refused.returncode == 2 and refused.stderr.startswith("glutelog: ")


def test_sides_as_letters_ranges_and_clock_times(cli, db_path):
    """Issue 10, observation 3: `--side L` was refused, `ball 20-30s` said "unknown unit", and
    `run 1h45` was refused."""
    ok(cli("done", "pigeon", "30s", "--side", "L"))
    assert rows(db_path, "SELECT side FROM entries") == [("left",)]
    out = fail(cli("done", "ball", "20-30s"))
    assert "range: give one number" in out.stderr
    ok(cli("done", "run", "1h45"))
    assert rows(db_path, "SELECT amount, unit FROM entries WHERE exercise = 'run'") == [
        (105, "minutes")
    ]
