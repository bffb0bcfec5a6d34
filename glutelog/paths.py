"""Where glutelog keeps its files: the database, the user's own catalog, the catalog cache.

The database is, in order: ``--db PATH``, the ``GLUTELOG_DB`` environment variable, or
``glutelog.db`` in the per-user app folder that ``typer.get_app_dir("glutelog")`` names
(``~/.config/glutelog`` on Linux). The folder logic is copied here rather than imported so that
everyday commands do not pay for importing Typer; a test holds the two equal.
"""

from __future__ import annotations

import os
import sys

APP_NAME = "glutelog"
DB_FILE = "glutelog.db"
USER_CATALOG_FILE = "catalog.toml"


def app_dir() -> str:
    """The per-user folder, the same one ``typer.get_app_dir("glutelog")`` returns."""
    if sys.platform.startswith("win"):
        base = os.environ.get("APPDATA") or os.path.expanduser("~")
        return os.path.join(base, APP_NAME)
    if sys.platform.startswith("darwin"):
        return os.path.join(os.path.expanduser("~/Library/Application Support"), APP_NAME)
    base = os.environ.get("XDG_CONFIG_HOME", os.path.expanduser("~/.config"))
    return os.path.join(base, APP_NAME)


def db_path(option: str | None = None) -> str:
    """The database path: ``--db`` wins, then ``GLUTELOG_DB``, then the app folder."""
    if option is not None:
        check_name(option, "--db")
        return os.path.abspath(os.path.expanduser(option))
    chosen = os.environ.get("GLUTELOG_DB")
    if chosen:  # an empty variable counts as unset, as shells treat it
        check_name(chosen, "GLUTELOG_DB")
        return os.path.abspath(os.path.expanduser(chosen))
    return os.path.join(app_dir(), DB_FILE)


def user_catalog(db: str) -> str:
    """The user's own catalog file: ``catalog.toml`` next to the database."""
    return os.path.join(os.path.dirname(db), USER_CATALOG_FILE)


def builtin_catalog() -> str:
    """The catalog shipped with glutelog.

    Installed, it sits inside the package (``glutelog/data``); in a source checkout or an
    editable install it is the repository's ``data/`` folder.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    installed = os.path.join(here, "data", "catalog.toml")
    if os.path.exists(installed):
        return installed
    return os.path.join(os.path.dirname(here), "data", "catalog.toml")


def cache_dir() -> str:
    """Where the parsed catalog is cached: ``GLUTELOG_CACHE_DIR``, else the user cache folder."""
    chosen = os.environ.get("GLUTELOG_CACHE_DIR")
    if chosen:
        return chosen
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
        return os.path.join(base, APP_NAME, "cache")
    if sys.platform.startswith("darwin"):
        return os.path.join(os.path.expanduser("~/Library/Caches"), APP_NAME)
    base = os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache"))
    return os.path.join(base, APP_NAME)


def read_cache(name: str):
    """What the cache file ``name`` holds (see :func:`write_cache`), or None when it is missing
    or unreadable: a cache is only an optimisation, so glutelog then works it out again."""
    import marshal

    try:
        with open(os.path.join(cache_dir(), name), "rb") as handle:
            # One read, then loads: marshal.load on a file reads it a few bytes at a time,
            # seven times slower for the catalog's 22 kB, on every command.
            return marshal.loads(handle.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_cache(name: str, value) -> None:
    """Replace the cache file ``name`` with ``value`` (marshal-able) in one rename, so a reader
    never sees half of it; a cache that cannot be written is skipped."""
    import marshal

    path = os.path.join(cache_dir(), name)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(tmp, "wb") as handle:
            marshal.dump(value, handle)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


# --- which paths may be opened ------------------------------------------------------------------


def check_name(text: str, what: str) -> None:
    """Refuse a name that SQLite would not take as a file: empty, ``:memory:`` or a URI."""
    from glutelog.errors import BadInput

    if not text.strip():
        raise BadInput(f"{what} needs a file name")
    if text == ":memory:" or text[:5].lower() == "file:":
        raise BadInput(
            f"{text!r} is SQLite's way to name something other than a file; give a file name "
            f"(./{text} if you mean a file called that)"
        )


def existing_file(path: str, what: str, error) -> bool:
    """Whether ``path`` may be opened as ``what``: True for a regular file (or a link to one),
    False when nothing is there; ``error`` (an exception class) for anything else, so a folder,
    FIFO, device or socket is refused at once instead of being read, hung on or replaced."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        if os.path.islink(path):
            raise error(f"{path} is a link to a file that does not exist, not {what}") from None
        return False
    except OSError as exc:
        from glutelog.errors import ReadOnly

        raise ReadOnly(f"cannot read {path}: {exc.strerror}") from None
    if stat.S_ISREG(mode):
        return True
    kind = (
        "folder"
        if stat.S_ISDIR(mode)
        else "named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "socket or other special file"
    )
    raise error(f"{path} is a {kind}, not {what}; nothing was changed")
