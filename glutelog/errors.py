"""The project's exceptions and the one place that turns them into a message and an exit code.

Core modules raise these; the command-line edge (``cli/entry.py`` for the fast path, ``cli/typer_app.py`` for
Typer) calls :func:`emit` and exits with the code it returns. Scripts can rely on the codes:

    0 success, 2 bad input or usage, 65 not a glutelog database / damaged / too new,
    74 disk full or I/O error, 75 database busy, 77 cannot write, 130 interrupted, 1 internal,
    141 the reader of the output went away (``glutelog export | head -1``): said quietly, with
    the code a shell gives a program stopped by SIGPIPE, so scripts see the output was cut.
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
PIPE = 141  # 128 + SIGPIPE


class GlutelogError(Exception):
    """Base of every error a user can cause or meet; ``code`` is the process exit code."""

    code = INTERNAL

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class BadInput(GlutelogError):
    """A value the user typed is wrong: unknown exercise, absurd amount, unparseable date."""

    code = USAGE


class EitherWay(BadInput):
    """An amount that reads two ways (``12x3``: 12 sets of 3, or 3 sets of 12?); ``readings``
    are the two (sets, amount in each), as typed first. Refused off a terminal; asked on one."""

    def __init__(self, message: str, readings: tuple):
        super().__init__(message)
        self.readings = readings


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
    if isinstance(exc, BrokenPipeError):
        return reader_gone()
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


# --- standard output ------------------------------------------------------------------------------


# The escape sequences output may carry: the colours render.use_color turned on, none otherwise.
_KEPT: tuple = ()


def keep_escapes(sequences) -> None:
    global _KEPT
    _KEPT = tuple(sequences)


def printable(text: str) -> str:
    """``text`` for a terminal: lines and tabs kept, every other control or invisible formatting
    character (escape codes, bidi overrides, DEL, C1) shown as "?". The last guard before
    stdout, whatever a command's output holds; only the colour codes of :func:`keep_escapes`
    pass, and only when colour is on."""
    if all(line.isprintable() for line in text.replace("\t", " ").split("\n")):
        return text
    if not _KEPT or "\x1b" not in text:
        return _shown(text)
    head, *pieces = text.split("\x1b")
    parts = [_shown(head)]
    for piece in pieces:
        kept = next((code for code in _KEPT if piece.startswith(code[1:])), None)
        if kept is None:
            parts.append("?" + _shown(piece))
        else:
            parts.append(kept + _shown(piece[len(kept) - 1 :]))
    return "".join(parts)


def _shown(text: str) -> str:
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "?" for ch in text)


OUTPUT_PIECE = 8192


class Exact(str):
    """Output that is data (CSV): it leaves exactly as it is for a file or a pipe, so a note
    with a tab or a line break arrives unchanged; a terminal still gets it through
    :func:`printable`, which never replays a control character."""


def for_stdout(text: str) -> str:
    """``text`` as it may be written to standard output: :func:`printable`, except data bound
    for a file or a pipe (:class:`Exact`)."""
    if isinstance(text, Exact):
        try:
            if not sys.stdout.isatty():
                return str(text)
        except (AttributeError, OSError, ValueError):
            return str(text)
        text = text.replace("\r\n", "\n")  # CSV's line ends, as a terminal shows them
    return printable(text)


def deliver(text: str) -> int:
    """Print a command's output on stdout; returns the exit code.

    A reader that went away ends quietly with :data:`PIPE`. Any other failure (a full disk
    behind ``>file``, a closed stdout) comes after the command was carried out: stderr says so,
    with the output's first line (``Logged #12: ...``, what was saved), and the code is 74."""
    shown = for_stdout(text) + "\n"
    try:
        # In pieces, each flushed: a large write that the reader cuts short can end as a short
        # write whose lost remainder Python's buffered writer does not report.
        for start in range(0, len(shown), OUTPUT_PIECE):
            sys.stdout.write(shown[start : start + OUTPUT_PIECE])
            sys.stdout.flush()
    except BrokenPipeError:
        return reader_gone()
    except (OSError, ValueError, AttributeError) as exc:
        return output_lost(exc, text.split("\n", 1)[0])
    return OK


def output_lost(exc: BaseException, first: str) -> int:
    """Say on stderr that stdout failed (and, when known, the first line of what it missed)."""
    silence_stdout()
    reason = getattr(exc, "strerror", None) or "standard output is closed"
    done = f"; the command itself finished: {first}" if first else ""
    return emit(DiskError(f"could not write the output ({reason}){done}"))


def reader_gone() -> int:
    """The reader of stdout went away: nothing to say, and nothing more to write."""
    silence_stdout()
    return PIPE


def silence_stdout() -> None:
    # Point stdout at /dev/null so the interpreter's last flush of what is still buffered does
    # not fail again with a message of its own.
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
    except OSError:
        pass


def guard_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (``glutelog done bridge 12 >&-``) a stand-in.

    Files opened later then cannot take those descriptor numbers (where a stray write would
    land in them), and output to a closed stdout fails, so it is reported, not lost silently:
    stdout's stand-in is /dev/null opened for reading only."""
    import os

    for fd, flags in ((0, os.O_RDONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            opened = os.open(os.devnull, flags)
        except OSError:
            continue
        if opened != fd:
            os.dup2(opened, fd)
            os.close(opened)
        if fd == 1 and sys.stdout is None:
            sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
        if fd == 2 and sys.stderr is None:
            sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


class Interrupted(GlutelogError):
    """Stopped part way (Ctrl-C, a closed terminal): what was saved before it is kept."""

    code = INTERRUPTED


class CatalogError(GlutelogError):
    """The exercise catalog (built-in or the user's own file) is not valid."""

    code = DATA
