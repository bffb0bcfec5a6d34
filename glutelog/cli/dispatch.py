"""A small dispatcher for the everyday command shapes, so they start without importing Typer.

It recognises only plain forms of the commands in ``SHAPES``
(the options Typer defines for them, each at most once). Anything else, including ``--help``,
an unknown or repeated option or a missing value, is declined (``None``) and handled by the
Typer app in ``typer_app.py``, which stays the one definition of commands, help and usage errors.
A test checks that these shapes match the Typer commands, and another that both paths give the
same output, exit code and stored rows.
"""

from __future__ import annotations

import gc
import sys

# command: (positional names, required count, {option: parameter}, {flag: parameter});
# a name starting with "*" takes every remaining positional word, as a list.
SHAPES = {
    "done": (
        ("exercise", "*amount"),
        1,
        {
            "--sets": "sets",
            "--side": "side",
            "--pain": "pain",
            "--at": "at",
            "--note": "note",
            "--db": "db",
        },
        {"--tingling": "tingling", "--json": "as_json", "--yes": "yes"},
    ),
    "flag": (
        ("*words",),
        0,
        {"--note": "note", "--at": "at", "--db": "db"},
        {"--clear": "clear", "--json": "as_json"},
    ),
    "sore": (
        ("score",),
        1,
        {"--side": "side", "--at": "at", "--note": "note", "--db": "db"},
        {"--morning": "morning", "--after": "after", "--replace": "replace", "--json": "as_json"},
    ),
    "plan": (
        (),
        0,
        {
            "--date": "day",
            "--schedule": "schedule",
            "--days": "days",
            "--minutes": "minutes",
            "--db": "db",
        },
        {"--json": "as_json", "--explain": "explain"},
    ),
    "report": (
        (),
        0,
        {
            "--week": "week",
            "--weeks": "weeks",
            "--month": "month",
            "--since": "since",
            "--until": "until",
            "--format": "fmt",
            "--html": "html",
            "--db": "db",
        },
        {"--json": "as_json", "--year": "year", "--ascii": "ascii"},
    ),
    "history": (
        (),
        0,
        {
            "--since": "since",
            "--until": "until",
            "--exercise": "exercise",
            "--kind": "kind",
            "--format": "fmt",
            "--db": "db",
        },
        {"--json": "as_json"},
    ),
    "undo": (("count",), 0, {"--db": "db"}, {"--json": "as_json", "--list": "show"}),
    "rm": (("*row_id",), 1, {"--db": "db"}, {"--json": "as_json"}),
    "edit": (
        ("row_id",),
        1,
        {
            "--amount": "amount",
            "--sets": "sets",
            "--side": "side",
            "--at": "at",
            "--pain": "pain",
            "--note": "note",
            "--db": "db",
        },
        {"--json": "as_json"},
    ),
    "export": ((), 0, {"--format": "fmt", "-o": "output", "--output": "output", "--db": "db"}, {}),
    "import": (("path",), 1, {"--db": "db"}, {}),
    "backup": (("target",), 0, {"--db": "db"}, {}),
    "check": ((), 0, {"--db": "db"}, {"--json": "as_json"}),
    "where": ((), 0, {"--db": "db"}, {"--json": "as_json"}),
    "exercises": ((), 0, {"--kind": "kind", "--db": "db"}, {"--json": "as_json"}),
    "exercises show": (("name",), 1, {"--db": "db"}, {"--json": "as_json"}),
    "rules": ((), 0, {"--db": "db"}, {"--json": "as_json"}),
    "config": (("key", "*value"), 0, {"--unset": "unset", "--db": "db"}, {"--json": "as_json"}),
    "status": ((), 0, {"--db": "db"}, {"--json": "as_json"}),
    "sync": (("folder_path",), 0, {"--db": "db"}, {}),
}

# Commands that Typer always runs but whose help is served from the cache like the ones above.
HELP_ONLY = ("go",)

HELP_CACHE = "help.marshal"

# Options whose value may be left out, and what they mean then: `report --month` is this month.
# Both paths fill the value in first (see fill_optional), so Typer sees one shape only.
OPTIONAL_VALUES = {"report": {"--month": "this"}}


def fill_optional(argv: list[str]) -> list[str]:
    """``argv`` with the value filled in after an option given without its optional value:
    ``["report", "--month", "--json"]`` -> ``["report", "--month", "this", "--json"]``."""
    optional = OPTIONAL_VALUES.get(argv[0]) if argv else None
    if not optional or not any(arg in optional for arg in argv):
        return argv
    filled = []
    for i, arg in enumerate(argv):
        filled.append(arg)
        if arg == "--":
            return filled + argv[i + 1 :]
        following = argv[i + 1] if i + 1 < len(argv) else None
        if arg in optional and (following is None or _looks_like_option(following)):
            filled.append(optional[arg])
    return filled


# Commands that ask on a terminal (as the Typer app has them do) what they refuse elsewhere.
ASKING = ("done",)

# Where a command's action has another name than the command.
ACTIONS = {"import": "import_file", "backup": "backup_db", "exercises show": "show_exercise"}


def parse(argv: list[str]) -> tuple[str, dict] | None:
    """(command, keyword arguments for its action), or None to leave it to Typer."""
    if not argv:
        return None
    command, args = argv[0], argv[1:]
    if command == "exercises" and args[:1] == ["show"]:
        command, args = "exercises show", args[1:]
    if command not in SHAPES:
        return None
    names, required, options, flags = SHAPES[command]
    values: dict = {}
    positional: list = []
    i = 0
    only_positional = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_positional or not _looks_like_option(arg):
            positional.append(arg)
            continue
        if arg == "--":
            only_positional = True
            continue
        name, eq, inline = arg.partition("=")
        if name in flags and not eq:
            key, value = flags[name], True
        elif name in options:
            if eq:
                value = inline
            elif i < len(args) and not _looks_like_option(args[i]):
                value = args[i]
                i += 1
            else:
                return None
            key = options[name]
        else:
            return None
        if key in values:
            return None
        values[key] = value
    if names and names[-1].startswith("*"):
        fixed = len(names) - 1
        if len(positional) < required:
            return None
        values.update(zip(names[:fixed], positional, strict=False))
        values[names[-1][1:]] = positional[fixed:]
        return command, values
    if not required <= len(positional) <= len(names):
        return None
    values.update(zip(names, positional, strict=False))
    return command, values


def _looks_like_option(arg: str) -> bool:
    """``--side`` and ``-o`` are options; ``-`` and a negative number (``sore -1``) are values,
    refused by the action with a message that says why (typer_app.py reads them the same way)."""
    return arg.startswith("-") and arg != "-" and not arg[1:2].isdigit()


# --- help ---------------------------------------------------------------------------------------
# Typer renders the help; its text is kept in the cache folder so `glutelog --help` need not
# import Typer every time. The cache is keyed by glutelog's version and the Typer app's source.


def help_words(argv: list[str]) -> list[str]:
    """``glutelog help`` and ``glutelog help done`` are ``--help`` and ``done --help``, as people
    who know ``git help`` type them: ``help_words(["help", "done"]) == ["done", "--help"]``."""
    if argv[:1] == ["help"]:
        return [*argv[1:], "--help"]
    return argv


def help_key(argv: list[str]) -> str | None:
    """ "" for the main help, "done" for `glutelog done --help`; None if not a help request."""
    if not argv:
        return ""
    if argv[-1] not in ("--help", "-h"):
        return None
    command = " ".join(argv[:-1])
    return command if command == "" or command in SHAPES or command in HELP_ONLY else None


def _help_stamp() -> tuple:
    """What the kept help texts were made from: this version and the Typer app's source."""
    import os

    from glutelog import __version__

    folder = os.path.dirname(os.path.abspath(__file__))
    stamp: tuple = (__version__,)
    for name in ("typer_base.py", "typer_app.py"):
        try:
            info = os.stat(os.path.join(folder, name))
            stamp += (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp += (0, 0)
    return stamp


def _kept_help() -> dict:
    from glutelog import paths

    found = paths.read_cache(HELP_CACHE)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == _help_stamp():
        return found[1]
    return {}


def cached_help(key: str) -> str | None:
    return _kept_help().get(key)


def remember_help(key: str, text: str) -> None:
    """Keep Typer's help text for next time; a cache that cannot be written is skipped."""
    from glutelog import paths

    texts = _kept_help()
    texts[key] = text
    paths.write_cache(HELP_CACHE, (_help_stamp(), texts))


def run(argv: list[str]) -> int | None:
    """Run ``argv`` if it has a shape known here; None when Typer should handle it."""
    key = help_key(argv)
    if key is not None:
        text = cached_help(key)
        if text is None:
            return None
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    parsed = parse(fill_optional(argv))
    if parsed is None:
        if argv == ["--version"]:
            from glutelog import __version__

            sys.stdout.write(f"glutelog {__version__}\n")
            return 0
        return None
    command, values = parsed
    from glutelog import commands, errors, parsing

    try:
        parsing.check_text(values)
        action = commands.function(ACTIONS.get(command, command))
        if command in ASKING and sys.stdin is not None and sys.stdin.isatty():
            values["ask"] = input  # on a terminal a question is asked, not refused
        # Start-up ran without the collector (see entry.main). The command itself gets it back,
        # for one that reads a whole file may make garbage in cycles, row after row; what the
        # imports made is set aside first, so that its passes stay short.
        gc.freeze()
        gc.enable()
        output = action(**values)
    except BaseException as exc:  # noqa: BLE001 - every failure must end as one line + a code
        if isinstance(exc, SystemExit):
            raise
        return errors.emit(exc)
    from glutelog.output import terminal

    return errors.deliver(terminal.fit(output)) if output else 0
