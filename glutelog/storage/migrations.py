"""The database schema, built only by these numbered migrations, in order.

Append new migrations at the end; never edit one that has been released. The schema version
stored in the file (``PRAGMA user_version``) is the number of migrations applied.
sqlite-utils is imported only when a migration actually has to run.
"""

from __future__ import annotations


def m001_initial(db) -> None:
    """Sets of exercises, soreness scores and settings."""
    db.execute(
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
        """
    )
    db.execute("CREATE INDEX entries_by_day ON entries (day, exercise)")
    db.execute("CREATE INDEX entries_by_exercise ON entries (exercise, day)")
    db.execute(
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
        """
    )
    db.execute("CREATE INDEX soreness_by_day ON soreness (day)")
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def m002_day_status(db) -> None:
    """A cache of each past day's plan status, so reports need not re-plan weeks of history.

    Triggers clear a day and every later one whenever an entry or soreness score on or before it
    changes (by glutelog or by any other tool), because a day's plan depends on the days before it.
    """
    db.execute(
        """
        CREATE TABLE day_status (
            day TEXT PRIMARY KEY,
            planned INTEGER NOT NULL,
            done INTEGER NOT NULL,
            day_type TEXT NOT NULL,
            plan_key TEXT NOT NULL         -- glutelog version, schedule and catalog it was planned with
        )
        """
    )
    for table in ("entries", "soreness"):
        db.execute(
            f"CREATE TRIGGER {table}_insert_clears_day_status AFTER INSERT ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= NEW.day; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_delete_clears_day_status AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= OLD.day; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_update_clears_day_status AFTER UPDATE ON {table} "
            f"BEGIN DELETE FROM day_status WHERE day >= min(OLD.day, NEW.day); END"
        )


def m003_kept_plans_and_totals(db) -> None:
    """What the commands run many times a day read instead of weeks of history: each day's plan
    basis, and sets and amounts per month."""
    _plan_basis(db)
    _month_totals(db)


def _plan_basis(db) -> None:
    """A cache of each day's plan basis (see ``planner.plan_basis``), so the commands run many
    times a day (done, plan, report) need not replay weeks of history each time.

    A basis depends on the sets of the days before its day and on soreness up to its day, so an
    entry clears the bases of later days and a soreness score clears its own day's too.
    """
    db.execute(
        """
        CREATE TABLE plan_basis (
            day TEXT PRIMARY KEY,
            plan_key TEXT NOT NULL,        -- glutelog version, Python version and catalog
            basis BLOB NOT NULL            -- marshal of planner.plan_basis()
        )
        """
    )
    for table, op in (("entries", ">"), ("soreness", ">=")):
        db.execute(
            f"CREATE TRIGGER {table}_insert_clears_plan_basis AFTER INSERT ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} NEW.day; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_delete_clears_plan_basis AFTER DELETE ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} OLD.day; END"
        )
        db.execute(
            f"CREATE TRIGGER {table}_update_clears_plan_basis AFTER UPDATE ON {table} "
            f"BEGIN DELETE FROM plan_basis WHERE day {op} min(OLD.day, NEW.day); END"
        )


def _month_totals(db) -> None:
    """Sets and amounts per month, exercise, unit and side, kept up to date by triggers, so a
    report over months or years reads a few hundred rows instead of every set logged.

    ``side`` is '' where the entry has none (NULL would make every such row distinct).
    ``amount`` is the sum of sets x amount per set; ``entries`` counts the rows summed, so a
    group whose last entry is removed is dropped.
    """
    db.execute(
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
        """
    )
    db.execute(
        "INSERT INTO month_totals SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), "
        "sum(sets), sum(sets * coalesce(amount, 0)), count(*) FROM entries GROUP BY 1, 2, 3, 4"
    )
    add = (
        "INSERT INTO month_totals VALUES (substr(NEW.day, 1, 7), NEW.exercise, NEW.unit, "
        "coalesce(NEW.side, ''), NEW.sets, NEW.sets * coalesce(NEW.amount, 0), 1) "
        "ON CONFLICT DO UPDATE SET sets = sets + excluded.sets, "
        "amount = amount + excluded.amount, entries = entries + 1;"
    )
    where = (
        "WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit "
        "AND side = coalesce(OLD.side, '')"
    )
    remove = (
        "UPDATE month_totals SET sets = sets - OLD.sets, "
        f"amount = amount - OLD.sets * coalesce(OLD.amount, 0), entries = entries - 1 {where}; "
        f"DELETE FROM month_totals {where} AND entries <= 0;"
    )
    db.execute(
        f"CREATE TRIGGER entries_insert_month_totals AFTER INSERT ON entries BEGIN {add} END"
    )
    db.execute(
        f"CREATE TRIGGER entries_delete_month_totals AFTER DELETE ON entries BEGIN {remove} END"
    )
    db.execute(
        f"CREATE TRIGGER entries_update_month_totals AFTER UPDATE ON entries BEGIN {remove} {add} END"
    )


def _flags(db) -> None:
    """Red flags: warning symptoms the user recorded (see redflags.py), and when each was cleared.

    A plan depends on the flags in force on its day, so raising, clearing or removing a flag
    clears the kept plans (plan_basis, day_status) of its day and every later one.
    """
    db.execute(
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
        """
    )
    db.execute("CREATE INDEX flags_by_day ON flags (day)")
    for cache in ("plan_basis", "day_status"):
        db.execute(
            f"CREATE TRIGGER flags_insert_clears_{cache} AFTER INSERT ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= NEW.day; END"
        )
        db.execute(
            f"CREATE TRIGGER flags_delete_clears_{cache} AFTER DELETE ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= OLD.day; END"
        )
        db.execute(
            f"CREATE TRIGGER flags_update_clears_{cache} AFTER UPDATE ON flags "
            f"BEGIN DELETE FROM {cache} WHERE day >= min(OLD.day, NEW.day); END"
        )


def _day_minutes(db) -> None:
    """The minutes a person gave a day (`plan --minutes`): that day's plan keeps only the items
    that fit, and reports count the day against that shorter plan, so the choice is kept."""
    db.execute(
        """
        CREATE TABLE day_minutes (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD
            minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
            set_at TEXT NOT NULL           -- when it was chosen
        )
        """
    )
    # A day's status depends on its time budget: clear the kept status of that day.
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD"), ("UPDATE", "NEW")):
        db.execute(
            f"CREATE TRIGGER day_minutes_{event.lower()}_clears_day_status AFTER {event} ON "
            f"day_minutes BEGIN DELETE FROM day_status WHERE day = {row}.day; END"
        )


def _utc(db) -> None:
    """Each set, soreness score and flag also keeps the instant it was done at, in UTC.

    ``at`` keeps the offset it was logged with, so after a change of time zone its text no
    longer sorts in time order. ``utc`` is that instant as fixed-width text
    (``parsing.utc_text``: 2026-11-24T06:30:00.000000Z), filled here from ``at`` and set by
    every write after, and is what sets are ordered by. Text rather than an integer count of
    microseconds: as readable as ``at`` to anyone opening the file with another tool, and it
    sorts the same. SQLite's own date functions are not used to fill it: they cannot read the
    offsets with seconds that some zones had before about 1970.
    """
    from glutelog.parsing import utc_text

    conn = db.conn
    conn.create_function("glutelog_utc", 1, utc_text, deterministic=True)
    for table in ("entries", "soreness", "flags"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN utc TEXT")
        conn.execute(f"UPDATE {table} SET utc = glutelog_utc(at)")
    # When glutelog stored a row decides what `undo` removes. Rows stored from now on keep that
    # time as fixed-width UTC text, so text order is storing order; indexed for `undo`.
    for table in ("entries", "soreness"):
        db.execute(f"CREATE INDEX {table}_by_logged_at ON {table} (logged_at, id)")


def m004_flags_and_time_budgets(db) -> None:
    """Red flags, the minutes a person gave a day, and each moment as a UTC instant.

    One migration for everything added since schema 3, so every released schema keeps one
    upgrade fixture."""
    _flags(db)
    _day_minutes(db)
    _utc(db)


def m005_day_sums(db) -> None:
    """Each day's sets and running, kept by triggers, so a report over weeks reads a row a day
    instead of every set logged (12 weeks of heavy use: 84 rows, not 3,400).

    The counts are kept by adding and subtracting, so a change costs the same however much that
    day holds (an import of 20,000 sets on one day stays linear). The run's kilometres and
    minutes are summed again from that day's runs instead (a handful of rows, through the
    (day, exercise) index) whenever a run changes: added and taken away, 0.1 + 0.2 - 0.2 is not
    0.1 in floating point, and these sums must be exactly what summing the entries gives.
    ``run_km`` and ``run_minutes`` have no declared type, so a sum is kept as SQLite computed
    it: whole kilometres stay an integer, as they are when read from the entries.
    """
    db.execute(
        """
        CREATE TABLE day_sums (
            day TEXT PRIMARY KEY,          -- YYYY-MM-DD, a day with at least one entry
            sets INTEGER NOT NULL,         -- sets logged; a rest day ('none') is not a set
            run_sets INTEGER NOT NULL,
            run_km NOT NULL,               -- sum of sets x km per set
            run_minutes NOT NULL,          -- sum of sets x minutes per set
            entries INTEGER NOT NULL       -- rows summed: a day whose last entry goes is dropped
        ) WITHOUT ROWID
        """
    )
    sets = "CASE WHEN {row}unit != 'none' THEN {row}sets ELSE 0 END"
    run_sets = "CASE WHEN {row}exercise = 'run' THEN {row}sets ELSE 0 END"
    runs = (
        "coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN unit = 'minutes' THEN sets * amount ELSE 0 END), 0)"
    )
    db.execute(
        f"INSERT INTO day_sums SELECT day, sum({sets.format(row='')}), "
        f"sum({run_sets.format(row='')}), "
        "sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 END), "
        "sum(CASE WHEN exercise = 'run' AND unit = 'minutes' THEN sets * amount ELSE 0 END), "
        "count(*) FROM entries GROUP BY day"
    )

    def add(row: str) -> str:
        return (
            f"INSERT INTO day_sums VALUES ({row}.day, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING; "
            f"UPDATE day_sums SET sets = sets + {sets.format(row=row + '.')}, "
            f"run_sets = run_sets + {run_sets.format(row=row + '.')}, entries = entries + 1 "
            f"WHERE day = {row}.day;"
        )

    def remove(row: str) -> str:
        return (
            f"UPDATE day_sums SET sets = sets - {sets.format(row=row + '.')}, "
            f"run_sets = run_sets - {run_sets.format(row=row + '.')}, entries = entries - 1 "
            f"WHERE day = {row}.day; "
            f"DELETE FROM day_sums WHERE day = {row}.day AND entries <= 0;"
        )

    def rerun(row: str, when: str) -> str:
        return (
            f"UPDATE day_sums SET (run_km, run_minutes) = (SELECT {runs} FROM entries "
            f"WHERE day = {row}.day AND exercise = 'run') WHERE day = {row}.day AND ({when});"
        )

    either = "OLD.exercise = 'run' OR NEW.exercise = 'run'"
    for event, body in (
        ("INSERT", add("NEW") + " " + rerun("NEW", "NEW.exercise = 'run'")),
        ("DELETE", remove("OLD") + " " + rerun("OLD", "OLD.exercise = 'run'")),
        (
            "UPDATE",
            " ".join((remove("OLD"), add("NEW"), rerun("OLD", either), rerun("NEW", either))),
        ),
    ):
        db.execute(
            f"CREATE TRIGGER entries_{event.lower()}_day_sums AFTER {event} ON entries "
            f"BEGIN {body} END"
        )


def m006_flag_details(db) -> None:
    """What a flag now says beyond its sign: whether it was only suspected from a note, and,
    for tingling or numbness in one leg, which side and how far down.

    ``suspected`` is 1 for a flag raised because a note read like a warning sign: it pauses
    the plan like any other until the person confirms it (`flag SIGN`, which sets it to 0) or
    clears it. ``side`` and ``place`` are NULL for every other sign. Kept plans are dropped:
    they were made when a surgery flag changed nothing in the plan.
    """
    db.execute(
        "ALTER TABLE flags ADD COLUMN suspected INTEGER NOT NULL DEFAULT 0 "
        "CHECK (suspected IN (0, 1))"
    )
    db.execute(
        "ALTER TABLE flags ADD COLUMN side TEXT CHECK (side IS NULL OR side IN ('left', 'right'))"
    )
    db.execute(
        "ALTER TABLE flags ADD COLUMN place TEXT CHECK (place IS NULL OR place IN "
        "('buttock', 'thigh', 'knee', 'calf', 'shin', 'foot', 'toes'))"
    )
    db.execute("DELETE FROM plan_basis")
    db.execute("DELETE FROM day_status")


def m007_undo_journal(db) -> None:
    """What each storing command stored, removed or changed, so that `undo` reverses the whole
    command: a run's distance and time together, a morning score a --replace removed brought
    back, the flags a note raised taken away.

    ``steps`` is a Python literal (read back with ``ast.literal_eval``) rather than JSON: `done`
    and `sore` write it on every call and must not import json; a float's repr reads back as
    the very same number. Each step is (action, table, id, row): 'added' rows are removed by
    undo, 'removed' rows put back whole (their id, logged_at and utc too) and 'changed' rows
    set back to the row as it was. Only the latest commands are kept (database.UNDO_KEPT).
    """
    db.execute(
        """
        CREATE TABLE undo_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            command TEXT NOT NULL,         -- the command in words: "sore 6 --morning --replace"
            logged_at TEXT NOT NULL,       -- when it was stored, fixed-width UTC
            steps TEXT NOT NULL            -- [(action, table, id, row or None), ...], see above
        )
        """
    )


def m008_settings_history(db) -> None:
    """The settings in force on past days, so a day's plan stays what was asked that day.

    A row says ``key`` had ``value`` (its stored text, checked) on every day up to and
    including ``until_day`` that no earlier row of that key covers; days after a key's last row
    take the value in ``settings``. A change made today writes the value it replaces as in
    force until yesterday, so today and later days follow the new value and past days keep
    theirs. A database upgraded from an older schema has no rows: its past days follow the
    settings until the first change after the upgrade.
    """
    db.execute(
        """
        CREATE TABLE settings_history (
            key TEXT NOT NULL,
            until_day TEXT NOT NULL,       -- YYYY-MM-DD, the last day the value was in force
            value TEXT NOT NULL,
            PRIMARY KEY (key, until_day)
        ) WITHOUT ROWID
        """
    )


def joined_runs(conn, table: str = "entries", key: str = "id") -> list:
    """(distance row key, time row key, minutes) of each distance and time stored as two rows
    by one command before m009_run_minutes: a km row without a time and a minutes row with
    adjacent ``key`` (ids, or the order of an export file) and the same moment, day, exercise,
    sets, side, pain and note, in either order (kept as typed).

    >>> joined_runs(conn)  # #159 12 km and #160 65 min, logged together
    [(159, 160, 65)]
    """
    rows = conn.execute(
        f"SELECT {key}, unit, amount, at, day, exercise, sets, side, pain, note FROM {table} "
        f"WHERE unit = 'minutes' OR (unit = 'km' AND minutes IS NULL) ORDER BY {key}"
    ).fetchall()
    pairs, previous = [], None
    for row in rows:
        if (
            previous is not None
            and row[0] == previous[0] + 1
            and {row[1], previous[1]} == {"km", "minutes"}
            and row[3:] == previous[3:]
        ):
            km, time = (previous, row) if previous[1] == "km" else (row, previous)
            pairs.append((km[0], time[0], time[2]))
            previous = None  # a row joins one partner only
        else:
            previous = row
    return pairs


def m009_run_minutes(db) -> None:
    """A distance keeps the time it took (``minutes``, per set), so `done run 12 km 65 min` is
    one entry that history, rm, edit, undo, exports and reports treat as one.

    Runs stored before as a km row and a minutes row (see ``joined_runs``) are joined: the
    time goes to the km row and its own row is removed. A time logged alone stays a minutes
    row. The day sums count a run's minutes from either, and the month totals keep the
    minutes of distance rows beside their kilometres; both are summed again from the entries
    (the triggers are replaced first, so the join is counted once).
    """
    conn = db.conn
    db.execute(
        "ALTER TABLE entries ADD COLUMN minutes NUMERIC CHECK (minutes IS NULL OR minutes > 0)"
    )
    db.execute("ALTER TABLE month_totals ADD COLUMN minutes NOT NULL DEFAULT 0")
    for event in ("insert", "delete", "update"):
        db.execute(f"DROP TRIGGER entries_{event}_day_sums")
        db.execute(f"DROP TRIGGER entries_{event}_month_totals")
    for km_id, time_id, minutes in joined_runs(conn):
        conn.execute("UPDATE entries SET minutes = ? WHERE id = ?", (minutes, km_id))
        conn.execute("DELETE FROM entries WHERE id = ?", (time_id,))
    _month_totals_with_minutes(db)
    _day_sums_with_minutes(db)


# A run's minutes: a time logged alone, or the time a distance took (m009).
RUN_MINUTES = "sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END"


def _month_totals_with_minutes(db) -> None:
    """m003's month totals with ``minutes``: sets x minutes of the distance rows summed."""
    db.execute("DELETE FROM month_totals")
    db.execute(
        "INSERT INTO month_totals SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), "
        "sum(sets), sum(sets * coalesce(amount, 0)), count(*), sum(sets * coalesce(minutes, 0)) "
        "FROM entries GROUP BY 1, 2, 3, 4"
    )
    add = (
        "INSERT INTO month_totals VALUES (substr(NEW.day, 1, 7), NEW.exercise, NEW.unit, "
        "coalesce(NEW.side, ''), NEW.sets, NEW.sets * coalesce(NEW.amount, 0), 1, "
        "NEW.sets * coalesce(NEW.minutes, 0)) "
        "ON CONFLICT DO UPDATE SET sets = sets + excluded.sets, "
        "amount = amount + excluded.amount, entries = entries + 1, "
        "minutes = minutes + excluded.minutes;"
    )
    where = (
        "WHERE month = substr(OLD.day, 1, 7) AND exercise = OLD.exercise AND unit = OLD.unit "
        "AND side = coalesce(OLD.side, '')"
    )
    remove = (
        "UPDATE month_totals SET sets = sets - OLD.sets, "
        "amount = amount - OLD.sets * coalesce(OLD.amount, 0), entries = entries - 1, "
        f"minutes = minutes - OLD.sets * coalesce(OLD.minutes, 0) {where}; "
        f"DELETE FROM month_totals {where} AND entries <= 0;"
    )
    db.execute(
        f"CREATE TRIGGER entries_insert_month_totals AFTER INSERT ON entries BEGIN {add} END"
    )
    db.execute(
        f"CREATE TRIGGER entries_delete_month_totals AFTER DELETE ON entries BEGIN {remove} END"
    )
    db.execute(
        f"CREATE TRIGGER entries_update_month_totals AFTER UPDATE ON entries BEGIN {remove} {add} END"
    )


def _day_sums_with_minutes(db) -> None:
    """m005's day sums, with a run's minutes summed by RUN_MINUTES."""
    sets = "CASE WHEN {row}unit != 'none' THEN {row}sets ELSE 0 END"
    run_sets = "CASE WHEN {row}exercise = 'run' THEN {row}sets ELSE 0 END"
    runs = (
        "coalesce(sum(CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END), 0), "
        f"coalesce(sum({RUN_MINUTES}), 0)"
    )
    db.execute("DELETE FROM day_sums")
    db.execute(
        f"INSERT INTO day_sums SELECT day, sum({sets.format(row='')}), "
        f"sum({run_sets.format(row='')}), "
        "sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 END), "
        f"sum(CASE WHEN exercise = 'run' THEN {RUN_MINUTES} ELSE 0 END), "
        "count(*) FROM entries GROUP BY day"
    )

    def add(row: str) -> str:
        return (
            f"INSERT INTO day_sums VALUES ({row}.day, 0, 0, 0, 0, 0) ON CONFLICT DO NOTHING; "
            f"UPDATE day_sums SET sets = sets + {sets.format(row=row + '.')}, "
            f"run_sets = run_sets + {run_sets.format(row=row + '.')}, entries = entries + 1 "
            f"WHERE day = {row}.day;"
        )

    def remove(row: str) -> str:
        return (
            f"UPDATE day_sums SET sets = sets - {sets.format(row=row + '.')}, "
            f"run_sets = run_sets - {run_sets.format(row=row + '.')}, entries = entries - 1 "
            f"WHERE day = {row}.day; "
            f"DELETE FROM day_sums WHERE day = {row}.day AND entries <= 0;"
        )

    def rerun(row: str, when: str) -> str:
        return (
            f"UPDATE day_sums SET (run_km, run_minutes) = (SELECT {runs} FROM entries "
            f"WHERE day = {row}.day AND exercise = 'run') WHERE day = {row}.day AND ({when});"
        )

    either = "OLD.exercise = 'run' OR NEW.exercise = 'run'"
    for event, body in (
        ("INSERT", add("NEW") + " " + rerun("NEW", "NEW.exercise = 'run'")),
        ("DELETE", remove("OLD") + " " + rerun("OLD", "OLD.exercise = 'run'")),
        (
            "UPDATE",
            " ".join((remove("OLD"), add("NEW"), rerun("OLD", either), rerun("NEW", either))),
        ),
    ):
        db.execute(
            f"CREATE TRIGGER entries_{event.lower()}_day_sums AFTER {event} ON entries "
            f"BEGIN {body} END"
        )


def new_uid(ms: int | None = None) -> str:
    """A fresh stable id for a record: a UUID of version 7 (RFC 9562) in its 36-character form,
    its first 48 bits the time it was made (``ms``: milliseconds since 1970, now by default),
    the other 74 random.

    Ids made later sort later, so each table's unique index on them grows at its end as the
    rows do: `check` walks it in step with the table instead of hopping across it (half its
    time at 20 years), and imports and syncs add to its end. The time is when glutelog stored
    the record, which its ``logged_at`` says anyway. Made from ``os.urandom`` rather than the
    ``uuid`` module, which every `done` would import.

    >>> len(new_uid()), new_uid()[14], new_uid(0) < new_uid(1)
    (36, '7', True)
    """
    import os
    import time

    ms = time.time_ns() // 1_000_000 if ms is None else ms
    b = bytearray(ms.to_bytes(6, "big") + os.urandom(10))
    b[6] = (b[6] & 0x0F) | 0x70  # version 7
    b[8] = (b[8] & 0x3F) | 0x80  # the RFC 9562 variant
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# The tables whose records have a stable id (m010_stable_ids).
UID_TABLES = ("entries", "soreness", "flags")


def m010_stable_ids(db) -> None:
    """Every set, soreness score and flag gets a stable id (``uid``, a random UUID), the same
    in every copy of the log: export writes it, import matches records by it, so importing a
    file twice adds nothing, and local numbers (#12) stay this database's own.

    Rows already stored get a fresh one each; every write after sets it (``database._insert``),
    and `undo` puts a removed row back with the id it had.
    """
    conn = db.conn
    conn.create_function("glutelog_new_uid", 0, new_uid, deterministic=False)
    for table in UID_TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN uid TEXT")
        # An id changes no plan and no total: the update triggers (kept plans cleared, totals
        # taken away and added again, per row) are set aside while the ids are filled.
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
            "AND name LIKE ?",
            (table, f"{table}_update_%"),
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute(f"UPDATE {table} SET uid = glutelog_new_uid()")
        for _, sql in triggers:
            conn.execute(sql)
        db.execute(f"CREATE UNIQUE INDEX {table}_by_uid ON {table} (uid)")


def m011_calendar_events(db) -> None:
    """What `glutelog calendar` last wrote for each event, so a changed day's event says so.

    A row per event UID: a digest of what the event shows (title, notes, time, reminder), its
    SEQUENCE (0 when first written, one more each time that digest changes) and ``modified``,
    the UTC instant it last changed (the event's LAST-MODIFIED). Calendar apps replace an
    event they already hold only when its SEQUENCE rises; the same plan written again keeps
    both, so nothing looks changed that was not.
    """
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


# What `glutelog sync` carries, and how each table's rows are named across devices: sets, scores
# and flags by their stable id, a setting by its key, a past setting by its key and last day, a
# day's minutes by its day. {table: (the uid of row X in SQL, the column that finds it back)}.
SYNCED = {
    "entries": ("{X}.uid", "uid"),
    "soreness": ("{X}.uid", "uid"),
    "flags": ("{X}.uid", "uid"),
    "settings": ("'setting:' || {X}.key", "key"),
    "settings_history": ("'past-setting:' || {X}.key || '@' || {X}.until_day", None),
    "day_minutes": ("'day-minutes:' || {X}.day", "day"),
}
# The next hybrid-clock stamp (see sync/clock.py, which holds the same rule in Python).
_NEXT_STAMP = "max(clock + 1, (CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16))"


def m012_sync(db) -> None:
    """What `glutelog sync` keeps: this device's id, clock and folder (``sync_state``, one
    row), the version of every record it knows (``sync_meta``: the record's stable id, the
    hybrid-clock stamp of its last change, the device that made it, whether it was removed),
    and how far it has read each other device's files (``sync_marks``).

    Triggers keep ``sync_meta`` as rows change, once this device syncs (``tracking`` 1): the
    everyday commands never import the sync code, and every path that changes a row (done,
    edit, rm, undo, import, config) is covered. A morning score another device's later score
    of the same day outranks stays in history with ``outranked`` 1 and is not counted.
    """
    db.execute(
        """
        CREATE TABLE sync_state (
            one INTEGER PRIMARY KEY CHECK (one = 1),
            device TEXT,                   -- this device's id, made on its first sync
            tracking INTEGER NOT NULL DEFAULT 0,  -- 1: changes are recorded in sync_meta
            clock INTEGER NOT NULL DEFAULT 0,     -- the newest hybrid-clock stamp known here
            written INTEGER NOT NULL DEFAULT 0,   -- this device's changes up to here are in the folder
            folder TEXT,                   -- `config sync-dir`
            key TEXT,                      -- the Fernet key derived from the passphrase, never the passphrase
            salt TEXT,                     -- the salt it was derived with (the folder's)
            last_synced TEXT,              -- when sync last finished, fixed-width UTC
            warned INTEGER NOT NULL DEFAULT 0     -- 1: told once that an unsealed folder can be read
        )
        """
    )
    db.execute("INSERT INTO sync_state (one) VALUES (1)")
    db.execute(
        """
        CREATE TABLE sync_meta (
            uid TEXT PRIMARY KEY,          -- the record's stable id (see SYNCED)
            tbl TEXT NOT NULL,
            stamp INTEGER NOT NULL,        -- hybrid-clock stamp of its last change
            device TEXT NOT NULL,          -- the device that made that change
            removed INTEGER NOT NULL CHECK (removed IN (0, 1))
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX sync_meta_by_device ON sync_meta (device, stamp)")
    db.execute(
        "CREATE TABLE sync_marks (device TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "ALTER TABLE soreness ADD COLUMN outranked INTEGER NOT NULL DEFAULT 0 "
        "CHECK (outranked IN (0, 1))"
    )
    for table, (uid, _) in SYNCED.items():
        for event, row, removed in (
            ("INSERT", "NEW", 0),
            ("UPDATE", "NEW", 0),
            ("DELETE", "OLD", 1),
        ):
            db.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_sync AFTER {event} ON {table} "
                f"WHEN {uid.format(X=row)} IS NOT NULL AND (SELECT tracking FROM sync_state) = 1 "
                "BEGIN "
                f"UPDATE sync_state SET clock = {_NEXT_STAMP}; "
                "INSERT INTO sync_meta (uid, tbl, stamp, device, removed) "
                f"SELECT {uid.format(X=row)}, '{table}', clock, device, {removed} FROM sync_state "
                "WHERE true ON CONFLICT (uid) DO UPDATE SET stamp = excluded.stamp, "
                "device = excluded.device, removed = excluded.removed; END"
            )
    # The morning score that counted is gone: the latest of those left counts (see sync/merge).
    db.execute(
        "CREATE TRIGGER soreness_delete_counted_morning AFTER DELETE ON soreness "
        "WHEN OLD.timing = 'morning' AND OLD.outranked = 0 BEGIN "
        "UPDATE soreness SET outranked = 0 WHERE id = (SELECT s.id FROM soreness AS s "
        "LEFT JOIN sync_meta AS m ON m.uid = s.uid WHERE s.day = OLD.day "
        "AND s.timing = 'morning' AND s.side IS OLD.side "
        "ORDER BY m.stamp DESC, m.device DESC, s.id DESC LIMIT 1); END"
    )


def m013_leaner_schema(db) -> None:
    """Two things every command paid for, made lighter.

    The sets no longer carry an index by when they were stored (``entries_by_logged_at``,
    m003). Only `undo` reads that order, and only past the commands its journal keeps (m007),
    where reading the table through costs a few milliseconds at 20 years; the index cost every
    set stored, and a quarter of what `check` does at 20 years. Scores keep theirs: a score a
    day is no load.

    Sync's 18 triggers (m012) each spelled out the clock rule and the upsert into
    ``sync_meta``; now each hands the record's id to one INSTEAD OF trigger on the view
    ``sync_touch``, which does it, with the same effect. SQLite reads the whole schema's text
    when a command opens the database, and those copies were 40% of it.
    """
    conn = db.conn
    conn.execute("DROP INDEX IF EXISTS entries_by_logged_at")
    conn.execute(
        "CREATE VIEW sync_touch (uid, tbl, removed) AS SELECT uid, tbl, removed FROM sync_meta"
    )
    conn.execute(
        "CREATE TRIGGER sync_touch_insert INSTEAD OF INSERT ON sync_touch BEGIN "
        f"UPDATE sync_state SET clock = {_NEXT_STAMP}; "
        "INSERT INTO sync_meta (uid, tbl, stamp, device, removed) "
        "SELECT NEW.uid, NEW.tbl, clock, device, NEW.removed FROM sync_state "
        "WHERE true ON CONFLICT (uid) DO UPDATE SET stamp = excluded.stamp, "
        "device = excluded.device, removed = excluded.removed; END"
    )
    for table, (uid, _) in SYNCED.items():
        for event, row, removed in (
            ("INSERT", "NEW", 0),
            ("UPDATE", "NEW", 0),
            ("DELETE", "OLD", 1),
        ):
            name = f"{table}_{event.lower()}_sync"
            conn.execute(f"DROP TRIGGER {name}")
            conn.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"WHEN {uid.format(X=row)} IS NOT NULL AND (SELECT tracking FROM sync_state) = 1 "
                f"BEGIN INSERT INTO sync_touch VALUES ({uid.format(X=row)}, '{table}', {removed}); END"
            )


STEPS = [
    m001_initial,
    m002_day_status,
    m003_kept_plans_and_totals,
    m004_flags_and_time_budgets,
    m005_day_sums,
    m006_flag_details,
    m007_undo_journal,
    m008_settings_history,
    m009_run_minutes,
    m010_stable_ids,
    m011_calendar_events,
    m012_sync,
    m013_leaner_schema,
]
SCHEMA_VERSION = len(STEPS)
# The first schema whose distances keep their time: older exports may hold split runs.
RUN_MINUTES_SCHEMA = STEPS.index(m009_run_minutes) + 1


def apply(conn, current: int) -> None:
    """Run the migrations after ``current`` on ``conn``, inside the caller's transaction."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    db = Database(conn)
    migrations = Migrations("glutelog")
    for step in STEPS:
        migrations(name=step.__name__)(step)
    # user_version is authoritative; the _sqlite_migrations table is sqlite-utils' own record.
    already = {m.name for m in migrations.applied(db)}
    for step in STEPS[:current]:
        if step.__name__ not in already:
            raise RuntimeError(
                f"schema version {current} but migration {step.__name__} not recorded"
            )
    migrations.apply(db)


def schema_at(version: int) -> dict:
    """The tables, with their columns in order, that a glutelog database of schema ``version``
    has: the first ``version`` migrations applied to an empty database in memory, so the answer
    can never disagree with the migrations themselves.

    >>> schema_at(1)["entries"][:3]
    ['id', 'at', 'day']
    """
    import os

    from glutelog import paths

    # Kept in the cache, named by this file's size and time: `check` then loads neither
    # sqlite-utils nor the migrations (a fifth of its time at 20 years).
    source = os.stat(__file__)
    name = f"schema-{version}-{source.st_size}-{source.st_mtime_ns}"
    found = paths.read_cache(name)
    if isinstance(found, dict):
        return found

    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from glutelog.stdlib import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrations = Migrations("glutelog")
        for step in STEPS[:version]:
            migrations(name=step.__name__)(step)
        migrations.apply(Database(conn))
        found = table_columns(conn)
    finally:
        conn.close()
    paths.write_cache(name, found)
    return found


def table_columns(conn) -> dict:
    """{table: [column, ...]} of a database's own tables (not SQLite's, not sqlite-utils')."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
    return {
        name: [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')] for name in names
    }


def schema_problems(conn, version: int) -> list:
    """What keeps ``conn``'s tables from being those of a glutelog database of ``version``: a
    table missing, or one with other columns. Tables of its own a person added are no problem."""
    found = table_columns(conn)
    problems = []
    for table, columns in schema_at(version).items():
        if table not in found:
            problems.append(f"table {table} is missing")
        elif found[table] != columns:
            problems.append(
                f"table {table} has the columns ({', '.join(found[table])}), not glutelog's"
            )
    return problems
