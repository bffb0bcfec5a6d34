"""A log put back from a backup, or copied to a second computer, while sync goes on: nothing
the device sent after the copy was made is lost to it, and the two never write one device's
files as if each were the only one."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from tests.test_sync import records


@pytest.fixture
def share(tmp_path):
    path = tmp_path / "share"
    path.mkdir()
    return str(path)


@pytest.fixture
def device(cli, tmp_path):
    def run(name: str, *args: str):
        return cli(*args, "--db", str(tmp_path / f"{name}.db"))

    return run


def device_id(tmp_path, name: str) -> str:
    conn = sqlite3.connect(tmp_path / f"{name}.db")
    try:
        return conn.execute("SELECT device FROM sync_state").fetchone()[0]
    finally:
        conn.close()


def entries(tmp_path, name: str) -> set:
    return {key for key in records(tmp_path, name) if key[0] == "entries"}


def test_a_backup_put_back_gets_what_it_sent_since_and_syncs_as_a_new_device(
    device, share, tmp_path
):
    device("a", "done", "bridge", "12")
    assert device("a", "sync", share).exit_code == 0
    shutil.copyfile(tmp_path / "a.db", tmp_path / "backup.db")  # the backup
    device("a", "done", "clams", "15")  # logged and sent after the backup was made
    device("a", "sync", share)
    sent = entries(tmp_path, "a")
    old = device_id(tmp_path, "a")
    shutil.copyfile(tmp_path / "backup.db", tmp_path / "a.db")  # the backup put back
    device("a", "done", "side plank", "30s")  # logged on the restored log, not yet sent
    result = device("a", "sync", share)
    assert result.exit_code == 0, result.output
    assert "copy of a device" in result.output
    assert device_id(tmp_path, "a") != old
    assert sent < entries(tmp_path, "a")  # the set sent after the backup is back
    assert device("b", "sync", share).exit_code == 0
    device("a", "sync", share)
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert len(entries(tmp_path, "b")) == 3  # the set logged after putting it back went out
    assert device("a", "check").exit_code == 0


def test_a_log_copied_to_a_second_computer_and_both_syncing_end_as_one(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    shutil.copyfile(tmp_path / "a.db", tmp_path / "c.db")  # the same log on a second computer
    device("a", "done", "clams", "15")
    device("c", "done", "step up", "10")
    for name in "acac":
        result = device(name, "sync", share)
        assert result.exit_code == 0, result.output
    assert device_id(tmp_path, "a") != device_id(tmp_path, "c")
    assert records(tmp_path, "a") == records(tmp_path, "c")
    assert len(entries(tmp_path, "a")) == 3


def test_a_sync_stopped_after_writing_its_files_keeps_its_device(device, share, tmp_path):
    """Files of its own it wrote but did not note (stopped in between) are its own changes:
    merged again, they change nothing, and the device keeps its id."""
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    device("a", "done", "clams", "15")
    device("a", "sync", share)
    before = device_id(tmp_path, "a")
    conn = sqlite3.connect(tmp_path / "a.db")
    conn.execute("UPDATE sync_marks SET seq = seq - 1 WHERE device = ?", (before,))
    conn.commit()
    conn.close()
    result = device("a", "sync", share)
    assert result.exit_code == 0, result.output
    assert "copy of a device" not in result.output
    assert device_id(tmp_path, "a") == before
