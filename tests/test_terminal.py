"""Output that fits the terminal it is shown in: wrapped to its width (80 when it is not a
terminal) between words with hanging indents, headings and warnings emphasised, colour as the
environment asks. Shown through a real pseudo-terminal of 60, 100 and 140 columns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pexpect
import pytest
from conftest import CLI

ESC = "\x1b"
SGR = re.compile(r"\x1b\[[0-9;]*m")
WIDTHS = [60, 100, 140]
LONG_NOTE = (
    "felt a pull on the left side when the band slipped off my knee halfway through the "
    "second set, otherwise fine and the clamshells went well"
)


def glutelog(env, *args):
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, check=True)


@pytest.fixture
def tty_env(env):
    """A colour terminal, with no width or colour wishes of its own in the environment."""
    environ = {k: v for k, v in env.items() if k not in ("NO_COLOR", "COLUMNS", "FORCE_COLOR")}
    environ.pop("CLICOLOR_FORCE", None)
    environ["TERM"] = "xterm-256color"
    return environ


@pytest.fixture(scope="module")
def made(tmp_path_factory, cache_dir) -> dict:
    """The databases the tests show, logged once for the module through the real command:
    {name: path}. Each test works on its own copy."""
    folder = tmp_path_factory.mktemp("terminal")
    environ = {k: v for k, v in os.environ.items() if k != "GLUTELOG_DB"}
    environ.update(GLUTELOG_CACHE_DIR=cache_dir, XDG_CONFIG_HOME=str(folder / "config"))
    logged, paused = str(folder / "g.db"), str(folder / "paused.db")
    # a day with a morning score and sets, one with a long note
    glutelog(environ, "sore", "3", "--morning", "--db", logged)
    glutelog(environ, "done", "bridge", "12", "--db", logged)
    glutelog(environ, "done", "clamshell", "15", "--note", LONG_NOTE, "--db", logged)
    # a paused plan
    glutelog(environ, "done", "bridge", "12", "--db", paused)
    glutelog(environ, "flag", "saddle", "--db", paused)
    return {"g.db": logged, "paused.db": paused}


def copied(made: dict, name: str, folder) -> str:
    path = str(folder / name)
    shutil.copyfile(made[name], path)
    return path


@pytest.fixture
def logged(made, tmp_path) -> str:
    """A day with a morning score, sets (one with a long note) and a paused database beside it."""
    return copied(made, "g.db", tmp_path)


@pytest.fixture
def paused(made, tmp_path) -> str:
    return copied(made, "paused.db", tmp_path)


def in_tty(env, args, columns: int, rows: int = 50) -> str:
    """What the command shows on a terminal ``columns`` wide, line ends as ``\\n``."""
    child = pexpect.spawn(
        CLI[0], [*CLI[1:], *args], env=env, encoding="utf-8", dimensions=(rows, columns)
    )
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0, (args, child.before)
    return child.before.replace("\r\n", "\n")


def plain(text: str) -> str:
    return SGR.sub("", text)


def words(text: str) -> set:
    """The words shown, without the edges of frames (which are as wide as the terminal)."""
    return {word for word in plain(text).split() if word.strip("─┌┐└┘│")}


COMMANDS = [
    ["plan"],
    ["plan", "--explain"],
    ["report"],
    ["history"],
    ["flag"],
    ["config"],
    ["rules"],
]


@pytest.mark.parametrize("columns", WIDTHS)
def test_every_line_fits_the_terminal_and_no_word_is_cut(tty_env, logged, paused, columns):
    wide_env = {**tty_env, "COLUMNS": "1000"}
    runs = [[*args, "--db", logged] for args in COMMANDS]
    runs += [["flag", "--db", paused], ["report", "--db", paused], ["plan", "--db", paused]]
    dictionary = set()
    for args in runs:
        dictionary |= words(glutelog(wide_env, *args).stdout)
    for args in runs:
        shown = in_tty(tty_env, args, columns)
        too_long = [line for line in plain(shown).split("\n") if len(line) > columns]
        assert not too_long, (args, columns, too_long)
        cut = words(shown) - dictionary
        assert not cut, (args, columns, cut)


@pytest.mark.parametrize("columns", WIDTHS)
def test_a_wide_terminal_is_used_to_its_width(tty_env, logged, columns):
    shown = plain(in_tty(tty_env, ["history", "--db", logged], columns))
    note = next(line for line in shown.split("\n") if "Clamshell" in line)
    # the note's line fills the terminal, not a fixed 100 columns
    assert columns - 12 <= len(note) <= columns


def test_wrapped_lines_hang_under_their_first(tty_env, logged, paused):
    shown = plain(in_tty(tty_env, ["history", "--db", logged], 60)).split("\n")
    start = next(i for i, line in enumerate(shown) if "Clamshell" in line)
    assert shown[start + 1].startswith("  ") and not shown[start + 1].startswith("   #")
    assert "halfway" in " ".join(shown[start : start + 3])
    report = plain(in_tty(tty_env, ["report", "--db", logged], 60)).split("\n")
    start = report.index("Is it helping?")
    statements = report[start + 1 : report.index("", start)]
    assert len(statements) > 4  # wrapped
    assert all(line.startswith("  ") for line in statements)
    assert any(line.startswith("    ") for line in statements)  # the hanging lines


def test_a_command_to_type_is_never_split_over_two_lines(tty_env, paused):
    for columns in WIDTHS:
        shown = plain(in_tty(tty_env, ["plan", "--db", paused], columns))
        assert "glutelog flag --clear" in shown, columns


def test_output_in_a_pipe_is_laid_out_for_80_columns(tty_env, logged):
    shown = glutelog(tty_env, "history", "--db", logged).stdout
    assert max(len(line) for line in shown.split("\n")) <= 80
    assert any(len(line) > 70 for line in shown.split("\n"))


def test_data_is_never_wrapped(tty_env, logged):
    # JSON, the path of `where` and the status line are read by programs
    narrow = {**tty_env, "COLUMNS": "20"}
    shown = glutelog(narrow, "history", "--json", "--db", logged).stdout
    assert f'"note": "{LONG_NOTE}"' in shown
    assert "\n" not in glutelog(narrow, "status", "--db", logged).stdout.strip()
    path = glutelog(narrow, "where", "--db", logged).stdout.strip()
    assert path == logged


# --- emphasis -----------------------------------------------------------------------------------


def test_headings_are_bold_on_a_terminal(tty_env, logged):
    report = in_tty(tty_env, ["report", "--db", logged], 100)
    assert f"{ESC}[1mIs it helping?{ESC}[0m" in report
    plan = in_tty(tty_env, ["plan", "--db", logged], 100)
    assert plan.startswith(f"{ESC}[1m")  # the day's title
    assert any(f"{ESC}[1m{title}{ESC}[0m" in plan for title in ("Strength", "Recovery"))
    for args in (["flag"], ["config"], ["rules"]):
        assert f"{ESC}[1m" in in_tty(tty_env, [*args, "--db", logged], 100), args


@pytest.mark.parametrize("columns", WIDTHS)
def test_an_emergency_is_framed_and_red(tty_env, tmp_path, columns):
    path = str(tmp_path / "e.db")
    glutelog(tty_env, "plan", "--db", path)
    shown = in_tty(tty_env, ["flag", "saddle", "--db", path], columns)
    lines = plain(shown).strip("\n").split("\n")
    assert lines[0].startswith("┌") and lines[-1].startswith("└")
    assert all(line.startswith("│") and line.endswith("│") for line in lines[1:-1])
    assert len({len(line) for line in lines}) == 1  # a box, its edges straight
    assert f"{ESC}[1;31mEMERGENCY{ESC}[0m" in shown
    assert max(len(line) for line in lines) <= columns


def test_the_report_of_a_paused_plan_opens_with_a_framed_banner(tty_env, paused):
    lines = plain(in_tty(tty_env, ["report", "--db", paused], 60)).strip("\n").split("\n")
    assert lines[0].startswith("┌")
    end = next(i for i, line in enumerate(lines) if line.startswith("└"))
    assert "Plan paused" in " ".join(lines[:end])


# --- colour as the environment asks ---------------------------------------------------------------


@pytest.mark.parametrize(
    "setting, coloured",
    [
        ({}, False),  # a pipe: never, by default
        ({"FORCE_COLOR": "1"}, True),
        ({"CLICOLOR_FORCE": "1"}, True),
        ({"CLICOLOR_FORCE": "0"}, False),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),  # NO_COLOR wins
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, True),  # forced on purpose
    ],
)
def test_colour_in_a_pipe_only_when_forced(tty_env, logged, setting, coloured):
    for args in (["plan"], ["report"], ["status"]):
        shown = glutelog({**tty_env, **setting}, *args, "--db", logged).stdout
        assert (ESC in shown) == coloured, (setting, args)


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, {"CLICOLOR": "0"}])
def test_no_colour_on_a_terminal_that_asks_for_none(tty_env, logged, setting):
    for args in (["report"], ["flag"], ["plan"]):
        assert ESC not in in_tty({**tty_env, **setting}, [*args, "--db", logged], 100), args


def test_colour_is_decided_by_the_environment_first():
    from glutelog.output import terminal

    class Tty:
        def isatty(self):
            return True

    assert terminal.color_wanted(object(), {"FORCE_COLOR": "yes"})
    assert not terminal.color_wanted(object(), {"FORCE_COLOR": "0"})
    assert not terminal.color_wanted(Tty(), {"CLICOLOR": "0"})
    assert terminal.color_wanted(Tty(), {"CLICOLOR": "1"})


# --- the wrapping rules -----------------------------------------------------------------------


def test_wrapping_keeps_words_whole_and_counts_what_shows():
    from glutelog.output import terminal

    painted = f"{ESC}[33mamber{ESC}[0m"
    text = f"zone {painted} " + "word " * 20
    for line in terminal.fit(text, 30).split("\n"):
        assert terminal.shown_width(line) <= 30
    assert terminal.shown_width(painted) == 5
    assert terminal.shown_width("日本語") == 6  # wide characters take two columns each
    lines = terminal.fit("私は " * 20, 21).split("\n")
    assert all(terminal.shown_width(line) <= 21 for line in lines)


def test_a_table_row_wraps_under_its_last_column():
    from glutelog.output import terminal

    row = "  bladder             new trouble passing or controlling urine"
    assert terminal.fit(row, 50).split("\n") == [
        "  bladder             new trouble passing or",
        "                      controlling urine",
    ]


def test_a_word_wider_than_the_line_stands_whole_on_a_line_of_its_own():
    from glutelog.output import terminal

    path = "/home/someone/" + "x" * 50 + "/page.html"
    assert terminal.fit(f"Wrote the page to {path} just now", 30).split("\n") == [
        "Wrote the page to",
        f"  {path}",
        "  just now",
    ]


@pytest.mark.parametrize("columns", WIDTHS)
def test_a_table_shrinks_to_the_terminal_a_row_a_line(tty_env, tmp_path, columns):
    path = str(tmp_path / "weeks.db")
    for back in (2, 9, 16, 23, 30):
        glutelog(tty_env, "done", "run", "5km", "30min", "--at", f"{back} days ago 09:00",
                 "--db", path)  # fmt: skip
        glutelog(tty_env, "sore", "3", "--morning", "--at", f"{back} days ago 07:00", "--db", path)
    lines = plain(in_tty(tty_env, ["report", "--weeks", "6", "--db", path], columns)).split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("Week of"))
    table = lines[start : lines.index("", start) if "" in lines[start:] else None]
    table = table[: next(i for i, line in enumerate(table) if line.startswith("Mornings"))]
    assert len(table) == 7  # the header and a line a week: no row wrapped
    assert all(len(line) <= columns for line in table)
    assert "Items done" in table[0] and "Morning" in table[0]
    if columns >= 100:
        assert "Running" in table[0]  # room for every column


def test_a_twelve_week_report_in_a_pipe_keeps_its_day_marks_within_80_columns(cli, db_path):
    """The day-by-day soreness marks of 12 weeks (82 marks) made a line of 108 columns that no
    wrapping could break: at 80 columns the latest days are shown, and the label says so."""
    from datetime import date, timedelta

    today = date.today()
    for back in range(1, 84):
        day = (today - timedelta(days=back)).isoformat()
        assert cli("sore", str(back % 7), "--morning", "--at", f"{day} 07:00").exit_code == 0
    env = {**os.environ, "GLUTELOG_DB": db_path, "COLUMNS": "80"}
    env.pop("FORCE_COLOR", None)
    out = subprocess.run(
        [*CLI, "report", "--weeks", "12"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    marks = next(line for line in out.splitlines() if line.startswith("Last "))
    assert marks.startswith("Last 54 days")


def test_a_long_running_cell_keeps_the_week_table_in_its_columns(cli):
    """ "18.6 km in 2 h 40 min" is wider than the Running column was: its row's morning mean
    stood two columns right of every other row's and of its heading."""
    from datetime import date, timedelta

    monday = date.today() - timedelta(days=date.today().weekday())
    for week, run in ((2, ["18.6km", "2h40min"]), (1, ["40min"])):
        day = (monday - timedelta(days=7 * week)).isoformat()
        assert cli("done", "run", *run, "--at", f"{day} 07:00").exit_code == 0
        assert cli("sore", "3", "--morning", "--at", f"{day} 06:00").exit_code == 0
    out = cli("report", "--weeks", "3").stdout.splitlines()
    header = next(i for i, line in enumerate(out) if line.startswith("Week of"))
    column = out[header].index("Morning mean")
    rows = [line for line in out[header + 1 : header + 4] if line[:4].isdigit()]
    assert len(rows) == 3
    for line in rows:
        assert line[column - 2 : column] == "  ", line
        assert len(line) <= column or line[column] != " ", line


def test_an_exercises_sides_go_under_its_total_whole_when_the_line_is_narrow(cli):
    """At 80 columns "(left 1 h 8 min, right 1 h 1" was broken from its "min)" by the
    wrapping: on a narrow terminal the sides now go under the total, whole."""
    from glutelog.output import terminal

    assert cli("done", "pigeon", "3x100s", "--side", "left").exit_code == 0
    assert cli("done", "pigeon", "2x100s", "--side", "right").exit_code == 0
    wide = cli("report").stdout
    assert "Pigeon stretch" in wide and "(left 5 min, right 3 min 20 s)" in wide
    terminal.set_layout(width_=60)
    try:
        narrow = cli("report").stdout.splitlines()
    finally:
        terminal.set_layout(width_=1000)
    at = next(i for i, line in enumerate(narrow) if line.startswith("Pigeon stretch"))
    assert narrow[at + 1].strip() == "(left 5 min, right 3 min 20 s)"
    assert all(len(line) <= 60 for line in narrow[at : at + 2])
