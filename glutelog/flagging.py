"""What `glutelog flag` does, and the flag `glutelog done --tingling` stores with its set.

Red flags are warning symptoms (see ``redflags.py`` for the table): raising one tells the user
what to do at once; only ``flag --clear`` ends one (``undo`` and ``rm`` never touch flags).
"""

from __future__ import annotations

from datetime import date, datetime

from glutelog import redflags, render
from glutelog.actions import Session, _moment, _note, _now
from glutelog.errors import BadInput
from glutelog.redflags import TINGLING


def _flag_row(moment: datetime, symptom: str, exercise: str | None, note: str | None) -> dict:
    """A flags row for Store.add_flag."""
    return {
        "at": moment.isoformat(timespec="seconds"),
        "day": moment.date().isoformat(),
        "symptom": symptom,
        "exercise": exercise,
        "note": note,
        "cleared_at": None,
        "cleared_day": None,
    }


def _exercise_names(session: Session) -> dict:
    return {slug: e["name"] for slug, e in session.catalog.exercises.items()}


def tingling_row(moment: datetime, exercise: str) -> dict:
    """The flag `done --tingling` stores with its set."""
    return _flag_row(moment, TINGLING, exercise, None)


def raised_text(session: Session, row: dict) -> str:
    """What to do about a flag just raised (see render.flag_raised_text)."""
    flag = redflags.describe(row)
    names = _exercise_names(session)
    easier = None
    if flag["exercise"] is not None:
        exercise = session.catalog.exercises.get(flag["exercise"])
        easier = exercise and exercise["easier"] and names.get(exercise["easier"])
    return render.flag_raised_text(flag, names, easier)


def flag(db=None, words=None, note=None, at=None, clear=False, as_json=False, now=None) -> str:
    """Raise a flag (``words`` name the sign, then the exercise for tingling), clear flags
    (``clear``: all in force, or only the sign named), or list every sign and those in force;
    with ``as_json`` the same as JSON (see README, `flag --json`)."""
    now = _now(now)
    words = list(words or [])
    note = _note(note)
    moment, aside = _moment(at, now)
    if note is not None and (clear or not words):
        raise BadInput(
            "--note is kept with a raised flag: name the sign, e.g. `glutelog flag saddle`"
        )
    symptom, rest = redflags.split(words) if words else (None, [])
    if not words and not clear:
        return _flag_list(db, moment.date(), as_json) + ("" if as_json else aside)
    with Session(db) as session:
        exercise = session.catalog.resolve(" ".join(rest))["slug"] if rest else None
        if clear:
            return _clear_flags(session, symptom, exercise, moment, as_json) + (
                "" if as_json else aside
            )
        if symptom["slug"] == TINGLING and exercise is None:
            raise BadInput(
                "say which exercise it happened in, e.g. `glutelog flag tingling pigeon`"
            )
        row = _flag_row(moment, symptom["slug"], exercise, note)
        row["id"] = session.store.add_flag(row)
        if as_json:
            return render.dumps({"raised": redflags.describe(row) | {"note": note}})
        return raised_text(session, row) + aside


def _in_force_json(in_force: list) -> dict:
    return {"in_force": in_force, "pause": redflags.pause_message(in_force) or None}


def _flag_list(db, day: date, as_json: bool = False) -> str:
    with Session(db) as session:
        in_force = redflags.active(session.store.flag_rows(day.isoformat()), day)
        if as_json:
            keys = ("slug", "tier", "label", "aliases")
            signs = [{key: s[key] for key in keys} for s in redflags.SYMPTOMS]
            return render.dumps({"signs": signs, **_in_force_json(in_force)})
        return render.flag_list_text(in_force, _exercise_names(session))


def _clear_flags(
    session: Session, symptom: dict | None, exercise: str | None, moment, as_json: bool = False
) -> str:
    day = moment.date().isoformat()
    slug = symptom["slug"] if symptom is not None else None
    cleared = session.store.clear_flags(
        slug, moment.isoformat(timespec="seconds"), day, exercise, select=redflags.active
    )
    names = _exercise_names(session)
    still = redflags.active(session.store.flag_rows(day), day)
    if as_json:
        done = [redflags.describe(row) for row in cleared]
        return render.dumps({"cleared": done, **_in_force_json(still)})
    return render.flags_cleared_text(
        [redflags.describe(row) for row in cleared], still, names, symptom
    )
