"""Undo, rm, edit, export, import, backup and check, as a user runs them."""

import json
import sqlite3

import pytest
from conftest import dump, fail, ok, rows

from glutelog.storage.migrations import SCHEMA_VERSION


def test_undo_removes_the_latest_entry_of_either_kind_repeatedly(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    ok(cli("done", "clams", "15"))
    assert "Clamshell" in ok(cli("undo")).stdout
    assert "soreness 3/10" in ok(cli("undo")).stdout
    assert ok(cli("undo")).stdout.startswith("Removed #1")
    assert "nothing to undo" in fail(cli("undo")).stderr
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


def test_ids_are_never_reused(cli):
    ok(cli("done", "bridge", "12"))
    ok(cli("undo"))
    assert ok(cli("done", "bridge", "12")).stdout.startswith("Logged #2")


def test_rm_removes_one_entry_by_id(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "clams", "15"))
    ok(cli("sore", "4", "--morning"))
    assert "Glute bridge" in ok(cli("rm", "1")).stdout
    assert "soreness 4/10" in ok(cli("rm", "s1")).stdout
    assert rows(db_path, "SELECT id FROM entries") == [(2,)]
    assert rows(db_path, "SELECT count(*) FROM soreness") == [(0,)]
    fail(cli("rm", "1"))
    fail(cli("rm", "twelve"))


def test_edit_validates_like_done_and_shows_before_and_after(cli, db_path):
    ok(cli("done", "pigeon", "30s", "--side", "left"))
    out = ok(
        cli("edit", "1", "--amount", "2x45s", "--side", "right", "--pain", "2", "--note", "tight")
    ).stdout
    before, after = out.splitlines()
    assert before.startswith("Before: #1") and "30 s left" in before
    assert after.startswith("After:  #1") and "2 x 45 s right pain 2 (tight)" in after
    assert rows(db_path, "SELECT sets, amount, side, pain, note FROM entries") == [
        (2, 45, "right", 2, "tight")
    ]
    ok(cli("edit", "1", "--at", "yesterday 7am"))
    assert rows(db_path, "SELECT day < date('now', 'localtime') FROM entries") == [(1,)]
    before = dump(db_path)
    for args in (
        ["--amount", "0"],
        ["--amount", "12km"],
        ["--pain", "12"],
        ["--at", "tomorrow"],
        ["--side", "up"],
        [],
    ):
        fail(cli("edit", "1", *args))
    fail(cli("edit", "9", "--pain", "1"))
    assert dump(db_path) == before


def test_export_import_round_trip_is_identical_and_idempotent(cli, tmp_path):
    ok(cli("done", "bridge", "3x12", "--note", "first ünïcode"))
    ok(cli("done", "run", "8.5km", "--at", "yesterday"))
    ok(cli("sore", "2", "--morning", "--side", "left"))
    ok(cli("plan", "--schedule", "alternate"))
    first = ok(cli("export")).stdout
    data = json.loads(first)
    assert data["schema_version"] >= 1 and data["settings"] == {"schedule": "alternate"}
    assert len(data["entries"]) == 2 and len(data["soreness"]) == 1
    exported = tmp_path / "export.json"
    ok(cli("export", "-o", str(exported)))
    other = str(tmp_path / "other.db")
    assert "2 new sets and 1 new soreness" in ok(cli("import", str(exported), "--db", other)).stdout
    assert "skipped 3" in ok(cli("import", str(exported), "--db", other)).stdout
    assert ok(cli("export", "--db", other)).stdout == first


@pytest.mark.parametrize("logged", [False, True])
def test_streamed_export_is_exactly_the_json_document(cli, db_path, tmp_path, logged):
    """Rows are written as they are read, a record a line (what lets import read a record at
    a time); the file is still exactly one JSON document."""
    from glutelog.output import render
    from glutelog.storage import backup
    from glutelog.storage.opening import open_store

    if logged:
        ok(
            cli(
                "done", "pigeon", "2x30s", "--side", "left", "--note", 'a "quote"\nnew line \x85 🏃'
            )
        )
        ok(cli("done", "rest"))
        ok(cli("sore", "4", "--morning", "--note", "tab\there"))
        ok(cli("plan", "--schedule", "alternate"))
    else:
        open_store(db_path).close()
    store = open_store(db_path)
    try:
        expected = render.dumps_rows(backup.export_data(store)) + "\n"
    finally:
        store.close()
    assert ok(cli("export")).stdout == expected
    target = tmp_path / "export.json"
    ok(cli("export", "-o", str(target)))
    assert target.read_text(encoding="utf-8") == expected
    assert len(json.loads(expected)["entries"]) == (2 if logged else 0)


def test_a_failed_export_leaves_no_file(cli, db_path, tmp_path, monkeypatch):
    from glutelog import errors
    from glutelog.storage import backup

    ok(cli("done", "bridge", "12"))

    def broken(store, out):
        out.write("{\n")
        raise errors.DiskError("the disk is full")

    monkeypatch.setattr(backup, "write_json", broken)
    target = tmp_path / "export.json"
    fail(cli("export", "-o", str(target)), code=74)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("export")) == []


def test_import_checks_every_record_before_writing_any(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "12"))
    data = json.loads(ok(cli("export")).stdout)
    good = dict(data["entries"][0], id=50, at="2026-01-01T07:00:00+00:00", day="2026-01-01")
    bad = dict(good, id=51, exercise="moonwalk")
    data["entries"] = [good, bad]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = dump(db_path)
    assert "entry 2" in fail(cli("import", str(path))).stderr
    assert dump(db_path) == before
    for text in ("not json", "[]", '{"format": "other"}'):
        path.write_text(text)
        fail(cli("import", str(path)))
    fail(cli("import", str(tmp_path / "missing.json")))
    assert dump(db_path) == before


def test_csv_export_has_a_row_per_entry(cli):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    lines = ok(cli("export", "--format", "csv")).stdout.splitlines()
    assert lines[0].startswith("type,id,at,day,exercise")
    assert [line.split(",")[0] for line in lines[1:]] == ["entry", "soreness"]


def test_backup_is_a_verified_consistent_copy(cli, tmp_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    target = tmp_path / "copy.db"
    assert "verified" in ok(cli("backup", str(target))).stdout
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM entries").fetchone() == (1,)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    fail(cli("backup", str(target)))  # never overwrites
    assert "entries: 1, soreness scores: 1" in ok(cli("check", "--db", str(target))).stdout


def test_check_reports_integrity_version_and_counts(cli):
    ok(cli("done", "bridge", "12"))
    out = ok(cli("check")).stdout
    assert (
        "integrity: ok" in out
        and f"schema version: {SCHEMA_VERSION}" in out
        and "entries: 1" in out
    )


@pytest.mark.parametrize("note", ["\x1b[2J\x1b[31mred", "bell\x07", "line\nbreak"])
def test_notes_are_stored_as_given_but_never_replayed_raw(cli, db_path, note):
    ok(cli("done", "bridge", "12", "--note", note))
    assert rows(db_path, "SELECT note FROM entries") == [(note,)]
    shown = ok(cli("history")).stdout
    assert "\x1b" not in shown and "\x07" not in shown
    assert len(shown.splitlines()) == 1


def test_debug_shows_the_traceback(cli, tmp_path):
    bad = tmp_path / "text.db"
    bad.write_text("not a database")
    result = cli("--debug", "plan", "--db", str(bad))
    assert result.exit_code == 65
    assert "Traceback" in result.stderr


MAXRSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.stress
def test_export_memory_stays_flat_however_long_the_history(tmp_path):
    """The installed command, on 30,000 sets: its peak memory is that of a few hundred. The JSON
    module makes garbage in reference cycles for every record it indents, so the collector
    must be running while a command works (start-up runs without it)."""
    import os
    import subprocess
    import sys

    from conftest import GLUTELOG, new_entry

    from glutelog.storage import database, opening

    def peak_kib(count: int) -> int:
        db = str(tmp_path / f"{count}.db")
        store = opening.open_store(db)
        try:
            store.write(
                lambda conn: [
                    database._insert(conn, "entries", new_entry(f"2026-{1 + i % 11:02d}-10"))
                    for i in range(count)
                ]
            )
        finally:
            store.close()
        env = {**os.environ, "GLUTELOG_DB": db, "GLUTELOG_CACHE_DIR": str(tmp_path / "c")}
        found = subprocess.run(
            [sys.executable, "-c", MAXRSS, GLUTELOG, "export"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(found.stdout)

    small, large = peak_kib(300), peak_kib(30_000)
    assert large < small + 8 * 1024, (small, large)


@pytest.mark.parametrize("damage", ["a CHECK constraint broken", "an index out of step"])
def test_check_finds_what_integrity_check_finds(cli, db_path, damage):
    """check runs integrity_check's two halves at once (see backup.check): each still finds
    what it is there to find, a row that breaks a CHECK constraint and an index that does not
    match its table."""
    from glutelog.storage import backup
    from glutelog.storage.opening import open_store

    for _ in range(3):
        ok(cli("done", "bridge", "12"))
    store = open_store(db_path)
    try:
        assert backup.check(store)["integrity"] == "ok"
        other = sqlite3.connect(db_path, isolation_level=None)
        if damage == "a CHECK constraint broken":
            other.execute("PRAGMA ignore_check_constraints = ON")
            other.execute("UPDATE entries SET pain = 99 WHERE id = 2")
        else:  # the index keeps (day, exercise) order, its definition now says otherwise
            other.execute("PRAGMA writable_schema = ON")
            other.execute(
                "UPDATE sqlite_master SET sql = 'CREATE INDEX entries_by_day ON entries "
                "(exercise, logged_at)' WHERE name = 'entries_by_day'"
            )
            other.execute("PRAGMA writable_schema = RESET")
        other.close()
        problems = backup.check(store)["integrity"]
    finally:
        store.close()
    assert problems != "ok"
    expected = "CHECK constraint" if damage.startswith("a CHECK") else "entries_by_day"
    assert any(expected in problem for problem in problems), problems
