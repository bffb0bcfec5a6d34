"""The command line, defined once with Typer: commands, options, help text and usage errors.

Each command hands the values it was given to ``glutelog.actions`` and prints what comes back.
The everyday commands are usually served by ``glutelog.dispatch`` without importing this module;
it falls back here for anything it does not recognise, and a test keeps the two in step.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

os.environ.setdefault("TYPER_USE_RICH", "0")  # plain help and errors; rich costs start-up time

import typer
from typer import Abort
from typer._click.exceptions import ClickException
from typer.core import TyperGroup

from glutelog import __version__, actions, errors

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


app = typer.Typer(
    cls=OneLineErrors,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
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
Side = Annotated[
    str | None, typer.Option("--side", help="left, right or both (default both).", metavar="SIDE")
]
Pain = Annotated[
    str | None, typer.Option("--pain", help="Pain during the set, 0-10.", metavar="0-10")
]

_debug = False


def run(action, **values) -> None:
    """Call an action, print its output; turn any error into one line and its exit code."""
    try:
        actions.check_text(values)
        output = action(**values)
    except BaseException as exc:  # noqa: BLE001 - every failure must end as one line + a code
        if isinstance(exc, typer.Exit | SystemExit):
            raise
        raise typer.Exit(errors.emit(exc, debug=_debug)) from None
    if output:
        code = errors.deliver(output)
        if code:
            raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"glutelog {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback on errors.")
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file, for any command, before or after the command "
            "(default: $GLUTELOG_DB, else the app folder).",
            metavar="PATH",
        ),
    ] = None,
) -> None:
    global _debug
    _debug = debug
    if db is not None:
        if not db.strip():
            sys.stderr.write("glutelog: --db needs a file name\n")
            raise typer.Exit(errors.USAGE)
        os.environ["GLUTELOG_DB"] = db


@app.command()
def done(
    exercise: Annotated[
        str, typer.Argument(help="Exercise name, alias or unique prefix.", metavar="EXERCISE")
    ],
    amount: Annotated[
        list[str] | None,
        typer.Argument(
            help="12, 30s, 2min, 1.5km or SETSxAMOUNT like 3x12; a run's distance and time "
            "together (20km 105min); default: today's planned dose.",
            metavar="[AMOUNT]...",
            show_default=False,
        ),
    ] = None,
    sets: Sets = None,
    side: Side = None,
    pain: Pain = None,
    at: At = None,
    note: Note = None,
    tingling: Annotated[
        bool,
        typer.Option(
            "--tingling",
            help="It caused tingling or shooting pain: also flag it, so it is set aside a while.",
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Log a set of an exercise.

    Example: glutelog done bridge 12; glutelog done pigeon 30s --side left; glutelog done run
    20km 105min; glutelog done pigeon 30s --tingling
    """
    run(
        actions.done,
        db=db,
        exercise=exercise,
        amount=amount or None,
        sets=sets,
        side=side,
        pain=pain,
        at=at,
        note=note,
        tingling=tingling,
    )


@app.command()
def sore(
    score: Annotated[
        str, typer.Argument(help="Soreness from 0 (none) to 10 (worst).", metavar="SCORE")
    ],
    morning: Annotated[
        bool, typer.Option("--morning", help="On waking: how yesterday's work sits.")
    ] = False,
    after: Annotated[bool, typer.Option("--after", help="After a session.")] = False,
    side: Annotated[
        str | None, typer.Option("--side", help="left or right.", metavar="SIDE")
    ] = None,
    at: At = None,
    note: Note = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace the day's morning score instead of refusing."),
    ] = False,
    db: Db = None,
) -> None:
    """Record soreness on the 0-10 scale.

    Without --morning or --after it counts as a morning score if nothing was logged yet that
    day, else as an after-session score. A day has one morning score: change it with --replace.
    Example: glutelog sore 4 --morning; glutelog sore 3 --morning --replace
    """
    run(
        actions.sore,
        db=db,
        score=score,
        morning=morning,
        after=after,
        side=side,
        at=at,
        note=note,
        replace=replace,
    )


@app.command()
def flag(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="The warning sign, in as many words as you like (`glutelog flag` lists them); "
            "for tingling, then the exercise.",
            metavar="[SYMPTOM] [EXERCISE]",
            show_default=False,
        ),
    ] = None,
    note: Note = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="When you noticed it (or, with --clear, were assessed).", metavar="WHEN"
        ),
    ] = None,
    clear: Annotated[
        bool,
        typer.Option(
            "--clear",
            help="You have been assessed: end every flag in force, or only SYMPTOM's.",
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Record a warning sign (a red flag) and get told what to do about it.

    Emergency signs (numbness in the saddle area, bladder or bowel changes, sciatica or
    weakness in both legs, new sexual dysfunction) say go to an emergency department now;
    urgent ones (leg weakness or foot drop, spreading numbness, pain after a fall, fever,
    weight loss or a history of cancer, night pain, balance problems) say see a clinician within
    1-2 days. Both pause the plan until cleared. Routine ones (recent surgery, first episode
    under 20 or over 50) say book a GP or physiotherapist. Tingling or shooting pain during an
    exercise names it and sets it aside for two weeks.

    Without a sign, lists every sign with its aliases and what is in force now. Only
    `glutelog flag --clear` ends a flag: `undo` and `rm` never remove one. Clearing when nothing
    is in force says so and exits 0.

    Example: glutelog flag numb saddle; glutelog flag "foot drop"; glutelog flag tingling pigeon;
    glutelog flag --clear
    """
    run(actions.flag, db=db, words=words, note=note, at=at, clear=clear)


@app.command()
def plan(
    date: Annotated[
        str | None, typer.Option("--date", help="The day to plan (default today).", metavar="DAY")
    ] = None,
    schedule: Annotated[
        str | None,
        typer.Option(
            "--schedule",
            help="daily, alternate or maintenance; remembered once chosen.",
            metavar="SCHEDULE",
        ),
    ] = None,
    days: Annotated[
        str | None,
        typer.Option(
            "--days",
            help="Show N days from --date (up to 28); later days are a projection.",
            metavar="N",
        ),
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say which rule put each item in or left it out.")
    ] = False,
    minutes: Annotated[
        str | None,
        typer.Option(
            "--minutes",
            help="Only M minutes today: keep the items that matter most (kept for the day; "
            "'off' gives the whole plan back).",
            metavar="M",
        ),
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """Show the routine for today (or --date), dosed from your history, soreness and flags.

    A bare weekday (--date friday) is the coming one. Example: glutelog plan; glutelog plan
    --explain; glutelog plan --days 7; glutelog plan --minutes 10; glutelog plan --date 'next friday'
    """
    run(
        actions.plan,
        db=db,
        day=date,
        schedule=schedule,
        as_json=json,
        days=days,
        explain=explain,
        minutes=minutes,
    )


@app.command()
def report(
    week: Annotated[
        str | None,
        typer.Option(
            "--week", help="Any day of the week to report (default this week).", metavar="DAY"
        ),
    ] = None,
    weeks: Annotated[
        str | None,
        typer.Option("--weeks", help="The last N Monday-Sunday weeks, a row each.", metavar="N"),
    ] = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month",
            help="A calendar month: this month alone, or 2026-11, nov, last.",
            metavar="[MONTH]",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", help="The days from DAY (to --until, default today).", metavar="DAY"
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="The last day of a --since report.", metavar="DAY"),
    ] = None,
    year: Annotated[
        bool,
        typer.Option("--year", help="The last twelve calendar months, month by month, instead."),
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="text (default), json, csv or markdown.", metavar="FORMAT"),
    ] = None,
    json: Json = False,
    ascii: Annotated[bool, typer.Option("--ascii", help="Draw the charts in plain ASCII.")] = False,
    db: Db = None,
) -> None:
    """Is it helping? Done against plan, totals, soreness trend, streaks and what they suggest.

    A Monday-Sunday week by default; --weeks N, --month, --since/--until or --year for longer.
    Charts of the plan done and of morning soreness are drawn in the text; --format csv gives a
    row per day (per week with --weeks, per month with --year).

    Example: glutelog report; glutelog report --weeks 12; glutelog report --month nov --format csv
    """
    run(
        actions.report,
        db=db,
        week=week,
        weeks=weeks,
        month=month,
        since=since,
        until=until,
        year=year,
        fmt=fmt,
        as_json=json,
        ascii=ascii,
    )


@app.command()
def history(
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day to show (default: two weeks ago).", metavar="DAY"),
    ] = None,
    exercise: Annotated[
        str | None, typer.Option("--exercise", help="Only this exercise.", metavar="NAME")
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """List logged sets with their ids, newest first.

    Example: glutelog history --since 'last monday' --exercise bridge
    """
    run(actions.history, db=db, since=since, exercise=exercise, as_json=json)


@app.command()
def undo(db: Db = None) -> None:
    """Remove the most recently logged set or soreness score, and print it. Repeat to go back further.

    Example: glutelog undo
    """
    run(actions.undo, db=db)


@app.command()
def rm(
    row_id: Annotated[
        str, typer.Argument(help="A set's id (12) or a soreness score's (s3).", metavar="ID")
    ],
    db: Db = None,
) -> None:
    """Remove one entry by its id, as `glutelog history` shows it.

    Example: glutelog rm 12; glutelog rm s3
    """
    run(actions.rm, db=db, row_id=row_id)


@app.command()
def edit(
    row_id: Annotated[
        str, typer.Argument(help="The set's id, as `glutelog history` shows it.", metavar="ID")
    ],
    amount: Annotated[
        str | None, typer.Option("--amount", help="12, 30s, 2min, 1.5km or 3x12.", metavar="AMOUNT")
    ] = None,
    sets: Sets = None,
    side: Side = None,
    at: At = None,
    pain: Pain = None,
    note: Note = None,
    db: Db = None,
) -> None:
    """Change a logged set; prints it before and after.

    Example: glutelog edit 12 --amount 15 --side left
    """
    run(
        actions.edit,
        db=db,
        row_id=row_id,
        amount=amount,
        sets=sets,
        side=side,
        at=at,
        pain=pain,
        note=note,
    )


@app.command()
def export(
    format: Annotated[
        str,
        typer.Option(
            "--format", help="json (everything; the backup format) or csv.", metavar="FORMAT"
        ),
    ] = "json",
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", help="Write to FILE instead of printing.", metavar="FILE"),
    ] = None,
    db: Db = None,
) -> None:
    """Export everything: sets, soreness scores and settings.

    Example: glutelog export -o glutelog-2026-11-24.json; glutelog export --format csv > log.csv
    """
    run(actions.export, db=db, fmt=format, output=output)


@app.command("import")
def import_command(
    path: Annotated[
        str, typer.Argument(help="A JSON file made by `glutelog export`.", metavar="FILE")
    ],
    db: Db = None,
) -> None:
    """Import an export: every record is checked first, then all are written or none.

    Records already present are skipped, so importing the same file twice adds nothing.
    Example: glutelog import glutelog-2026-11-24.json
    """
    run(actions.import_file, db=db, path=path)


@app.command()
def backup(
    target: Annotated[
        str | None,
        typer.Argument(
            help="Where to write the copy (default: beside the database).", metavar="FILE"
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Copy the live database safely (SQLite's backup API) and verify the copy.

    Example: glutelog backup ~/glutelog-copy.db
    """
    run(actions.backup_db, db=db, target=target)


@app.command()
def check(db: Db = None) -> None:
    """Check the database's integrity and print its schema version and counts.

    Example: glutelog check
    """
    run(actions.check, db=db)


@app.command()
def where(db: Db = None) -> None:
    """Print the path of the database glutelog uses.

    Example: glutelog where
    """
    run(actions.where, db=db)


exercises_app = typer.Typer(
    cls=OneLineErrors,
    help="The exercise catalog.",
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(exercises_app, name="exercises")


@exercises_app.callback()
def exercises(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind", help="stretch, strength, release, recovery or cross-training.", metavar="KIND"
        ),
    ] = None,
    db: Db = None,
) -> None:
    """List the exercise catalog, or show one exercise's steps.

    Example: glutelog exercises --kind stretch; glutelog exercises show pigeon
    """
    if ctx.invoked_subcommand is None:
        run(actions.exercises, db=db, kind=kind)


@exercises_app.command("show")
def exercises_show(
    name: Annotated[
        str, typer.Argument(help="Exercise name, alias or unique prefix.", metavar="NAME")
    ],
    db: Db = None,
) -> None:
    """Show one exercise: dose, variants, cue, steps and cautions.

    Example: glutelog exercises show pigeon
    """
    run(actions.show_exercise, db=db, name=name)


@app.command()
def config(
    key: Annotated[
        str | None,
        typer.Argument(
            help="A setting's name; without one, every setting is listed.", metavar="KEY"
        ),
    ] = None,
    value: Annotated[
        list[str] | None,
        typer.Argument(
            help="The new value; several words count as one (90 min 15 km).", metavar="VALUE"
        ),
    ] = None,
    unset: Annotated[
        str | None,
        typer.Option("--unset", help="Return this setting to its default.", metavar="KEY"),
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """Show or change the settings kept with your data; each value is checked before it is kept.

    Without KEY every setting is listed with its value, what it allows and what it does; with
    KEY alone its value is printed.

    Example: glutelog config side left; glutelog config --unset side; glutelog config
    long-run 90min 15km
    """
    run(actions.config, db=db, key=key, value=value, unset=unset, as_json=json)


@app.command("rules")
def rules_command(db: Db = None) -> None:
    """Print every planning rule's number and where it comes from (the same for every database).

    Example: glutelog rules
    """
    run(actions.rules, db=db)


def run_cli(argv: list[str]) -> int:
    """Run the Typer app on ``argv`` and return the exit code."""
    from glutelog.dispatch import fill_optional

    try:
        return app(args=fill_optional(argv), prog_name="glutelog", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
