"""Files glutelog writes besides the database (exports, pages, calendars, the user's catalog):
whole or not at all, and standard output written as carefully."""

from __future__ import annotations

import sys

from glutelog import paths
from glutelog.errors import BadInput


def to_stdout(write) -> None:
    """Run ``write`` on standard output; a reader that went away stays a BrokenPipeError (the
    edge ends quietly), any other failure is a disk error: the export is incomplete."""
    from glutelog.errors import DiskError, silence_stdout

    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError, AttributeError) as exc:
        silence_stdout()
        reason = getattr(exc, "strerror", None) or "standard output is closed"
        raise DiskError(f"could not write the export to standard output: {reason}") from exc


def check_target(path: str) -> None:
    """A file to create must be named, absent, and in an existing folder that can be written."""
    import os

    from glutelog.errors import ReadOnly

    paths.check_name(path, "the output")
    if os.path.lexists(path):
        raise BadInput(f"{path} already exists; choose another name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BadInput(f"no such folder: {folder}")
    if not os.access(folder, os.W_OK):
        raise ReadOnly(f"cannot write {path}: the folder {folder} is read-only")


def write_file(path: str, write, newline: str | None = None, replace: bool = False) -> None:
    """Create ``path`` with ``write(handle)``, whole or not at all: a temporary file beside it,
    synced, then renamed; on any failure the temporary file is removed. ``newline=""`` keeps
    line ends as written (iCalendar's CRLF); ``replace`` replaces a file that is there, keeping
    its permissions, instead of refusing it."""
    import os

    from glutelog.errors import DiskError, ReadOnly

    if not replace:
        check_target(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace and os.path.exists(path):
            import shutil

            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == 30:  # EROFS
            raise ReadOnly(f"cannot write {path}: {exc.strerror}") from exc
        if isinstance(exc, OSError):
            raise DiskError(f"cannot write {path}: {exc.strerror}") from exc
        raise
