"""Issue 20: `undo N` takes back the last N logging commands, each whole, in one write, and
`undo --list N` says what that would do."""

from __future__ import annotations

import json
import shlex
from datetime import datetime, timedelta

import pytest
from conftest import fail, ok, rows
from test_dispatch import restore, seeded, snapshot
from test_one_command import tables

from glutelog.cli import dispatch, typer_app
from glutelog.commands import entries

YESTERDAY = (datetime.now().astimezone() - timedelta(days=1)).date().isoformat()

# Commands of every kind that stores: a set, a run with its time, a morning score that
# replaces another, an after-score, a flag raised and one cleared.
STORING = [
    ["done", "bridge", "12"],
    ["done", "run", "5", "miles", "45", "min"],
    ["sore", "6", "--morning", "--replace"],
    ["sore", "4", "--after"],
    ["flag", "saddle"],
    ["flag", "--clear"],
    ["done", "clams", "15", "each", "side"],
]


class Console:
    """A terminal that presses Enter at every question (the planned dose) and shows nothing."""

    def print(self, *args, **kwargs):
        pass

    def bell(self):
        pass

    def input(self, prompt=""):
        return ""


def _go_set(db_path) -> None:
    """One set logged as `go` logs it."""
    from glutelog.commands import guided
    from glutelog.commands.session import Session

    with Session(db_path) as session:
        item = next(i for i in session.plan(datetime.now().date())["items"] if not i["done"])
    guide = guided.Guide(db_path, Console(), None, timer=False)
    guide.log(item, None if not item["side_sets"] else "left", item["amount"], "Set 1 of 1")


def _history(cli, db_path) -> list[dict]:
    """Some history before the commands undone: none of it may change."""
    ok(cli("done", "clams", "15", "--at", f"{YESTERDAY} 09:00"))
    ok(cli("sore", "3", "--morning"))
    ok(cli("flag", "night", "pain"))
    return tables(db_path)


def test_undo_k_restores_every_table_to_before_the_k_commands(cli, db_path):
    before = _history(cli, db_path)
    states = [before]
    for command in STORING:
        ok(cli(*command))
        states.append(tables(db_path))
    _go_set(db_path)
    states.append(tables(db_path))
    k = len(STORING) + 1
    assert len({json.dumps(state, default=str) for state in states}) == k + 1  # each changed

    listed = ok(cli("undo", "--list", str(k))).stdout
    assert tables(db_path) == states[-1]  # a preview changes nothing
    assert listed.startswith(f"Undo {k} would reverse {k} commands:")
    for command in STORING:
        assert f"`{' '.join(command)}`" in listed
    assert "Brought back s1" in listed  # the morning score the --replace took

    undone = ok(cli("undo", str(k))).stdout
    assert undone.startswith(f"Undid {k} commands:")
    assert undone.replace("Undid", "Undo", 1).split("\n")[1:] == listed.split("\n")[1:]
    assert tables(db_path) == before
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(3, "morning")]


def test_undo_n_goes_back_n_commands_and_no_further(cli, db_path):
    _history(cli, db_path)
    states = [tables(db_path)]
    for command in STORING:
        ok(cli(*command))
        states.append(tables(db_path))
    ok(cli("undo", "2"))
    assert tables(db_path) == states[-3]
    ok(cli("undo", "1"))
    assert tables(db_path) == states[-4]
    ok(cli("undo", "4"))
    assert tables(db_path) == states[0]


def test_undo_more_than_there_is_undoes_what_there_is_and_says_so(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    listed = ok(cli("undo", "--list", "5")).stdout
    assert "Only 2 of the 5 asked for could be undone" in listed
    assert rows(db_path, "SELECT count(*) FROM entries") == [(1,)]
    out = ok(cli("undo", "5")).stdout
    assert out.startswith("Undid 2 commands:")
    assert "Only 2 of the 5 asked for could be undone" in out
    assert rows(
        db_path, "SELECT (SELECT count(*) FROM entries) + (SELECT count(*) FROM soreness)"
    ) == [(0,)]
    assert "nothing to undo" in fail(cli("undo", "3")).stderr


def test_undo_far_more_than_is_kept_says_how_many_are_kept(cli, db_path):
    ok(cli("done", "bridge", "12"))
    out = ok(cli("undo", "1000")).stdout
    assert "Only 1 of the 1000 asked for could be undone" in out
    assert "keeps the last 100" in out


@pytest.mark.parametrize("typed", ["0", "-1", "x", "2.5", "two", "1e3", "٣"])
def test_undo_refuses_anything_but_a_count_of_one_or_more(cli, db_path, typed):
    ok(cli("done", "bridge", "12"))
    before = tables(db_path)
    result = fail(cli("undo", typed))
    assert "1 or more" in result.stderr and "glutelog undo 3" in result.stderr
    assert tables(db_path) == before


def test_undo_n_as_json_lists_each_command(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    ok(cli("sore", "6", "--morning", "--replace"))
    data = json.loads(ok(cli("undo", "2", "--json")).stdout)
    assert [c["command"] for c in data["commands"]] == [
        "sore 6 --morning --replace",
        "sore 3 --morning",
    ]
    assert data["asked"] == 2 and data["undone"] is True
    assert [s["action"] for s in data["steps"]] == ["removed", "restored", "removed"]
    assert rows(db_path, "SELECT count(*) FROM soreness") == [(0,)]
    # plain `undo --json` keeps the keys it always had
    one = json.loads(ok(cli("undo", "--json")).stdout)
    assert one["command"] == "done bridge 12" and one["removed"]["exercise"] == "glute-bridge"


def test_rows_from_before_the_journal_count_one_each_and_the_preview_matches(cli, db_path):
    for reps in ("10", "11", "12"):
        ok(cli("done", "bridge", reps))
    # as rows imported or stored by an older glutelog: no command kept for them
    import sqlite3

    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM undo_log")
    conn.commit()
    conn.close()
    listed = ok(cli("undo", "--list", "2")).stdout
    assert "Removed #3" in listed and "Removed #2" in listed and "#1" not in listed
    out = ok(cli("undo", "2")).stdout
    assert out.split("\n")[1:] == listed.split("\n")[1:]
    assert rows(db_path, "SELECT id FROM entries") == [(1,)]


def test_a_command_removed_since_is_passed_over_and_not_counted(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "clams", "15"))
    ok(cli("done", "pigeon", "30s"))
    ok(cli("rm", "2"))
    out = ok(cli("undo", "2")).stdout
    assert "Pigeon" in out and "Glute bridge" in out
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


def test_undo_takes_back_several_in_one_write(db_path, monkeypatch):
    from glutelog.storage import database

    for reps in ("10", "11", "12"):
        entries.done(db=db_path, exercise="bridge", amount=reps)
    before = tables(db_path)
    calls = []
    real = database.Store.write
    monkeypatch.setattr(
        database.Store, "write", lambda self, fn, *a: calls.append(fn) or real(self, fn, *a)
    )
    entries.undo(db=db_path, count="3")
    assert len(calls) == 1
    assert tables(db_path) != before
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


@pytest.mark.parametrize("line", ["undo 2", "undo --list 3", "undo 0", "undo x --json", "undo 9"])
def test_undo_n_reads_the_same_through_both_paths(line, tmp_path, capsys, monkeypatch):
    base, path = str(tmp_path / "base.db"), str(tmp_path / "glutelog.db")
    seeded(base)
    monkeypatch.setenv("GLUTELOG_DB", path)
    results = []
    for run in (dispatch.run, typer_app.run_cli):
        restore(base, path)
        capsys.readouterr()
        code = run(shlex.split(line))
        out, err = capsys.readouterr()
        results.append((code, out, err, snapshot(path)))
    assert results[0] == results[1]
    assert results[0][0] is not None
