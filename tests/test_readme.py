"""The README's command reference names every command and every option the app has."""

import re
from pathlib import Path

import pytest
import typer.main

from glutelog.cli.typer_app import app

README = Path(__file__).parent.parent / "README.md"


def reference_rows() -> dict:
    """{"report": "its arguments and options cell", ...} from the "Command reference" table."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command reference\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = re.match(r"\| `glutelog( [a-z -]+)?` \| (.*) \|", line)
        if match:
            rows[(match.group(1) or "").strip()] = match.group(2)
    return rows


def commands(command=None, path=()):
    """(path, click command) for the app, each group and each command in it."""
    command = command or typer.main.get_command(app)
    yield " ".join(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


COMMANDS = dict(commands())


def test_the_reference_is_found_and_has_a_row_per_command():
    rows = reference_rows()
    assert "" in rows and "done" in rows and "exercises show" in rows
    assert not set(COMMANDS) - set(rows), "commands missing from the README's reference"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_option_is_in_its_commands_row(path):
    row = reference_rows().get(path)
    assert row is not None, f"no row for `glutelog {path}` in the Command reference"
    for param in COMMANDS[path].params:
        if param.param_type_name != "option":
            continue
        for name in (*param.opts, *param.secondary_opts):
            # whole names only: --week must not pass because --weeks is there
            assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", row), (path, name)


def test_help_is_mentioned():
    assert "-h`/`--help" in reference_rows()[""]
