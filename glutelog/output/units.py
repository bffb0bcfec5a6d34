"""Amounts in the units people read: the one place a report's durations and distances are
worded, for the terminal, Markdown and the physio page alike.

A dose stays as it is typed (``3 x 30 s``); a total is said the way a person says a long time
(``3 h 43 min``, not ``13350 s``) and a distance with the time it took (``220 km in 21 h 35 min``).
"""

from __future__ import annotations

from glutelog.parsing import KM_PER_MILE, format_amount, format_number

SECONDS_PER = {"seconds": 1, "minutes": 60}


def _whole(value: float) -> int:
    """Rounded half up, as people round: 222.5 minutes is 223, not Python's 222."""
    return int(value + 0.5)


def duration(seconds: float) -> str:
    """A length of time: ``45 s``, ``5 min 30 s``, ``3 h 43 min`` (seconds are dropped from an
    hour up, where they are noise).

    >>> duration(13350), duration(330), duration(45), duration(3600)
    ('3 h 43 min', '5 min 30 s', '45 s', '1 h')
    """
    if seconds < 59.5:
        return f"{_whole(seconds)} s"
    if seconds < 3570:  # under an hour once rounded to the minute
        minutes, rest = divmod(_whole(seconds), 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, minutes = divmod(_whole(seconds / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def minutes(value: float) -> str:
    """A time given in minutes, to the nearest minute: ``minutes(53.1) == "53 min"``."""
    return duration(60 * _whole(value))


# --- distances ---------------------------------------------------------------------------------
# Stored, exported and in JSON always in km; shown as `config distance` says. Set once per
# command, when its database is opened (commands.session), as colour is set once per run.
_distance = "km"


def use_distance(unit: str) -> None:
    """Show distances in ``unit`` (``km`` or ``miles``) from now on in this run."""
    global _distance
    _distance = "miles" if unit == "miles" else "km"


def distance_label() -> str:
    """The unit :func:`distance_text` shows, for a column's heading: ``km`` or ``mi``."""
    return "mi" if _distance == "miles" else "km"


def distance_text(km, places: int | None = None, unit: bool = True) -> str:
    """A distance stored in km, as the `distance` setting shows it: the one place a distance
    is worded. ``distance_text(8.047) == "8.05 km"``; with miles, ``"5 mi"``.

    A run's own distance (``places`` None) in miles is as precise as it was typed:
    `done run 5.25 miles` shows 5.25 mi (its km are kept unrounded, so the miles that give
    them back exactly are the ones typed), and one typed in km a decimal finer than it was
    typed (12 km shows 7.5 mi). A sum is shown to ``places`` decimals. ``unit`` False: the
    number alone, under a :func:`distance_label`."""
    if _distance != "miles":
        number = format_number(km) if places is None else _fixed(km, places)
        return f"{number} km" if unit else number
    miles = km / KM_PER_MILE
    if places is None:
        typed = (p for p in range(4) if abs(round(miles, p) * KM_PER_MILE - km) < 1e-8)
        places = next(typed, None)
        if places is None:  # typed in km, with at most three decimals
            places = min(len(f"{km:.3f}".rstrip("0").partition(".")[2]) + 1, 3)
    number = _fixed(miles, places)
    return f"{number} mi" if unit else number


def _fixed(value, places: int) -> str:
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def distance(km: float) -> str:
    """A summed distance to a tenth, in the unit the `distance` setting shows:
    ``distance(219.96) == "220 km"`` (``"136.7 mi"`` with miles)."""
    return distance_text(km, places=1)


def quantity(amount, unit: str) -> str:
    """A total in its unit as people read it: times in hours, minutes and seconds, distances
    to a tenth of a km, counts as they are (``12 reps``, ``6 lengths``)."""
    if amount is None or unit == "none":
        return ""
    if unit in SECONDS_PER:
        return duration(amount * SECONDS_PER[unit])
    if unit == "km":
        return distance(amount)
    return format_amount(amount, unit)


def run(km: float, minutes_run: float) -> str:
    """Running in a period: ``220 km in 21 h 35 min``, or whichever of the two was logged."""
    if km and minutes_run:
        return f"{distance(km)} in {minutes(minutes_run)}"
    if km:
        return distance(km)
    return minutes(minutes_run) if minutes_run else ""


def total(row: dict) -> str:
    """An exercise's total in a report, a distance with the time it took:
    ``total({"total": 220, "unit": "km", "minutes": 1295}) == "220 km in 21 h 35 min"``."""
    if row["unit"] == "km" and row.get("minutes"):
        return run(row["total"], row["minutes"])
    return quantity(row["total"], row["unit"])
