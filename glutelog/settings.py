"""The settings ``glutelog config`` shows and changes, in one table.

Each key has the values it allows, a default, one line of help, and a parser that turns what a
person types (``90 min 15 km``, ``Mon Thu``, ``on``) into the one text stored in the database.
Stored text is checked again whenever it is read: a value written by another tool or by hand
falls back to the default rather than reaching a plan. No database and no heavy imports here,
because every plan reads the settings.
"""

from __future__ import annotations

from glutelog.errors import BadInput
from glutelog.parsing import WEEKDAYS, format_number, parse_amount
from glutelog.rules import rule

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_TITLES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
YES = ("yes", "y", "on", "true", "1")
NO = ("no", "n", "off", "false", "0")
# Long enough for any real value; anything longer is refused before it is looked at.
MAX_TEXT = 200


class Spec:
    """One setting: ``allowed`` and ``help`` are for people, ``default`` is stored text,
    ``parse(key, text)`` gives the stored text or raises BadInput, ``means(text)`` says in
    words what a stored value does."""

    __slots__ = ("allowed", "default", "help", "parse", "means")

    def __init__(self, allowed: str, default: str, help: str, parse, means):
        self.allowed = allowed
        self.default = default
        self.help = help
        self.parse = parse
        self.means = means


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "..."


def _refuse(key: str, text: str):
    raise BadInput(f"{key} must be {KEYS[key].allowed}, got {_short(text)!r}")


def _choice(*choices: str, aliases: dict | None = None):
    """A parser accepting one of ``choices`` in any case (``aliases`` map other words to them)."""
    table = {c: c for c in choices} | (aliases or {})

    def parse(key: str, text: str) -> str:
        found = table.get(text.strip().lower())
        if found is None:
            _refuse(key, text)
        return found

    parse.choices = choices  # what the shell offers after `config KEY` (see choices)
    return parse


_yes_no = _choice("yes", "no", aliases={**dict.fromkeys(YES, "yes"), **dict.fromkeys(NO, "no")})


def _tokens(key: str, text: str) -> list[str]:
    """``90 min, 15km`` -> ``["90", "min", "15", "km"]``; a sign or other mark is refused, so
    ``-5min`` can never quietly become 5 minutes."""
    tokens: list[str] = []
    kind = None
    for ch in text.lower():
        now = "number" if ch.isdigit() or ch == "." else "word" if ch.isalpha() else None
        if now is None and ch not in " ,\t":
            _refuse(key, text)
        if now is not None and now == kind:
            tokens[-1] += ch
        elif now is not None:
            tokens.append(ch)
        kind = now
    return tokens


def _long_run(key: str, text: str) -> str:
    tokens = _tokens(key, text)
    if not tokens or len(tokens) % 2:
        _refuse(key, text)
    found: dict[str, float] = {}
    for number, word in zip(tokens[::2], tokens[1::2], strict=True):
        try:
            sets, value, unit = parse_amount(number + word)
        except BadInput:
            _refuse(key, text)
        value = round(value, 2)
        limit = rule("max_seconds") / 60 if unit == "minutes" else rule("max_km")
        if sets is not None or unit not in ("minutes", "km") or unit in found:
            _refuse(key, text)
        if not 0 < value <= limit:
            label = "min" if unit == "minutes" else "km"
            raise BadInput(
                f"{key} {unit} must be more than 0 and at most {format_number(limit)} {label}"
            )
        found[unit] = value
    # What was not given keeps its default, so the stored text always holds both.
    minutes = found.get("minutes", rule("long_run_minutes"))
    km = found.get("km", rule("long_run_km"))
    return f"{format_number(minutes)}min {format_number(km)}km"


def _long_run_numbers(text: str) -> tuple[float, float]:
    minutes, km = text.split()
    return float(minutes.removesuffix("min")), float(km.removesuffix("km"))


def _weekdays(least: int):
    def parse(key: str, text: str) -> str:
        days = set()
        for word in text.replace(",", " ").lower().split():
            day = WEEKDAYS.get(word)
            if day is None:
                _refuse(key, text)
            days.add(day)
        if len(days) < least:
            _refuse(key, text)
        return ",".join(DAY_NAMES[day] for day in sorted(days))

    return parse


def _day_numbers(text: str) -> list[int]:
    return [DAY_NAMES.index(name) for name in text.split(",")]


def _day_list(text: str) -> str:
    titles = [DAY_TITLES[day] for day in _day_numbers(text)]
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def _side_means(text: str) -> str:
    if text == "both":
        return "no affected side, both sides get the same"
    return (
        f"the {text} side gets one extra set of its stretches and releases where it fits their "
        "limits (a stretch's total a side, 3 sets of a release)"
    )


NAME_LONGEST = 60  # design choice: a name and a word or two, one line of the page's heading


def _name(key: str, text: str) -> str:
    """Any words, spaces tidied; control characters and an empty name are refused (``--unset``
    clears it)."""
    words = " ".join(text.split())
    if not words or len(words) > NAME_LONGEST or not words.isprintable():
        _refuse(key, text)
    return words


def _name_means(text: str) -> str:
    if not text:
        return "the physio page names no one"
    return f"the physio page is headed with {text}"


def _range(name: str) -> str:
    low, high = rule(name)
    return f"{low}-{high}"


def _older_means(text: str) -> str:
    if text == "yes":
        return (
            f"{_range('older_adult_rep_range')} reps and stretches held up to "
            f"{rule('older_adult_hold_max_seconds')} s"
        )
    return f"{_range('rep_range')} reps and stretches held up to {rule('hold_max_seconds')} s"


def _gentle_means(text: str) -> str:
    if text == "yes":
        return (
            "each exercise starts one step easier, at the bottom of its rep range "
            "(older adults always start this way)"
        )
    return "each exercise starts at the routine's own variant and dose"


def _band_means(text: str) -> str:
    if text == "yes":
        return "exercises with a resistance band are planned"
    return "exercises that need a resistance band are swapped for bodyweight ones"


def _long_run_means(text: str) -> str:
    minutes, km = _long_run_numbers(text)
    return (
        f"a run of {format_number(minutes)} min or {format_number(km)} km or more counts as "
        "long, and strength moves to the next day"
    )


SCHEDULE_MEANS = {
    "daily": "stretches and releases every day, strength when the last strength session was "
    f"{rule('strength_gap_days')} or more days ago",
    "alternate": "one combined session every second day, recovery between",
    "maintenance": "strength on the strength-days, stretching on the stretch-days",
}


def _date_order_means(text: str) -> str:
    if text == "none":
        found = locale_date_order()
        if found is None:
            return "a date such as 01/12 that reads two ways is refused with both readings"
        return f"from the locale: {_date_order_means(found)}"
    example = {"dmy": "1 December", "mdy": "12 January", "ymd": "12 January"}[text]
    return f"01/12 is {example}"


# Countries whose people write the month before the day, or the year first; any other country
# the locale names writes the day first. Without a country, nothing is assumed.
MONTH_FIRST = ("US", "PH", "FM", "MH", "PW")
YEAR_FIRST = ("CN", "JP", "KR", "KP", "TW", "HU", "MN", "LT", "IR")


def locale_date_order() -> str | None:
    """``dmy``, ``mdy`` or ``ymd`` from the locale's country (``LC_ALL``, ``LC_TIME``, ``LANG``:
    ``en_GB.UTF-8`` is dmy, ``en_US`` mdy); None when it names no country (``C``, ``POSIX``)."""
    import os

    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(name)
        if value:
            country = value.split(".")[0].split("@")[0].partition("_")[2].upper()
            if len(country) != 2 or not country.isalpha():
                return None
            if country in MONTH_FIRST:
                return "mdy"
            return "ymd" if country in YEAR_FIRST else "dmy"
    return None


def date_order(raw: dict[str, str]) -> str | None:
    """How dates with slashes are read: the ``date-order`` setting, else the locale's, else
    None (a date that reads two ways is then refused)."""
    text = checked("date-order", raw)[0]
    return locale_date_order() if text == "none" else text


def _distance_means(text: str) -> str:
    if text == "miles":
        return (
            "a run's distance is shown in miles, as precise as you typed it; it is stored, "
            "exported and given in JSON in km"
        )
    return "distances are shown in km; `done run 5 miles` is taken and shown in km"


def distance(raw: dict[str, str]) -> str:
    """How distances are shown: ``km`` or ``miles`` (the ``distance`` setting); only shown,
    never planned with, so it is not among the planner's values (:func:`typed`)."""
    return checked("distance", raw)[0]


# The order here is the order `glutelog config` lists them in.
KEYS: dict[str, Spec] = {
    "schedule": Spec(
        "daily, alternate or maintenance",
        "daily",
        "How sessions spread over the week; `plan --schedule` sets it too.",
        _choice("daily", "alternate", "maintenance"),
        SCHEDULE_MEANS.__getitem__,
    ),
    "side": Spec(
        "left, right or both",
        "both",
        "The affected side gets one extra set of its stretches and releases where it fits; "
        "both: neither.",
        _choice("left", "right", "both", aliases={"none": "both"}),
        _side_means,
    ),
    "name": Spec(
        f"a name of up to {NAME_LONGEST} characters, like Sam Jones",
        "",
        "Who the physio page is for, at the top of its first page (with the side).",
        _name,
        _name_means,
    ),
    "older-adult": Spec(
        "yes or no",
        "no",
        f"yes: {_older_means('yes')} (ACSM 2009, Garber 2011).",
        _yes_no,
        _older_means,
    ),
    "gentle-start": Spec(
        "yes or no",
        "no",
        f"yes: {_gentle_means('yes')}.",
        _yes_no,
        _gentle_means,
    ),
    "band": Spec(
        "yes or no",
        "yes",
        "no: exercises that need a resistance band are swapped for bodyweight ones.",
        _yes_no,
        _band_means,
    ),
    "long-run": Spec(
        "minutes and/or km, like 90min 15km, 100min or 20km",
        f"{format_number(rule('long_run_minutes'))}min {format_number(rule('long_run_km'))}km",
        "A run reaching either counts as long; strength then moves to the next day.",
        _long_run,
        _long_run_means,
    ),
    "strength-days": Spec(
        f"at least {rule('maintenance_strength_per_week')} weekdays, like mon,thu",
        "mon,thu",
        "Strength days on the maintenance schedule.",
        _weekdays(rule("maintenance_strength_per_week")),
        lambda text: f"maintenance strength on {_day_list(text)}",
    ),
    "stretch-days": Spec(
        f"at least {rule('maintenance_stretch_per_week')} weekdays, like mon,wed,fri",
        "mon,wed,fri",
        "Stretching days on the maintenance schedule.",
        _weekdays(rule("maintenance_stretch_per_week")),
        lambda text: f"maintenance stretching on {_day_list(text)}",
    ),
    "date-order": Spec(
        "dmy, mdy, ymd or none",
        "none",
        "How you write dates with slashes: dmy reads 01/12 as 1 December, mdy and ymd as "
        "12 January; none: from the locale where it names a country, else a date that reads "
        "two ways is refused.",
        _choice("dmy", "mdy", "ymd", "none", aliases={"d/m/y": "dmy", "m/d/y": "mdy"}),
        _date_order_means,
    ),
    "distance": Spec(
        "km or miles",
        "km",
        "How a run's distance is shown: miles shows it in miles, as precise as typed; it is "
        "stored, exported and given in JSON in km either way.",
        _choice(
            "km",
            "miles",
            aliases={
                "mi": "miles",
                "mile": "miles",
                "kms": "km",
                "kilometres": "km",
                "kilometers": "km",
            },
        ),
        _distance_means,
    ),
}


def choices(key: str) -> tuple[str, ...] | None:
    """The values ``key`` takes when they are a fixed few (``side``: left, right, both), else
    None (``long-run`` takes any distance or time)."""
    return getattr(KEYS[key].parse, "choices", None)


def key_name(text: str) -> str:
    """The setting ``text`` names (any case, ``_`` for ``-``); BadInput listing the keys if none."""
    key = str(text).strip().lower().replace("_", "-").replace(" ", "-")
    if key in KEYS:
        return key
    import difflib  # only on this error path

    near = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.5)
    hint = f" (did you mean {near[0]}?)" if near else ""
    raise BadInput(
        f"unknown setting {_short(str(text))!r}{hint}; the settings are {', '.join(KEYS)}"
    )


def parse(key: str, text: str) -> str:
    """The stored text for what a person typed: ``parse("long-run", "90 min 15 km") ==
    "90min 15km"``; BadInput naming the key and its allowed values when it does not fit."""
    key = key_name(key)
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        _refuse(key, str(text))
    return KEYS[key].parse(key, text)


def checked(key: str, raw: dict) -> tuple[str, bool]:
    """(stored text of ``key`` from the stored values ``raw``, whether it was set and valid);
    the default when it is missing or does not pass its check."""
    value = raw.get(key)
    if isinstance(value, str):
        try:
            return parse(key, value), True
        except BadInput:
            pass
    return KEYS[key].default, False


def meaning(key: str, text: str) -> str:
    """What the stored value ``text`` of ``key`` does, in words."""
    return KEYS[key].means(text)


def typed(raw: dict[str, str]) -> dict:
    """The values the planner uses, from the stored text of every key (missing or invalid ones
    give their defaults)."""
    text = {key: checked(key, raw)[0] for key in KEYS}
    minutes, km = _long_run_numbers(text["long-run"])
    return {
        "schedule": text["schedule"],
        "side": None if text["side"] == "both" else text["side"],
        "older_adult": text["older-adult"] == "yes",
        "gentle_start": text["gentle-start"] == "yes",
        "band": text["band"] == "yes",
        "long_run_minutes": minutes,
        "long_run_km": km,
        "strength_days": _day_numbers(text["strength-days"]),
        "stretch_days": _day_numbers(text["stretch-days"]),
    }


def listing(raw: dict[str, str]) -> list[dict]:
    """Every key as ``config`` shows it: value, whether it is the default, allowed values, help,
    and ``ignored``: a stored value that failed its check (else None)."""
    rows = []
    for key, spec in KEYS.items():
        value, valid = checked(key, raw)
        stored = raw.get(key)
        rows.append(
            {
                "key": key,
                "value": value,
                "default": not valid,
                "allowed": spec.allowed,
                "help": spec.help,
                "ignored": None if valid or stored is None else str(stored),
            }
        )
    return rows
