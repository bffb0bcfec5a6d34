"""The fast dispatcher and the Typer app must be indistinguishable to a user."""

import os
import shlex
import sqlite3
import subprocess
import sys

import pytest
from conftest import new_entry, rows

from glutelog.cli import dispatch, typer_app
from glutelog.storage import database
from glutelog.storage.opening import open_store

PARAM_TO_ACTION = {"date": "day", "json": "as_json", "format": "fmt"}


def typer_params(command_name):
    import typer.main

    command = typer.main.get_command(typer_app.app)
    for word in command_name.split():
        command = command.commands[word]
    options, arguments = {}, []
    for param in command.params:
        if param.param_type_name == "argument":
            name = PARAM_TO_ACTION.get(param.name, param.name)
            arguments.append(f"*{name}" if param.nargs == -1 else name)  # takes every word left
        elif "--help" not in param.opts:
            for opt in param.opts:
                options[opt] = (PARAM_TO_ACTION.get(param.name, param.name), param.is_flag)
    return arguments, options


@pytest.mark.parametrize("command", sorted(dispatch.SHAPES))
def test_fast_shapes_match_the_typer_commands(command):
    names, required, options, flags = dispatch.SHAPES[command]
    arguments, typer_options = typer_params(command)
    assert list(names) == arguments
    mine = {opt: (key, False) for opt, key in options.items()} | {
        opt: (key, True) for opt, key in flags.items()
    }
    assert mine == typer_options


CORPUS = [
    "done bridge 12",
    "done bridge 3x12",
    "done Glute_Bridge 12 --pain 3",
    "done pigeon 30s --side left",
    "done pigeon --side=right",
    "done band-walk 2",
    "done ice 15min",
    "done run 8km --note 'easy loop'",
    "done run 45min --at yesterday",
    "done clams 15 --sets 2 --at '2 days ago'",
    "done -- bridge 12",
    "done rest",
    "sore 4",
    "sore 4 --morning",
    "sore 6 --after --side left --note sharp",
    "sore 2 --at 'mon 7am'",
    "plan",
    "plan --json",
    "plan --date yesterday",
    "plan --schedule alternate",
    "report",
    "report --json",
    "report --week 'last monday'",
    "report --year",
    "report --year --json",
    "report --weeks 12",
    "report --weeks 2 --ascii",
    "report --month",
    "report --month --json",
    "report --month 2026-11 --format csv",
    "report --month nov --format markdown",
    "report --since 2026-11-01 --until 2026-11-10",
    "report --format csv",
    "report --format=json",
    "history",
    "history --json",
    "history --since '30 days ago' --exercise bridge",
    "history --since 2026-11-01 --until 2026-11-03",
    "history --until 2026-11-10",
    "history --since 2026-11-01 --kind stretch",
    "history --since 2026-11-01 --format csv",
    "history --since 2026-11-01 --format json --kind cross-training",
    "history --format xml",
    "history --json --format csv",
    "history --kind dance",
    "history --since 2026-11-04 --until 2026-11-02",
    "flag",
    "flag saddle",
    "flag numb saddle area --note 'since lunch'",
    "flag 'foot drop' --at yesterday",
    "flag can\\'t control my bladder",
    "flag tingling pigeon",
    "flag --clear",
    "flag --clear saddle",
    "done pigeon 30s --tingling",
    "done bridge 12 --tingling --side left",
    # bad input: same message and code from both paths
    "done nosuch 12",
    "done step 12",
    "done bridge 0",
    "done bridge 5000",
    "done bridge twelve",
    "done bridge 12 --pain 11",
    "done bridge 12 --at tomorrow",
    "done bridge 12 --side left",
    "done bridge 12 13",
    "done",
    "done bridge 12 --pain",
    "done bridge 12 --pain 2 --pain 3",
    "done bridge -3",
    "sore 11",
    "sore abc",
    "sore 4 --morning --after",
    "sore",
    "plan --date someday",
    "plan --schedule weekly",
    "plan --verbose",
    "report --week never",
    "report --year --week monday",
    "report --year=yes",
    "report --html week.html --json",
    "report --html week.html --format csv",
    "report --html ''",
    "report --weeks 2 --month",
    "report --until today",
    "report --json --format csv",
    "report --format xml",
    "report --month someday",
    "history --exercise nosuch",
    "flag tingling",
    "flag tingling moonwalk",
    "flag numb",
    "flag purple elephants",
    "flag saddle --at tomorrow",
    "flag --clear --note seen",
    "flag saddle --clear=yes",
    "done bridge 12 --help",
    "undo",
    "rm 1",
    "rm s1",
    "rm 99",
    "edit 1 --amount 15 --note changed",
    "edit 1 --side left",
    "edit 2 --side left --pain 3",
    "edit 1",
    "export",
    "export --format csv",
    "export --format xml",
    "import missing.json",
    "check",
    "where",
    "exercises",
    "exercises --kind stretch",
    "exercises show pigeon",
    "exercises show nosuch",
    "rules",
    "rules --db x.db",
    "--version",
    "config",
    "config --json",
    "config side",
    "config side left",
    "config side left --json",
    "config long-run 90 min 15 km",
    "config long-run '100 min' --json 20km",
    "config --unset side",
    "config older_adult ON",
    "config side up",
    "config sid left",
    "config strength-days mon",
    "config side --unset side",
    "config long-run -5min",
    "plan --schedule maintenance",
    "status",
    "status --json",
    "status --db other.db",
    "status --verbose",
    "status extra",
    "exercises --json",
    "exercises --kind release --json",
    "exercises show clams --json",
    "rules --json",
    "where --json",
    "check --json",
    "flag --json",
    "flag saddle --json",
    "flag --clear --json",
    # (done --json and sore --json print the moment they stored, which moves between the two
    # runs: their JSON is tested in test_output.py, their shapes above)
    "undo --json",
    "rm 2 --json",
    "rm s9 --json",
    "edit 1 --amount 14 --json",
    # typed as people talk: names and amounts in several words, negative numbers as values
    "done tennis ball 25 sec",
    "done figure 4",
    "done band walk 2 lengths --side left",
    "done bridge 3 sets of 12",
    "done run 20km in 105min",
    "done side 12",
    "done bridge 3 sets of twelve",
    "sore -1",
    "sore -3 --morning",
    "done bridge 12 --pain -2",
]


def seeded(path):
    """A database with a little history, so plans and reports have something to show."""
    store = open_store(path)
    for day, slug, amount, unit in [
        ("2026-11-02", "glute-bridge", 12, "reps"),
        ("2026-11-03", "pigeon", 30, "seconds"),
        ("2026-11-04", "run", 8, "km"),
    ]:
        store.add_entry({"at": f"{day}T07:00:00+00:00", "day": day, "exercise": slug, "sets": 2, "amount": amount,
                         "unit": unit, "side": "both" if unit == "seconds" else None, "pain": None, "note": None})  # fmt: skip
    store.close()


def snapshot(path):
    return [
        rows(
            path,
            "SELECT id, day, exercise, sets, amount, unit, side, pain, note FROM entries ORDER BY id",
        ),
        rows(path, "SELECT id, day, score, timing, side, note FROM soreness ORDER BY id"),
        rows(path, "SELECT * FROM settings"),
        rows(path, "SELECT id, day, symptom, exercise, note, cleared_day FROM flags ORDER BY id"),
    ]


def restore(base, path):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.unlink(path + suffix)
    src, dst = sqlite3.connect(base), sqlite3.connect(path)
    src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture(scope="module")
def seeded_base(tmp_path_factory) -> str:
    """The seeded database, made once; each run of a line starts from a copy of it."""
    base = str(tmp_path_factory.mktemp("seeded") / "base.db")
    seeded(base)
    return base


@pytest.mark.parametrize("line", CORPUS)
def test_both_paths_give_the_same_output_code_and_rows(
    line, seeded_base, tmp_path, capsys, monkeypatch
):
    base, path = seeded_base, str(tmp_path / "glutelog.db")
    monkeypatch.setenv("GLUTELOG_DB", path)
    argv = shlex.split(line)
    results = []
    for path_name in ("fast", "typer"):
        restore(base, path)
        capsys.readouterr()
        if path_name == "fast":
            code = dispatch.run(argv)
            if code is None:  # declined: must then be something only Typer handles
                assert line in DECLINED, f"fast path declined {line!r}"
                return
            assert line not in DECLINED, f"fast path handled {line!r}"
        else:
            code = typer_app.run_cli(argv)
        out, err = capsys.readouterr()
        results.append((code, out, err, snapshot(path)))
    assert results[0] == results[1]


DECLINED = {
    "flag saddle --clear=yes",
    "done",
    "done bridge 12 --pain",
    "done bridge 12 --pain 2 --pain 3",
    "sore",
    "plan --verbose",
    "report --year=yes",
    "done bridge 12 --help",
    "status --verbose",
    "status extra",
}


def test_declined_lines_still_fail_cleanly_through_typer(tmp_path, capsys):
    for line in sorted(DECLINED - {"done bridge 12 --help", "done bridge 12 --pain 2 --pain 3"}):
        code = typer_app.run_cli(shlex.split(line))
        err = capsys.readouterr().err
        assert code == 2, line
        assert len(err.splitlines()) == 1 and err.startswith("glutelog: "), (line, err)


HEAVY = {
    "typer", "click", "sqlite_utils", "dateutil", "rich", "pydantic", "tomllib", "json", "re",
    "difflib", "pathlib", "typing", "dataclasses", "enum", "argparse", "importlib.metadata",
    "icalendar", "tomlkit",
    "jinja2", "markupsafe", "pygal", "cryptography", "hashlib",
    # the Python layers over the C modules glutelog.stdlib loads (an eighth of a start-up)
    "datetime", "sqlite3",
}  # fmt: skip

GUARD = """
import sys
before = set(sys.modules)
from glutelog.cli.entry import main
code = main(sys.argv[1:])
added = sorted(set(sys.modules) - before)
sys.stdout.write("\\nMODULES " + " ".join(added) + "\\n")
sys.exit(code)
"""

EVERYDAY = [
    "done bridge 12",
    "done pigeon 30s --side left --pain 3",
    "sore 4 --morning",
    "plan",
    "report",
    "report --week 2026-01-05",
    "report --year",
    "report --year --json",
    "report --weeks 3 --json",
    "report --weeks 12",
    "report --month",
    "report --format csv",
    "report --format markdown",
    "history --since '30 days ago'",
    "history --until yesterday --kind strength",
    "config",
    "config side left",
    "flag",
    "flag saddle",
    "flag --clear",
    "done run 20km 105min",
    "done tennis ball 25 sec",
    "done bridge 3 sets of 12",
    "sore 5 --after --note 'numb saddle'",
    "flag trouble peeing",
    "flag my foot tingles",
    "flag had surgery 6 weeks ago",
    'done bridge 12 --note "can\'t pee"',
    "sore 3 --after --note 'left foot tingles'",
    "plan --explain",
    "status",
    "status --db missing.db",
]


def test_everyday_commands_do_not_import_heavy_modules(tmp_path):
    """Start-up cost is imports: the hot path must not pull in Typer, sqlite-utils, dateutil...

    Deterministic: it inspects sys.modules, not the clock.
    """
    env = {
        **os.environ,
        "GLUTELOG_DB": str(tmp_path / "g.db"),
        "GLUTELOG_CACHE_DIR": str(tmp_path / "c"),
    }
    subprocess.run(
        [sys.executable, "-m", "glutelog", "plan"], env=env, check=True, capture_output=True
    )
    for line in EVERYDAY:
        out = subprocess.run(
            [sys.executable, "-c", GUARD, *shlex.split(line)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, (line, out.stderr)
        added = set(out.stdout.rsplit("MODULES ", 1)[1].split())
        heavy = {m for m in added if m in HEAVY or m.split(".")[0] in HEAVY}
        assert not heavy, f"{line!r} imported {sorted(heavy)}"


def test_the_installed_command_runs(tmp_path):
    """The console script the README installs, in a subprocess, end to end."""
    script = os.path.join(os.path.dirname(sys.executable), "glutelog")
    env = {
        **os.environ,
        "GLUTELOG_DB": str(tmp_path / "g.db"),
        "GLUTELOG_CACHE_DIR": str(tmp_path / "c"),
    }

    def run(*args):
        return subprocess.run([script, *args], env=env, capture_output=True, text=True)

    first = run("plan")
    assert first.returncode == 0 and "Stretch and release" in first.stdout
    assert "not medical advice" in first.stderr
    logged = run("done", "bridge", "12")
    assert logged.returncode == 0 and logged.stdout.startswith(
        "Logged #1: Glute bridge 1 x 12 reps."
    )
    bad = run("sore", "eleven")
    assert bad.returncode == 2 and bad.stdout == "" and len(bad.stderr.splitlines()) == 1
    assert "Traceback" not in bad.stderr
    helped = run("--help")
    assert helped.returncode == 0 and "done" in helped.stdout


def test_the_installed_command_ends_with_everything_written(tmp_path, capsys):
    """The console script ends the fast path without the interpreter's teardown: what it printed
    must all arrive, through a pipe and into a file, as main() prints it; so must an error line,
    and a command run by the Typer app ends as usual."""
    from glutelog.cli.entry import main

    db = str(tmp_path / "g.db")
    store = open_store(db)
    try:
        # about 200 kB of CSV, many times a pipe's buffer, written in one transaction
        store.write(
            lambda conn: [
                database._insert(
                    conn, "entries", new_entry("2026-11-20", note=f"set {i} " + "x" * 40)
                )
                for i in range(3000)
            ]
        )
    finally:
        store.close()
    script = os.path.join(os.path.dirname(sys.executable), "glutelog")
    env = {**os.environ, "GLUTELOG_DB": db, "GLUTELOG_CACHE_DIR": str(tmp_path / "c")}
    line = ["history", "--since", "2026-11-01", "--until", "2026-11-30", "--format", "csv"]
    line += ["--db", db]
    assert main(line) == 0
    expected = capsys.readouterr().out
    assert expected.count("\n") > 3000
    # Compared byte for byte: CSV lines end in CRLF, which text mode would turn into LF.
    piped = subprocess.run([script, *line], env=env, capture_output=True)
    assert (piped.returncode, piped.stdout.decode(), piped.stderr) == (0, expected, b"")
    target = tmp_path / "out.csv"
    with open(target, "w") as handle:
        filed = subprocess.run([script, *line], env=env, stdout=handle, stderr=subprocess.PIPE)
    assert filed.returncode == 0 and target.read_bytes().decode() == expected
    # export streams straight to stdout rather than through errors.deliver
    assert main(["export", "--format", "csv", "--db", db]) == 0
    exported = capsys.readouterr().out
    streamed = subprocess.run([script, "export", "--format", "csv"], env=env, capture_output=True)
    assert streamed.returncode == 0 and streamed.stdout.decode() == exported
    assert len(exported) > 100_000
    bad = subprocess.run([script, "sore", "11"], env=env, capture_output=True, text=True)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "glutelog: soreness must be from 0 to 10, got 11\n"
    typer = subprocess.run([script, "where"], env=env, capture_output=True, text=True)
    assert typer.returncode == 0 and db in typer.stdout


@pytest.mark.parametrize(
    "line", ["", "--help", "-h", "done --help", "report -h", "exercises show --help", "go --help"]
)
def test_help_is_typers_own_text_whether_cached_or_not(line, capsys):
    from glutelog.cli.entry import main

    argv = shlex.split(line)
    assert typer_app.run_cli(argv) == 0
    typer_text = capsys.readouterr().out
    assert typer_text.startswith("Usage: glutelog")
    assert dispatch.run(argv) is None  # nothing cached yet: Typer renders it
    assert main(argv) == 0
    assert capsys.readouterr().out == typer_text
    assert dispatch.run(argv) == 0  # now served from the cache, without Typer
    assert capsys.readouterr().out == typer_text


def test_a_report_without_warning_signs_does_not_load_their_reader(tmp_path):
    """Most periods hold no flag: the warning-sign module (one of the largest) stays unloaded,
    which keeps a 12-week review near the everyday commands' start-up."""
    env = {
        **os.environ,
        "GLUTELOG_DB": str(tmp_path / "g.db"),
        "GLUTELOG_CACHE_DIR": str(tmp_path / "c"),
    }
    subprocess.run(
        [sys.executable, "-m", "glutelog", "done", "bridge", "12"],
        env=env,
        check=True,
        capture_output=True,
    )
    for line in ("report", "report --weeks 12", "report --month"):
        out = subprocess.run(
            [sys.executable, "-c", GUARD, *shlex.split(line)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0, (line, out.stderr)
        added = set(out.stdout.rsplit("MODULES ", 1)[1].split())
        assert "glutelog.planner.redflags" not in added, line
