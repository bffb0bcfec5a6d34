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


# The name that means standard output wherever glutelog writes a file, as in most tools.
STDOUT = "-"


def check_target(path: str) -> None:
    """A file to create must be named, absent, and in an existing folder that can be written;
    ``-`` is standard output, always there."""
    if path == STDOUT:
        return
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


# Context managers as classes, not contextlib: `sync` with nothing to move starts through here.


class stops_interrupt:  # noqa: N801 (used as a function: `with stops_interrupt():`)
    """While a file is written, SIGTERM and SIGHUP (a closed terminal, a shutdown) stop the
    command as Ctrl-C does, so the partial file is removed on the way out instead of being left
    behind by a process that simply died. The handlers before are put back afterwards.

    >>> with stops_interrupt():
    ...     write_the_file()
    """

    def __enter__(self):
        from glutelog.stdlib import signal

        def stop(signum, frame):
            raise KeyboardInterrupt

        self.saved = {}
        for number in (signal.SIGTERM, signal.SIGHUP):
            try:
                self.saved[number] = signal.signal(number, stop)
            except (ValueError, OSError):  # not the main thread: the default handling stays
                pass
        return self

    def __exit__(self, *exc) -> None:
        from glutelog.stdlib import signal

        for number, handler in self.saved.items():
            signal.signal(number, handler)


class folder_locked:  # noqa: N801 (used as a function: `with folder_locked(path):`)
    """Hold the lock of the folder of ``path`` while a file in it is read, changed and written
    again, so two glutelogs doing so at once take turns instead of one losing the other's
    change. A lock on the folder itself (``flock``) leaves no lock file behind and ends with the
    process, however it ends. Waits ``wait`` seconds at most, then says it is busy.

    >>> with folder_locked(catalog_path):
    ...     read_change_write(catalog_path)
    """

    def __init__(self, path: str, wait: float = 10.0) -> None:
        self.path, self.wait = path, wait

    def __enter__(self):
        import fcntl
        import os
        import time

        from glutelog.errors import Busy

        path = self.path
        self.fd = fd = os.open(os.path.dirname(os.path.abspath(path)) or ".", os.O_RDONLY)
        try:
            deadline = time.monotonic() + self.wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Busy(f"another glutelog is changing {path}; try again") from None
                    time.sleep(0.01)
        except BaseException:
            os.close(fd)
            raise
        return self

    def __exit__(self, *exc) -> None:
        import os

        os.close(self.fd)  # closing the descriptor releases the lock


def claim(tmp: str, path: str, numbered: bool = False) -> str:
    """Give the finished file ``tmp`` its name ``path`` without ever replacing a file there:
    a hard link fails if the name is taken, even by another glutelog at the same moment. With
    ``numbered``, a taken name becomes ``name-2.ext``, ``name-3.ext`` and so on; else it is
    refused. Returns the name given. Where links are not possible (some USB sticks), a rename
    after a look."""
    import os

    base, ext = os.path.splitext(path)
    number = 1
    while True:
        name = path if number == 1 else f"{base}-{number}{ext}"
        try:
            os.link(tmp, name)
        except FileExistsError:
            if not numbered:
                raise BadInput(f"{path} already exists; choose another name") from None
            number += 1
            continue
        except OSError:
            if os.path.lexists(name):
                if not numbered:
                    raise BadInput(f"{path} already exists; choose another name") from None
                number += 1
                continue
            os.rename(tmp, name)
            return name
        os.unlink(tmp)
        return name


def write_file(path: str, write, newline: str | None = None, replace: bool = False) -> None:
    """Create ``path`` with ``write(handle)``, whole or not at all: a temporary file beside it,
    synced, then renamed; on any failure the temporary file is removed. ``newline=""`` keeps
    line ends as written (iCalendar's CRLF); ``replace`` replaces a file that is there, keeping
    its permissions, instead of refusing it."""
    import os

    from glutelog.errors import DiskError, ReadOnly

    if path == STDOUT:
        to_stdout(lambda: write(sys.stdout))
        return
    if not replace:
        check_target(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    with stops_interrupt():
        try:
            with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            if not replace:
                claim(tmp, path)  # never over a file another writer made meanwhile
            else:
                if os.path.exists(path):
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
