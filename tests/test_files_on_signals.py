"""Files glutelog writes besides the database, when a signal arrives mid-write: nothing under the
final name unless it is whole, no temporary file left behind, the old handlers back; and
backup names that never collide (issue 19, observation 5)."""

from __future__ import annotations

import os
import signal
from datetime import datetime

import pytest
from conftest import ok

from glutelog.commands import data
from glutelog.storage import backup, files, opening

STOPS = [signal.SIGTERM, signal.SIGHUP, signal.SIGINT]


def leftovers(folder) -> list:
    return sorted(n for n in os.listdir(folder) if n not in ("config", "cache", "glutelog.db"))


@pytest.mark.parametrize("number", STOPS, ids=lambda n: n.name)
def test_a_signal_mid_export_leaves_no_file_and_no_temporary_file(number, tmp_path):
    target = str(tmp_path / "out.json")
    handlers = {n: signal.getsignal(n) for n in STOPS}

    def write(handle):
        handle.write('{"half": ')
        os.kill(os.getpid(), number)  # arrives while the file is half written
        handle.write("1}")

    with pytest.raises(KeyboardInterrupt):
        files.write_file(target, write)
    assert leftovers(tmp_path) == []
    assert {n: signal.getsignal(n) for n in STOPS} == handlers


def test_a_file_made_meanwhile_under_the_name_is_never_replaced(tmp_path):
    target = tmp_path / "page.html"

    def write(handle):
        target.write_text("someone else's")  # another writer took the name meanwhile
        handle.write("ours")

    with pytest.raises(Exception, match="already exists"):
        files.write_file(str(target), write)
    assert target.read_text() == "someone else's"
    assert leftovers(tmp_path) == ["page.html"]


@pytest.mark.parametrize("number", STOPS, ids=lambda n: n.name)
def test_a_signal_mid_backup_leaves_nothing_under_the_backups_name(
    number, cli, tmp_path, monkeypatch
):
    ok(cli("done", "bridge", "12"))
    copy = backup._copy

    def copy_then_signal(store, path):
        counts = copy(store, path)
        os.kill(os.getpid(), number)  # the copy is made but not yet verified and named
        return counts

    monkeypatch.setattr(backup, "_copy", copy_then_signal)
    target = str(tmp_path / "b.db")
    store = opening.open_store(str(tmp_path / "glutelog.db"))
    try:
        with pytest.raises(KeyboardInterrupt):
            backup.backup_to(store, target)
    finally:
        store.close()
    assert leftovers(tmp_path) == []


def test_two_backups_in_one_second_get_two_names(cli, tmp_path):
    ok(cli("done", "bridge", "12"))
    now = datetime(2026, 12, 4, 7, 30, 5).astimezone()
    first = data.backup_db(now=now)
    second = data.backup_db(now=now)
    names = leftovers(tmp_path)
    assert names == ["glutelog-backup-20261204-073005-2.db", "glutelog-backup-20261204-073005.db"]
    assert "073005.db (verified)" in first and "073005-2.db (verified)" in second
    for name in names:
        store = opening.open_store(str(tmp_path / name))
        try:
            assert store.read("SELECT count(*) FROM entries")[0][0] == 1
        finally:
            store.close()


def test_a_backup_to_a_name_given_is_still_refused_when_taken(cli, tmp_path):
    ok(cli("done", "bridge", "12"))
    (tmp_path / "mine.db").write_text("keep me")
    result = cli("backup", str(tmp_path / "mine.db"))
    assert result.exit_code == 2 and "already exists" in result.output
    assert (tmp_path / "mine.db").read_text() == "keep me"


def test_exercises_added_at_once_are_all_kept(env, tmp_path):
    """Eight `exercises add` at the same moment: every one acknowledged is in the file (the
    read, change and write of catalog.toml take turns under the folder's lock)."""
    import subprocess

    from conftest import CLI

    from glutelog import catalog as catalog_mod

    db = str(tmp_path / "g.db")
    names = [
        f"Move number {word}"
        for word in ["one", "two", "three", "four", "five", "six", "seven", "eight"]
    ]
    procs = [
        subprocess.Popen(
            [
                *CLI,
                "exercises",
                "add",
                "--name",
                name,
                "--kind",
                "strength",
                "--unit",
                "reps",
                "--amount",
                "2x10",
                "--cue",
                "Slowly",
                "--db",
                db,
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for name in names
    ]
    acknowledged = []
    for name, proc in zip(names, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode in (0, 75), err  # 75: busy past the wait, nothing written
        if proc.returncode == 0:
            assert out.startswith(f"Added {name}")
            acknowledged.append(name)
    assert acknowledged
    kept = {e["name"] for e in catalog_mod.load(db).exercises.values()}
    assert set(acknowledged) <= kept
