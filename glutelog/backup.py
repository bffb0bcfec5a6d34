"""Export, import, backup and check: getting data out of glutelog and back in, safely.

The JSON export holds everything (entries, soreness, settings, schema version) and is the
documented backup format. Import checks every record before writing any, then writes all of them
in one transaction; a record already present (same fields, ignoring its id) is skipped, so
importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import os
import sqlite3

from glutelog import errors
from glutelog.catalog import UNITS
from glutelog.migrations import SCHEMA_VERSION
from glutelog.storage import APPLICATION_ID, ENTRY_COLUMNS, FLAG_COLUMNS, SORENESS_COLUMNS, Store

FORMAT = "glutelog-export"
FORMAT_VERSION = 1
ENTRY_FIELDS = (*ENTRY_COLUMNS, "logged_at")
SORENESS_FIELDS = (*SORENESS_COLUMNS, "logged_at")
FLAG_FIELDS = (*FLAG_COLUMNS, "logged_at")
# The exported tables, in the order they appear in the file.
TABLES = (("entries", ENTRY_FIELDS), ("soreness", SORENESS_FIELDS), ("flags", FLAG_FIELDS))
CSV_FIELDS = (
    "type",
    "id",
    "at",
    "day",
    "exercise",
    "sets",
    "amount",
    "unit",
    "side",
    "pain",
    "score",
    "timing",
    "note",
    "logged_at",
    # flags (added after the columns above, so existing readers keep their columns)
    "symptom",
    "cleared_at",
    "cleared_day",
)


def _table(store: Store, table: str, fields: tuple):
    """The rows of ``table`` as dicts, oldest first, one at a time."""
    for row in store.iterate(f"SELECT {', '.join(fields)} FROM {table} ORDER BY id"):
        yield dict(zip(fields, row, strict=True))


def export_data(store: Store) -> dict:
    """Everything in the database as plain data; the same database always gives the same export."""
    with store.snapshot():
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            **{table: list(_table(store, table, fields)) for table, fields in TABLES},
            "settings": store.settings(),
        }


def write_json(store: Store, out) -> None:
    """Write the export to the text file ``out`` a record at a time, so memory stays flat
    however long the history. The text is exactly ``json.dumps(export_data(store), indent=2)``
    (with DEL and C1 controls escaped), followed by a newline."""
    from glutelog.render import escape_controls

    def dump(value, indent: int) -> str:
        text = json.dumps(value, indent=2, ensure_ascii=False)
        return escape_controls(text.replace("\n", "\n" + " " * indent))

    with store.snapshot():
        out.write("{\n")
        for key, value in (
            ("format", FORMAT),
            ("format_version", FORMAT_VERSION),
            ("schema_version", SCHEMA_VERSION),
        ):
            out.write(f'  "{key}": {dump(value, 2)},\n')
        for table, fields in TABLES:
            out.write(f'  "{table}": [')
            separator = "\n"
            for row in _table(store, table, fields):
                out.write(separator + "    " + dump(row, 4))
                separator = ",\n"
            out.write("],\n" if separator == "\n" else "\n  ],\n")
        out.write(f'  "settings": {dump(store.settings(), 2)}\n}}\n')


def write_csv(store: Store, out) -> None:
    """Entries, soreness scores, then flags, one CSV row each, written as they are read; every
    text cell goes through ``render.cell`` (no control characters, no formulas)."""
    import csv

    from glutelog.render import cell

    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    with store.snapshot():
        for (table, fields), kind in zip(TABLES, ("entry", "soreness", "flag"), strict=True):
            for row in _table(store, table, fields):
                writer.writerow({"type": kind, **{k: cell(v) for k, v in row.items()}})


# --- import ------------------------------------------------------------------------------------


def _fail(where: str, message: str):
    raise errors.BadInput(f"import refused, nothing written: {where}: {message}")


def _check_text(where: str, row: dict, key: str, required: bool = False, limit: int = 2000) -> None:
    value = row.get(key)
    if value is None:
        if required:
            _fail(where, f"{key} is missing")
        return
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        _fail(where, f"{key} must be text of at most {limit} characters")


def _check_moment(where: str, row: dict, at: str = "at", day: str = "day") -> None:
    from datetime import date, datetime

    _check_text(where, row, at, required=True)
    _check_text(where, row, day, required=True)
    _check_text(where, row, "logged_at", required=True)
    try:
        datetime.fromisoformat(row[at])
        datetime.fromisoformat(row["logged_at"])
        date.fromisoformat(row[day])
    except ValueError:
        _fail(where, f"{at}, {day} and logged_at must be ISO dates")


def _check_flag(where: str, row: object, catalog) -> None:
    from glutelog import redflags

    if not isinstance(row, dict) or set(row) - set(FLAG_FIELDS):
        _fail(where, f"must be an object with the keys {', '.join(FLAG_FIELDS)}")
    _check_moment(where, row)
    symptom = row.get("symptom")
    if symptom not in redflags.BY_SLUG:
        _fail(where, f"unknown warning sign {str(symptom)[:40]!r}")
    exercise = row.get("exercise")
    if exercise is not None and exercise not in catalog.exercises:
        _fail(where, f"unknown exercise {str(exercise)[:40]!r}")
    if (exercise is not None) != (symptom == redflags.TINGLING):
        _fail(where, "an exercise goes with a tingling flag, and only with one")
    _check_text(where, row, "note")
    if (row.get("cleared_at") is None) != (row.get("cleared_day") is None):
        _fail(where, "cleared_at and cleared_day go together")
    if row.get("cleared_at") is not None:
        _check_moment(where, row, "cleared_at", "cleared_day")
    # Flags in force are found by comparing days as text, so they must be written YYYY-MM-DD.
    for key in ("day", "cleared_day"):
        if row.get(key) is not None and not _plain_day(row[key]):
            _fail(where, f"{key} must be a day written YYYY-MM-DD")
    if row.get("cleared_day") is not None and row["cleared_day"] < row["day"]:
        _fail(where, "cleared_day is before the day it was raised")


def _plain_day(text: str) -> bool:
    from datetime import date

    return date.fromisoformat(text).isoformat() == text


def _is_int(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def validate(data: object, catalog) -> dict:
    """Check an export before anything is written; raise BadInput naming the first bad record.
    Settings come back in the form they are stored in."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail("file", "not a glutelog export (no 'format': 'glutelog-export')")
    if not _is_int(data.get("schema_version"), 1, SCHEMA_VERSION):
        _fail("file", f"schema_version must be 1 to {SCHEMA_VERSION}")
    for key in ("entries", "soreness", "flags"):
        if not isinstance(data.get(key, []), list):
            _fail("file", f"{key} must be a list")
    if not isinstance(data.get("settings", {}), dict):
        _fail("file", "settings must be an object")
    for number, row in enumerate(data.get("entries", []), 1):
        where = f"entry {number}"
        if not isinstance(row, dict) or set(row) - set(ENTRY_FIELDS):
            _fail(where, f"must be an object with the keys {', '.join(ENTRY_FIELDS)}")
        _check_moment(where, row)
        if row.get("exercise") not in catalog.exercises:
            _fail(where, f"unknown exercise {str(row.get('exercise'))[:40]!r}")
        if not _is_int(row.get("sets"), 1, 50):
            _fail(where, "sets must be a whole number from 1 to 50")
        amount = row.get("amount")
        if amount is not None and (
            isinstance(amount, bool) or not isinstance(amount, int | float) or amount <= 0
        ):
            _fail(where, "amount must be a positive number or null")
        if row.get("unit") not in UNITS:
            _fail(where, "unit is not one glutelog knows")
        if row.get("side") not in (None, "left", "right", "both"):
            _fail(where, "side must be left, right, both or null")
        if row.get("pain") is not None and not _is_int(row["pain"], 0, 10):
            _fail(where, "pain must be 0-10 or null")
        _check_text(where, row, "note")
    for number, row in enumerate(data.get("soreness", []), 1):
        where = f"soreness {number}"
        if not isinstance(row, dict) or set(row) - set(SORENESS_FIELDS):
            _fail(where, f"must be an object with the keys {', '.join(SORENESS_FIELDS)}")
        _check_moment(where, row)
        if not _is_int(row.get("score"), 0, 10):
            _fail(where, "score must be a whole number from 0 to 10")
        if row.get("timing") not in ("morning", "after"):
            _fail(where, "timing must be morning or after")
        if row.get("side") not in (None, "left", "right"):
            _fail(where, "side must be left, right or null")
        _check_text(where, row, "note")
    for number, row in enumerate(data.get("flags", []), 1):
        _check_flag(f"flag {number}", row, catalog)
    data["settings"] = _checked_settings(data.get("settings", {}))
    return data


def _checked_settings(found: dict) -> dict:
    """Each setting checked as `glutelog config` checks it, in its stored form."""
    from glutelog import settings

    checked = {}
    for key, value in found.items():
        if not isinstance(value, str) or len(key) > 100 or len(value) > 2000:
            _fail(f"setting {key[:40]!r}", "must be short text")
        try:
            name = settings.key_name(key)
            checked[name] = settings.parse(name, value)
        except errors.BadInput as exc:
            _fail(f"setting {key[:40]!r}", exc.message)
    return checked


def _import_rows(
    conn: sqlite3.Connection, table: str, fields: tuple, rows: list
) -> tuple[int, int]:
    added = skipped = 0
    content = [f for f in fields if f != "id"]
    match = " AND ".join(f"{f} IS ?" for f in content)
    for row in rows:
        values = tuple(row.get(f) for f in content)
        if conn.execute(f"SELECT 1 FROM {table} WHERE {match} LIMIT 1", values).fetchone():
            skipped += 1
            continue
        row_id = row.get("id")
        free = (
            isinstance(row_id, int)
            and not conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        )
        if free:
            conn.execute(
                f"INSERT INTO {table} (id, {', '.join(content)}) VALUES (?, {', '.join('?' * len(content))})",
                (row_id, *values),
            )
        else:
            conn.execute(
                f"INSERT INTO {table} ({', '.join(content)}) VALUES ({', '.join('?' * len(content))})",
                values,
            )
        added += 1
    return added, skipped


def _import_flags(conn: sqlite3.Connection, rows: list) -> tuple[int, int]:
    """Flags are the same flag when raised alike (clearing aside): a flag already here is
    skipped, except that a clearing the file has and this database lacks is applied."""
    identity = ("at", "day", "symptom", "exercise", "note", "logged_at")
    match = " AND ".join(f"{f} IS ?" for f in identity)
    added = skipped = 0
    fresh = []
    for row in rows:
        found = conn.execute(
            f"SELECT id, cleared_at FROM flags WHERE {match} LIMIT 1",
            tuple(row.get(f) for f in identity),
        ).fetchone()
        if found is None:
            fresh.append(row)
        elif found[1] is None and row.get("cleared_at") is not None:
            conn.execute(
                "UPDATE flags SET cleared_at = ?, cleared_day = ? WHERE id = ?",
                (row["cleared_at"], row["cleared_day"], found[0]),
            )
            added += 1
        else:
            skipped += 1
    more, repeated = _import_rows(conn, "flags", FLAG_FIELDS, fresh)
    return added + more, skipped + repeated


def import_data(store: Store, data: dict) -> dict:
    """Write a validated export in one transaction; returns counts added and skipped."""

    def write(conn):
        entries = _import_rows(conn, "entries", ENTRY_FIELDS, data.get("entries", []))
        soreness = _import_rows(conn, "soreness", SORENESS_FIELDS, data.get("soreness", []))
        flags = _import_flags(conn, data.get("flags", []))
        for key, value in data.get("settings", {}).items():
            conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))
        return {"entries": entries, "soreness": soreness, "flags": flags}

    return store.write(write)


def read_export(path: str) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise errors.BadInput(f"no such file: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise errors.BadInput(f"cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise errors.BadInput(
            f"{path} is not valid JSON (line {exc.lineno}): nothing written"
        ) from None


# --- backup and check --------------------------------------------------------------------------


def backup_to(store: Store, target: str) -> dict:
    """A consistent copy of the live database made with SQLite's backup API, then verified.

    ``target`` is taken as a file name exactly as given; it must not exist yet."""
    from glutelog import paths
    from glutelog.storage import connect_path

    paths.check_name(target, "backup")
    if os.path.lexists(target):
        raise errors.BadInput(f"{target} already exists; choose another name")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise errors.BadInput(f"no such folder: {folder}")
    if not os.access(folder, os.W_OK):
        raise errors.ReadOnly(f"cannot write the backup: the folder {folder} is read-only")
    try:
        copy = connect_path(target, "rwc")
        try:
            store.conn.backup(copy)
            result = copy.execute("PRAGMA integrity_check").fetchone()[0]
            app_id = copy.execute("PRAGMA application_id").fetchone()[0]
            counts = {
                t: copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("entries", "soreness")
            }
        finally:
            copy.close()
    except sqlite3.Error as exc:
        _remove(target)
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            raise errors.ReadOnly(f"cannot write the backup {target}: {exc}") from exc
        raise errors.DiskError(f"backup to {target} failed: {exc}") from exc
    # Counts are not compared with the live database: other glutelogs may write meanwhile.
    if result != "ok" or app_id != APPLICATION_ID:
        _remove(target)
        raise errors.DiskError(f"the backup at {target} did not verify; it was removed")
    return counts


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(path + suffix)
        except OSError:
            pass


def check(store: Store) -> dict:
    """Run SQLite's integrity check; return the result with schema version and counts."""
    try:
        problems = [row[0] for row in store.conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        problems = [str(exc)]
    return {
        "path": store.path,
        "integrity": "ok" if problems == ["ok"] else problems,
        "schema_version": store.read("PRAGMA user_version")[0][0],
        **store.counts(),
    }
