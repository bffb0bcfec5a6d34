"""Data in and out: `export`, `import`, `backup` and `check` (the formats and checks are in
``storage.backup``)."""

from __future__ import annotations

import sys

from glutelog import paths
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.errors import BadInput
from glutelog.output import render
from glutelog.storage.files import check_target, to_stdout, write_file


def export(db=None, fmt="json", output=None) -> str:
    """Write everything to stdout, or to ``output`` (whole or not at all); rows are streamed,
    so even decades of history export in little memory."""
    from glutelog.storage import backup

    fmt = (fmt or "json").lower()
    if fmt not in ("json", "csv"):
        raise BadInput(f"format must be json or csv, got {fmt!r}")
    write = backup.write_json if fmt == "json" else backup.write_csv
    if output is not None:
        check_target(output)
    with Session(db) as session:
        if output is None:
            to_stdout(lambda: write(session.store, sys.stdout))
            return ""
        write_file(output, lambda handle: write(session.store, handle))
    return "" if output == "-" else f"Exported to {output}"


def import_file(db=None, path=None) -> str:
    from glutelog.commands import exercises
    from glutelog.storage import backup

    data = backup.read_export(path)
    with Session(db) as session:
        backup.validate(data, session.catalog)
        # The user's exercises the file carries: its records are checked against the catalog
        # with them, and they are added to catalog.toml once the records are stored.
        try:
            raws = backup.file_exercises(data)
            adding, merged = exercises.missing_from_catalog(session.path, raws)
        except BaseException:
            data.close()
            raise
        if merged is not None:
            data.catalog = merged
        result = backup.import_data(session.store, data)
        if adding:
            exercises.add_tables(session.path, adding)
    (e_added, e_skipped), (s_added, s_skipped) = result["entries"], result["soreness"]
    f_added, f_skipped = result["flags"]
    flags = f", plus {f_added} new or newly cleared flags" if f_added + f_skipped else ""
    return (
        f"Imported {e_added} new sets and {s_added} new soreness scores{flags}; "
        f"skipped {e_skipped + s_skipped + f_skipped} already present."
    )


def backup_db(db=None, target=None, now=None) -> str:
    import os

    from glutelog.storage import backup

    now = _now(now)
    if target is not None:
        paths.check_name(target, "backup")
    numbered = target is None  # a name of its own choosing is never refused as taken
    with Session(db) as session:
        if target is None:
            folder = os.path.dirname(session.path)
            target = os.path.join(folder, f"glutelog-backup-{now.strftime('%Y%m%d-%H%M%S')}.db")
        counts, target = backup.backup_to(session.store, target, numbered)
    return f"Backed up {counts['entries']} sets and {counts['soreness']} soreness scores to {target} (verified)."


def check(db=None, as_json=False) -> str:
    from glutelog.errors import NotGlutelog
    from glutelog.storage import backup

    with Session(db) as session:
        result = backup.check(session.store)
    text = render.dumps(result) if as_json else render.check_text(result)
    if result["integrity"] != "ok":
        raise NotGlutelog(f"{session.path} failed its integrity check: restore it from a backup")
    return text
