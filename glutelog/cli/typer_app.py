"""The command line, defined once with Typer: the commands of the app: each declares its arguments, options and help text, and hands
the values to its function in ``glutelog.commands``."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from glutelog import errors
from glutelog.cli import completion
from glutelog.cli.typer_base import (
    DAILY,
    DATA,
    FIX,
    REVIEW,
    SETUP,
    App,
    At,
    Db,
    EditSide,
    Json,
    Note,
    OneLineErrors,
    Pain,
    Sets,
    Side,
    app,
    install_completion,
    run,
    set_debug,
    show_completion,
    show_version,
)
from glutelog.commands import config as config_commands
from glutelog.commands import data, entries, views
from glutelog.commands import exercises as exercise_commands


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=show_version, is_eager=True, help="Print the version and exit."
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
    install: Annotated[
        str | None,
        typer.Option(
            "--install-completion",
            callback=install_completion,
            is_eager=True,
            expose_value=False,
            help="Make Tab complete glutelog in SHELL (default: this one): one line that "
            "loads its script is added to the shell's startup file, and nothing else.",
            metavar="[SHELL]",
            autocompletion=completion.shells,
        ),
    ] = None,
    show: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            callback=show_completion,
            is_eager=True,
            expose_value=False,
            help="Print SHELL's completion script (bash, zsh, fish or powershell; default: "
            "this one), to load it your own way.",
            metavar="[SHELL]",
            autocompletion=completion.shells,
        ),
    ] = None,
) -> None:
    set_debug(debug)
    if db is not None:
        if not db.strip():
            sys.stderr.write("glutelog: --db needs a file name\n")
            raise typer.Exit(errors.USAGE)
        os.environ["GLUTELOG_DB"] = db


@app.command(rich_help_panel=DAILY)
def done(
    exercise: Annotated[
        str,
        typer.Argument(
            help="Exercise name, alias or unique prefix, in as many words as it takes "
            "(tennis ball, figure 4): no quotes needed.",
            metavar="EXERCISE",
            autocompletion=completion.exercises,
        ),
    ],
    amount: Annotated[
        list[str] | None,
        typer.Argument(
            help="12, 30s, 25 sec, 2 min, 1.5km, 3x12 or 3 sets of 12; a run's distance and "
            "time together (20km in 105min); default: today's planned dose.",
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
    json: Json = False,
    db: Db = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", help="Log it even when --at is more than a week before the first entry."
        ),
    ] = False,
) -> None:
    """Log a set of an exercise.

    Examples:

    \b
      glutelog done bridge 3 sets of 12
      glutelog done tennis ball 25 sec
      glutelog done pigeon 30s --side left
      glutelog done run 20km in 105min
      glutelog done pigeon 30s --tingling
    """
    run(
        entries.done,
        db=db,
        exercise=exercise,
        amount=amount or None,
        sets=sets,
        side=side,
        pain=pain,
        at=at,
        note=note,
        tingling=tingling,
        as_json=json,
        yes=yes,
        ask=input if sys.stdin is not None and sys.stdin.isatty() else None,
    )


@app.command(rich_help_panel=DAILY)
def sore(
    score: Annotated[
        str, typer.Argument(help="Soreness from 0 (none) to 10 (worst).", metavar="SCORE")
    ],
    morning: Annotated[
        bool, typer.Option("--morning", help="On waking: how yesterday's work sits.")
    ] = False,
    after: Annotated[bool, typer.Option("--after", help="After a session.")] = False,
    side: Annotated[
        str | None,
        typer.Option(
            "--side", help="left or right.", metavar="SIDE", autocompletion=completion.sore_sides
        ),
    ] = None,
    at: At = None,
    note: Note = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace the day's morning score instead of refusing."),
    ] = False,
    json: Json = False,
    db: Db = None,
) -> None:
    """Record soreness on the 0-10 scale.

    Without --morning or --after it is a morning score before noon if nothing was logged yet
    that day; otherwise you are asked (on a terminal) or refused. A day has one morning score:
    change it with --replace.
    Examples:

    \b
      glutelog sore 4 --morning
      glutelog sore 3 --morning --replace
    """
    run(
        entries.sore,
        db=db,
        score=score,
        morning=morning,
        after=after,
        side=side,
        at=at,
        note=note,
        replace=replace,
        as_json=json,
    )


@app.command(rich_help_panel=DAILY)
def flag(
    words: Annotated[
        list[str] | None,
        typer.Argument(
            help="The warning sign, in as many words as you like (`glutelog flag` lists them); "
            "for tingling, then the exercise.",
            metavar="[SYMPTOM] [EXERCISE]",
            show_default=False,
            autocompletion=completion.symptoms,
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
    json: Json = False,
    db: Db = None,
) -> None:
    """Record a warning sign, in your own words, and learn what to do.

    A warning sign is a red flag. Emergency signs (numbness in the saddle area, bladder or bowel
    changes, sciatica or weakness in both legs, new sexual dysfunction) say go to an emergency
    department now; urgent ones (leg weakness or foot drop, spreading numbness, pain after a
    fall, fever, weight loss or a history of cancer, night pain, balance problems) say see a
    clinician within 1-2 days. Both pause the plan until cleared. Routine ones (surgery, first
    episode under 20 or over 50) say book a GP or physiotherapist; surgery in the last 3 months
    keeps the plan to walks and the easiest stretches. Tingling or shooting pain during an
    exercise names it and sets it aside for two weeks; tingling or numbness in one leg or foot
    is a symptom to watch, recorded without a pause.

    Say it as you would ("trouble peeing", "numb down there", "my foot tingles"). Words that
    deny a sign ("no numbness") record nothing; unclear ones are asked about on a terminal, and
    elsewhere refused with the command for each reading. A note that reads like a sign raises a
    suspected flag, confirmed with `glutelog flag SIGN` or ended with `glutelog flag --clear SIGN`.

    Without a sign, lists every sign with its aliases and what is in force now. Only
    `glutelog flag --clear` ends a flag (`rm` never removes one; `undo` takes back the last
    command, flags it raised included). Clearing when nothing is in force says so and exits 0.

    Examples:

    \b
      glutelog flag trouble peeing
      glutelog flag had surgery 6 weeks ago
      glutelog flag pins and needles left calf
      glutelog flag tingling pigeon
      glutelog flag --clear
    """
    run(entries.flag, db=db, words=words, note=note, at=at, clear=clear, as_json=json)


@app.command(rich_help_panel=DAILY)
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
            autocompletion=completion.schedules,
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
    """Show the routine for today or another day.

    Each item is dosed from your history, soreness and flags. A bare weekday (--date friday)
    is the coming one.

    Examples:

    \b
      glutelog plan
      glutelog plan --explain
      glutelog plan --days 7
      glutelog plan --minutes 10
      glutelog plan --date 'next friday'
    """
    run(
        views.plan,
        db=db,
        day=date,
        schedule=schedule,
        as_json=json,
        days=days,
        explain=explain,
        minutes=minutes,
    )


@app.command(rich_help_panel=REVIEW)
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
        typer.Option(
            "--format",
            help="text (default), json, csv or markdown.",
            metavar="FORMAT",
            autocompletion=completion.formats(*views.FORMATS),
        ),
    ] = None,
    json: Json = False,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            help="Write the report as one self-contained page to FILE, to print or to show a physio.",
            metavar="FILE",
        ),
    ] = None,
    ascii: Annotated[bool, typer.Option("--ascii", help="Draw the charts in plain ASCII.")] = False,
    db: Db = None,
) -> None:
    """Show whether the routine is helping, over any period.

    Done against plan, totals, soreness trend, streaks and what they suggest. A Monday-Sunday week by default; --weeks N, --month, --since/--until or --year for longer.
    Charts of the plan done and of morning soreness are drawn in the text; --format csv gives a
    row per day (per week with --weeks, per month with --year). --html FILE writes the same
    report as one page with charts (soreness over its zones, volume, left and right, today's
    doses) that opens offline and prints on A4 or Letter, to show a physio.

    Examples:

    \b
      glutelog report
      glutelog report --weeks 12
      glutelog report --month nov --format csv
      glutelog report --weeks 6 --html physio.html
    """
    run(
        views.report,
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
        html=html,
    )


@app.command(rich_help_panel=REVIEW)
def history(
    since: Annotated[
        str | None,
        typer.Option("--since", help="First day to show (default: two weeks ago).", metavar="DAY"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            help="Last day to show (default: no end); alone, the two weeks ending then.",
            metavar="DAY",
        ),
    ] = None,
    exercise: Annotated[
        str | None,
        typer.Option(
            "--exercise",
            help="Only this exercise.",
            metavar="NAME",
            autocompletion=completion.exercises,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only sets of this kind: stretch, strength, release, recovery or cross-training.",
            metavar="KIND",
            autocompletion=completion.kinds,
        ),
    ] = None,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="text (default), csv or json; csv and json list sets only.",
            metavar="FORMAT",
            autocompletion=completion.formats(*views.HISTORY_FORMATS),
        ),
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """List what was logged, newest first, with ids.

    Sets, soreness scores and flags; --exercise or --kind narrows the list to sets.

    Examples:

    \b
      glutelog history --since 'last monday' --exercise bridge
      glutelog history --since 2026-11-01 --until 2026-11-30 --format csv
      glutelog history --kind strength
    """
    run(
        views.history,
        db=db,
        since=since,
        until=until,
        exercise=exercise,
        kind=kind,
        fmt=format,
        as_json=json,
    )


@app.command(rich_help_panel=FIX)
def undo(
    count: Annotated[
        str | None,
        typer.Argument(
            help="How many logging commands to take back, newest first (default 1).", metavar="N"
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--list", help="Show what the undo would reverse; change nothing.")
    ] = False,
    json: Json = False,
    db: Db = None,
) -> None:
    """Reverse the last logging command whole, or the last N of them.

    A logging command is done, sore, flag or a set of go. Everything it stored is removed and
    anything it replaced comes back (the morning score a
    --replace took, a flag it cleared). It is printed as it goes; `undo 3` takes back the
    last three in one go, and `undo --list 3` shows what that would do.

    Examples:

    \b
      glutelog undo --list
      glutelog undo
      glutelog undo 3
    """
    run(entries.undo, db=db, count=count, as_json=json, show=show)


@app.command(rich_help_panel=FIX)
def rm(
    row_id: Annotated[
        list[str],
        typer.Argument(
            help="Ids as `history` shows them: a set's (12), a soreness score's (s3), or a "
            "range (159-168).",
            metavar="ID...",
        ),
    ],
    json: Json = False,
    db: Db = None,
) -> None:
    """Remove entries by id, as `glutelog history` shows them.

    Several at once are removed together, or none when one of them is not there.

    Examples:

    \b
      glutelog rm 12
      glutelog rm s3
      glutelog rm 168 167
      glutelog rm 159-168
    """
    run(entries.rm, db=db, row_id=row_id, as_json=json)


@app.command(rich_help_panel=FIX)
def edit(
    row_id: Annotated[
        str, typer.Argument(help="The set's id, as `glutelog history` shows it.", metavar="ID")
    ],
    amount: Annotated[
        str | None, typer.Option("--amount", help="12, 30s, 2min, 1.5km or 3x12.", metavar="AMOUNT")
    ] = None,
    sets: Sets = None,
    side: EditSide = None,
    at: At = None,
    pain: Pain = None,
    note: Note = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """Change a logged set; prints it before and after.

    Example:

    \b
      glutelog edit 12 --amount 15 --side left
    """
    run(
        entries.edit,
        db=db,
        row_id=row_id,
        amount=amount,
        sets=sets,
        side=side,
        at=at,
        pain=pain,
        note=note,
        as_json=json,
    )


Output = Annotated[
    str | None,
    typer.Option("-o", "--output", help="Write to FILE instead of printing.", metavar="FILE"),
]


@app.command(rich_help_panel=DATA)
def export(
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="json (everything; the backup format) or csv.",
            metavar="FORMAT",
            autocompletion=completion.formats("json", "csv"),
        ),
    ] = "json",
    output: Output = None,
    db: Db = None,
) -> None:
    """Export everything: sets, soreness scores and settings.

    Examples:

    \b
      glutelog export -o glutelog-2026-11-24.json
      glutelog export --format csv > log.csv
    """
    run(data.export, db=db, fmt=format, output=output)


@app.command(rich_help_panel=DATA)
def calendar(
    days: Annotated[
        str | None,
        typer.Option(
            "--days", help="How many days, today first (default 7, up to 28).", metavar="N"
        ),
    ] = None,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="A time of day (07:00, 7am): each exercise day becomes an event then, "
            "with a reminder.",
            metavar="TIME",
        ),
    ] = None,
    output: Output = None,
    force: Annotated[
        bool,
        typer.Option("--force", "-f", help="Replace the calendar file already at -o FILE."),
    ] = False,
    db: Db = None,
) -> None:
    """Write the coming plan days as an iCalendar file.

    One all-day event a day, listing the day's items and doses; days after today are a
    projection, and a day paused by a red flag says so. With --at each day with exercises is
    an event at that time, as long as the plan takes, with a reminder as it starts.

    Each day keeps its event's UID, and its SEQUENCE rises only when the day's plan changed,
    so importing a newer file updates the days instead of adding them twice. An existing
    file is replaced only with --force.

    Examples:

    \b
      glutelog calendar -o glutelog-plan.ics
      glutelog calendar --at 07:00 -o glutelog-plan.ics --force
      glutelog calendar --days 14 > plan.ics
    """
    from glutelog.commands import calendar

    run(calendar.calendar, db=db, days=days, output=output, at=at, force=force)


@app.command("import", rich_help_panel=DATA)
def import_command(
    path: Annotated[
        str, typer.Argument(help="A JSON file made by `glutelog export`.", metavar="FILE")
    ],
    db: Db = None,
) -> None:
    """Import a file made by `glutelog export`.

    Every record is checked first, then all are written or none.

    Records already present are skipped, so importing the same file twice adds nothing.

    Example:

    \b
      glutelog import glutelog-2026-11-24.json
    """
    run(data.import_file, db=db, path=path)


@app.command(rich_help_panel=DATA)
def backup(
    target: Annotated[
        str | None,
        typer.Argument(
            help="Where to write the copy (default: beside the database; - for standard output).",
            metavar="FILE",
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Copy the database safely and verify the copy.

    The copy is made with SQLite's backup API, so it is safe while glutelog is in use.

    Example:

    \b
      glutelog backup ~/glutelog-copy.db
    """
    run(data.backup_db, db=db, target=target)


@app.command(rich_help_panel=DATA)
def sync(
    folder_path: Annotated[
        str | None,
        typer.Argument(help="The shared folder (default: `config sync-dir`).", metavar="DIR"),
    ] = None,
    db: Db = None,
) -> None:
    """Sync with your other devices through a shared folder.

    Each device writes its own changes to its own files under DIR and reads everyone else's:
    any folder Syncthing, Dropbox or a USB stick carries works, with no server. With
    `config sync-passphrase` set, every file is sealed (encrypted and authenticated).

    Example:

    \b
      glutelog config sync-dir ~/Sync/glutelog
      glutelog sync
    """
    from glutelog.commands import sync as sync_commands

    run(sync_commands.sync, db=db, folder_path=folder_path)


@app.command(rich_help_panel=DATA)
def check(json: Json = False, db: Db = None) -> None:
    """Check the database and print its version and counts.

    Runs SQLite's integrity check and prints the schema version and how many rows it holds.

    Examples:

    \b
      glutelog check
      glutelog check --json
    """
    run(data.check, db=db, as_json=json)


@app.command(rich_help_panel=DATA)
def where(json: Json = False, db: Db = None) -> None:
    """Print the path of the database glutelog uses.

    Examples:

    \b
      glutelog where
      glutelog where --json
    """
    run(config_commands.where, db=db, as_json=json)


exercises_app = App(
    cls=OneLineErrors,
    rich_markup_mode=None,
    invoke_without_command=True,
)
app.add_typer(exercises_app, name="exercises", rich_help_panel=SETUP)


@exercises_app.callback()
def exercises(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="stretch, strength, release, recovery or cross-training.",
            metavar="KIND",
            autocompletion=completion.kinds,
        ),
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """List the exercise catalog, or show one exercise's steps.

    Examples:

    \b
      glutelog exercises --kind stretch
      glutelog exercises show pigeon
    """
    if ctx.invoked_subcommand is None:
        run(exercise_commands.exercises, db=db, kind=kind, as_json=json)


@exercises_app.command("show")
def exercises_show(
    name: Annotated[
        str,
        typer.Argument(
            help="Exercise name, alias or unique prefix.",
            metavar="NAME",
            autocompletion=completion.exercises,
        ),
    ],
    json: Json = False,
    db: Db = None,
) -> None:
    """Show one exercise: dose, variants, cue, steps and cautions.

    Examples:

    \b
      glutelog exercises show pigeon
      glutelog exercises show pigeon --json
    """
    run(exercise_commands.show_exercise, db=db, name=name, as_json=json)


@exercises_app.command("add")
def exercises_add(
    name: Annotated[
        str | None, typer.Option("--name", help="The name shown.", metavar="TEXT")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="stretch, strength, release, recovery or cross-training.",
            metavar="KIND",
            autocompletion=completion.kinds,
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit",
            help="reps, seconds, minutes, lengths, km or none.",
            metavar="UNIT",
            autocompletion=completion.units,
        ),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option(
            "--amount", help="Default amount per set: 12, 30s, 2min, 3x12.", metavar="AMOUNT"
        ),
    ] = None,
    sets: Annotated[
        str | None, typer.Option("--sets", help="Default number of sets.", metavar="N")
    ] = None,
    per_side: Annotated[
        bool, typer.Option("--per-side", help="The dose is done on each side, left and right.")
    ] = False,
    cue: Annotated[
        str | None, typer.Option("--cue", help="One short line to keep in mind.", metavar="TEXT")
    ] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option("--alias", help="Another name to type; repeat for more.", metavar="NAME"),
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option(
            "--target", "--targets", help="A muscle or area it works; repeat.", metavar="TEXT"
        ),
    ] = None,
    step: Annotated[
        list[str] | None,
        typer.Option("--step", help="How to do it, one step each; repeat.", metavar="TEXT"),
    ] = None,
    caution: Annotated[
        list[str] | None,
        typer.Option("--caution", help="Something to watch for; repeat.", metavar="TEXT"),
    ] = None,
    routine: Annotated[
        str | None,
        typer.Option(
            "--routine",
            help="Also plan it, in the daily, strength or recovery block (needs a dose); "
            "without it the exercise is logged, never planned.",
            metavar="BLOCK",
            autocompletion=completion.routine_blocks,
        ),
    ] = None,
    slug: Annotated[
        str | None,
        typer.Option("--slug", help="Its short id (default: made from the name).", metavar="SLUG"),
    ] = None,
    db: Db = None,
) -> None:
    """Add an exercise of your own to catalog.toml beside the database.

    On a terminal it asks for what the options leave out; otherwise give at least --name,
    --kind, --unit and --cue. Comments and order in the file are kept, and the whole catalog is
    checked before the file is replaced.

    Example:

    \b
      glutelog exercises add --name "Doorway stretch" --kind stretch \\
        --unit seconds --sets 2 --amount 30s --per-side \\
        --cue "Lean in gently" --routine daily
    """
    from glutelog.commands import exercises

    terminal = sys.stdin is not None and sys.stdin.isatty()
    run(
        exercises.add,
        db=db,
        ask=input if terminal else None,
        say=lambda text: sys.stderr.write(f"  {text}\n"),
        name=name,
        kind=kind,
        unit=unit,
        amount=amount,
        sets=sets,
        per_side=per_side,
        cue=cue,
        aliases=alias,
        targets=target,
        steps=step,
        cautions=caution,
        routine=routine,
        slug=slug,
    )


@exercises_app.command("check")
def exercises_check(db: Db = None) -> None:
    """Check your catalog.toml: each mistake is named with its line and the nearest valid name.

    Example:

    \b
      glutelog exercises check
    """
    from glutelog.commands import exercises

    run(exercises.check, db=db)


@app.command(rich_help_panel=SETUP)
def config(
    key: Annotated[
        str | None,
        typer.Argument(
            help="A setting's name; without one, every setting is listed.",
            metavar="KEY",
            autocompletion=completion.setting_keys,
        ),
    ] = None,
    value: Annotated[
        list[str] | None,
        typer.Argument(
            help="The new value; several words count as one (90 min 15 km).",
            metavar="VALUE",
            autocompletion=completion.setting_values,
        ),
    ] = None,
    unset: Annotated[
        str | None,
        typer.Option(
            "--unset",
            help="Return this setting to its default.",
            metavar="KEY",
            autocompletion=completion.setting_keys,
        ),
    ] = None,
    json: Json = False,
    db: Db = None,
) -> None:
    """Show or change your settings.

    They are kept with your data, and each value is checked before it is kept. Without KEY every setting is listed with its value, what it allows and what it does; with
    KEY alone its value is printed.

    Examples:

    \b
      glutelog config side left
      glutelog config --unset side
      glutelog config long-run 90min 15km
    """
    run(config_commands.config, db=db, key=key, value=value, unset=unset, as_json=json)


@app.command(rich_help_panel=DAILY)
def go(
    no_timer: Annotated[
        bool,
        typer.Option(
            "--no-timer", help="Log each hold at its planned dose without counting it down."
        ),
    ] = False,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="Only this kind: stretch, strength, release, recovery or cross-training.",
            metavar="KIND",
            autocompletion=completion.kinds,
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", help="No bell at side switches and ends of holds.")
    ] = False,
    db: Db = None,
) -> None:
    """Be guided through what is left of today's plan, on a terminal.

    Each hold is counted down per set and side (with rests and a cue to switch sides) and
    each set is logged as it is finished, as `glutelog done` logs it; rep sets ask how many.
    Keys: Enter ends a hold or rest now, s skips the rest of an exercise, q stops; Ctrl-C
    stops too, keeping every set logged so far. At the end it asks for soreness (0-10).

    Examples:

    \b
      glutelog go
      glutelog go --only stretch
      glutelog go --no-timer --quiet
    """
    from glutelog.commands import guided

    run(guided.go, db=db, no_timer=no_timer, only=only, quiet=quiet)


@app.command("rules", rich_help_panel=SETUP)
def rules_command(json: Json = False, db: Db = None) -> None:
    """Print every planning rule and where it comes from.

    The rules are the same for every database.

    Examples:

    \b
      glutelog rules
      glutelog rules --json
    """
    run(config_commands.rules, db=db, as_json=json)


@app.command(rich_help_panel=DAILY)
def status(json: Json = False, db: Db = None) -> None:
    """Print one short line for a shell prompt or status bar.

    Done of planned today, the zone and the next item, e.g.
    `glutelog 3/7 amber · next: pigeon 3x30s/side`.

    It never creates a database and never fails loudly: with no database yet, or one it cannot
    read, it prints a short line saying so and exits 0. Colour only on a terminal.

    Examples:

    \b
      PS1='$(glutelog status) $ '                 (a bash prompt)
      set -g status-right '#(glutelog status)'    (in tmux.conf)
    """
    run(views.status, db=db, as_json=json)


def run_cli(argv: list[str]) -> int:
    """Run the Typer app on ``argv`` and return the exit code."""
    from glutelog.cli.dispatch import fill_optional

    try:
        return app(
            args=shell_named(fill_optional(argv)), prog_name="glutelog", standalone_mode=False
        )
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1


def shell_named(argv: list[str]) -> list[str]:
    """--show-completion and --install-completion given without a shell name the shell in
    use, as ``-`` (see ``typer_base._shell``)."""
    named = []
    for i, arg in enumerate(argv):
        named.append(arg)
        if arg == "--":
            return named + argv[i + 1 :]
        following = argv[i + 1] if i + 1 < len(argv) else None
        if arg in ("--show-completion", "--install-completion") and (
            following is None or following.startswith("-")
        ):
            named.append("-")
    return named
