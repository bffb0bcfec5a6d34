"""Reliability battery, heavy part (``make stress``): concurrent
writers, the migration race, SIGKILL at random moments, a full disk, backups under load.

Every figure is asserted: rows stored == ids acknowledged, 0 errors, integrity_check "ok".
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest
from conftest import CLI, GLUTELOG, HELPERS, load_helper, tmpfs

from glutelog.storage import database, migrations, opening
from glutelog.storage.migrations import SCHEMA_VERSION

pytestmark = pytest.mark.stress

WRITER = str(HELPERS / "writer.py")
AT_ONCE = str(HELPERS / "at_once.py")


schema_fixtures = load_helper("schema_fixtures")


# --- helpers ---------------------------------------------------------------------------------------


def run(env: dict, *args, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def assert_ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, f"exit {result.returncode}: {result.stderr!r}"
    assert "Traceback" not in result.stderr
    return result.stdout


def assert_error(result: subprocess.CompletedProcess, code: int) -> str:
    err = result.stderr
    assert result.returncode == code, f"exit {result.returncode}, expected {code}; stderr: {err!r}"
    assert "Traceback" not in err, err
    assert err.endswith("\n") and err.count("\n") == 1, f"not exactly one line on stderr: {err!r}"
    assert err.startswith("glutelog: "), err
    return err


def logged_id(output: str) -> int:
    match = re.search(r"Logged (?:soreness )?[#s](\d+):", output)
    assert match, output
    return int(match.group(1))


def connect_ro(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def query(path: str, sql: str) -> list:
    conn = connect_ro(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def entry_ids(path: str) -> set[int]:
    return {row[0] for row in query(path, "SELECT id FROM entries")}


def integrity(path: str) -> str:
    return query(path, "PRAGMA integrity_check")[0][0]


_children: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _reap_children():
    """No child outlives its test, even when an assertion or a hang stops the test early."""
    yield
    while _children:
        proc = _children.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def spawn(args: list[str], env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _children.append(proc)
    return proc


def new_db(path: str) -> str:
    opening.open_store(path).close()
    return path


def writer(db: str, count: int, tag: str, env: dict) -> subprocess.Popen:
    return spawn([sys.executable, WRITER, db, str(count), tag], env)


class Acks:
    """Reads a writer's stdout as it comes: every complete line is an acknowledged id."""

    def __init__(self, proc: subprocess.Popen):
        self.proc = proc
        self.ids: list[int] = []
        self.partial = ""
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.endswith("\n"):
                self.ids.append(int(line))
            else:
                self.partial = line  # cut off by a kill: not acknowledged

    def finish(self, timeout: float = 60) -> tuple[int, str]:
        self.thread.join(timeout)
        err = self.proc.stderr.read()
        return self.proc.wait(timeout), err


# --- 1. concurrent writers --------------------------------------------------------------------------


def test_eight_writers_through_the_storage_api(env, tmp_path):
    db = new_db(str(tmp_path / "w.db"))
    procs = [writer(db, 200, f"p{i}", env) for i in range(8)]
    acks = [Acks(p) for p in procs]
    results = [a.finish(timeout=120) for a in acks]
    for code, err in results:
        assert code == 0 and err == "", (code, err)
    acknowledged = [i for a in acks for i in a.ids]
    assert len(acknowledged) == 1600
    assert len(set(acknowledged)) == 1600
    assert entry_ids(db) == set(acknowledged)
    notes = {row[0] for row in query(db, "SELECT note FROM entries")}
    assert notes == {f"p{i}-{j}" for i in range(8) for j in range(200)}
    assert integrity(db) == "ok"


XARGS_SCRIPT = r"""
n=$1
case $((n % 3)) in
  0) set -- done pigeon 30s --side left ;;
  1) set -- done bridge ;;
  *) set -- done bridge 12 ;;
esac
out=$("$GLUTELOG" "$@" --note "n$n" --db "$DB" 2>&1)
printf '%s %s %s\n' "$n" "$?" "$(printf '%s' "$out" | tr '\n' ' ')"
"""


def test_real_entry_point_under_xargs(env, tmp_path):
    if shutil.which("xargs") is None or GLUTELOG is None:
        pytest.skip("needs xargs and the glutelog console script")
    db = new_db(str(tmp_path / "x.db"))
    environ = dict(env, GLUTELOG=GLUTELOG, DB=db)
    result = subprocess.run(
        ["sh", "-c", 'seq 1 200 | xargs -P4 -n1 sh -c "$0" sh', XARGS_SCRIPT],
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 200
    by_note = {}
    for line in lines:
        n, code, out = line.split(" ", 2)
        assert code == "0", line
        assert "Traceback" not in out
        by_note[f"n{n}"] = logged_id(out)
    assert len(by_note) == 200 and len(set(by_note.values())) == 200
    stored = dict(query(db, "SELECT note, id FROM entries"))
    assert stored == by_note
    assert integrity(db) == "ok"


def test_reports_beside_writers_never_fail(env, tmp_path):
    db = new_db(str(tmp_path / "r.db"))
    procs = [writer(db, 0, f"p{i}", env) for i in range(4)]
    acks = [Acks(p) for p in procs]
    commands = (["report"], ["plan"], ["history", "--json"], ["report", "--json"])
    failures, ran = [], 0
    deadline = time.monotonic() + 4
    try:
        while time.monotonic() < deadline or ran < 12:
            args = commands[ran % len(commands)]
            result = run(env, *args, "--db", db)
            ran += 1
            if result.returncode != 0 or result.stderr:
                failures.append((args, result.returncode, result.stderr))
        alive = [p.poll() is None for p in procs]
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        results = [a.finish() for a in acks]
    assert failures == [], failures[:3]
    assert all(alive), "a writer stopped early: " + repr(results)
    acknowledged = {i for a in acks for i in a.ids}
    assert len(acknowledged) > 100, "the writers hardly wrote: the test proves little"
    assert acknowledged <= entry_ids(db)
    assert integrity(db) == "ok"


# --- 2. migration race ------------------------------------------------------------------------------


def _race(env: dict, db: str, n: int = 8, timeout: float = 30) -> list[subprocess.CompletedProcess]:
    start = time.time() + 1.0  # every process has imported glutelog by then
    args = ["done", "bridge", "12", "--db", db]
    procs = [
        spawn([sys.executable, AT_ONCE, str(start), *args, "--note", f"r{i}"], env)
        for i in range(n)
    ]
    deadline = time.monotonic() + timeout
    results, hung = [], 0
    for p in procs:
        try:
            out, err = p.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            hung += 1
            continue
        results.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    codes = sorted(r.returncode for r in results)
    assert hung == 0, (
        f"{hung} of {n} processes still running after {timeout:g} s (hang); exits {codes}"
    )
    return results


def _check_migrated(db: str) -> None:
    assert integrity(db) == "ok"
    assert query(db, "PRAGMA user_version")[0][0] == SCHEMA_VERSION
    assert query(db, "PRAGMA application_id")[0][0] == database.APPLICATION_ID
    applied = [row[0] for row in query(db, "SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert sorted(applied) == sorted(step.__name__ for step in migrations.STEPS), applied


@pytest.mark.parametrize("round_", range(4))
def test_migration_race_on_a_new_file(round_, env, tmp_path):
    db = str(tmp_path / "new-folder" / "glutelog.db")  # neither file nor folder exists yet
    results = _race(env, db)
    for r in results:
        assert r.returncode == 0, f"exit {r.returncode}: {r.stderr!r}"
        assert "Traceback" not in r.stderr
    ids = [logged_id(r.stdout) for r in results]
    assert sorted(ids) == sorted(entry_ids(db)) and len(set(ids)) == 8
    _check_migrated(db)
    created = [r for r in results if "created a new database" in r.stderr]
    assert len(created) == 1, f"{len(created)} processes said they created the database"
    assert [n for n in os.listdir(os.path.dirname(db)) if n.endswith(".bak")] == []


@pytest.mark.parametrize("version", sorted(schema_fixtures.BUILDERS))
def test_migration_race_on_an_old_file(version, env, tmp_path):
    db = str(tmp_path / "old.db")
    schema_fixtures.BUILDERS[version](db)
    before = query(db, "SELECT id, note FROM entries ORDER BY id")
    results = _race(env, db)
    for r in results:
        assert r.returncode == 0, f"exit {r.returncode}: {r.stderr!r}"
        assert "Traceback" not in r.stderr and "created a new database" not in r.stderr
    ids = {logged_id(r.stdout) for r in results}
    assert len(ids) == 8
    stored = query(db, "SELECT id, note FROM entries ORDER BY id")
    assert stored[: len(before)] == before
    assert {row[0] for row in stored[len(before) :]} == ids
    _check_migrated(db)
    backups = [n for n in os.listdir(tmp_path) if n not in ("old.db", "old.db-wal", "old.db-shm")]
    assert len(backups) == (1 if version < SCHEMA_VERSION else 0), backups


# --- 3. SIGKILL ---------------------------------------------------------------------------------------


def test_sigkill_at_random_moments_loses_nothing(env, tmp_path):
    rng = random.Random(20261124)
    acknowledged: dict[str, set[int]] = {}
    for round_ in range(30):
        # Every fifth round starts from no file at all, so some kills land during creation.
        name = f"fresh{round_}.db" if round_ % 5 == 0 else "k.db"
        db = str(tmp_path / name)
        proc = writer(db, 0, f"k{round_}", env)
        acks = Acks(proc)
        time.sleep(rng.uniform(0.02, 0.6))
        proc.send_signal(signal.SIGKILL)
        code, err = acks.finish()
        assert code == -signal.SIGKILL or (code == 0 and not acks.ids), (code, err)
        seen = acknowledged.setdefault(db, set())
        seen.update(acks.ids)
        if seen:
            assert seen <= entry_ids(db), f"round {round_}: acknowledged ids missing"
        if os.path.exists(db) and os.path.getsize(db) > 0:
            assert integrity(db) == "ok", f"round {round_}"
        # The next write after the kill succeeds, through the real command.
        result = run(env, "done", "bridge", "12", "--db", db)
        assert_ok(result)
        seen.add(logged_id(result.stdout))
        assert seen <= entry_ids(db)
    assert sum(len(s) for s in acknowledged.values()) > 300, "kills came too early to prove much"
    for db, seen in acknowledged.items():
        assert seen <= entry_ids(db)
        assert integrity(db) == "ok"


# --- 4. disk full ---------------------------------------------------------------------------------------


def _fill(point: str) -> str:
    fill = os.path.join(point, "fill")
    result = subprocess.run(
        ["dd", "if=/dev/zero", f"of={fill}", "bs=4k"], capture_output=True, text=True
    )
    assert result.returncode != 0, "dd should have stopped at a full disk"
    stats = os.statvfs(point)
    assert stats.f_bavail == 0, f"{stats.f_bavail} blocks still free"
    return fill


def _deviation(result: subprocess.CompletedProcess, code: int) -> str | None:
    """None when ``result`` keeps the contract for ``code``, else what went wrong."""
    err = result.stderr
    if result.returncode != code:
        return f"exit {result.returncode} (expected {code}): {err.strip()[:200]}"
    if "Traceback" in err:
        return "traceback on stderr"
    if code != 0 and not (
        err.startswith("glutelog: ") and err.count("\n") == 1 and err.endswith("\n")
    ):
        return f"not one line on stderr: {err!r:.200}"
    return None


@pytest.mark.parametrize("other_connection", [False, True], ids=["closed", "held-open-by-another"])
def test_disk_full(other_connection, env):
    """Every step runs; the contract violations are reported together."""
    with tmpfs("512k") as point:
        db = os.path.join(point, "glutelog.db")
        acknowledged = [
            logged_id(assert_ok(run(env, "done", "bridge", "12", "--db", db))) for _ in range(5)
        ]
        holder = None
        if other_connection:
            # Another glutelog (or a long report) has the database open: -wal and -shm exist.
            holder = sqlite3.connect(db)
            holder.execute("SELECT count(*) FROM entries").fetchone()
        problems = []
        try:
            fill = _fill(point)
            steps = [
                (["report"], 0),
                (["done", "bridge", "12", "--note", "x" * 1500], 74),
                (["done", "bridge", "12"], 74),
                (["sore", "3", "--morning"], 74),
                (["report"], 0),
                (["plan"], 0),
                (["history"], 0),
            ]
            for args, code in steps:
                result = run(env, *args, "--db", db)
                wrong = _deviation(result, code)
                if wrong:
                    problems.append(f"disk full, `{' '.join(args)[:30]}`: {wrong}")
                elif args == ["history"] and not all(
                    f"#{i} " in result.stdout for i in acknowledged
                ):
                    problems.append(f"disk full, history misses rows: {result.stdout!r:.200}")
            if holder is not None:
                assert holder.execute("SELECT count(*) FROM entries").fetchone()[0] == 5
            os.unlink(fill)
            assert sorted(entry_ids(db)) == acknowledged, (
                "rows != acknowledged after the disk was full"
            )
            assert integrity(db) == "ok"
            again = logged_id(assert_ok(run(env, "done", "bridge", "12", "--db", db)))
            assert again not in acknowledged
            assert sorted(entry_ids(db)) == sorted([*acknowledged, again])
            assert integrity(db) == "ok"
        finally:
            if holder is not None:
                holder.close()
        assert not problems, "\n".join(problems)


# --- 5. backup under load ----------------------------------------------------------------------------------


def test_backups_beside_four_writers(env, tmp_path):
    db = new_db(str(tmp_path / "b.db"))
    procs = [writer(db, 0, f"b{i}", env) for i in range(4)]
    acks = [Acks(p) for p in procs]
    problems = []
    try:
        time.sleep(0.3)
        for k in range(6):
            acked_before = {i for a in acks for i in list(a.ids)}
            target = str(tmp_path / f"api-{k}.db")
            source = sqlite3.connect(db, timeout=30)
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
                verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
                ids = {row[0] for row in copy.execute("SELECT id FROM entries")}
                app_id = copy.execute("PRAGMA application_id").fetchone()[0]
            finally:
                copy.close()
                source.close()
            if verdict != "ok" or app_id != database.APPLICATION_ID or not acked_before <= ids:
                problems.append(("api", k, verdict, app_id, len(acked_before - ids)))
            time.sleep(0.15)
        alive = [p.poll() is None for p in procs]
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        results = [a.finish() for a in acks]
    assert not problems, problems
    assert all(alive), results
    acknowledged = {i for a in acks for i in a.ids}
    assert len(acknowledged) > 100
    assert acknowledged <= entry_ids(db)
    assert integrity(db) == "ok"


def test_glutelog_backup_command_beside_four_writers(env, tmp_path):
    db = new_db(str(tmp_path / "c.db"))
    procs = [writer(db, 0, f"c{i}", env) for i in range(4)]
    acks = [Acks(p) for p in procs]
    results = []
    try:
        time.sleep(0.3)
        for k in range(5):
            acked_before = {i for a in acks for i in list(a.ids)}
            target = str(tmp_path / f"cmd-{k}.db")
            result = run(env, "backup", target, "--db", db)
            results.append((result, target, acked_before))
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        for a in acks:
            a.finish()
    for result, target, acked_before in results:
        assert_ok(result)
        assert integrity(target) == "ok"
        assert acked_before <= entry_ids(target)
    assert integrity(db) == "ok"


# --- 6. removals racing each other, and a large import beside writers --------------------------------

MIXER = str(HELPERS / "mixer.py")
REMOVED = re.compile(r"Removed (#|s)(\d+) ")


def test_mixed_undo_rm_edit_done_acknowledgements_hold(env, tmp_path):
    """Six processes mix `done`, `undo`, `rm` and `edit` on one database: every removal that was
    acknowledged removed a row nobody else was told they removed, and every other row is there."""
    db = new_db(str(tmp_path / "m.db"))
    store = opening.open_store(db)
    start = [store.add_entry(_row(i)) for i in range(150)]
    start_scores = [
        store.add_soreness(
            {"at": _row(i)["at"], "day": _row(i)["day"], "score": 2, "timing": "after"}
        )
        for i in range(20)
    ]
    store.close()
    procs = [spawn([sys.executable, MIXER, db, "60", str(seed), "170"], env) for seed in range(6)]
    lines = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and not err, err
        lines += [line.split("\t") for line in out.splitlines()]
    assert len(lines) == 6 * 60
    removed: list[tuple[str, int]] = []
    logged: set[int] = set()
    notes: dict[int, set] = {}
    for code, command, first in lines:
        verb = command.split()[0]
        allowed = {"done": ("0",), "undo": ("0", "2"), "rm": ("0", "2"), "edit": ("0", "2")}
        assert code in allowed[verb], (code, command, first)
        if code == "2":
            # The only refusals a correct command can meet here: the row went first.
            assert first in (f"glutelog: no entry {command.split()[1]}",) or first.startswith(
                "glutelog: nothing to undo"
            ), (command, first)
        elif verb == "done":
            logged.add(int(re.search(r"#(\d+)", first).group(1)))
        elif verb in ("undo", "rm"):
            kind, number = REMOVED.match(first).groups()
            removed.append(("entries" if kind == "#" else "soreness", int(number)))
        else:
            _, number, _, note = command.split()
            notes.setdefault(int(number), set()).add(note)
    assert len(removed) == len(set(removed)), "two commands were told they removed one row"
    gone = {number for table, number in removed if table == "entries"}
    assert not gone & entry_ids(db)
    assert entry_ids(db) == (set(start) | logged) - gone
    scores_gone = {number for table, number in removed if table == "soreness"}
    left = {row[0] for row in query(db, "SELECT id FROM soreness")}
    assert left == set(start_scores) - scores_gone
    # A row still there was edited only by acknowledged edits, and the last of them stands.
    for number, note in query(db, "SELECT id, note FROM entries"):
        assert (note is None and number not in notes) or note in notes.get(number, ()), (
            number,
            note,
        )
    assert integrity(db) == "ok"


def _row(i: int) -> dict:
    from datetime import datetime, timedelta

    at = datetime.now().astimezone().replace(microsecond=0) - timedelta(hours=i + 1)
    return {
        "at": at.isoformat(),
        "day": at.date().isoformat(),
        "exercise": "glute-bridge",
        "sets": 1,
        "amount": 12,
        "unit": "reps",
    }


def test_large_same_day_import_beside_writers(env, tmp_path):
    """20,000 sets on one day imported while four writers log sets: the import is whole, every
    acknowledged set is there, and no writer waited past its busy timeout."""
    import json

    db = new_db(str(tmp_path / "i.db"))
    at = _row(30)["at"]
    sets = [
        {**_row(30), "id": None, "note": f"imported {i}", "logged_at": at, "side": None}
        for i in range(20_000)
    ]
    export = {
        "format": "glutelog-export",
        "format_version": 1,
        "schema_version": SCHEMA_VERSION,
        "entries": sets,
    }
    path = tmp_path / "big.json"
    path.write_text(json.dumps(export))
    procs = [writer(db, 0, f"i{i}", env) for i in range(4)]
    acks = [Acks(p) for p in procs]
    try:
        time.sleep(0.3)
        result = run(env, "import", str(path), "--db", db, timeout=120)
        time.sleep(0.3)
        alive = [p.poll() is None for p in procs]
    finally:
        for p in procs:
            p.send_signal(signal.SIGINT)
        finished = [a.finish() for a in acks]
    assert "Imported 20000 new sets" in assert_ok(result)
    assert all(alive), finished
    acknowledged = {i for a in acks for i in a.ids}
    ids = entry_ids(db)
    assert acknowledged <= ids
    # A writer stopped between its commit and its acknowledgement leaves one row unacknowledged.
    assert 0 <= len(ids) - 20_000 - len(acknowledged) <= len(procs)
    assert query(db, "SELECT count(*) FROM entries WHERE note LIKE 'imported %'") == [(20_000,)]
    assert integrity(db) == "ok"
