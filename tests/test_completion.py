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


SCRIPT_MARKS = {
    "bash": ("complete -F _glutelog_completion glutelog", "COMP_WORDS"),
    "zsh": ("#compdef glutelog", "compdef _glutelog_completion glutelog"),
    "fish": ("complete --command glutelog", "(commandline -cp)"),
    "powershell": ("Register-ArgumentCompleter -Native -CommandName glutelog", "$commandAst"),
}


@pytest.mark.parametrize("shell", sorted(SCRIPT_MARKS))
def test_each_shell_gets_its_own_script(env, shell):
    """`--show-completion zsh` printed the bash script (the shell was detected, the name
    ignored); and the PowerShell script rebound Tab for every command."""
    shown = subprocess.run(
        [*CLI, "--show-completion", shell], env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0 and shown.stderr == "", shown.stderr
    for mark in SCRIPT_MARKS[shell]:
        assert mark in shown.stdout
    for other, marks in SCRIPT_MARKS.items():
        if other != shell:
            assert marks[0] not in shown.stdout, other
    assert f"_GLUTELOG_COMPLETE=complete_{shell}" in shown.stdout.replace('"', "").replace(
        "$Env:_GLUTELOG_COMPLETE = complete_", "_GLUTELOG_COMPLETE=complete_"
    )
    # Nothing that changes how completion behaves for other commands.
    code = "\n".join(line for line in shown.stdout.splitlines() if not line.startswith("#"))
    for setting in ("zstyle", "compinit", "Set-PSReadLineKeyHandler", "bind ", "-o default"):
        assert setting not in code.replace("compopt -o default", ""), setting


def test_an_unknown_shell_is_refused_in_one_line(env):
    shown = subprocess.run(
        [*CLI, "--show-completion", "tcsh"], env=env, capture_output=True, text=True
    )
    assert shown.returncode == 2 and shown.stdout == ""
    assert shown.stderr.startswith("glutelog: ") and len(shown.stderr.splitlines()) == 1
    assert "bash, zsh, fish" in shown.stderr


@pytest.mark.parametrize(("shell", "rc"), [("bash", ".bashrc"), ("zsh", ".zshrc"), ("fish", None)])
def test_installing_adds_one_line_that_loads_the_script_and_nothing_else(env, tmp_path, shell, rc):
    """The zsh installer added `zstyle ':completion:*' menu select` (and compinit), changing
    completion for every command the person uses."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**env, "HOME": str(home)}
    mine = (
        "# my settings\nalias ll='ls -l'\nzstyle ':completion:*' list-colors ''"  # no final newline
    )
    if rc:
        (home / rc).write_text(mine, encoding="utf-8")
    for _ in range(2):  # installing again adds nothing
        done = subprocess.run(
            [*CLI, "--install-completion", shell], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    shown = subprocess.run(
        [*CLI, "--show-completion", shell], env=env, capture_output=True, text=True
    ).stdout
    if rc is None:
        written = tmp_path / "config" / "fish" / "completions" / "glutelog.fish"
        assert written.read_text(encoding="utf-8") == shown
        assert sorted(p.name for p in home.iterdir()) == []
        return
    text = (home / rc).read_text(encoding="utf-8")
    assert text.startswith(mine + "\n")
    added = text[len(mine) + 1 :].splitlines()
    assert len(added) == 1 and "glutelog completion" in added[0], added
    script = tmp_path / "config" / "glutelog" / f"completion.{shell}"
    assert f". '{script}'" in added[0]
    assert script.read_text(encoding="utf-8") == shown
    assert sorted(p.name for p in home.iterdir()) == [rc]  # no other file of the person's


def test_powershell_is_not_installed_behind_the_persons_back(env, tmp_path):
    env = {**env, "HOME": str(tmp_path)}
    done = subprocess.run(
        [*CLI, "--install-completion", "powershell"], env=env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "$PROFILE" in done.stderr
    assert list(tmp_path.iterdir()) == [tmp_path / "config"] or not list(tmp_path.iterdir())


def test_the_bash_script_offers_choices_and_file_names_where_a_file_is_wanted(env, tmp_path):
    """Sourced in a real bash: `go --only <Tab>` offers kinds, never file names; `-o <Tab>`
    hands over to bash's file names."""
    import os
    import shlex

    # The script runs `glutelog` by name: one that runs this glutelog, first on the PATH.
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "glutelog").write_text(f'#!/bin/sh\nexec {shlex.join(CLI)} "$@"\n')
    (folder / "glutelog").chmod(0o755)
    env = {**env, "GLUTELOG_DB": str(tmp_path / "glutelog.db")}
    env["PATH"] = f"{folder}{os.pathsep}{env.get('PATH', '')}"
    script = subprocess.run(
        [*CLI, "--show-completion", "bash"], env=env, capture_output=True, text=True
    ).stdout
    (tmp_path / "g.bash").write_text(script, encoding="utf-8")
    (tmp_path / "plan.ics").write_text("", encoding="utf-8")
    program = (
        f"source '{tmp_path / 'g.bash'}'\n"
        'compopt() { echo compopt "$@"; }\n'
        "COMP_WORDS=(glutelog go --only st); COMP_CWORD=3; _glutelog_completion glutelog\n"
        'printf "offered %s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(glutelog export -o ''); COMP_CWORD=3; _glutelog_completion glutelog\n"
        'echo "count ${#COMPREPLY[@]}"\n'
        "complete -p glutelog\n"
    )
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["offered stretch", "offered strength"]
    assert lines[2:4] == ["compopt -o default", "count 0"]  # bash's own file names
    assert lines[4] == "complete -F _glutelog_completion glutelog"  # no -o default


# Values typed freely (numbers, days, times, words): Tab offers nothing, and no file names.
FREE = {"N", "M", "DAY", "[MONTH]", "WHEN", "TIME", "TEXT", "AMOUNT", "[AMOUNT]...", "0-10"}
FREE |= {"SCORE", "ID", "ID...", "SLUG"}
FREE_PARAMS = {("exercises add", "alias")}  # a new name of one's own
FILES = {"FILE", "PATH", "DIR"}
# What must be typed before a value for Tab to be asked about it.
BEFORE = {("config", "value"): "side ", ("done", "amount"): "bridge "}


def value_params():
    """(command path, parameter) of every option and argument that takes a value."""
    from typer.main import get_command

    from glutelog.cli.typer_app import app

    found = []

    def walk(command, path):
        for param in command.params:
            if not getattr(param, "is_flag", False) and param.name != "help":
                found.append((" ".join(path), param))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(get_command(app), [])
    return found


def asked(path: str, param) -> str:
    words = ["glutelog", *path.split()]
    if param.param_type_name == "option":
        words.append(param.opts[-1])
    return " ".join(words) + " " + BEFORE.get((path, param.name), "")


@pytest.fixture
def in_process(monkeypatch, capsys, tmp_path):
    """Ask the real entry point what Tab offers, as ``shell`` asks, without a new process:
    returns (lines printed, exit code)."""
    from glutelog.cli import entry

    monkeypatch.setenv("GLUTELOG_DB", str(tmp_path / "glutelog.db"))

    def ask(shell: str, line: str, action: str = "get-args") -> tuple[list[str], int]:
        monkeypatch.setenv("_GLUTELOG_COMPLETE", f"complete_{shell}")
        if shell == "bash":
            monkeypatch.setenv("COMP_WORDS", line)
            monkeypatch.setenv("COMP_CWORD", str(len(line.split(" ")) - 1))
        elif shell == "powershell":
            monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
            monkeypatch.setenv("_TYPER_COMPLETE_WORD_TO_COMPLETE", line.split(" ")[-1])
        else:
            monkeypatch.setenv("_TYPER_COMPLETE_ARGS", line)
            monkeypatch.setenv("_TYPER_COMPLETE_FISH_ACTION", action)
        capsys.readouterr()
        code = entry.main([])
        out = capsys.readouterr()
        assert out.err == "", out.err
        return [line for line in out.out.splitlines() if line], code

    return ask


@pytest.mark.parametrize(
    ("path", "param"),
    value_params(),
    ids=[f"{path or 'glutelog'} {param.opts[-1]}" for path, param in value_params()],
)
def test_every_value_completes_to_its_choices_files_or_nothing(in_process, path, param):
    """`go --only`, `history --kind`, `report --format`, `export --format` and `config side`
    offered file names. Every value is one of three kinds: a file (the shell's own file
    names), a free value (nothing at all), or one of a known set, offered in every shell. A
    new option must be one of these to pass."""
    line = asked(path, param)
    bash, _ = in_process("bash", line)
    zsh, _ = in_process("zsh", line)
    fish, fish_code = in_process("fish", line, "is-args")
    if param.metavar in FILES:
        assert bash == ["::files::"] and zsh == ["_files"] and fish_code == 1
        return
    assert fish_code == 0  # fish never falls back to file names here
    if param.metavar in FREE or (path, param.name) in FREE_PARAMS:
        assert bash == [] and zsh == [], (bash, zsh)
        return
    assert bash, f"{line!r} offers nothing: give it an autocompletion, or list it as free"
    assert zsh[0].startswith("_arguments")
    for value in bash:
        assert f'"{value}"' in "\n".join(zsh)
    offered, _ = in_process("fish", line)
    assert [row.split("\t")[0] for row in offered] == bash
    offered, _ = in_process("powershell", line)
    assert [row.split(":::")[0] for row in offered] == bash
    if param.param_type_name == "option" and " or " in (param.help or ""):
        for value in bash:  # the values the help names, and no others
            assert value in param.help, (value, param.help)


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
