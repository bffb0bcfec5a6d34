"""Databases as each released glutelog wrote them, one builder per schema version.

A builder writes a database at ``path`` exactly as that release left it (frozen DDL, the
``_sqlite_migrations`` record, ``application_id`` and ``user_version``) with rows that exercise
every column, and returns nothing: tests read the rows back before opening it with the current
glutelog and compare. When a release bumps ``SCHEMA_VERSION``, add a ``build_vN`` here and
register it in ``BUILDERS``; never edit an existing builder.
"""

from __future__ import annotations

import sqlite3

APPLICATION_ID = 0x676C7574  # "glut", frozen here on purpose: the file format, not the code

# glutelog 0.1.0, migration m001_initial, frozen as released.
V1_DDL = [
    """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,  -- ids are never reused, so undo/rm stay unambiguous
            at TEXT NOT NULL,              -- when it was done: ISO 8601 with the local UTC offset
            day TEXT NOT NULL,             -- the local calendar day it counts for, YYYY-MM-DD
            exercise TEXT NOT NULL,        -- catalog slug
            sets INTEGER NOT NULL CHECK (sets >= 1),
            amount NUMERIC CHECK (amount IS NULL OR amount > 0),  -- per set, in unit
            unit TEXT NOT NULL,            -- reps, seconds, minutes, lengths, km or none
            side TEXT CHECK (side IN ('left', 'right', 'both')),  -- NULL: not a per-side exercise
            pain INTEGER CHECK (pain BETWEEN 0 AND 10),
            note TEXT,
            logged_at TEXT NOT NULL        -- when glutelog stored it
        )
        """,
    "CREATE INDEX entries_by_day ON entries (day, exercise)",
    "CREATE INDEX entries_by_exercise ON entries (exercise, day)",
    """
        CREATE TABLE soreness (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            day TEXT NOT NULL,
            score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
            timing TEXT NOT NULL CHECK (timing IN ('morning', 'after')),
            side TEXT CHECK (side IN ('left', 'right')),
            note TEXT,
            logged_at TEXT NOT NULL
        )
        """,
    "CREATE INDEX soreness_by_day ON soreness (day)",
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
]

V1_ENTRIES = [
    # at, day, exercise, sets, amount, unit, side, pain, note, logged_at
    ("2026-11-02T07:14:00+01:00", "2026-11-02", "glute-bridge", 2, 12, "reps", None, None, None, "2026-11-02T07:15:00+01:00"),
    ("2026-11-02T07:20:00+01:00", "2026-11-02", "pigeon", 2, 30, "seconds", "left", 2, "tight", "2026-11-02T07:21:00+01:00"),
    ("2026-11-03T18:00:00+01:00", "2026-11-03", "run", 1, 8.5, "km", None, None, "easy 🏃 ünïcode", "2026-11-03T19:00:00+01:00"),
    ("2026-11-04T06:00:00-05:00", "2026-11-04", "rest", 1, None, "none", None, None, "", "2026-11-04T06:00:00-05:00"),
    ("2026-11-05T07:00:00+00:00", "2026-11-05", "clamshell", 3, 15, "reps", "both", 0, "a\nb\x1b[2J", "2026-11-05T07:01:00+00:00"),
    ("2026-11-05T07:05:00+00:00", "2026-11-05", "ice", 1, 12.25, "minutes", None, 10, "x" * 2000, "2026-11-05T07:06:00+00:00"),
]  # fmt: skip
V1_SORENESS = [
    # at, day, score, timing, side, note, logged_at
    ("2026-11-02T06:30:00+01:00", "2026-11-02", 3, "morning", None, None, "2026-11-02T06:31:00+01:00"),
    ("2026-11-02T08:00:00+01:00", "2026-11-02", 5, "after", "left", "after bridges", "2026-11-02T08:01:00+01:00"),
    ("2026-11-03T06:30:00+01:00", "2026-11-03", 0, "morning", "right", None, "2026-11-03T06:31:00+01:00"),
    ("2026-11-04T06:30:00+01:00", "2026-11-04", 10, "morning", None, "flare", "2026-11-04T06:31:00+01:00"),
]  # fmt: skip
V1_SETTINGS = [("schedule", "alternate")]


def _v1_initial(db) -> None:
    for sql in V1_DDL:
        db.execute(sql)


def build_v1(path: str) -> None:
    """A database written by glutelog 0.1.0 (schema version 1), closed cleanly, in WAL mode."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO entries (at, day, exercise, sets, amount, unit, side, pain, note, logged_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V1_ENTRIES,
        )
        conn.executemany(
            "INSERT INTO soreness (at, day, score, timing, side, note, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            V1_SORENESS,
        )
        conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", V1_SETTINGS)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m002_day_status, frozen as released.
V2_DDL = [
    """
        CREATE TABLE day_status (
            day TEXT PRIMARY KEY,
            planned INTEGER NOT NULL,
            done INTEGER NOT NULL,
            day_type TEXT NOT NULL,
            plan_key TEXT NOT NULL         -- glutelog version, schedule and catalog it was planned with
        )
        """,
    *(
        sql
        for table in ("entries", "soreness")
        for sql in (
            f"CREATE TRIGGER {table}_insert_clears_day_status AFTER INSERT ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= NEW.day; END",
            f"CREATE TRIGGER {table}_delete_clears_day_status AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= OLD.day; END",
            f"CREATE TRIGGER {table}_update_clears_day_status AFTER UPDATE ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= min(OLD.day, NEW.day); END",
        )
    ),
]
V2_DAY_STATUS = [
    # day, planned, done, day_type, plan_key
    ("2026-11-02", 7, 2, "strength", "0.1.0|alternate|('0.1.0', ('catalog.toml', 1, 2), None)"),
    ("2026-11-03", 4, 0, "recovery", "0.1.0|alternate|('0.1.0', ('catalog.toml', 1, 2), None)"),
]


def _v2_day_status(db) -> None:
    for sql in V2_DDL:
        db.execute(sql)


def build_v2(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 2: v1 plus the day-status cache."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v1(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO day_status (day, planned, done, day_type, plan_key) VALUES (?, ?, ?, ?, ?)",
            V2_DAY_STATUS,
        )
        conn.execute("PRAGMA user_version = 2")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m003_kept_plans_and_totals, frozen as released.
V3_DDL = [
    """
        CREATE TABLE plan_basis (
            day TEXT PRIMARY KEY,
            plan_key TEXT NOT NULL,        -- glutelog version, Python version and catalog
            basis BLOB NOT NULL            -- marshal of planner.plan_basis()
        )
        """,
    *(
        sql
        for table, op in (("entries", ">"), ("soreness", ">="))
        for sql in (
            f"CREATE TRIGGER {table}_insert_clears_plan_basis AFTER INSERT ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} NEW.day; END",
            f"CREATE TRIGGER {table}_delete_clears_plan_basis AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} OLD.day; END",
            f"CREATE TRIGGER {table}_update_clears_plan_basis AFTER UPDATE ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} min(OLD.day, NEW.day); END",
        )
    ),
    """
        CREATE TABLE month_totals (
            month TEXT NOT NULL,           -- YYYY-MM
            exercise TEXT NOT NULL,
            unit TEXT NOT NULL,
            side TEXT NOT NULL,
            sets INTEGER NOT NULL,
            amount REAL NOT NULL,
            entries INTEGER NOT NULL,
            PRIMARY KEY (month, exercise, unit, side)
        ) WITHOUT ROWID
        """,
    "INSERT INTO month_totals SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), "
    "sum(sets), sum(sets * coalesce(amount, 0)), count(*) FROM entries GROUP BY 1, 2, 3, 4",
]
_V3_ADD = (
    "INSERT INTO month_totals VALUES (substr(NEW.day, 1, 7), NEW.exercise, NEW.unit, "
    "coalesce(NEW.side, ''), NEW.sets, NEW.sets * coalesce(NEW.amount, 0), 1) "
    "ON CONFLICT DO UPDATE SET sets = sets + excluded.sets, "
    "amount = amount + excluded.amount, entries = entries + 1;"
)
_V3_WHERE = (
    "WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit "
    "AND side = coalesce(OLD.side, '')"
)
_V3_REMOVE = (
    "UPDATE month_totals SET sets = sets - OLD.sets, "
    f"amount = amount - OLD.sets * coalesce(OLD.amount, 0), entries = entries - 1 {_V3_WHERE}; "
    f"DELETE FROM month_totals {_V3_WHERE} AND entries <= 0;"
)
V3_DDL += [
    f"CREATE TRIGGER entries_insert_month_totals AFTER INSERT ON entries BEGIN {_V3_ADD} END",
    f"CREATE TRIGGER entries_delete_month_totals AFTER DELETE ON entries BEGIN {_V3_REMOVE} END",
    f"CREATE TRIGGER entries_update_month_totals AFTER UPDATE ON entries BEGIN {_V3_REMOVE} {_V3_ADD} END",
]
V3_PLAN_BASIS = [
    # day, plan_key, basis (a kept plan basis is only a cache: any bytes will do here)
    ("2026-11-06", "py3.11|('0.1.0', ('catalog.toml', 1, 2), None)", b"\x00"),
]


def _v3_kept_plans_and_totals(db) -> None:
    for sql in V3_DDL:
        db.execute(sql)


def build_v3(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 3: v2 plus the kept plan bases
    and the month totals."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v2(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO plan_basis (day, plan_key, basis) VALUES (?, ?, ?)", V3_PLAN_BASIS
        )
        conn.execute("PRAGMA user_version = 3")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m004_flags_and_time_budgets, frozen as released.
V4_DDL = [
    """
        CREATE TABLE flags (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,              -- when it was noticed: ISO 8601 with the local UTC offset
            day TEXT NOT NULL,             -- the local calendar day it was raised, YYYY-MM-DD
            symptom TEXT NOT NULL CHECK (symptom <> ''),  -- a slug of redflags.SYMPTOMS
            exercise TEXT CHECK (exercise IS NULL OR exercise <> ''),  -- catalog slug, tingling only
            note TEXT,
            cleared_at TEXT,               -- when the user said it was assessed (flag --clear)
            cleared_day TEXT,
            logged_at TEXT NOT NULL,       -- when glutelog stored it
            CHECK ((cleared_at IS NULL) = (cleared_day IS NULL)),
            CHECK (cleared_day IS NULL OR cleared_day >= day)
        )
        """,
    "CREATE INDEX flags_by_day ON flags (day)",
    *(
        sql
        for cache in ("plan_basis", "day_status")
        for sql in (
            f"CREATE TRIGGER flags_insert_clears_{cache} AFTER INSERT ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= NEW.day; END",
            f"CREATE TRIGGER flags_delete_clears_{cache} AFTER DELETE ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= OLD.day; END",
            f"CREATE TRIGGER flags_update_clears_{cache} AFTER UPDATE ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= min(OLD.day, NEW.day); END",
        )
    ),
    """
        CREATE TABLE day_minutes (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
            set_at TEXT NOT NULL           -- when it was chosen
        )
        """,
    *(
        f"CREATE TRIGGER day_minutes_{event.lower()}_clears_day_status AFTER {event} ON "
        f"day_minutes BEGIN DELETE FROM day_status WHERE day = {row}.day; END"
        for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW"))
    ),
    *(f"ALTER TABLE {table} ADD COLUMN utc TEXT" for table in ("entries", "soreness", "flags")),
    *(f"UPDATE {table} SET utc = v4_utc(at)" for table in ("entries", "soreness", "flags")),
    *(
        f"CREATE INDEX {table}_by_logged_at ON {table} (logged_at, id)"
        for table in ("entries", "soreness")
    ),
]
V4_FLAGS = [
    # at, day, symptom, exercise, note, cleared_at, cleared_day, logged_at, utc
    ("2026-11-05T07:10:00+00:00", "2026-11-05", "tingling", "pigeon", "left foot", None, None, "2026-11-05T07:11:00+00:00", "2026-11-05T07:10:00.000000Z"),
    ("2026-11-04T21:00:00-05:00", "2026-11-04", "night-pain", None, None, "2026-11-06T09:00:00-05:00", "2026-11-06", "2026-11-04T21:01:00-05:00", "2026-11-05T02:00:00.000000Z"),
]  # fmt: skip
V4_DAY_MINUTES = [("2026-11-05", 10, "2026-11-05T06:59:00+00:00")]
V4_ENTRY = (
    # at, day, exercise, sets, amount, unit, side, pain, note, logged_at, utc: stored by 0.1.0 at v4
    "2026-11-06T07:00:00+01:00", "2026-11-06", "run", 1, 42, "minutes", None, None, None,
    "2026-11-06T07:50:00.000000Z", "2026-11-06T06:00:00.000000Z",
)  # fmt: skip


def _v4_utc(at: str) -> str | None:
    """The ``utc`` text of m004 as released (fixed-width UTC, None when unreadable)."""
    from datetime import UTC, datetime

    try:
        instant = datetime.fromisoformat(at).astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _v4_flags_and_time_budgets(db) -> None:
    db.conn.create_function("v4_utc", 1, _v4_utc, deterministic=True)
    for sql in V4_DDL:
        db.execute(sql)


def build_v4(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 4: v3 plus red flags, the minutes
    given to a day, and each moment's UTC instant."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v3(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO flags (at, day, symptom, exercise, note, cleared_at, cleared_day, "
            "logged_at, utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V4_FLAGS,
        )
        conn.executemany(
            "INSERT INTO day_minutes (day, minutes, set_at) VALUES (?, ?, ?)", V4_DAY_MINUTES
        )
        conn.execute(
            "INSERT INTO entries (at, day, exercise, sets, amount, unit, side, pain, note, "
            "logged_at, utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V4_ENTRY,
        )
        conn.execute("PRAGMA user_version = 4")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m005_day_sums, frozen as released.
_V5_SETS = "CASE WHEN {row}unit != 'none' THEN {row}sets ELSE 0 END"
_V5_RUN_SETS = "CASE WHEN {row}exercise = 'run' THEN {row}sets ELSE 0 END"
_V5_RUNS = (
    "coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), "
    "coalesce(sum(CASE WHEN unit = 'minutes' THEN sets * amount ELSE 0 END), 0)"
)


def _v5_add(row: str) -> str:
    return (
        f"INSERT INTO day_sums VALUES ({row}.day, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING; "
        f"UPDATE day_sums SET sets = sets + {_V5_SETS.format(row=row + '.')}, "
        f"run_sets = run_sets + {_V5_RUN_SETS.format(row=row + '.')}, entries = entries + 1 "
        f"WHERE day = {row}.day;"
    )


def _v5_remove(row: str) -> str:
    return (
        f"UPDATE day_sums SET sets = sets - {_V5_SETS.format(row=row + '.')}, "
        f"run_sets = run_sets - {_V5_RUN_SETS.format(row=row + '.')}, entries = entries - 1 "
        f"WHERE day = {row}.day; "
        f"DELETE FROM day_sums WHERE day = {row}.day AND entries <= 0;"
    )


def _v5_rerun(row: str, when: str) -> str:
    return (
        f"UPDATE day_sums SET (run_km, run_minutes) = (SELECT {_V5_RUNS} FROM entries "
        f"WHERE day = {row}.day AND exercise = 'run') WHERE day = {row}.day AND ({when});"
    )


_V5_EITHER = "OLD.exercise = 'run' OR NEW.exercise = 'run'"
V5_DDL = [
    """
        CREATE TABLE day_sums (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD, a day with at least one entry
            sets INTEGER NOT NULL,         -- sets logged; a rest day ('none') is not a set
            run_sets INTEGER NOT NULL,
            run_km NOT NULL,               -- sum of sets x km per set
            run_minutes NOT NULL,          -- sum of sets x minutes per set
            entries INTEGER NOT NULL       -- rows summed: a day whose last entry goes is dropped
        ) WITHOUT ROWID
        """,
    f"INSERT INTO day_sums SELECT day, sum({_V5_SETS.format(row='')}), "
    f"sum({_V5_RUN_SETS.format(row='')}), "
    "sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 END), "
    "sum(CASE WHEN exercise = 'run' AND unit = 'minutes' THEN sets * amount ELSE 0 END), "
    "count(*) FROM entries GROUP BY day",
    *(
        f"CREATE TRIGGER entries_{event.lower()}_day_sums AFTER {event} ON entries BEGIN {body} END"
        for event, body in (
            ("INSERT", _v5_add("NEW") + " " + _v5_rerun("NEW", "NEW.exercise = 'run'")),
            ("DELETE", _v5_remove("OLD") + " " + _v5_rerun("OLD", "OLD.exercise = 'run'")),
            (
                "UPDATE",
                " ".join(
                    (
                        _v5_remove("OLD"),
                        _v5_add("NEW"),
                        _v5_rerun("OLD", _V5_EITHER),
                        _v5_rerun("NEW", _V5_EITHER),
                    )
                ),
            ),
        )
    ),
]
V5_FLAGS = [
    # at, day, symptom, exercise, note, cleared_at, cleared_day, logged_at, utc: stored at v5
    ("2026-11-07T08:00:00+00:00", "2026-11-07", "recent-surgery", None, "hip, October", None, None, "2026-11-07T08:00:01.000000Z", "2026-11-07T08:00:00.000000Z"),
    ("2026-11-07T09:00:00+00:00", "2026-11-07", "saddle-numbness", None, None, "2026-11-08T09:00:00+00:00", "2026-11-08", "2026-11-07T09:00:01.000000Z", "2026-11-07T09:00:00.000000Z"),
]  # fmt: skip


def _v5_day_sums(db) -> None:
    for sql in V5_DDL:
        db.execute(sql)


def build_v5(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 5: v4 plus each day's sums kept
    by triggers, and flags as they were before they held a side, a place or a suspicion."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v4(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO flags (at, day, symptom, exercise, note, cleared_at, cleared_day, "
            "logged_at, utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V5_FLAGS,
        )
        conn.execute("PRAGMA user_version = 5")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m006_flag_details, frozen as released.
V6_DDL = [
    "ALTER TABLE flags ADD COLUMN suspected INTEGER NOT NULL DEFAULT 0 CHECK (suspected IN (0, 1))",
    "ALTER TABLE flags ADD COLUMN side TEXT CHECK (side IS NULL OR side IN ('left', 'right'))",
    "ALTER TABLE flags ADD COLUMN place TEXT CHECK (place IS NULL OR place IN "
    "('buttock', 'thigh', 'knee', 'calf', 'shin', 'foot', 'toes'))",
    "DELETE FROM plan_basis",
    "DELETE FROM day_status",
]
V6_FLAGS = [
    # at, day, symptom, exercise, note, cleared_at, cleared_day, logged_at, utc, suspected, side, place
    ("2026-11-09T08:00:00+00:00", "2026-11-09", "leg-tingling", None, "down to the knee", None, None, "2026-11-09T08:00:01.000000Z", "2026-11-09T08:00:00.000000Z", 0, "left", "knee"),
    ("2026-11-09T09:00:00+00:00", "2026-11-09", "saddle-numbness", None, "after cycling?", "2026-11-10T09:00:00+00:00", "2026-11-10", "2026-11-09T09:00:01.000000Z", "2026-11-09T09:00:00.000000Z", 1, None, None),
]  # fmt: skip
V6_SETTINGS = [("side", "right")]


def _v6_flag_details(db) -> None:
    for sql in V6_DDL:
        db.execute(sql)


def build_v6(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 6: v5 plus flags that keep a
    side, a place and whether they were only suspected from a note; no settings history."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v5(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO flags (at, day, symptom, exercise, note, cleared_at, cleared_day, "
            "logged_at, utc, suspected, side, place) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V6_FLAGS,
        )
        conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", V6_SETTINGS)
        conn.execute("PRAGMA user_version = 6")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m007_undo_journal, frozen as released.
V7_DDL = [
    """
        CREATE TABLE undo_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL,         -- the command in words: "sore 6 --morning --replace"
            logged_at TEXT NOT NULL,       -- when it was stored, fixed-width UTC
            steps TEXT NOT NULL            -- [(action, table, id, row or None), ...], see above
        )
        """,
]

# Runs as schema 7 stored `done run 12 km 65 min`: a km row and a minutes row, one id apart
# (the second typed time first); a time logged alone; and a distance and a time logged apart
# (another note), which stay two rows.
V7_ENTRIES = [
    ("2026-11-12T07:00:00+00:00", "2026-11-12", "run", 1, 12, "km", None, None, None, "2026-11-12T07:00:01.000001Z", "2026-11-12T07:00:00.000000Z"),
    ("2026-11-12T07:00:00+00:00", "2026-11-12", "run", 1, 65, "minutes", None, None, None, "2026-11-12T07:00:01.000002Z", "2026-11-12T07:00:00.000000Z"),
    ("2026-11-13T07:00:00+00:00", "2026-11-13", "run", 1, 45.5, "minutes", None, 2, "hilly", "2026-11-13T07:00:01.000001Z", "2026-11-13T07:00:00.000000Z"),
    ("2026-11-13T07:00:00+00:00", "2026-11-13", "run", 1, 8.25, "km", None, 2, "hilly", "2026-11-13T07:00:01.000002Z", "2026-11-13T07:00:00.000000Z"),
    ("2026-11-14T07:00:00+00:00", "2026-11-14", "run", 1, 30, "minutes", None, None, None, "2026-11-14T07:00:01.000001Z", "2026-11-14T07:00:00.000000Z"),
    ("2026-11-15T07:00:00+00:00", "2026-11-15", "run", 1, 5, "km", None, None, "before work", "2026-11-15T07:00:01.000001Z", "2026-11-15T07:00:00.000000Z"),
    ("2026-11-15T07:00:00+00:00", "2026-11-15", "run", 1, 20, "minutes", None, None, "other", "2026-11-15T07:00:01.000002Z", "2026-11-15T07:00:00.000000Z"),
]  # fmt: skip
# What the upgrade makes of them: (km row id, minutes row id removed, minutes kept on the km row).
V7_JOINED = [(8, 9, 65), (11, 10, 45.5)]
V7_UNDO = [("done run 12 km 65 min", "2026-11-12T07:00:01.000002Z", "[]")]


def _v7_undo_journal(db) -> None:
    for sql in V7_DDL:
        db.execute(sql)


def build_v7(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 7: v6 plus the undo journal,
    with runs whose distance and time were stored as two rows (see V7_ENTRIES)."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v6(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO entries (at, day, exercise, sets, amount, unit, side, pain, note, "
            "logged_at, utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            V7_ENTRIES,
        )
        conn.executemany(
            "INSERT INTO undo_log (command, logged_at, steps) VALUES (?, ?, ?)", V7_UNDO
        )
        conn.execute("PRAGMA user_version = 7")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m008_settings_history, frozen as released.
V8_DDL = [
    """
        CREATE TABLE settings_history (
            key TEXT NOT NULL,
            until_day TEXT NOT NULL,       -- YYYY-MM-DD, the last day the value was in force
            value TEXT NOT NULL,
            PRIMARY KEY (key, until_day)
        ) WITHOUT ROWID
        """,
]
# The side setting as it was until a change on 2026-11-16.
V8_HISTORY = [("side", "2026-11-15", "left")]


def _v8_settings_history(db) -> None:
    for sql in V8_DDL:
        db.execute(sql)


def build_v8(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 8: v7 plus the settings in force
    on past days, with one kept; its runs still stored as a distance row and a time row."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v7(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations(name="m008_settings_history")(_v8_settings_history)
        migrations.apply(Database(conn))
        conn.executemany(
            "INSERT INTO settings_history (key, until_day, value) VALUES (?, ?, ?)", V8_HISTORY
        )
        conn.execute("PRAGMA user_version = 8")
        conn.execute("COMMIT")
    finally:
        conn.close()


# glutelog 0.1.0, migration m009_run_minutes, frozen as released: every statement it ran on
# the v8 fixture, in order (the two runs of V7_JOINED joined).
V9_SQL = [
    'ALTER TABLE entries ADD COLUMN minutes NUMERIC CHECK (minutes IS NULL OR minutes > 0)',
    'ALTER TABLE month_totals ADD COLUMN minutes NOT NULL DEFAULT 0',
    'DROP TRIGGER entries_insert_day_sums',
    'DROP TRIGGER entries_insert_month_totals',
    'DROP TRIGGER entries_delete_day_sums',
    'DROP TRIGGER entries_delete_month_totals',
    'DROP TRIGGER entries_update_day_sums',
    'DROP TRIGGER entries_update_month_totals',
    'UPDATE entries SET minutes = 65 WHERE id = 8',
    'DELETE FROM entries WHERE id = 9',
    'UPDATE entries SET minutes = 45.5 WHERE id = 11',
    'DELETE FROM entries WHERE id = 10',
    'DELETE FROM month_totals',
    "INSERT INTO month_totals SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), sum(sets), sum(sets * coalesce(amount, 0)), count(*), sum(sets * coalesce(minutes, 0)) FROM entries GROUP BY 1, 2, 3, 4",
    "CREATE TRIGGER entries_insert_month_totals AFTER INSERT ON entries BEGIN INSERT INTO month_totals VALUES (substr(NEW.day, 1, 7), NEW.exercise, NEW.unit, coalesce(NEW.side, ''), NEW.sets, NEW.sets * coalesce(NEW.amount, 0), 1, NEW.sets * coalesce(NEW.minutes, 0)) ON CONFLICT DO UPDATE SET sets = sets + excluded.sets, amount = amount + excluded.amount, entries = entries + 1, minutes = minutes + excluded.minutes; END",
    "CREATE TRIGGER entries_delete_month_totals AFTER DELETE ON entries BEGIN UPDATE month_totals SET sets = sets - OLD.sets, amount = amount - OLD.sets * coalesce(OLD.amount, 0), entries = entries - 1, minutes = minutes - OLD.sets * coalesce(OLD.minutes, 0) WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit AND side = coalesce(OLD.side, ''); DELETE FROM month_totals WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit AND side = coalesce(OLD.side, '') AND entries <= 0; END",
    "CREATE TRIGGER entries_update_month_totals AFTER UPDATE ON entries BEGIN UPDATE month_totals SET sets = sets - OLD.sets, amount = amount - OLD.sets * coalesce(OLD.amount, 0), entries = entries - 1, minutes = minutes - OLD.sets * coalesce(OLD.minutes, 0) WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit AND side = coalesce(OLD.side, ''); DELETE FROM month_totals WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit AND side = coalesce(OLD.side, '') AND entries <= 0; INSERT INTO month_totals VALUES (substr(NEW.day, 1, 7), NEW.exercise, NEW.unit, coalesce(NEW.side, ''), NEW.sets, NEW.sets * coalesce(NEW.amount, 0), 1, NEW.sets * coalesce(NEW.minutes, 0)) ON CONFLICT DO UPDATE SET sets = sets + excluded.sets, amount = amount + excluded.amount, entries = entries + 1, minutes = minutes + excluded.minutes; END",
    'DELETE FROM day_sums',
    "INSERT INTO day_sums SELECT day, sum(CASE WHEN unit != 'none' THEN sets ELSE 0 END), sum(CASE WHEN exercise = 'run' THEN sets ELSE 0 END), sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 END), sum(CASE WHEN exercise = 'run' THEN sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END ELSE 0 END), count(*) FROM entries GROUP BY day",
    "CREATE TRIGGER entries_insert_day_sums AFTER INSERT ON entries BEGIN INSERT INTO day_sums VALUES (NEW.day, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING; UPDATE day_sums SET sets = sets + CASE WHEN NEW.unit != 'none' THEN NEW.sets ELSE 0 END, run_sets = run_sets + CASE WHEN NEW.exercise = 'run' THEN NEW.sets ELSE 0 END, entries = entries + 1 WHERE day = NEW.day; UPDATE day_sums SET (run_km, run_minutes) = (SELECT coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), coalesce(sum(sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END), 0) FROM entries WHERE day = NEW.day AND exercise = 'run') WHERE day = NEW.day AND (NEW.exercise = 'run'); END",
    "CREATE TRIGGER entries_delete_day_sums AFTER DELETE ON entries BEGIN UPDATE day_sums SET sets = sets - CASE WHEN OLD.unit != 'none' THEN OLD.sets ELSE 0 END, run_sets = run_sets - CASE WHEN OLD.exercise = 'run' THEN OLD.sets ELSE 0 END, entries = entries - 1 WHERE day = OLD.day; DELETE FROM day_sums WHERE day = OLD.day AND entries <= 0; UPDATE day_sums SET (run_km, run_minutes) = (SELECT coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), coalesce(sum(sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END), 0) FROM entries WHERE day = OLD.day AND exercise = 'run') WHERE day = OLD.day AND (OLD.exercise = 'run'); END",
    "CREATE TRIGGER entries_update_day_sums AFTER UPDATE ON entries BEGIN UPDATE day_sums SET sets = sets - CASE WHEN OLD.unit != 'none' THEN OLD.sets ELSE 0 END, run_sets = run_sets - CASE WHEN OLD.exercise = 'run' THEN OLD.sets ELSE 0 END, entries = entries - 1 WHERE day = OLD.day; DELETE FROM day_sums WHERE day = OLD.day AND entries <= 0; INSERT INTO day_sums VALUES (NEW.day, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING; UPDATE day_sums SET sets = sets + CASE WHEN NEW.unit != 'none' THEN NEW.sets ELSE 0 END, run_sets = run_sets + CASE WHEN NEW.exercise = 'run' THEN NEW.sets ELSE 0 END, entries = entries + 1 WHERE day = NEW.day; UPDATE day_sums SET (run_km, run_minutes) = (SELECT coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), coalesce(sum(sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END), 0) FROM entries WHERE day = OLD.day AND exercise = 'run') WHERE day = OLD.day AND (OLD.exercise = 'run' OR NEW.exercise = 'run'); UPDATE day_sums SET (run_km, run_minutes) = (SELECT coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), coalesce(sum(sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END), 0) FROM entries WHERE day = NEW.day AND exercise = 'run') WHERE day = NEW.day AND (OLD.exercise = 'run' OR NEW.exercise = 'run'); END",
]  # fmt: skip


def _v9_run_minutes(db) -> None:
    for sql in V9_SQL:
        db.execute(sql)


def build_v9(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 9: v8 with each run's distance
    and time joined into one entry (``minutes``), its records without stable ids."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v8(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations(name="m008_settings_history")(_v8_settings_history)
        migrations(name="m009_run_minutes")(_v9_run_minutes)
        migrations.apply(Database(conn))
        conn.execute("PRAGMA user_version = 9")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _v10_stable_ids(db) -> None:
    """m010_stable_ids as released: a uid column on each record table, filled with version-4
    UUIDs while the update triggers are set aside, then a unique index on each."""
    import uuid

    conn = db.conn
    conn.create_function("fixture_uid", 0, lambda: str(uuid.uuid4()), deterministic=False)
    for table in ("entries", "soreness", "flags"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "AND name LIKE ?",
            (table, f"{table}_update_%"),
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(f"UPDATE {table} SET uid = fixture_uid()")
        for _, sql in triggers:
            conn.execute(sql)
        db.execute(f"CREATE UNIQUE INDEX {table}_by_uid ON {table} (uid)")


def build_v10(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 10: v9 with a stable id on every
    set, score and flag, before calendars kept what they last wrote."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v9(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations(name="m008_settings_history")(_v8_settings_history)
        migrations(name="m009_run_minutes")(_v9_run_minutes)
        migrations(name="m010_stable_ids")(_v10_stable_ids)
        migrations.apply(Database(conn))
        conn.execute("PRAGMA user_version = 10")
        conn.execute("COMMIT")
    finally:
        conn.close()


def _v11_calendar_events(db) -> None:
    """m011_calendar_events as released: what `calendar` last wrote for each event."""
    db.execute(
        """
        CREATE TABLE calendar_events (
            uid TEXT PRIMARY KEY,
            digest TEXT NOT NULL,          -- sha256 of what the event shows
            sequence INTEGER NOT NULL CHECK (sequence >= 0),
            modified TEXT NOT NULL         -- UTC, YYYY-MM-DDTHH:MM:SSZ
        ) WITHOUT ROWID
        """
    )


def build_v11(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 11: v10 with the calendar's
    record of its events, before sync (no device, clock or versions of records)."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    build_v10(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations(name="m008_settings_history")(_v8_settings_history)
        migrations(name="m009_run_minutes")(_v9_run_minutes)
        migrations(name="m010_stable_ids")(_v10_stable_ids)
        migrations(name="m011_calendar_events")(_v11_calendar_events)
        migrations.apply(Database(conn))
        conn.execute(
            "INSERT INTO calendar_events VALUES ('glutelog-2026-11-24@glutelog', ?, 1, "
            "'2026-11-24T06:00:00Z')",
            ("0" * 64,),
        )
        conn.execute("PRAGMA user_version = 11")
        conn.execute("COMMIT")
    finally:
        conn.close()


def build_v12(path: str) -> None:
    """A database written by glutelog 0.1.0 at schema version 12: v11 with sync's tables and
    triggers (m012 as released, taken from glutelog itself: a released migration never
    changes), never synced, and sets still indexed by when they were stored."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from glutelog.storage.migrations import m012_sync

    build_v11(path)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        migrations = Migrations("glutelog")
        migrations(name="m001_initial")(_v1_initial)
        migrations(name="m002_day_status")(_v2_day_status)
        migrations(name="m003_kept_plans_and_totals")(_v3_kept_plans_and_totals)
        migrations(name="m004_flags_and_time_budgets")(_v4_flags_and_time_budgets)
        migrations(name="m005_day_sums")(_v5_day_sums)
        migrations(name="m006_flag_details")(_v6_flag_details)
        migrations(name="m007_undo_journal")(_v7_undo_journal)
        migrations(name="m008_settings_history")(_v8_settings_history)
        migrations(name="m009_run_minutes")(_v9_run_minutes)
        migrations(name="m010_stable_ids")(_v10_stable_ids)
        migrations(name="m011_calendar_events")(_v11_calendar_events)
        migrations(name="m012_sync")(m012_sync)
        migrations.apply(Database(conn))
        conn.execute("PRAGMA user_version = 12")
        conn.execute("COMMIT")
    finally:
        conn.close()


# {schema version: builder}; one entry per released schema version.
BUILDERS = {
    1: build_v1, 2: build_v2, 3: build_v3, 4: build_v4, 5: build_v5, 6: build_v6, 7: build_v7,
    8: build_v8, 9: build_v9, 10: build_v10, 11: build_v11, 12: build_v12,
}  # fmt: skip
