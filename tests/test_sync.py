"""`glutelog sync`: devices that share a folder end with the same log, whatever order they sync
in, whatever stops a sync, and nothing in the folder is readable without the passphrase."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest
from conftest import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from glutelog.sync import clock, folder
from glutelog.sync.merge import Version, counted_mornings, merge

# --- the merge, as pure functions -----------------------------------------------------------

versions = st.builds(
    Version,
    st.integers(0, 20),
    st.sampled_from(["a", "b", "c"]),
    st.booleans(),
    st.none() | st.fixed_dictionaries({"score": st.integers(0, 10)}),
)
states = st.dictionaries(st.sampled_from(["u1", "u2", "u3", "u4"]), versions, max_size=4)


@given(states, states, states)
def test_merging_is_idempotent_commutative_and_associative(a, b, c):
    assert merge(a, a) == merge(a)
    assert merge(a, b) == merge(b, a)
    assert merge(merge(a, b), c) == merge(a, merge(b, c))
    assert merge(merge(a, b), b) == merge(a, b)


def test_the_later_change_wins_and_a_removal_is_a_change():
    kept = {"x": Version(5, "a", False, {"score": 3})}
    removed = {"x": Version(7, "b", True, None)}
    edited_after = {"x": Version(9, "a", False, {"score": 4})}
    assert merge(kept, removed)["x"].removed
    assert merge(kept, removed, edited_after)["x"].row == {"score": 4}


def test_of_two_morning_scores_the_later_counts():
    scores = {"early": ("2026-12-01", None, 10, "b"), "late": ("2026-12-01", None, 12, "a")}
    assert counted_mornings(scores) == {("2026-12-01", None): "late"}


@given(st.lists(st.integers(0, 2**40), min_size=1, max_size=20))
def test_the_clock_never_goes_back(walls):
    last = 0
    for wall in walls:
        stamp = clock.tick(last, wall)
        assert stamp > last and stamp >= wall << clock.SHIFT
        last = stamp


# --- devices through the command line -------------------------------------------------------


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


def records(tmp_path, name: str) -> dict:
    """Everything a device holds, by stable id, without its own numbers."""
    conn = sqlite3.connect(tmp_path / f"{name}.db")
    try:
        found = {}
        for table in ("entries", "soreness", "flags"):
            cursor = conn.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            for row in cursor:
                row = dict(zip(names, row, strict=True))
                row.pop("id")
                row.pop("outranked", None)
                found[(table, row.pop("uid"))] = row
        for key, value in conn.execute("SELECT key, value FROM settings"):
            found[("settings", key)] = value
        for key, day, value in conn.execute("SELECT key, until_day, value FROM settings_history"):
            found[("settings_history", key, day)] = value
        for day, minutes, at in conn.execute("SELECT * FROM day_minutes"):
            found[("day_minutes", day)] = (minutes, at)
        return found
    finally:
        conn.close()


def test_two_devices_end_with_the_same_log(device, share, tmp_path):
    assert device("a", "done", "bridge", "12").exit_code == 0
    assert device("b", "done", "clams", "15").exit_code == 0
    device("b", "config", "side", "left")
    for name in "aba":
        result = device(name, "sync", share)
        assert result.exit_code == 0, result.output
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert len([k for k in records(tmp_path, "a") if k[0] == "entries"]) == 2
    assert device("a", "config", "side").output.strip() == "left"


def test_a_removal_and_an_edit_travel(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "done", "clams", "15")
    device("a", "sync", share)
    device("b", "sync", share)
    device("a", "rm", "1")
    device("a", "edit", "2", "--amount", "20")
    device("a", "sync", share)
    device("b", "sync", share)
    held = [v for k, v in records(tmp_path, "b").items() if k[0] == "entries"]
    assert [(row["exercise"], row["amount"]) for row in held] == [("clamshell", 20)]


def _amounts(tmp_path, name: str) -> list:
    return [v["amount"] for k, v in records(tmp_path, name).items() if k[0] == "entries"]


def test_two_edits_of_one_set_the_later_wins_on_every_device(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    device("b", "sync", share)
    device("a", "edit", "1", "--amount", "20")
    device("b", "edit", "1", "--amount", "30")  # later
    for name in "aba":
        device(name, "sync", share)
    assert _amounts(tmp_path, "a") == _amounts(tmp_path, "b") == [30]
    # In the other order of syncs too: the later edit, not the later sync, wins.
    device("b", "edit", "1", "--amount", "40")
    device("a", "edit", "1", "--amount", "50")  # later
    for name in "bab":
        device(name, "sync", share)
    assert _amounts(tmp_path, "a") == _amounts(tmp_path, "b") == [50]


def test_a_removal_and_a_later_edit_the_edit_wins(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    device("b", "sync", share)
    device("a", "rm", "1")
    device("b", "edit", "1", "--amount", "30")  # later: the set is kept, edited
    for name in "abab":
        device(name, "sync", share)
    assert _amounts(tmp_path, "a") == _amounts(tmp_path, "b") == [30]
    device("b", "edit", "1", "--amount", "35")
    device("a", "rm", "2")  # later: the set is gone everywhere
    for name in "baba":
        device(name, "sync", share)
    assert _amounts(tmp_path, "a") == _amounts(tmp_path, "b") == []


def test_a_device_joining_takes_the_shared_settings_and_keeps_its_own_sets(device, share, tmp_path):
    device("a", "sync", share)
    device("a", "config", "side", "left")
    device("a", "sync", share)
    device("b", "config", "side", "right")  # later, but before b ever synced
    device("b", "done", "clams", "15")
    for name in "bab":
        device(name, "sync", share)
    for name in "ab":
        assert device(name, "config", "side").output.strip() == "left"
    assert records(tmp_path, "a") == records(tmp_path, "b")
    device("b", "config", "side", "right")  # once joined, a change is a change like any
    for name in "ba":
        device(name, "sync", share)
    assert device("a", "config", "side").output.strip() == "right"


def test_numbers_stay_per_device_and_are_never_reused(device, share, tmp_path):
    device("b", "done", "clams", "15")  # b's #1
    device("b", "undo")
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    device("b", "sync", share)
    shown = device("b", "history").output
    assert "#2" in shown and "#1 " not in shown


def test_two_morning_scores_both_kept_the_later_counts_and_sync_says_so(device, share, tmp_path):
    device("a", "sore", "3", "--morning")
    device("b", "sore", "6", "--morning")  # later by the clock
    device("a", "sync", share)
    result = device("b", "sync", share)
    assert "6, counts" in result.output and "3 stays in history" in result.output
    result = device("a", "sync", share)
    assert "6, counts" in result.output
    for name in "ab":
        shown = device(name, "history").output
        assert "3/10 morning" in shown and "6/10 morning" in shown
        conn = sqlite3.connect(tmp_path / f"{name}.db")
        counted = conn.execute(
            "SELECT score FROM soreness WHERE timing = 'morning' AND NOT outranked"
        ).fetchall()
        assert counted == [(6,)]
    assert "red" in device("a", "plan").output.lower() or device("a", "plan").exit_code == 0


def test_a_bare_sync_uses_the_folder_set_once(device, share):
    result = device("a", "sync")
    assert result.exit_code == 2 and "config sync-dir" in result.output
    device("a", "config", "sync-dir", share)
    assert device("a", "sync").exit_code == 0
    assert "synced just now" in device("a", "status").output


def test_an_unsealed_folder_is_warned_of_once(device, share):
    first = device("a", "sync", share)
    second = device("a", "sync", share)
    assert "can read your log" in first.output
    assert "can read your log" not in second.output


def test_a_new_or_emptied_folder_gets_the_whole_log_again(device, share, tmp_path):
    import shutil

    device("a", "done", "bridge", "12")
    device("b", "done", "clams", "15")
    for name in "ab":
        device(name, "sync", share)
    shutil.rmtree(share)
    os.mkdir(share)
    for name in "cabca":
        assert device(name, "sync", share).exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b") == records(tmp_path, "c")
    assert len(records(tmp_path, "c")) == 2


def test_rows_written_by_another_program_get_an_id_and_travel(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    for _ in range(2):  # before a syncs again, and after
        conn = sqlite3.connect(tmp_path / "a.db")
        conn.execute(
            "INSERT INTO entries (at, day, exercise, sets, amount, unit, logged_at) VALUES "
            "('2026-12-01T07:00:00+00:00', '2026-12-01', 'clamshell', 1, 15, 'reps', "
            "'2026-12-01T07:00:00.000000Z')"
        )
        conn.commit()
        conn.close()
        for name in "aba":
            assert device(name, "sync", share).exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert len(records(tmp_path, "b")) == 3


# --- faults ---------------------------------------------------------------------------------


def test_a_folder_that_is_not_there_changes_nothing(device, tmp_path):
    device("a", "done", "bridge", "12")
    result = device("a", "sync", str(tmp_path / "unplugged"))
    assert result.exit_code == 2 and "is not there" in result.output
    assert not (tmp_path / "unplugged").exists()


def test_a_full_disk_saves_nothing_half_and_the_next_sync_completes(
    device, share, tmp_path, monkeypatch
):
    device("a", "done", "bridge", "12")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(folder.os, "fsync", full)
    result = device("a", "sync", share)
    assert result.exit_code == 74 and "No space left" in result.output
    monkeypatch.undo()
    leftovers = [n for _, _, names in os.walk(share) for n in names if n.endswith(".tmp")]
    assert leftovers == []
    assert device("a", "sync", share).exit_code == 0
    assert device("b", "sync", share).exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b")


@pytest.mark.parametrize("where", ["merge", "written"])
def test_a_sync_stopped_midway_leaves_both_sides_whole(device, share, tmp_path, monkeypatch, where):
    from glutelog.sync import exchange

    device("a", "done", "bridge", "12")
    device("b", "done", "clams", "15")
    device("b", "sync", share)
    real = exchange.merge_file if where == "merge" else exchange.finished

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(exchange, real.__name__, stopped)
    assert device("a", "sync", share).exit_code == 130
    monkeypatch.undo()
    for name in "aba":
        assert device(name, "sync", share).exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert len(records(tmp_path, "a")) >= 2


def test_two_syncs_at_once_on_one_device_take_turns(device, share, tmp_path, env):
    import subprocess

    from tests.conftest import CLI

    device("b", "done", "clams", "15")
    device("b", "sync", share)
    db = str(tmp_path / "a.db")
    device("a", "done", "bridge", "12")
    runs = [
        subprocess.Popen([*CLI, "sync", share, "--db", db], env=env, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    codes = [run.wait(60) for run in runs]
    assert all(code in (0, 75) for code in codes) and 0 in codes
    assert device("a", "sync", share).exit_code == 0
    device("b", "sync", share)
    assert records(tmp_path, "a") == records(tmp_path, "b")


def _files(share: str) -> list[str]:
    return sorted(
        os.path.join(top, n)
        for top, _, names in os.walk(share)
        for n in names
        if n.endswith(".gls")
    )


def test_a_corrupted_file_is_refused_by_name_and_nothing_of_it_is_merged(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    (path,) = _files(share)
    data = bytearray(Path(path).read_bytes())
    data[len(data) // 2] ^= 0x55
    Path(path).write_bytes(bytes(data))
    result = device("b", "sync", share)
    assert result.exit_code == 65 and os.path.basename(path) in result.output
    assert not [k for k in records(tmp_path, "b") if k[0] == "entries"]


def test_foreign_files_are_left_alone_and_a_moved_file_is_refused(device, share, tmp_path):
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    (path,) = _files(share)
    where = os.path.dirname(path)
    Path(share, ".DS_Store").write_bytes(b"\0\1")
    Path(where, "c-0000000001 (conflicted copy).gls").write_text("junk")
    assert device("b", "sync", share).exit_code == 0
    # A file copied into another device's folder says whose it is inside: refused.
    other = os.path.join(share, "f" * 32)
    os.mkdir(other)
    Path(other, "c-0000000001.gls").write_bytes(Path(path).read_bytes())
    result = device("c", "sync", share)
    assert result.exit_code == 65 and "c-0000000001.gls" in result.output


def test_a_sealed_folder_holds_nothing_readable_and_a_wrong_passphrase_merges_nothing(
    device, share, tmp_path, monkeypatch
):
    monkeypatch.setenv("GLUTELOG_SYNC_PASSPHRASE", "correct horse")
    device("a", "done", "bridge", "12", "--note", "secret words")
    assert device("a", "sync", share).exit_code == 0
    for path in _files(share):
        data = Path(path).read_bytes().split(b"\n", 1)[1]
        assert b"secret" not in data and b"bridge" not in data
    monkeypatch.setenv("GLUTELOG_SYNC_PASSPHRASE", "wrong horse")
    result = device("b", "sync", share)
    assert result.exit_code == 2 and "passphrase does not open" in result.output
    assert records(tmp_path, "b") == {}
    monkeypatch.delenv("GLUTELOG_SYNC_PASSPHRASE")
    result = device("b", "sync", share)
    assert result.exit_code == 2 and "config sync-passphrase" in result.output


def test_a_passphrase_is_kept_as_a_key_and_checked_against_the_folder(
    device, share, tmp_path, monkeypatch
):
    monkeypatch.setenv("GLUTELOG_SYNC_PASSPHRASE", "correct horse")
    device("a", "done", "bridge", "12")
    device("a", "sync", share)
    device("b", "config", "sync-dir", share)
    monkeypatch.setenv("GLUTELOG_SYNC_PASSPHRASE", "wrong")
    assert device("b", "config", "sync-passphrase").exit_code == 2
    monkeypatch.setenv("GLUTELOG_SYNC_PASSPHRASE", "correct horse")
    assert device("b", "config", "sync-passphrase").exit_code == 0
    monkeypatch.delenv("GLUTELOG_SYNC_PASSPHRASE")
    raw = (tmp_path / "b.db").read_bytes()
    assert b"correct horse" not in raw
    assert device("b", "sync").exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert device("b", "config", "sync-passphrase", "on-the-line").exit_code == 2


def test_compaction_folds_old_files_and_a_newcomer_catches_up(device, share, tmp_path, monkeypatch):
    from glutelog import rules

    monkeypatch.setitem(rules.RULES, "sync_compact_after", (3, "test"))
    for amount in range(10, 16):
        device("a", "done", "bridge", str(amount))
        device("a", "sync", share)
    assert len(_files(share)) < 6
    device("a", "rm", "1")
    device("a", "sync", share)
    assert device("b", "sync", share).exit_code == 0
    assert records(tmp_path, "a") == records(tmp_path, "b")
    assert len([k for k in records(tmp_path, "b") if k[0] == "entries"]) == 5


# --- every order of everything --------------------------------------------------------------

EXERCISES = ["bridge 12", "clams 15", "pigeon 30s", "run 5km"]


class Devices(RuleBasedStateMachine):
    """2-4 devices, one folder; random logging, removing, editing, settings and syncs."""

    def __init__(self):
        super().__init__()
        import tempfile

        from typer.testing import CliRunner

        from glutelog.cli.typer_app import app

        self.tmp = tempfile.mkdtemp()
        self.share = os.path.join(self.tmp, "share")
        os.mkdir(self.share)
        self.runner, self.app = CliRunner(), app
        self.count = 0
        # What the acknowledged operations made of each record, the last one winning (the
        # devices take turns on one clock, so the last in time is the last by the hybrid
        # clock): every device must end with exactly this, nothing lost or come back.
        self.model: dict = {}

    def run(self, name: str, *args: str):
        result = self.runner.invoke(self.app, [*args, "--db", os.path.join(self.tmp, f"{name}.db")])
        assert result.exit_code in (0, 2), result.output
        return result

    def held(self, name: str) -> dict:
        if not os.path.exists(os.path.join(self.tmp, f"{name}.db")):
            return {}
        return records_at(self.tmp, name)

    def export(self, name: str) -> dict:
        """What `glutelog export` writes, its records by stable id (local numbers set aside)."""
        import json

        data = json.loads(self.run(name, "export").output)
        for table in ("entries", "soreness", "flags"):
            data[table] = {r.pop("uid"): r for r in data[table] if r.pop("id")}
        return data

    def acknowledged(self, name: str, before: dict) -> None:
        after = self.held(name)
        for key in before.keys() | after.keys():
            if before.get(key) != after.get(key):
                self.model[key] = after.get(key)

    def numbers(self, name: str) -> list:
        """The sets a device holds, by its own numbers: merged ones are edited and removed too."""
        path = os.path.join(self.tmp, f"{name}.db")
        if not os.path.exists(path):
            return []
        conn = sqlite3.connect(path)
        try:
            return [row[0] for row in conn.execute("SELECT id FROM entries ORDER BY id")]
        finally:
            conn.close()

    @rule(n=st.integers(2, 4))
    def devices(self, n):
        # Each device joins (its first sync) before it changes anything: what a device changed
        # before it joined is older than the shared log (see the test of joining).
        if self.count == 0:
            self.count = n
            for name in "abcd"[:n]:
                self.run(name, "sync", self.share)

    @precondition(lambda self: self.count)
    @rule(data=st.data())
    def log(self, data):
        name = data.draw(st.sampled_from("abcd"[: self.count]))
        before = self.held(name)
        kind = data.draw(st.sampled_from(["done", "sore", "flag"]))
        if kind == "done":
            self.run(name, "done", *data.draw(st.sampled_from(EXERCISES)).split())
        elif kind == "sore":
            args = ["sore", str(data.draw(st.integers(0, 10)))]
            args += data.draw(st.sampled_from([["--morning", "--replace"], ["--after"]]))
            self.run(name, *args)
        else:
            self.run(name, "flag", "numbness")
        self.acknowledged(name, before)

    @precondition(lambda self: self.count)
    @rule(data=st.data())
    def change(self, data):
        name = data.draw(st.sampled_from("abcd"[: self.count]))
        before = self.held(name)
        kind = data.draw(st.sampled_from(["undo", "rm", "edit", "config", "minutes", "clear"]))
        numbers = self.numbers(name)
        number = str(data.draw(st.sampled_from(numbers)) if numbers else 1)
        if kind == "undo":
            self.run(name, "undo")
        elif kind == "rm":
            self.run(name, "rm", number)
        elif kind == "edit":
            self.run(name, "edit", number, "--amount", str(data.draw(st.integers(1, 30))))
        elif kind == "clear":
            self.run(name, "flag", "--clear")
        elif kind == "minutes":
            self.run(name, "plan", "--minutes", str(data.draw(st.sampled_from([10, 20, 30]))))
        else:
            self.run(name, "config", "side", data.draw(st.sampled_from(["left", "right"])))
        self.acknowledged(name, before)

    @precondition(lambda self: self.count)
    @rule(data=st.data())
    def sync(self, data):
        name = data.draw(st.sampled_from("abcd"[: self.count]))
        result = self.runner.invoke(
            self.app, ["sync", self.share, "--db", os.path.join(self.tmp, f"{name}.db")]
        )
        assert result.exit_code == 0, result.output

    def teardown(self):
        import shutil

        try:
            if self.count:
                names = "abcd"[: self.count]
                for _ in range(2):
                    for name in names:
                        self.run(name, "sync", self.share)
                held = [self.held(name) for name in names]
                assert all(h == held[0] for h in held[1:])
                exports = [self.export(name) for name in names]
                assert all(e == exports[0] for e in exports[1:])
                wanted = {key: row for key, row in self.model.items() if row is not None}
                assert held[0] == wanted
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


def records_at(folder_path: str, name: str) -> dict:
    return records(Path(folder_path), name)


Devices.TestCase.settings = settings(
    max_examples=examples(10),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
test_any_devices_in_any_order_end_with_one_log = Devices.TestCase


def test_a_database_from_before_sync_is_upgraded_and_sends_its_whole_log(device, share, tmp_path):
    from tests.helpers.schema_fixtures import BUILDERS

    newest = max(BUILDERS)
    BUILDERS[newest](str(tmp_path / "a.db"))
    assert device("a", "sync", share).exit_code == 0
    conn = sqlite3.connect(tmp_path / "a.db")
    held = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    scores = conn.execute("SELECT count(*) FROM soreness").fetchone()[0]
    conn.close()
    assert held and scores
    assert device("b", "sync", share).exit_code == 0
    got = records(tmp_path, "b")
    assert len([k for k in got if k[0] == "entries"]) == held
    assert len([k for k in got if k[0] == "soreness"]) == scores
    assert records(tmp_path, "a") == got
    assert device("b", "check").exit_code == 0


def test_a_sync_with_nothing_new_starts_as_lean_as_done(tmp_path, share):
    """No Typer, JSON, regular expressions or OpenSSL for a sync that has nothing to move."""
    import shlex
    import subprocess
    import sys

    from tests.test_dispatch import GUARD, HEAVY

    env = {
        **os.environ,
        "GLUTELOG_DB": str(tmp_path / "g.db"),
        "GLUTELOG_CACHE_DIR": str(tmp_path / "c"),
    }
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "glutelog", "sync", share], env=env, check=True)
    out = subprocess.run(
        [sys.executable, "-c", GUARD, *shlex.split(f"sync {share}")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    # `signal` (for a clean stop on SIGTERM or a closed terminal) brings enum: about 1 ms.
    added = set(out.stdout.rsplit("MODULES ", 1)[1].split())
    assert not {m for m in added if m in HEAVY or m.split(".")[0] in HEAVY}
