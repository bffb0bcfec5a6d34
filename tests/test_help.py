"""The help text reads as written: whole sentences in the command list, natural usage lines."""

import pytest

from glutelog.cli import typer_app


def help_text(*args, capsys):
    capsys.readouterr()
    assert typer_app.run_cli([*args, "--help"]) == 0
    return capsys.readouterr().out


def section(text: str, title: str) -> list[str]:
    """The lines of one section of a help text ("Commands:", "Options:")."""
    lines = text.split(f"\n{title}\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in lines.splitlines() if line.strip()]


GROUPS = ("Every day:", "Looking back:", "Fixing a mistake:", "Your data:", "Setting up:")


def commands(text: str) -> list[str]:
    """The command lines of the main help, from all its groups."""
    return [line for title in GROUPS for line in section(text, title)]


def test_the_command_list_shows_whole_sentences(capsys):
    listed = commands(help_text(capsys=capsys))
    assert len(listed) >= 15
    for line in listed:
        name, _, summary = line.strip().partition(" ")
        summary = summary.strip()
        assert summary.endswith(".") and not summary.endswith("..."), line


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("done", "Usage: glutelog done [OPTIONS] EXERCISE [AMOUNT]..."),
        ("sore", "Usage: glutelog sore [OPTIONS] SCORE"),
        ("edit", "Usage: glutelog edit [OPTIONS] ID"),
    ],
)
def test_usage_lines_read_naturally(command, usage, capsys):
    assert help_text(command, capsys=capsys).splitlines()[0] == usage


def test_edit_does_not_claim_a_default_side(capsys):
    (side,) = [
        line
        for line in help_text("edit", capsys=capsys).splitlines()
        if line.strip().startswith("--side")
    ]
    assert "default both" not in side and "keep" in side


def test_done_help_says_names_and_amounts_need_no_quotes(capsys):
    text = " ".join(help_text("done", capsys=capsys).split())
    assert "tennis ball 25 sec" in text and "3 sets of 12" in text


def test_the_main_help_lists_each_option_once_and_completion(capsys):
    options = section(help_text(capsys=capsys), "Options:")
    named = [line.split()[0].rstrip(",") for line in options if line.lstrip().startswith("-")]
    for option in ("--version", "--debug", "--db", "--install-completion", "--show-completion"):
        assert named.count(option) == 1, (option, named)


def test_the_commands_are_grouped_daily_first(capsys):
    """20 commands in one list hid the five a person types every day among the rare ones."""
    from typer.main import get_command

    from glutelog.cli.typer_app import app

    text = help_text(capsys=capsys)
    assert "\nCommands:\n" not in text
    assert [text.index(f"\n{title}\n") for title in GROUPS] == sorted(
        text.index(f"\n{title}\n") for title in GROUPS
    )
    grouped = {line.split()[0]: title for title in GROUPS for line in section(text, title)}
    assert set(grouped) == set(get_command(app).commands)  # every command, once
    for name in ("done", "sore", "plan", "go", "status"):
        assert grouped[name] == "Every day:"
    assert grouped["report"] == "Looking back:" and grouped["undo"] == "Fixing a mistake:"
    assert grouped["export"] == "Your data:" and grouped["config"] == "Setting up:"
    starts = {line.index(line.split()[1]) for title in GROUPS for line in section(text, title)}
    assert len(starts) == 1  # the summaries line up across the groups


def every_command():
    from typer.main import get_command

    from glutelog.cli.typer_app import app

    def walk(command, path):
        yield path
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    return [path for path in walk(get_command(app), []) if path]


@pytest.mark.parametrize("path", every_command(), ids=" ".join)
def test_examples_are_one_per_line_and_never_wrapped(path, capsys):
    """Examples joined with ";" wrapped mid-example at 80 columns ("glutelog done tennis ball
    25 / sec"): each is now a line of its own, to read or to copy."""
    text = help_text(*path, capsys=capsys)
    assert "Example" in text, path
    block = text.split("Example", 1)[1].split(":", 1)[1].split("\n\n", 2)[1]
    lines = block.splitlines()
    assert lines
    for number, line in enumerate(lines):
        assert len(line) <= 80, line
        assert "; glutelog" not in line, line
        continued = number and lines[number - 1].endswith("\\")
        assert continued or line.split()[0] in ("glutelog", "PS1='$(glutelog", "set"), line
