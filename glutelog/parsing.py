"""Parsing what people type: amounts (``12``, ``30s``, ``3x12``, ``1.5km``) and dates and times
(``today``, ``yesterday``, ``last monday``, ``2 days ago``, ``mon 7am``, ISO forms).

Written by hand on purpose: the common forms are parsed without ``re`` or dateutil so that
``glutelog done`` starts fast. Anything the hand parser does not know goes to dateutil's parser,
imported only then.
"""

from __future__ import annotations

from glutelog.errors import BadInput, EitherWay
from glutelog.rules import rule
from glutelog.stdlib import UTC, date, datetime, time, timedelta

# What people write after a number, mapped to the catalog's unit names.
UNIT_WORDS = {
    "": None,
    "rep": "reps",
    "reps": "reps",
    "r": "reps",
    "s": "seconds",
    "sec": "seconds",
    "secs": "seconds",
    "second": "seconds",
    "seconds": "seconds",
    "m": "minutes",
    "min": "minutes",
    "mins": "minutes",
    "minute": "minutes",
    "minutes": "minutes",
    "h": "hours",
    "hr": "hours",
    "hrs": "hours",
    "hour": "hours",
    "hours": "hours",
    "km": "km",
    "k": "km",
    "kms": "km",
    "mi": "miles",
    "mile": "miles",
    "miles": "miles",
    "length": "lengths",
    "lengths": "lengths",
    "len": "lengths",
    "lap": "lengths",
    "laps": "lengths",
}

UNIT_LABELS = {"reps": "reps", "seconds": "s", "minutes": "min", "lengths": "lengths", "km": "km"}

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip


def _number(text: str, what: str) -> float:
    text = text.replace(",", ".")
    if not text or text.count(".") > 1 or not text.replace(".", "").isdigit() or not text.isascii():
        raise BadInput(f"{what} must be a number, got {_short(text)!r}")
    if len(text) > 12:
        raise BadInput(f"{what} {_short(text)} is far too large")
    return float(text)


def _short(text: str) -> str:
    return text if len(text) <= 20 else text[:20] + "..."


def parse_int(text: str | int | None, what: str, low: int, high: int) -> int | None:
    """Parse a whole number within [low, high]: ``parse_int("4", "soreness", 0, 10) == 4``."""
    if text is None:
        return None
    if isinstance(text, int):
        value = text
    else:
        stripped = text.strip()
        negative = stripped[:1] == "-" and stripped[1:].isascii() and stripped[1:].isdigit()
        if negative:  # `sore -1`: a value below the range, said as any out-of-range value is
            raise BadInput(f"{what} must be from {low} to {high}, got {_short(stripped)}")
        if not (stripped.isascii() and stripped.isdigit()):
            raise BadInput(
                f"{what} must be a whole number from {low} to {high}, got {_short(text)!r}"
            )
        if len(stripped) > 9:
            raise BadInput(f"{what} must be from {low} to {high}, got {_short(stripped)}")
        value = int(stripped)
    if not low <= value <= high:
        raise BadInput(f"{what} must be from {low} to {high}, got {value}")
    return value


# The forms an amount can take, for the error that says an amount was not understood.
AMOUNT_FORMS = "12, 30s, 2 min, 3x12, 3 sets of 12, or for a run 20km in 105min"


def parse_amount(text: str, typed: str | None = None) -> tuple[int | None, float, str | None]:
    """Split an amount into (sets, value, unit).

    ``parse_amount("3x12") == (3, 12.0, None)``, ``parse_amount("30s") == (None, 30.0, "seconds")``,
    ``parse_amount("1.5km") == (None, 1.5, "km")``. The unit is None when none was written.
    ``typed`` is the whole amount as written, for the error when it cannot be read.
    """
    raw = text if typed is None else typed
    text = text.strip().lower().replace("×", "x").replace(" ", "")
    sets = None
    if "x" in text[1:]:
        head, _, rest = text.partition("x")
        if head.isascii() and head.isdigit() and rest:
            if len(head) > 9:
                raise BadInput(f"sets {_short(head)} is far too many")
            sets = int(head)
            text = rest
    cut = 0
    while cut < len(text) and (text[cut].isdigit() or text[cut] in ".,"):
        cut += 1
    number, word = text[:cut], text[cut:]
    if text.startswith("-") and text[1:2].isdigit():
        raise BadInput(f"amount must be more than 0, got {_short(text)}")
    if not number:
        raise BadInput(f"amount {_short(raw)!r} is not a number: write it like {AMOUNT_FORMS}")
    if word not in UNIT_WORDS:
        raise BadInput(
            f"unknown unit {_short(word)!r} in {_short(raw)!r}: use reps, s, min, lengths or km, "
            f"like {AMOUNT_FORMS}"
        )
    value = _number(number, "amount")
    unit = UNIT_WORDS[word]
    if unit == "hours":
        value, unit = value * 60, "minutes"
    if unit == "miles":
        # Stored as km, like every distance, unrounded: a distance typed in km has at most
        # three decimals and one typed in miles almost never does, so the miles typed can be
        # shown again exactly (output.render.distance_text).
        value, unit = round(value * KM_PER_MILE, 9), "km"
    return sets, value, unit


KM_PER_MILE = 1.609344  # the international mile


# Units that measure the same thing: two amounts of one family in one line is a typo or a range.
UNIT_FAMILIES = {None: "a plain number", "reps": "reps", "lengths": "lengths", "km": "distance"}
UNIT_FAMILIES |= {"seconds": "time", "minutes": "time"}

# Words people put between two amounts: "20km in 105min".
JOINING_WORDS = ("in", "and", "+")
# Words between a number of sets and the amount in each: "3 x 12", "3 sets of 12".
SETS_WORDS = ("x", "set", "sets")


def parse_amounts(
    words: list[str], either: str | None = None
) -> list[tuple[int | None, float, str | None]]:
    """One or two amounts, as typed after ``done run``, each as :func:`parse_amount` gives it,
    in the order typed.

    ``parse_amounts(["20km", "in", "105min"]) == [(None, 20.0, "km"), (None, 105.0, "minutes")]``;
    ``1h45`` and ``1:45:00`` are both 105 minutes; ``["20", "km"]`` is one amount, and
    ``3 sets of 12``, ``3 x 12`` and ``3x12`` are the same one. A word may hold several
    (``["3 sets of 12"]``). Two amounts of one kind (``20km 5km``, ``30s 2min``) and ranges
    (``20-30s``) are refused. ``12x3`` reads two ways and raises EitherWay, unless
    ``either`` says which was meant: ``"typed"`` (12 sets of 3) or ``"swapped"`` (3 sets of 12).
    """
    words = [w for item in words for w in item.split()]
    typed = " ".join(words)
    tokens: list[str] = []
    said_sets = False  # "12 sets of 3" says which number is the sets; "12x3" does not
    for word in words:
        word = word.strip().lower().replace("×", "x")
        last = tokens[-1] if tokens else ""
        if word == "of" and _counts_sets(last):
            continue  # "3 sets of 12"
        if not word or word in JOINING_WORDS:
            continue
        if _bare_number(last) and word in SETS_WORDS:
            said_sets = said_sets or word != "x"
            tokens[-1] += "x"
        elif _bare_number(last) and word[:1] == "x" and word[1:2].isdigit():
            tokens[-1] += word  # "3 x12"
        elif _counts_sets(last):
            tokens[-1] += word  # the amount in each set: "3x" then "12"
        elif tokens and word in UNIT_WORDS and _bare_number(_each(last)):
            tokens[-1] += word  # "20 km", "3x12 reps" typed as two words
        elif (
            tokens and tokens[-1].endswith("h") and _bare_number(tokens[-1][:-1]) and word.isdigit()
        ):
            tokens[-1] += word  # "1h 45" typed as two words
        else:
            tokens.append(word)
    if not tokens:
        raise BadInput("no amount given: write one such as 12, 30s, 20km or 20km 105min")
    if _counts_sets(tokens[-1]):  # "3 sets" with nothing after it
        raise BadInput(
            f"{_short(typed)!r} gives the sets but not the amount in each, e.g. 3 sets of 12"
        )
    if len(tokens) > 2:
        raise BadInput(
            f"at most two amounts, such as 20km 105min; got {_short(' '.join(tokens))!r}"
        )
    amounts = [_one_amount(token, typed) for token in tokens]
    if not said_sets and either != "typed":
        amounts = [
            _either_way(token, amount, either)
            for token, amount in zip(tokens, amounts, strict=True)
        ]
    if len(amounts) == 2:
        first, second = (UNIT_FAMILIES[unit] for _, _, unit in amounts)
        if first == second == UNIT_FAMILIES[None]:
            raise BadInput(
                f"{tokens[0]!r} and {tokens[1]!r} have no units: write them as 20km 105min"
            )
        if first == second:
            raise BadInput(
                f"{tokens[0]!r} and {tokens[1]!r} are both {first}: give one of each, "
                "such as 20km 105min"
            )
    return amounts


def _either_way(token: str, amount: tuple, either: str | None) -> tuple:
    """``12x3``: twelve sets of three, or three sets of twelve written the other way round?
    With the first number far above a set count (``sets_far_above``) and the second a
    plausible one (``plausible_sets_max``), both readings are given rather than one guessed
    (EitherWay), or the one ``either`` chose ("swapped": 3 sets of 12) is taken."""
    sets, value, unit = amount
    if sets is None or unit not in (None, "reps") or value != int(value):
        return amount
    if sets >= rule("sets_far_above") and 1 <= value <= rule("plausible_sets_max"):
        each = int(value)
        if either == "swapped":
            return each, float(sets), unit
        raise EitherWay(
            f"{_short(token)!r} could be {sets} sets of {each} or {each} sets of {sets}: "
            f"write {each}x{sets} for {each} sets of {sets}, or '{sets} sets of {each}'",
            ((sets, each), (each, sets)),
        )
    return amount


def _bare_number(token: str) -> bool:
    return token.replace(".", "").replace(",", "").isdigit() and token.isascii()


def _counts_sets(token: str) -> bool:
    """``3x``: a number of sets still waiting for the amount in each."""
    return token.endswith("x") and token[:-1].isdigit() and token.isascii()


def _each(token: str) -> str:
    """The amount in each set: ``12`` of ``3x12``; the token itself when it has no sets."""
    head, mark, rest = token.partition("x")
    return rest if mark and head.isdigit() else token


def _one_amount(token: str, typed: str | None = None) -> tuple[int | None, float, str | None]:
    """One amount, also in the clock forms ``1h45`` and ``1:45:00`` (both 105 minutes)."""
    for dash in ("-", "\u2013", "\u2014"):  # hyphen, en dash, em dash
        if dash in token[1:] and token[0].isdigit():
            raise BadInput(f"{_short(token)!r} is a range: give one number, such as 25s")
    if ":" in token:
        return None, _clock_minutes(token), "minutes"
    hours, mark, rest = token.partition("h")
    if mark and rest and hours.isascii() and hours.isdigit() and rest[0].isdigit():
        minutes = rest.removesuffix("min").removesuffix("m")
        if not (minutes.isascii() and minutes.isdigit() and len(minutes) <= 2):
            raise BadInput(f"cannot read {_short(token)!r}: write hours and minutes as 1h45")
        if int(minutes) > 59:
            raise BadInput(f"{_short(token)!r} has {minutes} minutes past the hour: at most 59")
        return None, _number(hours, "hours") * 60 + int(minutes), "minutes"
    return parse_amount(token, typed)


def _clock_minutes(token: str) -> float:
    """``1:45:00`` as minutes (105.0); two parts are refused because 1:45 could be either unit."""
    parts = token.split(":")
    if len(parts) == 2:
        raise BadInput(f"{_short(token)!r} could be hours or minutes: write 1:45:00, 1h45 or 45min")
    if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts):
        raise BadInput(f"cannot read the time {_short(token)!r}: write it as 1:45:00")
    hours, minutes, seconds = (int(p) for p in parts)
    if len(parts[0]) > 3 or len(parts[1]) != 2 or len(parts[2]) != 2:
        raise BadInput(f"cannot read the time {_short(token)!r}: write it as 1:45:00")
    if minutes > 59 or seconds > 59:
        raise BadInput(f"{_short(token)!r} has more than 59 minutes or seconds")
    return hours * 60 + minutes + seconds / 60


def convert(value: float, unit: str, wanted: str) -> float | None:
    """Convert between seconds and minutes; None when the units do not convert."""
    if unit == wanted:
        return value
    if unit == "minutes" and wanted == "seconds":
        return value * 60
    if unit == "seconds" and wanted == "minutes":
        return value / 60
    return None


def check_amount(value: float, unit: str) -> float | int:
    """Reject amounts that are zero, negative or absurd; whole units come back as int."""
    if value <= 0:
        raise BadInput(f"amount must be more than 0, got {format_number(value)}")
    if unit in ("reps", "lengths"):
        if value != int(value):
            raise BadInput(f"{unit} must be a whole number, got {format_number(value)}")
        limit = rule("max_reps") if unit == "reps" else rule("max_lengths")
        if value > limit:
            raise BadInput(
                f"{format_number(value)} {unit} in one set is more than the limit of {limit}"
            )
        return int(value)
    seconds = value if unit == "seconds" else value * 60 if unit == "minutes" else None
    if round(value, 3) <= 0:
        raise BadInput(f"amount {value:g} is too small to record")
    if seconds is not None and seconds > rule("max_seconds"):
        raise BadInput(
            f"{format_number(value)} {UNIT_LABELS[unit]} is more than 4 hours in one set"
        )
    if unit == "km" and value > rule("max_km"):
        raise BadInput(
            f"{format_number(value)} km in one go is more than the limit of {rule('max_km'):g}"
        )
    if value == int(value):
        return int(value)
    # A distance keeps the km a distance in miles gives, unrounded, so it can be shown in the
    # miles that were typed (see parse_amount).
    return round(value, 9 if unit == "km" else 3)


def format_number(value: float | int | None) -> str:
    """``12.0`` prints as ``12``, ``1.25`` as ``1.25``."""
    if value is None:
        return "-"
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def plural(count, noun: str, many: str | None = None) -> str:
    """A count with its noun, the noun in the plural unless the count shows as 1: the one
    helper for every "N things" glutelog says. ``count`` may be a figure already formatted.

    >>> plural(1, "point"), plural(0, "item"), plural("1.5", "point"), plural(2, "entry", "entries")
    ('1 point', '0 items', '1.5 points', '2 entries')
    """
    text = count if isinstance(count, str) else format_number(count)
    return f"{text} {noun if text in ('1', '-1') else many or noun + 's'}"


def format_amount(amount: float | int | None, unit: str) -> str:
    """``format_amount(30, "seconds") == "30 s"``."""
    if amount is None or unit == "none":
        return ""
    return f"{format_number(amount)} {UNIT_LABELS.get(unit, unit)}"


# --- dates and times -------------------------------------------------------------------------


# The times of day that words stand for (the README's "Typing dates and amounts" lists them):
# design choices, said in the confirmation whenever one is used.
DAY_PARTS = {
    "morning": time(8),
    "noon": time(12),
    "midday": time(12),
    "afternoon": time(15),
    "evening": time(19),
    "night": time(22),
    "midnight": time(0),
}
# Parts of the day whose bare hour is after noon: "evening at 7" is 19:00.
AFTERNOON_PARTS = ("afternoon", "evening", "night")


def parse_clock(text: str, what: str) -> time:
    """A time of day as people write it (``07:00``, ``7am``, ``6.30pm``, ``noon``), or refused.

    >>> parse_clock("7.30am", "--at")
    datetime.time(7, 30)
    """
    found = _parse_clock(text.strip().lower().replace(" ", ""))
    if found is None:
        raise BadInput(
            f"{what} takes a time of day such as 07:00, 7am or 6.30pm, not {_short(text)!r}"
        )
    return found


def _parse_clock(word: str) -> time | None:
    """``7am``, ``7:30pm``, ``7.30pm``, ``19:00``, ``19.30``, ``noon``; None when ``word`` is not
    a time of day. A dot is read as a colon, as many people write times with one."""
    if word == "noon":
        return time(12)
    if word == "midnight":
        return time(0)
    suffix = None
    if word.endswith(("am", "pm")):
        word, suffix = word[:-2], word[-2:]
    elif word.endswith(("a.m.", "p.m.")):
        word, suffix = word[:-4], word[-4] + "m"
    hour_text, _, minute_text = word.replace(".", ":", 1).partition(":")
    if not (hour_text.isascii() and hour_text.isdigit()) or len(hour_text) > 2:
        return None
    if minute_text and not (
        minute_text.isascii() and minute_text.isdigit() and len(minute_text) == 2
    ):
        return None
    if not minute_text and suffix is None:
        return None  # a bare number is not a time: "7" could mean anything
    hour, minute = int(hour_text), int(minute_text or 0)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _count(word: str) -> int | None:
    """A small whole number of days or weeks (``"3"``), or None; five digits is already ~270 years."""
    if word in ("a", "an", "one"):  # "a week ago", "an hour ago"
        return 1
    if word.isascii() and word.isdigit() and len(word) < 6:
        return int(word)
    return None


def _days_of(count: int, word: str) -> timedelta | None:
    if word in ("day", "days"):
        return timedelta(days=count)
    if word in ("week", "weeks"):
        return timedelta(weeks=count)
    return None


def _parse_day_words(
    words: list[str], today: date, ahead: bool = False, order: str | None = None
) -> date | None:
    """Day words without a time; None when the words are not a day this parser knows.

    ``ahead`` decides only what a bare weekday means (see :func:`parse_day`); ``order`` how a
    date written with slashes is read (see :func:`slash_date`).
    """
    if not words:
        return None
    phrase = " ".join(words)
    if phrase == "today" or phrase == "now":
        return today
    if phrase == "yesterday":
        return today - timedelta(days=1)
    if phrase in ("day before yesterday", "the day before yesterday"):
        return today - timedelta(days=2)
    if len(words) == 1 and written_date(words[0]):
        return slash_date(words[0], today, order)
    if phrase == "tomorrow":
        return today + timedelta(days=1)
    if len(words) == 1 and words[0] in WEEKDAYS:
        gap = (WEEKDAYS[words[0]] - today.weekday()) % 7
        # Logging looks back, planning looks forward; either way today counts: "mon 7am" on a
        # Monday is today, and so is `plan --date mon`.
        return today + timedelta(days=gap) if ahead else today - timedelta(days=(7 - gap) % 7)
    if len(words) == 2 and words[1] in WEEKDAYS:
        target = WEEKDAYS[words[1]]
        if words[0] == "last":
            return today - timedelta(days=(today.weekday() - target) % 7 or 7)
        if words[0] == "next":
            # The first one after today, so "next friday" on a Friday is a week away.
            return today + timedelta(days=(target - today.weekday()) % 7 or 7)
        if words[0] == "this":
            # The one in this Monday-to-Sunday week, earlier or later than today.
            return today + timedelta(days=target - today.weekday())
    if phrase == "last week":
        return today - timedelta(days=7)
    if phrase == "next week":
        return today + timedelta(days=7)
    if len(words) == 3 and words[2] == "ago" and (count := _count(words[0])) is not None:
        step = _days_of(count, words[1])
        return today - step if step is not None else None
    if len(words) == 3 and words[0] == "in" and (count := _count(words[1])) is not None:
        step = _days_of(count, words[2])
        return today + step if step is not None else None
    if len(words) == 1:
        try:
            return date.fromisoformat(words[0])
        except ValueError:
            return None
    return None


DATE_ORDERS = {"dmy": "day/month", "mdy": "month/day", "ymd": "year/month/day"}


def _spoken_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1].title()} {day.year}"


def slash_date(word: str, today: date, order: str | None = None) -> date:
    """A date written with slashes (``01/12``, ``1/12/2026``, ``2026/12/01``; dots or dashes
    with the year last alike), read in ``order`` (``dmy``, ``mdy`` or ``ymd``: see ``config
    date-order``). A date that reads two ways and no order to choose is refused with both:
    ``slash_date("01/12", today, "dmy") == date(today.year, 12, 1)``; ``30/11`` can only be
    30 November, so it needs no order. Year-first writers put the month first when they leave
    the year out, so ``ymd`` reads ``4/12`` as 12 April.
    """
    mark = "/" if "/" in word else "." if "." in word else "-"
    parts = word.split(mark)
    if not 2 <= len(parts) <= 3 or not all(
        p.isascii() and p.isdigit() and 1 <= len(p) <= 4 for p in parts
    ):
        raise BadInput(_unreadable(word, today))
    if len(parts[0]) == 4:  # 2026/12/01: a year first is read one way only
        if len(parts) != 3:
            raise BadInput(_unreadable(word, today))
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise BadInput(f"{_short(word)!r} is not a date in the calendar") from None
    year = today.year
    if len(parts) == 3:
        if len(parts[2]) not in (2, 4):
            raise BadInput(_unreadable(word, today))
        year = int(parts[2]) + (2000 if len(parts[2]) == 2 else 0)
    first, second = int(parts[0]), int(parts[1])
    readings = {}
    for name, (day, month) in (("dmy", (first, second)), ("mdy", (second, first))):
        try:
            readings[name] = date(year, month, day)
        except ValueError:
            pass
    if not readings:
        raise BadInput(f"{_short(word)!r} is not a date in the calendar")
    if len(set(readings.values())) == 1:
        return next(iter(readings.values()))  # 30/11, or 5/5: one reading only
    wanted = "mdy" if order == "ymd" and len(parts) == 2 else order
    if wanted in readings:
        return readings[wanted]
    dmy, mdy = readings["dmy"], readings["mdy"]
    raise BadInput(
        f"{_short(word)!r} could be {_spoken_date(dmy)} (day/month) or {_spoken_date(mdy)} "
        f"(month/day): write {dmy.isoformat()}, or say how you write dates with "
        "`glutelog config date-order dmy` (or mdy)"
    )


def written_date(word: str) -> bool:
    """``01/12``, ``1.12.2026``, ``01-12-2026``: a date for :func:`slash_date` (an ISO date,
    year first with dashes, is read as ISO)."""
    if "/" in word:
        return True
    for mark in (".", "-"):
        parts = word.split(mark)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) <= 2:
            return True
    return False


def _unreadable(text: str, today: date) -> str:
    """The refusal for a date not understood, with examples from today's calendar."""
    yesterday = today - timedelta(days=1)
    return (
        f"cannot read the date {_short(text)!r}: try {yesterday.isoformat()}, yesterday, "
        f"'yesterday at 7pm', 'this morning', '2 hours ago' or "
        f"'{WEEKDAY_TITLES[yesterday.weekday()].lower()[:3]} 7.30am'"
    )


WEEKDAY_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _month_number(word: str) -> int | None:
    """``july``, ``jul``, ``sept``: the month's number; None for any other word."""
    if len(word) < 3 or not word.isalpha():
        return None
    names = [i for i, name in enumerate(MONTH_NAMES, 1) if name.startswith(word)]
    return names[0] if len(names) == 1 else None


def _refuse_without_day(words: list[str], text: str, today: date) -> None:
    """A month, a year, or a month and a year name no day; refused rather than given today's
    day of the month (``july 2013`` is not 2013-07-04)."""
    months = [_month_number(w) for w in words if _month_number(w) is not None]
    years = [w for w in words if w.isascii() and w.isdigit() and len(w) == 4]
    if not words or len(months) + len(years) != len(words) or len(months) > 1 or len(years) > 1:
        return
    month = months[0] if months else today.month
    year = int(years[0]) if years else today.year
    example = f"1 {MONTH_NAMES[month - 1]} {year}' or {year:04d}-{month:02d}-01"
    raise BadInput(f"{_short(text)!r} names no day: give the day too, like '{example}")


def _fallback(text: str, default: datetime) -> datetime:
    from dateutil import parser  # only for forms the hand parser does not know

    try:
        return parser.parse(text, default=default.replace(tzinfo=None))
    except (ValueError, OverflowError, TypeError) as exc:
        raise BadInput(_unreadable(text, default.date())) from exc


EARLIEST_YEAR = 1900
LATEST_YEAR = 9000  # leaves room for week and window arithmetic without overflowing


def _sane(moment, text: str):
    if moment.year < EARLIEST_YEAR:
        raise BadInput(f"{_short(text)!r} is too far in the past")
    if moment.year > LATEST_YEAR:
        raise BadInput(f"{_short(text)!r} is too far in the future")
    return moment


def parse_when(text: str, now: datetime, order: str | None = None) -> datetime:
    """The moment ``text`` means (see :func:`parse_moment`)."""
    return parse_moment(text, now, order)[0]


def parse_moment(text: str, now: datetime, order: str | None = None) -> tuple[datetime, str | None]:
    """(moment, note): see :func:`_parse_when`. The note, when not None, says which of two
    moments a wall-clock time that happened twice was taken to mean, or what time a word such
    as "evening" was taken as. ``order`` reads dates written with slashes (see
    :func:`slash_date`). Any date arithmetic that overflows is bad input, not a crash."""
    try:
        moment, note = _parse_when(text, now, order)
        return _sane(moment, text), note
    except (OverflowError, ValueError) as exc:
        raise BadInput(f"cannot read the date {_short(text)!r}") from exc


def parse_day(text: str, today: date, ahead: bool = False, order: str | None = None) -> date:
    """A calendar day: ``parse_day("last monday", today)``; times of day are ignored.

    A bare weekday is the latest one, today included, for logging what was done; with
    ``ahead=True`` (planning) it is the coming one, today included. On Wednesday 2026-11-25:
    ``parse_day("fri", today) == date(2026, 11, 20)`` but
    ``parse_day("fri", today, ahead=True) == date(2026, 11, 27)``.

    Every other form means the same day either way: ``next fri`` is the first Friday after
    today, ``this fri`` the Friday of this Monday-to-Sunday week, ``in 3 days`` and
    ``next week`` count forward, ``last fri``, ``2 days ago`` and ``last week`` back. A day
    after today is left for the caller to accept (planning) or refuse (logging).
    """
    try:
        return _sane(_parse_day(text, today, ahead, order), text)
    except (OverflowError, ValueError) as exc:
        raise BadInput(f"cannot read the date {_short(text)!r}") from exc


# Words for minutes and hours in "2 hours ago" and "in 20 minutes".
CLOCK_STEPS = dict.fromkeys(("minute", "minutes", "min", "mins"), 60)
CLOCK_STEPS |= dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), 3600)


def _relative(words: list[str], now: datetime) -> datetime | None:
    """``2 hours ago``, ``an hour ago``, ``in 20 minutes``: a moment counted from ``now``."""
    if len(words) == 3 and words[2] == "ago":
        count, step = _count(words[0]), CLOCK_STEPS.get(words[1])
        sign = -1
    elif len(words) == 3 and words[0] == "in":
        count, step = _count(words[1]), CLOCK_STEPS.get(words[2])
        sign = 1
    else:
        return None
    if count is None or step is None:
        return None
    return now + timedelta(seconds=sign * count * step)


def _day_part(words: list[str]) -> tuple[list[str], str | None]:
    """(the words without a part of the day, that part): ``["yesterday", "evening"]`` gives
    ``(["yesterday"], "evening")``; "tonight" is today's night, "last night" yesterday's, and
    "this morning" today's."""
    words = [x for w in words for x in (["today", "night"] if w == "tonight" else [w])]
    found = next((i for i, w in enumerate(words) if w in DAY_PARTS), None)
    if found is None:
        return words, None
    part = words[found]
    before, after = words[:found], words[found + 1 :]
    while before and before[-1] in ("in", "the"):  # "yesterday in the morning"
        before = before[:-1]
    if before == ["this"]:
        before = []
    elif before == ["last"]:
        before = ["yesterday"]
    return before + after, part


def _bare_hour(words: list[str], part: str) -> tuple[list[str], time | None]:
    """``["@7"]`` (typed "at 7") with "evening": 19:00; a bare hour is read only after "at"
    and beside a part of the day, which says whether it is before or after noon."""
    for i, word in enumerate(words):
        hour = word[1:]
        if word[:1] == "@" and hour.isascii() and hour.isdigit() and 1 <= int(hour) <= 12:
            suffix = "pm" if part in AFTERNOON_PARTS else "am"
            return words[:i] + words[i + 1 :], _parse_clock(hour + suffix)
    return words, None


def _parse_when(text: str, now: datetime, order: str | None = None) -> tuple[datetime, str | None]:
    """A moment with the local UTC offset: ``parse_when("mon 7am", now)``,
    ``parse_when("yesterday evening", now)`` (19:00), ``parse_when("2 hours ago", now)``.

    A day without a time takes the current time of day (so entries keep their order). The
    moment's local date is always the day named (see :func:`local_moment`).
    """
    if _looks_iso(text):
        try:
            given = datetime.fromisoformat(text.strip())
        except ValueError:
            given = None
        if given is not None and given.tzinfo is not None:
            return given, None  # an explicit offset: exactly the moment written
    words = (
        text.strip().lower().replace("t", " ", 1).split()
        if _looks_iso(text)
        else text.strip().lower().replace(",", " ").split()
    )
    if not words:
        raise BadInput("the date is empty")
    if words in (["now"], ["just", "now"]):
        return now, None
    counted = _relative(words, now)
    if counted is not None:
        return counted, None
    # "yesterday at 7pm": "at" says only that a time follows; "at 7" keeps the mark on its bare
    # hour, which a part of the day may then read ("this evening at 7" is 19:00).
    joined: list[str] = []
    for word in words:  # "7.30 pm" is one time
        if joined and word in ("am", "pm", "a.m.", "p.m.") and joined[-1][-1:].isdigit():
            joined[-1] += word
        else:
            joined.append(word)
    words = joined
    marked = []
    for i, word in enumerate(words):
        if word == "at" and i + 1 < len(words) and words[i + 1].isdigit():
            words[i + 1] = "@" + words[i + 1]
        elif word != "at":
            marked.append(word)
    words, part = _day_part(marked)
    clock = None
    for i, word in enumerate(words):
        found = _parse_clock(word)
        if found is None and word in ("am", "pm") and i > 0:
            found = _parse_clock(words[i - 1] + word)
            if found is not None:
                words = words[: i - 1] + words[i + 1 :]
                clock = found
                break
        if found is not None:
            clock = found
            words = words[:i] + words[i + 1 :]
            break
    if clock is None and part is not None and part not in ("noon", "midday", "midnight"):
        words, clock = _bare_hour(words, part)
    said = None
    if clock is None and part is not None:
        clock = DAY_PARTS[part]
        if part not in ("noon", "midday", "midnight"):  # those say their time already
            said = f"Note: {part} is taken as {clock:%H:%M}."
    for word in words:
        clock_like = word.endswith(("am", "pm")) and word[:1].isdigit()
        if clock_like or word.count(".") == 1 and word.replace(".", "").isdigit():
            # "1.15" is not a date and "25.13" not a time: never left to a guess
            raise BadInput(
                f"cannot read the time {_short(word)!r}: write it as 7.30, 19:30 or 7.30pm"
            )
    day = _parse_day_words(words, now.date(), order=order) if words else now.date()
    typed = True
    if day is None:
        _refuse_without_day(words, text, now.date())
        if len(words) == 1 and words[0].lstrip("@").isdigit():
            # "3" could be 3 o'clock or the 3rd: never left to a guess
            raise BadInput(
                f"{_short(text)!r} is a bare number: write a time as 7am or 19:00, "
                f"a day as {(now.date() - timedelta(days=1)).isoformat()}"
            )
        # The time of day was read above: the rest is a date such as "1 dec"
        moment = _fallback(" ".join(words), now)
        if clock is not None:
            moment = datetime.combine(moment.date(), clock)
    else:
        if clock is None:
            if day == now.date():
                return now, None
            clock, typed = now.time().replace(microsecond=0, tzinfo=None), False
        moment = datetime.combine(day, clock)
    if moment.tzinfo is not None:
        return moment, said
    moment, note = local_moment(moment, typed)
    return moment, note or said


# --- the local time zone ---------------------------------------------------------------------
# Wall-clock times are turned into moments with the C library's idea of the local zone (the TZ
# variable or the system's), through datetime's own PEP 495 support: no tz database is read
# here, so a POSIX TZ rule such as EST5EDT,M3.2.0,M11.1.0 works as everywhere else.


def local_moment(wall: datetime, typed: bool = True) -> tuple[datetime, str | None]:
    """(moment, note) for a naive local wall-clock time, whose local date is always ``wall``'s.

    A time that happened twice (the hour repeated when clocks go back) is taken the first time,
    and the note says so. A time that never happened (skipped when clocks go forward) is refused
    when it was typed; when it was not (``yesterday`` takes the current time of day) the moment
    just after the skipped hour is used, or just before it if the jump ends the day.
    """
    first = wall.replace(fold=0).astimezone()
    second = wall.replace(fold=1).astimezone()
    exists = [m for m in (first, second) if m.replace(tzinfo=None) == wall]
    if exists:
        moment = min(exists)  # the first occurrence
        if len(exists) == 1 or first.utcoffset() == second.utcoffset():
            return moment, None
        other = max(exists)
        return moment, (
            f"Note: {_clock(wall)} on {wall.date()} happened twice here (the clocks went back "
            f"from {_offset(moment)} to {_offset(other)}); logged the first. For the second, "
            f"use --at {wall.isoformat(timespec='minutes')}{_offset(other, '')}"
        )
    # In a gap, fold=0 reads the time with the offset before the jump and fold=1 with the one
    # after: the two moments straddle the jump.
    before, after = first, second
    if typed:
        start, end = _jump(before, after)
        raise BadInput(
            f"{_clock(wall)} on {wall.date()} did not happen here: the clocks went forward "
            f"from {_clock(start)} to {_clock(end)} ({_offset(before)} to {_offset(after)}); "
            "give a time before or after the jump"
        )
    same_day = [m for m in (after, before) if m.date() == wall.date()]
    return (same_day or [after])[0], None


def _jump(before: datetime, after: datetime) -> tuple[datetime, datetime]:
    """The wall-clock times on each side of the jump between two moments: the last second in
    the old offset (rounded up to the jump) and the first in the new one."""
    low, high = int(before.timestamp()), int(after.timestamp())
    old = before.utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone().utcoffset() == old:
            low = middle
        else:
            high = middle
    return (
        datetime.fromtimestamp(high, UTC) + old,
        datetime.fromtimestamp(high, UTC).astimezone(),
    )


def _clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def _offset(moment: datetime, prefix: str = "UTC") -> str:
    """``UTC-04:00`` (or ``-04:00`` with no prefix); seconds only when the offset has them."""
    seconds = int(moment.utcoffset().total_seconds())
    sign, seconds = ("-" if seconds < 0 else "+"), abs(seconds)
    text = f"{sign}{seconds // 3600:02d}:{seconds // 60 % 60:02d}"
    return prefix + text + (f":{seconds % 60:02d}" if seconds % 60 else "")


def utc_text(moment: datetime | str | None) -> str | None:
    """The instant as fixed-width UTC text, ``2026-11-24T06:30:00.000000Z``; None when ``moment``
    is not a readable ISO time. A time written without an offset is read as local time.

    This is the form of the ``utc`` column (migration m004): text, not a number, so the
    database stays readable by people and other tools, and a fixed width, so that text order
    is time order whatever offset each moment was logged with.
    """
    if isinstance(moment, str):
        try:
            moment = datetime.fromisoformat(moment)
        except ValueError:
            return None
    if moment is None:
        return None
    try:
        instant = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return instant.strftime("%Y-%m-%dT%H:%M:%S.%fZ") if instant.year >= 1000 else None


def usable_local_zone() -> str | None:
    """Make sure the local time zone gives offsets Python can hold, falling back to UTC when
    it does not; returns a note saying so, or None.

    The C library reads TZ: a name it does not know (``TZ=Mars/Olympus``, ``TZ=:nonsense``)
    means UTC, for glutelog as for ``date`` and every other program. But it clamps an
    absurd offset (``TZ=UTC+99``) to a whole day, which Python's datetime refuses.
    """
    import time as clock

    day = 24 * 3600
    if abs(clock.timezone) < day and abs(clock.altzone) < day:
        try:
            datetime.now(UTC).astimezone()
            return None
        except (OverflowError, ValueError):
            pass
    import os

    given = os.environ.get("TZ", "")
    os.environ["TZ"] = "UTC"
    clock.tzset()
    return (
        f"the time zone TZ={_short(given)!r} has an offset of a day or more, "
        "which cannot be right: using UTC"
    )


def _looks_iso(text: str) -> bool:
    """``2026-11-24T07:30`` style: a date, a T, a time."""
    text = text.strip()
    return len(text) > 11 and text[4] == "-" and text[7] == "-" and text[10] in "tT"


def _parse_day(text: str, today: date, ahead: bool = False, order: str | None = None) -> date:
    words = text.strip().lower().split()
    day = _parse_day_words(words, today, ahead, order)
    if day is not None:
        return day
    _refuse_without_day(words, text, today)
    return _fallback(text, datetime.combine(today, time(12))).date()


def not_future(moment: datetime, now: datetime) -> datetime:
    """Refuse a moment after ``now`` (logging what has not happened yet is a typo), said in
    words: "tomorrow at 19:25 is in the future"."""
    if moment > now:
        raise BadInput(f"{spoken_moment(moment, now)} is in the future")
    return moment


def spoken_moment(moment: datetime, now: datetime) -> str:
    """``today at 07:30``, ``tomorrow at 19:25``, ``Monday 7 December 2026 at 08:00``: a moment
    as people say it, in ``now``'s time zone."""
    if moment.tzinfo is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    gap = (moment.date() - now.date()).days
    named = {-1: "yesterday", 0: "today", 1: "tomorrow"}.get(gap)
    if named is None:
        named = f"{WEEKDAY_TITLES[moment.weekday()]} {_spoken_date(moment.date())}"
    return f"{named} at {moment:%H:%M}"


MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip


def parse_month(text: str, today: date) -> date:
    """The first day of a calendar month: ``2026-11``, a name (``nov``, ``November``: the latest
    one up to this month), ``this`` or ``last``. ``parse_month("nov", date(2027, 2, 1))`` is
    2026-11-01; a month after this one is refused, as a report covers days up to today."""
    word = text.strip().lower()
    this = date(today.year, today.month, 1)
    if word in ("", "this", "this month"):
        return this
    if word in ("last", "last month"):
        return (this - timedelta(days=1)).replace(day=1)
    found = None
    if len(word) == 7 and word[4] == "-" and word[:4].isdigit() and word[5:].isdigit():
        year, month = int(word[:4]), int(word[5:])
        if 1 <= month <= 12 and year >= 1:
            found = date(year, month, 1)
    elif len(word) >= 3:
        names = [i for i, name in enumerate(MONTH_NAMES, 1) if name.startswith(word)]
        if len(names) == 1:
            found = date(today.year, names[0], 1)
            if found > this:
                found = found.replace(year=today.year - 1)
    if found is None:
        raise BadInput(f"cannot read the month {_short(text)!r} (try 2026-11, nov or last)")
    if found > this:
        raise BadInput(f"{found.isoformat()[:7]} has not begun: a report covers days up to today")
    return found


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
