"""Names that cannot pass for others or reach a shell, limits a catalog cannot slip past, and
Markdown that shows names as words (issue 19, observations 9 and 11)."""

from __future__ import annotations

import re

import pytest
from conftest import ok

from glutelog import catalog as catalog_mod
from glutelog import paths
from glutelog.errors import CatalogError

MOVE = ["--kind", "strength", "--unit", "reps", "--amount", "2x10", "--cue", "Slowly"]


def catalog_file(db_path) -> str:
    return paths.user_catalog(db_path)


def refused_and_nothing_written(result, db_path):
    assert result.exit_code != 0, result.output
    assert result.output.count("\n") == 1 and result.output.startswith("glutelog: ")
    import os

    assert not os.path.exists(catalog_file(db_path))


@pytest.mark.parametrize("slug", ["../../etc", "$(id)", "*", "a'b", "=cmd", "-x", "x--y", "9lives"])
def test_a_slug_is_lower_case_letters_digits_and_dashes(slug, cli, db_path):
    result = cli("exercises", "add", "--name", "Odd one", "--slug", slug, *MOVE)
    refused_and_nothing_written(result, db_path)
    assert "slug" in result.output


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Glute bridge", "already the name of 'glute-bridge'"),
        ("GLUTE  bridge", "already the name of 'glute-bridge'"),
        ("Glute bridg\u0435", "mixes letters of Cyrillic and Latin"),  # a Cyrillic e
        ("Hip\u3164hinge", "invisible letter"),
        ("\u3164", "invisible letter"),
    ],
)
def test_a_name_that_would_pass_for_another_is_refused(name, why, cli, db_path):
    result = cli("exercises", "add", "--name", name, "--slug", "my-move", *MOVE)
    refused_and_nothing_written(result, db_path)
    assert why in result.output


def test_a_name_in_one_other_script_is_welcome(cli, db_path):
    ok(cli("exercises", "add", "--name", "Мост на лопатках", "--slug", "most", *MOVE))
    ok(cli("done", "most", "12"))


ENTRY = """
[[exercise]]
slug = "{slug}"
name = "{name}"
kind = "strength"
unit = "reps"
sets = 2
amount = 10
block = "strength"
cue = "Slowly."
{extra}
"""


def build(tmp_path, text):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return catalog_mod.build(paths.builtin_catalog(), str(path))


@pytest.mark.parametrize("top", [101, 10**20])
def test_a_rep_range_past_100_is_refused(top, tmp_path):
    text = ENTRY.format(slug="lift", name="Lift", extra=f"rep_range = [1, {top}]")
    with pytest.raises(CatalogError, match="up to 100"):
        build(tmp_path, text)


def test_a_routine_naming_an_exercise_twice_is_refused(tmp_path):
    text = '[routine]\ndaily = ["pigeon", "pigeon", "pigeon"]\n'
    with pytest.raises(CatalogError, match="names 'pigeon' twice"):
        build(tmp_path, text)


def test_markdown_shows_names_and_notes_as_words(cli, db_path, tmp_path):
    name = "<b>Bold</b> [x](javascript:alert(1))"
    path = catalog_file(db_path)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(ENTRY.format(slug="trick", name=name.replace('"', '\\"'), extra=""))
    ok(cli("done", "trick", "12", "--note", "<script>alert(1)</script> `code` *loud*"))
    text = ok(cli("report", "--format", "markdown")).output
    assert "Bold" in text
    for raw in ("<b>", "</b>", "<script>", "`code`", "*loud*"):
        assert raw not in text, raw
    assert re.search(r"(?<!\\)\]\(javascript", text) is None  # no link: its ] is escaped


# --- import: what a file may hold --------------------------------------------------------------


def exported(cli, tmp_path) -> dict:
    import json

    ok(cli("done", "bridge", "12", "--note", "fine"))
    path = tmp_path / "out.json"
    ok(cli("export", "-o", str(path)))
    return json.loads(path.read_text(encoding="utf-8"))


def import_text(cli, tmp_path, text: str, encoding="utf-8"):
    path = tmp_path / "in.json"
    path.write_bytes(text.encode(encoding))
    return cli("import", str(path), "--db", str(tmp_path / "fresh.db"))


def test_an_unknown_top_level_key_is_refused_like_an_unknown_record_key(cli, tmp_path):
    import json

    data = exported(cli, tmp_path)
    data["padding"] = "x" * 1000
    result = import_text(cli, tmp_path, json.dumps(data))
    assert result.exit_code == 2
    assert "unknown top-level key 'padding'" in result.output


def test_a_byte_order_mark_is_read_past(cli, tmp_path):
    import json

    data = exported(cli, tmp_path)
    result = import_text(cli, tmp_path, "\ufeff" + json.dumps(data))
    assert result.exit_code == 0, result.output
    assert "Imported 1 new set and" in result.output


def test_a_nul_in_a_note_is_named_as_such(cli, tmp_path):
    import json

    data = exported(cli, tmp_path)
    data["entries"][0]["note"] = "a\x00b"
    result = import_text(cli, tmp_path, json.dumps(data))
    assert result.exit_code == 2
    assert "NUL" in result.output and "at most" not in result.output


def test_a_setting_set_by_hand_stays_out_of_the_export_and_the_export_imports(cli, tmp_path):
    import sqlite3

    ok(cli("config", "side", "left"))
    conn = sqlite3.connect(tmp_path / "glutelog.db")
    with conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('my-own-key', 'x')")
    conn.close()
    data = exported(cli, tmp_path)
    assert data["settings"] == {"side": "left"}
    import json

    result = import_text(cli, tmp_path, json.dumps(data))
    assert result.exit_code == 0, result.output


# --- a file that borrowed glutelog's header, or lost a table -----------------------------------


def sha(path) -> str:
    import hashlib

    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_a_foreign_file_with_glutelogs_header_is_refused_untouched(cli, tmp_path):
    import os
    import sqlite3

    from glutelog.storage.database import APPLICATION_ID
    from glutelog.storage.migrations import SCHEMA_VERSION

    path = str(tmp_path / "foreign.db")
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    before = sha(path)
    for args in (["plan"], ["done", "bridge", "12"], ["check"]):
        result = cli(*args, "--db", path)
        assert result.exit_code == 65, (args, result.output)
        assert "not a whole glutelog database" in result.output
    assert sha(path) == before
    assert not os.path.exists(path + "-wal")


@pytest.mark.parametrize(
    "change",
    [
        "DROP TABLE flags",
        "ALTER TABLE soreness RENAME TO soreness_old",
        "ALTER TABLE entries RENAME COLUMN note TO remark",
    ],
)
def test_a_glutelog_file_with_a_table_lost_or_changed_is_refused_by_every_command(
    change, cli, tmp_path
):
    import sqlite3

    path = str(tmp_path / "g.db")
    ok(cli("done", "bridge", "12", "--db", path))
    conn = sqlite3.connect(path)
    conn.execute(change)
    conn.commit()
    conn.close()
    for args in (["check"], ["done", "bridge", "12"], ["plan"]):
        result = cli(*args, "--db", path)
        assert result.exit_code == 65, (args, result.output)


def test_a_table_a_person_added_is_no_problem(cli, tmp_path):
    import sqlite3

    path = str(tmp_path / "g.db")
    ok(cli("done", "bridge", "12", "--db", path))
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE my_runs (id INTEGER PRIMARY KEY, km REAL)")
    conn.commit()
    conn.close()
    ok(cli("check", "--db", path))
    ok(cli("done", "bridge", "12", "--db", path))


def test_record_numbers_run_out_is_not_called_a_full_disk(cli, tmp_path):
    import sqlite3

    path = str(tmp_path / "g.db")
    ok(cli("done", "bridge", "12", "--db", path))
    conn = sqlite3.connect(path)
    conn.execute("UPDATE sqlite_sequence SET seq = 9223372036854775807 WHERE name = 'entries'")
    conn.commit()
    conn.close()
    result = cli("done", "bridge", "12", "--db", path)
    assert result.exit_code == 65, result.output
    assert "record numbers" in result.output and "disk is full" not in result.output


def test_a_dangling_catalog_link_is_refused_with_a_warm_cache_as_with_a_cold_one(cli, tmp_path):
    import os

    path = str(tmp_path / "g.db")
    ok(cli("plan", "--db", path))  # the catalog is cached without a user file
    os.symlink(str(tmp_path / "gone.toml"), str(tmp_path / "catalog.toml"))
    warm = cli("plan", "--db", path)
    for cache in os.listdir(tmp_path / "cache"):
        os.unlink(tmp_path / "cache" / cache)
    cold = cli("plan", "--db", path)
    assert warm.exit_code == cold.exit_code != 0
    assert "link to a file that does not exist" in warm.output


def test_status_waits_little_for_a_database_another_program_holds(env, tmp_path):
    """A prompt runs `status` before every command: a database locked by another program (in
    rollback-journal mode, where a lock stops readers too) gives its short line at once, not
    after the ten seconds a writing command waits."""
    import sqlite3
    import subprocess

    from conftest import CLI

    path = str(tmp_path / "g.db")
    subprocess.run([*CLI, "done", "bridge", "12", "--db", path], env=env, check=True,
                   capture_output=True)  # fmt: skip
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode = DELETE")
        holder.execute("BEGIN EXCLUSIVE")
        # The bound is a guard against the old ten-second wait, far above the half second.
        result = subprocess.run(
            [*CLI, "status", "--db", path], env=env, capture_output=True, text=True, timeout=8
        )
    finally:
        holder.close()
    assert result.returncode == 0 and result.stderr == ""
    assert "check" in result.stdout or "?" in result.stdout


def test_a_read_only_database_of_an_older_schema_is_read_without_upgrading(
    cli, tmp_path, monkeypatch
):
    import os

    from conftest import load_helper

    from glutelog.storage import opening

    fixtures = load_helper("schema_fixtures")
    path = str(tmp_path / "old.db")
    fixtures.build_v1(path)
    before = sha(path)
    real_access = os.access
    # As for a file its owner made read-only (the tests run as root, whom access() lets write).
    monkeypatch.setattr(
        opening.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    result = cli("history", "--since", "2000-01-01", "--db", path)
    assert result.exit_code == 0, result.output
    assert "Glute bridge" in result.output or "glute" in result.output.lower()
    assert sha(path) == before
    assert set(os.listdir(tmp_path)) - {"config", "cache"} == {"old.db"}  # no -wal, no .bak
