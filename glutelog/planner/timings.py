"""How long a plan item takes, and which items to keep when there is only so much time.

The estimates are domain knowledge, like the rules in ``rules.py``: every number is in TIMINGS
with its basis, and the order in which items are kept is one table, VALUE_ORDER, so a clinician
reviewing them reads this file alone.

>>> item_minutes({"exercise": "pigeon", "kind": "stretch", "block": "daily", "sets": 2,
...               "amount": 30, "unit": "seconds", "sides": ["left", "right"]})
2.5
"""

from __future__ import annotations

# name: (value, basis)
TIMINGS = {
    "seconds_per_rep": (
        3.0,
        "design choice: a controlled rep, about 1 s up, a short pause, 1-2 s down",
    ),
    "seconds_per_length": (
        30.0,
        "design choice: side-stepping low across a room of 5-8 m takes about 20-30 s",
    ),
    "minutes_per_km": (
        6.0,
        "design choice: an easy running pace; only used if a plan ever doses a run in km",
    ),
    "rest_between_sets_strength": (
        45.0,
        "design choice: light sets of 8-20 reps need under a minute's rest (ACSM 2009 suggests "
        "short rests for light, high-repetition work)",
    ),
    "rest_between_holds": (
        10.0,
        "design choice: time to ease out of a stretch or release and settle back in",
    ),
    "side_switch_seconds": (
        10.0,
        "design choice: turning over or changing legs once all sets on one side are done",
    ),
    "get_ready_seconds": (
        5.0,
        "design choice: `glutelog go` gives this long to get into position before an "
        "exercise's first hold (not counted in the plan's minutes: it overlaps reading the cue)",
    ),
}


def timing(name: str) -> float:
    """The value of one estimate, e.g. ``timing("seconds_per_rep") == 3.0``."""
    return TIMINGS[name][0]


def rest_seconds(item: dict) -> float:
    """The rest between two sets of ``item``: longer after strength work than after a hold."""
    return timing(
        "rest_between_sets_strength" if item.get("kind") == "strength" else "rest_between_holds"
    )


def item_minutes(item: dict) -> float:
    """Minutes one plan item takes: the work of every set on every side, a rest between sets
    and one switch between sides (all sets on one side, then the other).

    Two 30 s holds a side: 4 × 30 s work, 2 × 10 s rest, one 10 s switch = 2.5 min. Two sets
    of 12 bridges: ``item_minutes({"kind": "strength", "sets": 2, "amount": 12, "unit": "reps",
    "sides": ["both"]}) == 1.95`` (2 × 12 × 3 s + 45 s). Items without an amount or in unit
    "none" (the rest day) take no time.
    """
    unit, sets, amount = item.get("unit"), item.get("sets") or 0, item.get("amount") or 0
    if unit in (None, "none") or sets <= 0 or amount <= 0:
        return 0.0
    sides = len(item.get("sides") or ["both"])
    if unit == "minutes":
        return float(sets * amount * sides)  # time-based items are timed as a whole
    if unit == "km":
        return float(sets * amount * sides * timing("minutes_per_km"))
    per_set = {
        "seconds": amount,
        "reps": amount * timing("seconds_per_rep"),
        "lengths": amount * timing("seconds_per_length"),
    }.get(unit)
    if per_set is None:
        raise ValueError(f"unknown unit {unit!r} in plan item {item.get('exercise')!r}")
    rest = rest_seconds(item)
    seconds = per_set * sets * sides + rest * (sets - 1) * sides
    seconds += timing("side_switch_seconds") * (sides - 1)
    return round(seconds / 60, 2)


# --- choosing what fits ----------------------------------------------------------------------

# Which items to keep first when time is short, most valuable first. Each role is (name, which
# items it takes, how many at most; None = all). For piriformis pain the release and the main
# piriformis stretch come first: they act on the sore muscle itself and take two or three
# minutes. Strength is next, because it is what keeps symptoms away (a case of piriformis
# syndrome resolved with hip strengthening alone, Tonley 2010); one side-hip (glute med) and one
# glute max item cover both muscles that hold the pelvis level. Other stretches add less for
# this problem, and recovery items (a walk, a cold pack) can be done at any other time of day.
VALUE_ORDER = (
    ("release", "release", 1),
    ("main piriformis stretch", "piriformis stretch", 1),
    ("glute med strength", "glute med", 1),
    ("glute max strength", "glute max", 1),
    ("other strength", "strength", None),
    ("other stretches and releases", "stretch", None),
    ("recovery", "recovery", None),
    ("anything else", "any", None),
)


def _matches(item: dict, test: str, targets: list[str]) -> bool:
    kind = item.get("kind")
    if test == "release":
        return kind == "release"
    if test == "piriformis stretch":
        return kind == "stretch" and "piriformis" in targets
    if test == "glute med":
        return kind == "strength" and "gluteus medius" in targets
    if test == "glute max":
        return kind == "strength" and "gluteus maximus" in targets
    if test == "stretch":
        return kind in ("stretch", "release")
    return test == "any" or kind == test


def _targets(item: dict, catalog) -> list[str]:
    if "targets" in item:
        return item["targets"]
    exercise = catalog.exercises.get(item.get("exercise")) if catalog is not None else None
    return exercise["targets"] if exercise else []


def value_ranks(items: list[dict], catalog=None) -> list[int]:
    """For each item, the index in VALUE_ORDER of the role it takes (0 = kept first).

    Each item takes the first role that matches and still has room, looking at items in plan
    order, so the first piriformis stretch is the main one and later ones count as other
    stretches. Targets come from the item's "targets" key, else from ``catalog``.
    """
    taken = [0] * len(VALUE_ORDER)
    ranks = []
    for item in items:
        targets = _targets(item, catalog)
        for rank, (_, test, most) in enumerate(VALUE_ORDER):
            if (most is None or taken[rank] < most) and _matches(item, test, targets):
                taken[rank] += 1
                ranks.append(rank)
                break
    return ranks


def fit(items: list[dict], minutes: float, catalog=None) -> tuple[list[dict], list[dict]]:
    """Split plan items into (kept, left out) so that the kept ones fit in ``minutes``.

    Items are taken in VALUE_ORDER (ties in plan order); one that does not fit in what is left
    is skipped and smaller ones after it may still fit. Both lists keep the plan's order.
    Targets (to tell glute med from glute max work) come from each item's "targets" key or,
    when items carry none, from ``catalog``.

    >>> kept, left_out = fit(plan["items"], 10, catalog)
    >>> sum(item_minutes(i) for i in kept) <= 10
    True
    """
    ranks = value_ranks(items, catalog)
    order = sorted(range(len(items)), key=lambda i: (ranks[i], i))
    used = 0.0
    keep = set()
    for i in order:
        needed = item_minutes(items[i])
        if used + needed <= minutes + 1e-9:  # 1e-9: float sums such as 0.1 + 0.2
            keep.add(i)
            used += needed
    kept = [item for i, item in enumerate(items) if i in keep]
    left_out = [item for i, item in enumerate(items) if i not in keep]
    return kept, left_out
