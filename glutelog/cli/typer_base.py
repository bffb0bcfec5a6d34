"""What every Typer command shares: the app with one-line usage errors, the options
several commands take, and ``run``, which prints a command's output or its error as one
line and an exit code."""

from __future__ import annotations

import os
import sys
from typing import Annotated

os.environ.setdefault("TYPER_USE_RICH", "0")  # plain help and errors; rich costs start-up time

import typer
from typer import Abort
from typer._click.exceptions import ClickException, NoSuchOption
from typer.core import TyperCommand, TyperGroup

from glutelog import __version__, errors, parsing
from glutelog.cli import completion

HELP = """Plan and log a daily glute and piriformis routine.

Each morning `glutelog plan`; after a set `glutelog done bridge 12`; soreness 0-10 with
`glutelog sore 4`; on Sunday `glutelog report`. Everything stays in one SQLite file on this
machine (`glutelog where`). glutelog is a self-tracking tool, not medical advice.
"""


class OneLineErrors(TyperGroup):
    """Usage errors as one line on stderr (exit 2) instead of a usage block."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # plain `glutelog`: show the help
                sys.stdout.write(exc.format_message() + "\n")
                code = 0
                if standalone_mode:
                    sys.exit(code)
                return code
            sys.stderr.write(f"glutelog: {errors.one_line(exc.format_message())} (see --help)\n")
            code = exc.exit_code
        except Abort:
            code = errors.emit(KeyboardInterrupt())
        else:
            code = result if isinstance(result, int) else 0
        if standalone_mode:
            sys.exit(code)
        return code

    def format_commands(self, ctx, formatter):
        """The commands in their groups (``rich_help_panel``: daily, review, fix, data,
        setup), each group a section of its own, names aligned across the groups."""
        listed = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                listed.append((name, command))
        if not listed:
            return
        width = max(len(name) for name, _ in listed)
        limit = formatter.width - 6 - width
        groups: dict[str, list] = {}
        for name, command in listed:
            panel = getattr(command, "rich_help_panel", None) or "Commands"
            groups.setdefault(panel, []).append(
                (name.ljust(width), command.get_short_help_str(limit))
            )
        for panel in sorted(groups, key=lambda p: PANELS.index(p) if p in PANELS else -1):
            with formatter.section(panel):
                formatter.write_dl(groups[panel])


# The groups of commands in `glutelog --help`, in the order shown.
DAILY, REVIEW, FIX, DATA, SETUP = PANELS = (
    "Every day",
    "Looking back",
    "Fixing a mistake",
    "Your data",
    "Setting up",
)


class Command(TyperCommand):
    """Every command: a negative number is a value, not an option (``sore -1`` is refused by the
    action as out of range, as by the fast path), and the usage line reads
    ``glutelog done [OPTIONS] EXERCISE [AMOUNT]...``, without Typer's braces."""

    def parse_args(self, ctx, args):
        words = args[: args.index("--")] if "--" in args else args
        if any(_negative(w) for w in words):
            known = {
                opt
                for param in self.get_params(ctx)
                for opt in (*param.opts, *param.secondary_opts)
            }
            for word in words:
                name = word.partition("=")[0]
                if word[:1] == "-" and word != "-" and not _negative(word) and name not in known:
                    import difflib

                    close = difflib.get_close_matches(name, [k for k in known if k[:2] == "--"])
                    raise NoSuchOption(name, possibilities=close, ctx=ctx)
            ctx.ignore_unknown_options = True  # the only "unknown options" left are the numbers
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx):
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p[:1] == "{" and p[-1:] == "}" else p for p in pieces]


def _negative(word: str) -> bool:
    return word[:1] == "-" and word[1:2].isdigit()


class App(typer.Typer):
    """A Typer app whose commands are all :class:`Command`."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)


app = App(
    cls=OneLineErrors,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,  # glutelog's own --install-completion and --show-completion (typer_app)
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

Db = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database file (default: $GLUTELOG_DB, else the app folder).", metavar="PATH"
    ),
]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
At = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="When it was done: 2026-11-24 07:30, yesterday, 'mon 7am', '2 days ago'.",
        metavar="WHEN",
    ),
]
Note = Annotated[
    str | None,
    typer.Option("--note", help="A short remark to keep with the entry.", metavar="TEXT"),
]

# Options that `done` and `edit` share.
Sets = Annotated[str | None, typer.Option("--sets", help="Number of sets.", metavar="N")]


def _side(default: str):
    """--side for `done` (both sides by default) and `edit` (which keeps the stored side)."""
    return Annotated[
        str | None,
        typer.Option(
            "--side",
            help=f"left, right or both (default: {default}).",
            metavar="SIDE",
            autocompletion=completion.sides,
        ),
    ]


Side = _side("both")
EditSide = _side("keep the side")
Pain = Annotated[
    str | None, typer.Option("--pain", help="Pain during the set, 0-10.", metavar="0-10")
]

_debug = False  # --debug: errors with their traceback


def set_debug(on: bool) -> None:
    global _debug
    _debug = on


def run(action, **values) -> None:
    """Call an action, print its output; turn any error into one line and its exit code."""
    try:
        parsing.check_text(values)
        output = action(**values)
    except BaseException as exc:  # noqa: BLE001 - every failure must end as one line + a code
        if isinstance(exc, typer.Exit | SystemExit):
            raise
        raise typer.Exit(errors.emit(exc, debug=_debug)) from None
    if output:
        code = errors.deliver(output)
        if code:
            raise typer.Exit(code)


def show_completion(value: str | None) -> None:
    """--show-completion [SHELL]: print that shell's script (default: the shell in use)."""
    if value is None:
        return
    typer.echo(completion.script(_shell(value)), nl=False)
    raise typer.Exit()


def install_completion(value: str | None) -> None:
    """--install-completion [SHELL]: the script in place and one line that loads it."""
    if value is None:
        return
    run(lambda: completion.install(_shell(value)))
    raise typer.Exit()


def _shell(value: str) -> str:
    """The shell named, or the one in use for ``-`` (the option given without a name)."""
    name = value.strip().lower() if value != "-" else completion.detected_shell()
    name = {"pwsh": "powershell"}.get(name or "", name)
    if name not in completion.SHELLS:
        shells = ", ".join(completion.SHELLS)
        said = "could not tell which shell this is" if value == "-" else f"no script for {value!r}"
        sys.stderr.write(f"glutelog: {said}; name one: {shells}\n")
        raise typer.Exit(errors.USAGE)
    return name


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"glutelog {__version__}")
        raise typer.Exit()
