"""Reliability battery, fast part: hostile files, read-only
databases, the error contract for bad input, an input fuzz, and upgrades of every released schema.

Each case runs the real ``glutelog`` command in a subprocess (or ``glutelog.entry.main`` in-process
for the fuzz) and checks what a script would see: the exit code, exactly one ``glutelog: `` line
on stderr and no traceback, and that the database was not changed by a failure.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import CLI, examples, load_helper, new_entry, tmpfs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelog import catalog as catalog_mod
from glutelog import paths
from glutelog.cli import entry
from glutelog.storage import database, migrations, opening
from glutelog.storage.migrations import SCHEMA_VERSION

OK, USAGE, DATA, IO, BUSY, READ_ONLY = 0, 2, 65, 74, 75, 77


schema_fixtures = load_helper("schema_fixtures")


# --- shared helpers ------------------------------------------------------------------------------


def run(env: dict, *args, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real console script; bytes in and out (arguments may be bytes too)."""
    return subprocess.run([*CLI, *args], env=env, capture_output=True, timeout=timeout, check=False)


def text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def deviation(result: subprocess.CompletedProcess, code: int) -> str | None:
    """None when ``result`` keeps the error contract for exit ``code``, else what is wrong."""
    err = text(result.stderr)
    if result.returncode != code:
        return f"exit {result.returncode}, expected {code}; stderr: {err.strip()[:300]!r}"
    if "Traceback" in err:
        return f"traceback on stderr: {err[-300:]!r}"
    if code != 0 and not (
        err.endswith("\n") and err.count("\n") == 1 and err.startswith("glutelog: ")
    ):
        return f"not exactly one 'glutelog: ' line on stderr: {err[:300]!r}"
    return None


def assert_error(result: subprocess.CompletedProcess, code: int) -> str:
    """Exit ``code``, exactly one ``glutelog: `` line on stderr, no traceback; returns the line."""
    wrong = deviation(result, code)
    assert wrong is None, wrong
    return text(result.stderr)


def assert_ok(result: subprocess.CompletedProcess) -> str:
    err = text(result.stderr)
    assert result.returncode == 0, f"exit {result.returncode}; stderr: {err!r}"
    assert "Traceback" not in err, err
    return text(result.stdout)


def logged_id(output: str) -> int:
    match = re.search(r"Logged (?:soreness )?[#s](\d+):", output)
    assert match, output
    return int(match.group(1))


def sha256(path: str) -> str:
    """A file's digest, or a folder's listing (names, sizes and digests of what is inside)."""
    if os.path.isdir(path):
        return repr(sorted((n, sha256(os.path.join(path, n))) for n in os.listdir(path)))
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def connect_ro(path: str) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def dump(path: str) -> dict:
    """Everything a user has stored (a logical dump: WAL may legitimately move bytes around)."""
    conn = connect_ro(path)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("entries", "soreness", "settings")
        }
    finally:
        conn.close()


def query_one(path: str, sql: str):
    conn = connect_ro(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def integrity(path: str) -> str:
    conn = connect_ro(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def entry_row(i: int, day: str = "2026-11-20", note: str | None = None) -> dict:
    return new_entry(
        day,
        at=f"{day}T07:{i % 60:02d}:00+00:00",
        note=note if note is not None else f"row {i} " + "a" * 300,
    )


def make_db(path: str, n: int = 300) -> str:
    """A glutelog database with ``n`` entries and a soreness score, closed cleanly."""
    store = opening.open_store(path)
    try:
        for i in range(n):
            store.add_entry(entry_row(i))
        store.add_soreness(
            {
                "at": "2026-11-20T06:30:00+00:00",
                "day": "2026-11-20",
                "score": 3,
                "timing": "morning",
                "side": None,
                "note": None,
            }
        )
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def base_db(tmp_path_factory) -> str:
    """A ~50-page glutelog database built once; tests copy it."""
    return make_db(str(tmp_path_factory.mktemp("base") / "base.db"))


# --- 5. hostile files ---------------------------------------------------------------------------


def _overwrite(path: str, base: str, first_page: int, last_page: int, fill: bytes | None) -> None:
    """Copy ``base`` to ``path`` with pages first..last (1-based, inclusive) overwritten."""
    data = bytearray(Path(base).read_bytes())
    page = 4096
    start, end = (first_page - 1) * page, min(last_page * page, len(data))
    assert start < len(data) and end <= len(data)
    junk = (
        fill * (end - start)
        if fill is not None
        else random.Random(first_page).randbytes(end - start)
    )
    data[start:end] = junk
    Path(path).write_bytes(bytes(data))


def _foreign(path: str, base: str, wal: bool = False) -> None:
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE foo (x)")
    conn.execute("INSERT INTO foo VALUES (1)")
    conn.commit()
    conn.close()


def _newer(path: str, base: str) -> None:
    shutil.copy(base, path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()


def _pages(base: str) -> int:
    return os.path.getsize(base) // 4096


HOSTILE = {
    "zero-byte": lambda p, b: Path(p).write_bytes(b""),
    "text file": lambda p, b: Path(p).write_text(
        "2026-11-24 bridge 12\nthis is my workout diary\n"
    ),
    "foreign sqlite": _foreign,
    "foreign sqlite in WAL mode": lambda p, b: _foreign(p, b, wal=True),
    "truncated to page 1": lambda p, b: Path(p).write_bytes(Path(b).read_bytes()[:4096]),
    "truncated to pages 1-2": lambda p, b: Path(p).write_bytes(Path(b).read_bytes()[:8192]),
    "pages 2.. overwritten with garbage": lambda p, b: _overwrite(p, b, 2, _pages(b) // 2, None),
    "pages 2-3 overwritten with 0xff": lambda p, b: _overwrite(p, b, 2, 3, b"\xff"),
    "middle data pages overwritten": lambda p, b: _overwrite(
        p, b, _pages(b) // 2, _pages(b) // 2 + 4, None
    ),
    "newer schema": _newer,
    "folder": lambda p, b: os.mkdir(p),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_file_is_refused_untouched(kind, base_db, env, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    path = str(folder / "glutelog.db")
    HOSTILE[kind](path, base_db)
    before = sha256(path)
    listing = sorted(os.listdir(folder))
    problems = []
    commands = (
        ["done", "bridge", "12"],
        ["sore", "3", "--morning"],
        ["undo"],
        ["plan"],
        ["report"],
        ["history"],
    )
    for args in commands:
        wrong = deviation(run(env, *args, "--db", path), DATA)
        if wrong:
            problems.append(f"`{args[0]}`: {wrong}")
        if sha256(path) != before:
            problems.append(f"`{args[0]}` changed the file")
            before = sha256(path)
        if sorted(os.listdir(folder)) != listing:
            problems.append(f"`{args[0]}` left files beside it: {sorted(os.listdir(folder))}")
            listing = sorted(os.listdir(folder))
    assert not problems, f"{kind}:\n" + "\n".join(problems)


# --- read-only databases ------------------------------------------------------------------------


def _check_read_only(env: dict, path: str, folder: str) -> None:
    before, listing = sha256(path), sorted(os.listdir(folder))
    problems = []
    expected = [
        (["done", "bridge", "12"], READ_ONLY),
        (["sore", "3", "--morning"], READ_ONLY),
        (["undo"], READ_ONLY),
    ]
    expected += [(["plan"], OK), (["report"], OK), (["history", "--since", "2026-11-01"], OK)]
    for args, code in expected:
        result = run(env, *args, "--db", path)
        wrong = deviation(result, code)
        if wrong:
            problems.append(f"`{args[0]}`: {wrong}")
        elif args[0] == "history" and not (
            "#300 " in text(result.stdout) and "#1 " in text(result.stdout)
        ):
            problems.append(f"history misses rows: {text(result.stdout)[:200]!r}")
    assert not problems, "\n".join(problems)
    assert sha256(path) == before
    assert sorted(os.listdir(folder)) == listing


def test_read_only_file_and_folder(base_db, env, tmp_path):
    if os.geteuid() == 0:
        pytest.skip(
            "running as root, which ignores chmod 0444/0555; run the suite as a normal user"
        )
    folder = tmp_path / "ro"
    folder.mkdir()
    path = str(folder / "glutelog.db")
    shutil.copy(base_db, path)
    os.chmod(path, 0o444)
    os.chmod(folder, 0o555)
    try:
        _check_read_only(env, path, str(folder))
    finally:
        os.chmod(folder, 0o755)
        os.chmod(path, 0o644)


def test_read_only_filesystem(base_db, env):
    """Root variant of the read-only case: a read-only mount stops root too."""
    with tmpfs() as point:
        path = os.path.join(point, "glutelog.db")
        shutil.copy(base_db, path)
        result = subprocess.run(["mount", "-o", "remount,ro", point], capture_output=True)
        if result.returncode != 0:
            pytest.skip(f"cannot remount read-only: {text(result.stderr).strip()}")
        _check_read_only(env, path, point)


# --- the error contract for bad input -----------------------------------------------------------

BAD_INPUT = {
    "unknown exercise": ["done", "bench-press", "12"],
    "ambiguous prefix": ["done", "step", "12"],
    "empty exercise": ["done", "", "12"],
    "amount 0": ["done", "bridge", "0"],
    "amount -5": ["done", "bridge", "-5"],
    "amount -5 after --": ["done", "--", "bridge", "-5"],
    "5000 reps": ["done", "bridge", "5000"],
    "300min walk": ["done", "walk", "300min"],
    "wrong unit": ["done", "bridge", "3km"],
    "amount text": ["done", "bridge", "twelve"],
    "amount 400 digits": ["done", "bridge", "1" * 400],
    "amount 400 digits km": ["done", "run", "1" * 400 + "km"],
    "amount rounds to 0": ["done", "pigeon", "0.0001s"],
    "sets 0": ["done", "bridge", "0x12"],
    "sets 5000 digits": ["done", "bridge", "9" * 5000 + "x12"],
    "--sets 51": ["done", "bridge", "12", "--sets", "51"],
    "--sets 5000 digits": ["done", "bridge", "12", "--sets", "9" * 5000],
    "--pain 11": ["done", "bridge", "12", "--pain", "11"],
    "--side up": ["done", "pigeon", "30s", "--side", "up"],
    "soreness 11": ["sore", "11"],
    "soreness -1": ["sore", "-1"],
    "soreness abc": ["sore", "abc"],
    "soreness 4.5": ["sore", "4.5"],
    "soreness 5000 digits": ["sore", "9" * 5000],
    "--at tomorrow": ["done", "bridge", "12", "--at", "tomorrow"],
    "--at not a date": ["done", "bridge", "12", "--at", "not a date"],
    "--at 99999999 days ago": ["done", "bridge", "12", "--at", "99999999 days ago"],
    "sore --at tomorrow": ["sore", "3", "--at", "tomorrow"],
    "note over 2000 chars": ["done", "bridge", "12", "--note", "n" * 2001],
    "sore note over 2000 chars": ["sore", "3", "--note", "n" * 2001],
    "undecodable bytes": ["done", b"br\xffidge", "12"],
    "undecodable note": ["done", "bridge", "12", "--note", b"\xff\xfe"],
    "unknown option": ["done", "bridge", "12", "--colour", "red"],
    "plan --date garbage": ["plan", "--date", "not a date"],
    "plan --schedule weekly": ["plan", "--schedule", "weekly"],
    "history --exercise unknown": ["history", "--exercise", "bench-press"],
}


@pytest.fixture(scope="session")
def small_base(tmp_path_factory) -> str:
    return make_db(str(tmp_path_factory.mktemp("small") / "glutelog.db"), n=5)


@pytest.fixture
def small_db(small_base, tmp_path) -> str:
    """A copy of a five-set database (made once: each commit waits on the disk)."""
    path = str(tmp_path / "glutelog.db")
    shutil.copyfile(small_base, path)
    return path


@pytest.mark.parametrize("name", list(BAD_INPUT))
def test_bad_input_exits_2_and_changes_nothing(name, small_db, env):
    before, digest = dump(small_db), sha256(small_db)
    result = run(env, *BAD_INPUT[name], "--db", small_db)
    assert_error(result, USAGE)
    assert dump(small_db) == before
    assert {t: len(r) for t, r in dump(small_db).items()} == {
        "entries": 5,
        "soreness": 1,
        "settings": 0,
    }
    assert sha256(small_db) == digest


ODD_DATES = [
    "0001-01-01",
    "0001-01-01 00:00",
    "0001-01-02T00:00",
    "0001-02-20",
    "1900-01-01",
    "1969-12-31 23:59",
    "9999-12-31",
    "10000-01-01",
    "99999999 days ago",
    "999999 weeks ago",
    "3000000000",
    "2026-02-30",
    "mon 13pm",
    "last week 25:00",
    "\t",
    "now now",
]


@pytest.mark.parametrize("when", ODD_DATES)
@pytest.mark.parametrize(
    "command", [["done", "bridge"], ["done", "bridge", "12"], ["sore", "3", "--after"]]
)
def test_odd_dates_are_logged_or_refused_never_crash(when, command, small_db, env):
    before = dump(small_db)
    result = run(env, *command, "--at", when, "--db", small_db)
    if result.returncode == 0:
        assert "Traceback" not in text(result.stderr)
        new_id = logged_id(text(result.stdout))
        table = "soreness" if command[0] == "sore" else "entries"
        after = dump(small_db)
        assert len(after[table]) == len(before[table]) + 1 and after[table][-1][0] == new_id
    else:
        assert_error(result, USAGE)
        assert dump(small_db) == before


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--date", "99999999 days ago"],
        ["report", "--week", "0001-01-01"],
        ["history", "--since", "0001-01-01"],
    ],
)
def test_odd_days_for_reading_commands_never_crash(args, small_db, env):
    result = run(env, *args, "--db", small_db)
    if result.returncode != 0:
        assert_error(result, USAGE)


def test_bad_input_on_a_new_path_is_one_line(env, tmp_path):
    """A refused `done` on a path that does not exist yet still prints exactly one line."""
    path = str(tmp_path / "new" / "glutelog.db")
    assert_error(run(env, "done", "bench-press", "12", "--db", path), USAGE)


def test_control_characters_are_not_replayed(small_db, env):
    hostile = "x\x1b[2J\x1b]0;pwned\x07\r\x9b31m\x08y"
    out = assert_ok(run(env, "done", "bridge", "12", "--note", hostile, "--db", small_db))
    new_id = logged_id(out)
    assert dump(small_db)["entries"][-1][0] == new_id
    assert dump(small_db)["entries"][-1][9] == hostile  # stored as typed
    for args in (
        ["history", "--since", "2000-01-01"],
        ["history", "--since", "2000-01-01", "--json"],
        ["report"],
        ["plan"],
    ):
        result = run(env, *args, "--db", small_db)
        shown = assert_ok(result)
        for raw in ("\x1b", "\x07", "\x08", "\x9b", "\r"):
            assert raw not in shown, f"`{' '.join(args)}` replays {raw!r}"
    assert f"#{new_id} " in assert_ok(run(env, "history", "--db", small_db))
    # Names typed by the user end up in error messages: those are cleaned too.
    result = run(env, "done", "br\x1b[2Jidge\x07", "12", "--db", small_db)
    err = assert_error(result, USAGE)
    assert "\x1b" not in err and "\x07" not in err


# --- 6. input fuzz (in-process) -----------------------------------------------------------------

CATALOG = catalog_mod.build(paths.builtin_catalog())
SLUGS = set(CATALOG.exercises)
REAL_NAMES = sorted(CATALOG.names) + [
    "Bridges",
    "GLUTE_BRIDGE",
    " pigeon ",
    "pig",
    "Glute Bridge",
    "clams",
    "band walk",
]

NASTY = [
    "",
    " ",
    "\x00",
    "bridge\x00",
    "x" * 10_000,
    "bridge'; DROP TABLE entries; --",
    "'); DELETE FROM entries; --",
    '" OR 1=1 --',
    "$(rm -rf /tmp/x)",
    "`id`",
    "bridge; ls",
    "bridge && echo hi",
    "|cat /etc/passwd",
    "%s%s%s%n",
    "{0}{1}",
    "\\",
    "Brücke",
    "🍑",
    "גשר",
    "\u202ebridge",
    "\udcff",
    "bri\udcc3dge",
    "--help",
    "-",
    "--",
    "-5",
    "\x1b[2J",
    "\n",
    "\r\n",
]
ODD_WHEN = [
    "now",
    "today",
    "yesterday",
    "tomorrow",
    "last monday",
    "2 days ago",
    "mon 7am",
    "7:30pm",
    "noon",
    "midnight",
    *ODD_DATES,
    "2026-11-24T07:30",
    "2026-11-24T07:30:00+14:00",
    "2026-11-24T07:30:00-12:00",
    "1 day ago 25:61",
    "24:00",
    "12am",
    "0am",
    "\x00",
]

names = st.one_of(
    st.sampled_from(REAL_NAMES),
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=20).map(lambda s: "bridge" + s),
)
numbers = st.one_of(
    st.integers(-10, 20_000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=0, max_value=500, places=4).map(str),
    # 400 digits overflow a float; 4301+ digit integers are covered by BAD_INPUT (long output).
    st.sampled_from(["1" * 400, "1e5", "0x10", "١٢", "²", "1,5", "1.2.3", ".5", "5."]),
)
units = st.sampled_from(
    ["", "s", "sec", "min", "m", "h", "km", "k", "x", "reps", "laps", " s", "kg", "×", "x12"]
)
amounts = st.one_of(
    st.none(),
    st.builds(lambda n, u: f"{n}{u}", numbers, units),
    st.builds(lambda s, n: f"{s}x{n}", st.integers(-1, 60), st.integers(-1, 2000)),
    st.sampled_from(NASTY),
    st.text(max_size=12),
)
scores = st.one_of(
    st.integers(-3, 14).map(str), numbers, st.sampled_from(NASTY), st.text(max_size=6)
)
small_ints = st.one_of(
    st.none(),
    st.integers(-2, 60).map(str),
    st.sampled_from(["", "x", "99999999999999999999", " 3 "]),
)
sides = st.one_of(
    st.none(),
    st.sampled_from(["left", "right", "both", "LEFT", " right ", "up", ""]),
    st.text(max_size=5),
)
whens = st.one_of(
    st.none(),
    st.sampled_from(ODD_WHEN),
    st.dates().map(str),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(max_size=20),
)
notes = st.one_of(
    st.none(),
    st.text(max_size=60),
    st.sampled_from(
        ["\x1b[2J", "a\rb\nc\td\x07\x08\x9b", "n" * 2000, "n" * 2001, "é" * 2000, "\x00", "\udcff"]
    ),
)


def fuzzed(full: int):
    """Hypothesis settings for the in-process fuzz: repeatable, no example database, and the
    per-test database fixture reused across examples on purpose."""
    return settings(
        max_examples=examples(full),
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def in_process(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = entry.main(argv)
        except BaseException as exc:  # noqa: BLE001 - the test reports what escaped
            pytest.fail(f"{argv!r:.300} raised {type(exc).__name__}: {exc}")
    return code, out.getvalue(), err.getvalue()


def build_argv(command: str, positional: list, options: dict, inline: bool) -> list[str]:
    argv = [command]
    for option, value in options.items():
        if value is None:
            continue
        argv += [f"{option}={value}"] if inline else [option, value]
    positional = [p for p in positional if p is not None]
    if any(p.startswith("-") for p in positional):
        argv.append("--")
    return argv + positional


def check_fuzz_result(
    db: str, argv: list, table: str, code: int, out: str, err: str, before: dict
) -> dict | None:
    """Shared assertions; returns the new row (as a dict) on success."""
    assert code in (0, 2), f"{argv!r:.300} exited {code}: {err!r:.300}"
    assert "Traceback" not in err
    after = dump(db)
    if code != 0:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("glutelog: "), f"{argv!r:.200}: {err!r:.300}"
        assert after == before, f"{argv!r:.300} failed but changed the database"
        return None
    for other in {"entries", "soreness", "settings"} - {table}:
        assert after[other] == before[other]
    assert after[table][: len(before[table])] == before[table], "an existing row changed"
    assert len(after[table]) == len(before[table]) + 1, f"{argv!r:.300} did not add exactly one row"
    new = after[table][-1]
    assert logged_id(out) == new[0]
    columns = database.SORENESS_COLUMNS if table == "soreness" else database.ENTRY_COLUMNS
    row = dict(zip(columns, new, strict=False))
    moment = datetime.fromisoformat(row["at"])
    assert moment.tzinfo is not None and moment <= datetime.now().astimezone()
    assert row["day"] == moment.date().isoformat()
    return row


@pytest.fixture
def fuzz_db(tmp_path) -> str:
    return make_db(str(tmp_path / "fuzz.db"), n=3)


FUZZ = settings(
    max_examples=examples(350),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@FUZZ
@given(
    exercise=names,
    amount=amounts,
    sets=small_ints,
    pain=small_ints,
    side=sides,
    at=whens,
    note=notes,
    inline=st.booleans(),
)
def test_fuzz_done(fuzz_db, exercise, amount, sets, pain, side, at, note, inline):
    options = {
        "--sets": sets,
        "--pain": pain,
        "--side": side,
        "--at": at,
        "--note": note,
        "--db": fuzz_db,
    }
    argv = build_argv("done", [exercise, amount], options, inline)
    before = dump(fuzz_db)
    code, out, err = in_process(argv)
    row = check_fuzz_result(fuzz_db, argv, "entries", code, out, err, before)
    if row is None:
        return
    assert row["exercise"] in SLUGS
    assert isinstance(row["sets"], int) and 1 <= row["sets"] <= 50
    assert row["amount"] is None or row["amount"] > 0
    assert row["unit"] in catalog_mod.UNITS
    assert row["note"] == note
    assert row["pain"] == (int(pain) if pain is not None else None)
    if sets is not None:
        assert row["sets"] == int(sets)
    if side is not None and CATALOG.exercises[row["exercise"]]["per_side"]:
        assert row["side"] == side.strip().lower()


@FUZZ
@given(
    score=scores,
    timing=st.sampled_from([[], ["--morning"], ["--after"], ["--morning", "--after"]]),
    side=sides,
    at=whens,
    note=notes,
    inline=st.booleans(),
)
def test_fuzz_sore(fuzz_db, score, timing, side, at, note, inline):
    options = {"--side": side, "--at": at, "--note": note, "--db": fuzz_db}
    argv = build_argv("sore", [score], options, inline)
    argv[1:1] = timing
    before = dump(fuzz_db)
    code, out, err = in_process(argv)
    row = check_fuzz_result(fuzz_db, argv, "soreness", code, out, err, before)
    if row is None:
        return
    assert row["score"] == int(score.strip())
    assert row["timing"] == (
        "after"
        if timing == ["--after"]
        else "morning"
        if timing == ["--morning"]
        else row["timing"]
    )
    assert row["timing"] in ("morning", "after")
    assert row["side"] == (side.strip().lower() if side is not None else None)
    assert row["note"] == note


@fuzzed(150)
@given(
    command=st.sampled_from(["plan", "report", "history"]),
    day=st.one_of(st.sampled_from(ODD_WHEN), st.dates().map(str), st.text(max_size=15)),
    extra=st.one_of(st.none(), st.sampled_from(["daily", "alternate", " Alternate "]), names),
)
def test_fuzz_reading_commands(fuzz_db, command, day, extra):
    option = {"plan": "--date", "report": "--week", "history": "--since"}[command]
    options = {option: day, "--db": fuzz_db}
    if command == "history":
        options["--exercise"] = extra
    elif command == "plan":
        options["--schedule"] = extra
    argv = build_argv(command, [], options, inline=True)
    before = dump(fuzz_db)
    code, out, err = in_process(argv)
    assert code in (0, 2), f"{argv!r:.300} exited {code}: {err!r:.300}"
    assert "Traceback" not in err
    after = dump(fuzz_db)
    assert after["entries"] == before["entries"] and after["soreness"] == before["soreness"]
    if code != 0:
        assert after == before
        assert len(err.splitlines()) == 1


# The options the report, history, status, calendar and go commands gained, each given any value
# from the same generators: whatever is typed, one line and exit 2 or an answer, nothing stored.
NEW_OPTIONS = {
    "report": ["--week", "--weeks", "--month", "--since", "--until", "--format", "--year", "--ascii", "--json"],
    "history": ["--since", "--until", "--kind", "--format", "--exercise", "--json"],
    "status": ["--json"],
    "calendar": ["--days"],
    "go": ["--only"],
    "exercises check": [],
}  # fmt: skip
FLAGS = {"--year", "--ascii", "--json"}
values = st.one_of(
    st.sampled_from(ODD_WHEN),
    numbers,
    st.sampled_from(["text", "json", "csv", "markdown", "xml", "", "nov", "2026-13", "last"]),
    st.sampled_from(["stretch", "strength", "Stretch", "cross-training", "none"]),
    names,
)


@fuzzed(300)
@given(data=st.data(), command=st.sampled_from(sorted(NEW_OPTIONS)), inline=st.booleans())
def test_fuzz_new_options(fuzz_db, data, command, inline):
    chosen = data.draw(
        st.lists(st.sampled_from(NEW_OPTIONS[command] or ["--db"]), max_size=3, unique=True)
    )
    argv = command.split()
    for option in chosen:
        if option in FLAGS:
            argv.append(option)
        elif option != "--db":
            value = data.draw(values)
            argv += [f"{option}={value}"] if inline else [option, value]
    argv += ["--db", fuzz_db]
    before = dump(fuzz_db)
    code, out, err = in_process(argv)
    # go without a terminal is refused (2); a bad catalog is 65 for exercises check
    assert code in (0, 2), f"{argv!r:.300} exited {code}: {err!r:.300}"
    assert "Traceback" not in err and "internal error" not in err, err
    after = dump(fuzz_db)
    assert after["entries"] == before["entries"] and after["soreness"] == before["soreness"]
    if code != 0:
        assert after == before
        assert len(err.splitlines()) == 1, err


# --- 7. upgrades ----------------------------------------------------------------------------------


def test_every_older_schema_has_a_fixture():
    """Each schema older than this glutelog's must have a fixture to upgrade from."""
    assert set(range(1, SCHEMA_VERSION)) <= set(schema_fixtures.BUILDERS), (
        "add a builder to tests/helpers/schema_fixtures.py for each released schema version"
    )
    assert max(schema_fixtures.BUILDERS) <= SCHEMA_VERSION


OPEN_SCRIPT = "import sys; from glutelog.storage import database, opening; opening.open_store(sys.argv[1]).close()"


def open_in_subprocess(path: str, env: dict, timeout: float = 60) -> None:
    """open_store(path) in a child process, so that a hang fails the test instead of the suite."""
    try:
        result = subprocess.run(
            [sys.executable, "-c", OPEN_SCRIPT, path],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        result = None
    if result is None:
        pytest.fail(f"opening {os.path.basename(path)} did not finish within {timeout:g} s (hangs)")
    assert result.returncode == 0, result.stderr[-2000:]


def _schema(path: str) -> list:
    conn = connect_ro(path)
    try:
        return sorted(
            conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        )
    finally:
        conn.close()


def _columns(conn, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def _user_rows(path: str) -> dict:
    """{table: (columns, rows)} for the tables that hold what users logged (as far as the
    file's schema has them)."""
    conn = connect_ro(path)
    try:
        found = {}
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        for table in ("entries", "soreness", "settings", "flags", "day_minutes"):
            if table not in tables:
                continue
            cols = _columns(conn, table)
            rows = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1").fetchall()
            found[table] = (cols, rows)
        return found
    finally:
        conn.close()


def _same_rows(path: str, before: dict) -> None:
    conn = connect_ro(path)
    try:
        for table, (cols, rows) in before.items():
            now = conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1").fetchall()
            assert now == rows, f"{table} changed in {os.path.basename(path)}"
    finally:
        conn.close()


@pytest.fixture(scope="session")
def fresh_schema(tmp_path_factory) -> list:
    """The schema a new file gets, made once (in a child process, as the old files are opened)."""
    fresh = str(tmp_path_factory.mktemp("fresh") / "fresh.db")
    open_in_subprocess(fresh, {k: v for k, v in os.environ.items() if k != "GLUTELOG_DB"})
    return _schema(fresh)


@pytest.mark.parametrize("version", sorted(schema_fixtures.BUILDERS))
def test_upgraded_schema_matches_a_fresh_database(version, tmp_path, env, fresh_schema):
    """An old file, once opened, has exactly the schema a new file gets: a released migration
    edited in place (instead of a new migration) shows up here."""
    old = str(tmp_path / "old.db")
    schema_fixtures.BUILDERS[version](old)
    open_in_subprocess(old, env)
    assert _schema(old) == fresh_schema


def rows_of(path: str, sql: str) -> list:
    conn = connect_ro(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("version", sorted(schema_fixtures.BUILDERS))
def test_upgrade_keeps_every_row(version, tmp_path, env):
    folder = tmp_path / "data"
    folder.mkdir()
    path = str(folder / f"v{version}.db")
    schema_fixtures.BUILDERS[version](path)
    assert query_one(path, "PRAGMA user_version") == version
    before = _user_rows(path)
    assert all(rows for _, rows in before.values())
    stored = before["entries"][1]
    # Numbers are never given twice: the next is one past the last ever given (a fixture from
    # m009 on has given up the numbers of the time rows it joined).
    last_given = query_one(path, "SELECT seq FROM sqlite_sequence WHERE name = 'entries'")
    # A run stored as a distance row and a time row becomes one row (migration m009).
    joined = schema_fixtures.V7_JOINED if version >= 7 else []
    gone = {time_id for _, time_id, _ in joined}
    kept = [row for row in stored if row[0] not in gone]
    before["entries"] = (before["entries"][0], kept)

    for _ in range(2):  # the second open must find nothing to do
        open_in_subprocess(path, env)
    timed = rows_of(path, "SELECT id, minutes FROM entries WHERE minutes IS NOT NULL ORDER BY id")
    assert timed == [(km_id, minutes) for km_id, _, minutes in joined]
    # The kept sums are what summing the entries gives, a run's minutes from either column.
    assert rows_of(path, "SELECT day, run_km, run_minutes FROM day_sums ORDER BY day") == rows_of(
        path,
        "SELECT day, sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 "
        "END), sum(CASE WHEN exercise != 'run' THEN 0 WHEN unit = 'minutes' THEN sets * amount "
        "ELSE sets * coalesce(minutes, 0) END) FROM entries GROUP BY day ORDER BY day",
    )
    assert rows_of(
        path, "SELECT month, exercise, unit, side, minutes FROM month_totals ORDER BY 1, 2, 3, 4"
    ) == rows_of(
        path,
        "SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), "
        "sum(sets * coalesce(minutes, 0)) FROM entries GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
    )

    assert integrity(path) == "ok"
    assert query_one(path, "PRAGMA user_version") == SCHEMA_VERSION
    assert query_one(path, "PRAGMA application_id") == database.APPLICATION_ID
    _same_rows(path, before)
    conn = connect_ro(path)
    try:
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations")]
    finally:
        conn.close()
    assert sorted(applied) == sorted(step.__name__ for step in migrations.STEPS), (
        "each migration once"
    )

    base = os.path.basename(path)
    backups = [n for n in os.listdir(folder) if n not in (base, f"{base}-wal", f"{base}-shm")]
    if version < SCHEMA_VERSION:
        assert len(backups) == 1, f"expected one backup before the upgrade, found {backups}"
        copy = str(folder / backups[0])
        assert integrity(copy) == "ok"
        assert query_one(copy, "PRAGMA user_version") == version
        _same_rows(copy, {**before, "entries": (before["entries"][0], stored)})
    else:
        assert backups == [], "no backup is needed when nothing was migrated"

    # The upgraded file works with the real command, old rows included.
    out = assert_ok(run(env, "history", "--since", "2026-11-01", "--db", path))
    for row in kept:
        assert f"#{row[0]} " in out
    new_id = logged_id(assert_ok(run(env, "done", "bridge", "12", "--db", path)))
    assert new_id == last_given + 1
