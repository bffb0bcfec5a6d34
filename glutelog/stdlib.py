"""Standard modules glutelog needs, loaded by their C halves: ``datetime``'s classes, SQLite
and signals. Every module of glutelog imports them from here.

Python 3.11's ``datetime.py`` first builds a whole pure-Python copy of its classes, then
replaces it with the C classes of ``_datetime`` (3.12 moved that copy to a module of its own).
``import sqlite3`` runs the package's Python layer: the DB-API date adapters, which glutelog
never uses (it stores dates as text it writes itself, and 3.12 deprecates them), and imports
of ``collections`` and ``functools``. Together that is an eighth of an everyday command's
start-up, for nothing it uses. ``signal.py`` turns the numbers into enums, and loading
``enum`` costs more than `sync` with nothing to move does itself. The C modules hold the very
same objects (``_datetime.date is datetime.date``, ``_sqlite3.Error is sqlite3.Error``), so a
test or a library that imports ``datetime`` or ``sqlite3`` itself meets the same classes and
catches the same exceptions.

>>> date(2026, 12, 5) + timedelta(days=1), sqlite3.connect(":memory:").execute("SELECT 1").fetchone()
(datetime.date(2026, 12, 6), (1,))
"""

try:
    from _datetime import UTC, date, datetime, time, timedelta, timezone
except ImportError:  # a Python without the C module (not CPython): the package has it all
    from datetime import UTC, date, datetime, time, timedelta, timezone

try:
    import _sqlite3 as sqlite3
except ImportError:
    import sqlite3

try:  # signal.py wraps these in enums: loading enum costs a quarter of a start-up
    import _signal as signal
except ImportError:
    import signal

__all__ = ["UTC", "date", "datetime", "signal", "sqlite3", "time", "timedelta", "timezone"]
