"""`glutelog go`, the guided session, driven through a real pseudo-terminal with pexpect.

Holds are made short with $GLUTELOG_GO_SECONDS (one session second lasts that many seconds);
what is checked is what a user would notice: the sets in the database, the exit code, the
one line on stderr, what the screen shows.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
from collections import Counter

import pexpect
import pytest
from conftest import CLI, rows

FAST = "0.001"  # a 30 s hold lasts 0.03 s
PROMPT = r"How many\?.*stops: "
SORENESS = r"Soreness now, 0-10 \(Enter skips\): "
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|38|9[0-7])[0-9;]*m")


@pytest.fixture
def db(tmp_path, env) -> str:
    """A fresh database with today's plan made, as after a first `glutelog plan`."""
    path = str(tmp_path / "go.db")
    glutelog(env, "plan", "--db", path)
    return path


def glutelog(env, *args, **kw):
    return subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, **kw)


def plan(env, db) -> dict:
    return json.loads(glutelog(env, "plan", "--json", "--db", db).stdout)


def expected_sets(plan: dict, kind: str | None = None) -> Counter:
    """One row per planned set not yet done: (exercise, sets, amount, unit, side)."""
    wanted = Counter()
    for item in plan["items"]:
        if item["done"] or (kind and item["kind"] != kind):
            continue
        if item["side_sets"]:
            for side, count in item["side_sets"].items():
                wanted[(item["exercise"], 1, item["amount"], item["unit"], side)] += count
        else:
            wanted[(item["exercise"], 1, item["amount"], item["unit"], None)] += item["sets"]
    return wanted


def logged_sets(db) -> Counter:
    return Counter(rows(db, "SELECT exercise, sets, amount, unit, side FROM entries"))


def spawn(env, db, *args, scale=FAST, **extra):
    environ = {**env, "GLUTELOG_GO_SECONDS": scale, "TERM": "xterm-256color"}
    environ.pop("NO_COLOR", None)
    environ.update(extra)
    child = pexpect.spawn(
        CLI[0],
        [*CLI[1:], "go", "--db", db, *args],
        env=environ,
        encoding="utf-8",
        timeout=90,
        dimensions=(50, 120),
    )
    child.logfile_read = io.StringIO()
    return child


class Clock:
    """The session's clock as a file (``GLUTELOG_GO_CLOCK``): time stands still until the test
    moves it, so a key pressed "during a hold" lands in the hold however loaded the machine."""

    def __init__(self, folder):
        self.path = str(folder / "clock")
        self.value = 0.0
        self.write()

    def write(self) -> None:
        with open(self.path + ".new", "w", encoding="ascii") as file:
            file.write(repr(self.value))
        os.replace(self.path + ".new", self.path)

    def advance(self, seconds: float) -> None:
        self.value += seconds
        self.write()

    def spawn(self, env, db, *args):
        return spawn(env, db, *args, GLUTELOG_GO_CLOCK=self.path)


def end_countdown(child, clock: Clock, label: str) -> None:
    """Wait until ``label``'s countdown is on screen, then let all of its time pass."""
    child.expect(label)
    clock.advance(10_000)


def screen(child) -> str:
    return child.logfile_read.getvalue()


def shown_lines(child) -> list:
    """The output as a terminal leaves it: escape codes out, a line redrawn after \\r kept
    as its last drawing."""
    text = ESCAPES.sub("", screen(child))
    return [line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n")]


def finish(child) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def answer_every_prompt(child, soreness: str = "") -> None:
    """Enter (the planned reps) at every rep prompt, then ``soreness`` at the last question."""
    while child.expect([PROMPT, SORENESS]) == 0:
        child.sendline("")
    child.sendline(soreness)


def test_a_whole_session_runs_to_the_end_and_logs_every_set(env, db):
    before = plan(env, db)
    wanted = expected_sets(before)
    child = spawn(env, db)
    answer_every_prompt(child, soreness="3")
    assert finish(child) == 0, screen(child)
    assert logged_sets(db) == wanted
    assert rows(db, "SELECT score, timing FROM soreness") == [(3, "after")]
    out = screen(child)
    assert f"Logged {sum(wanted.values())} sets:" in out
    assert "Switch sides: right side next." in out
    assert "\a" in out  # the bell at side switches and at the end of each hold
    count = len(before["items"])
    assert f"{count} of {count} done." in out
    # Every item is done now: a second run says so and starts nothing.
    again = spawn(env, db)
    assert finish(again) == 0
    assert "Nothing left in today's plan" in screen(again)


def test_ctrl_c_mid_hold_keeps_the_sets_done_and_exits_130(env, db, tmp_path):
    clock = Clock(tmp_path)
    child = clock.spawn(env, db)
    end_countdown(child, clock, "Get ready")
    end_countdown(child, clock, "Left set 1 of 3: hold")
    child.expect(r"logged #1\.")
    end_countdown(child, clock, "Rest")
    child.expect("Left set 2 of 3: hold")  # and there it stays: the clock stands still
    child.sendintr()
    assert finish(child) == 130
    out = screen(child)
    messages = [line for line in shown_lines(child) if line.startswith("glutelog: ")]
    assert messages == [
        "glutelog: interrupted after 1 set logged; they are kept and nothing is half-saved"
    ]
    assert "Traceback" not in out
    assert rows(db, "SELECT exercise, amount, side FROM entries") == [
        ("tennis-ball-release", 30, "left")
    ]


def test_a_closed_terminal_keeps_the_sets_done(env, db, tmp_path):
    clock = Clock(tmp_path)
    child = clock.spawn(env, db)
    end_countdown(child, clock, "Get ready")
    end_countdown(child, clock, "Left set 1 of 3: hold")
    child.expect(r"logged #1\.")
    end_countdown(child, clock, "Rest")
    child.expect("Left set 2 of 3: hold")
    child.kill(signal.SIGHUP)
    assert finish(child) == 130
    assert rows(db, "SELECT count(*) FROM entries") == [(1,)]


@pytest.mark.parametrize("label", ["Get ready", "Left set 1 of 3: hold"])
def test_a_terminal_closed_during_a_countdown_ends_with_130_and_no_internal_error(
    env, db, tmp_path, label
):
    clock = Clock(tmp_path)
    stderr = tmp_path / "stderr"
    child = pexpect.spawn(
        "/bin/sh",
        ["-c", f'exec "$0" "$@" 2>"{stderr}"', *CLI, "go", "--db", db],
        env={**env, "GLUTELOG_GO_CLOCK": clock.path, "TERM": "xterm-256color"},
        encoding="utf-8",
        timeout=90,
    )
    if label != "Get ready":
        end_countdown(child, clock, "Get ready")
    child.expect(label)
    os.close(child.child_fd)  # the window is closed: the terminal goes away
    _, status = os.waitpid(child.pid, 0)
    child.closed = True  # pexpect has nothing left to close or wait for
    assert os.waitstatus_to_exitcode(status) == 130
    assert "internal error" not in stderr.read_text()


def test_without_a_terminal_it_says_so_in_one_line_and_exits_2(env, tmp_path):
    path = str(tmp_path / "none.db")
    result = glutelog(env, "go", "--db", path, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "glutelog: go guides a session on a terminal; from a script or a pipe, log sets with "
        "`glutelog done`"
    ]
    assert not os.path.exists(path)  # nothing created


def test_s_skips_an_exercise_and_q_stops_keeping_the_sets_so_far(env, db):
    child = spawn(env, db, "--only", "strength")
    child.expect(r"Glute bridge.*\n.*\n.*" + PROMPT)
    child.sendline("s")
    child.expect(r"Clamshell.*\n.*\n.*" + PROMPT)
    child.sendline("14")  # fewer than planned: logged as done
    child.expect(PROMPT)
    child.sendline("q")
    child.expect(SORENESS)
    child.sendline("")  # Enter skips the score
    assert finish(child) == 0
    assert rows(db, "SELECT exercise, sets, amount, unit, side FROM entries") == [
        ("clamshell", 1, 14, "reps", "left")
    ]
    assert rows(db, "SELECT count(*) FROM soreness") == [(0,)]
    out = screen(child)
    assert "Skipped: Glute bridge." in out and "Stopped before the end" in out
    assert "Logged 1 set:" in out and "Clamshell: 1 x 14 reps left" in out


def test_keys_during_a_hold_end_it_skip_it_or_stop(env, db, tmp_path):
    clock = Clock(tmp_path)
    child = clock.spawn(env, db)
    end_countdown(child, clock, "Get ready")
    child.expect("Left set 1 of 3: hold")
    clock.advance(7)
    child.expect(r" 23 s")  # seven seconds held
    child.send("\r")  # Enter: ends the hold now, logged as held so far
    child.expect(r"logged #1\.")
    end_countdown(child, clock, "Rest")
    child.expect("Left set 2 of 3: hold")
    child.send("s")  # skips the rest of the exercise, this hold not logged
    child.expect("Lying figure-4 stretch")
    end_countdown(child, clock, "Get ready")
    child.expect("Left set 1 of 2: hold")  # a stretch: 2 x 30 s, its 60 s a side in all
    child.send("q")
    child.expect(SORENESS)
    child.sendline("")
    assert finish(child) == 0
    assert rows(db, "SELECT exercise, amount, side FROM entries") == [
        ("tennis-ball-release", 7, "left")
    ]


def test_function_and_arrow_keys_during_a_hold_do_nothing(env, db, tmp_path):
    # F2 is ESC O Q and F4 ESC O S: read a byte at a time, they were `q` (stop) and `s` (skip).
    clock = Clock(tmp_path)
    child = clock.spawn(env, db)
    end_countdown(child, clock, "Get ready")
    child.expect("Left set 1 of 3: hold")
    for sequence in ("\x1bOQ", "\x1bOS", "\x1b[A", "\x1b[15~"):
        child.send(sequence)
    clock.advance(1)
    child.expect(r" 29 s")  # still counting: none of them ended, skipped or stopped the hold
    clock.advance(10_000)
    child.expect(r"logged #1\.")
    end_countdown(child, clock, "Rest")
    child.expect("Left set 2 of 3: hold")
    child.send("q")
    child.expect(SORENESS)
    child.sendline("")
    assert finish(child) == 0
    assert rows(db, "SELECT exercise, amount, side FROM entries") == [
        ("tennis-ball-release", 30, "left")
    ]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("q", "q"),
        ("S", "s"),
        ("\r", "\r"),
        ("\x1bOQ", None),
        ("\x1b[A\x1b[B", None),
        ("\x1bOQs", "s"),
    ],
)
def test_a_read_is_one_key_and_escape_sequences_are_ignored_whole(typed, key):
    from glutelog.commands.guided import first_key

    assert first_key(typed) == key


def test_no_timer_logs_every_item_without_waiting(env, db):
    wanted = expected_sets(plan(env, db))
    # Real seconds: a countdown would take minutes and pexpect would time out.
    child = spawn(env, db, "--no-timer", scale="1")
    answer_every_prompt(child)
    assert finish(child) == 0
    assert logged_sets(db) == wanted
    assert "\a" not in screen(child)


def test_only_stretch_guides_the_stretches_alone(env, db):
    wanted = expected_sets(plan(env, db), kind="stretch")
    assert wanted
    child = spawn(env, db, "--only", "stretch")
    answer_every_prompt(child)
    assert finish(child) == 0
    assert logged_sets(db) == wanted
    assert "Glute bridge" not in screen(child)


def test_quiet_rings_no_bell(env, db):
    child = spawn(env, db, "--only", "release", "--quiet")
    answer_every_prompt(child)
    assert finish(child) == 0
    assert rows(db, "SELECT count(*) FROM entries") != [(0,)]
    assert "\a" not in screen(child)


@pytest.mark.parametrize("no_color", [None, "1"])
def test_colour_only_without_no_color(env, db, no_color):
    extra = {"NO_COLOR": no_color} if no_color else {}
    child = spawn(env, db, "--no-timer", "--only", "strength", **extra)
    answer_every_prompt(child)
    assert finish(child) == 0
    coloured = COLOUR.search(screen(child)) is not None
    assert coloured == (no_color is None)


def test_a_paused_plan_says_so_and_starts_nothing(env, db):
    glutelog(env, "flag", "saddle", "--db", db)
    child = spawn(env, db)
    assert finish(child) == 0
    assert "Plan paused: numbness in the saddle area" in screen(child)
    assert rows(db, "SELECT count(*) FROM entries") == [(0,)]


@pytest.mark.parametrize(
    ("args", "extra", "message"),
    [
        (["--only", "yoga"], {}, "glutelog: --only takes one of stretch, strength"),
        ([], {"GLUTELOG_GO_SECONDS": "fast"}, "glutelog: GLUTELOG_GO_SECONDS must be"),
    ],
)
def test_bad_options_fail_in_one_line(env, db, args, extra, message):
    child = spawn(env, db, *args, **extra)
    assert finish(child) == 2
    lines = [line for line in shown_lines(child) if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(message), lines


@pytest.mark.parametrize(
    ("unit", "amount", "held", "logged"),
    [
        ("seconds", 30, 12.9, 12.0),
        ("seconds", 30, 0.4, None),
        # a hold in minutes ended early: 40 s held was logged as 0.7 min (42 s), and under 3 s
        # as nothing while saying "before a whole second"
        ("minutes", 20, 40.9, "40 s"),
        ("minutes", 20, 2.0, "2 s"),
        ("minutes", 20, 0.5, None),
    ],
)
def test_a_hold_ended_early_logs_no_more_than_was_held(unit, amount, held, logged):
    from glutelog.commands import guided

    guide = guided.Guide(db=None, console=None, keys=None)
    guide.countdown = lambda label, seconds, style: held
    item = {"amount": amount, "unit": unit}
    assert guide.hold("Set 1 of 1", item) == logged
