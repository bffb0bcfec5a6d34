"""Opening a database file: classified before anything is written to it (glutelog, new,
foreign, damaged or newer), created whole, migrated under one lock, and checked once per
change of the file."""

from __future__ import annotations

import os

from glutelog import errors
from glutelog.stdlib import datetime, sqlite3
from glutelog.storage.database import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    Store,
    known_stamp,
    read_header,
    translate_error,
)
from glutelog.storage.migrations import SCHEMA_VERSION

_URI_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~")


def _uri(path: str, mode: str) -> str:
    """The URI of exactly ``path``: the whole absolute path percent-encoded, then the mode."""
    raw = os.fsencode(os.path.abspath(path))
    encoded = "".join(chr(b) if b in _URI_SAFE else f"%{b:02X}" for b in raw)
    # "file://" + an absolute path: the authority is empty even when the path starts with "//".
    return f"file://{encoded}?mode={mode}"


def _connect(path: str, mode: str, wait_ms: int | None = None) -> sqlite3.Connection:
    wait = BUSY_TIMEOUT_MS if wait_ms is None else wait_ms
    conn = sqlite3.connect(_uri(path, mode), uri=True, isolation_level=None, timeout=wait / 1000)
    conn.execute(f"PRAGMA busy_timeout = {int(wait)}")
    return conn


def connect_path(path: str, mode: str) -> sqlite3.Connection:
    """A connection to exactly the file ``path`` (``mode``: ro, rw or rwc), for copies."""
    return _connect(path, mode)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _classify(conn: sqlite3.Connection, path: str) -> tuple[str, int]:
    """('glutelog', version) | ('new', 0) | raise NotGlutelog for foreign, damaged or newer files."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text or "disk i/o" in text or "full" in text:
            raise translate_error(exc, path) from exc
        raise errors.NotGlutelog(
            f"{path} is damaged or not a database ({exc}); nothing was changed"
        ) from exc
    if objects == 0 and version == 0 and app_id in (0, APPLICATION_ID):
        return "new", 0
    if app_id == APPLICATION_ID and version > 0:
        if version > SCHEMA_VERSION:
            raise errors.NotGlutelog(
                f"{path} was written by a newer glutelog (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade glutelog to use it"
            )
        return "glutelog", version
    raise errors.NotGlutelog(f"{path} is a SQLite database of another program, not glutelog's")


def _inspect(path: str, header: bytes) -> None:
    """Refuse a file that is not a glutelog database before any connection can change it.

    A glutelog file says so in its header (application id, schema version 1 or more): those
    are opened normally. Anything else is looked at through an immutable connection, which
    takes no lock, replays no journal and creates no file beside it, so a refused file and its
    side files stay byte-for-byte as they were. Only an empty SQLite file goes on, to be set up.
    """
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id == APPLICATION_ID and 0 < version <= SCHEMA_VERSION:
        return
    if app_id == APPLICATION_ID and version > SCHEMA_VERSION:
        _classify_untouched(path)
    if _size(path + "-wal") or _size(path + "-journal"):
        # Its true content may be in a journal that only a writing connection would replay.
        raise errors.NotGlutelog(
            f"{path} is a SQLite database of another program, not glutelog's; nothing was changed"
        )
    _classify_untouched(path)


def _classify_untouched(path: str) -> None:
    conn = _connect(path, "ro&immutable=1")
    try:
        _classify(conn, path)
    finally:
        conn.close()


def _read_only(path: str) -> sqlite3.Connection:
    """A connection that can neither change ``path`` nor leave a file beside it, and sees every
    committed row.

    With no ``-wal`` beside it the main file holds everything: it is read as immutable. Rows
    committed to a ``-wal`` need a ``-shm`` index: an existing one is used; when there is none,
    the two files are read from a private copy rather than creating one here (a read-only
    folder could not take it, and a read-only file's owner did not ask for it)."""
    wal = path + "-wal"
    if not _size(wal):
        return _connect(path, "ro&immutable=1")
    if os.path.exists(path + "-shm"):
        conn = _connect(path, "ro")
        try:
            conn.execute("PRAGMA user_version").fetchone()
            return conn
        except sqlite3.OperationalError:
            conn.close()
    return _private_copy(path)


def _private_copy(path: str) -> sqlite3.Connection:
    """The database and its ``-wal`` copied to a temporary folder, read there into memory."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="glutelog-")
    try:
        copy = os.path.join(folder, "copy.db")
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(path + "-wal", copy + "-wal")
        except OSError as exc:
            raise errors.DiskError(
                f"cannot read {path}: its newest rows wait in {path}-wal, which needs a "
                f"temporary copy to be read here, and the copy failed ({exc.strerror})"
            ) from exc
        source = _connect(copy, "rw")
        memory = sqlite3.connect(":memory:", isolation_level=None)
        try:
            source.backup(memory)
        finally:
            source.close()
        return memory
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def open_store(path: str, wait_ms: int | None = None) -> Store:
    """Open (creating on first use) the glutelog database at ``path``.

    Refuses, without writing a byte, files that are not glutelog's: exit code 65. A file or
    folder that cannot be written is read without creating or changing any file. ``wait_ms``:
    how long to wait for another program's lock (`status`, run before every prompt, waits
    little).
    """
    from glutelog import paths

    exists = paths.existing_file(path, "a glutelog database", errors.NotGlutelog)
    created = False
    if exists:
        try:
            header = read_header(path)
        except OSError as exc:
            raise errors.ReadOnly(f"cannot read {path}: {exc.strerror}") from exc
        if not header:
            raise errors.NotGlutelog(
                f"{path} is an empty file, not a glutelog database; nothing was changed"
            )
        if not header.startswith(SQLITE_HEADER):
            raise errors.NotGlutelog(
                f"{path} is not a glutelog database (not SQLite); nothing was changed"
            )
        try:
            _inspect(path, header)
        except sqlite3.Error as exc:
            raise translate_error(exc, path) from exc
        writable = os.access(path, os.W_OK) and os.access(os.path.dirname(path) or ".", os.W_OK)
    else:
        created = _create(path)
        writable = True
    conn = None
    try:
        conn = _connect(path, "rwc", wait_ms) if writable else _read_only(path)
        try:
            kind, version = _classify(conn, path)
        except errors.DiskError:
            # A full disk cannot take the -shm file WAL needs. When no -wal is left over, the main
            # file holds everything, so it can still be read: reports keep working.
            conn.close()
            conn = _read_only(path)
            kind, version = _classify(conn, path)
            if kind != "glutelog" or version != SCHEMA_VERSION:
                raise
            return Store(conn, path, created=False, writable=False, full=True)
        known = known_stamp(path) if kind == "glutelog" else None
        if kind == "glutelog" and known is None:
            _verify(conn, path, version)
        if kind == "glutelog" and version == SCHEMA_VERSION:
            if writable:
                _set_pragmas(conn)
            created = not exists and created
            return Store(conn, path, created=created, writable=writable, known=known)
        if not writable:
            # Read as it is meant to be: an upgraded copy in memory; the file stays untouched.
            return Store(_upgraded_in_memory(conn, version), path, created=False, writable=False)
        _set_pragmas(conn)
        _migrate(conn, path)
        return Store(conn, path, created=kind == "new" or (not exists and created), writable=True)
    except BaseException as exc:
        if conn is not None:
            conn.close()
        if isinstance(exc, sqlite3.Error):
            raise translate_error(exc, path) from exc
        raise


def _upgraded_in_memory(conn: sqlite3.Connection, version: int) -> sqlite3.Connection:
    """A copy of an older database in memory, migrated to this glutelog's schema, for reading a
    file that cannot be written (and so cannot be upgraded in place). ``conn`` is closed."""
    from glutelog.storage import migrations

    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.backup(memory)
    finally:
        conn.close()
    memory.execute("BEGIN IMMEDIATE")
    migrations.apply(memory, version)
    memory.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    memory.execute("COMMIT")
    return memory


def _create(path: str) -> bool:
    """Make a new, fully migrated database at ``path`` atomically; False if another glutelog won.

    It is built under a temporary name and linked into place, so no process ever sees a
    half-made file (an empty file at ``path`` is refused as not glutelog's).
    """
    from glutelog.storage import migrations

    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as exc:
        raise errors.ReadOnly(f"cannot create the folder {folder}: {exc.strerror}") from exc
    tmp = f"{path}.{os.getpid()}.new"
    try:
        conn = _connect(tmp, "rwc")
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            migrations.apply(conn, 0)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False  # another glutelog created it first: use that one
        except OSError:
            if os.path.exists(path):  # a file system without hard links
                return False
            os.replace(tmp, path)
        return True
    except sqlite3.Error as exc:
        raise translate_error(exc, path) from exc
    except OSError as exc:
        if exc.errno in (13, 30):  # EACCES, EROFS
            raise errors.ReadOnly(f"cannot create {path}: {exc.strerror}") from exc
        raise errors.DiskError(f"cannot create {path}: {exc.strerror}") from exc
    finally:
        for suffix in ("", "-journal"):
            try:
                os.unlink(tmp + suffix)
            except OSError:
                pass


# --- damage checks ------------------------------------------------------------------------------
# A page overwritten by another program is found only by reading it. SQLite's quick_check reads
# every page (about 60 ms for 20 years of data), so it runs only when the file has changed since
# glutelog last closed it: the first time glutelog sees a file, or after anything else wrote it.


def _verify(conn: sqlite3.Connection, path: str, version: int) -> None:
    """Every page readable, and the tables glutelog's: before anything is written to the file
    (its journal mode included), so a foreign file that borrowed glutelog's header, or a
    glutelog file missing a table, is refused as it is."""
    from glutelog.storage.migrations import schema_problems

    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise translate_error(exc, path) from exc
        rows = [(str(exc),)]
    if rows != [("ok",)]:
        raise errors.NotGlutelog(
            f"{path} is damaged ({rows[0][0]}); nothing was changed: restore it from a backup"
        )
    # The version is read again with the tables, in one snapshot: another glutelog may have
    # upgraded the file since it was classified, and its new columns are not a foreign schema.
    conn.execute("BEGIN")
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        problems = schema_problems(conn, version)
    finally:
        conn.execute("COMMIT")
    if problems:
        raise errors.NotGlutelog(
            f"{path} is not a whole glutelog database ({problems[0]}); nothing was changed: "
            "restore it from a backup"
        )


def _set_pragmas(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _migrate(conn: sqlite3.Connection, path: str) -> None:
    """Bring the schema up to date under one write lock; back up an existing database first."""
    from glutelog.storage import migrations

    conn.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while we waited for the lock: look again.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        if app_id == APPLICATION_ID and version >= SCHEMA_VERSION:
            conn.execute("COMMIT")
            return
        if app_id == APPLICATION_ID and version > 0:
            # Read through a second connection: this one holds the write lock, so nothing can
            # change between the copy and the migration, and only one process makes the copy.
            reader = _connect(path, "ro")
            try:
                backup_before_upgrade(reader, path, version)
            finally:
                reader.close()
        migrations.apply(conn, version)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def backup_before_upgrade(conn: sqlite3.Connection, path: str, version: int) -> str:
    """Copy the database beside itself with the backup API and check the copy; returns its path."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = f"{path}.v{version}-{stamp}.bak"
    copy = _connect(target, "rwc")
    try:
        conn.backup(copy)
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
    if result != "ok":
        raise errors.DiskError(
            f"the backup before upgrading {path} failed its check; nothing was changed"
        )
    return target
