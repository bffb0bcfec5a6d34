"""Export, import, backup and check: getting data out of glutelog and back in, safely.

The JSON export holds everything (entries, soreness, flags, settings and the settings of past
days, the user's own exercises, schema version) and is the documented backup format. Import
checks every record before writing any, then writes all of them in one transaction; a record
already present (the same stable id, or, in files written before records had one, the same
fields) is skipped, so importing the same file twice adds nothing.

Both stream: export writes a record a line as it reads them, import reads a regular file of at
most ``max_import_bytes`` a record at a time, so memory stays flat however long the history.
"""

from __future__ import annotations

import json
import math
import os
import re

from glutelog import errors, parsing
from glutelog.parsing import utc_text
from glutelog.rules import rule
from glutelog.stdlib import UTC, datetime, sqlite3
from glutelog.storage.database import (
    APPLICATION_ID,
    ENTRY_COLUMNS,
    FLAG_COLUMNS,
    SORENESS_COLUMNS,
    Store,
    bulk_insert,
    load_rows,
)
from glutelog.storage.migrations import SCHEMA_VERSION, new_uid

FORMAT = "glutelog-export"
FORMAT_VERSION = 1
# Each record's local number, its stable id (migration m010; null in older files), its
# values, and when it was stored.
ENTRY_FIELDS = ("id", "uid", *ENTRY_COLUMNS[1:], "logged_at")
SORENESS_FIELDS = ("id", "uid", *SORENESS_COLUMNS[1:], "logged_at")
FLAG_FIELDS = ("id", "uid", *FLAG_COLUMNS[1:], "logged_at")
# What makes two records without a stable id the same record: every value but the numbers.
ENTRY_IDENTITY = ENTRY_FIELDS[2:]
SORENESS_IDENTITY = SORENESS_FIELDS[2:]
# The exported tables, in the order they appear in the file.
TABLES = (("entries", ENTRY_FIELDS), ("soreness", SORENESS_FIELDS), ("flags", FLAG_FIELDS))
_ALLOWED = {fields: frozenset(fields) for _, fields in TABLES}
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
    # a flag's details (added after the flags' columns, for the same reason)
    "suspected",
    "place",
    # the time a distance took (migration m009), last for the same reason
    "minutes",
    # the record's stable id (migration m010), last for the same reason
    "uid",
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
            "exercises": user_exercises(store),
            **{table: list(_table(store, table, fields)) for table, fields in TABLES},
            "settings": _known_settings(store),
            "day_minutes": _day_minutes(store),
            "settings_history": _settings_history(store),
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
    from glutelog.output.render import escape_controls, row_encoder

    encode = row_encoder()
    with store.snapshot():
        # The user's exercises before the records that name them: import reads them first.
        header = (
            ("format", FORMAT),
            ("format_version", FORMAT_VERSION),
            ("schema_version", SCHEMA_VERSION),
            ("exercises", user_exercises(store)),
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
        out.write(f'  "settings": {escape_controls(encode(_known_settings(store)))},\n')
        out.write(f'  "day_minutes": {encode(_day_minutes(store))},\n')
        out.write(
            f'  "settings_history": {escape_controls(encode(_settings_history(store)))}\n}}\n'
        )


def user_exercises(store: Store) -> list:
    """The exercises of the user's own catalog (``catalog.toml`` beside the database) as its
    tables are written there: what records of the log may name and the built-in catalog lacks.
    An export carries them, so that it restores on a machine without that file."""
    from glutelog import catalog, paths

    path = paths.user_catalog(store.path)
    if not paths.existing_file(path, "a catalog file", errors.CatalogError):
        return []
    found = catalog.read_toml(path).get("exercise", [])
    return found if isinstance(found, list) else []


def _settings_history(store: Store) -> list:
    """The settings in force on past days (migration m008), so a restored log's past plans
    stay as they were."""
    return [
        {"key": key, "until_day": until, "value": value}
        for key, until, value in store.settings_history()
    ]


def _known_settings(store: Store) -> dict:
    """The settings `glutelog config` knows, as stored: what an import takes back. A key set by
    hand in the database, which no version of glutelog reads, stays behind."""
    from glutelog import settings

    return {key: value for key, value in store.settings().items() if key in settings.KEYS}


def write_csv(store: Store, out) -> None:
    """Entries, soreness scores, then flags, one CSV row each, written as they are read; every
    text cell goes through ``render.cell`` (notes exactly as stored, no formulas; escaped
    control characters only when ``out`` is a terminal)."""
    import csv

    from glutelog.output.render import cell, is_terminal

    terminal = is_terminal(out)

    # CRLF, as RFC 4180 has it: a cell holding a lone CR is then quoted too, and kept.
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    with store.snapshot():
        for (table, fields), kind in zip(TABLES, ("entry", "soreness", "flag"), strict=True):
            for row in _table(store, table, fields):
                writer.writerow({"type": kind, **{k: cell(v, terminal) for k, v in row.items()}})


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
        _fail(where, f"{key} {_text_problem(value, limit)}")


def _text_problem(value: object, limit: int) -> str:
    """What is wrong with a value that should be text, in words."""
    if not isinstance(value, str):
        return "must be text"
    if len(value) > limit:
        return f"is longer than {limit} characters"
    if "\x00" in value:
        return "holds a NUL character, which glutelog never stores"
    return "holds a character that is not text (a lone surrogate)"


def _is_int(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _check_keys(where: str, row: object, fields: tuple) -> None:
    if not isinstance(row, dict) or not _ALLOWED[fields].issuperset(row):
        _fail(where, f"must be an object with the keys {', '.join(fields)}")
    row_id = row.get("id")
    if row_id is not None and not _is_int(row_id, 1, rule("max_row_id")):
        # Every id stays one `rm` can name, and far enough from SQLite's last id that new
        # records always get one.
        _fail(where, f"id must be a whole number from 1 to {rule('max_row_id')}")
    uid = row.get("uid")
    if uid is not None and not is_uid(uid):
        _fail(where, f"uid must be a UUID such as {EXAMPLE_UID}, not {_shown(uid)}")


EXAMPLE_UID = "6f1c2a9e-4b7d-4e2a-9c1f-0d3b5e7a8c90"


def is_uid(value: object) -> bool:
    """Whether ``value`` is a stable id as glutelog writes one: a UUID in its 36-character,
    lower-case form (any version, so ids made by another tool are kept as they are).

    >>> is_uid("6f1c2a9e-4b7d-4e2a-9c1f-0d3b5e7a8c90"), is_uid("6F1C")
    (True, False)
    """
    if not isinstance(value, str) or len(value) != 36:
        return False
    if value[8] != "-" or value[13] != "-" or value[18] != "-" or value[23] != "-":
        return False
    return _HEX.issuperset(value[:8] + value[9:13] + value[14:18] + value[19:23] + value[24:])


_HEX = frozenset("0123456789abcdef")


def _check_moment(where: str, row: dict, now, at: str, day: str | None = None):
    """``at`` is a moment written as glutelog writes one (ISO 8601 with its UTC offset), that
    `done --at` would take: not before parsing.EARLIEST_YEAR, not after ``now``; ``day`` is its
    local date. Returns the moment."""
    _check_text(where, row, at, required=True, limit=40)
    text = row[at]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    # The forms compared one at a time, the usual one first: this runs twice per record.
    written = (
        moment is not None
        and moment.tzinfo is not None
        and (
            text == moment.isoformat(timespec="seconds")
            or text == moment.isoformat(timespec="microseconds")
            or text == utc_text(moment)  # how glutelog keeps the time it stored a row (m004)
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
    # Each written form starts with the date of the moment where it was written.
    if day is not None and row.get(day) != text[:10]:
        _fail(where, f"{day} must be {text[:10]}, the date of {at}")
    return moment


def _utc(moment: datetime) -> str:
    """``parsing.utc_text(moment)`` for a checked moment (year 1900 or later), without
    strftime, which costs as much as the rest of a record's checks."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:26] + "Z"


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
    key = (unit, amount)
    problem = _AMOUNTS.get(key, "")
    if problem == "":  # not seen yet: a history repeats a few doses many times
        try:
            kept = parsing.check_amount(amount, unit)
            problem = None
            if kept != amount:
                problem = f"amount {amount!r} has more decimals than glutelog keeps ({kept!r})"
        except errors.BadInput as exc:
            problem = exc.message
        if len(_AMOUNTS) > 10_000:
            _AMOUNTS.clear()
        _AMOUNTS[key] = problem
    if problem is not None:
        _fail(where, problem)


# (unit, amount) -> why `done` would refuse it, or None: the checks of amounts already seen.
_AMOUNTS: dict = {}


def _check_entry(where: str, row: object, catalog, now) -> tuple:
    """Check one set; returns its values as staged (the fields, then its UTC instant)."""
    _check_keys(where, row, ENTRY_FIELDS)
    moment = _check_moment(where, row, now, "at", "day")
    if row.get("logged_at") != row["at"]:  # the same text passed just above
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
    _check_minutes(where, row)
    return (*map(row.get, ENTRY_FIELDS), _utc(moment))


def _check_minutes(where: str, row: dict) -> None:
    """``minutes``, the time a distance took per set: null, or on a km set a time `done`
    would take (older files have no such key)."""
    minutes = row.get("minutes")
    if minutes is None:
        return
    problem = "minutes is the time a distance took: null, or a number of minutes on a km set"
    if row.get("unit") != "km" or isinstance(minutes, bool) or not isinstance(minutes, int | float):
        _fail(where, problem)
    if not math.isfinite(minutes):
        _fail(where, problem)
    try:
        parsing.check_amount(minutes, "minutes")
    except errors.BadInput as exc:
        _fail(where, f"minutes: {exc.message}")


def _check_soreness(where: str, row: object, now) -> tuple:
    _check_keys(where, row, SORENESS_FIELDS)
    moment = _check_moment(where, row, now, "at", "day")
    if row.get("logged_at") != row["at"]:
        _check_moment(where, row, now, "logged_at")
    if not _is_int(row.get("score"), 0, 10):
        _fail(where, "score must be a whole number from 0 to 10")
    if row.get("timing") not in ("morning", "after"):
        _fail(where, "timing must be morning or after")
    if row.get("side") not in (None, "left", "right"):
        _fail(where, "side must be left, right or null")
    _check_text(where, row, "note")
    return (*map(row.get, SORENESS_FIELDS), _utc(moment))


def _check_flag(where: str, row: object, catalog, now) -> tuple:
    from glutelog.planner import redflags

    _check_keys(where, row, FLAG_FIELDS)
    moment = _check_moment(where, row, now, "at", "day")
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
    # Exports written before flags had these details hold no such keys: a confirmed flag with
    # no side or place, as every flag was then.
    row.setdefault("suspected", 0)
    if row["suspected"] not in (0, 1) or isinstance(row["suspected"], float):
        _fail(where, "suspected must be 0 or 1")
    if row.get("side") not in (None, *redflags.SIDES):
        _fail(where, "side must be left, right or null")
    if row.get("place") not in (None, *redflags.PLACES):
        _fail(where, f"place must be one of {', '.join(redflags.PLACES)} or null")
    if symptom != redflags.LEG and (row.get("side") or row.get("place")):
        _fail(where, "a side and a place go with a symptom in one leg only")
    _check_text(where, row, "note")
    if (row.get("cleared_at") is None) != (row.get("cleared_day") is None):
        _fail(where, "cleared_at and cleared_day go together")
    if row.get("cleared_at") is not None:
        _check_moment(where, row, now, "cleared_at", "cleared_day")
        # Flags in force are found by comparing days as text (both are written YYYY-MM-DD).
        if row["cleared_day"] < row["day"]:
            _fail(where, "cleared_day is before the day it was raised")
    return (*map(row.get, FLAG_FIELDS), _utc(moment))


# --- the usual record, checked in one pass -------------------------------------------------------
# Checking a record with the functions above costs a dozen calls and as many datetime
# conversions: most of an import's time. A history is almost all records of one shape, as
# glutelog writes them; each is checked here in one pass over its values, with text patterns for
# its moments and a cache of the days seen. A quick check takes only a record the full checks
# take, giving the same values; any other record (an unusual form, or anything wrong) goes
# through the full checks, which say what is wrong in the same words as ever.

_CLOCK = "[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
# An offset as Python writes one (whole minutes, never -00:00, which it writes +00:00) and SQLite
# reads (at most 14 hours: every time zone there is).
_OFFSET = "(?:[+]|-(?!00:00))(?:0[0-9]|1[0-4]):[0-5][0-9]"
# `at` as glutelog writes it (2026-11-24T07:30:00+01:00), and logged_at as it stores it (m004).
_WRITTEN = re.compile(_CLOCK + _OFFSET).fullmatch
_STORED = re.compile(_CLOCK + r"\.[0-9]{6}Z").fullmatch
_UID = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
# The UTC instant of a quickly checked ``at`` (the written form above), worked out by SQLite as
# the record is staged: what ``_utc`` gives, without a datetime per record.
_UTC_OF_WRITTEN = "strftime('%Y-%m-%dT%H:%M:%S', {at}) || '.000000Z'"


class _PastDays(dict):
    """{'YYYY-MM-DD' (digits and dashes): whether a moment written on that date is one
    ``_check_moment`` takes whatever its offset}: a real date, not before EARLIEST_YEAR, and two
    days or more before ``now`` in UTC (an offset moves a moment less than a day each way, so
    every moment on it is past). Later dates go through the full checks."""

    def __init__(self, now: datetime):
        from glutelog.stdlib import timedelta

        super().__init__()
        self.last = (now.astimezone(UTC).date() - timedelta(days=2)).isoformat()

    def __missing__(self, text: str) -> bool:
        from glutelog.stdlib import date

        try:
            past = date.fromisoformat(text).year >= parsing.EARLIEST_YEAR and text <= self.last
        except ValueError:
            past = False
        if len(self) > 100_000:  # a file of odd dates: the cache stays small
            self.clear()
        self[text] = past
        return past


def _quick_entry(catalog, days: _PastDays):
    """The one-pass check of a set (see above): its staged values with the UTC instant left
    for SQLite (None), or None when the full checks must look at it."""
    assert ENTRY_FIELDS[:4] == ("id", "uid", "at", "day") and ENTRY_FIELDS[-1] == "logged_at"
    fields, allowed, amounts = ENTRY_FIELDS, _ALLOWED[ENTRY_FIELDS], _AMOUNTS
    max_id, max_sets, max_note = rule("max_row_id"), rule("max_sets_logged"), rule("max_note_chars")
    exercises = {
        slug: (frozenset((exercise["unit"], *exercise["other_units"])), exercise["per_side"])
        for slug, exercise in catalog.exercises.items()
    }
    written, stored, uid_form = _WRITTEN, _STORED, _UID

    def check(row) -> tuple | None:
        if type(row) is not dict or not allowed.issuperset(row):
            return None
        values = tuple(map(row.get, fields))
        row_id, uid, at, day, slug, sets, amount, unit, side, pain, note, minutes, logged = values
        if not (
            (row_id is None or (type(row_id) is int and 1 <= row_id <= max_id))
            and (uid is None or (type(uid) is str and uid_form(uid)))
            and type(at) is str
            and written(at)
            and day == at[:10]
            and days[day]
            and (
                logged == at
                or (
                    type(logged) is str
                    and (stored(logged) or written(logged))
                    and days[logged[:10]]
                )
            )
            and type(slug) is str
            and type(sets) is int
            and 1 <= sets <= max_sets
            and type(unit) is str
            and (pain is None or (type(pain) is int and 0 <= pain <= 10))
            and minutes is None
            and (note is None or _is_text(note, max_note))
        ):
            return None
        exercise = exercises.get(slug)
        if exercise is None or unit not in exercise[0]:
            return None
        if unit == "none":
            if amount is not None:
                return None
        elif (type(amount) is not int and type(amount) is not float) or amounts.get(
            (unit, amount), ""
        ) is not None:  # not an amount the full check took already
            return None
        per_side = exercise[1]
        if side not in ("left", "right", "both") if per_side else side is not None:
            return None
        return (*values, None)

    return check


def _quick_score(days: _PastDays):
    """``_quick_entry`` for a soreness score."""
    assert SORENESS_FIELDS[:4] == ("id", "uid", "at", "day") and SORENESS_FIELDS[-1] == "logged_at"
    fields, allowed = SORENESS_FIELDS, _ALLOWED[SORENESS_FIELDS]
    max_id, max_note = rule("max_row_id"), rule("max_note_chars")
    written, stored, uid_form = _WRITTEN, _STORED, _UID

    def check(row) -> tuple | None:
        if type(row) is not dict or not allowed.issuperset(row):
            return None
        values = tuple(map(row.get, fields))
        row_id, uid, at, day, score, timing, side, note, logged = values
        if (
            (row_id is None or (type(row_id) is int and 1 <= row_id <= max_id))
            and (uid is None or (type(uid) is str and uid_form(uid)))
            and type(at) is str
            and written(at)
            and day == at[:10]
            and days[day]
            and (
                logged == at
                or (
                    type(logged) is str
                    and (stored(logged) or written(logged))
                    and days[logged[:10]]
                )
            )
            and type(score) is int
            and 0 <= score <= 10
            and timing in ("morning", "after")
            and side in (None, "left", "right")
            and (note is None or _is_text(note, max_note))
        ):
            return (*values, None)
        return None

    return check


def _checked_records(records, quick, check, name: str):
    """The staged values of each record, checked quickly or, failing that, in full (which
    names the record, numbered from 1, in its refusal)."""
    for number, row in enumerate(records, 1):
        yield quick(row) or check(f"{name} {number}", row)


def validate(data: object, catalog, now=None):
    """Check an export before anything is written; raise BadInput naming the first bad record.

    ``data`` is the parsed document (a dict), checked whole here, or an :class:`ExportFile`,
    whose header is checked here (a file that is no export is refused before any database is
    opened) and whose records are checked by :func:`import_data` as it reads them, each one
    before any record is written. Returns ``data``, its settings in the form they are stored in.

    >>> validate(read_export("glutelog.json"), catalog)  # refused: BadInput("... entry 7: ...")
    """
    now = now or datetime.now().astimezone()
    if isinstance(data, ExportFile):
        data.catalog, data.now = catalog, now
        data.items = _Scanner(data.handle, data.path).top_level()
        data.found = {}
        try:
            for key, value in data.items:  # up to the first list of records
                if key in _LISTS:
                    data.pending = (key, value)
                    break
                _note(data.found, key, value)
            if "format" in data.found or data.pending is None:  # else the header comes later
                _check_header(data.found)
        except BaseException:
            data.close()
            raise
        return data
    if not isinstance(data, dict):
        _fail("file", "not a glutelog export (no 'format': 'glutelog-export')")
    data["settings"], _, _ = _check_all(iter(data.items()), catalog, now)
    return data


_HEADER = ("format", "format_version", "schema_version")


# Every key an export has ever had at its top level; any other is refused, as an unknown key
# of a record is: a file that holds more than glutelog wrote is not one it wrote.
_TOP_KEYS = (*_HEADER, "entries", "soreness", "flags", "settings", "day_minutes")
_TOP_KEYS += ("exercises", "settings_history")


def _note(found: dict, key: str, value) -> None:
    """Keep a top-level value the checks need; refuse a key no export has."""
    if key not in _TOP_KEYS:
        _fail("file", f"unknown top-level key {_shown(key)}: not a file glutelog exported")
    found[key] = value


def _check_all(items, catalog, now, conn=None, found=None) -> tuple:
    """Check every (key, value) of an export in file order: the header, each record as `done`,
    `sore` and `flag` would take it, the settings and time budgets. Each record that passes goes
    into temp.import_<table> on ``conn``, when given; ``found``: header values already read.
    Returns (settings in stored form, day minutes)."""
    checks = {
        "entries": lambda where, row: _check_entry(where, row, catalog, now),
        "soreness": lambda where, row: _check_soreness(where, row, now),
        "flags": lambda where, row: _check_flag(where, row, catalog, now),
    }
    names = {"entries": "entry", "soreness": "soreness", "flags": "flag"}
    days = _PastDays(now)
    quick = {
        "entries": _quick_entry(catalog, days),
        "soreness": _quick_score(days),
        "flags": lambda row: None,
    }
    found = {} if found is None else found
    for key, value in items:
        if key not in checks:
            _note(found, key, value)
            continue
        if not _is_records(value):
            _fail("file", f"{key} must be a list")
        if "format" in found:  # as every export has it: a header before the records
            _check_header(found)
        checked = _checked_records(value, quick[key], checks[key], names[key])
        if conn is None:
            for _ in checked:
                pass
        else:
            _insert_staged(conn, key, checked)
    _check_header(found)
    settings = found.get("settings", {})
    if not isinstance(settings, dict):
        _fail("file", "settings must be an object")
    day_minutes = found.get("day_minutes", {})
    checked_settings = _checked_settings(settings)
    _check_day_minutes(day_minutes)
    history = _checked_history(found.get("settings_history", []))
    return checked_settings, day_minutes, history


def _checked_history(found: object) -> list:
    """The settings in force on past days, each checked as `glutelog config` checks a value:
    [(key, until_day, stored value)]."""
    from glutelog import settings
    from glutelog.stdlib import date

    if not isinstance(found, list) or len(found) > 100_000:
        _fail("file", "settings_history must be a list of {key, until_day, value}")
    checked = []
    for number, row in enumerate(found, 1):
        where = f"settings_history {number}"
        if not isinstance(row, dict) or set(row) != {"key", "until_day", "value"}:
            _fail(where, "must be an object with the keys key, until_day, value")
        key, until, value = row["key"], row["until_day"], row["value"]
        if not _is_text(key, 100) or not _is_text(value, 2000) or not _is_text(until, 10):
            _fail(where, "key, until_day and value must be short text")
        try:
            date.fromisoformat(until)
            name = settings.key_name(key)
            checked.append((name, until, settings.parse(name, value)))
        except ValueError:
            _fail(where, "until_day must be a day like 2026-11-24")
        except errors.BadInput as exc:
            _fail(where, exc.message)
    return checked


def file_exercises(data) -> list:
    """The user's exercises an export carries (see :func:`user_exercises`), read with its
    header by :func:`validate`: a list of tables, each with a slug (checked in full as a
    catalog entry by whoever adds them)."""
    found = data.found.get("exercises", []) if isinstance(data, ExportFile) else None
    if found is None:
        found = data.get("exercises", [])
    if not isinstance(found, list) or not all(
        isinstance(raw, dict) and isinstance(raw.get("slug"), str) for raw in found
    ):
        _fail("file", "exercises must be a list of catalog entries, each with a slug")
    return found


def _is_records(value) -> bool:
    """A list of records: parsed whole, or being read from the file (a generator)."""
    import types

    return isinstance(value, (list, types.GeneratorType))


def _check_header(found: dict) -> None:
    if found.get("format") != FORMAT:
        _fail("file", "not a glutelog export (no 'format': 'glutelog-export')")
    if not _is_int(found.get("format_version"), FORMAT_VERSION, FORMAT_VERSION):
        _fail("file", f"format_version must be {FORMAT_VERSION}, the one this glutelog reads")
    if not _is_int(found.get("schema_version"), 1, SCHEMA_VERSION):
        _fail("file", f"schema_version must be 1 to {SCHEMA_VERSION}")


def _check_day_minutes(found: object) -> None:
    """Time budgets as `plan --minutes` takes them: a calendar day and 1 to the limit."""
    from glutelog.stdlib import date

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


# --- writing what was checked -------------------------------------------------------------------
# Checked records wait in temporary tables, numbered in file order (SQLite keeps temporary
# tables in a file: memory stays flat). One write transaction then merges them into the
# database with a few statements over whole tables instead of several per record, and the
# per-record insert triggers are replaced by one refresh of what they keep
# (``storage.bulk_insert``): most of the cost of a bulk load.

# Flags are the same flag when raised alike, whether or not and whenever cleared.
FLAG_IDENTITY = ("at", "day", "symptom", "exercise", "note", "logged_at")


def _create_staged(conn: sqlite3.Connection) -> None:
    """temp.import_<table> for each exported table: its fields, then ``utc`` (the UTC
    instant, worked out from ``at`` and never taken from the file, see migration m004)."""
    for table, fields in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS temp.import_{table}")
        conn.execute(
            f"CREATE TEMP TABLE import_{table} (n INTEGER PRIMARY KEY, {', '.join(fields)}, utc TEXT)"
        )


def _insert_staged(conn: sqlite3.Connection, table: str, rows) -> None:
    """Stage ``rows`` (a record's fields, then its UTC instant, or None for SQLite to work out
    from a quickly checked ``at``, see ``_UTC_OF_WRITTEN``)."""
    fields = dict(TABLES)[table]
    marks = ", ".join(f"?{number}" for number in range(1, len(fields) + 1))
    utc = _UTC_OF_WRITTEN.format(at=f"?{fields.index('at') + 1}")
    conn.executemany(
        f"INSERT INTO temp.import_{table} ({', '.join(fields)}, utc) "
        f"VALUES ({marks}, coalesce(?{len(fields) + 1}, {utc}))",
        rows,
    )


def _stage(conn: sqlite3.Connection, data) -> tuple:
    """Copy the records of ``data`` into temp.import_<table>, checking each one read from an
    export file; returns (settings, day minutes)."""
    _create_staged(conn)
    if isinstance(data, ExportFile):
        items = data.items
        if data.pending is not None:
            import itertools

            items = itertools.chain([data.pending], items)
        try:
            found = _check_all(items, data.catalog, data.now, conn, data.found)
        finally:
            data.close()
        _join_split_runs(conn, data.found.get("schema_version"))
        return found
    for table, fields in TABLES:
        rows = ((*map(row.get, fields), utc_text(row["at"])) for row in data.get(table, []))
        _insert_staged(conn, table, rows)
    _join_split_runs(conn, data.get("schema_version"))
    history = _checked_history(data.get("settings_history", []))
    return data.get("settings", {}), data.get("day_minutes", {}), history


def _join_split_runs(conn: sqlite3.Connection, version) -> None:
    """A file written before distances kept their time holds a run typed with both as two
    records, one after the other: they are imported as one entry, as the migration joins them
    in a database. A file of this schema or later is imported as it is: two such records in
    it were logged apart on purpose."""
    from glutelog.storage.migrations import RUN_MINUTES_SCHEMA, joined_runs

    if not isinstance(version, int) or version >= RUN_MINUTES_SCHEMA:
        return
    for km, time, minutes in joined_runs(conn, "temp.import_entries", "n"):
        conn.execute("UPDATE temp.import_entries SET minutes = ? WHERE n = ?", (minutes, km))
        conn.execute("DELETE FROM temp.import_entries WHERE n = ?", (time,))


def _merge(conn: sqlite3.Connection, table: str, fields: tuple, identity: tuple) -> tuple:
    """Add the staged rows of ``table`` not already stored, numbered here; (added, skipped).

    A record is already stored when a stored one has its stable id (``uid``), or, as before
    records had one (older files), the same ``identity`` fields; of several records alike in
    the file, the first is taken. A record without a stable id gets a new one."""
    stage = f"temp.import_{table}"
    staged = conn.execute(f"SELECT count(*) FROM {stage}").fetchone()[0]
    if not staged:
        return 0, 0
    # By stable id: one index look-up each.
    conn.execute(
        f"DELETE FROM {stage} WHERE uid IS NOT NULL AND uid IN (SELECT uid FROM main.{table})"
    )
    conn.execute(
        f"DELETE FROM {stage} WHERE uid IS NOT NULL AND n NOT IN "
        f"(SELECT min(n) FROM {stage} WHERE uid IS NOT NULL GROUP BY uid)"
    )
    columns = ", ".join(identity)
    # The stored rows on the file's days, indexed by identity: each look-up is one index
    # search however many records share a day (linear in the file, as a test holds).
    conn.execute("DROP TABLE IF EXISTS temp.import_seen")
    conn.execute(
        f"CREATE TEMP TABLE import_seen AS SELECT {columns} FROM main.{table} "
        f"WHERE day IN (SELECT DISTINCT day FROM {stage})"
    )
    conn.execute(f"CREATE INDEX temp.import_seen_identity ON import_seen ({columns})")
    alike = " AND ".join(f"seen.{f} IS staged.{f}" for f in identity)
    conn.execute(
        f"DELETE FROM {stage} AS staged WHERE EXISTS "
        f"(SELECT 1 FROM temp.import_seen AS seen WHERE {alike})"
    )
    conn.execute(
        f"DELETE FROM {stage} WHERE n NOT IN (SELECT min(n) FROM {stage} GROUP BY {columns})"
    )
    conn.execute("DROP TABLE temp.import_seen")
    conn.execute(f"UPDATE {stage} SET uid = glutelog_new_uid() WHERE uid IS NULL")
    content = ", ".join(f for f in fields if f != "id")
    added = conn.execute(f"SELECT count(*) FROM {stage}").fetchone()[0]
    # Local numbers are never taken from a file: SQLite gives each record the next one, in the
    # file's order (a fresh database restored from its export numbers them as before, when none
    # was removed). A number this database used and gave up is never given again.
    sql = f"INSERT INTO main.{table} ({content}, utc) SELECT {content}, utc FROM {stage} ORDER BY n"
    load_rows(conn, table, added, lambda: conn.execute(sql))
    return added, staged - added


def _merge_flags(conn: sqlite3.Connection) -> tuple:
    """``_merge`` for flags, and a flag already here takes the clearing the file has and this
    database lacks (counted as added)."""
    identity = ", ".join(FLAG_IDENTITY)
    conn.execute(f"CREATE INDEX temp.import_flags_identity ON import_flags ({identity}, n)")
    conn.execute("CREATE INDEX temp.import_flags_uid ON import_flags (uid, n)")
    # A flag twice in the file, raised and later cleared, is one flag, cleared: the same
    # stable id, or (older files) raised alike.
    same = _same_flag("later", "import_flags")
    conn.execute(
        "UPDATE temp.import_flags SET (cleared_at, cleared_day) = (SELECT cleared_at, "
        f"cleared_day FROM temp.import_flags AS later WHERE {same} AND later.cleared_at IS NOT "
        "NULL ORDER BY n LIMIT 1) WHERE cleared_at IS NULL AND EXISTS (SELECT 1 FROM "
        f"temp.import_flags AS later WHERE {same} AND later.cleared_at IS NOT NULL)"
    )
    alike = _same_flag("flags", "staged")
    cleared = conn.execute(
        "UPDATE main.flags SET (cleared_at, cleared_day) = (SELECT cleared_at, cleared_day "
        f"FROM temp.import_flags AS staged WHERE {alike} AND staged.cleared_at IS NOT NULL "
        "ORDER BY n LIMIT 1) WHERE cleared_at IS NULL AND EXISTS (SELECT 1 FROM "
        f"temp.import_flags AS staged WHERE {alike} AND staged.cleared_at IS NOT NULL)"
    ).rowcount
    added, skipped = _merge(conn, "flags", FLAG_FIELDS, FLAG_IDENTITY)
    return added + cleared, skipped - cleared


def _same_flag(one: str, other: str) -> str:
    """SQL: flag ``one`` is flag ``other``: the same stable id, or raised alike."""
    alike = " AND ".join(f"{one}.{f} IS {other}.{f}" for f in FLAG_IDENTITY)
    # coalesce: a record without an id (an older file) compares as "not the same id", never
    # as unknown, which NOT (...) would turn into a match
    return f"(coalesce({one}.uid = {other}.uid, 0) OR ({alike}))"


def _one_morning_a_day(conn: sqlite3.Connection) -> None:
    """Refuse the import when it would give a day (and side) a second morning score, as `sore`
    refuses one: two mornings make the day read as the worse of them (a flare from a typo).
    A staged score identical to one stored, or to an earlier one of the file, is the same
    record and is skipped later, not refused.

    >>> _one_morning_a_day(conn)  # doctest: +SKIP
    BadInput: import refused, nothing written: 2026-11-24 would have a second morning score ...
    """
    stage = "temp.import_soreness"
    conn.execute("CREATE INDEX temp.import_soreness_mornings ON import_soreness (day, timing)")
    alike = " AND ".join(f"other.{f} IS staged.{f}" for f in SORENESS_IDENTITY)
    same = f"coalesce(other.uid = staged.uid, 0) OR ({alike})"  # see _same_flag
    found = conn.execute(
        f"SELECT staged.day, staged.side FROM {stage} AS staged WHERE staged.timing = 'morning' "
        f"AND (EXISTS (SELECT 1 FROM main.soreness AS other WHERE other.day = staged.day "
        f"AND other.timing = 'morning' AND other.side IS staged.side AND NOT ({same})) "
        f"OR EXISTS (SELECT 1 FROM {stage} AS other WHERE other.day = staged.day "
        f"AND other.timing = 'morning' AND other.side IS staged.side AND other.n != staged.n "
        f"AND NOT ({same}))) ORDER BY staged.day LIMIT 1"
    ).fetchone()
    if found is not None:
        day, side = found
        whose = f" for the {side} side" if side else ""
        _fail(
            _shown(day),
            f"the day would have a second morning score{whose}; a day has one (remove one "
            "from the file, or from this database with `glutelog rm`)",
        )


def import_data(store: Store, data) -> dict:
    """Write a checked export (see :func:`validate`) in one transaction; returns (added,
    skipped) per table. A record already present (its stable id, or the same fields, see
    ``_merge``) is skipped, so importing the same file twice adds nothing.

    >>> import_data(store, validate(read_export("glutelog.json"), catalog))
    {'entries': (292000, 0), 'soreness': (14600, 0), 'flags': (0, 0)}
    """
    if isinstance(data, ExportFile) and data.items is None:
        raise RuntimeError("an export file is checked (validate) before it is imported")
    conn = store.conn
    conn.create_function("glutelog_new_uid", 0, new_uid, deterministic=False)
    try:
        # Checked and staged outside the write transaction: other glutelogs can still log
        # while the file is read. Only the temp database is written until every record passed.
        try:
            conn.execute("BEGIN")
            settings, day_minutes, history = _stage(conn, data)
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise errors.DiskError(
                    f"could not stage the import in a temporary table: {exc}"
                ) from exc
            raise

        def write(conn):
            entries = soreness = (0, 0)
            _one_morning_a_day(conn)

            def insert():
                nonlocal entries, soreness
                entries = _merge(conn, "entries", ENTRY_FIELDS, ENTRY_IDENTITY)
                soreness = _merge(conn, "soreness", SORENESS_FIELDS, SORENESS_IDENTITY)

            bulk_insert(
                conn,
                insert,
                "SELECT day FROM temp.import_entries",
                "SELECT day FROM temp.import_soreness",
            )
            flags = _merge_flags(conn)
            conn.executemany(
                "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", settings.items()
            )
            conn.executemany(
                "INSERT OR IGNORE INTO day_minutes (day, minutes, set_at) VALUES (?, ?, ?)",
                ((day, minutes, day) for day, minutes in day_minutes.items()),
            )
            # The settings of past days this database does not know yet; a day it knows keeps
            # what it has, as a setting already here does.
            conn.executemany(
                "INSERT OR IGNORE INTO settings_history (key, until_day, value) VALUES (?, ?, ?)",
                history,
            )
            return {"entries": entries, "soreness": soreness, "flags": flags}

        return store.write(write)
    finally:
        for table, _ in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS temp.import_{table}")


def read_export(path: str) -> ExportFile:
    """Open the export file at ``path`` for import: a regular file (not a device such as
    /dev/zero, a pipe or a folder: those could be endless) of at most ``max_import_bytes``.
    Nothing is parsed yet: :func:`validate` reads it a record at a time.

    >>> read_export("/dev/zero")  # BadInput: /dev/zero is not a regular file ...
    """
    import stat

    limit = rule("max_import_bytes")
    try:
        # O_NONBLOCK: opening a FIFO for reading must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise errors.BadInput(f"no such file: {path}") from None
    except OSError as exc:
        raise errors.BadInput(f"cannot read {path}: {exc.strerror}") from None
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            kind = "a folder" if stat.S_ISDIR(status.st_mode) else "a device or pipe"
            raise errors.BadInput(
                f"{path} is {kind}, not a regular file: import reads a file glutelog exported"
            )
        if status.st_size > limit:
            raise errors.BadInput(
                f"{path} is {status.st_size:,} bytes, more than the {limit:,} an import reads "
                "(max_import_bytes): nothing written"
            )
        # utf-8-sig: a byte-order mark that an editor added is read past, not an error.
        handle = open(fd, encoding="utf-8-sig", closefd=True)  # noqa: SIM115 (kept for validate)
    except BaseException:
        os.close(fd)
        raise
    return ExportFile(path, handle)


# --- reading an export file ---------------------------------------------------------------------
# An export is one JSON document, but import never holds it whole: the top-level object is read
# key by key, and the lists of records a record at a time, each record parsed by the C decoder
# (json.JSONDecoder.raw_decode) from a buffer refilled from the file. Any layout parses, the
# record-a-line one this version writes as well as the indented one older versions wrote;
# memory holds one buffer and one record, however long the file.

_CHUNK = 1 << 16
_LISTS = ("entries", "soreness", "flags")


class ExportFile:
    """An export file opened for import (see :func:`read_export`): a regular file within
    ``max_import_bytes``, read once, a record at a time: :func:`validate` reads and checks its
    header, :func:`import_data` the rest.

    >>> source = validate(read_export("glutelog.json"), catalog)
    >>> source.found
    {'format': 'glutelog-export', 'format_version': 1, 'schema_version': 5}
    """

    def __init__(self, path: str, handle):
        self.path = path
        self.handle = handle
        self.catalog = None
        self.now = None
        self.items = None  # the top-level (key, value) pairs still to read
        self.found: dict = {}  # header values read so far
        self.pending: tuple | None = None  # the first list of records, read but not checked

    def close(self) -> None:
        self.handle.close()


class _Scanner:
    """The parts of one JSON document, read from a text file as they are needed."""

    def __init__(self, handle, path: str):
        from json.decoder import WHITESPACE

        self.handle = handle
        self.path = path
        self.buffer = ""
        self.pos = 0
        self.eof = False
        self.lines = 0  # line breaks in the text already dropped from the buffer
        self.read_chars = 0
        self.decode = json.JSONDecoder().raw_decode
        self.space = WHITESPACE.match

    def _more(self) -> None:
        """Drop what was parsed and read more: at least as much as is left unparsed, so a long
        value is parsed again only a few times (reading stays linear in the file)."""
        done = self.buffer[: self.pos]
        self.lines += done.count("\n")
        rest = self.buffer[self.pos :]
        limit = rule("max_import_bytes")
        if len(rest) > _MAX_VALUE_CHARS:
            self._invalid(len(rest))
        chunk = self.handle.read(max(_CHUNK, len(rest)))
        self.read_chars += len(chunk)
        if self.read_chars > limit:  # the file grew after it was checked
            raise errors.BadInput(
                f"{self.path} is larger than {limit:,} bytes, the most an import reads "
                "(max_import_bytes): nothing written"
            )
        self.eof = not chunk
        self.buffer, self.pos = rest + chunk, 0

    def _invalid(self, at: int, reason: str = "") -> None:
        line = self.lines + self.buffer.count("\n", 0, min(at, len(self.buffer))) + 1
        raise errors.BadInput(
            f"{self.path} is not valid JSON (line {line}){reason}: nothing written"
        )

    def peek(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            self.pos = self.space(self.buffer, self.pos).end()
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos : self.pos + 1]
            self._more()

    def take(self, expected: str) -> None:
        if self.peek() != expected:
            self._invalid(self.pos)
        self.pos += 1

    def value(self):
        self.peek()
        while True:
            try:
                value, end = self.decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                if self.eof:
                    self._invalid(exc.pos)
                self._more()
                continue
            except RecursionError:
                raise errors.BadInput(
                    f"{self.path} is nested too deeply to be a glutelog export: nothing written"
                ) from None
            except ValueError:
                # Python refuses to read numbers of thousands of digits; no export holds one.
                raise errors.BadInput(
                    f"{self.path} holds a number too long to be one glutelog wrote: nothing written"
                ) from None
            if end == len(self.buffer) and not self.eof:  # a number may go on in the next read
                self._more()
                continue
            self.pos = end
            return value

    def records(self):
        """The values of a JSON array, one at a time."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        decode, space = self.decode, self.space
        while True:
            # The usual case inline (a whole record in the buffer, then its comma); anything
            # else goes the way of value() and peek(), which read more and say what is wrong.
            buffer = self.buffer
            start = space(buffer, self.pos).end()
            try:
                value, end = decode(buffer, start)
            except (ValueError, RecursionError):  # value() says what is wrong
                end = len(buffer)
            if end < len(buffer):
                self.pos = end
            else:
                self.pos = start
                value = self.value()
            yield value
            following = self.buffer[self.pos : self.pos + 1]
            if following not in (",", "]"):
                following = self.peek()
            self.pos += 1
            if following == "]":
                return
            if following != ",":
                self._invalid(self.pos - 1)

    def top_level(self):
        if self.peek() != "{":
            _fail("file", "not a glutelog export (no 'format': 'glutelog-export')")
        self.pos += 1
        seen = set()
        if self.peek() == "}":
            self.pos += 1
        else:
            while True:
                if self.peek() != '"':
                    self._invalid(self.pos)
                key = self.value()
                if key in seen:
                    _fail("file", f"{_shown(key)} appears twice")
                seen.add(key)
                self.take(":")
                if key in _LISTS and self.peek() == "[":
                    records = self.records()
                    yield key, records
                    for _ in records:  # whatever the reader left
                        pass
                else:
                    yield key, self.value()
                following = self.peek()
                self.pos += 1
                if following == "}":
                    break
                if following != ",":
                    self._invalid(self.pos - 1)
        if self.peek() != "":
            self._invalid(self.pos, " (text after the end)")


# The longest single value (a record, the settings, the day minutes) import reads: far above
# anything glutelog writes (a record with the longest note is about 12,000 characters).
_MAX_VALUE_CHARS = 4 * 2**20


# --- backup and check --------------------------------------------------------------------------


def backup_to(store: Store, target: str, numbered: bool = False) -> tuple[dict, str]:
    """A consistent copy of the live database made with SQLite's backup API, verified, and
    only then given its name: (counts, the name given).

    The copy is made under a temporary name beside ``target``; a failure, Ctrl-C, SIGTERM or
    SIGHUP on the way removes it, so a file under the backup's name is always a whole, verified
    copy. ``target`` must not exist; with ``numbered`` a taken name becomes ``name-2.db`` (two
    backups in one second)."""
    from glutelog import paths
    from glutelog.storage.files import claim, stops_interrupt

    paths.check_name(target, "backup")
    if not numbered and os.path.lexists(target):
        raise errors.BadInput(f"{target} already exists; choose another name")
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise errors.BadInput(f"no such folder: {folder}")
    if not os.access(folder, os.W_OK):
        raise errors.ReadOnly(f"cannot write the backup: the folder {folder} is read-only")
    tmp = f"{target}.{os.getpid()}.tmp"
    with stops_interrupt():
        try:
            counts = _copy(store, tmp)
            return counts, claim(tmp, target, numbered)
        except BaseException as exc:
            _remove(tmp)
            if isinstance(exc, sqlite3.Error):
                text = str(exc).lower()
                if "readonly" in text or "read-only" in text or "unable to open" in text:
                    raise errors.ReadOnly(f"cannot write the backup {target}: {exc}") from exc
                raise errors.DiskError(f"backup to {target} failed: {exc}") from exc
            if isinstance(exc, OSError):
                raise errors.DiskError(f"backup to {target} failed: {exc.strerror}") from exc
            raise


def _copy(store: Store, path: str) -> dict:
    """Copy the database to ``path`` and verify the copy; its counts. The copy is closed (no
    journal beside it) and on disk when this returns."""
    from glutelog.storage.opening import connect_path

    copy = connect_path(path, "rwc")
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
    # Counts are not compared with the live database: other glutelogs may write meanwhile.
    if result != "ok" or app_id != APPLICATION_ID:
        raise errors.DiskError("the backup did not verify; it was removed")
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    return counts


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(path + suffix)
        except OSError:
            pass


def _pragma_rows(conn: sqlite3.Connection, pragma: str) -> list:
    """What ``PRAGMA integrity_check`` or ``quick_check`` says ("ok", or one problem a row); on
    damaged pages SQLite may raise instead, which is a problem too."""
    try:
        return [row[0] for row in conn.execute(f"PRAGMA {pragma}").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]


def check(store: Store) -> dict:
    """Run SQLite's integrity check; return the result with schema version and counts.

    ``PRAGMA integrity_check`` does all its work on one core, and a third of it (at 20 years)
    is the CHECK constraints, which a read-only connection skips. So its two halves run at
    once, each on a connection of its own: a read-only connection's integrity_check (every
    page, each index against its table, NOT NULL) and a second connection's quick_check
    (every page, NOT NULL and CHECK constraints); together they check what integrity_check
    checks, in two-thirds of the time. Meanwhile this connection counts the rows and compares
    the tables with the schema the migrations make.

    >>> check(store)["integrity"]
    'ok'
    """
    import threading

    from glutelog.storage.opening import connect_path

    if not store.writable or store.full:
        # Read as it must be (a private copy, or without the -shm file it cannot make): the
        # whole check on this connection, and no second one that could leave files beside it.
        problems = _pragma_rows(store.conn, "integrity_check")
        return _checked(store, problems)
    found: dict = {}

    def run(name: str, mode: str, pragma: str) -> None:
        try:
            conn = connect_path(store.path, mode)
            try:
                found[name] = [row[0] for row in conn.execute(f"PRAGMA {pragma}")]
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:  # cannot open, busy: not a problem of the file
            found[name] = exc
        except sqlite3.DatabaseError as exc:
            found[name] = [str(exc)]

    workers = [
        threading.Thread(target=run, args=("indexes", "ro", "integrity_check"), daemon=True),
        threading.Thread(target=run, args=("constraints", "rw", "quick_check"), daemon=True),
    ]
    for worker in workers:
        worker.start()
    result = _checked(store, ["ok"])
    for worker in workers:
        worker.join()
    if any(isinstance(found[name], sqlite3.Error) for name in found):
        # No second connection (a folder that cannot hold its -shm file): the whole check here.
        problems = _pragma_rows(store.conn, "integrity_check")
    else:
        problems = [p for p in found["constraints"] if p != "ok"]
        problems += [p for p in found["indexes"] if p != "ok" and p not in problems]
    if problems and problems != ["ok"]:
        schema = result["integrity"] if result["integrity"] != "ok" else []
        result["integrity"] = problems + [p for p in schema if p not in problems]
    return result


def _checked(store: Store, problems: list) -> dict:
    from glutelog.storage.migrations import schema_problems

    version = store.read("PRAGMA user_version")[0][0]
    schema = schema_problems(store.conn, version)
    if schema:
        problems = [p for p in problems if p != "ok"] + schema
    return {
        "path": store.path,
        "integrity": "ok" if problems == ["ok"] else problems,
        "schema_version": store.read("PRAGMA user_version")[0][0],
        **store.counts(),
    }
