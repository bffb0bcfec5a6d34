"""Sync under load (``make stress``): two devices, each with a writer logging as fast as it can,
sync through one folder in a loop for 30 s, some syncs killed midway; then both hold the same
log, with every acknowledged set, and pass `check`."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from conftest import CLI, HELPERS

pytestmark = pytest.mark.stress

WRITER = str(HELPERS / "writer.py")
SECONDS = 30


def _notes(db: str) -> set:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {row[0] for row in conn.execute("SELECT note FROM entries")}
    finally:
        conn.close()


def _by_uid(db: str) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT uid, at, day, exercise, sets, amount, note FROM entries"
            )
        }
    finally:
        conn.close()


def _sync(env: dict, db: str, share: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "sync", share, "--db", db],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_two_devices_syncing_in_a_loop_beside_writers_end_with_one_log(env, tmp_path):
    share = str(tmp_path / "share")
    os.mkdir(share)
    dbs = {name: str(tmp_path / f"{name}.db") for name in "ab"}
    for db in dbs.values():  # each device has a database and has synced once before the load
        assert _sync(env, db, share).returncode == 0
    writers = {
        name: subprocess.Popen(
            [sys.executable, WRITER, db, "0", name],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, db in dbs.items()
    }
    acknowledged: dict = {name: [] for name in dbs}

    def read(name):
        for line in writers[name].stdout:
            if line.endswith("\n"):
                acknowledged[name].append(line)

    readers = [threading.Thread(target=read, args=(n,), daemon=True) for n in dbs]
    for thread in readers:
        thread.start()
    problems: list = []
    killed = [0]

    def loop(db):
        rng = random.Random(db)
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            proc = subprocess.Popen(
                [*CLI, "sync", share, "--db", db],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            if rng.random() < 0.2:  # killed midway: the next sync completes
                time.sleep(rng.uniform(0.05, 0.4))
                proc.send_signal(signal.SIGKILL)
                proc.communicate()
                killed[0] += 1
                continue
            out, err = proc.communicate(timeout=120)
            if proc.returncode not in (0, 75) or "Traceback" in err:
                problems.append((proc.returncode, err))

    loops = [threading.Thread(target=loop, args=(db,)) for db in dbs.values()]
    for thread in loops:
        thread.start()
    for thread in loops:
        thread.join()
    for proc in writers.values():
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    for thread in readers:
        thread.join(30)
    assert problems == []
    for _ in range(2):
        for db in dbs.values():
            result = _sync(env, db, share)
            assert result.returncode == 0, result.stderr
    a, b = _by_uid(dbs["a"]), _by_uid(dbs["b"])
    assert a == b
    total = sum(len(lines) for lines in acknowledged.values())
    assert total > 100 and len(a) >= total
    for name, lines in acknowledged.items():
        wanted = {f"{name}-{i}" for i in range(len(lines))}
        for db in dbs.values():
            assert wanted <= _notes(db)
    for db in dbs.values():
        checked = subprocess.run(
            [*CLI, "check", "--db", db], env=env, capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stderr
