"""Import under hostile files, and removals that race each other.

Import takes only what `done`, `sore`, `flag` and `config` would take, refuses the rest with one
line and exit 2 leaving the database byte for byte as it was, and runs in time linear in the
file. `undo`, `rm` and `edit` claim their row inside the write, so two of them at once never
both claim one row.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import CLI, dump, examples, fail, ok, rows
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from glutelog import catalog as catalog_mod
from glutelog import errors, paths
from glutelog.commands import entries as entry_commands
from glutelog.commands.common import SIDES
from glutelog.rules import rule
from glutelog.storage import backup
from glutelog.storage.migrations import SCHEMA_VERSION
from glutelog.storage.opening import open_store

MAX_ID = rule("max_row_id")
NOW = datetime.now().astimezone()


def moment(days_ago: float = 1) -> str:
    return (NOW - timedelta(days=days_ago)).replace(microsecond=0).isoformat()


def an_entry(**changes) -> dict:
    at = changes.pop("at", moment())
    row = {
        "id": 7,
        "at": at,
        "day": at[:10],
        "exercise": "glute-bridge",
        "sets": 2,
        "amount": 12,
        "unit": "reps",
        "side": None,
        "pain": None,
        "note": None,
        "logged_at": at,
    }
    return {**row, **changes}


def a_score(**changes) -> dict:
    at = changes.pop("at", moment())
    row = {
        "id": 3,
        "at": at,
        "day": at[:10],
        "score": 2,
        "timing": "morning",
        "side": None,
        "note": None,
        "logged_at": at,
    }
    return {**row, **changes}


def export(entries=(), soreness=(), flags=(), settings=None, **top) -> dict:
    return {
        "format": "glutelog-export",
        "format_version": 1,
        "schema_version": SCHEMA_VERSION,
        "entries": list(entries),
        "soreness": list(soreness),
        "flags": list(flags),
        "settings": settings or {},
        **top,
    }


def file_bytes(db: str) -> str:
    """The database file's bytes (the last connection to close folds the WAL into it)."""
    with open(db, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


@pytest.fixture
def used_db(cli, db_path) -> str:
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "2", "--morning"))
    return db_path


def write(tmp_path, data, name="in.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def refused(cli, db: str, path: str) -> str:
    before, stored = file_bytes(db), dump(db)
    err = fail(cli("import", path, "--db", db)).stderr
    assert file_bytes(db) == before and dump(db) == stored
    return err


# --- observation 9: import accepts what done refuses -------------------------------------------

FUTURE = (NOW + timedelta(hours=2)).replace(microsecond=0).isoformat()
REFUSED = {
    "negative id": export([an_entry(id=-4)]),
    "id zero": export([an_entry(id=0)]),
    "id past the documented range": export([an_entry(id=MAX_ID + 1)]),
    "the largest SQLite id": export([an_entry(id=9223372036854775807)]),
    "id as text": export([an_entry(id="7")]),
    "year 1": export([an_entry(at="0001-01-01T08:00:00+00:00")]),
    "year 9999": export([an_entry(at="9999-12-31T23:00:00-05:00")]),
    "a future moment": export([an_entry(at=FUTURE)]),
    "a future logged_at": export([an_entry(logged_at=FUTURE)]),
    "a future soreness score": export(soreness=[a_score(at=FUTURE)]),
    "a bridge in km": export([an_entry(amount=2, unit="km")]),
    "seconds for a bridge": export([an_entry(amount=30, unit="seconds")]),
    "a run in lengths": export([an_entry(exercise="run", amount=3, unit="lengths")]),
    "day not the date of at": export([an_entry(at="2026-01-01T23:30:00-05:00", day="2026-01-02")]),
    "at without an offset": export([an_entry(at="2026-01-01T08:00:00", day="2026-01-01")]),
    "at not written as glutelog writes it": export(
        [an_entry(at="2026-01-01 08:00+00:00", day="2026-01-01")]
    ),
    "NaN amount": '{"format": "glutelog-export", "format_version": 1, "schema_version": 1, '
    '"entries": [{"id": 1, "at": "2026-01-01T08:00:00+00:00", "day": "2026-01-01", '
    '"exercise": "glute-bridge", "sets": 1, "amount": NaN, "unit": "reps", '
    '"logged_at": "2026-01-01T08:00:00+00:00"}]}',
    "Infinity amount": '{"format": "glutelog-export", "format_version": 1, "schema_version": 1, '
    '"entries": [{"id": 1, "at": "2026-01-01T08:00:00+00:00", "day": "2026-01-01", '
    '"exercise": "run", "sets": 1, "amount": Infinity, "unit": "minutes", '
    '"logged_at": "2026-01-01T08:00:00+00:00"}]}',
    "1e308 minutes": export([an_entry(exercise="run", amount=1e308, unit="minutes")]),
    "1e308 km": export([an_entry(exercise="run", amount=1e308, unit="km")]),
    "reps with a fraction": export([an_entry(amount=12.5)]),
    "more decimals than kept": export([an_entry(exercise="run", amount=1.2345678901, unit="km")]),
    "an amount for rest": export([an_entry(exercise="rest", amount=3, unit="none")]),
    "no amount for a bridge": export([an_entry(amount=None)]),
    "a side for a bridge": export([an_entry(side="left")]),
    "sets past the limit": export([an_entry(sets=rule("max_sets_logged") + 1)]),
    "a note past the limit": export([an_entry(note="x" * (rule("max_note_chars") + 1))]),
    "an unknown format version": export([an_entry()], format_version=2),
    "format version true": export([an_entry()], format_version=True),
    "no format version": {k: v for k, v in export([an_entry()]).items() if k != "format_version"},
    "an invalid schedule": export(settings={"schedule": "\x1b[31mdaily"}),
}


@pytest.mark.parametrize("case", REFUSED)
def test_import_refuses_what_done_sore_and_config_refuse(cli, used_db, tmp_path, case):
    refused(cli, used_db, write(tmp_path, REFUSED[case]))


def test_the_file_as_given_still_imports(cli, used_db, tmp_path):
    """The good record every refused case above is a variation of."""
    data = export([an_entry(id=9000)], [a_score(id=9000)])
    assert "1 new set and 1 new soreness score;" in ok(cli("import", write(tmp_path, data))).stdout


# --- observation 10: hostile JSON ---------------------------------------------------------------

ENTRY_TEXT = json.dumps(export([an_entry()]))
HOSTILE = {
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "nested in a note": ENTRY_TEXT.replace(
        '"note": null', '"note": ' + "[" * 50_000 + "]" * 50_000
    ),
    "a 5000-digit integer": '{"format": "glutelog-export", "format_version": 1, "schema_version": '
    + "9" * 5000
    + "}",
    "a 4000-digit amount": ENTRY_TEXT.replace('"amount": 12', '"amount": ' + "9" * 4000),
    "a lone surrogate in a note": json.dumps(export([an_entry(note="\ud800")])),
    "a lone surrogate in a setting": json.dumps(export(settings={"schedule": "\udcff"})),
    "a lone surrogate as a key": json.dumps(export(settings={"\ud800": "daily"})),
    "an id past 2^64": json.dumps(export([an_entry(id=2**64 + 1)])),
    "an amount of 10^30": json.dumps(export([an_entry(exercise="run", amount=10**30, unit="km")])),
    "reps of 10^30": json.dumps(export([an_entry(amount=10**30)])),
    "a pain of 10^30": json.dumps(export([an_entry(pain=10**30)])),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_json_is_one_line_and_exit_2(cli, used_db, tmp_path, case):
    refused(cli, used_db, write(tmp_path, HOSTILE[case]))


# --- generated: whatever import accepts round-trips and `done` would accept ---------------------

CATALOG = catalog_mod.build(paths.builtin_catalog())
weird = st.one_of(
    st.none(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=3),
    st.sampled_from(["moonwalk", "km", "both", "up", "noon", FUTURE, "x" * 2001]),
)
moments = st.one_of(
    st.floats(min_value=0, max_value=4000).map(lambda days: moment(days)),
    st.datetimes(
        min_value=datetime(1900, 1, 2), max_value=datetime(2025, 1, 1), timezones=st.timezones()
    ).map(lambda d: d.replace(microsecond=0).isoformat()),
)
odd_moments = st.sampled_from(
    [FUTURE, "2026-01-01T08:00:00", "1899-12-31T23:00:00+00:00", "0001-01-01T00:00:00+00:00"]
)
AMOUNTS = {
    "reps": st.integers(min_value=1, max_value=rule("max_reps")),
    "lengths": st.integers(min_value=1, max_value=rule("max_lengths")),
    "seconds": st.decimals(min_value="0.001", max_value=rule("max_seconds"), places=3),
    "minutes": st.decimals(min_value="0.001", max_value=rule("max_seconds") // 60, places=3),
    "km": st.decimals(min_value="0.001", max_value=rule("max_km"), places=3),
    "none": st.none(),
}


def kept(value):
    """An amount as glutelog keeps it: whole numbers as int, others as float."""
    return (
        value
        if value is None or isinstance(value, int)
        else (int(value) if value == int(value) else float(value))
    )


@st.composite
def spoilt(draw, row: dict) -> dict:
    """``row``, or ``row`` with one field swapped for something odd (one in eight)."""
    if draw(st.integers(0, 7)):
        return row
    key = draw(st.sampled_from(sorted(row)))
    value = draw(st.one_of(weird, odd_moments, st.integers(min_value=-5, max_value=2**63)))
    return {**row, key: value}


@st.composite
def entries(draw) -> dict:
    """A set as `done` would store it, now and then spoilt."""
    slug = draw(st.sampled_from(sorted(CATALOG.exercises)))
    exercise = CATALOG.exercises[slug]
    unit = draw(st.sampled_from([exercise["unit"], *exercise["other_units"]]))
    at = draw(moments)
    row = {
        "id": draw(st.one_of(st.none(), st.integers(min_value=1, max_value=MAX_ID))),
        "at": at,
        "day": at[:10],
        "exercise": slug,
        "sets": draw(st.integers(min_value=1, max_value=rule("max_sets_logged"))),
        "amount": kept(draw(AMOUNTS[unit])),
        "unit": unit,
        "side": draw(st.sampled_from(SIDES)) if exercise["per_side"] else None,
        "pain": draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10))),
        "note": draw(st.one_of(st.none(), st.text(max_size=20))),
        "logged_at": draw(st.one_of(st.just(at), moments)),
    }
    return draw(spoilt(row))


@st.composite
def scores(draw) -> dict:
    """A soreness score as `sore` would store it, now and then spoilt."""
    at = draw(moments)
    row = {
        "id": draw(st.one_of(st.none(), st.integers(min_value=1, max_value=MAX_ID))),
        "at": at,
        "day": at[:10],
        "score": draw(st.integers(min_value=0, max_value=10)),
        "timing": draw(st.sampled_from(["morning", "after"])),
        "side": draw(st.sampled_from([None, "left", "right"])),
        "note": draw(st.one_of(st.none(), st.text(max_size=20))),
        "logged_at": draw(st.one_of(st.just(at), moments)),
    }
    return draw(spoilt(row))


AMOUNT_WORDS = {"reps": "", "seconds": "s", "minutes": "min", "lengths": "lengths", "km": "km"}


def records(data: dict) -> dict:
    return {table: data[table] for table in ("entries", "soreness", "flags", "settings")}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> str:
    """A new database to copy, cheaper than making one per generated example."""
    path = str(tmp_path_factory.mktemp("empty") / "empty.db")
    open_store(path).close()
    return path


@settings(
    max_examples=examples(80),
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    entry_rows=st.lists(entries(), max_size=2),
    score_rows=st.lists(scores(), max_size=2),
    schedule=st.sampled_from([None, None, "daily", "Alternate", "weekly", "\x1b[2J"]),
)
def test_generated_import_round_trips_or_changes_nothing(
    cli, tmp_path, empty_db, entry_rows, score_rows, schedule
):
    check = str(tmp_path / "check.db")  # where `done` and `sore` log the same values
    tmp_path = Path(tempfile.mkdtemp(dir=tmp_path))  # one folder per generated example
    db, copy = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    shutil.copyfile(empty_db, db)
    shutil.copyfile(empty_db, copy)
    data = export(entry_rows, score_rows, settings={"schedule": schedule} if schedule else {})
    path = write(tmp_path, data)
    before = file_bytes(db)
    result = cli("import", path, "--db", db)
    event("refused" if result.exit_code else "accepted")
    if result.exit_code != 0:
        fail(result)
        assert file_bytes(db) == before
        return
    first = json.loads(ok(cli("export", "--db", db)).stdout)
    # Export -> import reproduces what was imported, exactly.
    again = write(tmp_path, first, "again.json")
    ok(cli("import", again, "--db", copy))
    assert records(json.loads(ok(cli("export", "--db", copy)).stdout)) == records(first)
    for row in first["entries"]:
        # (``minutes``, a distance's time, is null when the file has none; a record without a
        # stable id is given one here)
        assert any(
            all(row[k] == given.get(k) for k in row if k not in ("id", "uid"))
            for given in entry_rows
        ), row
    # `done` and `sore` take the same values and store them alike.
    for row in first["entries"]:
        args = ["done", row["exercise"], "--sets", str(row["sets"]), "--db", check]
        if row["amount"] is not None:
            args.insert(2, f"{row['amount']}{AMOUNT_WORDS[row['unit']]}")
        args += ["--side", row["side"]] if row["side"] in ("left", "right") else []
        args += ["--pain", str(row["pain"])] if row["pain"] is not None else []
        args += [f"--note={row['note']}"] if row["note"] is not None else []
        ok(cli(*args))
        stored = rows(check, "SELECT exercise, sets, amount, unit, side, pain, note FROM entries")
        wanted = (row["exercise"], row["sets"], row["amount"], row["unit"])
        assert stored[-1][:4] == wanted
        assert stored[-1][4:] == (row["side"] or stored[-1][4], row["pain"], row["note"])
    for row in first["soreness"]:
        args = ["sore", str(row["score"]), f"--{row['timing']}", "--db", check]
        # all land on today here, and a day keeps one morning score unless told to replace it
        args += ["--replace"] if row["timing"] == "morning" else []
        args += ["--side", row["side"]] if row["side"] else []
        args += [f"--note={row['note']}"] if row["note"] is not None else []
        ok(cli(*args))


# --- observation 11: linear time ----------------------------------------------------------------


def same_day(count: int, day_moment: str, note: str = "") -> dict:
    return export(
        [
            an_entry(id=None, at=day_moment, note=f"{note}{i}", logged_at=day_moment)
            for i in range(count)
        ]
    )


def import_steps(db: str, data: dict) -> int:
    """The work SQLite does to import ``data``, in virtual-machine steps (not time)."""
    store = open_store(db)
    steps = [0]

    def count():
        steps[0] += 1
        return 0

    try:
        checked = backup.validate(data, catalog_mod.load(paths.db_path(db)))
        store.conn.set_progress_handler(count, 100)
        backup.import_data(store, checked)
    finally:
        store.close()
    return steps[0]


def test_import_work_grows_linearly_with_sets_on_one_day(tmp_path):
    at = moment(3)
    small = import_steps(str(tmp_path / "small.db"), same_day(1000, at))
    large = import_steps(str(tmp_path / "large.db"), same_day(4000, at))
    # Four times the rows: about four times the work (a quadratic import would do sixteen).
    assert large < 6 * small, (small, large)
    # Importing the same rows again (all skipped as present) is linear too.
    again = import_steps(str(tmp_path / "large.db"), same_day(4000, at))
    assert again < 6 * small, (small, again)


def test_twenty_thousand_sets_on_one_day_import_and_reimport(cli, tmp_path):
    path = write(tmp_path, same_day(20_000, moment(2)))
    assert "20000 new sets" in ok(cli("import", path)).stdout
    assert "skipped 20000" in ok(cli("import", path)).stdout
    assert rows(str(tmp_path / "glutelog.db"), "SELECT count(*) FROM entries") == [(20_000,)]


# --- observation 3: ids at the edge of the range ------------------------------------------------


def test_an_id_in_a_file_is_never_taken_even_the_largest(cli, db_path, tmp_path):
    ok(cli("sore", "2", "--morning", "--at", "yesterday 7am"))
    data = export([an_entry(id=MAX_ID, at=moment(10), logged_at=moment(10))])
    ok(cli("import", write(tmp_path, data)))
    assert rows(db_path, "SELECT id FROM entries") == [(1,)]  # numbered here, not by the file
    logged = ok(cli("done", "bridge", "10")).stdout
    assert "#2" in logged
    # What this database exports imports again, on a fresh database too.
    again = tmp_path / "again.json"
    ok(cli("export", "-o", str(again)))
    ok(cli("import", str(again), "--db", str(tmp_path / "fresh.db")))


def test_removed_numbers_are_never_given_to_imported_records(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("done", "clams", "15"))
    ok(cli("undo"))
    ok(cli("undo"))
    pigeon = an_entry(id=1, at=moment(30), logged_at=moment(30))
    pigeon.update(exercise="pigeon", amount=30, unit="seconds", side="left")
    ok(cli("import", write(tmp_path, export([pigeon]))))
    assert rows(db_path, "SELECT id, exercise FROM entries") == [(3, "pigeon")]
    assert fail(cli("edit", "1", "--note", "x")).stderr == "glutelog: no entry 1\n"


def test_undo_takes_the_most_recent_command_whatever_the_ids(cli, db_path, tmp_path):
    ok(cli("done", "bridge", "12"))
    old = export([an_entry(id=500, at=moment(30), logged_at=moment(30))])
    ok(cli("import", write(tmp_path, old)))
    ok(cli("sore", "3", "--after"))
    assert "soreness 3/10" in ok(cli("undo")).stdout
    assert ok(cli("undo")).stdout.startswith("Removed #1 ")
    assert ok(cli("undo")).stdout.startswith("Removed #2 ")  # the imported set, numbered here


@pytest.mark.parametrize("row_id", ["9223372036854775807", "9223372036854775808", "9" * 40])
def test_rm_of_any_number_is_no_entry_not_a_crash(cli, used_db, row_id):
    assert fail(cli("rm", row_id)).stderr == f"glutelog: no entry {row_id}\n"
    assert fail(cli("edit", row_id, "--note", "x")).stderr == f"glutelog: no entry {row_id}\n"


# --- observation 5: removals that race ------------------------------------------------------------


def at_once(calls: list) -> list:
    """Run each call on its own thread (each opens its own connection), all released together;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test looks at what each one met
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


REMOVED = re.compile(r"Removed (#\d+|s\d+) ")


def test_undos_at_once_remove_distinct_rows_and_say_which(cli, db_path):
    rounds = 25
    for i in range(rounds):
        ok(cli("done", "bridge", str(10 + i % 5)))
        ok(cli("sore", str(i % 10), "--after"))
    claimed = []
    for _ in range(rounds):
        for result in at_once([lambda: entry_commands.undo(db=db_path)] * 2):
            assert isinstance(result, str), result
            claimed.append(REMOVED.match(result).group(1))
    assert len(set(claimed)) == len(claimed) == 2 * rounds
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]
    assert rows(db_path, "SELECT count(*) FROM soreness") == [(0,)]


def test_edit_racing_rm_is_no_entry_never_an_internal_error(cli, db_path):
    for round_ in range(40):
        new_id = int(re.search(r"#(\d+)", ok(cli("done", "bridge", "12")).stdout).group(1))
        edited, removed = at_once(
            [
                lambda i=new_id, r=round_: entry_commands.edit(
                    db=db_path, row_id=str(i), note=f"r{r}"
                ),
                lambda i=new_id: entry_commands.rm(db=db_path, row_id=str(i)),
            ]
        )
        assert removed.startswith(f"Removed #{new_id} ")
        if isinstance(edited, Exception):
            assert isinstance(edited, errors.BadInput) and edited.message == f"no entry {new_id}"
        else:
            assert edited.startswith(f"Before: #{new_id} ") and f"After:  #{new_id} " in edited
            # The edit happened first, so rm removed the edited row.
            assert f"r{round_}" in removed
    assert rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


def test_rm_twice_at_once_removes_once(cli, db_path):
    for _ in range(20):
        new_id = int(re.search(r"#(\d+)", ok(cli("done", "bridge", "12")).stdout).group(1))
        results = at_once([lambda i=new_id: entry_commands.rm(db=db_path, row_id=str(i))] * 2)
        assert sorted(type(r).__name__ for r in results) == ["BadInput", "str"], results


# --- bounded input: files with no end, files too large, files of any length ---------------------
# Issue 19, observation 4: `import /dev/zero` grew to 3 GB in 5 s, and an 800k-set file took
# 63 s and 1 GB. Import reads regular files only, up to max_import_bytes, a record at a time.


def _a_gigabyte_at_most() -> None:
    """Run in the child: a runaway read fails with MemoryError instead of filling the machine."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))


def import_process(db: str, path: str, tmp_path) -> subprocess.CompletedProcess:
    """The installed command, bounded: a minute and a gigabyte (a read that never ends is a
    failure of the test, not of the machine)."""
    env = {**os.environ, "GLUTELOG_DB": db, "GLUTELOG_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run(
        [*CLI, "import", path],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_a_gigabyte_at_most,
    )


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "a pipe", "a folder"])
def test_import_refuses_what_is_not_a_regular_file_without_reading_it(used_db, tmp_path, kind):
    if kind == "a pipe":
        path = str(tmp_path / "pipe")
        os.mkfifo(path)  # nobody writes to it: opening it to read would wait for ever
    elif kind == "a folder":
        path = str(tmp_path)
    else:
        path = kind
    before = file_bytes(used_db)
    result = import_process(used_db, path, tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr
    assert file_bytes(used_db) == before


def test_an_import_past_the_size_limit_is_refused_unread(cli, used_db, tmp_path, monkeypatch):
    from glutelog.rules import RULES

    # A sparse file just past the documented limit costs no disk, and is refused at once.
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate(rule("max_import_bytes") + 1)
    result = import_process(used_db, str(huge), tmp_path)
    assert result.returncode == 2 and "max_import_bytes" in result.stderr, result.stderr
    # A good file past a lowered limit: the limit is what refuses it.
    path = write(tmp_path, export([an_entry(id=9000)]))
    monkeypatch.setitem(RULES, "max_import_bytes", (100, "a test's limit"))
    assert "max_import_bytes" in refused(cli, used_db, path)


def spread(count: int) -> dict:
    """``count`` distinct sets, one a minute going back from yesterday."""
    return export(
        [
            an_entry(id=None, at=moment(1 + i / 1440), note=None if i % 7 else f"n{i}")
            for i in range(count)
        ],
        [a_score(id=None, at=moment(1 + i)) for i in range(count // 50)],
    )


@pytest.mark.stress
def test_import_memory_stays_flat_however_long_the_file(tmp_path):
    """The installed command: importing ten times the records takes no more memory (the
    file is one line of JSON here, the hardest layout to read a record at a time)."""

    def peak_kib(count: int) -> int:
        path = write(tmp_path, spread(count), f"{count}.json")
        env = {
            **os.environ,
            "GLUTELOG_DB": str(tmp_path / f"{count}.db"),
            "GLUTELOG_CACHE_DIR": str(tmp_path / "cache"),
        }
        found = subprocess.run(
            [sys.executable, "-c", MAXRSS, *CLI, "import", path],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        return int(found.stdout)

    small, large = peak_kib(3_000), peak_kib(30_000)
    assert large < small + 8 * 1024, (small, large)


MAXRSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def whole_import_work(tmp_path, data: dict, name: str) -> tuple[int, int]:
    """(Python calls, SQLite steps) of reading, checking and writing ``data`` from a file into a
    new database: counts of work, not time, so the test does not depend on the machine."""
    path = write(tmp_path, data, f"{name}.json")
    db = str(tmp_path / f"{name}.db")
    store = open_store(db)
    catalog = catalog_mod.load(db)
    calls, steps = [0], [0]

    def count_call(frame, event, arg):
        if event in ("call", "c_call"):
            calls[0] += 1

    def count_step():
        steps[0] += 1
        return 0

    store.conn.set_progress_handler(count_step, 100)
    sys.setprofile(count_call)
    try:
        backup.import_data(store, backup.validate(backup.read_export(path), catalog))
    finally:
        sys.setprofile(None)
        store.close()
    return calls[0], steps[0]


def test_whole_import_work_grows_linearly_with_the_file(tmp_path):
    small = whole_import_work(tmp_path, spread(1_000), "small")
    large = whole_import_work(tmp_path, spread(4_000), "large")
    # Four times the records: about four times the work (a quadratic step would make sixteen).
    assert large[0] < 5 * small[0] and large[1] < 6 * small[1], (small, large)


def test_an_import_keeps_the_totals_its_rows_would_have_kept_one_by_one(cli, db_path, tmp_path):
    """Import turns the per-row triggers off and sums the kept totals (month_totals, day_sums)
    and plan caches once; they must be exactly what the triggers would have made."""
    from glutelog.storage import database

    ok(cli("done", "run", "5.5km", "--at", moment(40)[:10]))
    ok(cli("done", "bridge", "12"))
    ok(cli("plan"))  # a kept plan for today, which the import must clear
    copy = str(tmp_path / "copy.db")
    shutil.copyfile(db_path, copy)
    made = []
    for i in range(300):
        at = moment(1 + i * 0.3)
        if i % 3 == 0:
            made.append(an_entry(id=None, at=at, exercise="run", unit="km", amount=0.1 + i % 7))
        elif i % 3 == 1:
            made.append(an_entry(id=None, at=at, exercise="rest", unit="none", amount=None))
        else:
            made.append(an_entry(id=None, at=at, exercise="pigeon", unit="seconds", amount=30,
                                 side="left"))  # fmt: skip
    made.append(made[0])  # twice in the file: once in the database
    path = write(tmp_path, export(made, [a_score(id=None, at=moment(2))]))
    assert "300 new sets" in ok(cli("import", path, "--db", db_path)).stdout
    store = open_store(copy)
    try:
        store.write(
            lambda conn: [
                database._insert(conn, "entries", {k: v for k, v in row.items() if k != "id"})
                for row in made[:-1]
            ]
        )
    finally:
        store.close()
    for table in (
        "* FROM day_sums ORDER BY day",
        "* FROM month_totals ORDER BY 1, 2, 3, 4",
        "day FROM plan_basis ORDER BY day",
        "day FROM day_status ORDER BY day",
    ):
        found = rows(db_path, f"SELECT {table}")
        expected = rows(copy, f"SELECT {table}")
        assert [tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in found] == [
            tuple(round(v, 9) if isinstance(v, float) else v for v in r) for r in expected
        ]
    day_sums = rows(db_path, "SELECT day, run_km FROM day_sums WHERE run_sets > 0")
    assert day_sums == rows(copy, "SELECT day, run_km FROM day_sums WHERE run_sets > 0")


@pytest.mark.parametrize("layout", ["record a line", "indented", "one line"])
def test_every_layout_of_an_export_imports_alike(cli, db_path, tmp_path, layout):
    """This version writes a record a line; versions before it indented every field; a file
    edited by hand may be anything JSON allows. Each imports the same."""
    from glutelog.output import render

    data = export(
        [an_entry(id=5, note='a "quote", a ] and a }'), an_entry(id=6, at=moment(2))],
        [a_score(id=2)],
        settings={"schedule": "alternate"},
        day_minutes={moment(3)[:10]: 20},
    )
    text = {
        "record a line": render.dumps_rows(data) + "\n",
        "indented": json.dumps(data, indent=2),
        "one line": json.dumps(data, separators=(",", ":")),
    }[layout]
    path = write(tmp_path, text)
    out = ok(cli("import", path, "--db", db_path)).stdout
    assert "2 new sets and 1 new soreness score;" in out
    exported = json.loads(ok(cli("export", "--db", db_path)).stdout)
    assert [e["note"] for e in exported["entries"]] == ['a "quote", a ] and a }', None]
    assert exported["settings"] == {"schedule": "alternate"}
    assert exported["day_minutes"] == {moment(3)[:10]: 20}


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "glutelog-export", "format_version": 1, "schema_version": 1, "entries": [',
        '{"format": "glutelog-export", "format_version": 1, "schema_version": 1, "entries": [{}',
        '{"format": "glutelog-export", "format_version": 1} trailing',
        '{"format": "glutelog-export", "entries": [], "entries": []}',
        '{"format": "glutelog-export" "format_version": 1}',
    ],
)
def test_a_cut_or_garbled_file_is_refused_whole(cli, used_db, tmp_path, text):
    refused(cli, used_db, write(tmp_path, text))


def test_a_file_that_is_no_export_creates_no_database(cli, tmp_path):
    missing = tmp_path / "new.db"
    for text in ("[]", '{"format": "other"}', "not json"):
        fail(cli("import", write(tmp_path, text), "--db", str(missing)))
    assert not missing.exists()


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2099, 1, 1),
                    timezones=st.timezones()))  # fmt: skip
@settings(max_examples=examples(300), deadline=None)
def test_the_utc_instant_import_keeps_is_the_one_every_write_keeps(moment_):
    from glutelog.parsing import utc_text

    assert backup._utc(moment_) == utc_text(moment_)


# --- the one-pass check of the usual record (whole-file speed, issue 17) ------------------------
# Most records are checked in one pass (``backup._quick_entry``, ``_quick_score``); every other
# one goes through the full checks. The one pass must take only what the full checks take, with
# the same values, or the speed would have changed what import accepts.


@st.composite
def any_moment_text(draw) -> str:
    """A moment in one of the forms a file may hold, right or wrong: as glutelog writes `at`,
    with microseconds, as it stores logged_at (UTC), or spoilt."""
    instant = draw(
        st.one_of(
            st.datetimes(
                min_value=datetime(1899, 12, 30),
                max_value=datetime(2100, 1, 1),
                timezones=st.timezones(),
            ),
            # near now, on both sides of the days the one pass leaves to the full checks
            st.floats(min_value=-3, max_value=6).map(
                lambda days: (NOW - timedelta(days=days)).replace(microsecond=0)
            ),
        )
    )
    form = draw(st.sampled_from(["seconds", "seconds", "micro", "stored", "odd"]))
    if form == "seconds":
        return instant.replace(microsecond=0).isoformat()
    if form == "micro":
        return instant.isoformat(timespec="microseconds")
    if form == "stored":
        from glutelog.parsing import utc_text

        return utc_text(instant) or "not a moment"
    text = instant.replace(microsecond=0).isoformat()
    return draw(
        st.sampled_from(
            [
                text.replace("+00:00", "-00:00"),
                text.replace("T", " "),
                text[:19],
                text[:19] + "Z",
                text.replace("-", "/", 1),
                text[:8] + "31" + text[10:],
                text[:11] + "24" + text[13:],
                text[:17] + "60" + text[19:],
                text + " ",
                "\uff12" + text[1:],  # a full-width digit
            ]
        )
    )


@st.composite
def usual_entries(draw) -> dict:
    """Sets as `done` stores them, with moments in any form, now and then spoilt."""
    row = dict(draw(entries()))
    at = draw(any_moment_text())
    row.update(at=at, day=draw(st.sampled_from([at[:10], at[:10], "2026-01-01"])))
    row["logged_at"] = draw(st.one_of(st.just(at), any_moment_text()))
    row["uid"] = draw(st.one_of(st.none(), st.uuids().map(str), st.sampled_from(["6F1C", "x"])))
    row["minutes"] = draw(st.sampled_from([None, None, None, 30, 0, -1, 12.5, "30"]))
    if draw(st.booleans()):
        row.pop(draw(st.sampled_from(sorted(row))))
    return draw(nudged(draw(spoilt(row))))


# Values at the edges of what the checks take, and of the wrong type.
EDGES = st.sampled_from(
    [None, -1, 0, 1, 10, 11, 99, 100, 2**53 + 1, 0.5, 1.5, 1e-9, True, False, "", "left",
     "right", "both", "morning", "after", "none", "km", "reps", [], {}]
)  # fmt: skip


@st.composite
def nudged(draw, row: dict) -> dict:
    """``row``, or ``row`` with one field set to an edge value (one in three)."""
    if draw(st.integers(0, 2)):
        return row
    return {**row, draw(st.sampled_from(sorted(row))): draw(EDGES)}


@st.composite
def usual_scores(draw) -> dict:
    row = dict(draw(scores()))
    at = draw(any_moment_text())
    row.update(at=at, day=at[:10], logged_at=draw(st.one_of(st.just(at), any_moment_text())))
    row["uid"] = draw(st.one_of(st.none(), st.uuids().map(str)))
    return draw(nudged(draw(spoilt(row))))


def staged_utc(at: str) -> str:
    """The UTC instant SQLite gives a record the one pass took (see backup._UTC_OF_WRITTEN)."""
    import sqlite3

    conn = sqlite3.connect(":memory:")
    try:
        return conn.execute(f"SELECT {backup._UTC_OF_WRITTEN.format(at='?')}", (at,)).fetchone()[0]
    finally:
        conn.close()


def check_with(full, args, where, row):
    return full(where, row, *args)


@settings(max_examples=examples(200), deadline=None, database=None, derandomize=True)
@given(entry=usual_entries(), score=usual_scores())
def test_the_one_pass_check_takes_only_what_the_full_checks_take(entry, score):
    days = backup._PastDays(NOW)
    cases = (
        (backup._quick_entry(CATALOG, days), entry, backup._check_entry, (CATALOG, NOW)),
        (backup._quick_score(days), score, backup._check_soreness, (NOW,)),
    )
    for quick, row, full, args in cases:
        event("taken in one pass" if quick(row) is not None else "left to the full checks")
        quick_and_full_agree(quick, functools.partial(check_with, full, args), row)


def test_imported_moments_keep_their_utc_instant_whatever_the_offset(cli, db_path, tmp_path):
    """Sets and scores logged in many time zones, at DST changes and near the earliest year:
    each keeps the UTC instant `done` would store for it (what orders records in time)."""
    from zoneinfo import ZoneInfo

    from glutelog.parsing import utc_text

    zones = ["UTC", "Europe/Paris", "America/St_Johns", "Asia/Kolkata", "Pacific/Chatham",
             "America/Los_Angeles", "Pacific/Kiritimati", "Pacific/Pago_Pago"]  # fmt: skip
    starts = [datetime(1900, 1, 1, 0, 30), datetime(1999, 12, 31, 23, 59, 59),
              datetime(2024, 3, 31, 1, 59), datetime(2024, 10, 27, 2, 30),
              datetime(2025, 2, 28, 23, 0)]  # fmt: skip
    made, scores_made = [], []
    for zone in zones:
        for start in starts:
            at = start.replace(tzinfo=ZoneInfo(zone)).isoformat()
            if at[19:] in ("-00:00",) or len(at) != 25:
                continue  # an offset with seconds (before 1900): not a form glutelog writes
            made.append(an_entry(id=None, at=at, note=f"{zone} {start}"))
            scores_made.append(a_score(id=None, at=at, timing="after", note=f"{zone} {start}"))
    path = write(tmp_path, export(made, scores_made))
    ok(cli("import", path, "--db", db_path))
    for table in ("entries", "soreness"):
        found = rows(db_path, f"SELECT at, utc FROM {table}")
        assert len(found) == len(made) > 30
        assert [utc for _, utc in found] == [utc_text(at) for at, _ in found]


def quick_and_full_agree(quick, full, row: dict) -> None:
    """The one pass takes ``row`` as the full checks do, or leaves it to them; before and after
    they saw its amount (the one pass takes only amounts the full check took before)."""
    first = quick(row)
    try:
        expected = full("record 1", row)
    except errors.BadInput:
        assert first is None and quick(row) is None, row
        return
    for found in (first, quick(row)):
        if found is not None:
            assert found[:-1] == expected[:-1] and found[-1] is None, row
            assert [type(v) for v in found[:-1]] == [type(v) for v in expected[:-1]], row
            assert staged_utc(row["at"]) == expected[-1], row


FIELD_EDGES = [
    None, -1, 0, 1, 2, 10, 11, 12, 30, 99, 100, 10**6, 2**53 + 1, 0.5, 1.5, 12.0, 1e-9,
    float("nan"), float("inf"), True, False, "", "1", "left", "right", "both", "morning",
    "after", "none", "reps", "seconds", "minutes", "km", "lengths", "glute-bridge", "run",
    "x" * 2001, "a\x00b", "\ud800", [], {}, "6f1c2a9e-4b7d-4e2a-9c1f-0d3b5e7a8c90",
    "6F1C2A9E-4B7D-4E2A-9C1F-0D3B5E7A8C90", "6f1c2a9e-4b7d-4e2a-9c1f-0d3b5e7a8c9",
]  # fmt: skip


def moment_edges(base: str) -> list:
    """``base`` (a written moment) and its near misses."""
    return [
        base, base.replace("+00:00", "-00:00"), base[:19] + "-00:00", base[:19] + "+23:59",
        base[:19] + "+24:00", base[:19] + "+05:30", base[:19] + "-12:00", base[:19] + "+01:00:30",
        base[:19] + "Z", base[:19] + ".000000Z", base[:19] + ".5Z", base[:19] + ".123456+02:00",
        base.replace("T", " "), base[:19], base + " ", base[:10], "2025-02-29" + base[10:],
        "2024-02-29" + base[10:], "1899-12-31T23:00:00+00:00", "1900-01-01T00:30:00+01:00",
        "9999-12-31T23:00:00-05:00", "0000-01-01T00:00:00+00:00", FUTURE, moment(1.5),
        moment(2.5), moment(0.1), "2025-W49-5T06:07:05+00:00", "2025-12-05T06:07:05+0000",
        "\uff12" + base[1:],
    ]  # fmt: skip


@pytest.mark.parametrize(
    "base",
    [
        an_entry(uid=None),
        an_entry(exercise="pigeon", unit="seconds", amount=30, side="left", pain=2),
        an_entry(exercise="run", unit="km", amount=5.5, minutes=None, note="fine"),
        an_entry(exercise="run", unit="minutes", amount=30),
        an_entry(exercise="rest", unit="none", amount=None),
        a_score(uid="6f1c2a9e-4b7d-4e2a-9c1f-0d3b5e7a8c90"),
        a_score(side="right", timing="after", note="sore"),
    ],
)
def test_the_one_pass_check_agrees_with_the_full_checks_at_every_edge(base):
    """Each field of a usual record, in turn missing or set to an edge value (or a near miss
    of a moment): taken alike, or left to the full checks."""
    days = backup._PastDays(NOW)
    if "score" in base:
        quick = backup._quick_score(days)

        def full(where, row):
            return backup._check_soreness(where, row, NOW)
    else:
        quick = backup._quick_entry(CATALOG, days)

        def full(where, row):
            return backup._check_entry(where, row, CATALOG, NOW)

    at = "2025-12-05T06:07:05+00:00"
    base = {**base, "at": at, "day": at[:10], "logged_at": at}
    full("record 1", base)  # the full check takes it, and so learns its amount
    assert quick(base) is not None  # the usual record
    for key in [*base, "minutes", "suspected"]:
        quick_and_full_agree(quick, full, {k: v for k, v in base.items() if k != key})
        values = [*FIELD_EDGES, *(moment_edges(at) if key in ("at", "logged_at", "day") else ())]
        for value in values:
            changed = {**base, key: value}
            if key == "at" and isinstance(value, str):
                quick_and_full_agree(quick, full, {**changed, "day": value[:10]})
            quick_and_full_agree(quick, full, changed)


def test_a_large_import_keeps_every_stable_id_index_as_it_was(cli, db_path, tmp_path):
    """A load larger than its table builds the stable-id index after the rows (one sort, not a
    random place per row); a small one adds to it as it goes. Either way the database ends
    with the same unique index, and a record's id is still found once."""
    ok(cli("done", "bridge", "12"))
    indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    before = rows(db_path, indexes)
    data = spread(300)
    path = write(tmp_path, data)
    assert "300 new sets" in ok(cli("import", path, "--db", db_path)).stdout  # rebuilt
    small = write(tmp_path, export([an_entry(id=None, at=moment(30), note="one more")]), "s.json")
    assert "1 new set " in ok(cli("import", small, "--db", db_path)).stdout  # added in place
    assert rows(db_path, indexes) == before
    assert "ok" in ok(cli("check", "--db", db_path)).stdout
    assert "skipped 306 already present" in ok(cli("import", path, "--db", db_path)).stdout
    (uid,) = rows(db_path, "SELECT uid FROM entries ORDER BY id DESC LIMIT 1")[0]
    with pytest.raises(sqlite3.IntegrityError):
        rows(db_path, f"INSERT INTO entries SELECT NULL, at, day, exercise, sets, amount, unit, "
                      f"side, pain, note, logged_at, utc, minutes, uid FROM entries "
                      f"WHERE uid = '{uid}'")  # fmt: skip
