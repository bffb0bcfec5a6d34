"""Issue 18, observations 4, 5, 6, 10 and 11: one thing done is one entry, undo undoes the
last command, a soreness score is never guessed into an after-score, a guided session keeps
the day it started, and an import keeps one morning score a day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from conftest import dump, fail, ok, rows

from glutelog.commands import entries
from glutelog.errors import BadInput

YESTERDAY = (datetime.now().astimezone() - timedelta(days=1)).date().isoformat()


# --- observation 6: `sore N` without a when ------------------------------------------------------


def test_sore_without_a_when_in_the_evening_is_refused_with_both_commands(cli, db_path):
    ok(cli("done", "bridge", "12", "--at", f"{YESTERDAY} 18:00"))
    before = dump(db_path)
    result = fail(cli("sore", "8", "--at", f"{YESTERDAY} 20:00"))
    assert f'glutelog sore 8 --morning --at "{YESTERDAY} 20:00"' in result.stderr
    assert f'glutelog sore 8 --after --at "{YESTERDAY} 20:00"' in result.stderr
    assert dump(db_path) == before
    # nothing logged that day, but past noon: still asked, never guessed
    fail(cli("sore", "7", "--note", "stiff", "--at", f"{YESTERDAY} 13:00"))
    assert dump(db_path) == before


def test_sore_without_a_when_before_noon_and_before_any_work_is_the_morning_score(cli, db_path):
    ok(cli("sore", "3", "--at", f"{YESTERDAY} 07:30"))
    ok(cli("done", "bridge", "12", "--at", f"{YESTERDAY} 09:00"))
    fail(cli("sore", "4", "--at", f"{YESTERDAY} 10:00"))  # work logged before it: asked
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(3, "morning")]


def test_sore_without_a_when_asks_on_a_terminal(db_path):
    evening = datetime.now().astimezone().replace(hour=20, minute=0, second=0, microsecond=0)
    asked = []

    def ask(value):
        asked.append(value)
        return "morning"

    entries.sore(db=db_path, score="8", now=evening, ask=ask)
    assert asked == [8]
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(8, "morning")]
    try:
        entries.sore(db=db_path, score="7", now=evening, ask=lambda value: None)
    except BadInput as exc:
        assert "--morning" in exc.message and "--after" in exc.message
    else:
        raise AssertionError("a score with no answer was stored")
    assert rows(db_path, "SELECT count(*) FROM soreness") == [(1,)]


# --- observation 11: import keeps one morning score a day ----------------------------------------


def test_import_refuses_a_second_morning_score_for_a_day(cli, db_path, tmp_path):
    import json

    ok(cli("sore", "2", "--morning", "--at", f"{YESTERDAY} 07:00"))
    exported = tmp_path / "export.json"
    ok(cli("export", "-o", str(exported)))
    # the same record again is no second score: skipped, as before
    assert "skipped 1" in ok(cli("import", str(exported))).stdout
    data = json.loads(exported.read_text())
    # another record (its own stable id) for the same morning
    data["soreness"][0].update(
        id=99, score=9, at=f"{YESTERDAY}T07:30:00+00:00", uid="0f1e2d3c-4b5a-4968-8776-655443322110"
    )
    data["soreness"][0]["logged_at"] = "2026-01-01T00:00:00.000000Z"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    before = dump(db_path)
    result = fail(cli("import", str(other)))
    assert YESTERDAY in result.stderr and "second morning score" in result.stderr
    assert dump(db_path) == before
    # two mornings for one day inside one file, into an empty database: refused too
    empty = str(tmp_path / "empty.db")
    both = json.loads(exported.read_text())
    both["soreness"].append(data["soreness"][0])
    other.write_text(json.dumps(both))
    result = fail(cli("import", str(other), "--db", empty))
    assert YESTERDAY in result.stderr
    assert rows(empty, "SELECT count(*) FROM soreness") == [(0,)]


# --- observation 10: a guided session keeps the day it started -----------------------------------


class _Console:
    """A terminal that presses Enter at every question (the planned dose) and shows nothing."""

    def print(self, *args, **kwargs):
        pass

    def bell(self):
        pass

    def input(self, prompt=""):
        return ""


def test_a_session_started_before_midnight_logs_every_set_on_its_day(db_path):
    from glutelog.commands import guided
    from glutelog.commands.session import Session

    started = datetime.now().astimezone().replace(hour=23, minute=59, second=0, microsecond=0)
    started -= timedelta(days=1)
    after_midnight = started + timedelta(minutes=6)
    with Session(db_path) as session:
        plan = session.plan(started.date())
    items = [i for i in plan["items"] if not i["done"]]
    assert len(items) > 1
    guide = guided.Guide(db_path, _Console(), None, timer=False)
    guide.day, guide.clock_now = started.date(), lambda: after_midnight
    assert guide.run(items)
    days = rows(db_path, "SELECT DISTINCT day FROM entries")
    assert days == [(started.date().isoformat(),)]
    summary = guided.summary(guide, None, db_path, started.date())
    assert f"{len(items)} of {len(plan['items'])} done" in summary


# --- observation 5: undo undoes the last command ------------------------------------------------

# Kept plans (day_status, plan_basis) are caches, cleared and made again as needed; the id
# counters (sqlite_sequence) move on by design: ids are never reused.
NOT_COMPARED = {"day_status", "plan_basis", "sqlite_sequence", "_sqlite_migrations"}


def tables(db: str) -> dict:
    """Every table a person's data is in, table by table."""
    names = [n for (n,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        name: rows(db, f"SELECT * FROM {name} ORDER BY 1, 2")
        for name in sorted(names)
        if name not in NOT_COMPARED
    }


STORING = [
    ["done", "bridge", "12"],
    ["done", "run", "12", "km", "65", "min"],
    ["done", "pigeon", "30s", "--tingling"],
    ["done", "bridge", "12", "--note", "can't pee"],
    ["sore", "6", "--morning", "--replace"],
    ["sore", "4", "--after", "--note", "left foot tingles"],
    ["flag", "saddle"],
    ["flag", "--clear"],
]


def test_undo_after_each_storing_command_restores_every_table(cli, db_path):
    ok(cli("done", "clams", "15", "--at", f"{YESTERDAY} 09:00"))
    ok(cli("sore", "3", "--morning"))
    ok(cli("flag", "night", "pain"))
    for command in STORING:
        before = tables(db_path)
        ok(cli(*command))
        assert tables(db_path) != before, command
        listed = ok(cli("undo", "--list")).stdout
        said = command[: command.index("--note")] if "--note" in command else command
        assert f"`{' '.join(said)}`" in listed
        ok(cli("undo"))
        assert tables(db_path) == before, command
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(3, "morning")]


def test_undo_brings_back_the_morning_score_a_replace_took(cli, db_path):
    ok(cli("sore", "3", "--morning"))
    ok(cli("sore", "6", "--morning", "--replace"))
    out = ok(cli("undo")).stdout
    assert "Removed s2" in out and "Brought back s1" in out
    assert rows(db_path, "SELECT id, score, timing FROM soreness") == [(1, 3, "morning")]


def test_undo_removes_a_whole_run_and_list_changes_nothing(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "run", "12", "km", "65", "min"))
    before = tables(db_path)
    listed = ok(cli("undo", "--list")).stdout
    assert listed.startswith("The next undo reverses `done run 12 km 65 min`")
    assert listed.count("Removed #") == 1  # one entry: distance and time together
    assert tables(db_path) == before
    data = __import__("json").loads(ok(cli("undo", "--json")).stdout)
    assert data["command"] == "done run 12 km 65 min" and len(data["steps"]) == 1
    assert rows(db_path, "SELECT exercise FROM entries") == [("glute-bridge",)]


def test_undo_takes_back_a_set_of_go(db_path):
    from glutelog.commands import guided
    from glutelog.commands.session import Session

    with Session(db_path) as session:
        item = next(i for i in session.plan(datetime.now().date())["items"] if not i["done"])
    guide = guided.Guide(db_path, _Console(), None, timer=False)
    before = tables(db_path)
    guide.log(item, None if not item["side_sets"] else "left", item["amount"], "Set 1 of 1")
    assert tables(db_path) != before
    entries.undo(db=db_path)
    assert tables(db_path) == before


def test_a_command_whose_rows_were_removed_is_passed_over(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "clams", "15"))
    ok(cli("rm", "2"))
    assert "Glute bridge" in ok(cli("undo")).stdout
    assert "nothing to undo" in fail(cli("undo")).stderr


@pytest.mark.parametrize(
    ("typed", "timing"), [("m", "morning"), ("after", "after"), ("", None), ("q", None)]
)
def test_the_terminal_question_has_no_default(typed, timing, monkeypatch, capsys):
    monkeypatch.setattr("builtins.input", lambda: typed)
    assert entries._ask_when(8) == timing
    assert "morning score or after a session" in capsys.readouterr().err


def test_only_the_latest_commands_are_kept_for_undo(db_path, monkeypatch):
    from glutelog.storage import database

    monkeypatch.setattr(database, "UNDO_KEPT", 3)
    for reps in range(10, 15):
        entries.done(db=db_path, exercise="bridge", amount=str(reps))
    assert rows(db_path, "SELECT command FROM undo_log ORDER BY id") == [
        ("done bridge 12",),
        ("done bridge 13",),
        ("done bridge 14",),
    ]
