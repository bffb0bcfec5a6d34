"""The shared folder's layout, and its files written whole or not at all.

    DIR/glutelog-sync.json          the folder's header: format, and for a sealed folder the
                                    scrypt salt and a token that tells a wrong passphrase
    DIR/<device id>/c-0000000042.gls    one device's changes, the 42nd file it wrote
    DIR/<device id>/s-0000000040-1-3.gls  part 1 of 3 of its snapshot: every record it last
                                    changed, up to and including its 40th file

Each device writes only under its own folder; every other device only reads it. A file is
written under a temporary name starting with ``.``, flushed to the disk, then renamed, so a
file half-written (or half-copied by the sync tool) is never under a name that is read. Names
that are not of this form (``.DS_Store``, Dropbox's "conflicted copy" files, Syncthing's
folders) are left alone. Each file starts with one line, ``glutelog-sync 1 plain`` or
``glutelog-sync 1 sealed``, then its body: JSON, or the JSON sealed by ``crypto``.
"""

from __future__ import annotations

import json
import os
import re

from glutelog.errors import BadInput, DiskError, NotGlutelog, ReadOnly

HEADER = "glutelog-sync.json"
FORMAT = "glutelog-sync"
VERSION = 1
CHANGES = re.compile(r"c-(\d{10})\.gls")
SNAPSHOT = re.compile(r"s-(\d{10})-(\d{1,4})-(\d{1,4})\.gls")
DEVICE = re.compile(r"[0-9a-f]{32}")
MAX_FILE_BYTES = 256 * 2**20  # far above a file of sync_records_per_file records


def changes_name(seq: int) -> str:
    return f"c-{seq:010d}.gls"


def snapshot_name(seq: int, part: int, parts: int) -> str:
    return f"s-{seq:010d}-{part}-{parts}.gls"


def check_folder(folder: str) -> None:
    """The sync folder must be there already: an unplugged stick or an unmounted share is
    refused, never replaced by an empty folder of the same name."""
    if not os.path.isdir(folder):
        raise BadInput(
            f"the sync folder {folder} is not there (unplugged or not yet made?); nothing "
            "was synced"
        )


def failed(path: str, exc: OSError) -> Exception:
    if isinstance(exc, PermissionError) or exc.errno == 30:  # EROFS
        return ReadOnly(f"cannot write {path}: {exc.strerror}; nothing more was synced")
    return DiskError(f"cannot write {path}: {exc.strerror}; nothing more was synced")


def write_whole(path: str, data: bytes, replace: bool = False) -> bool:
    """Create ``path`` holding ``data``: a temporary file beside it, synced, then linked to its
    name, so another writer's file is never replaced (``replace``: renamed over it). False
    when the name is taken."""
    folder, name = os.path.split(path)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    try:
        try:
            with open(tmp, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            try:
                if replace:
                    os.replace(tmp, path)
                else:
                    os.link(tmp, path)
            except FileExistsError:
                return False
            except OSError:  # a file system without hard links (some USB sticks)
                if os.path.lexists(path):
                    return False
                os.rename(tmp, path)
            _sync_folder(folder)
            return True
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    except OSError as exc:
        raise failed(path, exc) from exc


def _sync_folder(folder: str) -> None:
    """Make a rename durable (the folder's entry on the disk); not every system can."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def give_name(path: str, name: str) -> None:
    """Rename a file this device wrote, durably."""
    try:
        os.replace(path, name)
    except OSError as exc:
        raise failed(name, exc) from exc
    _sync_folder(os.path.dirname(name))


def encode(body: bytes, key: str | None) -> bytes:
    if key is None:
        import hashlib

        digest = hashlib.sha256(body).hexdigest().encode("ascii")
        return b"glutelog-sync 1 plain " + digest + b"\n" + body
    from glutelog.sync import crypto

    return b"glutelog-sync 1 sealed\n" + crypto.seal(key, body)


def decode(data: bytes, key: str | None, name: str) -> bytes:
    """The body of a file read from the folder, refused with its ``name`` (exit 65) when it is
    not a glutelog sync file, is damaged, or is sealed when it should not be or the reverse."""
    first, newline, rest = data.partition(b"\n")
    if not newline or not first.startswith(b"glutelog-sync "):
        raise NotGlutelog(
            f"{name} is refused: it is not a glutelog sync file; nothing from it was merged"
        )
    if first.startswith(b"glutelog-sync 1 plain"):
        import hashlib

        if first != b"glutelog-sync 1 plain " + hashlib.sha256(rest).hexdigest().encode("ascii"):
            raise NotGlutelog(
                f"{name} is refused: it is damaged or was changed (its checksum does not "
                "match); nothing from it was merged"
            )
        if key is not None:
            raise NotGlutelog(
                f"{name} is refused: it is not sealed, but this folder's files are; "
                "nothing from it was merged"
            )
        return rest
    if first == b"glutelog-sync 1 sealed":
        if key is None:
            raise NotGlutelog(
                f"{name} is sealed with a passphrase: set it with `glutelog config "
                "sync-passphrase`; nothing was merged"
            )
        from glutelog.sync import crypto

        return crypto.unseal(key, rest, name)
    raise NotGlutelog(
        f"{name} is refused: it was written by a newer glutelog (update this one); nothing "
        "from it was merged"
    )


def read_file(path: str, key: str | None) -> bytes:
    """The body of one sync file; None when it is gone (compacted away meanwhile)."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise NotGlutelog(f"{path} is refused: it is far larger than a sync file can be")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiskError(f"cannot read {path}: {exc.strerror}; nothing more was synced") from exc
    return decode(data, key, path)


def read_header(folder: str) -> dict | None:
    path = os.path.join(folder, HEADER)
    try:
        with open(path, "rb") as handle:
            data = handle.read(65536)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiskError(f"cannot read {path}: {exc.strerror}; nothing was synced") from exc
    try:
        header = json.loads(data)
        ok = (
            isinstance(header, dict)
            and header.get("format") == FORMAT
            and isinstance(header.get("version"), int)
            and isinstance(header.get("salt"), str | None)
            and isinstance(header.get("check"), str | None)
            and (header.get("salt") is None) == (header.get("check") is None)
        )
    except ValueError:
        ok = False
    if not ok:
        raise NotGlutelog(f"{path} is refused: it is not a glutelog sync folder's header")
    if header["version"] > VERSION:
        raise NotGlutelog(f"{path} was written by a newer glutelog: update this one to sync")
    return header


def make_header(folder: str, salt: str | None, check: str | None) -> dict:
    """Write the folder's header unless another device just did: the header in the folder."""
    header = {"format": FORMAT, "version": VERSION, "salt": salt, "check": check}
    write_whole(os.path.join(folder, HEADER), json.dumps(header, indent=1).encode() + b"\n")
    return read_header(folder)


def devices(folder: str) -> list[str]:
    """The ids of the devices that have a folder here, in order."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise DiskError(f"cannot read {folder}: {exc.strerror}; nothing was synced") from exc
    return sorted(
        n for n in names if DEVICE.fullmatch(n) and os.path.isdir(os.path.join(folder, n))
    )


def listing(device_folder: str) -> tuple[dict, dict]:
    """({seq: changes file}, {seq: [snapshot part files, in order]} of complete snapshots)."""
    try:
        names = os.listdir(device_folder)
    except FileNotFoundError:
        return {}, {}
    except OSError as exc:
        raise DiskError(f"cannot read {device_folder}: {exc.strerror}; nothing was synced") from exc
    changes, parts = {}, {}
    for name in names:
        found = CHANGES.fullmatch(name)
        if found:
            changes[int(found[1])] = name
            continue
        found = SNAPSHOT.fullmatch(name)
        if found:
            seq, part, count = int(found[1]), int(found[2]), int(found[3])
            parts.setdefault((seq, count), {})[part] = name
    snapshots = {
        seq: [got[i] for i in range(1, count + 1)]
        for (seq, count), got in parts.items()
        if set(got) == set(range(1, count + 1))
    }
    return changes, snapshots


def to_read(device_folder: str, mark: int) -> list[tuple[int, list[str]]]:
    """The files of one device still to merge after its file ``mark``, in order:
    [(seq, [names])]. Changes files follow one another; where the next one is gone (folded
    into a snapshot) the newest complete snapshot stands in for all up to its number. Stops at
    a gap (a file the sync tool has not brought yet): the next sync goes on from there."""
    changes, snapshots = listing(device_folder)
    plan = []
    seq = mark
    while True:
        if seq + 1 in changes:
            seq += 1
            plan.append((seq, [changes[seq]]))
            continue
        later = [s for s in snapshots if s > seq]
        if not later:
            return plan
        seq = max(later)
        plan.append((seq, snapshots[seq]))


def next_seq(device_folder: str) -> int:
    changes, snapshots = listing(device_folder)
    return max([0, *changes, *snapshots]) + 1


def fold_away(device_folder: str, seq: int) -> None:
    """After a snapshot up to ``seq`` is whole: remove the files it holds."""
    changes, snapshots = listing(device_folder)
    names = [n for s, n in changes.items() if s <= seq]
    names += [n for s, ns in snapshots.items() if s < seq for n in ns]
    for name in names:
        try:
            os.unlink(os.path.join(device_folder, name))
        except OSError:
            pass  # left for the next sync
