"""Output manners: colour only on a terminal, and JSON from every command that prints data."""

import json
import os
import pty
import subprocess

import pytest
from conftest import CLI, ok

from glutelog import errors
from glutelog.output import render

ESC = "\x1b"


def setup_day(env, path):
    """An amber morning and one item ticked, so plan, report and status have colour to show."""
    for args in (["sore", "4", "--morning"], ["done", "ball"], ["done", "bridge", "12"]):
        subprocess.run([*CLI, *args, "--db", path], env=env, check=True, capture_output=True)


def in_terminal(args, env):
    """Run the real console script with its stdout on a pseudo-terminal; (code, what it showed)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*CLI, *args], env=env, stdin=slave, stdout=slave, stderr=subprocess.PIPE
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    proc.stderr.close()
    return proc.wait(timeout=60), b"".join(chunks).decode()


@pytest.fixture
def terminal_env(env):
    environ = {key: value for key, value in env.items() if key != "NO_COLOR"}
    environ["TERM"] = "xterm-256color"
    return environ


SHOWN = [["plan"], ["status"], ["plan", "--days", "3"], ["report"]]


def test_a_terminal_gets_coloured_zones_and_ticks(terminal_env, tmp_path):
    path = str(tmp_path / "g.db")
    setup_day(terminal_env, path)
    code, plan = in_terminal(["plan", "--db", path], terminal_env)
    assert code == 0
    assert f"{ESC}[33mamber (hold){ESC}[0m" in plan
    assert f"{ESC}[32m[x]{ESC}[0m Tennis ball release" in plan
    assert "[ ] Lying figure-4 stretch" in plan  # not done: no colour
    code, line = in_terminal(["status", "--db", path], terminal_env)
    assert line.strip() == f"glutelog 1/7 {ESC}[33mamber{ESC}[0m · next: figure4 2x30s/side"


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"NO_COLOR": "0"}, {"TERM": "dumb"}])
def test_no_color_or_a_dumb_terminal_get_no_escape_codes(setting, terminal_env, tmp_path):
    path = str(tmp_path / "g.db")
    setup_day(terminal_env, path)
    for args in SHOWN:
        code, shown = in_terminal([*args, "--db", path], {**terminal_env, **setting})
        assert code == 0 and shown.strip(), args
        assert ESC not in shown, (setting, args)


def test_an_empty_no_color_does_not_count(terminal_env, tmp_path):
    # no-color.org: NO_COLOR "when present and not an empty string"
    path = str(tmp_path / "g.db")
    setup_day(terminal_env, path)
    code, shown = in_terminal(["plan", "--db", path], {**terminal_env, "NO_COLOR": ""})
    assert code == 0 and f"{ESC}[33m" in shown


def test_piped_output_gets_no_escape_codes(terminal_env, tmp_path):
    path = str(tmp_path / "g.db")
    setup_day(terminal_env, path)
    for args in SHOWN:
        result = subprocess.run(
            [*CLI, *args, "--db", path], env=terminal_env, capture_output=True, text=True
        )
        assert result.returncode == 0 and result.stdout.strip(), args
        assert ESC not in result.stdout, args


def test_colour_never_lets_a_stored_escape_through(terminal_env, tmp_path):
    path = str(tmp_path / "g.db")
    note = f"{ESC}[32mlooks green{ESC}[2J"
    subprocess.run([*CLI, "done", "bridge", "12", "--note", note, "--db", path],
                   env=terminal_env, check=True, capture_output=True)  # fmt: skip
    code, shown = in_terminal(["history", "--db", path], terminal_env)
    assert code == 0 and "?[32mlooks green?[2J" in shown
    assert ESC not in shown


def test_the_output_guard_keeps_only_the_colour_codes_and_only_when_colour_is_on():
    assert render.paint("amber", "amber") == "amber"  # off unless the edge turned it on
    try:
        render.use_color(True)
        painted = render.paint("amber", "amber")
        shown = errors.printable(f"{painted} {ESC}[2J {ESC}]0;title\a")
        assert shown == f"{ESC}[33mamber{ESC}[0m ?[2J ?]0;title?"
    finally:
        render.use_color(False)
    assert errors.printable(painted) == "?[33mamber?[0m"


def test_colour_is_wanted_only_on_a_terminal():
    class Tty:
        def isatty(self):
            return True

    class Pipe:
        def isatty(self):
            return False

    assert render.color_wanted(Tty(), {"TERM": "xterm"})
    assert render.color_wanted(Tty(), {})
    assert not render.color_wanted(Pipe(), {"TERM": "xterm"})
    assert not render.color_wanted(Tty(), {"TERM": "dumb"})
    assert not render.color_wanted(Tty(), {"NO_COLOR": "yes", "TERM": "xterm"})
    assert not render.color_wanted(object(), {})  # a stand-in without isatty


# --- --json on every command that prints data -------------------------------------------------


def data(cli, *args):
    return json.loads(ok(cli(*args)).stdout)


def test_exercises_json_lists_the_catalog(cli, catalog):
    listed = data(cli, "exercises", "--json")
    assert {e["slug"] for e in listed} == set(catalog.exercises)
    pigeon = next(e for e in listed if e["slug"] == "pigeon")
    assert pigeon == {"slug": "pigeon", "name": "Pigeon stretch", "aliases": ["pigeon-pose"],
                      "kind": "stretch", "block": "daily", "sets": 2, "amount": 30,
                      "unit": "seconds", "per_side": True}  # fmt: skip
    stretches = data(cli, "exercises", "--kind", "stretch", "--json")
    assert stretches and {e["kind"] for e in stretches} == {"stretch"}


def test_exercises_show_json_has_every_key(cli, catalog):
    shown = data(cli, "exercises", "show", "clams", "--json")
    assert shown == catalog.exercises["clamshell"]
    assert list(shown)[:2] == ["slug", "name"]


def test_rules_json_gives_each_value_with_its_source(cli):
    from glutelog.rules import RULES

    rules = data(cli, "rules", "--json")
    assert list(rules) == list(RULES)
    assert rules["green_max"]["value"] == 3 and "Silbernagel" in rules["green_max"]["source"]


def test_where_json_gives_the_path_and_whether_it_exists(cli, db_path):
    assert data(cli, "where", "--json") == {"path": db_path, "exists": False}
    ok(cli("done", "bridge", "12"))
    assert data(cli, "where", "--json") == {"path": db_path, "exists": True}


def test_check_json_gives_integrity_version_and_counts(cli, db_path):
    ok(cli("done", "bridge", "12"))
    ok(cli("sore", "3", "--morning"))
    checked = data(cli, "check", "--json")
    assert checked["integrity"] == "ok" and checked["path"] == db_path
    assert (checked["entries"], checked["soreness"], checked["flags"]) == (1, 1, 0)
    assert isinstance(checked["schema_version"], int)


def test_flag_json_lists_signs_and_what_is_in_force(cli):
    listed = data(cli, "flag", "--json")
    assert set(listed) == {"signs", "in_force", "pause"}
    saddle = next(s for s in listed["signs"] if s["slug"] == "saddle-numbness")
    assert saddle["tier"] == "emergency" and "saddle" in saddle["aliases"]
    assert (listed["in_force"], listed["pause"]) == ([], None)

    raised = data(cli, "flag", "numb", "saddle", "--note", "since lunch", "--json")["raised"]
    assert (raised["symptom"], raised["tier"], raised["note"]) == (
        "saddle-numbness", "emergency", "since lunch",
    )  # fmt: skip
    listed = data(cli, "flag", "--json")
    assert [f["id"] for f in listed["in_force"]] == [raised["id"]]
    assert listed["pause"].startswith("Plan paused: numbness in the saddle area")

    cleared = data(cli, "flag", "--clear", "--json")
    assert [f["id"] for f in cleared["cleared"]] == [raised["id"]]
    assert (cleared["in_force"], cleared["pause"]) == ([], None)


def test_done_json_gives_the_rows_stored_and_the_days_progress(cli):
    logged = data(cli, "done", "run", "8km", "45min", "--json")
    assert [(r["id"], r["amount"], r["unit"]) for r in logged["logged"]] == [
        (1, 8, "km"), (2, 45, "minutes"),
    ]  # fmt: skip
    assert logged["plan"]["done"] == 0 and logged["plan"]["planned"] == 7
    assert (logged["flag"], logged["notes"]) == (None, [])

    iced = data(cli, "done", "ice", "25min", "--json")
    assert iced["notes"] and iced["notes"][0].startswith("Caution: Cold pack is safest kept")

    flagged = data(cli, "done", "pigeon", "30s", "--tingling", "--json")
    assert flagged["logged"][0]["side"] == "both"
    assert (flagged["flag"]["symptom"], flagged["flag"]["exercise"]) == ("tingling", "pigeon")


def test_sore_json_gives_the_score_and_what_it_replaced(cli):
    first = data(cli, "sore", "4", "--morning", "--json")
    assert first["logged"] == {"kind": "soreness", "id": 1, "at": first["logged"]["at"],
                               "score": 4, "timing": "morning", "side": None, "note": None}  # fmt: skip
    assert first["replaced"] == []
    again = data(cli, "sore", "2", "--morning", "--replace", "--json")
    assert again["replaced"] == [{"id": 1, "score": 4}] and again["logged"]["score"] == 2


def test_undo_rm_and_edit_json_give_the_rows(cli, db_path):
    from conftest import rows

    ok(cli("done", "bridge", "12"))
    ok(cli("done", "clams", "15"))
    ok(cli("sore", "3", "--after"))
    changed = data(cli, "edit", "1", "--amount", "14", "--note", "slow", "--json")
    assert (changed["before"]["amount"], changed["after"]["amount"]) == (12, 14)
    assert changed["after"]["note"] == "slow" and changed["before"]["note"] is None
    undone = data(cli, "undo", "--json")["removed"]
    assert (undone["kind"], undone["score"], undone["timing"]) == ("soreness", 3, "after")
    removed = data(cli, "rm", "2", "--json")["removed"]
    assert (removed["kind"], removed["exercise"], removed["amount"]) == ("set", "clamshell", 15)
    assert rows(db_path, "SELECT id, amount FROM entries") == [(1, 14)]
