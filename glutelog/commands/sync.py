"""`glutelog sync` and its settings (`config sync-dir`, `config sync-passphrase`).

The work is in ``glutelog.sync``; this module finds the folder and the key, holds this device's
lock on its own folder while it syncs, and says what happened.
"""

from __future__ import annotations

import os
import sys

from glutelog.commands.session import Session
from glutelog.errors import BadInput
from glutelog.output import render

PASSPHRASE_ENV = "GLUTELOG_SYNC_PASSPHRASE"
UNSEALED_WARNING = (
    "glutelog: the sync folder is not sealed: whoever hosts it (the cloud service, the share) "
    "can read your log. Set a passphrase on every device with `glutelog config sync-passphrase` "
    "and use a new, empty folder to seal it.\n"
)


def _folder_path(text: str) -> str:
    from glutelog import paths

    paths.check_name(text, "the sync folder")
    return os.path.abspath(os.path.expanduser(text))


def _passphrase_given() -> str | None:
    """The passphrase from GLUTELOG_SYNC_PASSPHRASE (scripts, tests), or None."""
    return os.environ.get(PASSPHRASE_ENV) or None


def _read_passphrase() -> str:
    """The passphrase: the environment, else typed twice without echo on a terminal, else the
    first line of standard input (``glutelog config sync-passphrase < key-file``)."""
    given = _passphrase_given()
    if given is not None:
        return given
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        first = getpass.getpass("Sync passphrase: ")
        again = getpass.getpass("The same again: ")
        if first != again:
            raise BadInput("the two passphrases differ; nothing was changed")
        text = first
    else:
        text = (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    if not text:
        raise BadInput(
            f"no passphrase given: type one when asked, pipe a key file in, or set {PASSPHRASE_ENV}"
        )
    return text


def _key_for(header: dict, stored: dict, folder_path: str) -> str | None:
    """The key that opens the folder with ``header`` (None: the folder is not sealed), from
    the environment's passphrase or the key stored by `config sync-passphrase`."""
    given = _passphrase_given()
    if header["salt"] is None:
        if given is not None or stored["key"] is not None:
            raise BadInput(
                f"the sync folder {folder_path} holds an unsealed log, but this device has a "
                "passphrase: sync into a new, empty folder, or drop the passphrase with "
                "`glutelog config --unset sync-passphrase`; nothing was synced"
            )
        return None
    from glutelog.sync import crypto  # only for a sealed folder: it loads OpenSSL

    if given is not None:
        key = crypto.derive_key(given, header["salt"])
    elif stored["key"] is not None and stored["salt"] == header["salt"]:
        key = stored["key"]
    elif stored["key"] is not None:
        raise BadInput(
            f"the sync folder {folder_path} was sealed by another device first: give this "
            "device the folder's passphrase again with `glutelog config sync-passphrase`; "
            "nothing was synced"
        )
    else:
        raise BadInput(
            f"the sync folder {folder_path} is sealed with a passphrase: set it on this device "
            "with `glutelog config sync-passphrase`; nothing was synced"
        )
    if not crypto.opens(key, header["check"]):
        raise BadInput(
            f"the passphrase does not open the sync folder {folder_path}; nothing was synced"
        )
    return key


def _header(folder_path: str, stored: dict) -> dict:
    """The folder's header, made now when this device is the first to sync into it."""
    from glutelog.sync import folder

    header = folder.read_header(folder_path)
    if header is not None:
        return header
    given = _passphrase_given()
    if given is None and stored["key"] is None:
        return folder.make_header(folder_path, None, None)
    from glutelog.sync import crypto

    salt = stored["salt"] if given is None else crypto.new_salt()
    key = stored["key"] if given is None else crypto.derive_key(given, salt)
    return folder.make_header(folder_path, salt, crypto.check_token(key))


def sync(db=None, folder_path=None) -> str:
    """Sync this log with the other devices' through a shared folder.

    >>> sync(folder_path="~/Sync/glutelog")
    'Synced with 1 other device: 12 records in (3 new, ...), 4 out.'
    """
    from glutelog.storage.files import folder_locked, stops_interrupt
    from glutelog.sync import exchange, folder

    with Session(db) as session:
        store = session.store
        stored = exchange.state(store.conn)
        if folder_path is None:
            folder_path = stored["folder"]
            if folder_path is None:
                raise BadInput(
                    "which folder? `glutelog sync DIR`, or once for all: "
                    "`glutelog config sync-dir DIR`"
                )
        else:
            folder_path = _folder_path(folder_path)
        folder.check_folder(folder_path)
        header = _header(folder_path, stored)
        key = _key_for(header, stored, folder_path)
        device = exchange.start_tracking(store)
        exchange.give_ids(store, device)
        own = os.path.join(folder_path, device)
        try:
            os.makedirs(own, exist_ok=True)
        except OSError as exc:
            raise folder.failed(own, exc) from exc
        with stops_interrupt(), folder_locked(os.path.join(own, "lock")):
            copied = _own_files_in(store, folder_path, device, key)
            if copied:
                device = copied
                own = os.path.join(folder_path, device)
                os.makedirs(own, exist_ok=True)
            totals = _sync_in(store, folder_path, device, key)
            out = _sync_out(store, own, device, key)
            _compact(store, own, device, key)
        warn = key is None and not stored["warned"]
        if warn:
            store.write(lambda conn: conn.execute("UPDATE sync_state SET warned = 1"))
    if warn:
        sys.stderr.write(UNSEALED_WARNING)
    said = _said(totals, out)
    if copied:
        said = (
            "This log is a copy of a device that has synced since (a backup put back, or the "
            "file copied to another computer): what that device sent since is merged, and from "
            f"now on this log syncs as a device of its own ({device[:8]}).\n" + said
        )
    return said


def _own_files_in(store, folder_path: str, device: str, key: str | None) -> str | None:
    """Files in this device's own folder newer than the last it wrote: left by a sync stopped
    between writing them and noting so (its own changes, already here), or written by another
    copy of this database: a backup put back, or the file copied to another computer. They
    are merged like another device's; when they held anything not here, this log was such a
    copy, and it takes a new device id of its own (returned), so that the two never write
    over each other's files, and its own changes since it last wrote go out under that id."""
    from glutelog.sync import exchange, folder

    own = os.path.join(folder_path, device)
    mark = exchange.own_mark(store, device)
    if mark is None:  # synced before glutelog kept this mark: the files there are its own
        exchange.set_own_mark(store, device, folder.next_seq(own) - 1)
        return None
    plan = folder.to_read(own, mark)
    if not plan:
        return None
    pending = exchange.pending(store, device)
    totals = {"added": 0, "changed": 0, "removed": 0, "mornings": []}
    for seq, names in plan:
        if not _merge_seq(store, own, device, seq, names, key, totals):
            break
    if not (totals["added"] or totals["changed"] or totals["removed"]):
        return None
    return exchange.become_new_device(store, device, pending)


def _sync_in(store, folder_path: str, device: str, key: str | None) -> dict:
    from glutelog.sync import folder

    marks = dict(store.read("SELECT device, seq FROM sync_marks"))
    totals = {"devices": 0, "added": 0, "changed": 0, "removed": 0, "mornings": []}
    for other in folder.devices(folder_path):
        if other == device:
            continue
        totals["devices"] += 1
        where = os.path.join(folder_path, other)
        for seq, names in folder.to_read(where, marks.get(other, 0)):
            if not _merge_seq(store, where, other, seq, names, key, totals):
                break
    return totals


def _merge_seq(store, where: str, other: str, seq: int, names: list, key, totals: dict) -> bool:
    """Merge the files of one seq of device ``other`` (a changes file, or a snapshot's parts),
    one file in memory at a time; False when one is gone (folded into a snapshot meanwhile:
    the next sync reads that). Parts merged before a gone one did no harm: every record is a
    version, merged as often as it comes, and the mark moves only with the last part."""
    from glutelog.sync import exchange, folder

    paths = [os.path.join(where, name) for name in names]
    if not all(os.path.exists(path) for path in paths):
        return False
    for number, path in enumerate(paths, 1):
        data = folder.read_file(path, key)
        if data is None:
            return False
        done = exchange.merge_file(store, data, other, seq, path, number == len(paths))
        del data  # before the next file is read
        for what in ("added", "changed", "removed"):
            totals[what] += done[what]
        totals["mornings"] += done["mornings"]
    return True


def _write_all(own: str, device: str, key: str | None, batches, snapshot: bool) -> int:
    """Write ``batches`` of records as this device's next files, one batch in memory at a
    time; the last stamp they hold. A snapshot's parts are written under names no reader
    takes (``.pending``), then given their names once all are there and their count known."""
    from glutelog.sync import exchange, folder

    newest, pending = 0, []
    seq = folder.next_seq(own) - 1

    def part(batch):
        data = folder.encode(exchange.body(device, seq, batch), key)
        path = os.path.join(own, f".s-{seq:010d}-{len(pending) + 1}.pending")
        folder.write_whole(path, data, replace=True)
        pending.append(path)

    try:
        for batch in batches:
            if not isinstance(batch, list):
                newest = batch
            elif snapshot:
                part(batch)
            else:
                while True:
                    seq = folder.next_seq(own)
                    data = folder.encode(exchange.body(device, seq, batch), key)
                    if folder.write_whole(os.path.join(own, folder.changes_name(seq)), data):
                        break
        if snapshot and not pending:  # a snapshot of nothing still stands for the files it folds
            part([])
        for number, path in enumerate(pending, 1):
            name = folder.snapshot_name(seq, number, len(pending))
            folder.give_name(path, os.path.join(own, name))
    except BaseException:
        for path in pending:
            try:
                os.unlink(path)
            except OSError:
                pass
        raise
    return newest


def _sync_out(store, own: str, device: str, key: str | None) -> int:
    from glutelog.sync import exchange, folder

    with store.snapshot():
        written = exchange.state(store.conn)["written"]
        if folder.next_seq(own) == 1:  # nothing of this device's here (a new or emptied folder)
            written = -1
        batches = exchange.outgoing(store.conn, device, written)
        count = 0

        def counted():
            nonlocal count
            for batch in batches:
                if isinstance(batch, list):
                    count += len(batch)
                yield batch

        newest = _write_all(own, device, key, counted(), snapshot=False)
    exchange.finished(store, newest)
    exchange.set_own_mark(store, device, folder.next_seq(own) - 1)
    return count


def _compact(store, own: str, device: str, key: str | None) -> None:
    """Fold this device's files into one snapshot once there are many (rule sync_compact_after)."""
    from glutelog.rules import rule
    from glutelog.sync import exchange, folder

    changes, _ = folder.listing(own)
    if len(changes) < rule("sync_compact_after"):
        return
    with store.snapshot():
        seq = folder.next_seq(own) - 1
        _write_all(own, device, key, exchange.everything(store.conn, device), snapshot=True)
    exchange.set_own_mark(store, device, folder.next_seq(own) - 1)
    folder.fold_away(own, seq)


def _said(totals: dict, out: int) -> str:
    others = totals["devices"]
    merged = totals["added"] + totals["changed"] + totals["removed"]
    lines = [
        f"Synced with {others} other device{'s' if others != 1 else ''}: "
        f"{totals['added']} new, {totals['changed']} changed and {totals['removed']} removed "
        f"here; {out} change{'s' if out != 1 else ''} of this device's sent."
        if others or merged
        else f"Synced: no other device in the folder yet; {out} change"
        f"{'s' if out != 1 else ''} of this device's sent."
    ]
    for day, side, counted, outranked in totals["mornings"]:
        whose = f" ({side} side)" if side else ""
        lines.append(
            f"{day}{whose} had {len(outranked) + 1} morning scores from different devices: the "
            f"later, {counted}, counts; {', '.join(map(str, outranked))} stays in history."
        )
    return "\n".join(render.safe(line) for line in lines)


# --- settings ----------------------------------------------------------------------------------


def configure(db=None, key=None, value=None, unset=False) -> str:
    """`config sync-dir DIR`, `config sync-passphrase` (asked for, never on the command line)
    and `config --unset` of either."""
    from glutelog.sync import exchange

    if key == "sync-dir":
        if unset:
            return _store_sync(db, folder=None, said="sync-dir unset: `glutelog sync` needs DIR")
        if value is None:
            with Session(db) as session:
                return exchange.state(session.store.conn)["folder"] or "(not set)"
        chosen = _folder_path(value)
        return _store_sync(db, folder=chosen, said=f"sync-dir set to {chosen}")
    if unset:
        return _store_sync(
            db, key=None, salt=None, said="sync-passphrase unset: the folder will not be sealed"
        )
    if value is not None:
        raise BadInput(
            "give the passphrase when asked (or in a file: `glutelog config sync-passphrase < "
            "FILE`), not on the command line, where the shell history keeps it"
        )
    return _set_passphrase(db)


def _store_sync(db, said: str, **values) -> str:
    with Session(db) as session:
        assignments = ", ".join(f"{column} = ?" for column in values)
        session.store.write(
            lambda conn: conn.execute(
                f"UPDATE sync_state SET {assignments}", tuple(values.values())
            )
        )
    return render.safe(said)


def _set_passphrase(db) -> str:
    """Keep the key derived from the passphrase (never the passphrase): the log itself is in
    this database unsealed, so the key here opens nothing the database does not already hold,
    and `sync` needs no typing. With the folder already sealed, the passphrase is checked."""
    from glutelog.sync import crypto, exchange, folder

    passphrase = _read_passphrase()
    with Session(db) as session:
        stored = exchange.state(session.store.conn)
        header = None
        if stored["folder"] is not None and os.path.isdir(stored["folder"]):
            header = folder.read_header(stored["folder"])
        if header is not None and header["salt"] is None:
            raise BadInput(
                f"the sync folder {stored['folder']} holds an unsealed log: choose a new, empty "
                "folder (`glutelog config sync-dir DIR`) for a sealed one; nothing was changed"
            )
        salt = header["salt"] if header is not None else crypto.new_salt()
        key = crypto.derive_key(passphrase, salt)
        if header is not None and not crypto.opens(key, header["check"]):
            raise BadInput(
                f"the passphrase does not open the sync folder {stored['folder']}; nothing was "
                "changed"
            )
        session.store.write(
            lambda conn: conn.execute("UPDATE sync_state SET key = ?, salt = ?", (key, salt))
        )
    return "sync-passphrase set: everything written to the sync folder is sealed with it."
