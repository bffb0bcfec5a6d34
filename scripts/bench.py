"""Start-up benchmark for glutelog: wall time as a ratio to `python -c pass`, and peak memory.

glutelog is run many times a day from a shell, so what it costs is process start-up. Absolute
milliseconds depend on the machine; the ratio to an empty interpreter from the same virtual
environment, measured in the same run, does not (much).

What it does:
1. builds a 1-year and a 20-year database of heavy use (40 sets a day), deterministically, and
   caches them in bench/cache/ (keyed by years, today's date, the schema version and a hash of
   the migrations and the catalog);
2. before each command, copies the cached database with the SQLite backup API into a per-run
   folder, so the writes made by `done` and `sore` never touch the cache;
3. for every command in COMMANDS and every database, runs `python -c pass` and the command in
   alternating pairs (warm-up first), and takes median(command) / median(baseline);
4. runs each command once more under os.wait4 to read its peak RSS;
5. prints a table with PASS/FAIL against the targets, writes it as Markdown (bench/results.md),
   and exits 1 if any row fails or any command exits non-zero (the table is written anyway).

Only the standard library and glutelog itself are used. Run: `make bench` or
`.venv/bin/python scripts/bench.py [--quick] [--runs N] [--years 1,20] [--only report] [--out PATH]`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from math import nan

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_DIR = os.path.join(ROOT, "bench")
CACHE_DIR = os.path.join(BENCH_DIR, "cache")
DEFAULT_OUT = os.path.join(BENCH_DIR, "results.md")
# docs/performance.md shows the last run's results.md between these markers: copied, never typed,
# so the page and the file always show the same numbers.
DOCS_PAGE = os.path.join(ROOT, "docs", "performance.md")
DOCS_START, DOCS_END = "<!-- bench/results.md -->", "<!-- /bench/results.md -->"

# The interpreter and console script of the virtual environment this script runs in: the
# baseline and the commands must start from the same Python, or the ratio means nothing.
PYTHON = sys.executable
GLUTELOG = os.path.join(os.path.dirname(sys.executable), "glutelog")

# Peak-memory target (MiB) for the everyday commands (those marked `everyday` below).
EVERYDAY_MAX_MIB = 25.0

# Bump when the generator below changes, so cached databases are rebuilt.
GENERATOR_VERSION = 5
ENTRIES_PER_DAY = 40
SEED = 42

# (label, argv after `glutelog`, target ratio to `python -c pass` or None, everyday?)
# Placeholders filled per database: {deep} is a day in the middle of that database's history,
# {work} the path of the database copy the commands run on.
# The database itself is passed through GLUTELOG_DB, so the argv is exactly what people type.
COMMANDS: list[tuple[str, list[str], float | None, bool]] = [
    # Logging a set: the command run most often, right after the set.
    ("done bridge 12", ["done", "bridge", "12"], 2.5, True),
    ("done bridge 12 --pain 3", ["done", "bridge", "12", "--pain", "3"], 2.5, True),
    # bridge is not done per side; pigeon is, so it carries the --side variant.
    (
        "done pigeon 30s --side left --pain 3",
        ["done", "pigeon", "30s", "--side", "left", "--pain", "3"],
        2.5,
        True,
    ),
    # Typed as people talk: names and amounts in several words.
    ("done tennis ball 25 sec", ["done", "tennis", "ball", "25", "sec"], 2.5, True),
    ("done bridge 3 sets of 12", ["done", "bridge", "3", "sets", "of", "12"], 2.5, True),
    # A time in words (the one grammar for times) and a side in the amount's words.
    (
        "done bridge 12 --at 'yesterday at 7pm'",
        ["done", "bridge", "12", "--at", "yesterday at 7pm"],
        2.5,
        True,
    ),
    ("done clams 15 each side", ["done", "clams", "15", "each", "side"], 2.5, True),
    # Run many times on one database: each run replaces the day's morning score.
    ("sore 4 --morning --replace", ["sore", "4", "--morning", "--replace"], 2.5, True),
    ("plan", ["plan"], 2.5, True),
    ("report", ["report"], 2.5, True),
    ("report --week {deep}", ["report", "--week", "{deep}"], 2.5, True),
    ("report --weeks 12", ["report", "--weeks", "12"], 2.5, True),
    ("report --month", ["report", "--month"], 2.5, True),
    ("report --format csv", ["report", "--format", "csv"], 2.5, True),
    ("done run 20km 105min", ["done", "run", "20km", "105min"], 2.5, True),
    ("flag", ["flag"], 2.5, True),
    # Warning signs in the person's words: a symptom recorded; a note read for signs.
    (
        "flag pins and needles left calf",
        ["flag", "pins", "and", "needles", "left", "calf"],
        2.5,
        True,
    ),
    (
        "sore 3 --after --note 'easy run at night'",
        ["sore", "3", "--after", "--note", "easy run at night"],
        2.5,
        True,
    ),
    ("flag --clear", ["flag", "--clear"], 2.5, True),
    ("config", ["config"], 2.5, True),
    ("config side left", ["config", "side", "left"], 2.5, True),
    ("history --since '30 days ago'", ["history", "--since", "30 days ago"], 3.0, True),
    # Run by a shell prompt or a status bar before every command.
    ("status", ["status"], 2.5, True),
    # --- Reports over a year of data: target 4 (any period added later must keep to it). ---
    ("report --year", ["report", "--year"], 4.0, True),
    ("report --year --json", ["report", "--year", "--json"], 4.0, True),
    # --- Every other command: target 7. ---
    ("--help", ["--help"], 7.0, False),
    ("done --help", ["done", "--help"], 7.0, False),
    ("go --help", ["go", "--help"], 7.0, False),
    ("where", ["where"], 7.0, False),
    ("exercises", ["exercises"], 7.0, False),
    ("exercises show pigeon", ["exercises", "show", "pigeon"], 7.0, False),
    ("rules", ["rules"], 7.0, False),
    ("status --json", ["status", "--json"], 7.0, False),
    ("plan --json", ["plan", "--json"], 7.0, False),
    ("plan --explain", ["plan", "--explain"], 7.0, False),
    ("plan --days 7", ["plan", "--days", "7"], 7.0, False),
    ("plan --minutes 10", ["plan", "--minutes", "10"], 7.0, False),
    ("history", ["history"], 7.0, False),
    ("edit 1 --note x", ["edit", "1", "--note", "x"], 7.0, False),
    ("undo", ["undo"], 7.0, False),
    # --- Whole-file commands: their work grows with the database by design (every page read,
    # copied or written out), so they have no start-up target; shown so their cost is known.
    ("check", ["check"], None, False),
    ("export", ["export"], None, False),
    ("export --format csv", ["export", "--format", "csv"], None, False),
]

# Timed pairs for the whole-file rows: they take up to seconds each at 20 years.
WHOLE_FILE_RUNS = 3

# --- whole-file work beside plain scripts (issue 17) -------------------------------------------
# `export` and `import` are measured in alternating pairs beside a plain Python script doing the
# same work with no checks: select every row and write it as JSON lines, or read those lines
# and insert them in one transaction into a new database with glutelog's tables and indexes but
# not its triggers (the yardstick issue 17 measured: 1.77 s and 3.44 s at 20 years). The ratio
# is the row's figure: it survives a busy machine.
EXPORT_MAX_RATIO = 1.2
IMPORT_MAX_RATIO = 2.0
CHECK_MAX_SECONDS = 0.5
# Peak memory of the whole-file commands, however large the file or the period shown.
WHOLE_FILE_MAX_MIB = 64.0
# Import memory is measured on a file of this many sets; `history` and `status` on a database
# holding this many sets, all on the days they show (two weeks before yesterday, as a hostile
# import can leave it).
IMPORT_MEMORY_ENTRIES = 300_000
CROWDED_ENTRIES = 800_000

PLAIN_EXPORT = """
import json, sqlite3, sys
db, out = sys.argv[1], sys.argv[2]
tables = {
    "entries": "id, at, day, exercise, sets, amount, unit, side, pain, note, logged_at",
    "soreness": "id, at, day, score, timing, side, note, logged_at",
    "flags": "id, at, day, symptom, exercise, note, cleared_at, cleared_day, logged_at",
}
conn = sqlite3.connect(db)
encode = json.JSONEncoder().encode
with open(out, "w", encoding="utf-8") as handle:
    for table, columns in tables.items():
        names = columns.split(", ")
        for row in conn.execute(f"SELECT {columns} FROM {table} ORDER BY id"):
            handle.write(table + " " + encode(dict(zip(names, row))) + "\\n")
"""

PLAIN_IMPORT = """
import json, sqlite3, sys
source, db = sys.argv[1], sys.argv[2]
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
with open(source, encoding="utf-8") as handle:
    for line in handle:
        table, _, text = line.partition(" ")
        row = json.loads(text)
        names = ", ".join(row)
        marks = ", ".join("?" * len(row))
        conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
conn.execute("COMMIT")
"""


# --- building the databases -------------------------------------------------------------------


def cache_path(years: int, today: date) -> str:
    """bench/cache/glutelog-20y-<today>-s<schema version>-<migrations hash>-g<generator>.db

    The hash covers migrations.py, because a migration edited in place (before a release)
    changes the schema without changing SCHEMA_VERSION, and the built-in catalog the rows are
    drawn from.
    """
    from glutelog import paths
    from glutelog.storage import migrations

    digest = hashlib.sha256()
    for source in (migrations.__file__, paths.builtin_catalog()):
        with open(source, "rb") as handle:
            digest.update(handle.read())
    schema = digest.hexdigest()[:8]
    name = (
        f"glutelog-{years}y-{today.isoformat()}-s{migrations.SCHEMA_VERSION}-{schema}"
        f"-g{GENERATOR_VERSION}.db"
    )
    return os.path.join(CACHE_DIR, name)


def _amount(rng: random.Random, exercise: dict) -> tuple[int, float | None, str]:
    """(sets, amount per set, unit) near the exercise's default dose, as people log them."""
    unit = exercise["unit"]
    if unit == "none":
        return 1, None, "none"
    if exercise["other_units"] and rng.random() < 0.3:  # e.g. a run logged in km
        unit = exercise["other_units"][0]
        return 1, round(rng.uniform(3, 12), 1), unit
    sets = rng.choice((1, 1, 1, 2, 3))
    if unit == "reps":
        low, high = exercise["rep_range"] or (8, 12)
        return sets, float(rng.randint(low, high + 4)), unit
    if unit == "seconds":
        return sets, float(rng.choice((20, 30, 30, 30, 45, 60, 90))), unit
    if unit == "minutes":
        return 1, float(rng.choice((10, 15, 20, 30, 45, 60, 95))), unit
    if unit == "lengths":
        return sets, float(rng.randint(1, 4)), unit
    return sets, round(rng.uniform(1, 10), 1), unit  # km


def _stored(at: str, rng: random.Random) -> tuple[str, str, str]:
    """(logged_at, utc, uid) as glutelog stores them with a row logged at ``at``: the UTC
    instants in fixed-width text, and a stable id of version 7 made at that instant
    (``migrations.new_uid``), its random bits drawn from ``rng`` so every build is the same."""
    from glutelog.parsing import utc_text

    utc = utc_text(at)
    ms = int(datetime.fromisoformat(at).timestamp() * 1000)
    b = bytearray(ms.to_bytes(6, "big") + rng.getrandbits(80).to_bytes(10, "big"))
    b[6] = (b[6] & 0x0F) | 0x70
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return utc, utc, f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _rows(years: int, today: date, catalog):
    """(entries, soreness) rows for `years` of history ending yesterday, from SEED."""
    rng = random.Random(SEED)
    exercises = catalog.exercises
    routine = catalog.routine
    daily = routine["daily"]
    strength = routine["strength"]
    recovery = routine["recovery"]
    others = [slug for slug in exercises if slug not in (*daily, *strength, *recovery)]
    first = today - timedelta(days=365 * years)
    entries: list[tuple] = []
    soreness: list[tuple] = []
    day = first
    index = 0
    while day < today:
        # The local UTC offset of that day (DST moves it), read once a day: astimezone per row
        # would make building the 20-year database several times slower.
        offset = datetime(day.year, day.month, day.day, 12).astimezone().strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}"
        iso_day = day.isoformat()
        # Strength every other day, recovery on the days between; stretches every day; some
        # other exercises mixed in so every index sees a spread of slugs.
        pool = daily * 4 + (strength * 4 if index % 2 == 0 else recovery * 3) + others
        seconds = sorted(rng.randrange(6 * 3600, 22 * 3600) for _ in range(ENTRIES_PER_DAY))
        for second in seconds:
            slug = rng.choice(pool)
            exercise = exercises[slug]
            sets, amount, unit = _amount(rng, exercise)
            side = rng.choice(("both", "both", "left", "right")) if exercise["per_side"] else None
            pain = rng.choice((None, None, None, 0, 1, 2, 3, 4)) if rng.random() < 0.5 else None
            note = (
                rng.choice(("felt tight", "easy", "left side stiff", "good"))
                if rng.random() < 0.05
                else None
            )
            at = f"{iso_day}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}{offset}"
            entries.append(
                (at, iso_day, slug, sets, amount, unit, side, pain, note, *_stored(at, rng))
            )
        morning = f"{iso_day}T07:{rng.randrange(60):02d}:00{offset}"
        after = f"{iso_day}T21:{rng.randrange(60):02d}:00{offset}"
        soreness.append(
            (
                morning,
                iso_day,
                rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 6)),
                "morning",
                None,
                None,
                *_stored(morning, rng),
            )
        )
        soreness.append(
            (
                after,
                iso_day,
                rng.choice((1, 2, 2, 3, 3, 4, 5)),
                "after",
                None,
                None,
                *_stored(after, rng),
            )  # fmt: skip
        )
        day += timedelta(days=1)
        index += 1
    return entries, soreness


def build_db(years: int, today: date) -> str:
    """The cached database for `years` of history ending yesterday; built once per day."""
    path = cache_path(years, today)
    if os.path.exists(path):
        return path
    # A new day (or schema, or generator): drop this size's older databases, 50 MiB each at 20y.
    _drop_stale(f"glutelog-{years}y-")
    from glutelog import catalog as catalog_mod
    from glutelog.storage.database import UNDO_KEPT
    from glutelog.storage.opening import open_store

    started = time.perf_counter()
    tmp = _fresh_tmp(path)
    store = open_store(tmp)  # runs the real migrations, so the schema is exactly glutelog's
    entries, soreness = _rows(years, today, catalog_mod.load())
    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO entries (at, day, exercise, sets, amount, unit, side, pain, note, logged_at, "
        "utc, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries,
    )
    conn.executemany(
        "INSERT INTO soreness (at, day, score, timing, side, note, logged_at, utc, uid) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        soreness,
    )
    # The undo journal a log kept by glutelog carries (m007): its last UNDO_KEPT commands, here
    # each the `done` of one set, kept as `glutelog done` keeps it.
    last = conn.execute(
        "SELECT id, exercise, logged_at FROM entries ORDER BY id DESC LIMIT ?", (UNDO_KEPT,)
    ).fetchall()
    conn.executemany(
        "INSERT INTO undo_log (command, logged_at, steps) VALUES (?, ?, ?)",
        [
            (f"done {slug}", logged, repr([("added", "entries", row_id, None)]))
            for row_id, slug, logged in reversed(last)
        ],
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, path)
    print(
        f"built {os.path.relpath(path, ROOT)}: {len(entries)} entries, {len(soreness)} soreness "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return path


def build_crowded_db(today: date) -> str:
    """The cached database of CROWDED_ENTRIES sets on the 13 days before today: what a
    hostile (or runaway) import can leave, and the worst case for `history` and `status`,
    whose default periods then hold every set."""
    path = cache_path(0, today).replace("-0y-", "-crowded-")
    if os.path.exists(path):
        return path
    _drop_stale("glutelog-crowded-")
    from glutelog import catalog as catalog_mod
    from glutelog.storage.opening import open_store

    started = time.perf_counter()
    tmp = _fresh_tmp(path)
    store = open_store(tmp)
    exercises = catalog_mod.load().exercises
    rng = random.Random(SEED)
    slugs = sorted(exercises)
    days = [today - timedelta(days=back) for back in range(13, 0, -1)]
    offsets = {d: datetime(d.year, d.month, d.day, 12).astimezone().strftime("%z") for d in days}

    def rows():
        for i in range(CROWDED_ENTRIES):
            day = days[i * len(days) // CROWDED_ENTRIES]
            second = 6 * 3600 + i % (16 * 3600)
            offset = offsets[day]
            at = (
                f"{day.isoformat()}T{second // 3600:02d}:{second // 60 % 60:02d}:"
                f"{second % 60:02d}{offset[:3]}:{offset[3:]}"
            )
            exercise = exercises[rng.choice(slugs)]
            sets, amount, unit = _amount(rng, exercise)
            side = "both" if exercise["per_side"] else None
            yield (
                at,
                day.isoformat(),
                exercise["slug"],
                sets,
                amount,
                unit,
                side,
                *_stored(at, rng),
            )

    conn = store.conn
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO entries (at, day, exercise, sets, amount, unit, side, logged_at, utc, uid) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(tmp, path)
    print(
        f"built {os.path.relpath(path, ROOT)}: {CROWDED_ENTRIES} entries on 13 days "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return path


def _drop_stale(prefix: str) -> None:
    """Remove the cached files of an earlier day (or schema, or generator) named ``prefix``."""
    if os.path.isdir(CACHE_DIR):
        for name in os.listdir(CACHE_DIR):
            if name.startswith(prefix):
                os.unlink(os.path.join(CACHE_DIR, name))


def _fresh_tmp(path: str) -> str:
    os.makedirs(CACHE_DIR, exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    for leftover in (tmp, tmp + "-wal", tmp + "-shm"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    return tmp


def write_indented_export(path: str, today: date) -> None:
    """IMPORT_MEMORY_ENTRIES sets as an export in the indented layout (one field a line) that
    every export file written before streamed import has: the layout import must still read."""
    import json

    from glutelog import catalog as catalog_mod
    from glutelog.storage.migrations import SCHEMA_VERSION

    years = -(-IMPORT_MEMORY_ENTRIES // (ENTRIES_PER_DAY * 365))
    entries, _ = _rows(years, today, catalog_mod.load())
    keys = ("at", "day", "exercise", "sets", "amount", "unit", "side", "pain", "note", "logged_at")
    keys += ("utc", "uid")  # the generator's rows as stored; an export has no utc (import makes it)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '{\n  "format": "glutelog-export",\n  "format_version": 1,\n'
            f'  "schema_version": {SCHEMA_VERSION},\n  "entries": ['
        )
        for number, row in enumerate(entries[:IMPORT_MEMORY_ENTRIES], 1):
            fields = dict(zip(keys, row, strict=True))
            del fields["utc"]
            record = json.dumps({"id": number, **fields}, indent=2)
            out.write(("\n" if number == 1 else ",\n") + "    " + record.replace("\n", "\n    "))
        out.write('\n  ],\n  "soreness": [],\n  "flags": [],\n  "settings": {}\n}\n')


def copy_db(source: str, target: str) -> None:
    """Copy with the backup API: a consistent copy whatever state the WAL is in."""
    for leftover in (target, target + "-wal", target + "-shm"):
        if os.path.exists(leftover):
            os.unlink(leftover)
    src = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)  # no -shm beside it
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def db_facts(path: str) -> dict:
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        entries = conn.execute("SELECT count(*) FROM entries").fetchone()[0]
        soreness = conn.execute("SELECT count(*) FROM soreness").fetchone()[0]
    finally:
        conn.close()
    return {"mib": os.path.getsize(path) / 2**20, "entries": entries, "soreness": soreness}


# --- measuring --------------------------------------------------------------------------------


class CommandFailed(Exception):
    """A benchmarked command exited non-zero: its timings would mean nothing."""


def run_once(argv: list[str], env: dict) -> float:
    """Wall time of one run, in seconds; raises CommandFailed on a non-zero exit."""
    started = time.perf_counter()
    result = subprocess.run(
        argv,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        detail = subprocess.run(argv, env=env, capture_output=True, text=True)
        raise CommandFailed(
            f"exit {result.returncode}; stdout: {detail.stdout[-1000:].strip()!r}; "
            f"stderr: {detail.stderr[-1000:].strip()!r}"
        )
    return elapsed


# Peak memory is read by a tiny helper interpreter that spawns the command and waits for it with
# os.wait4. Not from this process: subprocess starts children with vfork/posix_spawn, and Linux
# folds the spawning process's own peak RSS into the child's ru_maxrss at exec. This script holds
# the generated rows (100+ MiB), so every command would "peak" at that. The helper is a bare
# interpreter (~10 MiB), below any glutelog run, so the figure it reports is the command's own.
PROBE = """
import os, sys
null = os.open(os.devnull, os.O_RDWR)
dup = [(os.POSIX_SPAWN_DUP2, null, fd) for fd in (0, 1, 2)]
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ, file_actions=dup)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_mib(argv: list[str], env: dict) -> float:
    """Peak RSS of one run of `argv`, in MiB."""
    probe = subprocess.run([PYTHON, "-c", PROBE, *argv], env=env, capture_output=True, text=True)
    try:
        code, maxrss = (int(x) for x in probe.stdout.split())
    except ValueError:
        raise CommandFailed(f"memory probe failed: {probe.stderr[-1000:].strip()!r}") from None
    if code != 0:
        raise CommandFailed(f"exit {code} (memory run)")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    return maxrss / 2**20 if sys.platform == "darwin" else maxrss / 1024


def measure(argv: list[str], env: dict, runs: int, warmup: int) -> tuple[float, float]:
    """(median command seconds, median baseline seconds) from alternating pairs.

    Pairing makes both medians see the same machine state (CPU frequency, other load), which
    is what keeps the ratio steady when the milliseconds drift.
    """
    baseline_argv = [PYTHON, "-c", "pass"]
    for _ in range(warmup):
        run_once(baseline_argv, env)
        run_once(argv, env)
    base: list[float] = []
    command: list[float] = []
    for _ in range(runs):
        base.append(run_once(baseline_argv, env))
        command.append(run_once(argv, env))
    return statistics.median(command), statistics.median(base)


def measure_beside(argv: list[str], plain: list[str], env: dict, runs: int, prepare) -> tuple:
    """(median command seconds, median plain-script seconds) from alternating pairs, calling
    ``prepare(plain: bool)`` before every run (each run starts from the same files)."""
    base: list[float] = []
    command: list[float] = []
    for _ in range(runs):
        prepare(True)
        base.append(run_once(plain, env))
        prepare(False)
        command.append(run_once(argv, env))
    return statistics.median(command), statistics.median(base)


def whole_file_rows(years: int, cached: str, run_dir: str, env: dict, today: date):
    """The whole-file rows of issue 17 and 19, one at a time: export and import beside the
    plain scripts, check against its time limit, and the peak memory of import, `history` and
    `status` on files and databases built to be large."""
    work = os.path.join(run_dir, "whole.db")
    fresh = os.path.join(run_dir, "fresh.db")
    exported = os.path.join(run_dir, "export.json")
    lines = os.path.join(run_dir, "plain.jsonl")
    template = os.path.join(run_dir, "template.db")
    db_env = dict(env, GLUTELOG_DB=work)
    label = f"{years}y"

    def gone(*paths: str) -> None:
        for path in paths:
            for leftover in (path, path + "-wal", path + "-shm", path + "-journal"):
                if os.path.exists(leftover):
                    os.unlink(leftover)

    def row(command, target, target_text, cmd_s, base_s, mib, db=label, ratio=None):
        ratio = cmd_s / base_s if ratio is None else ratio
        slow = target is not None and ratio > target
        heavy = mib > WHOLE_FILE_MAX_MIB
        result = "FAIL" if slow else "PASS"
        if heavy:
            result = "FAIL (memory)" if not slow else "FAIL (+memory)"
        return {
            "command": command,
            "db": db,
            "target": target,
            "target_text": target_text,
            "everyday": False,
            "ms": cmd_s * 1000,
            "base_ms": base_s * 1000,
            "ratio": ratio,
            "mib": mib,
            "result": result,
        }

    copy_db(cached, work)
    subprocess.run([GLUTELOG, "check"], env=dict(env, GLUTELOG_DB=template), check=True,
                   capture_output=True)  # fmt: skip

    export_argv = [GLUTELOG, "export", "-o", exported]
    cmd_s, base_s = measure_beside(
        export_argv, [PYTHON, "-c", PLAIN_EXPORT, work, lines], db_env, WHOLE_FILE_RUNS,
        lambda _: gone(exported, lines),
    )  # fmt: skip
    gone(exported, lines)
    mib = peak_mib(export_argv, db_env)  # leaves the export that import reads
    run_once([PYTHON, "-c", PLAIN_EXPORT, work, lines], db_env)  # and the plain script's lines
    yield row("glutelog export -o FILE", EXPORT_MAX_RATIO, "<= 1.2x plain", cmd_s, base_s, mib)

    # The plain script's database: glutelog's tables and indexes, without the triggers.
    bare = os.path.join(run_dir, "bare.db")
    shutil.copyfile(template, bare)
    conn = sqlite3.connect(bare)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    conn.commit()
    conn.close()

    def fresh_copy(plain: bool = False) -> None:
        gone(fresh)
        shutil.copyfile(bare if plain else template, fresh)

    fresh_env = dict(env, GLUTELOG_DB=fresh)
    import_argv = [GLUTELOG, "import", exported]
    cmd_s, base_s = measure_beside(
        import_argv, [PYTHON, "-c", PLAIN_IMPORT, lines, fresh], fresh_env, WHOLE_FILE_RUNS,
        fresh_copy,
    )  # fmt: skip
    fresh_copy()
    mib = peak_mib(import_argv, fresh_env)
    yield row("glutelog import FILE (new database)", IMPORT_MAX_RATIO, "<= 2x plain", cmd_s,
              base_s, mib)  # fmt: skip

    check_argv = [GLUTELOG, "check"]
    cmd_s, base_s = measure(check_argv, db_env, WHOLE_FILE_RUNS, 1)
    mib = peak_mib(check_argv, db_env)
    yield row("glutelog check", CHECK_MAX_SECONDS, "<= 0.5 s", cmd_s, base_s, mib,
              ratio=cmd_s)  # fmt: skip
    gone(work, lines)

    indented = os.path.join(run_dir, "indented.json")
    write_indented_export(indented, today)
    fresh_copy()
    started = time.perf_counter()
    mib = peak_mib(import_argv[:2] + [indented], fresh_env)
    elapsed = time.perf_counter() - started
    yield row(f"glutelog import FILE ({IMPORT_MEMORY_ENTRIES // 1000}k sets, indented)", None,
              "memory", elapsed, nan, mib, db="file")  # fmt: skip
    gone(indented, fresh)

    crowded = build_crowded_db(today)
    copy_db(crowded, work)
    for argv in (["history"], ["status"]):
        started = time.perf_counter()
        mib = peak_mib([GLUTELOG, *argv], db_env)
        elapsed = time.perf_counter() - started
        yield row(f"glutelog {' '.join(argv)}", None, "memory", elapsed, nan, mib,
                  db=f"{CROWDED_ENTRIES // 1000}k")  # fmt: skip
    gone(work, template, bare)


# --- sync (issue 22) ---------------------------------------------------------------------------

# Catching up a whole history of another device: at most this many times `import` of the same
# records into a new database.
SYNC_CATCH_UP_MAX_RATIO = 2.0


def sync_rows(years: int, cached: str, run_dir: str, env: dict, catch_up: bool):
    """`sync` with nothing new (an everyday command: the start-up target), and, on the largest
    database, a new device catching up the whole history of another beside `import` of the
    same records into a new database, in alternating pairs."""
    share = os.path.join(run_dir, "share")
    shutil.rmtree(share, ignore_errors=True)
    os.makedirs(share)
    work = os.path.join(run_dir, f"sync-{years}y.db")
    copy_db(cached, work)
    db_env = dict(env, GLUTELOG_DB=work)
    argv = [GLUTELOG, "sync", share]
    run_once(argv, db_env)  # the first sync sends the whole log; the rows time what follows
    run_once(argv, db_env)
    cmd_s, base_s = measure(argv, db_env, 11, 2)
    mib = peak_mib(argv, db_env)
    ratio = cmd_s / base_s
    result = "FAIL" if ratio > 2.5 else "PASS"
    if mib > EVERYDAY_MAX_MIB:
        result = "FAIL (memory)" if result == "PASS" else "FAIL (+memory)"
    yield {"command": "glutelog sync DIR (nothing new)", "db": f"{years}y", "target": 2.5,
           "everyday": True, "ms": cmd_s * 1000, "base_ms": base_s * 1000, "ratio": ratio,
           "mib": mib, "result": result}  # fmt: skip
    if not catch_up:
        return
    template = os.path.join(run_dir, "sync-template.db")
    newcomer = os.path.join(run_dir, "sync-new.db")
    exported = os.path.join(run_dir, "sync-export.json")
    for leftover in (template, exported):
        if os.path.exists(leftover):
            os.unlink(leftover)
    subprocess.run([GLUTELOG, "check"], env=dict(env, GLUTELOG_DB=template), check=True,
                   capture_output=True)  # fmt: skip
    run_once([GLUTELOG, "export", "-o", exported], db_env)
    theirs = set(os.listdir(share))
    new_env = dict(env, GLUTELOG_DB=newcomer)

    def fresh(_plain: bool) -> None:
        for name in set(os.listdir(share)) - theirs:  # the newcomer's own folder of the last run
            shutil.rmtree(os.path.join(share, name))
        for leftover in (newcomer + "-wal", newcomer + "-shm"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        shutil.copyfile(template, newcomer)

    cmd_s, base_s = measure_beside(
        argv, [GLUTELOG, "import", exported], new_env, WHOLE_FILE_RUNS, fresh
    )
    fresh(False)
    mib = peak_mib(argv, new_env)
    ratio = cmd_s / base_s
    result = "FAIL" if ratio > SYNC_CATCH_UP_MAX_RATIO else "PASS"
    if mib > WHOLE_FILE_MAX_MIB:
        result = "FAIL (memory)" if result == "PASS" else "FAIL (+memory)"
    yield {"command": f"glutelog sync DIR (catching up {years} years)", "db": f"{years}y",
           "target": SYNC_CATCH_UP_MAX_RATIO, "target_text": "<= 2x import",
           "everyday": False, "ms": cmd_s * 1000, "base_ms": base_s * 1000, "ratio": ratio,
           "mib": mib, "result": result}  # fmt: skip
    for leftover in (template, newcomer, exported, work):
        if os.path.exists(leftover):
            os.unlink(leftover)
    shutil.rmtree(share, ignore_errors=True)


# --- the run ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=21, help="timed pairs per command (default 21)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed pairs first (default 3)")
    parser.add_argument("--years", default="1,20", help="database sizes in years (default 1,20)")
    parser.add_argument("--quick", action="store_true", help="7 pairs per command: a sanity check")
    parser.add_argument(
        "--out", default=DEFAULT_OUT, help="Markdown table (default bench/results.md)"
    )
    parser.add_argument(
        "--docs-only",
        action="store_true",
        help="measure nothing: copy bench/results.md into docs/performance.md and stop",
    )
    parser.add_argument(
        "--only", default="", help="only the commands whose label starts with this, e.g. report"
    )
    parser.add_argument(
        "--whole-file",
        choices=("yes", "no", "only"),
        default="yes",
        help="the whole-file rows (export, import, check, memory) on the largest database: "
        "yes (default), no, or only them",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 7
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    try:
        args.years = [int(y) for y in args.years.split(",") if y.strip()]
    except ValueError:
        parser.error("--years must be whole numbers separated by commas, e.g. 1,20")
    if not args.years or min(args.years) < 1:
        parser.error("--years must be whole numbers of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.docs_only:
        copy_into_docs(DEFAULT_OUT)
        print(f"copied {os.path.relpath(DEFAULT_OUT)} into {os.path.relpath(DOCS_PAGE)}")
        return 0
    if not os.path.exists(GLUTELOG):
        sys.exit(f"bench: no glutelog script at {GLUTELOG}; run `make bench` to set up the venv")
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    today = date.today()
    run_dir = os.path.join(CACHE_DIR, f"run-{os.getpid()}")
    os.makedirs(run_dir, exist_ok=True)
    # The catalog cache goes under bench/cache, for this process (build_db loads the catalog)
    # and for the commands, so the benchmark leaves the user's cache folder alone.
    os.environ["GLUTELOG_CACHE_DIR"] = os.path.join(CACHE_DIR, "catalog")
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # .pyc files are part of normal start-up
    env.pop("PYTHONPROFILEIMPORTTIME", None)

    rows: list[dict] = []
    facts: dict = {}
    floor_mib = peak_mib([PYTHON, "-c", "pass"], env)
    try:
        for years in args.years:
            cached = build_db(years, today)
            facts[years] = db_facts(cached)
            work = os.path.join(run_dir, f"{years}y.db")
            db_env = dict(env, GLUTELOG_DB=work)
            deep = (today - timedelta(days=365 * years // 2)).isoformat()
            for label, template, target, everyday in COMMANDS:
                if args.whole_file == "only" or not label.startswith(args.only):
                    continue
                # A fresh copy per command: each one sees history up to yesterday plus only its
                # own writes, not the ~75 sets the `done` rows before it logged today.
                copy_db(cached, work)
                argv = [GLUTELOG, *(part.format(deep=deep, work=work) for part in template)]
                row = {
                    "command": "glutelog " + label.replace("{deep}", deep).replace("{work}", "DB"),
                    "db": f"{years}y",
                    "target": target,
                    "everyday": everyday,
                }
                runs, warmup = (
                    (args.runs, args.warmup) if target else (min(args.runs, WHOLE_FILE_RUNS), 1)
                )
                try:
                    cmd_s, base_s = measure(argv, db_env, runs, warmup)
                    mib = peak_mib(argv, db_env)
                except CommandFailed as exc:
                    # Loudly, and on with the rest: one broken command should not hide the others.
                    print(f"bench: ERROR {row['command']} ({row['db']}): {exc}", file=sys.stderr)
                    row.update(ms=nan, base_ms=nan, ratio=nan, mib=nan, result="ERROR")
                else:
                    slow = target is not None and cmd_s / base_s > target
                    heavy = everyday and mib > EVERYDAY_MAX_MIB
                    result = "FAIL" if slow else ("PASS" if target else "info")
                    if heavy:
                        result = "FAIL (memory)" if not slow else "FAIL (+memory)"
                    row.update(
                        ms=cmd_s * 1000,
                        base_ms=base_s * 1000,
                        ratio=cmd_s / base_s,
                        mib=mib,
                        result=result,
                    )
                rows.append(row)
                print(_line(row), flush=True)
            if args.whole_file != "only" and "sync".startswith(args.only):
                try:
                    for row in sync_rows(
                        years, cached, run_dir, env, catch_up=years == max(args.years)
                    ):
                        rows.append(row)
                        print(_line(row), flush=True)
                except CommandFailed as exc:
                    print(f"bench: ERROR sync rows ({years}y): {exc}", file=sys.stderr)
        if args.whole_file != "no":
            years = max(args.years)
            try:
                for row in whole_file_rows(years, build_db(years, today), run_dir, env, today):
                    rows.append(row)
                    print(_line(row), flush=True)
            except CommandFailed as exc:
                print(f"bench: ERROR whole-file rows: {exc}", file=sys.stderr)
                rows.append({"command": "whole-file rows", "db": f"{years}y", "target": None,
                             "target_text": "-", "everyday": False, "ms": nan, "base_ms": nan,
                             "ratio": nan, "mib": nan, "result": "ERROR"})  # fmt: skip
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)

    elapsed = time.perf_counter() - started
    # Other work on the machine skews milliseconds more than ratios; show how busy it was.
    load = f"{load_before:.1f} -> {os.getloadavg()[0]:.1f}"
    header = _header(today, facts, args.runs, elapsed, floor_mib, load)
    table = _table(rows)
    print()
    print(header)
    print()
    print(table)
    targeted = [r for r in rows if r["target"] is not None or "target_text" in r]
    failed = [r for r in rows if r["result"] not in ("PASS", "info")]
    verdict = f"{len(targeted) - len(failed)}/{len(targeted)} PASS" + (
        f", {len(failed)} FAIL" if failed else ""
    )
    print(f"\n{verdict}")
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        handle.write(f"# glutelog start-up benchmark\n\n{header}\n\n{table}\n\n{verdict}\n")
    print(f"wrote {os.path.relpath(args.out)}")
    if os.path.abspath(args.out) == os.path.abspath(DEFAULT_OUT):
        copy_into_docs(args.out)
        print(f"copied it into {os.path.relpath(DOCS_PAGE)}")
    return 1 if failed else 0


def results_body(results: str) -> str:
    """The text of a results file without its title line."""
    return results.split("\n", 1)[1].strip() if results.startswith("# ") else results.strip()


def copy_into_docs(results_path: str, page: str = DOCS_PAGE) -> None:
    """Put the results file's table (without its title) between the page's markers."""
    with open(results_path, encoding="utf-8") as handle:
        body = results_body(handle.read())
    with open(page, encoding="utf-8") as handle:
        text = handle.read()
    before, rest = text.split(DOCS_START, 1)
    after = rest.split(DOCS_END, 1)[1]
    with open(page, "w", encoding="utf-8") as handle:
        handle.write(f"{before}{DOCS_START}\n{body}\n{DOCS_END}{after}")


def _line(row: dict) -> str:
    return (
        f"{row['command']:<52} {row['db']:>4} {row['ms']:8.1f} ms  base {row['base_ms']:6.1f} ms  "
        f"x{row['ratio']:5.2f} ({_target(row)})  {row['mib']:5.1f} MiB  "
        f"{row['result']}"
    )


def _target(row: dict) -> str:
    if "target_text" in row:
        return row["target_text"]
    return "whole file" if row["target"] is None else f"<= {row['target']:g}"


def _header(
    today: date, facts: dict, runs: int, elapsed: float, floor_mib: float, load: str
) -> str:
    dbs = "; ".join(
        f"{years}y: {f['mib']:.1f} MiB, {f['entries']} entries, {f['soreness']} soreness"
        for years, f in facts.items()
    )
    return (
        f"{today.isoformat()} · Python {platform.python_version()} · "
        f"SQLite {sqlite3.sqlite_version} · {platform.machine()}, {os.cpu_count()} CPUs · "
        f"{runs} pairs per row · {elapsed:.0f} s · load average {load}  \n"
        f"Databases: {dbs}  \n"
        f"Ratio = median(command) / median(`python -c pass`), alternating pairs in one run. "
        f"Peak MiB = ru_maxrss of one run (`python -c pass`: {floor_mib:.1f} MiB); everyday "
        f"commands (*) must also stay <= {EVERYDAY_MAX_MIB:g} MiB.  \n"
        f"Whole-file rows: baseline = a plain Python script doing the same work without checks "
        f"(JSON lines out, or in with one transaction), in alternating pairs; `check`'s ratio "
        f"column is its median seconds; memory rows take one run, and every whole-file row "
        f"must stay <= {WHOLE_FILE_MAX_MIB:g} MiB."
    )


def _table(rows: list[dict]) -> str:
    lines = [
        "| command | db | median ms | baseline ms | ratio | target | peak MiB | result |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        star = " *" if r["everyday"] else ""
        lines.append(
            f"| `{r['command']}`{star} | {r['db']} | {r['ms']:.1f} | {r['base_ms']:.1f} | "
            f"{r['ratio']:.2f} | {_target(r)} | {r['mib']:.1f} | {r['result']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
