"""The shared folder's layout, and its files written whole or not at all.

    DIR/glutelog-sync.txt           the folder's header: format, and for a sealed folder the
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

import os

from glutelog.errors import BadInput, DiskError, NotGlutelog, ReadOnly

HEADER = "glutelog-sync.txt"
FORMAT = "glutelog-sync"
VERSION = 1
HEX = frozenset("0123456789abcdef")
MAX_FILE_BYTES = 256 * 2**20  # far above a file of sync_records_per_file records


def is_device(name: str) -> bool:
    """A device's folder is named by its id: 32 lower-case hex digits."""
    return len(name) == 32 and set(name) <= HEX


def parse_name(name: str) -> tuple | None:
    """("c", seq) for a changes file, ("s", seq, part, parts) for a snapshot's part, None for
    any other name. (No regular expressions: `sync` starts as lean as `done`.)"""
    if not name.endswith(".gls"):
        return None
    fields = name[:-4].split("-")
    if not all(f.isascii() and f.isdigit() for f in fields[1:]):
        return None
    if fields[0] == "c" and len(fields) == 2 and len(fields[1]) == 10:
        return ("c", int(fields[1]))
    if fields[0] == "s" and len(fields) == 4 and len(fields[1]) == 10:
        part, parts = int(fields[2]), int(fields[3])
        if 1 <= part <= parts <= 9999:
            return ("s", int(fields[1]), part, parts)
    return None


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


def _refused(name: str, why: str) -> NotGlutelog:
    return NotGlutelog(f"{name} is refused: {why}; nothing from it was merged")


def decode(first: bytes, rest: bytes, key: str | None, name: str) -> bytes:
    """The body of a file read from the folder (its ``first`` line, then the ``rest``), refused
    with its ``name`` (exit 65) when it is not a glutelog sync file, is damaged, or is sealed
    when it should not be or the reverse."""
    if not first.endswith(b"\n") or not first.startswith(b"glutelog-sync "):
        raise _refused(name, "it is not a glutelog sync file")
    first = first[:-1]
    if first.startswith(b"glutelog-sync 1 plain"):
        import hashlib

        if first != b"glutelog-sync 1 plain " + hashlib.sha256(rest).hexdigest().encode("ascii"):
            raise _refused(name, "it is damaged or was changed (its checksum does not match)")
        if key is not None:
            raise _refused(name, "it is not sealed, but this folder's files are")
        return rest
    if first == b"glutelog-sync 1 sealed":
        if key is None:
            raise NotGlutelog(
                f"{name} is sealed with a passphrase: set it with `glutelog config "
                "sync-passphrase`; nothing was merged"
            )
        from glutelog.sync import crypto

        return crypto.unseal(key, rest, name)
    raise _refused(name, "it was written by a newer glutelog (update this one)")


def read_file(path: str, key: str | None) -> bytes | None:
    """The body of one sync file; None when it is gone (compacted away meanwhile). Read as its
    first line and the rest, so no copy of the whole is made to split them."""
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise NotGlutelog(f"{path} is refused: it is far larger than a sync file can be")
        with open(path, "rb") as handle:
            first = handle.readline(256)
            rest = handle.read(size + 1)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiskError(f"cannot read {path}: {exc.strerror}; nothing more was synced") from exc
    return decode(first, rest, key, path)


def read_header(folder: str) -> dict | None:
    """The folder's header, or None when there is none yet. Lines of ``name value``: the
    format and version, then ``salt`` and ``check`` for a sealed folder."""
    path = os.path.join(folder, HEADER)
    try:
        with open(path, "rb") as handle:
            data = handle.read(65536)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DiskError(f"cannot read {path}: {exc.strerror}; nothing was synced") from exc
    header = {"salt": None, "check": None}
    try:
        lines = data.decode("ascii").splitlines()
        name, version = lines[0].split(" ")
        header["version"] = int(version)
        for line in lines[1:]:
            key, value = line.split(" ")
            if key in ("salt", "check"):
                header[key] = value
        ok = name == FORMAT and (header["salt"] is None) == (header["check"] is None)
    except (ValueError, IndexError, UnicodeDecodeError):
        ok = False
    if not ok:
        raise NotGlutelog(f"{path} is refused: it is not a glutelog sync folder's header")
    if header["version"] > VERSION:
        raise NotGlutelog(f"{path} was written by a newer glutelog: update this one to sync")
    return header


def make_header(folder: str, salt: str | None, check: str | None) -> dict:
    """Write the folder's header unless another device just did: the header in the folder."""
    text = f"{FORMAT} {VERSION}\n"
    if salt is not None:
        text += f"salt {salt}\ncheck {check}\n"
    write_whole(os.path.join(folder, HEADER), text.encode("ascii"))
    return read_header(folder)


def devices(folder: str) -> list[str]:
    """The ids of the devices that have a folder here, in order."""
    try:
        names = os.listdir(folder)
    except OSError as exc:
        raise DiskError(f"cannot read {folder}: {exc.strerror}; nothing was synced") from exc
    return sorted(n for n in names if is_device(n) and os.path.isdir(os.path.join(folder, n)))


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
        found = parse_name(name)
        if found is None:
            continue
        if found[0] == "c":
            changes[found[1]] = name
        else:
            _, seq, part, count = found
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
    numbers = [*changes, *snapshots]
    if numbers and max(numbers) < mark:  # the folder was emptied and begun again: read it all
        mark = 0
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
