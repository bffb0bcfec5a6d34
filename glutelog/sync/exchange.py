"""Records between the database and the shared folder: this device's changes out, every other
device's in. The folder's layout is ``folder``'s, the choice of a winner ``merge``'s; here it is
done in SQL, so a year away (or twenty) is merged in C, not a Python loop per row. A file's
records are parsed by Python's json one at a time and staged as plain values, so a file in
memory is its bytes and one record, however many it holds.

A file read from the folder is merged whole in one transaction together with how far that
device has been read (``sync_marks``): the database is either before it or after it, whatever
stops the sync. This device's files are written before the database notes them as written
(``sync_state.written``): a sync stopped between the two writes them again, and merging a record
twice changes nothing.
"""

from __future__ import annotations

from glutelog import errors
from glutelog.parsing import utc_text
from glutelog.rules import rule
from glutelog.stdlib import UTC, datetime, sqlite3
from glutelog.storage.database import Store, bulk_insert
from glutelog.storage.migrations import SCHEMA_VERSION, SYNCED
from glutelog.sync import clock, folder

# Columns that stay on their device: its own numbers, and what it works out for itself.
LOCAL_COLUMNS = ("id", "uid", "outranked")
# The part of a uid before the key, for the tables found back by a key (see SYNCED).
PREFIX = {"settings": "setting:", "day_minutes": "day-minutes:"}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [
        row[1]
        for row in conn.execute(f'PRAGMA table_info("{table}")')
        if row[1] not in LOCAL_COLUMNS
    ]


def state(conn: sqlite3.Connection) -> dict:
    cursor = conn.execute("SELECT * FROM sync_state")
    found = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), found, strict=True))


def start_tracking(store: Store) -> str:
    """This device's id; on its first sync, made, and every record already stored given a
    version (stamped now, by this device), so the other devices receive the whole log."""
    known = state(store.conn)
    if known["device"] and known["tracking"]:
        return known["device"]

    def start(conn):
        found = state(conn)
        if found["device"] and found["tracking"]:
            return found["device"]
        device = found["device"] or _new_device()
        stamp = clock.tick(found["clock"])
        for table, (uid, key) in SYNCED.items():
            # A setting (or a day's minutes) this device had before it joined gives way to the
            # shared log's: stamped as older than any change made while syncing. Sets, scores
            # and flags have ids of their own, so no other device can hold them yet.
            conn.execute(
                "INSERT OR IGNORE INTO sync_meta (uid, tbl, stamp, device, removed) "
                f"SELECT {uid.format(X='r')}, ?, ?, ?, 0 FROM {table} AS r "
                f"WHERE {uid.format(X='r')} IS NOT NULL",
                (table, stamp if key == "uid" else 1, device),
            )
        conn.execute("UPDATE sync_state SET device = ?, tracking = 1, clock = ?", (device, stamp))
        return device

    return store.write(start)


def give_ids(store: Store, device: str) -> int:
    """Give a stable id, and a version by this device, to every set, score and flag that has
    none: rows another program wrote straight into the database. Without one a row could not
    travel. Returns how many were given one."""
    from glutelog.storage.migrations import UID_TABLES, new_uid

    missing = [
        table
        for table in UID_TABLES
        if store.read(f"SELECT 1 FROM {table} WHERE uid IS NULL LIMIT 1")
    ]
    if not missing:
        return 0

    def fill(conn):
        conn.create_function("glutelog_new_uid", 0, new_uid, deterministic=False)
        stamp = clock.tick(state(conn)["clock"])
        given = 0
        for table in missing:
            # As migration m010 did: an id changes no plan and no total, so the per-row update
            # triggers are set aside while the ids are filled; the versions are stored here.
            triggers = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                "AND name LIKE ?",
                (table, f"{table}_update_%"),
            ).fetchall()
            for name, _ in triggers:
                conn.execute(f"DROP TRIGGER {name}")
            conn.execute("DROP TABLE IF EXISTS temp.sync_unnamed")
            conn.execute(
                f"CREATE TEMP TABLE sync_unnamed AS SELECT id FROM {table} WHERE uid IS NULL"
            )
            given += conn.execute(
                f"UPDATE {table} SET uid = glutelog_new_uid() WHERE uid IS NULL"
            ).rowcount
            conn.execute(
                "INSERT OR IGNORE INTO sync_meta (uid, tbl, stamp, device, removed) "
                f"SELECT uid, ?, ?, ?, 0 FROM {table} WHERE id IN (SELECT id FROM temp.sync_unnamed)",
                (table, stamp, device),
            )
            conn.execute("DROP TABLE temp.sync_unnamed")
            for _, sql in triggers:
                conn.execute(sql)
        conn.execute("UPDATE sync_state SET clock = max(clock, ?)", (stamp,))
        return given

    return store.write(fill)


def own_mark(store: Store, device: str) -> int | None:
    """The last file this database wrote into its device's folder (kept in ``sync_marks``
    beside the other devices' marks), or None before it kept one."""
    found = store.read("SELECT seq FROM sync_marks WHERE device = ?", (device,))
    return found[0][0] if found else None


def set_own_mark(store: Store, device: str, seq: int) -> None:
    store.write(
        lambda conn: conn.execute(
            "INSERT INTO sync_marks (device, seq) VALUES (?, ?) "
            "ON CONFLICT (device) DO UPDATE SET seq = excluded.seq",
            (device, seq),
        )
    )


def pending(store: Store, device: str) -> list:
    """[(uid, stamp)] of this device's changes not yet in the folder."""
    written = state(store.conn)["written"]
    return store.read(
        "SELECT uid, stamp FROM sync_meta WHERE device = ? AND stamp > ?", (device, written)
    )


def become_new_device(store: Store, old: str, pending: list) -> str:
    """This database takes a new device id; its changes not yet sent (``pending``, as they
    were before the old id's files were merged) go out under it. The old id's files stay,
    read from now on as another device's (this database has merged them up to its mark)."""
    device = _new_device()

    def move(conn):
        conn.execute("UPDATE sync_state SET device = ?, written = -1", (device,))
        conn.executemany(
            "UPDATE sync_meta SET device = ? WHERE uid = ? AND stamp = ? AND device = ?",
            [(device, uid, stamp, old) for uid, stamp in pending],
        )

    store.write(move)
    return device


def _new_device() -> str:
    import os

    return os.urandom(16).hex()


def _join(table: str) -> str:
    """SQL joining ``sync_meta AS m`` to the row ``r`` of ``table`` it names."""
    uid, key = SYNCED[table]
    if key == "uid":
        return "r.uid = m.uid"
    if key is None:
        return f"{uid.format(X='r')} = m.uid"
    return f"r.{key} = substr(m.uid, {len(PREFIX[table]) + 1})"


def outgoing(conn: sqlite3.Connection, device: str, since: int):
    """This device's changes after stamp ``since``: lists of at most sync_records_per_file
    records, each the JSON text ``[uid, table, stamp, removed, row]``; then the newest stamp."""
    size = rule("sync_records_per_file")
    batch: list = []
    newest = since
    anything = conn.execute(
        "SELECT 1 FROM sync_meta WHERE device = ? AND stamp > ? LIMIT 1", (device, since)
    ).fetchone()
    for table in SYNCED if anything else ():
        fields = columns(conn, table)
        row = "json_object(" + ", ".join(f"'{c}', r.{c}" for c in fields) + ")"
        cursor = conn.execute(
            f"SELECT json_array(m.uid, m.tbl, m.stamp, m.removed, "
            f"CASE WHEN m.removed THEN NULL ELSE json({row}) END), m.stamp "
            f"FROM sync_meta AS m LEFT JOIN {table} AS r ON {_join(table)} "
            "WHERE m.device = ? AND m.stamp > ? AND m.tbl = ? "
            f"AND (m.removed OR r.{fields[0]} IS NOT NULL) "
            # In order of day: a file then holds a run of days, and the reader works out the
            # day and month totals of those days only (a whole history: each day once).
            f"ORDER BY {'r.day' if 'day' in fields else 'm.uid'}",
            (device, since, table),
        )
        while rows := cursor.fetchmany(2000):
            for text, stamp in rows:
                batch.append(text)
                newest = max(newest, stamp)
                if len(batch) >= size:
                    yield batch
                    batch = []
    if batch:
        yield batch
    yield newest


def everything(conn: sqlite3.Connection, device: str):
    """Every record whose last change this device made: a snapshot's records."""
    yield from outgoing(conn, device, -1)


def body(device: str, seq: int, records: list) -> bytes:
    """A file's JSON: whose it is and its number (checked on reading, so a file copied into
    another device's folder or renamed is refused), the schema, then the records."""
    import json

    head = json.dumps(
        {"format": folder.FORMAT, "device": device, "seq": seq, "schema": SCHEMA_VERSION}
    )
    # The head on a line of its own, so a reader checks it without parsing the records twice;
    # then a record a line, so a reader makes text of one line at a time, never the whole.
    return (head + "\n[" + ",\n".join(records) + "]").encode("utf-8")


# --- in ----------------------------------------------------------------------------------------


def _refuse(name: str, why: str):
    raise errors.NotGlutelog(f"{name} is refused: {why}; nothing from it was merged")


def staged_columns(conn: sqlite3.Connection) -> list[str]:
    """Every column of every synced table (but the local ones), once: the staging table's."""
    found: list[str] = []
    for table in SYNCED:
        found += [c for c in columns(conn, table) if c not in found]
    return found


def merge_file(store: Store, data: bytes, device: str, seq: int, name: str, last: bool) -> dict:
    """Merge one file's records (already opened: ``data`` is its JSON) in one transaction with
    the mark that says it was read (when ``last``, the file that ends its seq). Returns what
    changed: {"added", "changed", "removed", "mornings": [(day, side), ...]}.

    The records are parsed one at a time and staged as they come, each field in a column of
    its own (``temp.sync_in``): memory holds the file's bytes and one record, and SQL reads
    plain values, never the JSON again."""
    import json

    end = data.find(b"\n")
    try:
        head = json.loads(data[:end]) if end > 0 else None
    except ValueError:
        head = None
    if not isinstance(head, dict) or head.get("format") != folder.FORMAT:
        _refuse(name, "it is not a glutelog sync file")
    if head.get("device") != device or head.get("seq") != seq:
        _refuse(name, "it is not the file its name and folder say (copied from elsewhere?)")
    schema = head.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA_VERSION:
        _refuse(name, "it was written by a newer glutelog (update this one)")

    def merge(conn):
        staged = staged_columns(conn)
        conn.execute("DROP TABLE IF EXISTS temp.sync_in")
        conn.execute(
            "CREATE TEMP TABLE sync_in (uid, tbl, stamp, removed, "
            + "".join(f"f_{c}, " for c in staged)
            + "PRIMARY KEY (uid)) WITHOUT ROWID"
        )
        # A uid twice in one file: its later version is the one staged.
        later = ", ".join(f"{c} = excluded.{c}" for c in ("tbl", "stamp", "removed"))
        later += "".join(f", f_{c} = excluded.f_{c}" for c in staged)
        try:
            conn.executemany(
                f"INSERT INTO temp.sync_in VALUES ({', '.join('?' * (len(staged) + 4))}) "
                f"ON CONFLICT (uid) DO UPDATE SET {later} WHERE excluded.stamp > stamp",
                _staged(_records(data, end + 1, name), staged, name),
            )
        except (sqlite3.ProgrammingError, OverflowError, UnicodeEncodeError):
            # A field no column can hold: an object, a number past 64 bits, half a character.
            _refuse(name, "a record in it is not of the form glutelog writes")
        _check_records(conn, name)
        before = conn.execute("SELECT clock FROM sync_state").fetchone()[0]
        newest = conn.execute("SELECT max(stamp) FROM temp.sync_in").fetchone()[0] or 0
        # Only what beats the version known here: the same order as merge.rank.
        conn.execute("DROP TABLE IF EXISTS temp.sync_win")
        conn.execute(
            "CREATE TEMP TABLE sync_win AS SELECT i.* FROM temp.sync_in AS i "
            "LEFT JOIN main.sync_meta AS m ON m.uid = i.uid "
            "WHERE m.uid IS NULL OR i.stamp > m.stamp OR (i.stamp = m.stamp AND ? > m.device)",
            (device,),
        )
        conn.execute("CREATE INDEX temp.sync_win_by_uid ON sync_win (uid)")
        conn.execute("UPDATE sync_state SET tracking = 0")
        try:
            done = _apply(conn, name)
        except sqlite3.IntegrityError as exc:
            _refuse(name, f"a record in it breaks a rule of the log ({exc})")
        conn.execute(
            "INSERT INTO sync_meta (uid, tbl, stamp, device, removed) "
            "SELECT uid, tbl, stamp, ?, removed FROM temp.sync_win WHERE true "
            "ON CONFLICT (uid) DO UPDATE SET stamp = excluded.stamp, device = excluded.device, "
            "removed = excluded.removed",
            (device,),
        )
        done["mornings"] = _rank_mornings(conn)
        conn.execute("UPDATE sync_state SET tracking = 1, clock = ?", (clock.seen(before, newest),))
        if last:
            conn.execute(
                "INSERT INTO sync_marks (device, seq) VALUES (?, ?) "
                "ON CONFLICT (device) DO UPDATE SET seq = excluded.seq",
                (device, seq),
            )
        conn.execute("DROP TABLE temp.sync_in")
        conn.execute("DROP TABLE temp.sync_win")
        return done

    return store.write(merge)


def _records(data: bytes, at: int, name: str):
    """The records of the JSON array in ``data`` from byte ``at``, one at a time. A device
    writes a record a line, so each line is made text on its own: a file's bytes and one
    line's text are all that is held, whatever characters its notes use. (A file of one long
    line, as earlier versions wrote, is read the same way: that line whole.)"""
    import json

    def no_constant(word):  # NaN and Infinity: Python's json reads them, JSON has none
        raise ValueError(word)

    read = json.JSONDecoder(parse_constant=no_constant).raw_decode
    view = memoryview(data)
    # What may come next: these marks, or (``record``) a record. First the array's "[", then a
    # record or "]", then "," or "]" after each record, a record after ",", nothing after "]".
    marks, record = "[", False
    follows = {"[": ("]", True), ",": ("", True), "]": ("", False)}
    try:
        while at < len(data):
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            line = str(view[at:end], "utf-8")
            at, i = end + 1, 0
            while True:
                while i < len(line) and line[i] in " \t\r":
                    i += 1
                if i == len(line):
                    break
                if line[i] in marks:
                    marks, record = follows[line[i]]
                    i += 1
                elif record:
                    found, i = read(line, i)
                    yield found
                    marks, record = ",]", False
                else:
                    raise ValueError(f"{line[i]!r} out of place")
        if marks or record:
            raise ValueError("the array does not end")
    except (ValueError, RecursionError):
        _refuse(name, "it is not a glutelog sync file")


def _staged(records, staged: list[str], name: str):
    """Each record ``[uid, table, stamp, removed, row]`` as the row of ``temp.sync_in``, once
    it has the shape a device writes; the rows' values are checked by the tables' own rules
    as they are stored."""
    for record in records:
        if type(record) is not list or not record or record[0] is None:
            _refuse(name, "a record in it has no id")
        uid, table, stamp, removed, row = (record + [None] * 4)[:5]
        if (
            type(uid) is not str
            or not 1 <= len(uid) <= 300
            or type(table) is not str
            or table not in SYNCED
            or type(stamp) is not int
            or not 0 <= stamp < 2**63
            or type(removed) is not int
            or removed not in (0, 1)
            or (type(row) is not dict if removed == 0 else row is not None)
        ):
            _refuse(name, "a record in it is not of the form glutelog writes")
        if removed:
            yield (uid, table, stamp, 1, *[None] * len(staged))
        else:
            yield (uid, table, stamp, 0, *map(row.get, staged))


def _check_records(conn: sqlite3.Connection, name: str) -> None:
    """A record found back by a key must be named by that key, or two names would share a
    row."""
    for table, (uid, key) in SYNCED.items():
        if key == "uid":
            continue
        named = uid.replace("{X}.", "f_")  # the staged column of each field
        prefix = uid.split("'")[1]
        wrong = conn.execute(
            f"SELECT 1 FROM temp.sync_in WHERE tbl = ? AND (substr(uid, 1, {len(prefix)}) != ? "
            f"OR (removed = 0 AND uid IS NOT {named})) LIMIT 1",
            (table, prefix),
        ).fetchone()
        if wrong is not None:
            _refuse(name, "a record in it is not of the form glutelog writes")


def _apply(conn: sqlite3.Connection, name: str) -> dict:
    """Store the winning versions in ``temp.sync_win``: remove, change, add."""
    counts = {"added": 0, "changed": 0, "removed": 0}
    win = "temp.sync_win"
    for table, (uid, _) in SYNCED.items():
        named = uid.format(X=table)
        gone = conn.execute(
            f"DELETE FROM {table} WHERE {named} IN "
            f"(SELECT uid FROM {win} WHERE tbl = ? AND removed)",
            (table,),
        ).rowcount
        counts["removed"] += gone
    for table, (uid, key) in SYNCED.items():
        fields = columns(conn, table)
        values = ", ".join(f"w.f_{c}" for c in fields)
        named = uid.format(X=table)
        if key == "uid":
            changed = conn.execute(
                f"UPDATE {table} SET ({', '.join(fields)}) = (SELECT {values} FROM {win} AS w "
                f"WHERE w.uid = {table}.uid) WHERE uid IN "
                f"(SELECT uid FROM {win} WHERE tbl = '{table}' AND NOT removed)"
            ).rowcount
            counts["changed"] += changed

            def insert(table=table, fields=fields, values=values):
                counts["added"] += conn.execute(
                    f"INSERT INTO {table} (uid, {', '.join(fields)}) SELECT w.uid, {values} "
                    f"FROM {win} AS w WHERE w.tbl = '{table}' AND NOT w.removed "
                    f"AND w.uid NOT IN (SELECT uid FROM {table} WHERE uid IS NOT NULL)"
                ).rowcount

            if table in ("entries", "soreness"):
                days = f"SELECT f_day AS day FROM {win} WHERE tbl = '{table}' AND NOT removed"
                nothing = "SELECT NULL AS day WHERE 0"
                bulk_insert(
                    conn,
                    insert,
                    days if table == "entries" else nothing,
                    days if table == "soreness" else nothing,
                )
            else:
                insert()
        else:
            there = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {named} IN "
                f"(SELECT uid FROM {win} WHERE tbl = '{table}' AND NOT removed)"
            ).fetchone()[0]
            # Found back by its key: replaced whole (the key is in the uid, so it is the same).
            conn.execute(
                f"DELETE FROM {table} WHERE {named} IN "
                f"(SELECT uid FROM {win} WHERE tbl = '{table}' AND NOT removed)"
            )
            stored = conn.execute(
                f"INSERT INTO {table} ({', '.join(fields)}) SELECT {values} FROM {win} AS w "
                f"WHERE w.tbl = '{table}' AND NOT w.removed"
            ).rowcount
            counts["changed"] += there
            counts["added"] += stored - there
    return counts


def _rank_mornings(conn: sqlite3.Connection) -> list:
    """On each day (and side) given a morning score by this merge, the latest by stamp counts
    and the others are outranked (``merge.counted_mornings``); [(day, side, counted score,
    [outranked scores])] of the days that have more than one."""
    conn.execute("DROP TABLE IF EXISTS temp.sync_days")
    conn.execute(
        "CREATE TEMP TABLE sync_days AS SELECT DISTINCT f_day AS day "
        "FROM temp.sync_win WHERE tbl = 'soreness' AND NOT removed AND f_timing = 'morning'"
    )
    # Only days with two or more: one query, however many days the merge brought.
    crowded = conn.execute(
        "SELECT s.day, s.side FROM soreness AS s WHERE s.timing = 'morning' "
        "AND s.day IN (SELECT day FROM temp.sync_days) GROUP BY s.day, s.side HAVING count(*) > 1"
    ).fetchall()
    conn.execute("DROP TABLE temp.sync_days")
    found = []
    for day, side in crowded:
        scores = conn.execute(
            "SELECT s.id, s.score, m.stamp, m.device, s.uid FROM soreness AS s "
            "LEFT JOIN sync_meta AS m ON m.uid = s.uid WHERE s.day = ? AND s.timing = 'morning' "
            "AND s.side IS ?",
            (day, side),
        ).fetchall()
        scores.sort(key=lambda r: (r[2] or 0, r[3] or "", r[4] or ""))
        counted = scores[-1]
        conn.execute("UPDATE soreness SET outranked = 0 WHERE id = ?", (counted[0],))
        for other in scores[:-1]:
            conn.execute("UPDATE soreness SET outranked = 1 WHERE id = ?", (other[0],))
        found.append((day, side, counted[1], [s[1] for s in scores[:-1]]))
    return found


def finished(store: Store, written: int) -> None:
    """This device's changes up to stamp ``written`` are in the folder; the sync is done."""
    now = utc_text(datetime.now(UTC))
    store.write(
        lambda conn: conn.execute(
            "UPDATE sync_state SET written = max(written, ?), last_synced = ?", (written, now)
        )
    )
