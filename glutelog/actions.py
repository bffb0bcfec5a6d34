"""What each command does, shared by both front ends (the fast dispatcher and Typer).

Every function takes the values as the user typed them (strings), validates them, talks to the
store, and returns the text to print. Errors are raised as ``glutelog.errors`` exceptions; the
edge turns them into one line and an exit code. ``now`` is read once, by the caller.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime, timedelta

from glutelog import catalog as catalog_mod
from glutelog import parsing, paths, render, settings
from glutelog.errors import BadInput
from glutelog.planner import (
    BASIS_FORMAT,
    History,
    finish_plan,
    history_start,
    plan_basis,
    planned_slugs,
)
from glutelog.rules import rule
from glutelog.storage import Store, open_store

SIDES = ("left", "right", "both")


class Session:
    """An open database and catalog for one command."""

    def __init__(self, db_option: str | None):
        self.path = paths.db_path(db_option)
        self.catalog = catalog_mod.load(self.path)
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        """Opened on first use, so input checked before it never creates a database."""
        if self._store is None:
            self._store = open_store(self.path)
        return self._store

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self._store is not None:
            self._store.close()
            # Said once, on success only, so an error stays the single line on stderr.
            if self._store.created and exc_type is None:
                sys.stderr.write(
                    f"glutelog: created a new database at {render.safe(self.path)}\n"
                    f"glutelog: {render.DISCLAIMER}\n"
                )

    def schedule(self, chosen: str | None = None) -> str:
        """The schedule to use; a newly chosen one is checked like `config schedule` and
        remembered, and a stored one that fails its check gives the default."""
        if chosen is None:
            return self.settings()["schedule"]
        chosen = settings.parse("schedule", chosen)
        self.store.set_setting("schedule", chosen)
        self._settings = None
        return chosen

    def settings(self) -> dict:
        """The planner's settings, checked on read (see ``settings.typed``)."""
        if getattr(self, "_settings", None) is None:
            self._settings = settings.typed(self.store.settings())
        return self._settings

    @property
    def plan_key(self) -> str:
        """What kept plans were made with: a kept plan made with another is not used."""
        chosen = sorted(self.settings().items())
        return f"py{sys.version_info[0]}.{sys.version_info[1]}|{self.catalog.key}|{chosen}"

    def history(self, first: date, last: date, scores_last: date | None = None) -> History:
        """Everything the planner reads: sets from ``first`` to ``last``, soreness scores to
        ``scores_last`` (default ``last``), and the first week's mean for the 6-week review."""
        store = self.store
        slugs = planned_slugs(self.catalog)
        start = store.first_logged_day()
        baseline = None
        if start is not None:
            week_end = (date.fromisoformat(start) + timedelta(days=6)).isoformat()
            week = store.mornings(start, week_end)
            if len(week) >= rule("trend_min_scores"):
                baseline = sum(week) / len(week)
        return History(
            store.planner_entries(first.isoformat(), last.isoformat(), slugs),
            store.soreness_between(first.isoformat(), (scores_last or last).isoformat()),
            earlier=store.done_before(first.isoformat(), slugs),
            first_day=start,
            baseline=baseline,
        )

    def flags_on(self, day: date) -> list:
        """The red flags in force on ``day`` (``redflags.active``)."""
        iso = day.isoformat()
        rows = self.store.flag_rows(iso, iso)
        if not rows:
            return []
        from glutelog import redflags

        return redflags.active(rows, day)

    def plan(self, day: date) -> dict:
        """The plan for ``day``, from its kept basis when there is one (see planner.plan_basis),
        shortened to the minutes chosen for that day with `plan --minutes`, if any."""
        store = self.store
        iso = day.isoformat()
        minutes = store.day_minutes(iso, iso).get(iso)
        basis = store.plan_basis(iso, self.plan_key)
        if basis is None or basis.get("format") != BASIS_FORMAT:
            version = store.data_version()
            history = self.history(history_start(day), day - timedelta(days=1), day)
            basis = plan_basis(self.catalog, history, day, self.settings(), self.flags_on(day))
            store.save_plan_basis(iso, self.plan_key, basis, version)
        today = store.planner_entries(iso, iso, list(self.catalog.exercises))
        return finish_plan(self.catalog, basis, today, minutes)


def _now(now: datetime | None) -> datetime:
    # From a UTC instant, so that even in the hour repeated when clocks go back the local
    # offset is the one in force.
    return now or datetime.now(UTC).astimezone()


def _side(side: str | None, allowed=SIDES) -> str | None:
    if side is None:
        return None
    side = side.strip().lower()
    if side not in allowed:
        raise BadInput(f"side must be {' or '.join(allowed)}, got {side!r}")
    return side


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if len(note) > rule("max_note_chars"):
        raise BadInput(f"note is longer than {rule('max_note_chars')} characters")
    return note


def _warning_signs(note: str | None) -> str:
    """A line pointing to `glutelog flag` when a note reads like a warning sign; "" otherwise."""
    if not note:
        return ""
    from glutelog import redflags

    signs = [s for s in redflags.mentioned(note) if s["tier"] in redflags.PAUSING]
    if not signs:
        return ""
    names = ", ".join(s["label"] for s in signs)
    first = signs[0]
    return (
        f"\nYour note sounds like a warning sign ({names}). If it is new, record it with "
        f"`glutelog flag {first['slug']}`: {redflags.advice(first)}"
    )


def _moment(at: str | None, now: datetime) -> tuple[datetime, str]:
    """(moment, aside): the moment ``--at`` means (``now`` without it), and a line to add to the
    confirmation ("\nNote: ...") when a time that happened twice was taken the first time."""
    if at is None:
        return now, ""
    moment, note = parsing.parse_moment(at, now)
    return parsing.not_future(moment, now), f"\n{note}" if note else ""


def _resolve_dose(
    exercise: dict, amount: str | None, sets: str | None, planned
) -> tuple[int, float | None, str]:
    """(sets, amount per set, unit) for a logged set."""
    sets_given = parsing.parse_int(sets, "sets", 1, rule("max_sets_logged"))
    if exercise["unit"] == "none":
        if amount is not None:
            raise BadInput(f"{exercise['slug']} takes no amount")
        return sets_given or 1, None, "none"
    if amount is None:
        if planned is not None:
            return sets_given or planned["sets"], planned["amount"], planned["unit"]
        if exercise["amount"] is None:
            raise BadInput(
                f"{exercise['slug']} needs an amount, e.g. `glutelog done {exercise['slug']} 30min`"
            )
        return sets_given or exercise["sets"], exercise["amount"], exercise["unit"]
    return _resolve_parsed(exercise, parsing.parse_amount(amount), sets_given, amount)


def _resolve_parsed(exercise: dict, parsed: tuple, sets_given: int | None, typed: str):
    """(sets, amount per set, unit) from one parsed amount, in a unit the exercise takes."""
    amount = typed
    amount_sets, value, unit = parsed
    if amount_sets is not None and sets_given is not None and amount_sets != sets_given:
        raise BadInput(f"{amount!r} says {amount_sets} sets but --sets says {sets_given}")
    if amount_sets is not None and not 1 <= amount_sets <= rule("max_sets_logged"):
        raise BadInput(f"sets must be from 1 to {rule('max_sets_logged')}, got {amount_sets}")
    allowed = [exercise["unit"], *exercise["other_units"]]
    if unit is None:
        unit = exercise["unit"]
    elif unit not in allowed:
        converted = None
        for target in allowed:
            converted = parsing.convert(value, unit, target)
            if converted is not None:
                value, unit = converted, target
                break
        if converted is None:
            units = " or ".join(parsing.UNIT_LABELS.get(u, u) for u in allowed)
            raise BadInput(
                f"{exercise['slug']} is logged in {units}, not {parsing.UNIT_LABELS.get(unit, unit)}"
            )
    return amount_sets or sets_given or 1, parsing.check_amount(value, unit), unit


def _doses(exercise: dict, words: list, sets: str | None) -> list:
    """One dose per amount typed, e.g. a run's distance and its time (``run 20km 105min``)."""
    sets_given = parsing.parse_int(sets, "sets", 1, rule("max_sets_logged"))
    if exercise["unit"] == "none":
        raise BadInput(f"{exercise['slug']} takes no amount")
    typed = " ".join(words)
    doses = [_resolve_parsed(exercise, p, sets_given, typed) for p in parsing.parse_amounts(words)]
    if len({unit for _, _, unit in doses}) < len(doses):
        raise BadInput(f"{typed!r} gives {exercise['slug']} the same kind of amount twice")
    return doses


def done(
    db=None,
    exercise=None,
    amount=None,
    sets=None,
    side=None,
    pain=None,
    at=None,
    note=None,
    tingling=False,
    now=None,
) -> str:
    """Log a set; returns the one-line confirmation. With ``tingling`` the set and a tingling
    flag for its exercise are stored together (see :func:`flag`)."""
    now = _now(now)
    side = _side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = _note(note)
    moment, aside = _moment(at, now)
    words = None
    if isinstance(amount, list | tuple):  # the words typed after the exercise
        words = list(amount) if len(amount) > 1 else None
        amount = amount[0] if len(amount) == 1 else None
    with Session(db) as session:
        found = session.catalog.resolve(exercise or "")
        if side is not None and not found["per_side"] and side != "both":
            raise BadInput(f"{found['slug']} is not done one side at a time")
        planned = None
        if amount is None and found["unit"] != "none":
            plan = session.plan(moment.date())
            planned = next((i for i in plan["items"] if i["exercise"] == found["slug"]), None)
        doses = (
            [_resolve_dose(found, amount, sets, planned)]
            if not words
            else _doses(found, words, sets)
        )
        rows = [
            {
                "at": moment.isoformat(timespec="seconds"),
                "day": moment.date().isoformat(),
                "exercise": found["slug"],
                "sets": n_sets,
                "amount": value,
                "unit": unit,
                "side": (side or "both") if found["per_side"] else None,
                "pain": pain_score,
                "note": note,
            }
            for n_sets, value, unit in doses
        ]
        row = rows[0]
        raised = None
        if len(rows) > 1:
            if tingling:
                raise BadInput("--tingling goes with one amount: log the set, then flag it")
            ids = session.store.add_entries(rows)
            for each, number in zip(rows, ids, strict=True):
                each["id"] = number
            plan = session.plan(moment.date())
            return render.logged_text(row, found["name"], plan, also=rows[1:]) + aside
        if tingling:
            from glutelog import flagging

            raised = flagging.tingling_row(moment, found["slug"])
            row["id"], raised["id"] = session.store.add_entry_and_flag(row, raised)
        else:
            row["id"] = session.store.add_entry(row)
        plan = session.plan(moment.date())
        text = render.logged_text(row, found["name"], plan) + _warning_signs(note)
        if raised is not None:
            text += "\n" + flagging.raised_text(session, raised)
        return text + aside


def sore(
    db=None, score=None, morning=False, after=False, side=None, at=None, note=None, now=None
) -> str:
    """Log a soreness score; without --morning/--after it is a morning score if nothing has been
    logged yet that day, otherwise an after-session score."""
    now = _now(now)
    value = parsing.parse_int(score if score is not None else "", "soreness", 0, 10)
    if morning and after:
        raise BadInput("choose one of --morning and --after")
    side = _side(side, ("left", "right"))
    note = _note(note)
    moment, aside = _moment(at, now)
    with Session(db) as session:
        day = moment.date().isoformat()
        if morning or after:
            timing = "morning" if morning else "after"
        else:
            earlier = session.store.read(
                "SELECT 1 FROM entries WHERE day = ? AND utc <= ? LIMIT 1",
                (day, parsing.utc_text(moment.replace(microsecond=0))),
            )
            timing = "after" if earlier else "morning"
        row = {
            "at": moment.isoformat(timespec="seconds"),
            "day": day,
            "score": value,
            "timing": timing,
            "side": side,
            "note": note,
        }
        row["id"] = session.store.add_soreness(row)
        return render.sore_text(row) + aside + _warning_signs(note)


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
    target = parsing.parse_day(day, today, ahead=True) if day is not None else today
    count = parsing.parse_int(days, "days", 1, rule("max_plan_days")) or 1
    budget = None
    if minutes is not None and minutes.strip().lower() != "off":
        budget = parsing.parse_int(minutes, "minutes", 1, rule("max_day_minutes"))
    horizon = rule("max_plan_days")
    if (target - today).days + count - 1 > horizon:
        raise BadInput(
            f"plans after today are a projection, at most {horizon} days ahead (max_plan_days)"
        )
    if minutes is not None and (count > 1 or target != today):
        raise BadInput("--minutes shortens today's plan: use it without --days and --date")
    with Session(db) as session:
        if schedule is not None:
            session.schedule(schedule)
        if minutes is not None:  # kept for the day, so `done` and `report` count the same plan
            session.store.set_day_minutes(
                today.isoformat(), budget, now.isoformat(timespec="seconds")
            )
        plans = _plans(session, target, count, today)
    if as_json:
        return render.dumps(plans[0] if days is None else plans)
    if count > 1:
        return render.plan_days_text(plans, today)
    return render.plan_text(plans[0], explain=explain, today=today)


def _plans(session: Session, target: date, count: int, today: date) -> list:
    """Plans for ``count`` days from ``target``: days up to today as they are, later days as a
    projection that takes every planned item as done (``planner.project``)."""
    from glutelog.planner import project

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
            session.flags_on,
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


def report(db=None, week=None, year=False, as_json=False, now=None) -> str:
    from glutelog import reports

    now = _now(now)
    today = now.date()
    if year:
        if week is not None:
            raise BadInput("choose one of --week and --year")
        return _year_report(db, today, as_json)
    day = parsing.parse_day(week, today) if week is not None else today
    start = reports.week_start(day)
    end = start + timedelta(days=6)
    days = reports.status_days(start, today)
    with Session(db) as session:
        statuses = _day_statuses(session, days, today)
        store = session.store
        totals = store.week_totals(start.isoformat(), end.isoformat())
        soreness = store.soreness_between((start - timedelta(days=7)).isoformat(), end.isoformat())
        flags = store.flags_between(start.isoformat(), end.isoformat())
        in_force = store.flag_rows(today.isoformat())
    result = reports.build_report(
        session.catalog, totals, soreness, statuses, start, today, flags=flags, in_force=in_force
    )
    return render.dumps(result) if as_json else render.report_text(result)


def _year_report(db, today: date, as_json: bool) -> str:
    from glutelog import reports

    start = reports.year_start(today)
    with Session(db) as session:
        store = session.store
        first = store.first_logged_day()
        days = reports.year_status_days(start, today, date.fromisoformat(first) if first else None)
        statuses = _day_statuses(session, days, today)
        totals = store.month_totals(start.isoformat()[:7], today.isoformat()[:7])
        soreness = store.soreness_between(start.isoformat(), today.isoformat())
    result = reports.build_year_report(session.catalog, totals, soreness, statuses, start, today)
    return render.dumps(result) if as_json else render.year_report_text(result)


def _day_statuses(session: Session, days: list, today: date) -> dict:
    """{iso day: plan status} for ``days``; past days are kept in the database once planned."""
    from glutelog import reports

    if not days:
        return {}
    store = session.store
    key = session.plan_key
    statuses = store.day_statuses(days[0].isoformat(), days[-1].isoformat(), key)
    missing = [d for d in days if d < today and d.isoformat() not in statuses]
    if missing:
        version = store.data_version()
        first, last = reports.history_range(missing)
        history = session.history(first, last)
        budgets = store.day_minutes(first.isoformat(), last.isoformat())
        fresh = reports.plan_statuses(
            session.catalog, history, session.settings(), missing, session.flags_on, budgets
        )
        statuses.update(fresh)
        store.save_day_statuses(fresh, key, version)
    # Today is still changing: planned afresh, from its kept basis.
    for day in days:
        if day >= today:
            statuses[day.isoformat()] = reports.status(session.plan(day))
    return statuses


def history(db=None, since=None, exercise=None, as_json=False, now=None) -> str:
    now = _now(now)
    if since is None:
        first = now.date() - timedelta(days=rule("history_default_days") - 1)
    else:
        first = parsing.parse_day(since, now.date())
    with Session(db) as session:
        slug = session.catalog.resolve(exercise)["slug"] if exercise is not None else None
        rows = session.store.entries_between(first.isoformat(), "9999-12-31", slug)
        rows.reverse()
        if as_json:
            keys = ("id", "at", "exercise", "sets", "amount", "unit", "side", "pain", "note")
            return render.dumps([{k: row[k] for k in keys} for row in rows])
        names = {slug: e["name"] for slug, e in session.catalog.exercises.items()}
        lines = [(row["at"], render.entry_text(row, names.get(row["exercise"]))) for row in rows]
        if slug is None:  # soreness and flags belong to no exercise: only in the full list
            scores = session.store.soreness_between(first.isoformat(), "9999-12-31")
            lines += [(row["at"], render.soreness_text(row)) for row in scores]
            flags = session.store.flags_between(first.isoformat(), "9999-12-31")
            lines += render.flag_history_lines(flags, names, first.isoformat())
        if not lines:
            return f"Nothing logged since {first.isoformat()}."
        # Newest first by instant: times logged in other time zones carry other offsets.
        lines.sort(key=lambda line: parsing.utc_text(line[0]) or "", reverse=True)
        return "\n".join(text for _, text in lines)


def flag(db=None, words=None, note=None, at=None, clear=False, now=None) -> str:
    """Record a warning sign (red flag), clear flags, or list the signs and those in force."""
    from glutelog import flagging

    return flagging.flag(db=db, words=words, note=note, at=at, clear=clear, now=now)


def _row_id(text: str) -> tuple[str, int]:
    """``12`` is entry #12; ``s3`` is soreness score s3. Any number of digits is an id: one past
    what SQLite can hold simply names no row."""
    text = (text or "").strip().lower().lstrip("#")
    table = "entries"
    if text.startswith("s"):
        table, text = "soreness", text[1:]
    if not (text.isascii() and text.isdigit()):
        raise BadInput(f"an id looks like 12 (a set) or s3 (a soreness score), got {text!r}")
    return table, int(text) if len(text) <= 19 else -1


def _describe(session: Session, table: str, row: dict) -> str:
    if table == "soreness":
        return render.soreness_text(row)
    exercise = session.catalog.exercises.get(row["exercise"])
    return render.entry_text(row, exercise["name"] if exercise else None)


def undo(db=None) -> str:
    """Remove the most recently logged set or soreness score."""
    with Session(db) as session:
        removed = session.store.remove_latest()
        if removed is None:
            raise BadInput("nothing to undo: nothing has been logged")
        table, row = removed
        return f"Removed {_describe(session, table, row)}"


def rm(db=None, row_id=None) -> str:
    table, number = _row_id(row_id)
    with Session(db) as session:
        row = session.store.remove(table, number)
        if row is None:
            raise BadInput(f"no entry {row_id}")
        return f"Removed {_describe(session, table, row)}"


def edit(
    db=None, row_id=None, amount=None, sets=None, side=None, at=None, pain=None, note=None, now=None
) -> str:
    """Change a logged set; every value is checked as `done` checks it."""
    now = _now(now)
    table, number = _row_id(row_id)
    if table != "entries":
        raise BadInput(
            "soreness scores cannot be edited: remove it with `glutelog rm` and log it again"
        )
    side = _side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = _note(note)
    moment, aside = _moment(at, now) if at is not None else (None, "")
    if all(given is None for given in (amount, sets, side, at, pain, note)):
        raise BadInput("nothing to change: give --amount, --sets, --side, --at, --pain or --note")

    def changes_for(row: dict) -> dict:
        """The changes, worked out from the row as it is inside the write."""
        exercise = session.catalog.exercises.get(row["exercise"])
        if exercise is None:
            raise BadInput(
                f"entry {row_id} is for {row['exercise']!r}, which is not in the catalog"
            )
        changes: dict = {}
        if amount is not None or sets is not None:
            current = {"sets": row["sets"], "amount": row["amount"], "unit": row["unit"]}
            n_sets, value, unit = _resolve_dose(exercise, amount, sets, current)
            changes.update(sets=n_sets, amount=value, unit=unit)
        if side is not None:
            if not exercise["per_side"] and side != "both":
                raise BadInput(f"{exercise['slug']} is not done one side at a time")
            changes["side"] = side if exercise["per_side"] else None
        if moment is not None:
            changes.update(at=moment.isoformat(timespec="seconds"), day=moment.date().isoformat())
        if pain is not None:
            changes["pain"] = pain_score
        if note is not None:
            changes["note"] = note
        return changes

    with Session(db) as session:
        changed = session.store.change(table, number, changes_for)
        if changed is None:
            raise BadInput(f"no entry {row_id}")
        before, after = changed
        return (
            f"Before: {_describe(session, table, before)}\n"
            f"After:  {_describe(session, table, after)}" + aside
        )


def export(db=None, fmt="json", output=None) -> str:
    """Write everything to stdout, or to ``output`` (whole or not at all); rows are streamed,
    so even decades of history export in little memory."""
    from glutelog import backup

    fmt = (fmt or "json").lower()
    if fmt not in ("json", "csv"):
        raise BadInput(f"format must be json or csv, got {fmt!r}")
    write = backup.write_json if fmt == "json" else backup.write_csv
    if output is not None:
        _check_target(output)
    with Session(db) as session:
        if output is None:
            _to_stdout(lambda: write(session.store, sys.stdout))
            return ""
        _write_file(output, lambda handle: write(session.store, handle))
    return f"Exported to {output}"


def _to_stdout(write) -> None:
    """Run ``write`` on standard output; a reader that went away stays a BrokenPipeError (the
    edge ends quietly), any other failure is a disk error: the export is incomplete."""
    from glutelog.errors import DiskError, silence_stdout

    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError, AttributeError) as exc:
        silence_stdout()
        reason = getattr(exc, "strerror", None) or "standard output is closed"
        raise DiskError(f"could not write the export to standard output: {reason}") from exc


def _check_target(path: str) -> None:
    """A file to create must be named, absent, and in an existing folder that can be written."""
    import os

    from glutelog.errors import ReadOnly

    paths.check_name(path, "the output")
    if os.path.lexists(path):
        raise BadInput(f"{path} already exists; choose another name")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise BadInput(f"no such folder: {folder}")
    if not os.access(folder, os.W_OK):
        raise ReadOnly(f"cannot write {path}: the folder {folder} is read-only")


def _write_file(path: str, write) -> None:
    """Create ``path`` with ``write(handle)``, whole or not at all: a temporary file beside it,
    synced, then renamed; on any failure the temporary file is removed."""
    import os

    from glutelog.errors import DiskError, ReadOnly

    _check_target(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == 30:  # EROFS
            raise ReadOnly(f"cannot write {path}: {exc.strerror}") from exc
        if isinstance(exc, OSError):
            raise DiskError(f"cannot write {path}: {exc.strerror}") from exc
        raise


def import_file(db=None, path=None) -> str:
    from glutelog import backup

    data = backup.read_export(path)
    with Session(db) as session:
        backup.validate(data, session.catalog)
        result = backup.import_data(session.store, data)
    (e_added, e_skipped), (s_added, s_skipped) = result["entries"], result["soreness"]
    f_added, f_skipped = result["flags"]
    flags = f", plus {f_added} new or newly cleared flags" if f_added + f_skipped else ""
    return (
        f"Imported {e_added} new sets and {s_added} new soreness scores{flags}; "
        f"skipped {e_skipped + s_skipped + f_skipped} already present."
    )


def backup_db(db=None, target=None, now=None) -> str:
    import os

    from glutelog import backup

    now = _now(now)
    if target is not None:
        paths.check_name(target, "backup")
    with Session(db) as session:
        if target is None:
            folder = os.path.dirname(session.path)
            target = os.path.join(folder, f"glutelog-backup-{now.strftime('%Y%m%d-%H%M%S')}.db")
        counts = backup.backup_to(session.store, target)
    return f"Backed up {counts['entries']} sets and {counts['soreness']} soreness scores to {target} (verified)."


def check(db=None) -> str:
    from glutelog import backup
    from glutelog.errors import NotGlutelog

    with Session(db) as session:
        result = backup.check(session.store)
    text = render.check_text(result)
    if result["integrity"] != "ok":
        raise NotGlutelog(f"{session.path} failed its integrity check: restore it from a backup")
    return text


def rules() -> str:
    from glutelog.rules import RULES

    return render.rules_text(RULES)


def where(db=None) -> str:
    return paths.db_path(db)


def exercises(db=None, kind=None) -> str:
    if kind is not None and kind not in catalog_mod.KINDS:
        raise BadInput(f"kind must be one of {', '.join(catalog_mod.KINDS)}, got {kind!r}")
    return render.exercise_list(catalog_mod.load(paths.db_path(db)).by_kind(kind))


def show_exercise(db=None, name=None) -> str:
    return render.exercise_detail(catalog_mod.load(paths.db_path(db)).resolve(name or ""))


def check_text(values: dict) -> None:
    """Refuse arguments that are not valid text (undecodable bytes arrive as surrogates)."""
    for key, given in values.items():
        for value in given if isinstance(given, list | tuple) else [given]:
            if isinstance(value, str):
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    raise BadInput(f"{key} is not valid text") from None
                if "\x00" in value:
                    raise BadInput(f"{key} contains a NUL character")


# --- settings -----------------------------------------------------------------------------------


def config(db=None, key=None, value=None, unset=None, as_json=False) -> str:
    """List every setting, show one, set one (``value``: the words typed), or return one to its
    default."""
    if isinstance(value, list | tuple):
        value = " ".join(value) if value else None
    if unset is not None and key is not None:
        raise BadInput("give KEY [VALUE] or --unset KEY, not both")
    chosen = unset if unset is not None else key
    name = settings.key_name(chosen) if chosen is not None else None
    text = settings.parse(name, value) if value is not None else None
    with Session(db) as session:
        if unset is not None:
            session.store.unset_setting(name)
        elif text is not None:
            session.store.set_setting(name, text)
        rows = settings.listing(session.store.settings())
    if name is not None:
        rows = [row for row in rows if row["key"] == name]
    if as_json:
        return render.dumps({row.pop("key"): row for row in rows})
    if name is None:
        return render.config_text(rows)
    shown = rows[0]["value"]
    if unset is not None:
        return f"{name} is back to its default, {shown}: {settings.meaning(name, shown)}."
    if text is not None:
        return f"{name} set to {shown}: {settings.meaning(name, shown)}."
    return shown
