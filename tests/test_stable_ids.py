"""Stable ids: every set, soreness score and flag keeps one id (``uid``) in every copy of the
log, through undo, edits, export and import (issue 19); local numbers stay this database's."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import dump, fail, load_helper, ok, rows

schema_fixtures = load_helper("schema_fixtures")

UID_TABLES = ("entries", "soreness", "flags")


def uids(db: str, table: str) -> list:
    return [row[0] for row in rows(db, f"SELECT uid FROM {table} ORDER BY id")]


def is_uuid(text) -> bool:
    import uuid

    return isinstance(text, str) and len(text) == 36 and str(uuid.UUID(text)) == text


def exported(cli, *args) -> dict:
    return json.loads(ok(cli("export", *args)).stdout)


def test_every_record_stored_has_its_own_stable_id(cli, db_path):
    ok(cli("done", "bridge", "3x12"))
    ok(cli("done", "run", "12", "km", "65", "min"))
    ok(cli("done", "clams", "15", "--tingling"))
    ok(cli("sore", "3", "--morning"))
    ok(cli("sore", "5", "--after", "--note", "numb in the left foot"))
    ok(cli("flag", "night-pain"))
    found = [uid for table in UID_TABLES for uid in uids(db_path, table)]
    assert len(found) >= 7
    assert all(is_uuid(uid) for uid in found), found
    assert len(set(found)) == len(found)


def test_undo_puts_a_record_back_with_the_id_it_had(cli, db_path):
    ok(cli("sore", "3", "--morning"))
    (first,) = uids(db_path, "soreness")
    ok(cli("sore", "6", "--morning", "--replace"))
    assert first not in uids(db_path, "soreness")
    ok(cli("undo"))
    assert uids(db_path, "soreness") == [first]


def test_an_edit_keeps_the_id(cli, db_path):
    ok(cli("done", "bridge", "12"))
    before = uids(db_path, "entries")
    ok(cli("edit", "1", "--pain", "2"))
    assert uids(db_path, "entries") == before


def test_export_carries_the_ids_and_import_matches_by_them(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "3x12"))
    ok(cli("done", "run", "8.5km", "40min", "--at", "yesterday"))
    ok(cli("sore", "2", "--morning"))
    ok(cli("flag", "night-pain"))
    ok(cli("flag", "--clear", "night-pain"))
    data = exported(cli)
    for table in UID_TABLES:
        assert [r["uid"] for r in data[table]] == uids(db_path, table)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    other = str(tmp_path / "other.db")
    ok(cli("import", str(path), "--db", other))
    for table in UID_TABLES:
        assert uids(other, table) == uids(db_path, table)
    before = dump(other)
    assert "skipped 4" in ok(cli("import", str(path), "--db", other)).stdout
    assert dump(other) == before
    # A record changed here since the file was written is the same record: not added again.
    ok(cli("edit", "1", "--pain", "4", "--db", other))
    before = dump(other)
    ok(cli("import", str(path), "--db", other))
    assert dump(other) == before


def test_a_record_is_matched_by_its_id_not_its_local_number(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "12"))
    data = exported(cli)
    other = str(tmp_path / "other.db")
    ok(cli("done", "pigeon", "30s", "--db", other))  # #1 there is another record
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    assert "Imported 1 new sets" in ok(cli("import", str(path), "--db", other)).stdout
    stored = rows(other, "SELECT id, exercise, uid FROM entries ORDER BY id")
    assert [(i, e) for i, e, _ in stored] == [(1, "pigeon"), (2, "glute-bridge")]
    assert stored[1][2] == data["entries"][0]["uid"]


def test_an_older_file_without_ids_imports_and_gets_new_ones(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "2", "--morning"))
    ok(cli("flag", "night-pain"))
    data = exported(cli)
    for table in UID_TABLES:
        for record in data[table]:
            del record["uid"]
    data["schema_version"] = 9
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    other = str(tmp_path / "other.db")
    ok(cli("import", str(path), "--db", other))
    found = [uid for table in UID_TABLES for uid in uids(other, table)]
    assert len(found) == 3 and all(is_uuid(uid) for uid in found)
    assert not set(found) & {uid for table in UID_TABLES for uid in uids(db_path, table)}
    # Matched as before, by their values: a second import adds nothing.
    before = dump(other)
    ok(cli("import", str(path), "--db", other))
    assert dump(other) == before
    # Nor does the same file imported where the records are, with their own ids.
    before = dump(db_path)
    ok(cli("import", str(path)))
    assert dump(db_path) == before


@pytest.mark.parametrize(
    "uid",
    ["not-a-uuid", 12, "6F1C2A9E-4B7D-4E2A-9C1F-0D3B5E7A8C90", "6f1c2a9e4b7d4e2a9c1f0d3b5e7a8c90"],
)
def test_an_id_that_is_not_a_uuid_is_refused(cli, db_path, tmp_path, uid):
    ok(cli("done", "bridge", "12"))
    data = exported(cli)
    data["entries"][0]["uid"] = uid
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    other = str(tmp_path / "other.db")
    result = fail(cli("import", str(path), "--db", other), 2)
    assert "uid" in result.stderr


def test_history_json_shows_the_stable_id(cli, db_path):
    ok(cli("done", "bridge", "12"))
    shown = json.loads(ok(cli("history", "--json")).stdout)
    assert [row["uid"] for row in shown] == uids(db_path, "entries")


def test_a_database_at_schema_9_upgrades_with_an_id_for_every_row(cli, tmp_path):
    path = str(tmp_path / "v9.db")
    schema_fixtures.build_v9(path)
    counts = {table: rows(path, f"SELECT count(*) FROM {table}")[0][0] for table in UID_TABLES}
    ok(cli("check", "--db", path))  # opening upgrades it
    found = []
    for table in UID_TABLES:
        got = uids(path, table)
        assert len(got) == counts[table]
        found += got
    assert all(is_uuid(uid) for uid in found), found
    assert len(set(found)) == len(found)
    # The kept totals and plans are as they were: an id changes neither.
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()
    ok(cli("done", "bridge", "12", "--db", path))
    assert is_uuid(uids(path, "entries")[-1])
