"""Hostile paths, files and outputs: a set lands in the file the user named or nowhere; a file
glutelog refuses stays byte-for-byte as it was; output that cannot be written is said, not lost.

Most cases run the real ``glutelog`` command in a subprocess and check what a script sees: the
exit code, one ``glutelog:`` line on stderr, the bytes and files on disk, the rows stored.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import pytest
from conftest import CLI, examples, new_entry, tmpfs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelog import catalog as catalog_mod
from glutelog import errors
from glutelog.cli import entry
from glutelog.storage import backup, database, opening

SLOW = settings(
    max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def run(env: dict, *args, timeout: float = 30, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], env=env, capture_output=True, timeout=timeout, **extra)


def err_line(result: subprocess.CompletedProcess, code: int) -> str:
    """The single ``glutelog:`` line of a failed command that exited with ``code``."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, (result.returncode, stderr)
    assert len(stderr.splitlines()) == 1 and stderr.startswith("glutelog: "), stderr
    return stderr


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(folder) -> dict:
    """Every file in ``folder`` with its digest: what a refused command must leave as it was."""
    found = {}
    for name in sorted(os.listdir(folder)):
        full = os.path.join(folder, name)
        found[name] = sha256(full) if os.path.isfile(full) else "folder"
    return found


def entries(path: str) -> int:
    conn = sqlite3.connect(path)  # not a URI: the name is taken as it is
    try:
        return conn.execute("SELECT count(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


def in_process(*args: str) -> tuple[int, str, str]:
    """``glutelog ARGS`` run in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = entry.main(list(args))
    return code, out.getvalue(), err.getvalue()


def make_db(path: str, n: int = 2, note: str | None = None) -> str:
    """A database holding ``n`` sets, written in one transaction (a commit per set made a
    3,000-set file wait on the disk for seconds)."""
    store = opening.open_store(path)
    try:
        store.write(
            lambda conn: [
                database._insert(
                    conn, "entries", new_entry("2026-11-20", note=note if i == 0 else f"set {i}")
                )
                for i in range(n)
            ]
        )
    finally:
        store.close()
    return path


# --- 1. the path typed is the file used ---------------------------------------------------------

NAME_CHARS = st.characters(
    whitelist_categories=("Lu", "Ll", "Nd", "Po", "Ps", "Pe", "Pd", "Sm", "Sc", "So"),
    whitelist_characters="%?#& =+;'",
    blacklist_characters="/\\",
)
FILE_NAMES = st.builds(
    lambda a, b, c: a + b + c,
    st.sampled_from(["", "%2E", "%41", "?", "#", "%", "a b", "é", "100%41"]),
    st.text(NAME_CHARS, min_size=1, max_size=20),
    st.sampled_from(["", ".db", "%2Edb", "?mode=memory", "#x", " "]),
).filter(lambda name: name not in (".", "..") and not name.startswith(("-", "~")))


@SLOW
@given(name=FILE_NAMES)
def test_any_path_name_creates_exactly_that_file(name, tmp_path_factory):
    folder = str(tmp_path_factory.mktemp("paths"))
    path = os.path.join(folder, name)
    code, out, err = in_process("done", "bridge", "12", "--db", path)
    assert code == 0, err
    assert os.listdir(folder) == [name]
    assert entries(path) == 1
    code, out, _ = in_process("where", "--db", path)
    assert out == errors.printable(path) + "\n"
    code, out, err = in_process("check", "--db", path)
    assert code == 0 and "entries: 1," in out, err
    assert os.listdir(folder) == [name]


def test_a_folder_named_like_a_percent_escape_is_just_a_folder(env, tmp_path):
    folder = tmp_path / "100%41"
    folder.mkdir()
    path = str(folder / "my%2Edata.db")
    assert run(env, "done", "bridge", "12", "--db", path).returncode == 0
    assert sorted(os.listdir(folder)) == ["my%2Edata.db"]
    assert sorted(set(os.listdir(tmp_path)) - {"config", "cache"}) == ["100%41"]
    assert entries(path) == 1


@pytest.mark.parametrize("name", [":memory:", "file:g.db", "file:g.db?mode=memory", "", "  "])
def test_names_that_are_not_files_are_refused(name, env, tmp_path):
    result = run(env, "plan", "--db", name, cwd=tmp_path)
    err_line(result, errors.USAGE)
    assert set(os.listdir(tmp_path)) <= {"config", "cache"}


# --- 2 and 17. backup and export targets --------------------------------------------------------


@pytest.mark.parametrize("target", ["", ":memory:", "file:copy.db"])
def test_backup_to_a_name_that_is_not_a_file_is_refused(target, env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    before = snapshot(tmp_path)
    err_line(run(env, "backup", target, "--db", path, cwd=tmp_path), errors.USAGE)
    assert snapshot(tmp_path) == before


def test_backup_to_a_missing_database_writes_nothing(env, tmp_path):
    err_line(run(env, "backup", "", "--db", str(tmp_path / "g.db")), errors.USAGE)
    assert not (tmp_path / "g.db").exists()


def test_backup_keeps_odd_characters_in_its_name(env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    target = str(tmp_path / "b%41?x#y.db")
    assert run(env, "backup", target, "--db", path).returncode == 0
    assert "b%41?x#y.db" in os.listdir(tmp_path)
    assert entries(target) == 2


def test_backup_and_export_into_a_read_only_folder_exit_77(env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    with tmpfs() as point:
        subprocess.run(["mount", "-o", "remount,ro", point], check=True)
        err_line(run(env, "backup", os.path.join(point, "b.db"), "--db", path), errors.READ_ONLY)
        result = run(env, "export", "-o", os.path.join(point, "x.json"), "--db", path)
        err_line(result, errors.READ_ONLY)
        assert os.listdir(point) == []


def test_export_into_a_missing_folder_exits_2(env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    result = run(env, "export", "-o", str(tmp_path / "nowhere" / "x.json"), "--db", path)
    assert "no such folder" in err_line(result, errors.USAGE)


# --- 4 and 13. read-only folders and files ------------------------------------------------------


def _wal_database(folder: str) -> str:
    """A glutelog database whose second row is committed to its -wal only (no -shm)."""
    work = tempfile.mkdtemp()
    try:
        path = make_db(os.path.join(work, "g.db"), n=1)
        store = opening.open_store(path)
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        store.add_entry(new_entry("2026-11-21"))
        assert os.path.getsize(path + "-wal") > 0
        shutil.copyfile(path, os.path.join(folder, "g.db"))
        shutil.copyfile(path + "-wal", os.path.join(folder, "g.db-wal"))
        store.close()
    finally:
        shutil.rmtree(work)
    return os.path.join(folder, "g.db")


def test_rows_in_the_wal_of_a_read_only_folder_are_seen(env):
    with tmpfs() as point:
        path = _wal_database(point)
        subprocess.run(["mount", "-o", "remount,ro", point], check=True)
        before = snapshot(point)
        result = run(env, "check", "--db", path)
        assert result.returncode == 0, result.stderr
        assert b"entries: 2," in result.stdout
        result = run(env, "export", "--db", path)
        assert len(json.loads(result.stdout)["entries"]) == 2
        assert (
            "2026-11-21"
            in run(env, "history", "--since", "2026-11-01", "--db", path).stdout.decode()
        )
        err_line(run(env, "done", "bridge", "12", "--db", path), errors.READ_ONLY)
        assert snapshot(point) == before


@contextlib.contextmanager
def read_only_files(folder: str):
    """Make every file in ``folder`` read-only while the folder stays writable. Root ignores
    chmod, so as root each file is bind-mounted read-only over itself."""
    names = [os.path.join(folder, name) for name in os.listdir(folder)]
    if os.geteuid() != 0:
        for name in names:
            os.chmod(name, 0o444)
        yield
        return
    mounted = []
    try:
        for name in names:
            for args in (["--bind", name, name], ["-o", "remount,ro,bind", name]):
                result = subprocess.run(["mount", *args], capture_output=True)
                if result.returncode != 0:
                    pytest.skip(f"cannot bind-mount a file read-only: {result.stderr!r}")
            mounted.append(name)
        yield
    finally:
        for name in mounted:
            subprocess.run(["umount", name], capture_output=True)


@pytest.mark.parametrize("with_wal", [False, True])
def test_a_read_only_database_in_a_writable_folder_leaves_no_files(env, with_wal, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = _wal_database(str(folder)) if with_wal else make_db(str(folder / "g.db"))
    with read_only_files(str(folder)):
        assert not os.access(path, os.W_OK)
        before = snapshot(folder)
        result = run(env, "check", "--db", path)
        assert result.returncode == 0, result.stderr
        assert b"entries: 2," in result.stdout
        assert run(env, "plan", "--db", path).returncode == 0
        err_line(run(env, "done", "bridge", "12", "--db", path), errors.READ_ONLY)
        assert snapshot(folder) == before


# --- 12. foreign files stay untouched -----------------------------------------------------------


def _foreign_with_wal(folder: str) -> str:
    work = tempfile.mkdtemp()
    try:
        source = os.path.join(work, "f.db")
        conn = sqlite3.connect(source, isolation_level=None)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("CREATE TABLE notes (x)")
        conn.execute("INSERT INTO notes VALUES (1)")
        shutil.copyfile(source, os.path.join(folder, "g.db"))
        shutil.copyfile(source + "-wal", os.path.join(folder, "g.db-wal"))
        conn.close()
    finally:
        shutil.rmtree(work)
    return os.path.join(folder, "g.db")


def _set_header(path: str, app_id: int, version: int, tables: bool) -> str:
    conn = sqlite3.connect(path)
    if tables:
        conn.execute("CREATE TABLE entries (x)")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


FOREIGN = {
    "foreign, with a leftover -wal": _foreign_with_wal,
    "glutelog's id, schema 0, with tables": lambda f: _set_header(
        os.path.join(f, "g.db"), database.APPLICATION_ID, 0, True
    ),
    "no id, a schema version, no tables": lambda f: _set_header(
        os.path.join(f, "g.db"), 0, 3, False
    ),
    "another program's id, no tables": lambda f: _set_header(
        os.path.join(f, "g.db"), 0x12345678, 0, False
    ),
    "newer glutelog": lambda f: _set_header(
        os.path.join(f, "g.db"), database.APPLICATION_ID, 99, True
    ),
}


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_a_refused_file_and_its_side_files_stay_untouched(kind, env, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = FOREIGN[kind](str(folder))
    before = snapshot(folder)
    for args in (["done", "bridge", "12"], ["plan"], ["check"], ["export"], ["backup", "b.db"]):
        err_line(run(env, *args, "--db", path, cwd=tmp_path), errors.DATA)
        assert snapshot(folder) == before, args
    assert not (tmp_path / "b.db").exists()


# --- 14. things at the database or catalog path that are not files -------------------------------


def _special(kind: str, path: str) -> str:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        os.mkdir(path)
    elif kind == "device":
        os.symlink("/dev/zero", path)
    elif kind == "dangling link":
        os.symlink(path + ".gone", path)
    return path


SPECIAL = ["fifo", "folder", "device", "dangling link"]


@pytest.mark.parametrize("kind", SPECIAL)
def test_a_database_path_that_is_not_a_file_is_refused_at_once(kind, env, tmp_path):
    path = _special(kind, str(tmp_path / "g.db"))
    for args in (["plan"], ["done", "bridge", "12"], ["check"]):
        err_line(run(env, *args, "--db", path, timeout=60), errors.DATA)
    assert sorted(set(os.listdir(tmp_path)) - {"config", "cache"}) == ["g.db"]


@pytest.mark.parametrize("kind", [*SPECIAL, "50 MB"])
def test_a_catalog_that_is_not_a_small_file_is_refused_at_once(kind, env, tmp_path):
    catalog = str(tmp_path / "catalog.toml")
    if kind == "50 MB":
        with open(catalog, "wb") as handle:
            handle.truncate(50_000_000)
    else:
        _special(kind, catalog)
    path = str(tmp_path / "g.db")
    for args in (["plan"], ["exercises"]):
        assert "catalog" in err_line(run(env, *args, "--db", path, timeout=60), errors.DATA)


# --- 15. catalog values --------------------------------------------------------------------------

EXERCISE = """
[[exercise]]
slug = "{slug}"
name = "{name}"
aliases = ["{alias}"]
kind = "stretch"
unit = "seconds"
sets = 1
amount = {amount}
block = "daily"
cue = "Breathe."
"""


def _refused(tmp_path, text: str) -> str:
    user = tmp_path / "catalog.toml"
    user.write_text(text, encoding="utf-8")
    with pytest.raises(errors.CatalogError) as err:
        catalog_mod.build(catalog_mod.paths.builtin_catalog(), str(user))
    return err.value.message


@pytest.mark.parametrize("amount", ["nan", "inf", "-inf", "+nan", "1e308"])
def test_catalog_numbers_must_be_finite_and_sane(amount, tmp_path):
    _refused(tmp_path, EXERCISE.format(slug="x", name="X", alias="x1", amount=amount))


def test_a_deeply_nested_catalog_is_refused_with_one_line(env, tmp_path):
    (tmp_path / "catalog.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested" in err_line(run(env, "plan", "--db", str(tmp_path / "g.db")), errors.DATA)


CONTROLS = st.sampled_from(
    [chr(c) for c in range(0x20) if c not in (0x0A, 0x0D)]
    + ["\x7f", "\x9b", "\u202e", "\u2066", "\u200b"]
)


@SLOW
@given(
    field=st.sampled_from(["slug", "name", "alias"]),
    before=st.text("abc", min_size=1, max_size=4),
    control=CONTROLS,
)
def test_control_characters_in_catalog_names_are_refused(field, before, control, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("cat")
    hostile = json.dumps(before + control + "x")[1:-1]  # a TOML basic-string escape
    values = {"slug": "x", "name": "X", "alias": "x1", "amount": "30", field: hostile}
    _refused(tmp_path, EXERCISE.format(**values))


def test_every_variant_a_routine_item_can_reach_needs_a_dose(tmp_path):
    text = (
        '[routine]\ndaily = ["a"]\n'
        + EXERCISE.format(slug="a", name="A", alias="a1", amount=30)
        + 'easier = "b"\n'
        + EXERCISE.format(slug="b", name="B", alias="b1", amount=30)
        + 'harder = "a"\neasier = "c"\n'
        + EXERCISE.format(slug="c", name="C", alias="c1", amount=30).replace(
            "sets = 1\namount = 30\n", ""
        )
        + 'harder = "b"\n'
    )
    assert "'c'" in _refused(tmp_path, text) and "no default dose" in _refused(tmp_path, text)


# --- 16. output that cannot be written ---------------------------------------------------------

PATHS = {"fast": [], "typer": ["--debug"]}  # --debug sends the command through Typer


def reported(stderr: bytes, front: str) -> str:
    """The one ``glutelog:`` line (after the traceback --debug adds on the Typer path)."""
    lines = stderr.decode("utf-8", "replace").splitlines()
    if front == "typer" and lines and lines[0].startswith("Traceback"):
        lines = lines[-1:]
    assert len(lines) == 1 and lines[0].startswith("glutelog: "), lines
    return lines[0]


@pytest.mark.parametrize("front", list(PATHS))
def test_a_full_stdout_after_a_commit_says_what_was_saved(front, env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*CLI, *PATHS[front], "done", "bridge", "12", "--db", path],
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=30,
        )
    assert result.returncode == errors.IO
    assert "Logged #3" in reported(result.stderr, front)
    assert entries(path) == 3


@pytest.mark.parametrize("front", list(PATHS))
@pytest.mark.parametrize("args", [["done", "bridge", "12"], ["export"], ["history"], ["--help"]])
def test_a_closed_stdout_is_reported_with_exit_74(front, args, env, tmp_path):
    path = make_db(str(tmp_path / "g.db"))
    extra = ["--db", path] if args != ["--help"] else []
    proc = subprocess.run(
        [*CLI, *PATHS[front], *args, *extra],
        env=env,
        stderr=subprocess.PIPE,
        timeout=30,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert proc.returncode == errors.IO, proc.stderr
    reported(proc.stderr, front)
    assert entries(path) == (3 if args[0] == "done" else 2)


@pytest.mark.parametrize("front", list(PATHS))
@pytest.mark.parametrize("args", [["export"], ["export", "--format", "csv"], ["history"]])
def test_a_reader_that_goes_away_ends_quietly(front, args, env, tmp_path):
    path = make_db(str(tmp_path / "g.db"), n=3000)
    since = ["--since", "2000-01-01"] if args == ["history"] else []
    proc = subprocess.Popen(
        [*CLI, *PATHS[front], *args, *since, "--db", path],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == errors.PIPE, stderr
    assert stderr == ""


# --- 17. what reaches a terminal or a CSV cell -------------------------------------------------


def test_the_new_database_line_shows_an_odd_path_on_one_line(env, tmp_path):
    path = str(tmp_path / "new\nline\x1b[2J.db")
    result = run(env, "done", "bridge", "12", "--db", path)
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 2 and lines[0].startswith("glutelog: created a new database at ")
    assert "\x1b" not in result.stderr.decode()
    assert entries(path) == 1


# Characters that reorder or hide text on a terminal.
BIDI = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
NOTES = st.text(
    st.one_of(st.characters(blacklist_categories=("Cs",)), CONTROLS, st.sampled_from("\n\r\x1b")),
    min_size=1,
    max_size=30,
).filter(lambda note: "\x00" not in note)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@SLOW
@given(note=NOTES, lead=st.sampled_from(["", "=", "+", "-", "@"]))
def test_notes_never_reach_a_terminal_raw_and_leave_in_csv_exactly(note, lead, tmp_path_factory):
    folder = tmp_path_factory.mktemp("notes")
    path = make_db(str(folder / "g.db"), n=1, note=lead + note)
    for args in (
        ["history", "--since", "2000-01-01"],
        ["report", "--week", "2026-11-20"],
        ["export"],
    ):
        code, out, err = in_process(*args, "--db", path)
        assert code == 0, err
        raw = [ch for ch in out if ch != "\n" and (unicodedata.category(ch) == "Cc" or ch in BIDI)]
        assert not raw, (args, raw)
    # CSV to a file or a pipe: the note as stored, a formula made text by a leading quote.
    stored = lead + note
    shown = "'" + stored if stored.startswith(("=", "+", "-", "@")) else stored
    for args in (
        ["export", "--format", "csv"],
        ["history", "--since", "2000-01-01", "--format", "csv"],
    ):
        code, out, err = in_process(*args, "--db", path)
        assert code == 0, err
        rows = [
            r
            for r in csv.DictReader(io.StringIO(out, newline=""))
            if r.get("type", "entry") == "entry"
        ]
        assert [r["note"] for r in rows] == [shown], args
    store = opening.open_store(path)
    try:
        buffer = io.StringIO()
        backup.write_csv(store, buffer)
        terminal = Terminal()
        backup.write_csv(store, terminal)
    finally:
        store.close()
    text = buffer.getvalue()
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["note"] == shown
    # CSV to a terminal: nothing replayed raw, no line break inside a cell.
    seen = terminal.getvalue()
    assert len(seen.splitlines()) == 2
    row = next(csv.DictReader(io.StringIO(seen)))
    assert not [ch for ch in row["note"] if unicodedata.category(ch) == "Cc" or ch in BIDI]
    assert not row["note"].startswith(("=", "+", "-", "@"))
    if lead:
        assert row["note"].startswith("'" + lead)


def test_csv_data_is_exact_in_a_pipe_and_escaped_on_a_terminal(monkeypatch):
    from glutelog import errors as errors_mod

    data = errors_mod.Exact('id,note\n1,"tab\there\x1b[2J"')
    pipe, terminal = io.StringIO(), Terminal()
    for stream in (pipe, terminal):
        monkeypatch.setattr(sys, "stdout", stream)
        assert errors_mod.deliver(data) == 0
    assert pipe.getvalue() == str(data) + "\n"
    assert "\x1b" not in terminal.getvalue() and "tab\there" in terminal.getvalue()
