"""`glutelog sync` reading what another device wrote: one file in memory at a time, its records
parsed one by one, and every record that is not of the form a device writes refused with the
file's name, nothing of that file merged."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from tests.test_sync import records


@pytest.fixture
def share(tmp_path):
    path = tmp_path / "share"
    path.mkdir()
    return str(path)


@pytest.fixture
def device(cli, tmp_path):
    """``device("a", "done", "bridge", "12")`` runs a command on device a's own database."""

    def run(name: str, *args: str):
        return cli(*args, "--db", str(tmp_path / f"{name}.db"))

    return run


def _files(share: str) -> list[str]:
    return sorted(
        os.path.join(top, n)
        for top, _, names in os.walk(share)
        for n in names
        if n.endswith(".gls")
    )


def _parts(path: str) -> tuple[dict, list]:
    """The head and the records of a plain sync file."""
    head, _, body = Path(path).read_bytes().split(b"\n", 1)[1].decode("utf-8").partition("\n")
    return json.loads(head), json.loads(body)


def _write(path: str, head: dict, body: str) -> None:
    """A plain sync file with ``body`` (JSON text) as its records and a checksum that fits."""
    data = (json.dumps(head) + "\n" + body).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest().encode("ascii")
    Path(path).write_bytes(b"glutelog-sync 1 plain " + digest + b"\n" + data)


def test_a_snapshot_is_read_and_merged_one_part_at_a_time(device, share, tmp_path, monkeypatch):
    from glutelog import rules
    from glutelog.sync import exchange, folder

    monkeypatch.setitem(rules.RULES, "sync_compact_after", (2, "test"))
    monkeypatch.setitem(rules.RULES, "sync_records_per_file", (2, "test"))
    for amount in range(10, 17):
        device("a", "done", "bridge", str(amount))
    device("a", "sync", share)
    device("a", "done", "bridge", "20")
    device("a", "sync", share)
    assert any(os.path.basename(p).startswith("s-") for p in _files(share))
    assert len(_files(share)) >= 3
    seen = []
    real_read, real_merge = folder.read_file, exchange.merge_file

    def read(path, key):
        seen.append("read")
        return real_read(path, key)

    def merge(*args, **kwargs):
        seen.append("merge")
        return real_merge(*args, **kwargs)

    monkeypatch.setattr(folder, "read_file", read)
    monkeypatch.setattr(exchange, "merge_file", merge)
    assert device("b", "sync", share).exit_code == 0
    # Each part merged before the next is read: one part's records in memory, never all.
    assert seen == ["read", "merge"] * (len(seen) // 2) and len(seen) >= 6
    assert records(tmp_path, "a") == records(tmp_path, "b")


def test_merging_a_file_holds_its_bytes_and_a_few_records_whatever_its_characters(
    device, share, tmp_path
):
    import tracemalloc

    from glutelog.commands.session import Session
    from glutelog.sync import exchange, folder

    device("a", "done", "bridge", "12", "--note", "felt strong \U0001f4aa after a long walk")
    device("a", "sync", share)
    (path,) = _files(share)
    head, (record,) = _parts(path)
    many = []
    for number in range(3000):
        record[0] = f"{record[0][:20]}-{number}"
        many.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    _write(path, head, "[" + ",\n".join(many) + "]")
    del many
    size = os.path.getsize(path)
    with Session(str(tmp_path / "b.db")) as session:
        tracemalloc.start()
        try:
            data = folder.read_file(path, None)
            done = exchange.merge_file(session.store, data, head["device"], 1, path, True)
            del data
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert done["added"] == 3000
    # The file's bytes once, and little more: not copies of them, not its whole text (four
    # bytes a character, with one emoji in it), not its 3,000 records parsed at once.
    assert peak < size * 3 // 2, (peak, size)


def test_a_device_writes_a_record_a_line(device, share):
    device("a", "done", "bridge", "12")
    device("a", "done", "clams", "15")
    device("a", "sync", share)
    (path,) = _files(share)
    lines = Path(path).read_bytes().split(b"\n")
    assert len(lines) == 1 + 1 + 2  # the file's first line, the head, then one a record


def _one_record_file(device, share) -> tuple[str, dict, list]:
    device("a", "done", "bridge", "12")
    device("a", "config", "side", "left")
    device("a", "sync", share)
    (path,) = _files(share)
    head, found = _parts(path)
    (entry,) = [r for r in found if r[1] == "entries"]
    return path, head, entry


def _setting(uid: str, key: str) -> list:
    return [uid, "settings", 5, 0, {"key": key, "value": "left"}]


BAD = {
    "no id": (lambda e: [None, *e[1:]], "has no id"),
    "not a list": (lambda e: {"uid": e[0]}, "has no id"),
    "an unknown table": (lambda e: [e[0], "secrets", *e[2:]], "not of the form"),
    "a negative stamp": (lambda e: [e[0], e[1], -1, *e[3:]], "not of the form"),
    "a stamp as text": (lambda e: [e[0], e[1], "5", *e[3:]], "not of the form"),
    "a removal with a row": (lambda e: [*e[:3], 1, e[4]], "not of the form"),
    "a row that is a list": (lambda e: [*e[:4], [1, 2]], "not of the form"),
    "a field that is an object": (
        lambda e: [*e[:4], {**e[4], "note": {"a": 1}}],
        "not of the form",
    ),
    "a number too large": (lambda e: [*e[:4], {**e[4], "sets": 2**70}], "not of the form"),
    "a setting named by another key": (
        lambda e: _setting("setting:side", "exercise"),
        "not of the form",
    ),
    "a past setting under a day-minutes name": (
        lambda e: ["day-minutes:x", "settings_history", 5, 0, {"key": "a", "until_day": "b"}],
        "not of the form",
    ),
    "half a character in a note": (
        lambda e: [*e[:4], {**e[4], "note": "\ud800"}],
        "not of the form",
    ),
    "a set of no sets": (lambda e: [*e[:4], {**e[4], "sets": 0}], "breaks a rule of the log"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_record_not_as_a_device_writes_it_is_refused_and_nothing_of_its_file_merged(
    device, share, tmp_path, case
):
    path, head, entry = _one_record_file(device, share)
    change, said = BAD[case]
    good = [entry[0] + "-kept", *entry[1:]]
    body = json.dumps([good, change(entry)])
    _write(path, head, body)
    result = device("b", "sync", share)
    assert result.exit_code == 65, result.output
    assert os.path.basename(path) in result.output and said in result.output
    assert not [k for k in records(tmp_path, "b") if k[0] in ("entries", "settings")]


@pytest.mark.parametrize(
    "body",
    ["", "{}", "[", "[1,", "[] []", '[["u","entries",1,0,{"sets":NaN}]]', "[1 2]", "[" * 100_000],
)
def test_a_file_whose_records_are_not_json_is_refused(device, share, tmp_path, body):
    path, head, _ = _one_record_file(device, share)
    _write(path, head, body)
    result = device("b", "sync", share)
    assert result.exit_code == 65, result.output
    assert os.path.basename(path) in result.output
    assert not [k for k in records(tmp_path, "b") if k[0] in ("entries", "settings")]


def test_a_record_twice_in_one_file_its_later_version_counts(device, share, tmp_path):
    path, head, entry = _one_record_file(device, share)
    later = [entry[0], entry[1], entry[2] + 1, 0, {**entry[4], "amount": 99}]
    _write(path, head, json.dumps([later, entry]))
    assert device("b", "sync", share).exit_code == 0
    (row,) = [v for k, v in records(tmp_path, "b").items() if k[0] == "entries"]
    assert row["amount"] == 99
