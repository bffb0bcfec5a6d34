"""Shell completion: the installed command answers what bash, zsh and fish ask on Tab."""

import subprocess

import pytest
from conftest import CLI

DOORWAY = """
[[exercise]]
slug = "doorway-stretch"
name = "Doorway chest stretch"
aliases = ["door-frame"]
kind = "stretch"
unit = "seconds"
sets = 1
amount = 30
block = "log-only"
cue = "Breathe."
"""


@pytest.fixture
def complete(env, tmp_path):
    """Ask the console script for completions of ``line`` (the last word is being typed),
    as ``shell`` asks: ``complete("bash", "glutelog done bri")`` returns the lines printed."""
    env = {**env, "GLUTELOG_DB": str(tmp_path / "glutelog.db")}

    def ask(shell: str, line: str) -> list[str]:
        words = line.split(" ")
        asked = {**env, "_GLUTELOG_COMPLETE": f"complete_{shell}"}
        if shell == "bash":
            asked |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
        else:
            asked |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
        done = subprocess.run(CLI, env=asked, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return done.stdout.splitlines()

    return ask


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_exercise_names_and_aliases_complete(complete, shell):
    offered = " ".join(complete(shell, "glutelog done brid"))
    assert "bridge" in offered and "bridge-hold" in offered and "glute-bridge" not in offered
    offered = " ".join(complete(shell, "glutelog done frozen"))
    assert "frozen-peas" in offered  # an alias of the cold pack


def test_the_users_own_exercises_complete(complete, tmp_path):
    (tmp_path / "catalog.toml").write_text(DOORWAY, encoding="utf-8")
    assert sorted(complete("bash", "glutelog done door")) == ["door-frame", "doorway-stretch"]
    assert "doorway-stretch" in complete("bash", "glutelog history --exercise do")
    assert complete("bash", "glutelog exercises show doorw") == ["doorway-stretch"]


@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("glutelog done pigeon 30s --side ", ["left", "right", "both"]),
        ("glutelog sore 3 --side ", ["left", "right"]),
        ("glutelog plan --schedule ", ["daily", "alternate", "maintenance"]),
        ("glutelog exercises --kind str", ["stretch", "strength"]),
        ("glutelog config long", ["long-run"]),
        ("glutelog config --unset si", ["side"]),
        ("glutelog flag sadd", ["saddle-numbness"]),
        ("glutelog flag tingling pige", ["pigeon", "pigeon-pose"]),
    ],
)
def test_choices_complete(complete, line, offered):
    assert complete("bash", line) == offered


@pytest.mark.parametrize(
    ("shell", "mark"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command")],
)
def test_completion_scripts_are_shown_for_each_shell(env, shell, mark):
    # Typer's own switch to name the shell instead of detecting the one it runs in.
    env = {**env, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    shown = subprocess.run(
        [*CLI, "--show-completion", shell], env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr
    assert "_GLUTELOG_COMPLETE=complete_" in shown.stdout and mark in shown.stdout


def test_completing_leaves_the_help_as_it_was(complete, env, tmp_path):
    """The completion scripts run plain `glutelog`, the same words as the main help: the first
    Tab stored the completions as the help, and `glutelog --help` printed `done` from then on."""
    env = {**env, "GLUTELOG_DB": str(tmp_path / "glutelog.db")}
    assert "done" in complete("bash", "glutelog d")
    assert complete("zsh", "glutelog done ")  # zsh asks after a command name
    for argv in ([], ["--help"], ["done", "--help"]):
        shown = subprocess.run([*CLI, *argv], env=env, capture_output=True, text=True)
        assert shown.returncode == 0 and shown.stdout.startswith("Usage: glutelog"), shown.stdout


@pytest.mark.parametrize(
    "asked",
    [
        {"_GLUTELOG_COMPLETE": "complete_bash"},  # no COMP_WORDS
        {"_GLUTELOG_COMPLETE": "complete_bash", "COMP_WORDS": "glutelog d", "COMP_CWORD": "x"},
    ],
)
def test_a_mangled_completion_request_offers_nothing_without_a_traceback(env, tmp_path, asked):
    env = {**env, "GLUTELOG_DB": str(tmp_path / "glutelog.db"), **asked}
    done = subprocess.run(CLI, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout == "" and "Traceback" not in done.stderr
