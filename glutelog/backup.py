"""Export, import, backup and check: getting data out of glutelog and back in, safely.

The JSON export holds everything (entries, soreness, settings, schema version) and is the
documented backup format. Import checks every record before writing any, then writes all of them
in one transaction; a record already present (same fields, ignoring its id) is skipped, so
importing the same file twice adds nothing.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3

from glutelog import errors, parsing
from glutelog.migrations import SCHEMA_VERSION
from glutelog.rules import rule
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


def _day_minutes(store: Store) -> dict:
    """{day: minutes} chosen with `plan --minutes`."""
    return dict(store.read("SELECT day, minutes FROM day_minutes ORDER BY day"))


def export_data(store: Store) -> dict:
    """Everything in the database as plain data; the same database always gives the same export."""
    with store.snapshot():
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "schema_version": SCHEMA_VERSION,
            **{table: list(_table(store, table, fields)) for table, fields in TABLES},
            "settings": store.settings(),
            "day_minutes": _day_minutes(store),
        }


def write_json(store: Store, out) -> None:
    """Write the export to the text file ``out`` as it is read, so memory stays flat however
    long the history: a key a line and, in the lists, a record a line. The text is exactly
    ``render.dumps_rows(export_data(store))`` and a newline (DEL and C1 controls escaped).

    A record a line is what lets import read a record at a time; it is written by the C
    encoder in batches of rows, which keeps export as fast as a bare loop writing JSON lines.

    >>> write_json(store, sys.stdout)  # one set logged
    {
      "format": "glutelog-export",
      ...
      "entries": [
        {"id": 1, "at": "2026-11-24T07:30:00+01:00", ..., "logged_at": "..."}
      ],
      "soreness": [],
      ...
    }
    """
    from glutelog.render import escape_controls, row_encoder

    encode = row_encoder()
    with store.snapshot():
        header = (
            ("format", FORMAT),
            ("format_version", FORMAT_VERSION),
            ("schema_version", SCHEMA_VERSION),
        )
        out.write("{\n" + "".join(f'  "{key}": {encode(value)},\n' for key, value in header))
        for table, fields in TABLES:
            out.write(f'  "{table}": [')
            separator = "\n    "
            sql = f"SELECT {', '.join(fields)} FROM {table} ORDER BY id"
            for batch in store.batches(sql):
                text = ",\n    ".join(
                    [encode(dict(zip(fields, row, strict=True))) for row in batch]
                )
                out.write(separator + escape_controls(text))
                separator = ",\n    "
            out.write("],\n" if separator == "\n    " else "\n  ],\n")
        out.write(f'  "settings": {escape_controls(encode(store.settings()))},\n')
        out.write(f'  "day_minutes": {encode(_day_minutes(store))}\n}}\n')


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
# A record is taken only if `done`, `sore`, `flag` or `config` would have stored the same values:
# the checks below call theirs (amounts, units, limits, moments) rather than restating them.


def _fail(where: str, message: str):
    raise errors.BadInput(f"import refused, nothing written: {where}: {message}")


def _shown(value: object) -> str:
    """A value from the file as a message may show it: short, and escaped (it may hold anything)."""
    return repr(value if isinstance(value, str) else str(value)[:40])[:42]


def _is_text(value: object, limit: int) -> bool:
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        return False
    try:
        value.encode("utf-8")  # a lone surrogate is not text SQLite can store
    except UnicodeEncodeError:
        return False
    return True


def _check_text(where: str, row: dict, key: str, required: bool = False, limit: int = 0) -> None:
    value = row.get(key)
    if value is None:
        if required:
            _fail(where, f"{key} is missing")
        return
    limit = limit or rule("max_note_chars")
    if not _is_text(value, limit):
        _fail(where, f"{key} must be text of at most {limit} characters")


def _is_int(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_keys(where: str, row: object, fields: tuple) -> None:
    if not isinstance(row, dict) or set(row) - set(fields):
        _fail(where, f"must be an object with the keys {', '.join(fields)}")
    row_id = row.get("id")
    if row_id is not None and not _is_int(row_id, 1, rule("max_row_id")):
        # Every id stays one `rm` can name, and far enough from SQLite's last id that new
        # records always get one.
        _fail(where, f"id must be a whole number from 1 to {rule('max_row_id')}")


def _check_moment(where: str, row: dict, now, at: str, day: str | None = None) -> None:
    """``at`` is a moment written as glutelog writes one (ISO 8601 with its UTC offset), that
    `done --at` would take: not before parsing.EARLIEST_YEAR, not after ``now``; ``day`` is its
    local date."""
    from datetime import datetime

    _check_text(where, row, at, required=True, limit=40)
    text = row[at]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    from glutelog.parsing import utc_text

    written = (
        moment is not None
        and moment.tzinfo is not None
        and text
        in (
            moment.isoformat(timespec="seconds"),
            moment.isoformat(timespec="microseconds"),
            utc_text(moment),  # how glutelog keeps the time it stored a row (migration 4)
        )
    )
    if not written:
        _fail(where, f"{at} must be a moment such as 2026-11-24T07:30:00+01:00, not {_shown(text)}")
    if moment.year < parsing.EARLIEST_YEAR:
        _fail(where, f"{at} {text} is too far in the past")
    try:
        if moment.year > now.year:  # compared first: near year 9999 the offset cannot be applied
            raise errors.BadInput(f"{text} is in the future")
        parsing.not_future(moment, now)
    except errors.BadInput as exc:
        _fail(where, f"{at} {exc.message}")
    if day is not None and row.get(day) != moment.date().isoformat():
        _fail(where, f"{day} must be {moment.date().isoformat()}, the date of {at}")


def _check_amount(where: str, row: dict, exercise: dict) -> None:
    """The unit is one the exercise is logged in, and the amount one `done` would store."""
    slug, unit, amount = exercise["slug"], row.get("unit"), row.get("amount")
    units = [exercise["unit"], *exercise["other_units"]]
    if unit not in units:
        _fail(where, f"{slug} is logged in {' or '.join(units)}, not {_shown(unit)}")
    if unit == "none":
        if amount is not None:
            _fail(where, f"{slug} takes no amount")
        return
    finite = (
        isinstance(amount, int) and not isinstance(amount, bool) and abs(amount) <= 2**53
    ) or (isinstance(amount, float) and math.isfinite(amount))
    if not finite:
        _fail(where, f"amount must be a number, not {_shown(amount)}")
    try:
        kept = parsing.check_amount(amount, unit)
    except errors.BadInput as exc:
        _fail(where, exc.message)
    if kept != amount:
        _fail(where, f"amount {amount!r} has more decimals than glutelog keeps ({kept!r})")


def _check_entry(where: str, row: object, catalog, now) -> None:
    _check_keys(where, row, ENTRY_FIELDS)
    _check_moment(where, row, now, "at", "day")
    _check_moment(where, row, now, "logged_at")
    slug = row.get("exercise")
    exercise = catalog.exercises.get(slug) if isinstance(slug, str) else None
    if exercise is None:
        _fail(where, f"unknown exercise {_shown(slug)}")
    if not _is_int(row.get("sets"), 1, rule("max_sets_logged")):
        _fail(where, f"sets must be a whole number from 1 to {rule('max_sets_logged')}")
    _check_amount(where, row, exercise)
    if exercise["per_side"] and row.get("side") not in ("left", "right", "both"):
        _fail(where, f"{slug} is done per side: side must be left, right or both")
    if not exercise["per_side"] and row.get("side") is not None:
        _fail(where, f"{slug} is not done one side at a time: side must be null")
    if row.get("pain") is not None and not _is_int(row["pain"], 0, 10):
        _fail(where, "pain must be 0-10 or null")
    _check_text(where, row, "note")


def _check_soreness(where: str, row: object, now) -> None:
    _check_keys(where, row, SORENESS_FIELDS)
    _check_moment(where, row, now, "at", "day")
    _check_moment(where, row, now, "logged_at")
    if not _is_int(row.get("score"), 0, 10):
        _fail(where, "score must be a whole number from 0 to 10")
    if row.get("timing") not in ("morning", "after"):
        _fail(where, "timing must be morning or after")
    if row.get("side") not in (None, "left", "right"):
        _fail(where, "side must be left, right or null")
    _check_text(where, row, "note")


def _check_flag(where: str, row: object, catalog, now) -> None:
    from glutelog import redflags

    _check_keys(where, row, FLAG_FIELDS)
    _check_moment(where, row, now, "at", "day")
    _check_moment(where, row, now, "logged_at")
    symptom = row.get("symptom")
    if not isinstance(symptom, str) or symptom not in redflags.BY_SLUG:
        _fail(where, f"unknown warning sign {_shown(symptom)}")
    exercise = row.get("exercise")
    if exercise is not None and (
        not isinstance(exercise, str) or exercise not in catalog.exercises
    ):
        _fail(where, f"unknown exercise {_shown(exercise)}")
    if (exercise is not None) != (symptom == redflags.TINGLING):
        _fail(where, "an exercise goes with a tingling flag, and only with one")
    _check_text(where, row, "note")
    if (row.get("cleared_at") is None) != (row.get("cleared_day") is None):
        _fail(where, "cleared_at and cleared_day go together")
    if row.get("cleared_at") is not None:
        _check_moment(where, row, now, "cleared_at", "cleared_day")
        # Flags in force are found by comparing days as text (both are written YYYY-MM-DD).
        if row["cleared_day"] < row["day"]:
            _fail(where, "cleared_day is before the day it was raised")


def validate(data: object, catalog, now=None) -> dict:
    """Check an export before anything is written; raise BadInput naming the first bad record.
    Settings come back in the form they are stored in."""
    from datetime import datetime

    now = now or datetime.now().astimezone()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        _fail("file", "not a glutelog export (no 'format': 'glutelog-export')")
    if not _is_int(data.get("format_version"), FORMAT_VERSION, FORMAT_VERSION):
        _fail("file", f"format_version must be {FORMAT_VERSION}, the one this glutelog reads")
    if not _is_int(data.get("schema_version"), 1, SCHEMA_VERSION):
        _fail("file", f"schema_version must be 1 to {SCHEMA_VERSION}")
    for key in ("entries", "soreness", "flags"):
        if not isinstance(data.get(key, []), list):
            _fail("file", f"{key} must be a list")
    if not isinstance(data.get("settings", {}), dict):
        _fail("file", "settings must be an object")
    for number, row in enumerate(data.get("entries", []), 1):
        _check_entry(f"entry {number}", row, catalog, now)
    for number, row in enumerate(data.get("soreness", []), 1):
        _check_soreness(f"soreness {number}", row, now)
    for number, row in enumerate(data.get("flags", []), 1):
        _check_flag(f"flag {number}", row, catalog, now)
    data["settings"] = _checked_settings(data.get("settings", {}))
    _check_day_minutes(data.get("day_minutes", {}))
    return data


def _check_day_minutes(found: object) -> None:
    """Time budgets as `plan --minutes` takes them: a calendar day and 1 to the limit."""
    from datetime import date

    if not isinstance(found, dict):
        _fail("file", "day_minutes must be an object of day: minutes")
    for day, minutes in found.items():
        where = f"day_minutes {str(day)[:12]!r}"
        try:
            date.fromisoformat(day)
        except (TypeError, ValueError):
            _fail(where, "must be a day like 2026-11-24")
        if not _is_int(minutes, 1, rule("max_day_minutes")):
            _fail(where, f"minutes must be a whole number from 1 to {rule('max_day_minutes')}")


def _checked_settings(found: dict) -> dict:
    """Each setting checked as `glutelog config` checks it, in its stored form."""
    from glutelog import settings

    checked = {}
    for key, value in found.items():
        if not _is_text(key, 100) or not _is_text(value, 2000):
            _fail(f"setting {_shown(key)}", "must be short text")
        try:
            name = settings.key_name(key)
            checked[name] = settings.parse(name, value)
        except errors.BadInput as exc:
            _fail(f"setting {_shown(key)}", exc.message)
    return checked


def _import_rows(
    conn: sqlite3.Connection, table: str, fields: tuple, rows: list, identity=None, on_match=None
) -> tuple[int, int]:
    """Insert ``rows`` in order, skipping each one already stored: same ``identity`` fields
    (default: every field but the id). Returns (added, skipped); ``on_match(conn, row, id)``,
    when given, decides what a match does and returns True when it changed the stored row.

    Each row is looked up in an indexed temporary copy of the rows stored on the file's days
    (which grows as rows are added), so the work is linear in the file however many records share
    a day, and memory holds no second copy of the file.
    """
    content = [f for f in fields if f != "id"]
    identity = identity or content
    seen = f"import_seen_{table}"
    conn.execute(f"DROP TABLE IF EXISTS temp.{seen}")
    conn.execute("DROP TABLE IF EXISTS temp.import_days")
    conn.execute("CREATE TEMP TABLE import_days (day TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.executemany(
        "INSERT OR IGNORE INTO temp.import_days VALUES (?)", ((row["day"],) for row in rows)
    )
    columns = ", ".join(identity)
    conn.execute(
        f"CREATE TEMP TABLE {seen} AS SELECT id, {columns} FROM main.{table} "
        "WHERE day IN (SELECT day FROM temp.import_days)"
    )
    conn.execute(f"CREATE INDEX temp.{seen}_identity ON {seen} ({columns})")
    find = f"SELECT id FROM temp.{seen} WHERE {' AND '.join(f'{f} IS ?' for f in identity)} LIMIT 1"
    remember = f"INSERT INTO temp.{seen} VALUES (?, {', '.join('?' * len(identity))})"
    marks = ", ".join("?" * len(content))
    insert = f"INSERT INTO main.{table} (id, {', '.join(content)}) VALUES (?, {marks})"
    added = skipped = 0
    for row in rows:
        key = tuple(row.get(f) for f in identity)
        found = conn.execute(find, key).fetchone()
        if found is not None:
            changed = on_match is not None and on_match(conn, row, found[0])
            added, skipped = added + changed, skipped + (not changed)
            continue
        row_id = row.get("id")
        if (
            row_id is not None
            and conn.execute(f"SELECT 1 FROM main.{table} WHERE id = ?", (row_id,)).fetchone()
        ):
            row_id = None  # taken here by another record: this one gets a new id
        new_id = conn.execute(insert, (row_id, *(row.get(f) for f in content))).lastrowid
        conn.execute(remember, (new_id, *key))
        added += 1
    conn.execute(f"DROP TABLE temp.{seen}")
    conn.execute("DROP TABLE temp.import_days")
    return added, skipped


def _clear_on_match(conn: sqlite3.Connection, row: dict, found: int) -> bool:
    """A flag already here takes the clearing the file has and this database lacks."""
    if row.get("cleared_at") is None:
        return False
    cursor = conn.execute(
        "UPDATE flags SET cleared_at = ?, cleared_day = ? WHERE id = ? AND cleared_at IS NULL",
        (row["cleared_at"], row["cleared_day"], found),
    )
    return cursor.rowcount > 0


def import_data(store: Store, data: dict) -> dict:
    """Write a validated export in one transaction; returns counts added and skipped."""
    # Flags are the same flag when raised alike, whether or not and whenever cleared.
    flag_identity = ("at", "day", "symptom", "exercise", "note", "logged_at")

    def write(conn):
        entries = _import_rows(conn, "entries", ENTRY_FIELDS, data.get("entries", []))
        soreness = _import_rows(conn, "soreness", SORENESS_FIELDS, data.get("soreness", []))
        flags = _import_rows(
            conn, "flags", FLAG_FIELDS, data.get("flags", []), flag_identity, _clear_on_match
        )
        for key, value in data.get("settings", {}).items():
            conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))
        for day, minutes in data.get("day_minutes", {}).items():
            conn.execute(
                "INSERT OR IGNORE INTO day_minutes (day, minutes, set_at) VALUES (?, ?, ?)",
                (day, minutes, day),
            )
        _fill_utc(conn)
        return {"entries": entries, "soreness": soreness, "flags": flags}

    return store.write(write)


def _fill_utc(conn: sqlite3.Connection) -> None:
    """Give the rows just imported their UTC instant (``utc``, see migration m005): it is
    worked out from ``at``, never taken from the file."""
    from glutelog.parsing import utc_text

    conn.create_function("glutelog_utc", 1, utc_text, deterministic=True)
    for table, _ in TABLES:
        conn.execute(f"UPDATE {table} SET utc = glutelog_utc(at) WHERE utc IS NULL")


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
    except RecursionError:
        raise errors.BadInput(
            f"{path} is nested too deeply to be a glutelog export: nothing written"
        ) from None
    except ValueError:
        # Python refuses to read numbers of thousands of digits; no export holds one.
        raise errors.BadInput(
            f"{path} holds a number too long to be one glutelog wrote: nothing written"
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
