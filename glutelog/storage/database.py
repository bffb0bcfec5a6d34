"""The one module that reads and writes the database.

Discipline, so that nothing acknowledged is ever lost:
- a file is classified (glutelog / new / foreign / damaged / newer) before anything is written;
- WAL journal, ``synchronous=FULL`` (each commit is on disk before glutelog says "logged"),
  a busy timeout, foreign keys on;
- every write runs in ``BEGIN IMMEDIATE ... COMMIT``, so concurrent glutelogs queue instead of
  failing half-way; migrations run under one such transaction, after a verified backup.
Plain ``sqlite3`` is used here so everyday commands start fast; sqlite-utils runs the migrations.
"""

from __future__ import annotations

import os

from glutelog import errors
from glutelog import settings as setting_keys
from glutelog.parsing import utc_text
from glutelog.stdlib import UTC, date, datetime, sqlite3, timedelta
from glutelog.storage.migrations import UID_TABLES, new_uid

APPLICATION_ID = 0x676C7574  # "glut": marks a file as a glutelog database
BUSY_TIMEOUT_MS = 10_000
SQLITE_HEADER = b"SQLite format 3\x00"

ENTRY_COLUMNS = (
    "id", "at", "day", "exercise", "sets", "amount", "unit", "side", "pain", "note", "minutes",
)  # fmt: skip
SORENESS_COLUMNS = ("id", "at", "day", "score", "timing", "side", "note")
FLAG_COLUMNS = (
    "id", "at", "day", "symptom", "exercise", "note", "cleared_at", "cleared_day",
    "suspected", "side", "place",
)  # fmt: skip


def translate_error(exc: BaseException, path: str) -> errors.GlutelogError:
    """Turn a sqlite3 error into the project's error with the right exit code."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return errors.Busy(
            f"{path} is busy (another glutelog is writing); nothing was saved, try again"
        )
    if "readonly" in text or "read-only" in text:
        return errors.ReadOnly(f"cannot write {path}: the file or its folder is read-only")
    if "disk is full" in text or "full" in text:
        return errors.DiskError(f"the disk is full: nothing was saved to {path}")
    if "disk i/o" in text or "i/o" in text:
        return errors.DiskError(f"I/O error on {path}: nothing was saved")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return errors.NotGlutelog(f"{path} is damaged ({exc}); restore it from a backup")
    if "unable to open" in text:
        return errors.ReadOnly(f"cannot open {path}: check the path and its permissions")
    return errors.GlutelogError(f"database error on {path}: {exc}")


# The largest number an AUTOINCREMENT id can take: past it SQLite says "database or disk is
# full", which is not the disk's doing and must not be reported as such.
LAST_POSSIBLE_ID = 2**63 - 1


def _numbers_run_out(conn: sqlite3.Connection) -> bool:
    try:
        found = conn.execute("SELECT max(seq) FROM sqlite_sequence").fetchone()
    except sqlite3.Error:
        return False
    return bool(found and found[0] is not None and found[0] >= LAST_POSSIBLE_ID)


def _add(a, b):
    return a + b


def read_header(path: str) -> bytes:
    # Read with plain open() only before this process opens a connection to the file: closing a
    # descriptor would drop SQLite's locks otherwise. O_NONBLOCK and the check that it is a
    # regular file keep a FIFO swapped in at the last moment from blocking glutelog.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise errors.NotGlutelog(f"{path} is not a regular file, not a glutelog database")
        return os.read(fd, 100)
    finally:
        os.close(fd)


class Store:
    """An open glutelog database. Use :func:`open_store`."""

    def __init__(
        self, conn, path: str, created: bool, writable: bool, full: bool = False, known=None
    ):
        self.conn = conn
        self.path = path
        self.created = created
        self.writable = writable
        self.full = full  # opened read-only because the disk is full
        self.known = known  # the file's stamp, when it was found as glutelog last left it
        # Set by a storing command before it writes: its next write is kept in undo_log under
        # these words, with every row it adds, removes or changes (see migration m007).
        self.command: str | None = None
        self._steps: list | None = None

    # --- transactions ---------------------------------------------------------------------

    def write(self, fn, *args):
        """Run ``fn(conn, *args)`` inside ``BEGIN IMMEDIATE ... COMMIT``; all or nothing."""
        if self.full:
            raise errors.DiskError(f"the disk is full: nothing was saved to {self.path}")
        if not self.writable:
            raise errors.ReadOnly(f"cannot write {self.path}: the file or its folder is read-only")
        conn = self.conn
        command, self.command = self.command, None
        self._steps = [] if command else None
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn, *args)
                if self._steps:
                    _journal(conn, command, self._steps)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            if "full" in str(exc).lower() and _numbers_run_out(conn):
                raise errors.NotGlutelog(
                    f"{self.path} has used up its record numbers (set to the largest SQLite "
                    "holds, by hand or by another program); nothing was saved: restore it "
                    "from a backup"
                ) from exc
            raise translate_error(exc, self.path) from exc
        finally:
            self._steps = None
        return result

    # --- what a command did, for undo (see migration m007) ----------------------------------

    def _add(self, conn, table: str, row: dict) -> int:
        row_id = _insert(conn, table, row)
        if self._steps is not None:
            self._steps.append(("added", table, row_id, None))
        return row_id

    def _add_flags(self, conn, flags, result):
        """Store ``flags`` (setting each one's id in it) and return ``result`` unchanged."""
        for flag in flags:
            flag["id"] = self._add(conn, "flags", flag)
        return result

    def _keep(self, conn, action: str, table: str, row_id: int) -> None:
        """Before a row is removed or changed: keep it whole, so undo can put it back."""
        if self._steps is not None:
            whole = _whole(conn, table, row_id)
            if whole is not None:
                self._steps.append((action, table, row_id, whole))

    def next_undo(self, count: int = 1) -> list[tuple[str | None, list]]:
        """What `undo count` would reverse, changing nothing: see :meth:`undo_command`."""
        return self._undo(self.conn, False, count)

    def undo_command(self, count: int = 1) -> list[tuple[str | None, list]]:
        """Reverse the last ``count`` kept commands, newest first, in one write: the rows each
        added are removed, the rows it removed or changed are put back as they were. A list of
        (command, [(what, table, row)]) with what "removed", "restored" or "set back", one per
        command undone; shorter than ``count`` when fewer are left. A command none of whose
        rows is left as it stored them (all removed since with `rm`) is passed over for the one
        before. With no command kept (rows stored before the journal, or imported), the row
        stored last is removed, as undo always did: (None, [("removed", table, row)]).

        >>> store.undo_command()  # after `sore 6 --morning --replace`
        [('sore 6 --morning --replace', [('removed', 'soreness', {...}), ('restored', ...)])]
        """
        return self.write(self._undo, True, count)

    def _undo(self, conn, apply: bool, count: int = 1) -> list[tuple[str | None, list]]:
        import ast

        # Without ``apply`` (a preview), what the undos before would have changed is kept here,
        # so the next one is worked out from the rows as they would be by then.
        overlay: dict = {}

        def now(table: str, row_id: int) -> dict | None:
            if (table, row_id) in overlay:
                return overlay[table, row_id]
            return _whole(conn, table, row_id)

        def reverse(plan: list) -> None:
            for what, table, row in plan:
                if apply:
                    _reverse(conn, what, table, row)
                else:
                    overlay[table, row["id"]] = None if what == "removed" else row

        undone: list = []
        newest = LAST_ROW_ID
        while len(undone) < count:
            found = conn.execute(
                "SELECT id, command, steps FROM undo_log WHERE id <= ? ORDER BY id DESC LIMIT 1",
                (newest,),
            ).fetchone()
            if found is None:
                gone = [(t, n) for (t, n), row in overlay.items() if row is None]
                latest = _latest(conn, gone)
                if latest is None:
                    break
                plan = [("removed", *latest)]
                reverse(plan)
                undone.append((None, plan))
                continue
            number, command, text = found
            newest = number - 1
            steps = ast.literal_eval(text)
            plan = []
            for action, table, row_id, row in reversed(steps):
                present = now(table, row_id)
                if action == "added" and present is not None:
                    plan.append(("removed", table, present))
                elif action == "removed" and present is None:
                    plan.append(("restored", table, row))
                elif action == "changed" and present is not None:
                    plan.append(("set back", table, row))
            if apply:
                conn.execute("DELETE FROM undo_log WHERE id = ?", (number,))
            added = any(action == "added" for action, *_ in steps)
            if added and not any(what == "removed" for what, *_ in plan):
                # Every row it stored was removed since (`rm`): nothing of it is left to undo,
                # and what it replaced stays as the person has it now. The one before, then.
                continue
            reverse(plan)
            undone.append((command, plan))
        return undone

    def read(self, sql: str, params=()) -> list:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc

    def iterate(self, sql: str, params=()):
        """Rows one at a time, for reading a whole table without holding it in memory."""
        try:
            yield from self.conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc

    def batches(self, sql: str, params=(), size: int = 2000):
        """Rows in lists of up to ``size``: a whole table read in flat memory, with one call
        into SQLite per batch rather than per row (what makes `export` as fast as a bare loop).

        >>> [len(batch) for batch in store.batches("SELECT 1 FROM entries")]  # 4,500 entries
        [2000, 2000, 500]
        """
        try:
            cursor = self.conn.execute(sql, params)
            while batch := cursor.fetchmany(size):
                yield batch
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc

    def snapshot(self) -> _Snapshot:
        """``with store.snapshot():`` reads everything inside from one state of the database."""
        return _Snapshot(self)

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            return
        # A command that only read leaves the file as it found it: nothing new to remember.
        if self.writable and (self.known is None or file_stamp(self.path) != self.known):
            remember_checked(self.path)

    # --- entries --------------------------------------------------------------------------

    # Each `add_*` stores, in the same write, the ``flags`` its note raised (see
    # actions.heard_note), each row's new id set in it: the set and its note's warning are
    # stored together or not at all.

    def add_entry(self, row: dict, flags=()) -> int:
        """Store one logged set (or several identical sets); returns its id."""
        return self.write(
            lambda conn: self._add_flags(conn, flags, self._add(conn, "entries", row))
        )

    def add_morning(self, row: dict, replace: bool, flags=()) -> tuple[int | None, list]:
        """Store a morning score unless the day (and side) has one: (new id or None, the
        (id, score) pairs already there, removed when ``replace``), all in one write."""

        def add(conn):
            found = conn.execute(
                "SELECT id, score FROM soreness WHERE day = ? AND timing = 'morning' "
                "AND side IS ? ORDER BY id",
                (row["day"], row["side"]),
            ).fetchall()
            if found and not replace:
                return None, found
            for row_id, _ in found:
                self._keep(conn, "removed", "soreness", row_id)
                conn.execute("DELETE FROM soreness WHERE id = ?", (row_id,))
            return self._add_flags(conn, flags, self._add(conn, "soreness", row)), found

        return self.write(add)

    def add_soreness(self, row: dict, flags=()) -> int:
        return self.write(
            lambda conn: self._add_flags(conn, flags, self._add(conn, "soreness", row))
        )

    def add_entries(self, rows: list, flags=()) -> list:
        """Store rows logged together (a run's distance and time): all or none; their ids."""
        return self.write(
            lambda conn: self._add_flags(conn, flags, [self._add(conn, "entries", r) for r in rows])
        )

    def add_entry_and_flag(self, entry: dict, flag: dict, flags=()) -> tuple[int, int]:
        """Store a set and a flag raised with it (``done --tingling``) together: both or neither."""
        return self.write(
            lambda conn: self._add_flags(
                conn, flags, (self._add(conn, "entries", entry), self._add(conn, "flags", flag))
            )
        )

    def entries_between(self, first_day: str, last_day: str, exercise: str | None = None) -> list:
        """Entries whose day is in [first_day, last_day], oldest first, as dicts."""
        sql = f"SELECT {', '.join(ENTRY_COLUMNS)} FROM entries WHERE day BETWEEN ? AND ?"
        params: tuple = (first_day, last_day)
        if exercise is not None:
            sql += " AND exercise = ?"
            params += (exercise,)
        rows = self.read(sql + " ORDER BY utc, id", params)
        return [dict(zip(ENTRY_COLUMNS, row, strict=True)) for row in rows]

    def planner_entries(self, first_day: str, last_day: str, slugs) -> list:
        """Just what the planner reads, for the exercises it plans: the hot path of done and plan.

        Sets logged alike (same day, exercise, amount, unit, side and pain) come as one row with
        their sets summed: the planner only sums sets, compares amounts and takes the highest
        pain, so it plans the same, and a day of thousands of identical sets (a runaway script,
        an import) is read as one row instead of thousands of dicts."""
        marks = ", ".join("?" for _ in slugs)
        rows = self.read(
            f"SELECT day, exercise, sum(sets), amount, unit, side, pain, minutes FROM entries "
            f"WHERE day BETWEEN ? AND ? AND exercise IN ({marks}) "
            "GROUP BY day, exercise, amount, unit, side, pain, minutes",
            (first_day, last_day, *slugs),
        )
        keys = ("day", "exercise", "sets", "amount", "unit", "side", "pain", "minutes")
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def newest_first(self, table: str, first_day: str, last_day: str, exercise=None):
        """Rows of ``entries`` or ``soreness`` whose day is in [first_day, last_day], newest
        first (by UTC instant; ties: entries by id from the highest, scores from the lowest, as
        history has always listed them), as dicts with their ``utc``, one at a time.

        SQLite sorts them (spilling to a temporary file when they are many), so a listing of
        any length is written in flat memory."""
        columns = ENTRY_COLUMNS if table == "entries" else SORENESS_COLUMNS
        keys = (*columns, "utc", "uid")
        sql = f"SELECT {', '.join(keys)} FROM {table} WHERE day BETWEEN ? AND ?"
        params: tuple = (first_day, last_day)
        if exercise is not None:
            sql += " AND exercise = ?"
            params += (exercise,)
        order = "id DESC" if table == "entries" else "id"
        for batch in self.batches(f"{sql} ORDER BY utc DESC, {order}", params):
            for row in batch:
                yield dict(zip(keys, row, strict=True))

    def done_before(self, day: str, slugs) -> list:
        """Which of ``slugs`` have a set logged before ``day`` (an index look-up each)."""
        return [
            slug
            for slug in slugs
            if self.read(
                "SELECT 1 FROM entries WHERE exercise = ? AND day < ? LIMIT 1", (slug, day)
            )
        ]

    def mornings(self, first_day: str, last_day: str) -> list:
        """Morning soreness scores in [first_day, last_day]."""
        return [
            row[0]
            for row in self.read(
                "SELECT score FROM soreness WHERE timing = 'morning' AND day BETWEEN ? AND ? "
                "AND NOT outranked",
                (first_day, last_day),
            )
        ]

    def morning_before(self, day: str) -> tuple | None:
        """(day, score) of the last morning score before ``day`` (the day's highest), or None:
        a flare long ago with no score since still governs the plan."""
        found = self.read(
            "SELECT day, max(score) FROM soreness WHERE timing = 'morning' AND NOT outranked "
            "AND day = (SELECT max(day) FROM soreness WHERE timing = 'morning' AND day < ?)",
            (day,),
        )
        return (found[0][0], found[0][1]) if found and found[0][0] is not None else None

    def soreness_between(self, first_day: str, last_day: str) -> list:
        """The scores that count in [first_day, last_day]: a morning score another device's
        later one outranked (see migration m011) stays in history only."""
        sql = (
            f"SELECT {', '.join(SORENESS_COLUMNS)} FROM soreness WHERE day BETWEEN ? AND ? "
            "AND NOT outranked ORDER BY utc, id"
        )
        rows = self.read(sql, (first_day, last_day))
        return [dict(zip(SORENESS_COLUMNS, row, strict=True)) for row in rows]

    def get(self, table: str, row_id: int) -> dict | None:
        """One row of ``entries`` or ``soreness`` by id, or None."""
        try:
            return _row(self.conn, table, row_id)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc

    def latest(self) -> tuple[str, dict] | None:
        """The most recently logged row of either table, for undo: (table, row)."""
        try:
            return _latest(self.conn)
        except sqlite3.Error as exc:
            raise translate_error(exc, self.path) from exc

    # Removals and changes find their row inside their own write transaction, so two glutelogs
    # at once can never both claim one row: the second finds it gone (or finds the next one).

    def remove(self, table: str, row_id: int) -> dict | None:
        """Remove one row of ``entries`` or ``soreness``; returns it as it was, or None."""

        def remove(conn):
            row = _row(conn, table, row_id)
            if row is not None:
                self._keep(conn, "removed", table, row_id)
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            return row

        return self.write(remove)

    def remove_rows(self, ids: list[tuple[str, int]]) -> tuple[list[dict], list]:
        """Remove several rows of ``entries`` or ``soreness`` in one transaction: (the rows as
        they were, []), or ([], the ids not found) with nothing removed."""

        def remove(conn):
            found = [(table, number, _row(conn, table, number)) for table, number in ids]
            missing = [(table, number) for table, number, row in found if row is None]
            if missing:
                return [], missing
            for table, number, _ in found:
                self._keep(conn, "removed", table, number)  # as remove() does, for undo
                conn.execute(f"DELETE FROM {table} WHERE id = ?", (number,))
            return [row for _, _, row in found], []

        return self.write(remove)

    def remove_latest(self) -> tuple[str, dict] | None:
        """Remove the most recently logged row of either table; returns (table, row), or None."""

        def remove(conn):
            found = _latest(conn)
            if found is not None:
                conn.execute(f"DELETE FROM {found[0]} WHERE id = ?", (found[1]["id"],))
            return found

        return self.write(remove)

    def change(self, table: str, row_id: int, changes_for) -> tuple[dict, dict] | None:
        """Update one row with the changes ``changes_for(row)`` returns for it as it is now (it
        may refuse by raising); returns (before, after), or None when there is no such row."""

        def change(conn):
            before = _row(conn, table, row_id)
            if before is None:
                return None
            changes = changes_for(before)
            if "at" in changes:  # the instant follows the moment (see migration 4)
                changes = dict(changes, utc=utc_text(changes["at"]))
            self._keep(conn, "changed", table, row_id)
            assignments = ", ".join(f"{column} = ?" for column in changes)
            conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?", (*changes.values(), row_id)
            )
            return before, _row(conn, table, row_id)

        return self.write(change)

    def delete(self, table: str, row_id: int) -> None:
        self.write(lambda conn: conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,)))

    def update(self, table: str, row_id: int, changes: dict) -> None:
        if "at" in changes:
            changes = dict(changes, utc=utc_text(changes["at"]))
        assignments = ", ".join(f"{column} = ?" for column in changes)
        self.write(
            lambda conn: conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?", (*changes.values(), row_id)
            )
        )

    # --- time budgets (`plan --minutes`) --------------------------------------------------

    def day_minutes(self, first_day: str, last_day: str) -> dict:
        """{day: minutes} chosen for days in [first_day, last_day]."""
        return dict(
            self.read(
                "SELECT day, minutes FROM day_minutes WHERE day BETWEEN ? AND ?",
                (first_day, last_day),
            )
        )

    def set_day_minutes(self, day: str, minutes: int | None, at: str) -> None:
        """Keep ``minutes`` for ``day``; None forgets the day's budget."""
        if minutes is None:
            self.write(lambda conn: conn.execute("DELETE FROM day_minutes WHERE day = ?", (day,)))
            return
        self.write(
            lambda conn: conn.execute(
                "INSERT INTO day_minutes (day, minutes, set_at) VALUES (?, ?, ?) "
                "ON CONFLICT (day) DO UPDATE SET minutes = excluded.minutes, set_at = excluded.set_at",
                (day, minutes, at),
            )
        )

    def counts(self) -> dict:
        return {
            table: self.read(f"SELECT count(*) FROM {table}")[0][0]
            for table in ("entries", "soreness", "settings", "flags")
        }

    # --- red flags (warning symptoms; see redflags.py) ------------------------------------
    # Flags are never removed by rm: only `flag --clear` ends one, and it stays in the history
    # with the moment it was cleared. `undo` takes back the flags its command raised or cleared.

    def add_flag(self, row: dict) -> int:
        """Store one raised flag; returns its id."""
        return self.write(self._add, "flags", row)

    def add_flags(self, rows: list, confirm=()) -> None:
        """Store raised flags and confirm suspected ones (ids in ``confirm``: no longer
        suspected), in one write; each row's new id is set in it."""

        def write(conn):
            self._add_flags(conn, rows, None)
            for row_id in confirm:
                self._keep(conn, "changed", "flags", row_id)
            conn.executemany("UPDATE flags SET suspected = 0 WHERE id = ?", [(i,) for i in confirm])

        self.write(write)

    def _flags(self, where: str, params: tuple) -> list:
        rows = self.read(
            f"SELECT {', '.join(FLAG_COLUMNS)} FROM flags WHERE {where} ORDER BY day, id", params
        )
        return [dict(zip(FLAG_COLUMNS, row, strict=True)) for row in rows]

    def flag_rows(self, last_day: str, first_day: str | None = None) -> list:
        """Flags that may be in force on some day of [first_day, last_day] (first_day defaults
        to last_day): raised on or before last_day and not cleared by first_day."""
        first_day = last_day if first_day is None else first_day
        return self._flags(
            "day <= ? AND (cleared_day IS NULL OR cleared_day > ?)", (last_day, first_day)
        )

    def flags_between(self, first_day: str, last_day: str) -> list:
        """Flags raised or cleared in [first_day, last_day], for history and reports."""
        return self._flags(
            "day BETWEEN ? AND ? OR cleared_day BETWEEN ? AND ?",
            (first_day, last_day, first_day, last_day),
        )

    def clear_flags(
        self, symptom: str | None, at: str, day: str, exercise: str | None = None, select=None
    ) -> list:
        """Clear, in one write transaction, the flags not yet cleared and raised on or before
        ``day`` (only ``symptom``'s, and ``exercise``'s, when given); returns them as they were.

        ``select(rows, day)``, when given, picks among those the rows to clear (e.g. only the
        ones still in force): it sees the rows as they are inside the transaction.
        """

        def clear(conn):
            where = "cleared_day IS NULL AND day <= ?"
            params: tuple = (day,)
            if symptom is not None:
                where += " AND symptom = ?"
                params += (symptom,)
            if exercise is not None:
                where += " AND exercise = ?"
                params += (exercise,)
            found = conn.execute(
                f"SELECT {', '.join(FLAG_COLUMNS)} FROM flags WHERE {where} ORDER BY day, id",
                params,
            ).fetchall()
            rows = [dict(zip(FLAG_COLUMNS, row, strict=True)) for row in found]
            if select is not None:
                chosen = {flag["id"] for flag in select(rows, day)}
                rows = [row for row in rows if row["id"] in chosen]
            for row in rows:
                self._keep(conn, "changed", "flags", row["id"])
            conn.executemany(
                "UPDATE flags SET cleared_at = ?, cleared_day = ? WHERE id = ?",
                [(at, day, row["id"]) for row in rows],
            )
            return rows

        return self.write(clear)

    # --- caches of plans (see migrations m002 and m003) ---------------------------------------
    # Written only if nothing else changed the database since the data they were computed from
    # was read (PRAGMA data_version), so a set logged by another glutelog in between can never be
    # hidden behind a stale cache: its triggers ran before our write, and our write is skipped.

    def data_version(self) -> int:
        return self.read("PRAGMA data_version")[0][0]

    def day_statuses(self, first_day: str, last_day: str, plan_keys: dict) -> dict:
        """{day: kept status} of the days from ``first_day`` to ``last_day`` kept with the plan
        key ``plan_keys`` gives for that day (a day with another key is planned again)."""
        rows = self.read(
            "SELECT day, planned, done, day_type, plan_key FROM day_status "
            "WHERE day BETWEEN ? AND ?",
            (first_day, last_day),
        )
        return {
            day: {"planned": p, "done": d, "day_type": t}
            for day, p, d, t, key in rows
            if plan_keys.get(day) == key
        }

    def save_day_statuses(self, statuses: dict, plan_keys: dict, version: int) -> None:
        values = [
            (day, s["planned"], s["done"], s["day_type"], plan_keys[day])
            for day, s in statuses.items()
        ]
        self._save_cache(
            "INSERT OR REPLACE INTO day_status (day, planned, done, day_type, plan_key) "
            "VALUES (?, ?, ?, ?, ?)",
            values,
            version,
        )

    def plan_basis(self, day: str, plan_key: str) -> dict | None:
        """The kept basis of ``day``'s plan, or None (never kept, outdated or unreadable)."""
        import marshal

        rows = self.read(
            "SELECT basis FROM plan_basis WHERE day = ? AND plan_key = ?", (day, plan_key)
        )
        if not rows:
            return None
        try:
            basis = marshal.loads(rows[0][0])
        except (EOFError, ValueError, TypeError):
            return None
        return basis if isinstance(basis, dict) else None

    def save_plan_basis(self, day: str, plan_key: str, basis: dict, version: int) -> None:
        import marshal

        self._save_cache(
            "INSERT OR REPLACE INTO plan_basis (day, plan_key, basis) VALUES (?, ?, ?)",
            [(day, plan_key, marshal.dumps(basis))],
            version,
        )

    def _save_cache(self, sql: str, values: list, version: int) -> None:
        """Best effort: a cache that cannot be written (read-only, busy, full) is not kept."""
        if not values or not self.writable or self.full:
            return

        def save(conn):
            if conn.execute("PRAGMA data_version").fetchone()[0] == version:
                conn.executemany(sql, values)

        try:
            self.conn.execute("PRAGMA busy_timeout = 200")
            self.write(save)
        except (errors.Busy, errors.ReadOnly, errors.DiskError):
            pass
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def week_totals(self, first_day: str, last_day: str) -> list:
        """Sets, amounts and the minutes distances took, per exercise, unit and side over a
        range, summed by SQLite."""
        return self.read(
            "SELECT exercise, unit, side, sum(sets), sum(sets * coalesce(amount, 0)), "
            "sum(sets * coalesce(minutes, 0)) FROM entries "
            "WHERE day BETWEEN ? AND ? GROUP BY exercise, unit, side",
            (first_day, last_day),
        )

    def range_totals(self, first_day: str, last_day: str) -> list:
        """``week_totals`` for any range, reading the whole months inside it from the month
        totals kept by migration m003 and only the days at its edges from the entries."""
        from glutelog.stdlib import date, timedelta

        first, last = date.fromisoformat(first_day), date.fromisoformat(last_day)
        month = (
            first if first.day == 1 else (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        )
        months = []  # the whole months inside [first, last]
        while True:
            following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
            if following - timedelta(days=1) > last:
                break
            months.append(month)
            month = following
        if not months:
            return self.week_totals(first_day, last_day)
        rows = self.month_sums(months[0].isoformat()[:7], months[-1].isoformat()[:7])
        if first < months[0]:
            rows += self.week_totals(first_day, (months[0] - timedelta(days=1)).isoformat())
        if month <= last:
            rows += self.week_totals(month.isoformat(), last_day)
        summed: dict = {}
        for exercise, unit, side, *sums in rows:
            key = (exercise, unit, side)
            found = summed.get(key)
            summed[key] = sums if found is None else list(map(_add, found, sums))
        return [(*key, *sums) for key, sums in summed.items()]

    def month_sums(self, first_month: str, last_month: str) -> list:
        """``week_totals`` over whole months, summed by SQLite from the kept month totals."""
        return self.read(
            "SELECT exercise, unit, nullif(side, ''), sum(sets), sum(amount), sum(minutes) "
            "FROM month_totals WHERE month BETWEEN ? AND ? GROUP BY exercise, unit, side",
            (first_month, last_month),
        )

    def month_sets(self, first_month: str, last_month: str) -> dict:
        """{YYYY-MM: sets logged} from the kept month totals; a rest day is not a set."""
        return dict(
            self.read(
                "SELECT month, sum(sets) FROM month_totals WHERE month BETWEEN ? AND ? "
                "AND unit != 'none' GROUP BY month",
                (first_month, last_month),
            )
        )

    def day_mornings(self, first_day: str, last_day: str) -> list:
        """(day, highest morning score) in a range: what a comparison with an earlier period
        needs, without reading every column of every score."""
        return self.read(
            "SELECT day, max(score) FROM soreness WHERE day BETWEEN ? AND ? "
            "AND timing = 'morning' AND NOT outranked GROUP BY day",
            (first_day, last_day),
        )

    def day_sets(self, first_day: str, last_day: str, strength) -> tuple[dict, dict]:
        """({day: sets logged}, ``day_marks``) over a range, from the day sums kept by migration
        m005: a row a day, however much was logged. A rest day is not a set."""
        sets, runs = {}, {}
        for day, count, run_sets, km, minutes in self.read(
            "SELECT day, sets, run_sets, run_km, run_minutes FROM day_sums "
            "WHERE day BETWEEN ? AND ?",
            (first_day, last_day),
        ):
            sets[day] = count
            if run_sets:
                runs[day] = (run_sets, km, minutes)
        return sets, self._marks(runs, first_day, last_day, strength)

    def day_marks(self, first_day: str, last_day: str, strength) -> dict:
        """{day: (run sets, run km, run minutes, strength entries)} over a range, for the days
        with a run or a strength exercise."""
        runs = {
            day: (run_sets, km, minutes)
            for day, run_sets, km, minutes in self.read(
                "SELECT day, run_sets, run_km, run_minutes FROM day_sums "
                "WHERE day BETWEEN ? AND ? AND run_sets > 0",
                (first_day, last_day),
            )
        }
        return self._marks(runs, first_day, last_day, strength)

    def _marks(self, runs: dict, first_day: str, last_day: str, strength) -> dict:
        # Which exercises are strength is the catalog's to say, so it cannot be kept with the
        # day sums. Counted in entries, so that SQLite reads the (exercise, day) index alone,
        # without a row look-up each (a year is ~5,000 rows).
        marks = {day: (*run, 0) for day, run in runs.items()}
        if strength:
            places = ", ".join("?" for _ in strength)
            for day, count in self.read(
                f"SELECT day, count(*) FROM entries WHERE exercise IN ({places}) "
                "AND day BETWEEN ? AND ? GROUP BY day",
                (*strength, first_day, last_day),
            ):
                marks[day] = (*marks.get(day, (0, 0, 0))[:3], count)
        return marks

    def month_totals(self, first_month: str, last_month: str) -> list:
        """(YYYY-MM, exercise, unit, side, sets, amount) sums per month, from the totals kept
        by migration m003's triggers: a few hundred rows a year, however much was logged."""
        return self.read(
            "SELECT month, exercise, unit, nullif(side, ''), sets, amount FROM month_totals "
            "WHERE month BETWEEN ? AND ?",
            (first_month, last_month),
        )

    def first_logged_day(self) -> str | None:
        """The first day with a set or a soreness score (two index look-ups, no scan)."""
        found = self.read(
            "SELECT min(day) FROM (SELECT min(day) AS day FROM entries "
            "UNION ALL SELECT min(day) FROM soreness)"
        )
        return found[0][0]

    def identity(self) -> str:
        """Text that names this database for its whole life: the moment its schema was first
        made, as the migrations recorded it, so a copy made by `glutelog backup` keeps it and
        moving the file does not change it. The path, for a file without that record."""
        try:
            found = self.conn.execute(
                "SELECT applied_at FROM _sqlite_migrations WHERE migration_set = 'glutelog' "
                "ORDER BY id LIMIT 1"
            ).fetchall()
        except sqlite3.Error as exc:
            if "no such table" not in str(exc):  # busy or damaged: not a reason for a new name
                raise translate_error(exc, self.path) from exc
            found = []
        return f"created {found[0][0]}" if found and found[0][0] else f"file {self.path}"

    # --- what `calendar` last wrote (see migration m011) ------------------------------------

    def calendar_versions(self, digests: dict, now: str) -> dict:
        """{uid: (sequence, modified)} for events about to be written with ``digests``
        ({uid: digest}): an event seen before with the same digest keeps both; a changed one
        gets the next sequence and ``now``; a new one 0 and ``now``. Kept in the same
        transaction as read, so two exports at once cannot give one sequence to two texts.
        Where the file cannot be written, the answer is the same but nothing is kept."""

        def versions(conn, keep: bool) -> dict:
            uids = list(digests)
            found = {}
            for start in range(0, len(uids), 500):
                chunk = uids[start : start + 500]
                marks = ", ".join("?" * len(chunk))
                found.update(
                    (uid, (digest, sequence, modified))
                    for uid, digest, sequence, modified in conn.execute(
                        "SELECT uid, digest, sequence, modified FROM calendar_events "
                        f"WHERE uid IN ({marks})",
                        chunk,
                    )
                )
            result, changed = {}, []
            for uid, digest in digests.items():
                if uid in found and found[uid][0] == digest:
                    result[uid] = found[uid][1:]
                    continue
                sequence = found[uid][1] + 1 if uid in found else 0
                result[uid] = (sequence, now)
                changed.append((uid, digest, sequence, now))
            if keep and changed:
                conn.executemany(
                    "INSERT OR REPLACE INTO calendar_events (uid, digest, sequence, modified) "
                    "VALUES (?, ?, ?, ?)",
                    changed,
                )
            return result

        if not self.writable or self.full:
            return versions(self.conn, False)
        return self.write(versions, True)

    # --- settings -------------------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        rows = self.read("SELECT value FROM settings WHERE key = ?", (key,))
        return rows[0][0] if rows else default

    def set_setting(self, key: str, value: str, today: str | None = None) -> None:
        """Store ``value`` for ``key`` from ``today`` on; the days before keep the value they
        had (``settings_history``). ``today`` None: no day is kept (a tool's own write)."""
        if self.setting(key) == value:
            return

        def write(conn):
            _keep_past_setting(conn, key, today)
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

        self.write(write)

    def settings(self) -> dict[str, str]:
        """Every stored setting as {key: value}, ordered by key."""
        return dict(self.read("SELECT key, value FROM settings ORDER BY key"))

    def unset_setting(self, key: str, today: str | None = None) -> None:
        """Forget ``key``, so its default applies again from ``today`` (see ``set_setting``)."""
        if self.setting(key) is None:
            return

        def write(conn):
            _keep_past_setting(conn, key, today)
            conn.execute("DELETE FROM settings WHERE key = ?", (key,))

        self.write(write)

    def settings_history(self) -> list:
        """(key, until_day, value) of the settings in force on past days, oldest first."""
        return self.read("SELECT key, until_day, value FROM settings_history ORDER BY until_day")


class _Snapshot:
    # A class, not contextlib: storage is on every command's start-up path.
    def __init__(self, store: Store):
        self.store = store

    def __enter__(self):
        try:
            self.store.conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise translate_error(exc, self.store.path) from exc

    def __exit__(self, *exc):
        if self.store.conn.in_transaction:
            self.store.conn.execute("COMMIT")


# What "the most recent" row is, for undo: the one stored last, whatever its id (imported rows
# keep the ids they had). The one place that says how rows are ordered by when they were logged.
NEWEST_FIRST = "logged_at DESC, id DESC"
# The largest id SQLite can hold; a larger number names no row.
LAST_ROW_ID = 2**63 - 1


def _row(conn: sqlite3.Connection, table: str, row_id: int) -> dict | None:
    """One row of ``entries`` or ``soreness`` by id, or None."""
    columns = ENTRY_COLUMNS if table == "entries" else SORENESS_COLUMNS
    if not 0 <= row_id <= LAST_ROW_ID:
        return None
    found = conn.execute(
        f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (row_id,)
    ).fetchone()
    return dict(zip(columns, found, strict=True)) if found else None


def _latest(conn: sqlite3.Connection, gone=()) -> tuple[str, dict] | None:
    """The row stored last, of either table. Rows keep when they were stored as fixed-width UTC
    text (rows stored before schema 4 with their local offset), so the candidates of each table
    are its newest by that text and its highest id, two index look-ups; they are compared as
    instants, which holds across changes of time zone. ``gone``: (table, id) of rows to pass
    over, as if removed (what a preview of several undos would have removed by then)."""
    found = []
    for table in ("entries", "soreness"):
        skip = [row_id for name, row_id in gone if name == table]
        where = f"WHERE id NOT IN ({', '.join('?' * len(skip))})" if skip else ""
        for order in (NEWEST_FIRST, "id DESC"):
            row = conn.execute(
                f"SELECT logged_at, id FROM {table} {where} ORDER BY {order} LIMIT 1", skip
            ).fetchone()
            if row is not None:
                found.append((utc_text(row[0]) or "", table == "entries", row[1], table))
    if not found:
        return None
    _, _, row_id, table = max(found)
    return table, _row(conn, table, row_id)


# How many commands undo_log keeps: `undo` goes this far back command by command.
UNDO_KEPT = 100


def _reverse(conn: sqlite3.Connection, what: str, table: str, row: dict) -> None:
    """One step of an undo: remove a row a command added, put back one it removed, or set one
    it changed back to ``row``."""
    if what == "removed":
        conn.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
    elif what == "restored":
        # The row comes back with the stable id it had; one kept before ids existed gets one.
        if table in UID_TABLES and not row.get("uid"):
            row = dict(row, uid=new_uid())
        columns, marks = ", ".join(row), ", ".join("?" * len(row))
        conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
    else:
        assignments = ", ".join(f"{column} = ?" for column in row)
        conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*row.values(), row["id"]))


def _whole(conn: sqlite3.Connection, table: str, row_id: int) -> dict | None:
    """Every column of one row (logged_at and utc too), as undo puts it back."""
    cursor = conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    found = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), found, strict=True)) if found else None


def _journal(conn: sqlite3.Connection, command: str, steps: list) -> None:
    """Keep what ``command`` did for undo, and forget commands older than UNDO_KEPT."""
    number = conn.execute(
        "INSERT INTO undo_log (command, logged_at, steps) VALUES (?, ?, ?)",
        (command, utc_text(datetime.now(UTC)), repr(steps)),
    ).lastrowid
    conn.execute("DELETE FROM undo_log WHERE id <= ?", (number - UNDO_KEPT,))


def _keep_past_setting(conn: sqlite3.Connection, key: str, today: str | None) -> None:
    """Before ``key`` changes on ``today``, keep the value it had as in force until yesterday.

    Only when something was logged before today: with nothing logged there was no past plan
    to keep. The first change of a day wins (OR IGNORE): yesterday had the value before it.
    """
    if today is None:
        return
    logged = conn.execute("SELECT 1 FROM entries WHERE day < ? LIMIT 1", (today,)).fetchone()
    scored = conn.execute("SELECT 1 FROM soreness WHERE day < ? LIMIT 1", (today,)).fetchone()
    if not (logged or scored):
        return
    stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    value, _ = setting_keys.checked(key, stored)
    yesterday = (date.fromisoformat(today) - timedelta(days=1)).isoformat()
    conn.execute(
        "INSERT OR IGNORE INTO settings_history (key, until_day, value) VALUES (?, ?, ?)",
        (key, yesterday, value),
    )


def _insert_flags(conn: sqlite3.Connection, flags, result):
    """Store ``flags`` (setting each one's id in it) and return ``result`` unchanged."""
    for flag in flags:
        flag["id"] = _insert(conn, "flags", flag)
    return result


# The per-row insert triggers a bulk load turns off, each kept again once by ``_refresh``:
# clearing the kept plans of later days (migrations m002, m003) and keeping the month and day
# totals (m003, m005). Any other trigger still fires for each row.
BULK_TRIGGERS = (
    "entries_insert_clears_day_status",
    "entries_insert_clears_plan_basis",
    "entries_insert_month_totals",
    "entries_insert_day_sums",
    "soreness_insert_clears_day_status",
    "soreness_insert_clears_plan_basis",
)


def bulk_insert(conn: sqlite3.Connection, insert, entry_days: str, score_days: str) -> None:
    """Run ``insert()``, which adds many rows to entries and soreness inside the caller's write
    transaction, with the BULK_TRIGGERS off, then do once what they do per row (for a 20-year
    import, most of its time). ``entry_days`` and ``score_days``: SQL selecting the day of each
    row added. All within the transaction: a failure restores the triggers with the rest.

    >>> store.write(lambda conn: bulk_insert(conn, add_rows, "SELECT day FROM temp.new", ...))
    """
    found = conn.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND name IN "
        f"({', '.join('?' * len(BULK_TRIGGERS))})",
        BULK_TRIGGERS,
    ).fetchall()
    for name, _ in found:
        conn.execute(f"DROP TRIGGER main.{name}")
    insert()
    for _, sql in found:
        conn.execute(sql)
    _refresh(conn, entry_days, score_days)


# Indexes whose keys come in no order (random stable ids, migration m010). A row of a large
# load goes into such an index at a page anywhere in it, which, once the index outgrows SQLite's
# page cache, is most of the load's time; one sort after the load builds it far faster.
UNORDERED_INDEXES = {"entries": "entries_by_uid", "soreness": "soreness_by_uid"}


def load_rows(conn: sqlite3.Connection, table: str, adding: int, insert):
    """Run ``insert()``, which adds ``adding`` rows to ``table`` inside the caller's write
    transaction, and return what it returns. A load of at least as many rows as the table has
    numbered builds the table's UNORDERED_INDEXES again after it rather than row by row: the
    work stays in proportion to the rows added (at most twice them), and a key stored twice
    still fails the load, as a unique index makes it. All within the transaction.

    >>> store.write(lambda conn: load_rows(conn, "entries", 292000, add_rows))
    """
    name = UNORDERED_INDEXES.get(table)
    found = None
    if name is not None and adding > 0:
        numbered = conn.execute(f"SELECT max(rowid) FROM main.{table}").fetchone()[0] or 0
        if adding >= numbered:
            found = conn.execute(
                "SELECT sql FROM main.sqlite_master WHERE type = 'index' AND name = ?", (name,)
            ).fetchone()
    if found is not None:
        conn.execute(f"DROP INDEX main.{name}")
    result = insert()
    if found is not None:
        conn.execute(found[0])
    return result


# A run's kilometres and minutes as the day sums add them (migration m009).
KM = "CASE WHEN unit = 'km' THEN sets * amount ELSE 0 END"
RUN_MINUTES = "sets * CASE WHEN unit = 'minutes' THEN amount ELSE coalesce(minutes, 0) END"


def _refresh(conn: sqlite3.Connection, entry_days: str, score_days: str) -> None:
    """What BULK_TRIGGERS do for each row added on ``entry_days`` and ``score_days``, done
    once: the same statements over the days and months touched."""
    first_entry = conn.execute(f"SELECT min(day) FROM ({entry_days})").fetchone()[0]
    first_score = conn.execute(f"SELECT min(day) FROM ({score_days})").fetchone()[0]
    # A set clears the kept plans of later days, a score those of its own day too.
    for first, op in ((first_entry, ">"), (first_score, ">=")):
        if first is not None:
            conn.execute("DELETE FROM day_status WHERE day >= ?", (first,))
            conn.execute(f"DELETE FROM plan_basis WHERE day {op} ?", (first,))
    if first_entry is None:
        return
    conn.execute("DROP TABLE IF EXISTS temp.bulk_days")
    conn.execute(
        f"CREATE TEMP TABLE bulk_days AS SELECT DISTINCT day FROM ({entry_days}) ORDER BY day"
    )
    # Month totals summed again for each month touched (as migration m003 first filled them).
    conn.execute(
        "DELETE FROM month_totals WHERE month IN (SELECT DISTINCT substr(day, 1, 7) "
        "FROM temp.bulk_days)"
    )
    conn.execute(
        "INSERT INTO month_totals SELECT substr(e.day, 1, 7), e.exercise, e.unit, "
        "coalesce(e.side, ''), sum(e.sets), sum(e.sets * coalesce(e.amount, 0)), count(*), "
        "sum(e.sets * coalesce(e.minutes, 0)) "
        "FROM (SELECT DISTINCT substr(day, 1, 7) AS month FROM temp.bulk_days) AS m "
        "JOIN entries AS e ON e.day BETWEEN m.month || '-01' AND m.month || '-31' "
        "GROUP BY 1, 2, 3, 4"
    )
    # Day sums for each day touched, the run's sums as the m009 trigger sums them.
    conn.execute("DELETE FROM day_sums WHERE day IN (SELECT day FROM temp.bulk_days)")
    runs = "coalesce(sum({sum}), 0) FROM entries WHERE day = d.day AND exercise = 'run'"
    conn.execute(
        "INSERT INTO day_sums SELECT d.day, "
        "(SELECT sum(CASE WHEN unit != 'none' THEN sets ELSE 0 END) FROM entries "
        "WHERE day = d.day), "
        "(SELECT coalesce(sum(sets), 0) FROM entries WHERE day = d.day AND exercise = 'run'), "
        f"(SELECT {runs.format(sum=KM)}), (SELECT {runs.format(sum=RUN_MINUTES)}), "
        "(SELECT count(*) FROM entries WHERE day = d.day) FROM temp.bulk_days AS d"
    )
    conn.execute("DROP TABLE temp.bulk_days")


def _insert(conn: sqlite3.Connection, table: str, row: dict) -> int:
    # Microseconds keep "the most recent entry" (for undo) well defined across both tables.
    logged = utc_text(datetime.now(UTC))
    row = dict(row, logged_at=logged, utc=utc_text(row["at"]), uid=row.get("uid") or new_uid())
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(row.values()))
    return cursor.lastrowid


# --- opening ----------------------------------------------------------------------------------


# Bytes kept as they are in a file: URI; every other byte of a path is percent-encoded, so a
# "%41", "?" or "#" in the user's path names that very file instead of being read as a URI.


def file_stamp(path: str) -> tuple | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


STAMPS_FILE = "checked.marshal"


def _read_stamps() -> dict:
    from glutelog import paths

    found = paths.read_cache(STAMPS_FILE)
    return found if isinstance(found, dict) else {}


def known_stamp(path: str) -> tuple | None:
    """The file's stamp if glutelog left it so when it last closed it, else None."""
    stamp = file_stamp(path)
    return stamp if stamp is not None and _read_stamps().get(path) == stamp else None


def remember_checked(path: str) -> None:
    """Keep the stamps of the last 50 files closed: only an optimisation, so if it cannot be
    written the check simply runs again next time."""
    from glutelog import paths

    stamps = _read_stamps()
    stamps[path] = file_stamp(path)
    if len(stamps) > 50:
        stamps = dict(list(stamps.items())[-50:])
    paths.write_cache(STAMPS_FILE, stamps)
