"""The commands that log and fix: `done`, `sore`, `undo`, `rm` and `edit`.

Every function takes the values as the user typed them (strings), validates them, talks to the
store, and returns the text to print. Errors are raised as ``glutelog.errors`` exceptions; the
edge turns them into one line and an exit code."""

from __future__ import annotations

import sys

from glutelog import parsing
from glutelog.commands.common import (
    checked_note,
    checked_side,
    doses_of,
    far_before_first,
    moment_of,
    one_side,
    past_safe_dose,
    resolve_dose,
    resolve_parsed,
    run_kind,
    side_in_words,
)
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.errors import BadInput
from glutelog.output import records, render
from glutelog.rules import rule
from glutelog.stdlib import date, datetime


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
        from glutelog.planner.history import Context, History
        from glutelog.planner.progression import start_dose

        if not exercise["sets"] or not exercise["amount"]:
            return ""  # an exercise of the person's own with no dose: nothing to compare with
        on = date.fromisoformat(day)  # the settings of that day, as its plan had
        context = Context(session.catalog, History([], []), session.settings(on), None)
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


def _after_limit(score: int) -> str:
    """Advice when an after-session score reaches the red limit, as it is logged; "" below.
    The plan makes the next session of that work lighter, whatever day it falls on.

    >>> _after_limit(7)  # doctest: +ELLIPSIS
    '\nSoreness 7 after a session is too much (6 or more): rest it today. ...'
    """
    if score < rule("red_min"):
        return ""
    return (
        f"\nSoreness {score} after a session is too much ({rule('red_min')} or more): rest it "
        "today. The next session of that work will be lighter, and a morning of "
        f"{rule('red_min')} or more tomorrow makes it a deload day."
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
            from glutelog.commands import flags as flag_commands

            warning = flag_commands.refused_warning(note)
            if warning:
                exc.message = f"{warning}: {exc.message}"
        raise


def _hear(
    session: Session, note: str | None, moment: datetime, now: datetime
) -> tuple[list, object]:
    """(flag rows to store with the command, what was heard) for a note; nothing for none."""
    if not note:
        return [], None
    from glutelog.commands import flags as flag_commands

    return flag_commands.note_flags(session, note, moment, now=now)


def _heard(rows: list, heard) -> str:
    if heard is None:
        return ""
    from glutelog.commands import flags as flag_commands

    return flag_commands.heard_text(rows, heard)


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


def _per_side_dose(planned: dict | None, side: str | None, sets, tingling: bool) -> list | None:
    """[(side, sets, amount, unit)]: the plan's dose side by side, when ``done X`` gives no amount
    and no --sets and the plan doses X per side with more sets on one side than the other, so
    following the plan ticks it; None to log as typed. A chosen side gets that side's sets.

    >>> _per_side_dose({"side_sets": {"left": 3, "right": 2}, "amount": 30,
    ...                 "unit": "seconds"}, None, None, False)
    [('left', 3, 30, 'seconds'), ('right', 2, 30, 'seconds')]
    """
    if planned is None or not planned.get("side_sets") or sets is not None:
        return None
    counts, dose = planned["side_sets"], (planned["amount"], planned["unit"])
    if side in ("left", "right"):
        return [(side, counts[side], *dose)]
    if counts["left"] == counts["right"] or tingling:  # --tingling goes with one row
        return None
    return [(where, counts[where], *dose) for where in ("left", "right")]


def _with_time(doses: list) -> list:
    """A distance and its time typed together as one dose: (sets, km, unit, minutes per set),
    so `done run 12 km 65 min` stores one entry; any other doses as they are.

    >>> _with_time([(1, 12.0, "km"), (1, 65.0, "minutes")])
    [(1, 12.0, 'km', 65.0)]
    """
    units = {unit: (n_sets, value) for n_sets, value, unit in doses}
    if len(doses) != 2 or "km" not in units or not {"minutes", "seconds"} & set(units):
        return doses
    if doses[0][0] != doses[1][0]:  # `2x5km 30min`: whose time is unclear, kept as typed
        return doses
    n_sets, km = units["km"]
    if "minutes" in units:
        minutes = units["minutes"][1]
    else:
        minutes = parsing.convert(units["seconds"][1], "seconds", "minutes")
    return [(n_sets, km, "km", minutes)]


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
    yes=False,
    ask=None,
) -> str:
    """Log a set; returns the one-line confirmation (``as_json``: the stored rows and the day's
    progress). With ``tingling`` the set and a tingling flag for its exercise are stored
    together (see :func:`flag`); a note that reads like a warning sign is heard (see
    flag_commands.note_flags), even when the set is refused. A set long before the first entry
    is asked about (``ask``, on a terminal) or needs ``yes`` (see common.far_before_first)."""
    return _heard_first(
        note,
        lambda: _done(
            db, exercise, amount, sets, side, pain, at, note, tingling, as_json, now, yes, ask
        ),
    )


def _done(
    db, exercise, amount, sets, side, pain, at, note, tingling, as_json, now, yes=False, ask=None
) -> str:
    now = _now(now)
    side = checked_side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = checked_note(note)
    moment, aside = moment_of(at, now, db, entry=True)
    if not (exercise or "").strip():  # else the amount would be read as the name
        raise BadInput("exercise name is empty: see `glutelog exercises`")
    # Every word typed after `done`, quoted or not: the catalog decides where the name ends.
    typed = [exercise, *([amount] if isinstance(amount, str) else amount or [])]
    typed, kind = run_kind(typed)  # "long run 32km": a run, "long run" its note
    if kind is not None:
        note = checked_note(kind if note is None else f"{kind}: {note}")
    with Session(db) as session:
        found, words = session.catalog.split_name(typed)
        said, words = side_in_words(words)  # "30 sec left", "15 each side"
        side = one_side(side, said)
        if at is not None and not yes:
            far_before_first(session.store.first_logged_day(), moment, ask)
        if side is not None and not found["per_side"] and side != "both":
            raise BadInput(f"{found['slug']} is not done one side at a time")
        planned = None
        if not words and found["unit"] != "none":
            plan = session.plan(moment.date())
            planned = next((i for i in plan["items"] if i["exercise"] == found["slug"]), None)
        sided = _per_side_dose(planned, side, sets, tingling)
        if sided is None:
            doses = (
                doses_of(found, words, sets, ask)
                if words
                else [resolve_dose(found, None, sets, planned)]
            )
            where = (side or "both") if found["per_side"] else None
            sided = [(where, *dose) for dose in _with_time(doses)]
        rows = [
            {
                "at": moment.isoformat(timespec="seconds"),
                "day": moment.date().isoformat(),
                "exercise": found["slug"],
                "sets": n_sets,
                "amount": value,
                "unit": unit,
                "side": where,
                "pain": pain_score,
                "note": note,
                **({"minutes": minutes[0]} if minutes else {}),
            }
            for where, n_sets, value, unit, *minutes in sided
        ]
        row = rows[0]
        raised = None
        if len(rows) > 1 and tingling:
            raise BadInput("--tingling goes with one amount: log the set, then flag it")
        flags, heard = _hear(session, note, moment, now)
        # Set just before the write it names (a plan worked out before may write its cache).
        session.store.command = " ".join(["done", *typed] + (["--tingling"] if tingling else []))
        if len(rows) > 1:
            ids = session.store.add_entries(rows, flags)
            for each, number in zip(rows, ids, strict=True):
                each["id"] = number
        elif tingling:
            from glutelog.commands import flags as flag_commands

            raised = flag_commands.tingling_row(moment, found["slug"])
            row["id"], raised["id"] = session.store.add_entry_and_flag(row, raised, flags)
        else:
            row["id"] = session.store.add_entry(row, flags)
        plan = session.plan(moment.date())
        # The same cautions whether one amount was typed or a run's distance and time.
        notes = [
            *(past_safe_dose(found, r) for r in rows),
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
            text += "\n" + flag_commands.raised_text(session, raised)
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
    ask=None,
) -> str:
    """Log a soreness score. Without --morning/--after it is a morning score only before noon
    and before the day's first logged work; otherwise the person is asked on a terminal
    (``ask``) and refused elsewhere, with both commands shown: a guess made in the evening
    turned a meant morning score into an after-score. A day has one morning score (per
    side): a second one is refused unless ``replace``. A note that reads like a warning sign
    is heard (see flag_commands.note_flags), even when the score is refused.

    >>> sore(score="8", now=datetime(2026, 12, 2, 20, 0).astimezone())  # doctest: +SKIP
    BadInput: morning score or after a session? glutelog sore 8 --morning, or glutelog sore 8 --after
    """
    if ask is None and _terminal():
        ask = _ask_when
    return _heard_first(
        note,
        lambda: _sore(db, score, morning, after, side, at, note, replace, as_json, now, ask),
    )


def _ask_when(value: int) -> str | None:
    """Ask on the terminal whether a score is the morning's or after a session; None for
    neither. No default: Enter guessing is what this question replaces."""
    sys.stderr.write(f"Is {value}/10 your morning score or after a session? [m/a, q: neither] ")
    sys.stderr.flush()
    try:
        answer = input().strip().lower()
    except EOFError:
        return None
    return {"m": "morning", "morning": "morning", "a": "after", "after": "after"}.get(answer)


def _when_unsaid(session: Session, value: int, side, at, moment: datetime, ask) -> str:
    """The timing of a score given without --morning or --after (see :func:`sore`)."""
    day = moment.date().isoformat()
    earlier = session.store.read(
        "SELECT 1 FROM entries WHERE day = ? AND utc <= ? LIMIT 1",
        (day, parsing.utc_text(moment.replace(microsecond=0))),
    )
    if not earlier and moment.hour < rule("morning_score_before_hour"):
        return "morning"
    timing = ask(value) if ask is not None else None
    if timing is None:
        # The commands to type instead, with the side and moment given (a note is left out).
        where = (f" --side {side}" if side else "") + (f' --at "{at}"' if at else "")
        raise BadInput(
            f"say when this score is for: glutelog sore {value} --morning{where} (how you "
            f"woke), or glutelog sore {value} --after{where} (after a session)"
        )
    return timing


def _sore(db, score, morning, after, side, at, note, replace, as_json, now, ask=None) -> str:
    now = _now(now)
    value = parsing.parse_int(score if score is not None else "", "soreness", 0, 10)
    if morning and after:
        raise BadInput("choose one of --morning and --after")
    side = checked_side(side, ("left", "right"))
    note = checked_note(note)
    moment, aside = moment_of(at, now, db, entry=True)
    with Session(db) as session:
        day = moment.date().isoformat()
        if morning or after:
            timing = "morning" if morning else "after"
        else:
            timing = _when_unsaid(session, value, side, at, moment, ask)
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
        session.store.command = f"sore {value} --{timing}" + (" --replace" if replace else "")
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
        limit = _after_limit(value) if timing == "after" else ""
        if as_json:
            earlier = before if timing == "morning" else []
            return records.sore_json(row, earlier, [aside, said, limit])
        return render.sore_text(row) + replaced + aside + said + limit


def flag(
    db=None, words=None, note=None, at=None, clear=False, as_json=False, now=None, ask=None
) -> str:
    """Record a warning sign (red flag) in the person's own words, clear flags, or list the
    signs and those in force. On a terminal, unclear words are asked about (``ask``);
    elsewhere they are refused with the command for each reading."""
    from glutelog.commands import flags as flag_commands

    if ask is None and _terminal():
        ask = _ask_on_terminal
    return _heard_first(
        note,
        lambda: flag_commands.flag(
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
    if table == "flags":
        return f"flag f{row['id']} ({row['symptom']}, {row['day']})"
    exercise = session.catalog.exercises.get(row["exercise"])
    return render.entry_text(row, exercise["name"] if exercise else None)


UNDO_WORDS = {"removed": "Removed", "restored": "Brought back", "set back": "Set back"}


def _undo_count(text) -> int:
    """How many commands ``undo N`` takes back: a whole number, 1 or more; more than the
    journal keeps (UNDO_KEPT) asks for all there is."""
    if text is None:
        return 1
    typed = str(text).strip().lstrip("+")
    if not (typed.isascii() and typed.isdigit()) or int(typed[:12]) < 1:
        raise BadInput(
            f"undo takes how many commands to take back, 1 or more, like `glutelog undo 3`; "
            f"got {str(text)[:20]!r}"
        )
    return int(typed[:12])


def undo(db=None, count=None, as_json=False, show=False) -> str:
    """Reverse the last command that logged something (done, sore, flag, a set of go), or the
    last ``count`` of them: every row they stored is removed, every row they replaced or
    changed comes back as it was, in one write. ``show`` (`undo --list`): say what the undo
    would reverse, changing nothing. Rows stored before glutelog kept commands (or imported)
    are undone a row at a time, each counting as one.

    >>> undo()  # after `sore 6 --morning --replace`
    'Removed s12: 6/10 morning on 2026-12-04\nBrought back s11: 3/10 morning on ...'
    >>> undo(count="2")  # after `done bridge 12` and `done run 5 miles`
    'Undid 2 commands:\n  `done run 5 miles`\n    Removed #8: Run 1 x 5 mi\n  ...'
    """
    wanted = _undo_count(count)
    from glutelog.storage.database import UNDO_KEPT

    with Session(db) as session:
        store = session.store
        asked = min(wanted, UNDO_KEPT)
        undone = store.next_undo(asked) if show else store.undo_command(asked)
        if not undone:
            raise BadInput("nothing to undo: nothing has been logged")
        if as_json:
            steps = [step for _, plan in undone for step in plan]
            return render.dumps(
                {
                    "command": undone[0][0],
                    "undone": not show,
                    "asked": wanted,
                    "commands": [
                        {"command": command, "steps": _json_steps(plan)} for command, plan in undone
                    ],
                    "steps": _json_steps(steps),
                    # One row removed, as `undo --json` has always said it.
                    "removed": next((_json_row(t, r) for w, t, r in steps if w == "removed"), None),
                }
            )
        if count is None:
            ((command, plan),) = undone
            lines = [f"{UNDO_WORDS[what]} {_describe(session, t, row)}" for what, t, row in plan]
            said = render.safe(command) if command else "the row logged last"
            if show:
                return f"The next undo reverses `{said}`:\n" + "\n".join(f"  {x}" for x in lines)
            return "\n".join(lines) + (f"\n(undid `{said}`)" if command else "")
        lines = []
        for command, plan in undone:
            said = render.safe(command) if command else "the row logged last"
            lines.append(f"  `{said}`")
            lines.extend(
                f"    {UNDO_WORDS[what]} {_describe(session, t, row)}" for what, t, row in plan
            )
        n = len(undone)
        commands = "command" if n == 1 else "commands"
        head = f"undo {wanted} would reverse {n} {commands}" if show else f"Undid {n} {commands}"
        short = ""
        if n < wanted:
            kept = f" (glutelog keeps the last {UNDO_KEPT})" if wanted > UNDO_KEPT else ""
            short = f"\nOnly {n} of the {wanted} asked for could be undone: nothing older is kept{kept}."
        return f"{head[0].upper()}{head[1:]}:\n" + "\n".join(lines) + short


def _json_steps(steps: list) -> list:
    return [{"action": what, "table": t, "row": _json_row(t, row)} for what, t, row in steps]


def _json_row(table: str, row: dict) -> dict:
    if table == "flags":
        return {key: row.get(key) for key in ("id", "at", "day", "symptom", "exercise", "note")}
    return records.fields(table, row)


def rm(db=None, row_id=None, as_json=False) -> str:
    """Remove entries by id: ``rm 12``, ``rm 168 167``, ``rm 159-168``, ``rm s3``; several are
    removed in one transaction, or none when one of them is not there."""
    typed = [row_id] if isinstance(row_id, str) or row_id is None else list(row_id)
    if len(typed) == 1 and "-" not in (typed[0] or "").strip("-"):
        table, number = _row_id(typed[0])
        with Session(db) as session:
            row = session.store.remove(table, number)
            if row is None:
                raise BadInput(f"no entry {typed[0]}")
            return _removed(session, table, row, as_json)
    ids = _row_ids(typed)
    with Session(db) as session:
        removed, missing = session.store.remove_rows(ids)
        if missing:
            shown = ", ".join(("s" if t == "soreness" else "") + str(n) for t, n in missing[:5])
            raise BadInput(f"no entry {shown}: nothing was removed")
        if as_json:
            return render.dumps(
                {"removed": [records.fields(t, r) for (t, _), r in zip(ids, removed, strict=True)]}
            )
        lines = [_describe(session, t, r) for (t, _), r in zip(ids, removed, strict=True)]
        removed = parsing.plural(len(lines), "entry", "entries")
        return f"Removed {removed}:\n" + "\n".join(f"  {line}" for line in lines)


def _row_ids(typed: list[str]) -> list[tuple[str, int]]:
    """``["168", "167"]``, ``["159-168"]``, ``["s3-s5"]``: (table, id) for each, in the order
    typed, without repeats; a range takes both ends and stays within one table."""
    ids: list[tuple[str, int]] = []
    for text in typed:
        first, dash, last = (text or "").strip().partition("-")
        if not dash:
            ids.append(_row_id(first))
            continue
        (table, low), (other, high) = _row_id(first), _row_id(last)
        if table != other or high < low:
            raise BadInput(f"a range of ids runs from low to high in one kind, got {text!r}")
        if high - low >= rule("max_removed_at_once"):
            raise BadInput(
                f"{text!r} is more than {rule('max_removed_at_once')} entries: remove fewer at once"
            )
        ids.extend((table, n) for n in range(low, high + 1))
    unique = list(dict.fromkeys(ids))
    if len(unique) > rule("max_removed_at_once"):
        raise BadInput(f"more than {rule('max_removed_at_once')} entries: remove fewer at once")
    return unique


def _removed(session: Session, table: str, row: dict, as_json: bool) -> str:
    if as_json:
        return render.dumps({"removed": records.fields(table, row)})
    return f"Removed {_describe(session, table, row)}"


def _distance_changes(exercise: dict, row: dict, amount: str, sets) -> dict:
    """An edit of the amount of an exercise done over a distance: a distance, its time, or
    both. A time alone given to a distance is the time it took; a distance keeps its time.

    >>> _distance_changes(run, {"sets": 1, "unit": "km", ...}, "62min", None)
    {'minutes': 62.0}
    """
    sets_given = parsing.parse_int(sets, "sets", 1, rule("max_sets_logged"))
    parsed = parsing.parse_amounts(amount.split())
    doses = _with_time(
        [resolve_parsed(exercise, p, sets_given, amount, row["sets"]) for p in parsed]
    )
    if len(doses) > 1:
        raise BadInput(f"{amount!r}: give one distance and the time it took, e.g. 12km 65min")
    ((n_sets, value, unit, *minutes),) = doses
    if unit != "km" and row["unit"] == "km":
        return {"sets": n_sets, "minutes": parsing.convert(value, unit, "minutes")}
    changes = {"sets": n_sets, "amount": value, "unit": unit}
    if minutes:
        changes["minutes"] = minutes[0]
    return changes


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
    side = checked_side(side)
    pain_score = parsing.parse_int(pain, "pain", 0, 10)
    note = checked_note(note)
    moment, aside = moment_of(at, now, db, entry=True) if at is not None else (None, "")
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
        if amount is not None and "km" in (exercise["unit"], *exercise["other_units"]):
            changes.update(_distance_changes(exercise, row, amount, sets))
        elif amount is not None or sets is not None:
            current = {"sets": row["sets"], "amount": row["amount"], "unit": row["unit"]}
            n_sets, value, unit = resolve_dose(
                exercise, amount, sets, current, default_sets=row["sets"]
            )
            changes.update(sets=n_sets, amount=value, unit=unit)
        if changes.get("unit", "km") != "km":
            changes["minutes"] = None  # only a distance keeps the time it took
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
