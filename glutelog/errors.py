"""The project's exceptions and the one place that turns them into a message and an exit code.

Core modules raise these; the command-line edge (``entry.py`` for the fast path, ``cli.py`` for
Typer) calls :func:`emit` and exits with the code it returns. Scripts can rely on the codes:

    0 success, 2 bad input or usage, 65 not a glutelog database / damaged / too new,
    74 disk full or I/O error, 75 database busy, 77 cannot write, 130 interrupted, 1 internal.
"""

from __future__ import annotations

import sys

OK = 0
INTERNAL = 1
USAGE = 2
DATA = 65
IO = 74
BUSY = 75
READ_ONLY = 77
INTERRUPTED = 130


class GlutelogError(Exception):
    """Base of every error a user can cause or meet; ``code`` is the process exit code."""

    code = INTERNAL

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadInput(GlutelogError):
    """A value the user typed is wrong: unknown exercise, absurd amount, unparseable date."""

    code = USAGE


class NotGlutelog(GlutelogError):
    """The file is not a glutelog database, is damaged, or was written by a newer glutelog."""

    code = DATA


class DiskError(GlutelogError):
    """Disk full or an I/O error: nothing was saved."""

    code = IO


class Busy(GlutelogError):
    """Another glutelog held the database longer than the busy timeout: nothing was saved."""

    code = BUSY


class ReadOnly(GlutelogError):
    """The database or its folder cannot be written."""

    code = READ_ONLY


def one_line(text: str) -> str:
    """Collapse a message to a single printable line (user text may hold newlines or escapes)."""
    return "".join(ch if ch.isprintable() else " " for ch in " ".join(text.split()))


def classify(exc: BaseException) -> tuple[str, int]:
    """Map any exception to (message, exit code); unknown ones are internal errors."""
    if isinstance(exc, GlutelogError):
        return exc.message, exc.code
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted: nothing was half-saved", INTERRUPTED
    if isinstance(exc, MemoryError):
        return "out of memory", INTERNAL
    return (
        f"internal error: {type(exc).__name__}: {exc} (run again with --debug for details)",
        INTERNAL,
    )


def emit(exc: BaseException, debug: bool = False) -> int:
    """Print one line for ``exc`` on stderr and return the exit code for it."""
    message, code = classify(exc)
    if debug:
        import traceback

        traceback.print_exception(exc, file=sys.stderr)
    try:
        sys.stderr.write(f"glutelog: {one_line(message)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return code


class CatalogError(GlutelogError):
    """The exercise catalog (built-in or the user's own file) is not valid."""

    code = DATA
