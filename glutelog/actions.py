"""What each command does, shared by both front ends (the fast dispatcher and Typer).

Every function takes the values as the user typed them (strings), validates them, talks to the
store, and returns the text to print. Errors are raised as ``glutelog.errors`` exceptions; the
edge turns them into one line and an exit code. ``now`` is read once, by the caller.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta

from glutelog import catalog as catalog_mod
from glutelog import parsing, paths, render
from glutelog.errors import BadInput
from glutelog.planner import SCHEDULES, make_plan
from glutelog.rules import rule
from glutelog.storage import Store, open_store

SIDES = ("left", "right", "both")


class Session:
    """An open database and catalog for one command."""

    def __init__(self, db_option: str | None):
        self.path = paths.db_path(db_option)
        self.store: Store = open_store(self.path)
        if self.store.created:
            sys.stderr.write(
                f"glutelog: created a new database at {self.path}\nglutelog: {render.DISCLAIMER}\n"
            )
        self.catalog = catalog_mod.load(self.path)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.store.close()

    def schedule(self, chosen: str | None = None) -> str:
        """The schedule to use; a newly chosen one is remembered."""
        if chosen is None:
            return self.store.setting("schedule", "daily")
        chosen = chosen.strip().lower()
        if chosen not in SCHEDULES:
            raise BadInput(f"schedule must be daily or alternate, got {chosen!r}")
        self.store.set_setting("schedule", chosen)
        return chosen

    def plan(self, day: date, schedule: str) -> dict:
        first = (day - timedelta(days=rule("progress_window_days") + 3)).isoformat()
        entries = self.store.entries_between(first, day.isoformat())
        soreness = self.store.soreness_between(first, day.isoformat())
        return make_plan(self.catalog, entries, soreness, schedule, day)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now().astimezone()


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


def _moment(at: str | None, now: datetime) -> datetime:
    if at is None:
        return now
    return parsing.not_future(parsing.parse_when(at, now), now)


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
    amount_sets, value, unit = parsing.parse_amount(amount)
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


def done(
    db=None,
    exercise=None,
    amount=None,
    sets=None,
    side=None,
    pain=None,
    at=None,
    note=None,
    now=None,
) -> str:
    """Log a set; returns the one-line confirmation."""
    now = _now(now)
    side = _side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = _note(note)
    moment = _moment(at, now)
    with Session(db) as session:
        found = session.catalog.resolve(exercise or "")
        if side is not None and not found["per_side"] and side != "both":
            raise BadInput(f"{found['slug']} is not done one side at a time")
        planned = None
        if amount is None:
            plan = session.plan(moment.date(), session.schedule())
            planned = next((i for i in plan["items"] if i["exercise"] == found["slug"]), None)
        n_sets, value, unit = _resolve_dose(found, amount, sets, planned)
        row = {
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
        row["id"] = session.store.add_entry(row)
        plan = session.plan(moment.date(), session.schedule())
        return render.logged_text(row, found["name"], plan)


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
    moment = _moment(at, now)
    with Session(db) as session:
        day = moment.date().isoformat()
        if morning or after:
            timing = "morning" if morning else "after"
        else:
            earlier = session.store.read(
                "SELECT 1 FROM entries WHERE day = ? AND at <= ? LIMIT 1",
                (day, moment.isoformat(timespec="seconds")),
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
        return render.sore_text(row)


def plan(db=None, day=None, schedule=None, as_json=False, now=None) -> str:
    now = _now(now)
    target = parsing.parse_day(day, now.date()) if day is not None else now.date()
    with Session(db) as session:
        result = session.plan(target, session.schedule(schedule))
    return render.dumps(result) if as_json else render.plan_text(result)


def report(db=None, week=None, as_json=False, now=None) -> str:
    from glutelog import reports

    now = _now(now)
    day = parsing.parse_day(week, now.date()) if week is not None else now.date()
    start = reports.week_start(day)
    first, last = reports.data_range(start)
    with Session(db) as session:
        entries = session.store.entries_between(first.isoformat(), last.isoformat())
        soreness = session.store.soreness_between(first.isoformat(), last.isoformat())
        result = reports.build_report(
            session.catalog, entries, soreness, session.schedule(), start, now.date()
        )
    return render.dumps(result) if as_json else render.report_text(result)


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
        if not rows:
            return f"Nothing logged since {first.isoformat()}."
        return "\n".join(render.entry_text(row, names.get(row["exercise"])) for row in rows)


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
    for key, value in values.items():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadInput(f"{key} is not valid text") from None
            if "\x00" in value:
                raise BadInput(f"{key} contains a NUL character")
