"""Amounts in the units people read: the one place a report's durations and distances are
worded, for the terminal, Markdown and the physio page alike.

A dose stays as it is typed (``3 x 30 s``); a total is said the way a person says a long time
(``3 h 43 min``, not ``13350 s``) and a distance with the time it took (``220 km in 21 h 35 min``).
"""

from __future__ import annotations

from glutelog.parsing import format_amount, format_number

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


def distance(km: float) -> str:
    """``distance(219.96) == "220 km"``: a tenth of a km at most."""
    return f"{format_number(round(km, 1))} km"


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
