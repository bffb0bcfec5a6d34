"""Counts and nouns agree, a file's period is said in a sentence, and `-` is standard output
wherever glutelog writes a file (issue 21, observation 10)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from conftest import CLI, ok

from glutelog.errors import BadInput
from glutelog.parsing import plural
from glutelog.reports import insight


def test_one_helper_puts_every_count_with_its_noun():
    assert plural(1, "point") == "1 point"
    assert plural(1.0, "item") == "1 item"
    assert plural("1", "point") == "1 point"  # a figure already rounded for people
    assert plural(0, "item") == "0 items"
    assert plural(2, "entry", "entries") == "2 entries"
    assert plural("1.4", "point") == "1.4 points"


def test_a_report_counts_one_score_as_one():
    said = insight._change_words(-2.2, "the week before", 4.7, 1)
    assert said == "2.2 lower than the week before (4.7, 1 score)"


def test_counts_of_one_in_what_commands_say(cli, tmp_path):
    ok(cli("done", "bridge", "12"))
    backup = tmp_path / "copy.db"
    assert " 1 set and 0 soreness scores " in ok(cli("backup", str(backup))).stdout
    ok(cli("export", "-o", str(tmp_path / "all.json")))
    other = str(tmp_path / "other.db")
    said = ok(cli("import", str(tmp_path / "all.json"), "--db", other)).stdout
    assert said.startswith("Imported 1 new set and 0 new soreness scores;")
    report = ok(cli("report", "--weeks", "1")).stdout
    assert "1 weeks" not in report and "1 week, " in report


def test_a_page_written_says_its_period_in_a_sentence(cli, tmp_path):
    ok(cli("done", "bridge", "12"))
    target = tmp_path / "page.html"
    said = ok(cli("report", "--weeks", "6", "--html", str(target))).stdout.strip()
    assert said.startswith(f"Wrote {target}: the page for the 6 weeks from ")
    assert said.endswith(".") and " to page.html" not in said
    year = tmp_path / "year.html"
    said = ok(cli("report", "--year", "--html", str(year))).stdout
    assert ": the page for the twelve months from " in said and "Twelve" not in said


def test_a_backup_to_dash_goes_to_standard_output(env, tmp_path):
    path = str(tmp_path / "g.db")
    subprocess.run([*CLI, "done", "bridge", "12", "--db", path], env=env, check=True)
    out = subprocess.run(
        [*CLI, "backup", "-", "--db", path], env=env, cwd=tmp_path, capture_output=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(b"SQLite format 3\x00")
    assert not (tmp_path / "-").exists()
    copy = tmp_path / "copy.db"
    copy.write_bytes(out.stdout)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT exercise FROM entries").fetchall() == [("glute-bridge",)]
    finally:
        conn.close()
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_backup_is_not_poured_onto_a_terminal(db_path, monkeypatch):
    from glutelog.commands import data

    class Tty:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    with pytest.raises(BadInput, match="redirect"):
        data.backup_db(db=db_path, target="-")
