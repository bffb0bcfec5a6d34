"""`glutelog status`: one line for a prompt or a status bar, and its JSON."""

import json
import os
import subprocess

from conftest import CLI, fail, ok


def status(cli, *args):
    result = ok(cli("status", *args))
    assert result.stderr == ""
    return result.stdout.rstrip("\n")


def test_a_fresh_day_shows_done_of_planned_the_zone_and_the_next_item(cli):
    ok(cli("sore", "4", "--morning"))
    assert status(cli) == "glutelog 0/7 amber · next: ball 3x30s/side"


def test_the_next_item_says_what_is_left_of_it(cli):
    ok(cli("sore", "2", "--morning"))
    ok(cli("done", "ball", "3x30s", "--side", "left"))
    assert status(cli) == "glutelog 0/7 green · next: ball 3x30s right"
    ok(cli("done", "ball", "1x30s", "--side", "right"))
    assert status(cli) == "glutelog 0/7 green · next: ball 2x30s right"
    ok(cli("done", "ball", "2x30s", "--side", "right"))
    line = status(cli)
    assert line.startswith("glutelog 1/7 green · next: figure4 ")


def test_a_day_with_everything_done_says_so(cli):
    ok(cli("sore", "4", "--morning"))
    plan = json.loads(ok(cli("plan", "--json")).stdout)
    for item in plan["items"]:
        ok(cli("done", item["exercise"]))  # no amount: today's planned dose, both sides
    assert status(cli) == "glutelog 7/7 amber · all done"
    data = json.loads(status(cli, "--json"))
    assert (data["state"], data["done"], data["planned"], data["next"]) == ("done", 7, 7, None)


def test_a_rest_day_says_rest_day(cli):
    ok(cli("sore", "1", "--morning"))
    ok(cli("done", "rest"))
    assert status(cli) == "glutelog green · rest day"


def test_a_paused_plan_says_paused(cli):
    ok(cli("flag", "saddle"))
    assert status(cli) == "glutelog PAUSED · red flag in force: glutelog flag"
    data = json.loads(status(cli, "--json"))
    assert (data["state"], data["zone"], data["next"]) == ("paused", "paused", None)
    ok(cli("flag", "--clear"))
    assert "PAUSED" not in status(cli)


def test_json_has_the_documented_keys(cli, db_path):
    ok(cli("sore", "5", "--morning"))
    ok(cli("done", "ball", "30s", "--side", "right"))
    data = json.loads(status(cli, "--json", "--db", db_path))
    assert set(data) == {
        "state", "date", "zone", "done", "planned", "next", "error", "text", "last_synced"
    }  # fmt: skip
    assert (data["state"], data["zone"], data["done"], data["planned"]) == ("todo", "amber", 0, 7)
    assert data["next"] == {
        "exercise": "tennis-ball-release",
        "short": "ball",
        "name": "Tennis ball release",
        "sets": None,
        "amount": 30,
        "unit": "seconds",
        "side_sets": {"left": 3, "right": 2},
    }
    assert data["text"] == "glutelog 0/7 amber · next: ball 3x30s left, 2x30s right"
    assert data["error"] is None


# --- a prompt runs it before every command: it must never fail loudly ---------------------------


def run(env, *args):
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=60)


def test_no_database_yet_says_so_and_creates_none(env, tmp_path):
    path = tmp_path / "none" / "glutelog.db"
    (tmp_path / "none").mkdir()
    result = run(env, "status", "--db", str(path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "glutelog · no log yet\n", "")
    result = run(env, "status", "--json", "--db", str(path))
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["state"] == "no-database"
    assert os.listdir(tmp_path / "none") == []


def test_a_foreign_file_gives_a_short_line_exit_0_and_is_left_alone(env, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("my shopping list\n")
    result = run(env, "--db", str(path), "status")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout == "glutelog ? cannot read the log: glutelog check\n"
    data = json.loads(run(env, "status", "--json", "--db", str(path)).stdout)
    assert data["state"] == "error" and "not a glutelog database" in data["error"]
    assert path.read_text() == "my shopping list\n"
    assert os.listdir(tmp_path) == ["notes.db"]


def test_a_bad_option_is_still_a_usage_error(cli):
    fail(cli("status", "--verbose"))


def test_a_reader_gone_before_the_line_ends_quietly(env, tmp_path):
    for args in (["status"], ["status", "--json"], ["rules", "--json"]):
        proc = subprocess.Popen(
            [*CLI, *args, "--db", str(tmp_path / "g.db")],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        proc.stdout.close()  # long before the interpreter has started, let alone written
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == 141, (args, stderr)
        assert stderr == ""
