"""What the logging commands share: a side, a note, a moment and an amount as typed, read
against an exercise; and the cautions a logged set can bring."""

from __future__ import annotations

from glutelog import parsing
from glutelog.errors import BadInput, EitherWay
from glutelog.rules import rule
from glutelog.stdlib import date, datetime, timedelta

SIDES = ("left", "right", "both")


def checked_side(side: str | None, allowed=SIDES) -> str | None:
    if side is None:
        return None
    side = side.strip().lower()
    side = {"l": "left", "r": "right", "b": "both"}.get(side, side)  # --side L, as people type
    if side not in allowed:
        raise BadInput(f"side must be {' or '.join(allowed)}, got {side!r}")
    return side


# Words after a side that say nothing more: "right side 30s", "left leg 30s".
SIDE_TAILS = ("side", "sides", "leg", "legs", "hip")


def side_in_words(words: list[str]) -> tuple[str | None, list[str]]:
    """(the side said among the amount's words, the other words), anywhere in the amount:
    ``side_in_words(["30", "sec", "left"]) == ("left", ["30", "sec"])``; "right side",
    "each side", "per side", "a side" and "both sides" too (the last four: both).
    Two different sides are refused."""
    words = [w for word in words for w in word.split()]
    low = [w.lower() for w in words]
    found, rest, i = None, [], 0
    while i < len(words):
        word, following = low[i], low[i + 1] if i + 1 < len(low) else ""
        if word in SIDES:
            side, i = word, i + 1 + (following in SIDE_TAILS)
        elif word in ("each", "per", "a") and following in ("side", "leg"):
            side, i = "both", i + 2
        else:
            rest.append(words[i])
            i += 1
            continue
        if found not in (None, side):
            raise BadInput(f"{' '.join(words)!r} names two sides: give one, e.g. 30s left")
        found = side
    return found, rest


def one_side(option: str | None, said: str | None) -> str | None:
    """The side from --side and the one said in the amount, which must agree."""
    if option is not None and said is not None and option != said:
        raise BadInput(f"--side {option} but the amount says {said}: give one")
    return option or said


# Kinds of run people name: each is a run, and the words are kept as the entry's note.
RUN_KINDS = ("long", "easy", "tempo")
RUN_WORDS = ("run", "runs", "running", "jog")


def run_kind(words: list[str]) -> tuple[list[str], str | None]:
    """(the words with a kind of run read, the kind as a note): ``run_kind(["long", "run",
    "32km"]) == (["run", "32km"], "long run")``; other words come back as they were."""
    flat = [w for word in words for w in word.split()]
    if len(flat) >= 2 and flat[0].lower() in RUN_KINDS and flat[1].lower() in RUN_WORDS:
        return flat[1:], f"{flat[0].lower()} run"
    return words, None


def checked_note(note: str | None) -> str | None:
    if note is None:
        return None
    if len(note) > rule("max_note_chars"):
        raise BadInput(f"note is longer than {rule('max_note_chars')} characters")
    return note


def past_safe_dose(exercise: dict, row: dict) -> str:
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


def moment_of(
    at: str | None, now: datetime, db: str | None = None, entry: bool = False
) -> tuple[datetime, str]:
    """(moment, aside): the moment ``--at`` means (``now`` without it), and a line to add to the
    confirmation ("\nNote: ...") when a time that happened twice was taken the first time, or
    a word such as "evening" was taken as a time of day.

    A date written with slashes is read in the ``config date-order`` of the database ``db``.
    An ``entry`` (a set or a score; flags keep their own limits) is refused before
    ``earliest_entry_year`` or more than ``oldest_entry_years`` back: ``moment_of("1999-01-01",
    now, entry=True)`` is a typo in the year, not a routine being caught up on.
    """
    if at is None:
        return now, ""
    order = _date_order(db) if any(map(parsing.written_date, at.lower().split())) else None
    moment, note = parsing.parse_moment(at, now, order)
    parsing.not_future(moment, now)
    if entry and moment.year < rule("earliest_entry_year"):
        raise BadInput(f"{at!r} is before {rule('earliest_entry_year')}: check the year")
    years = rule("oldest_entry_years")
    if entry and moment < now - timedelta(days=round(365.25 * years)):
        raise BadInput(
            f"{at!r} is more than {years} years ago ({moment.date().isoformat()}): check the "
            f"year, e.g. --at {(now.date() - timedelta(days=1)).isoformat()}"
        )
    return moment, f"\n{note}" if note else ""


def day_of(text: str, today, db: str | None = None, ahead: bool = False):
    """The calendar day ``text`` names (see ``parsing.parse_day``), a date with slashes read
    in the ``config date-order`` of ``db``: the grammar ``--at`` uses, for ``plan --date``,
    ``history --since`` and ``report``."""
    order = _date_order(db) if any(map(parsing.written_date, text.lower().split())) else None
    return parsing.parse_day(text, today, ahead, order)


def far_before_first(first: str | None, moment: datetime, ask=None) -> None:
    """Refuse a set more than ``days_before_first_entry`` days before the first entry (the
    ISO day ``first``), unless ``ask`` (given on a terminal) is answered yes: a year typed
    wrong looks like this, and it would make a report count a long run of missed days.
    ``--yes`` skips the question."""
    if first is None:
        return
    start = date.fromisoformat(first)
    gap = (start - moment.date()).days
    if gap <= rule("days_before_first_entry"):
        return
    said = f"{moment.date().isoformat()} is {gap} days before your first entry ({first})"
    if ask is not None and (ask(f"{said}. Log it there? [y/N] ") or "").strip().lower() in (
        "y",
        "yes",
    ):
        return
    raise BadInput(f"{said}: check the date, or add --yes if it is right")


def _date_order(db: str | None) -> str | None:
    """The ``config date-order`` of ``db`` (or the locale's), read only for a written date."""
    import os

    from glutelog import paths, settings
    from glutelog.commands.session import Session

    if not os.path.exists(paths.db_path(db)):
        return settings.date_order({})  # no database yet, and none made just to read this
    with Session(db) as session:
        return settings.date_order(session.store.settings())


# An example amount in each unit, for a refusal that asks for one.
EXAMPLE_AMOUNTS = {"seconds": "30s", "minutes": "10min", "reps": "12", "km": "5km", "lengths": "2"}


def resolve_dose(
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
            example = EXAMPLE_AMOUNTS.get(exercise["unit"], "10")
            raise BadInput(
                f"{exercise['slug']} needs an amount, e.g. `glutelog done {exercise['slug']} "
                f"{example}`"
            )
        return sets_given or exercise["sets"], exercise["amount"], exercise["unit"]
    # One amount as `done` reads several (parse_amounts): ranges, 1h45 and 1:45:00 alike.
    (parsed,) = parsing.parse_amounts([amount])
    return resolve_parsed(exercise, parsed, sets_given, amount, default_sets)


def resolve_parsed(
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


def doses_of(exercise: dict, words: list, sets: str | None, ask=None) -> list:
    """One dose per amount typed, e.g. a run's distance and its time (``run 20km 105min``).
    An amount that reads two ways (``12x3``) is asked about with ``ask`` (on a terminal:
    "1" is as typed, "2" the other way round), else refused with both readings."""
    sets_given = parsing.parse_int(sets, "sets", 1, rule("max_sets_logged"))
    if exercise["unit"] == "none":
        raise BadInput(f"{exercise['slug']} takes no amount")
    typed = " ".join(words)
    try:
        parsed = parsing.parse_amounts(words)
    except EitherWay as either:
        if ask is None:
            raise
        (a, b), (c, d) = either.readings
        answer = (ask(f"{typed}: 1) {a} sets of {b}, or 2) {c} sets of {d}? [1/2] ") or "").strip()
        if answer not in ("1", "2"):
            raise
        parsed = parsing.parse_amounts(words, "typed" if answer == "1" else "swapped")
    doses = [resolve_parsed(exercise, p, sets_given, typed) for p in parsed]
    if len({unit for _, _, unit in doses}) < len(doses):
        raise BadInput(f"{typed!r} gives {exercise['slug']} the same kind of amount twice")
    return doses
