"""A small dispatcher for the everyday command shapes, so they start without importing Typer.

It recognises only plain forms of ``done``, ``sore``, ``plan``, ``report`` and ``history``
(the options Typer defines for them, each at most once). Anything else, including ``--help``,
an unknown or repeated option or a missing value, is declined (``None``) and handled by the
Typer app in ``cli.py``, which stays the one definition of commands, help and usage errors.
A test checks that these shapes match the Typer commands, and another that both paths give the
same output, exit code and stored rows.
"""

from __future__ import annotations

import sys

# command: (positional names, required count, {option: parameter}, {flag: parameter})
SHAPES = {
    "done": (
        ("exercise", "amount"),
        1,
        {
            "--sets": "sets",
            "--side": "side",
            "--pain": "pain",
            "--at": "at",
            "--note": "note",
            "--db": "db",
        },
        {},
    ),
    "sore": (
        ("score",),
        1,
        {"--side": "side", "--at": "at", "--note": "note", "--db": "db"},
        {"--morning": "morning", "--after": "after"},
    ),
    "plan": (
        (),
        0,
        {"--date": "day", "--schedule": "schedule", "--db": "db"},
        {"--json": "as_json"},
    ),
    "report": ((), 0, {"--week": "week", "--db": "db"}, {"--json": "as_json"}),
    "history": (
        (),
        0,
        {"--since": "since", "--exercise": "exercise", "--db": "db"},
        {"--json": "as_json"},
    ),
}


def parse(argv: list[str]) -> tuple[str, dict] | None:
    """(command, keyword arguments for its action), or None to leave it to Typer."""
    if not argv or argv[0] not in SHAPES:
        return None
    command = argv[0]
    names, required, options, flags = SHAPES[command]
    values: dict = {}
    positional: list = []
    args = argv[1:]
    i = 0
    only_positional = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_positional or not arg.startswith("-") or arg == "-":
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
            elif i < len(args) and not args[i].startswith("-"):
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
    if not required <= len(positional) <= len(names):
        return None
    values.update(zip(names, positional, strict=False))
    return command, values


def run(argv: list[str]) -> int | None:
    """Run ``argv`` if it has a shape known here; None when Typer should handle it."""
    parsed = parse(argv)
    if parsed is None:
        return None
    command, values = parsed
    from glutelog import actions, errors

    try:
        actions.check_text(values)
        output = getattr(actions, command)(**values)
    except BaseException as exc:  # noqa: BLE001 - every failure must end as one line + a code
        if isinstance(exc, SystemExit):
            raise
        return errors.emit(exc)
    if output:
        sys.stdout.write(output + "\n")
        sys.stdout.flush()
    return 0
