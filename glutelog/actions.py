"""What each command does, shared by both front ends (the fast dispatcher and Typer).

Every function takes the values as the user typed them (strings), validates them, talks to the
store, and returns the text to print. Errors are raised as ``glutelog.errors`` exceptions; the
edge turns them into one line and an exit code. ``now`` is read once, by the caller.
"""

from __future__ import annotations

import sys
from datetime import datetime

from glutelog import catalog as catalog_mod
from glutelog import parsing, paths, records, render, settings
from glutelog.errors import BadInput
from glutelog.rules import rule
from glutelog.session import Session
from glutelog.session import now_or_clock as _now
from glutelog.views import history, plan, report, status

__all__ = ["Session", "history", "plan", "report", "status"]  # the views live in views.py

SIDES = ("left", "right", "both")


def _side(side: str | None, allowed=SIDES) -> str | None:
    if side is None:
        return None
    side = side.strip().lower()
    side = {"l": "left", "r": "right", "b": "both"}.get(side, side)  # --side L, as people type
    if side not in allowed:
        raise BadInput(f"side must be {' or '.join(allowed)}, got {side!r}")
    return side


def _note(note: str | None) -> str | None:
    if note is None:
        return None
    if len(note) > rule("max_note_chars"):
        raise BadInput(f"note is longer than {rule('max_note_chars')} characters")
    return note


def _past_safe_dose(exercise: dict, row: dict) -> str:
    """A caution when a set goes past the catalog's safe amount (cold over 20 minutes)."""
    limit = exercise.get("safe_max")
    if limit is None or row["amount"] is None or row["unit"] != exercise["unit"]:
        return ""
    if row["amount"] <= limit:
        return ""
    shown = parsing.format_amount(limit, exercise["unit"])
    return (
        f"\nCaution: {exercise['name']} is safest kept to {shown} at a time; "
        f"{(exercise['cautions'] or [''])[0]}".rstrip("; ")
    )


def _past_stretch_total(session: Session, exercise: dict, day: str, plan: dict) -> str:
    """A caution when one day's holds of a stretch pass twice the planned total on a side
    (stretch_caution_factor): about 60 s a side is enough, longer adds nothing (Garber 2011).
    A caution, not a refusal: the sets are logged."""
    if exercise["kind"] != "stretch" or exercise["unit"] != "seconds":
        return ""
    item = next((i for i in plan["items"] if i["exercise"] == exercise["slug"]), None)
    if item is not None and item["amount"] and item["unit"] == "seconds":
        sides = item["side_sets"] or {"left": item["sets"], "right": item["sets"]}
        planned = {side: sets * item["amount"] for side, sets in sides.items()}
    else:
        from glutelog.history import Context, History
        from glutelog.progression import start_dose

        context = Context(session.catalog, History([], []), session.settings(), None)
        sets, amount = start_dose(context, exercise)
        planned = {"left": sets * amount, "right": sets * amount}
    rows = session.store.planner_entries(day, day, [exercise["slug"]])
    held = {
        side: sum(
            r["sets"] * r["amount"]
            for r in rows
            if r["unit"] == "seconds" and r["amount"] and r["side"] in (side, "both", None)
        )
        for side in ("left", "right")
    }
    factor = rule("stretch_caution_factor")
    over = [side for side in ("left", "right") if held[side] > factor * planned[side]]
    if not over:
        return ""
    side = "each side" if len(over) == 2 else f"the {over[0]} side"
    most = max(held[s] for s in over)
    shown = parsing.format_amount(most, "seconds")
    usual = parsing.format_amount(planned[over[0]], "seconds")
    return (
        f"\nCaution: {shown} of {exercise['name']} on {side} today, more than twice the "
        f"{usual} planned. About {usual} a side is enough; longer adds nothing."
    )


def _red_limit(catalog, exercise: dict, pain: int | None, today: bool = True) -> str:
    """Advice when a set's pain is at the red limit (``red_min``), as it is logged; "" below.
    ``today``: the set is today's, so stopping the exercise for the day still helps.

    The plan makes that exercise's next session lighter (see ``progression.progress``): its
    easier variant where it has one, else a lighter dose; the advice says which.

    >>> _red_limit(catalog, catalog.exercises["glute-bridge"], 8)  # doctest: +ELLIPSIS
    '\\nPain 8 during Glute bridge is too much (6 or more): stop it for today. Next time ...'
    """
    if pain is None or pain < rule("red_min"):
        return ""
    name = exercise["name"]
    stop = " stop it for today." if today else ""
    easier = catalog.exercises.get(exercise.get("easier") or "")
    if exercise["kind"] not in ("strength", "stretch", "release"):
        then = "do less of it, and only once this pain has settled by the next morning"
    elif easier is not None and easier["sets"] is not None:
        then = f"the plan gives you the easier {easier['name']} instead"
    else:
        then = "the plan gives it a lighter dose"
    return (
        f"\nPain {pain} during {name} is too much ({rule('red_min')} or more):{stop} Next "
        f"time {then}; if it hurts this much again, leave it out and ask a physiotherapist."
    )


def _heard_first(note: str | None, run):
    """``run()``; when it is refused, the note's warning (if it reads like an emergency or
    urgent sign) is said first, in the same one line: a refused command never loses it."""
    from glutelog.errors import GlutelogError

    try:
        return run()
    except GlutelogError as exc:
        if isinstance(note, str) and note:
            from glutelog import flagging

            warning = flagging.refused_warning(note)
            if warning:
                exc.message = f"{warning}: {exc.message}"
        raise


def _hear(
    session: Session, note: str | None, moment: datetime, now: datetime
) -> tuple[list, object]:
    """(flag rows to store with the command, what was heard) for a note; nothing for none."""
    if not note:
        return [], None
    from glutelog import flagging

    return flagging.note_flags(session, note, moment, now=now)


def _heard(rows: list, heard) -> str:
    if heard is None:
        return ""
    from glutelog import flagging

    return flagging.heard_text(rows, heard)


def _run_note(exercise: dict, plan: dict) -> str:
    """After a run is logged (it always is): the day's running advice when the plan says no
    run (red, flare or paused), and where today's strength went once the runs make a long run;
    "" otherwise."""
    run = plan.get("run")
    if exercise["slug"] != "run" or not run:
        return ""
    lines = [run["advice"]] if run["go"] == "no" else []
    if run.get("strength_moved"):
        lines.append(run["strength_moved"])
    return "".join(f"\n{line}" for line in lines)


def _moment(at: str | None, now: datetime) -> tuple[datetime, str]:
    """(moment, aside): the moment ``--at`` means (``now`` without it), and a line to add to the
    confirmation ("\nNote: ...") when a time that happened twice was taken the first time."""
    if at is None:
        return now, ""
    moment, note = parsing.parse_moment(at, now)
    return parsing.not_future(moment, now), f"\n{note}" if note else ""


def _resolve_dose(
    exercise: dict, amount: str | None, sets: str | None, planned, default_sets: int = 1
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
    # One amount as `done` reads several (parse_amounts): ranges, 1h45 and 1:45:00 alike.
    (parsed,) = parsing.parse_amounts([amount])
    return _resolve_parsed(exercise, parsed, sets_given, amount, default_sets)


def _resolve_parsed(
    exercise: dict, parsed: tuple, sets_given: int | None, typed: str, default_sets: int = 1
):
    """(sets, amount per set, unit) from one parsed amount, in a unit the exercise takes;
    ``default_sets`` when neither the amount nor --sets says how many (an edit keeps them)."""
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
    return amount_sets or sets_given or default_sets, parsing.check_amount(value, unit), unit


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
    as_json=False,
    now=None,
) -> str:
    """Log a set; returns the one-line confirmation (``as_json``: the stored rows and the day's
    progress). With ``tingling`` the set and a tingling flag for its exercise are stored
    together (see :func:`flag`); a note that reads like a warning sign is heard (see
    flagging.note_flags), even when the set is refused."""
    return _heard_first(
        note,
        lambda: _done(db, exercise, amount, sets, side, pain, at, note, tingling, as_json, now),
    )


def _done(db, exercise, amount, sets, side, pain, at, note, tingling, as_json, now) -> str:
    now = _now(now)
    side = _side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = _note(note)
    moment, aside = _moment(at, now)
    if not (exercise or "").strip():  # else the amount would be read as the name
        raise BadInput("exercise name is empty: see `glutelog exercises`")
    # Every word typed after `done`, quoted or not: the catalog decides where the name ends.
    typed = [exercise, *([amount] if isinstance(amount, str) else amount or [])]
    with Session(db) as session:
        found, words = session.catalog.split_name(typed)
        if side is not None and not found["per_side"] and side != "both":
            raise BadInput(f"{found['slug']} is not done one side at a time")
        planned = None
        if not words and found["unit"] != "none":
            plan = session.plan(moment.date())
            planned = next((i for i in plan["items"] if i["exercise"] == found["slug"]), None)
        doses = _doses(found, words, sets) if words else [_resolve_dose(found, None, sets, planned)]
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
        if len(rows) > 1 and tingling:
            raise BadInput("--tingling goes with one amount: log the set, then flag it")
        flags, heard = _hear(session, note, moment, now)
        if len(rows) > 1:
            ids = session.store.add_entries(rows, flags)
            for each, number in zip(rows, ids, strict=True):
                each["id"] = number
        elif tingling:
            from glutelog import flagging

            raised = flagging.tingling_row(moment, found["slug"])
            row["id"], raised["id"] = session.store.add_entry_and_flag(row, raised, flags)
        else:
            row["id"] = session.store.add_entry(row, flags)
        plan = session.plan(moment.date())
        # The same cautions whether one amount was typed or a run's distance and time.
        notes = [
            *(_past_safe_dose(found, r) for r in rows),
            _heard(flags, heard),
            _red_limit(session.catalog, found, pain_score, moment.date() == now.date()),
            _past_stretch_total(session, found, row["day"], plan),
            _run_note(found, plan),
            aside,
        ]
        if as_json:
            return records.logged_json(rows, plan, notes, raised=raised)
        text = render.logged_text(row, found["name"], plan, also=rows[1:]) + "".join(notes[:-1])
        if raised is not None:
            text += "\n" + flagging.raised_text(session, raised)
        return text + aside


def sore(
    db=None,
    score=None,
    morning=False,
    after=False,
    side=None,
    at=None,
    note=None,
    replace=False,
    as_json=False,
    now=None,
) -> str:
    """Log a soreness score; without --morning/--after it is a morning score if nothing has been
    logged yet that day, otherwise an after-session score. A day has one morning score (per
    side): a second one is refused unless ``replace``. A note that reads like a warning sign
    is heard (see flagging.note_flags), even when the score is refused."""
    return _heard_first(
        note, lambda: _sore(db, score, morning, after, side, at, note, replace, as_json, now)
    )


def _sore(db, score, morning, after, side, at, note, replace, as_json, now) -> str:
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
        replaced = ""
        flags, heard = _hear(session, note, moment, now)
        if timing == "morning":
            row["id"], before = session.store.add_morning(row, replace, flags)
            shown = ", ".join(f"s{row_id} {old}/10" for row_id, old in before)
            if row["id"] is None:
                raise BadInput(
                    f"{day} already has a morning score ({shown}); to change it: "
                    f"glutelog sore {value} --morning --replace"
                )
            if before:
                replaced = f"\nReplaced {shown}."
        else:
            row["id"] = session.store.add_soreness(row, flags)
        said = _heard(flags, heard)
        if as_json:
            earlier = before if timing == "morning" else []
            return records.sore_json(row, earlier, [aside, said])
        return render.sore_text(row) + replaced + aside + said


def flag(
    db=None, words=None, note=None, at=None, clear=False, as_json=False, now=None, ask=None
) -> str:
    """Record a warning sign (red flag) in the person's own words, clear flags, or list the
    signs and those in force. On a terminal, unclear words are asked about (``ask``);
    elsewhere they are refused with the command for each reading."""
    from glutelog import flagging

    if ask is None and _terminal():
        ask = _ask_on_terminal
    return _heard_first(
        note,
        lambda: flagging.flag(
            db=db, words=words, note=note, at=at, clear=clear, as_json=as_json, now=now, ask=ask
        ),
    )


def _terminal() -> bool:
    try:
        return bool(sys.stdin and sys.stdin.isatty() and sys.stderr.isatty())
    except (OSError, ValueError, AttributeError):
        return False


def _ask_on_terminal(question: str, choices: list) -> int | None:
    """Ask on the terminal which reading is meant; Enter takes the first (the most pressing:
    a false alarm costs one command, a missed emergency more). None when none is chosen."""
    sys.stderr.write(question + "\n")
    for number, offer in enumerate(choices, 1):
        sys.stderr.write(f"  {number}. {offer}\n")
    sys.stderr.write(f"Choose 1-{len(choices)} (Enter: 1, q: record nothing): ")
    sys.stderr.flush()
    try:
        answer = input().strip().lower()
    except EOFError:
        return None
    if answer == "":
        return 0
    if answer.isdigit() and 1 <= int(answer) <= len(choices):
        return int(answer) - 1
    return None


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


def undo(db=None, as_json=False) -> str:
    """Remove the most recently logged set or soreness score."""
    with Session(db) as session:
        removed = session.store.remove_latest()
        if removed is None:
            raise BadInput("nothing to undo: nothing has been logged")
        table, row = removed
        return _removed(session, table, row, as_json)


def rm(db=None, row_id=None, as_json=False) -> str:
    table, number = _row_id(row_id)
    with Session(db) as session:
        row = session.store.remove(table, number)
        if row is None:
            raise BadInput(f"no entry {row_id}")
        return _removed(session, table, row, as_json)


def _removed(session: Session, table: str, row: dict, as_json: bool) -> str:
    if as_json:
        return render.dumps({"removed": records.fields(table, row)})
    return f"Removed {_describe(session, table, row)}"


def edit(
    db=None,
    row_id=None,
    amount=None,
    sets=None,
    side=None,
    at=None,
    pain=None,
    note=None,
    as_json=False,
    now=None,
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
            n_sets, value, unit = _resolve_dose(
                exercise, amount, sets, current, default_sets=row["sets"]
            )
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
        advice = ""
        exercise = session.catalog.exercises.get(after["exercise"])
        if pain is not None and exercise is not None:
            today = after["day"] == now.date().isoformat()
            advice = _red_limit(session.catalog, exercise, after["pain"], today)
        if as_json:
            return records.changed_json(table, before, after, [advice, aside])
        return (
            f"Before: {_describe(session, table, before)}\n"
            f"After:  {_describe(session, table, after)}" + advice + aside
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


def _write_file(path: str, write, newline: str | None = None, replace: bool = False) -> None:
    """Create ``path`` with ``write(handle)``, whole or not at all: a temporary file beside it,
    synced, then renamed; on any failure the temporary file is removed. ``newline=""`` keeps
    line ends as written (iCalendar's CRLF); ``replace`` replaces a file that is there, keeping
    its permissions, instead of refusing it."""
    import os

    from glutelog.errors import DiskError, ReadOnly

    if not replace:
        _check_target(path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8", newline=newline) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if replace and os.path.exists(path):
            import shutil

            shutil.copymode(path, tmp)
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


def check(db=None, as_json=False) -> str:
    from glutelog import backup
    from glutelog.errors import NotGlutelog

    with Session(db) as session:
        result = backup.check(session.store)
    text = render.dumps(result) if as_json else render.check_text(result)
    if result["integrity"] != "ok":
        raise NotGlutelog(f"{session.path} failed its integrity check: restore it from a backup")
    return text


def rules(db=None, as_json=False) -> str:
    """Every rule; ``db`` is accepted like every command's, though rules do not depend on it."""
    from glutelog.rules import RULES

    if as_json:
        return render.dumps(
            {name: {"value": value, "source": source} for name, (value, source) in RULES.items()}
        )
    return render.rules_text(RULES)


def where(db=None, as_json=False) -> str:
    import os

    path = paths.db_path(db)
    if as_json:
        return render.dumps({"path": path, "exists": os.path.lexists(path)})
    return path


# What `exercises --json` gives for each exercise; `exercises show --json` gives every key.
EXERCISE_KEYS = ("slug", "name", "aliases", "kind", "block", "sets", "amount", "unit", "per_side")


def exercises(db=None, kind=None, as_json=False) -> str:
    if kind is not None and kind not in catalog_mod.KINDS:
        raise BadInput(f"kind must be one of {', '.join(catalog_mod.KINDS)}, got {kind!r}")
    found = catalog_mod.load(paths.db_path(db)).by_kind(kind)
    if as_json:
        ordered = sorted(found, key=lambda e: (e["block"], e["slug"]))
        return render.dumps([{key: e[key] for key in EXERCISE_KEYS} for e in ordered])
    return render.exercise_list(found)


def show_exercise(db=None, name=None, as_json=False) -> str:
    found = catalog_mod.load(paths.db_path(db)).resolve(name or "")
    if as_json:
        return render.dumps({key: found[key] for key in sorted(found, key=_slug_first)})
    return render.exercise_detail(found)


def _slug_first(key: str):
    return (key not in EXERCISE_KEYS, EXERCISE_KEYS.index(key) if key in EXERCISE_KEYS else key)


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
