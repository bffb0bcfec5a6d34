"""Which version of a record wins: pure functions, no database, no files.

Every record (a set, a soreness score, a flag, a setting, a past setting, a day's minutes) has a
stable id (``uid``). A version is (stamp, device, removed, row): the hybrid-clock stamp of its
last change, the device that made it, whether it was removed (a tombstone), and its fields. Of
two versions of one record the later stamp wins; equal stamps (two devices in one millisecond
with no contact) are settled by the device id, then by the fields themselves, so every device
picks the same one. Merging is therefore idempotent, commutative and associative: any devices,
any order of syncs, any repeats give the same records everywhere. The same order is written in
SQL in ``exchange`` (``WINS``) for the merge into the database.
"""

from __future__ import annotations

import json
from typing import NamedTuple


class Version(NamedTuple):
    stamp: int
    device: str
    removed: bool
    row: dict | None  # None for a removed record


def rank(version: Version) -> tuple:
    """What orders two versions of one record: later stamp, then device, then the fields."""
    return (
        version.stamp,
        version.device,
        version.removed,
        json.dumps(version.row, sort_keys=True, default=str),
    )


def wins(new: Version, old: Version | None) -> bool:
    """Whether ``new`` replaces ``old`` (None: the record is not known here yet)."""
    return old is None or rank(new) > rank(old)


def merge(*states: dict) -> dict:
    """{uid: Version} of every record in ``states``, each at its winning version.

    >>> a = {"x": Version(2, "A", False, {"score": 3})}
    >>> b = {"x": Version(5, "B", True, None)}
    >>> merge(a, b) == merge(b, a) == {"x": b["x"]}
    True
    """
    merged: dict = {}
    for state in states:
        for uid, version in state.items():
            if wins(version, merged.get(uid)):
                merged[uid] = version
    return merged


def live(state: dict) -> dict:
    """{uid: row} of the records not removed: what the database holds after a merge."""
    return {uid: v.row for uid, v in state.items() if not v.removed}


def counted_mornings(scores: dict) -> dict:
    """{(day, side): uid} of the morning score that counts on each day and side when there are
    several (two devices scored one morning before they synced): the latest by stamp.

    ``scores``: {uid: (day, side, stamp, device)}.
    """
    best: dict = {}
    for uid, (day, side, stamp, device) in scores.items():
        key = (day, side)
        if key not in best or (stamp, device, uid) > best[key][0]:
            best[key] = ((stamp, device, uid), uid)
    return {key: uid for key, (_, uid) in best.items()}
