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
    chosen = option or os.environ.get("GLUTELOG_DB")
    if chosen:
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
