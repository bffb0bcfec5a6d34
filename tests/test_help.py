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


def test_the_command_list_shows_whole_sentences(capsys):
    listed = section(help_text(capsys=capsys), "Commands:")
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
