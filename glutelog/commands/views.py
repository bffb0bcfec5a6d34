"""What the commands that show things do: the plan (a day, days ahead, its views), the
reports that read plans of past days, and the history list.
"""

from __future__ import annotations

import sys

from glutelog import parsing, paths
from glutelog.commands.common import day_of
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.errors import BadInput, GlutelogError
from glutelog.output import render, terminal
from glutelog.output.terminal import Verbatim
from glutelog.parsing import utc_text
from glutelog.planner.day_plan import history_start
from glutelog.rules import rule
from glutelog.stdlib import date, timedelta


def plan(
    db=None,
    day=None,
    schedule=None,
    as_json=False,
    days=None,
    explain=False,
    minutes=None,
    now=None,
) -> str:
    now = _now(now)
    today = now.date()
    target = day_of(day, today, db, ahead=True) if day is not None else today
    count = parsing.parse_int(days, "days", 1, rule("max_plan_days")) or 1
    budget = None
    if minutes is not None and minutes.strip().lower() != "off":
        budget = parsing.parse_int(minutes, "minutes", 1, rule("max_day_minutes"))
    horizon = rule("max_plan_days")
    if (target - today).days + count - 1 > horizon:
        raise BadInput(f"plans after today are a projection, at most {horizon} days ahead")
    if minutes is not None and (count > 1 or target != today):
        raise BadInput("--minutes shortens today's plan: use it without --days and --date")
    with Session(db) as session:
        if schedule is not None:
            session.schedule(schedule, today)
        if minutes is not None:  # kept for the day, so `done` and `report` count the same plan
            session.store.set_day_minutes(
                today.isoformat(), budget, now.isoformat(timespec="seconds")
            )
        plans = plans_ahead(session, target, count, today)
    if as_json:
        return render.dumps(plans[0] if days is None else plans)
    if count > 1:
        return render.plan_days_text(plans, today)
    return render.plan_text(plans[0], explain=explain, today=today)


def plans_ahead(session: Session, target: date, count: int, today: date) -> list:
    """Plans for ``count`` days from ``target``: days up to today as they are, later days as a
    projection that takes every planned item as done (``planner.project``)."""
    from glutelog.planner.day_plan import project

    last = target + timedelta(days=count - 1)
    plans = [session.plan(d) for d in _days(target, min(last, today))]
    if last > today:
        start = max(target, today)
        history = session.history(history_start(today), today)
        ahead = project(
            session.catalog,
            history,
            today,
            (last - today).days + 1,
            session.settings(),
            session.flags_between(today, last),
        )
        plans += [
            p
            for p in ahead
            if date.fromisoformat(p["date"]) >= start and p["date"] > today.isoformat()
        ]
    for plan in plans:
        plan["projection"] = plan["date"] > today.isoformat()
    return plans


def _days(first: date, last: date) -> list:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def report(
    db=None,
    week=None,
    weeks=None,
    month=None,
    since=None,
    until=None,
    year=False,
    fmt=None,
    as_json=False,
    ascii=False,
    html=None,
    now=None,
) -> str:
    from glutelog.reports import period_report

    now = _now(now)
    today = now.date()
    found = _period(today, week, weeks, month, since, until, year, db)
    style = _format(fmt, as_json)
    if html is not None:
        _html_target(html, fmt, as_json)
    with Session(db) as session:
        store = session.store
        first = store.first_logged_day()
        first_day = date.fromisoformat(first) if first else None
        start, end = found["start"].isoformat(), found["end"].isoformat()
        # today's doses come with today's status: a period without today shows none
        statuses, plan = _day_statuses(
            session, period_report.needed_days(found, today, first_day), today
        )
        strength = [s for s, e in session.catalog.exercises.items() if e["kind"] == "strength"]
        month_sets = None
        if found["kind"] == "year":  # a year's totals come from the month totals kept for it
            marks = store.day_marks(start, end, strength)
            totals = store.month_sums(start[:7], end[:7])
            sets, month_sets = None, store.month_sets(start[:7], end[:7])
        else:
            totals = store.range_totals(start, end)
            sets, marks = store.day_sets(start, end, strength)
        following = (found["end"] + timedelta(days=1)).isoformat()
        soreness = store.soreness_between(start, following)
        # before the period only mornings count: the period before and the first week
        before = period_report.previous_period(found)[0]
        earlier = store.day_mornings(
            before.isoformat(), (found["start"] - timedelta(days=1)).isoformat()
        )
        if first_day is not None and first_day < before:
            week_end = (first_day + timedelta(days=6)).isoformat()
            last = min(week_end, (before - timedelta(days=1)).isoformat())
            earlier += store.day_mornings(first, last)
        soreness += [
            {"day": day, "score": score, "timing": "morning", "side": None}
            for day, score in earlier
        ]
        flags = store.flags_between(start, end)
        in_force = store.flag_rows(today.isoformat())
        facts = _page_facts(session, found, today, first_day) if html is not None else None
    result = period_report.build_period_report(
        session.catalog,
        found,
        today,
        first_day,
        statuses,
        sets,
        marks,
        totals,
        soreness,
        flags=flags,
        in_force=in_force,
        plan=plan if found["start"] <= today <= found["end"] else None,
        month_sets=month_sets,
    )
    if html is not None:
        return _write_html(result, html, facts)
    if style == "json":
        return render.dumps_rows(result)
    if style == "csv":
        from glutelog.reports import to_csv

        return to_csv.render(result)
    if style == "markdown":
        from glutelog.reports import to_markdown

        return to_markdown.render(result)
    return render.period_text(result, ascii=ascii)


# --- report --html ------------------------------------------------------------------------------


def _html_target(path: str, fmt, as_json: bool) -> None:
    """Refuse a page that cannot be written before any work is done."""
    from glutelog.storage.files import check_target

    if as_json or fmt is not None:
        raise BadInput(f"choose one of --{'json' if as_json else 'format'} and --html")
    check_target(path)


def _page_facts(session: Session, found: dict, today: date, first_day: date | None) -> dict:
    """What the page shows beside the report object: who and which side, the whole programme
    (today's doses and the projected week when the period holds today, else as its last days
    planned it), the plans of the period's days (for the variants it moved through), and the
    sets and scores that carry pain or a note. A past period shows the side and plans in force
    then: a setting changed today leaves its page as it was."""
    from glutelog.reports import to_html

    store = session.store
    last = min(found["end"], today)
    first = found["start"] if first_day is None else max(found["start"], first_day)
    days = _days(first, last) if first <= last else []
    if len(days) > to_html.EVERY_DAY_UP_TO:  # a long period: one plan a week tells the story
        days = [d for d in days if d.weekday() == 0] + days[-1:]
    start, end = found["start"].isoformat(), found["end"].isoformat()
    current = found["start"] <= today <= found["end"]
    return to_html.page_facts(
        session.catalog,
        store.settings(),
        side=session.settings(last)["side"],
        ahead=plans_ahead(session, today, 7, today) if current else None,
        past=[session.plan(d) for d in days],
        entries=[
            e for e in store.entries_between(start, end) if e["pain"] is not None or e["note"]
        ],
        scores=[s for s in store.soreness_between(start, end) if s["note"]],
    )


def _write_html(result: dict, path: str, facts: dict | None = None) -> str:
    """Render the page and write it whole or not at all (as `export -o` does)."""
    from glutelog import __version__
    from glutelog.reports import to_html
    from glutelog.storage.files import write_file

    text = to_html.page(result, __version__, facts)
    write_file(path, lambda handle: handle.write(text))
    if path == "-":
        return ""  # the page itself went to standard output
    return f"Wrote {path}: the page for {period_words(result)}."


def period_words(result: dict) -> str:
    """A report's period inside a sentence: ``the 6 weeks from 2026-10-26 to 2026-12-06``,
    ``the week of 2026-11-30``, ``November 2026``."""
    period = result["period"]
    kind, start, end = period["kind"], period["start"], period["end"]
    if kind == "week":
        return f"the week of {start}"
    if kind == "weeks":
        return f"the {parsing.plural(len(result['weeks']), 'week')} from {start} to {end}"
    if kind == "month":
        return period["label"]
    if kind == "year":
        return f"the twelve months from {start} to {end}"
    return f"{start} to {end}"


FORMATS = ("text", "json", "csv", "markdown")


def _format(fmt, as_json: bool) -> str:
    if fmt is None:
        return "json" if as_json else "text"
    style = fmt.strip().lower()
    if style not in FORMATS:
        raise BadInput(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if as_json and style != "json":
        raise BadInput(f"choose one of --json and --format {style}")
    return style


def _period(today: date, week, weeks, month, since, until, year, db=None) -> dict:
    """The period the options name; more than one period is refused, in one line."""
    from glutelog.reports import period_report

    given = [
        name
        for name, value in zip(
            period_report.PERIOD_OPTIONS, (week, weeks, month, since, year or None), strict=True
        )
        if value is not None
    ]
    if len(given) > 1:
        raise BadInput(f"choose one of {', '.join(given[:-1])} and {given[-1]}")
    if until is not None and since is None:
        raise BadInput("--until goes with --since: glutelog report --since DAY --until DAY")
    if year:
        return period_report.period("year", today)
    if weeks is not None:
        count = parsing.parse_int(weeks, "weeks", 1, rule("max_report_weeks"))
        return period_report.period("weeks", today, count=count)
    if month is not None:
        return period_report.period("month", today, parsing.parse_month(month, today))
    if since is not None:
        first = day_of(since, today, db)
        last = day_of(until, today, db) if until is not None else today
        if first > today:
            raise BadInput(f"--since {first.isoformat()} is after today")
        if last < first:
            raise BadInput(f"--until {last.isoformat()} is before --since {first.isoformat()}")
        if (last - first).days + 1 > rule("max_report_days"):
            raise BadInput(f"a report covers at most {rule('max_report_days')} days")
        return period_report.period("range", today, first, until=last)
    day = day_of(week, today, db) if week is not None else today
    if period_report.week_start(day) > today:  # as for --month and --since: nothing to report yet
        raise BadInput(
            f"the week of {period_report.week_start(day).isoformat()} has not begun: "
            "a report covers days up to today"
        )
    return period_report.period("week", today, day)


def _day_statuses(session: Session, days: list, today: date) -> tuple[dict, dict | None]:
    """({iso day: plan status} for ``days``, today's plan if among them); past days are kept in
    the database once planned."""
    from glutelog.reports import period_report

    if not days:
        return {}, None
    store = session.store
    # Each past day with the settings in force on it (see Session.settings), so a setting
    # changed today leaves the statuses kept for earlier days as they were.
    keys = {d.isoformat(): session.plan_key(d) for d in days if d < today}
    statuses = store.day_statuses(days[0].isoformat(), days[-1].isoformat(), keys)
    missing = [d for d in days if d < today and d.isoformat() not in statuses]
    if missing:
        version = store.data_version()
        first, last = period_report.history_range(missing)
        history = session.history(first, last)
        budgets = store.day_minutes(first.isoformat(), last.isoformat())
        flags_on = session.flags_between(missing[0], missing[-1])
        fresh = period_report.plan_statuses(
            session.catalog, history, session.settings, missing, flags_on, budgets
        )
        statuses.update(fresh)
        store.save_day_statuses(fresh, keys, version)
    # Today is still changing: planned afresh, from its kept basis.
    plan = None
    for day in days:
        if day >= today:
            plan = session.plan(day)
            statuses[day.isoformat()] = period_report.status(plan)
    return statuses, plan


HISTORY_FORMATS = ("text", "csv", "json")
# ``uid``, the record's stable id (the same in every copy of the log), last: existing readers of
# the CSV keep their columns.
HISTORY_KEYS = (
    "id", "at", "exercise", "sets", "amount", "unit", "minutes", "side", "pain", "note", "uid",
)  # fmt: skip


def history(
    db=None,
    since=None,
    until=None,
    exercise=None,
    kind=None,
    fmt=None,
    as_json=False,
    now=None,
) -> str:
    from glutelog.catalog import KINDS

    now = _now(now)
    fmt = _history_format(fmt, as_json)
    if kind is not None and kind not in KINDS:
        raise BadInput(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    last = day_of(until, now.date(), db) if until is not None else None
    if since is None:  # two weeks, ending on --until when it is given
        first = (last or now.date()) - timedelta(days=rule("history_default_days") - 1)
    else:
        first = day_of(since, now.date(), db)
    if last is not None and last < first:
        raise BadInput(f"--until {last.isoformat()} is before --since {first.isoformat()}")
    last_day = last.isoformat() if last is not None else "9999-12-31"
    since_day = first.isoformat()
    with Session(db) as session:
        exercises = session.catalog.exercises
        slug = session.catalog.resolve(exercise)["slug"] if exercise is not None else None
        store = session.store
        rows = store.newest_first("entries", since_day, last_day, slug)
        if kind is not None:
            rows = (r for r in rows if exercises.get(r["exercise"], {}).get("kind") == kind)
        # Read and written a batch of rows at a time (see _write_out): a period may hold any
        # number of sets (an import can put thousands on one day), and memory stays flat.
        if fmt == "json":
            return _write_out(_history_json(rows), verbatim=True)
        if fmt == "csv":
            return _write_out(_history_csv(rows), exact=True)
        names = {slug: e["name"] for slug, e in exercises.items()}
        lines = ((r["utc"] or "", render.entry_text(r, names.get(r["exercise"]))) for r in rows)
        if slug is None and kind is None:  # soreness and flags belong to no exercise
            scores = store.newest_first("soreness", since_day, last_day)
            flags = store.flags_between(since_day, last_day)
            flag_lines = sorted(
                (
                    (utc_text(at) or "", text)
                    for at, text in render.flag_history_lines(flags, names, since_day, last_day)
                ),
                key=_first,
                reverse=True,
            )
            # Newest first by instant (``utc``): times logged in other time zones carry other
            # offsets. On a tie, sets before scores before flags, as they always came.
            import heapq  # only for a history that merges two kinds of rows

            lines = heapq.merge(
                lines,
                ((r["utc"] or "", render.soreness_text(r)) for r in scores),
                flag_lines,
                key=_first,
                reverse=True,
            )
        shown = _write_out(text + "\n" for _, text in lines)
    if shown is not None:
        return shown
    if last is not None:
        return f"Nothing logged from {since_day} to {last_day}."
    return f"Nothing logged since {since_day}."


def _first(line: tuple) -> str:
    return line[0]


# Output up to this size is returned, as every command's is; beyond it, written as it is made.
_OUTPUT_KEPT = 1 << 18


def _write_out(pieces, exact: bool = False, verbatim: bool = False) -> str | None:
    """The text of ``pieces`` (each ending in a line break) without its last line break, for
    the edge to print as any command's output; None when there was none. A longer text is
    written to standard output as it is made, in writes of about 64 KiB, each made printable as
    ``errors.deliver`` does, and "" is returned: memory stays flat however long the listing.
    ``exact``: the pieces are data (CSV), kept as they are unless stdout is a terminal;
    ``verbatim``: they are JSON, never wrapped; other text is fitted to the terminal's width.

    A reader that went away stays a BrokenPipeError (the edge ends quietly); any other failure
    is a disk error, said once, as for `export`."""
    from glutelog import errors

    size, waiting = 0, []
    pieces = iter(pieces)
    for piece in pieces:
        waiting.append(piece)
        size += len(piece)
        if size > _OUTPUT_KEPT:
            break
    else:
        text = "".join(waiting)[:-1] if waiting else None
        if text is None:
            return None
        return errors.Exact(text) if exact else Verbatim(text) if verbatim else text

    def shown(text: str) -> str:
        if exact:
            return errors.for_stdout(errors.Exact(text))
        return errors.for_stdout(text if verbatim else terminal.fit(text))

    try:
        size = 0
        for piece in pieces:
            waiting.append(piece)
            size += len(piece)
            if size >= 65536:
                sys.stdout.write(shown("".join(waiting)))
                sys.stdout.flush()
                size, waiting = 0, []
        sys.stdout.write(shown("".join(waiting)))
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError, AttributeError) as exc:
        errors.silence_stdout()
        reason = getattr(exc, "strerror", None) or "standard output is closed"
        raise errors.DiskError(f"could not write the history to standard output: {reason}") from exc
    return ""


def _history_format(fmt: str | None, as_json: bool) -> str:
    """The one format asked for: --json is short for --format json."""
    chosen = (fmt or "").strip().lower() or None
    if chosen is not None and chosen not in HISTORY_FORMATS:
        raise BadInput(f"format must be {', '.join(HISTORY_FORMATS)}, got {fmt!r}")
    if as_json and chosen not in (None, "json"):
        raise BadInput("choose one of --json and --format")
    return "json" if as_json else chosen or "text"


def _history_csv(rows):
    """The sets as CSV text, a line at a time, every text cell through ``render.cell`` (notes
    exactly as stored; control characters escaped only on a terminal)."""
    import csv
    import io

    terminal = render.is_terminal(sys.stdout)

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a lone CR is quoted too
    writer.writerow(HISTORY_KEYS)
    yield out.getvalue()
    for row in rows:
        out.seek(0)
        out.truncate()
        writer.writerow([render.cell(row[k], terminal) for k in HISTORY_KEYS])
        yield out.getvalue()


def _history_json(rows):
    """The sets as the text ``render.dumps`` gives for their list, a set at a time."""
    separator = "[\n  "
    for row in rows:
        yield separator + render.dumps({k: row[k] for k in HISTORY_KEYS}).replace("\n", "\n  ")
        separator = ",\n  "
    yield "[]\n" if separator == "[\n  " else "\n]\n"


# --- status ------------------------------------------------------------------------------------


def status(db=None, as_json=False, now=None) -> str:
    """One line for a shell prompt or status bar: done of planned today, zone, the next item.

    A prompt runs this before every command, so it never fails loudly: with no database yet it
    says so and creates none; a database it cannot read gives a short line pointing to
    `glutelog check`. Both exit 0 with nothing on stderr (a bad option is still a usage error)."""
    import os

    now = _now(now)
    today = now.date()
    path = paths.db_path(db)
    summary = {"state": "no-database", "date": today.isoformat(), "zone": None, "done": None,
               "planned": None, "next": None, "error": None, "last_synced": None}  # fmt: skip
    suspected = False
    if os.path.lexists(path):
        try:
            with Session(db, wait_ms=rule("status_wait_ms")) as session:
                plan = session.plan(today)
                summary.update(status_summary(plan, session.catalog))
                suspected = any(f.get("suspected") for f in plan["flags"])
                summary["last_synced"] = _last_synced(session.store)
        except GlutelogError as exc:
            summary.update(state="error", error=exc.message)
    summary["text"] = render.status_text(summary, suspected)
    if summary.get("last_synced"):
        summary["text"] += f" · synced {_ago(summary['last_synced'], now)}"
    # one line for a prompt, however narrow: never wrapped
    return render.dumps(summary) if as_json else Verbatim(summary["text"])


def _last_synced(store) -> str | None:
    """When `glutelog sync` last finished (UTC), or None: never, or a database too old to say."""
    try:
        found = store.read("SELECT last_synced FROM sync_state")
    except GlutelogError:
        return None
    return found[0][0] if found else None


def _ago(stamp: str, now) -> str:
    """``2026-12-04T21:30:00.000000Z`` seen at 23:40 -> ``2h ago``."""
    from glutelog.stdlib import datetime

    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        seconds = max(0, int((now - then).total_seconds()))
    except (ValueError, TypeError):
        return "?"
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    if seconds < 86400:
        return f"{seconds // 3600}h ago"
    return f"{seconds // 86400}d ago"


def status_summary(plan: dict, catalog) -> dict:
    """The parts of a day's plan a status line shows (see docs/json.md, `status --json`)."""
    items = plan["items"]
    done = sum(1 for item in items if item["done"])
    if plan["zone"] == "paused":
        state = "paused"
    elif not items or plan["day_type"] == "rest":  # `done rest` makes its own item
        state = "rest"
    else:
        state = "done" if done == len(items) else "todo"
    left = next((item for item in items if not item["done"]), None)
    return {
        "state": state,
        "zone": plan["zone"],
        "done": done,
        "planned": len(items),
        "next": None if state != "todo" else _next_item(left, catalog),
    }


def _next_item(item: dict, catalog) -> dict:
    """The first item not done yet, with what is still to do of it: sets per side for an
    exercise done one side at a time (``{"left": 0, "right": 3}``), else sets."""
    exercise = catalog.exercises.get(item["exercise"]) or {}
    names = [item["exercise"], *exercise.get("aliases", [])]
    from glutelog.planner.ticks import still_to_do

    left = dict(still_to_do(item))  # what `plan` and `go` count as still to do
    to_do = None
    if item.get("side_sets"):
        to_do = {side: left.get(side, 0) for side in ("left", "right")}
    sets = left.get(None) if item["sets"] is not None else None
    return {
        "exercise": item["exercise"],
        "short": min(names, key=len),  # the shortest name `done` takes: prompts are narrow
        "name": item["name"],
        "sets": max(sets, 1) if to_do is None and sets is not None else None,
        "amount": item["amount"],
        "unit": item["unit"],
        "side_sets": to_do,
    }
