"""Shared fixtures: every test gets its own database, app folder and catalog cache."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from glutelog import catalog as catalog_mod
from glutelog import paths
from glutelog.cli.typer_app import app
from glutelog.output import terminal

# --- generated tests: a share of their examples here, all of them in `make stress` ----------------

HELPERS = Path(__file__).parent / "helpers"


def load_helper(name: str):
    """A module from tests/helpers (they are also run as scripts, so they are not a package)."""
    spec = importlib.util.spec_from_file_location(f"glutelog_test_{name}", HELPERS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_examples = load_helper("examples")
examples = _examples.examples

# No deadline and no "too slow" check anywhere: how fast a machine draws examples is never what
# a test asserts, and a loaded machine must not fail a good change. `make test` draws from a fixed
# seed; `make stress` (GLUTELOG_FULL_EXAMPLES=1) draws afresh each run.
settings.register_profile(
    "glutelog", deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None,
    derandomize=not _examples.FULL, print_blob=True,
)  # fmt: skip
settings.load_profile("glutelog")


def generated(item) -> bool:
    """Whether a collected test is a Hypothesis test (a @given function or a state machine)."""
    from unittest import TestCase

    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return True
    cls = getattr(item, "cls", None)
    return (
        cls is not None
        and issubclass(cls, TestCase)
        and any(base.__module__ == "hypothesis.stateful" for base in cls.__mro__)
    )


def pytest_configure(config):
    """Ctrl-C heard as Ctrl-C, however the suite was started. A script that starts it in the
    background (``nohup make test &``) hands it Ctrl-C ignored, and every test process and every
    `glutelog` the tests start would inherit that: the tests of Ctrl-C then failed."""
    import signal

    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if generated(item):
            item.add_marker(pytest.mark.generated)


@pytest.fixture(autouse=True, scope="session")
def typer_app_built_once():
    """The Typer app as a click command, built once for the whole run. Typer builds it afresh
    on every call (the CliRunner, `app(...)`), which a real run does once per process; in a test
    process that runs the app thousands of times, building it was most of each command's time.
    The command holds no state between calls: each call makes its own click context."""
    import typer.main
    import typer.testing

    real = typer.main.get_command
    built: dict[int, object] = {}

    def get_command(typer_instance):
        key = id(typer_instance)
        if key not in built:
            built[key] = (typer_instance, real(typer_instance))  # keeps the id taken
        return built[key][1]

    typer.main.get_command = typer.testing._get_command = get_command
    yield
    typer.main.get_command = typer.testing._get_command = real


@pytest.fixture(autouse=True, scope="session")
def builtin_catalog_read_once():
    """The built-in catalog read and checked once per test process. Every test has a cache
    folder of its own, so each command would otherwise read the catalog cold: parsing and
    checking it was a third of an in-process command's time. Each caller gets its own copy,
    as from the cache on disk; a user's catalog file is always read and checked afresh, and
    so is a built-in catalog whose file changed."""
    import marshal

    real = catalog_mod.build
    made: dict = {}

    def build(builtin, user=None, text=None):
        if user is not None or text is not None:
            return real(builtin, user, text)
        info = os.stat(builtin)
        key = (builtin, info.st_mtime_ns, info.st_size)
        if key not in made:
            found = real(builtin)
            made[key] = marshal.dumps((found.exercises, found.routine, found.names))
        return catalog_mod.Catalog(*marshal.loads(made[key]))

    catalog_mod.build = build
    yield
    catalog_mod.build = real


@pytest.fixture(autouse=True, scope="session")
def schemas_made_once():
    """The schema each version should have, made once per test process. glutelog makes it
    (the migrations run on an empty database in memory) to check a file it has not seen
    before, which a real run does once; here nearly every test opens a file never seen."""
    from glutelog.storage import migrations

    real = migrations.schema_at
    made: dict = {}

    def schema_at(version: int) -> dict:
        key = tuple(migrations.STEPS[:version])  # a changed list of steps is made again
        if key not in made:
            made[key] = real(version)
        return {table: list(columns) for table, columns in made[key].items()}

    migrations.schema_at = schema_at
    yield
    migrations.schema_at = real


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Point the database, the app folder and the cache at a temporary folder."""
    monkeypatch.setenv("GLUTELOG_DB", str(tmp_path / "glutelog.db"))
    monkeypatch.setenv("GLUTELOG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


@pytest.fixture(autouse=True, scope="session")
def wide_layout():
    """Tests run in-process read what is said, a sentence to a line; how text is laid out for a
    terminal's width is tested through real terminals (test_terminal.py). Session-wide, so
    module fixtures that log a history read it the same way."""
    before = terminal.width()
    terminal.set_layout(10_000)
    yield
    terminal.set_layout(before)


@pytest.fixture(autouse=True)
def wide_layout_again(wide_layout):
    # a test that runs the entry point in-process lets it decide for a pipe: 80 columns
    terminal.set_layout(10_000, framed_=False)


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "glutelog.db")


@pytest.fixture
def cli():
    """Run the Typer app: ``cli("done", "bridge", "12")`` returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


# --- subprocess tests: the real console script ---------------------------------------------------

GLUTELOG = shutil.which("glutelog", path=os.path.dirname(sys.executable))
CLI = [GLUTELOG] if GLUTELOG else [sys.executable, "-m", "glutelog"]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> str:
    """One warm catalog cache for every subprocess (it is keyed on the catalog files)."""
    return str(tmp_path_factory.mktemp("catalog-cache"))


@pytest.fixture
def env(cache_dir, tmp_path) -> dict:
    """Environment for subprocesses: no default database, private config and cache folders."""
    environ = dict(os.environ)
    environ.pop("GLUTELOG_DB", None)
    environ["GLUTELOG_CACHE_DIR"] = cache_dir
    environ["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    environ["PYTHONDONTWRITEBYTECODE"] = "1"
    return environ


@pytest.fixture(scope="session")
def catalog():
    return catalog_mod.build(paths.builtin_catalog())


def installed_copy(tmp_path) -> Path:
    """glutelog installed plainly (not editable) into a fresh folder, as a user would have it.

    It is built from a copy of the sources, so that two test processes building at once never
    share a build folder."""
    root = Path(__file__).parent.parent
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(root / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("glutelog", "data"):
        shutil.copytree(root / name, source / name, ignore=ignore)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), str(source)],
        check=True, capture_output=True,
    )  # fmt: skip
    return target


def ok(result):
    """A CliRunner result that succeeded (the output is shown when it did not)."""
    assert result.exit_code == 0, result.output
    return result


def fail(result, code=2):
    """A CliRunner result that failed with ``code`` and one ``glutelog:`` line on stderr."""
    assert result.exit_code == code, result.output
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("glutelog: ")
    return result


def rows(db: str, sql: str) -> list:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def dump(db: str) -> list:
    """Everything a user has stored, to prove a failed command changed nothing."""
    try:
        return [
            rows(db, "SELECT * FROM entries ORDER BY id"),
            rows(db, "SELECT * FROM soreness ORDER BY id"),
            rows(db, "SELECT * FROM settings ORDER BY key"),
            rows(db, "SELECT * FROM flags ORDER BY id"),
        ]
    except sqlite3.OperationalError:
        return []


def entry(
    day: date, exercise: str, sets: int = 1, amount=12, unit="reps", side=None, hour=8
) -> dict:
    """A history entry as the store returns it, for planner and report tests."""
    at = datetime(day.year, day.month, day.day, hour).isoformat()
    return {"id": 0, **new_entry(day.isoformat(), exercise, sets, amount, unit, side, at=at)}


def new_entry(
    day: str,
    exercise: str = "glute-bridge",
    sets: int = 1,
    amount=12,
    unit: str = "reps",
    side=None,
    at: str | None = None,
    note: str | None = None,
) -> dict:
    """A row for ``Store.add_entry``: one set logged on ``day`` (ISO), at 08:00 UTC unless ``at``."""
    return {
        "at": at or f"{day}T08:00:00+00:00",
        "day": day,
        "exercise": exercise,
        "sets": sets,
        "amount": amount,
        "unit": unit,
        "side": side,
        "pain": None,
        "note": note,
    }


@contextlib.contextmanager
def tmpfs(size: str = "4m"):
    """A fresh tmpfs mounted on a temporary folder (root only); skips when it cannot mount."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = shutil.which("mount")
    if mount is None:
        pytest.skip("no mount command")
    point = tempfile.mkdtemp(prefix="glutelog-tmpfs-")
    result = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={size}", "tmpfs", point], capture_output=True
    )
    if result.returncode != 0:
        os.rmdir(point)
        pytest.skip(
            f"cannot mount a tmpfs here: {result.stderr.decode('utf-8', 'replace').strip()}"
        )
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", point], capture_output=True)
        os.rmdir(point)


def score(day: date, value: int, timing: str = "morning") -> dict:
    return {
        "id": 0,
        "at": day.isoformat(),
        "day": day.isoformat(),
        "score": value,
        "timing": timing,
        "side": None,
        "note": None,
    }


# --- planner scenarios: a history built back from one fixed day ----------------------------------

PLAN_TODAY = date(2026, 11, 24)  # a Tuesday: the day the planner's scenario tests plan


def back(days: int) -> date:
    """The day ``days`` before PLAN_TODAY."""
    return PLAN_TODAY - timedelta(days=days)


def items(plan) -> dict:
    """A plan's items by exercise."""
    return {i["exercise"]: i for i in plan["items"]}


def dose(plan, slug):
    """(sets, amount) the plan gives ``slug``."""
    item = items(plan)[slug]
    return item["sets"], item["amount"]


def mornings(value: int, days: int, last: int = 0) -> list:
    """A morning score of ``value`` on each of ``days`` days ending ``last`` days ago."""
    return [score(back(b), value) for b in range(last, last + days)]


@pytest.fixture
def clock_at(monkeypatch):
    """Pin the commands' clock: ``clock_at(instant)``; every command then takes ``instant``
    as now, so a test built around "today" cannot see the day change under it at midnight."""
    from datetime import datetime as real

    from glutelog.commands import session

    def pin(instant):
        class Pinned(real):
            @classmethod
            def now(cls, tz=None):
                return instant.astimezone(tz) if tz is not None else instant.replace(tzinfo=None)

        monkeypatch.setattr(session, "datetime", Pinned)
        return instant

    return pin
