"""Whether a plan item is done: the one rule that ``plan``, ``status``, ``report``, ``go`` and
the physio page share, because each of them reads the items ``tick_items`` marks.

What one day's logged work does for its plan:

- each logged entry counts for one item only: first for the item that plans that very
  exercise, so two planned rungs of one ladder (a red day's seated and lying figure-4) each tick
  with their own sets; otherwise for the item whose ladder holds it, the nearest rung with work
  still to do first;
- an item is done when its planned sets are logged at or above the planned amount, on each
  side for a per-side dose, over as many logs as it takes (a short hold is not a set);
- a ladder variant's set counts at its own starting dose or more (a seated figure-4 of 30 s for
  a lying figure-4 of 30 s), and the variant is named.
"""

from __future__ import annotations

SIDES = ("left", "right")
# Amounts are floats (a 0.5 min hold is 30 s): a total within this of the plan reaches it.
EPSILON = 1e-9


def tick_items(catalog, items: list, entries: list) -> set:
    """Mark each of ``items`` done or not from one day's ``entries``; return the ids
    (``id(entry)``) of the entries that counted for an item (the rest are extra work).

    Each item gets ``done``, ``done_sets`` (planned sets done, on the weaker side for a per-side
    dose), ``done_sides`` ({"left": n, "right": m} for a per-side dose, else None) and
    ``done_with`` (names of the ladder variants that counted, or None).

    >>> items = [{"exercise": "pigeon", "ladder": ["pigeon"], "sets": 2, "amount": 30,
    ...           "unit": "seconds", "side_sets": {"left": 3, "right": 2}}]
    >>> _ = tick_items(catalog, items, [{"exercise": "pigeon", "sets": 3, "amount": 30,
    ...     "unit": "seconds", "side": "left"}, {"exercise": "pigeon", "sets": 2,
    ...     "amount": 30, "unit": "seconds", "side": "right"}])
    >>> items[0]["done"], items[0]["done_sides"]
    (True, {'left': 3, 'right': 2})
    """
    assigned: dict = {id(item): [] for item in items}
    for item in items:
        _mark(catalog, item, [])
    own = {}
    for item in items:
        own.setdefault(item["exercise"], item)
    used: set = set()
    later = []
    for entry in entries:
        item = own.get(entry["exercise"])
        if item is None:
            later.append(entry)
            continue
        assigned[id(item)].append(entry)
        used.add(id(entry))
    for item in items:
        _mark(catalog, item, assigned[id(item)])
    # A variant nobody planned goes to the nearest rung still open, then the nearest done one;
    # the store sums a day's like sets into one row, so a row's sets are shared out as needed.
    for entry in later:
        slug = entry["exercise"]
        candidates = [i for i in items if slug in i["ladder"]]
        if not candidates:
            continue
        used.add(id(entry))
        left = entry["sets"]
        while left > 0:
            item = min(
                candidates,
                key=lambda i: (not _open_for(i, entry), _distance(i, slug), items.index(i)),
            )
            share = left
            if _open_for(item, entry) and _planned_sets(catalog, item, entry):
                share = min(left, _sets_wanted(item, entry))
            assigned[id(item)].append({**entry, "sets": share})
            _mark(catalog, item, assigned[id(item)])
            left -= share
    return used


def still_to_do(item: dict) -> list:
    """[(side, sets)] still to do of a ticked item: per side for a per-side dose, else
    [(None, sets)]; [] once it is done.

    >>> still_to_do({"done": False, "sets": 2, "done_sets": 1, "side_sets": None})
    [(None, 1)]
    """
    if item["done"]:
        return []
    if item.get("side_sets"):
        done = item.get("done_sides") or {}
        return [
            (side, item["side_sets"][side] - done.get(side, 0))
            for side in SIDES
            if item["side_sets"][side] > done.get(side, 0)
        ]
    return [(None, max((item["sets"] or 1) - (item.get("done_sets") or 0), 1))]


def _open_for(item: dict, entry: dict) -> bool:
    """Whether ``item`` still needs work on the side ``entry`` was done on (logs come in any
    order: a left set goes to the item whose left side is open).

    >>> _open_for({"done": False, "side_sets": {"left": 2, "right": 2},
    ...            "done_sides": {"left": 2, "right": 0}}, {"side": "left"})
    False
    """
    if item["done"]:
        return False
    if not item.get("side_sets") or not item.get("done_sides"):
        return True
    sides = (entry["side"],) if entry.get("side") in SIDES else SIDES
    return any(item["done_sides"][side] < item["side_sets"][side] for side in sides)


def _sets_wanted(item: dict, entry: dict) -> int:
    """Sets ``item`` still needs on the side(s) ``entry`` was done on (at least 1):
    ``_sets_wanted({"sets": 3, "done_sets": 1, "side_sets": None}, {"side": None}) == 2``."""
    if item.get("side_sets") and item.get("done_sides"):
        sides = (entry["side"],) if entry.get("side") in SIDES else SIDES
        wanted = max(item["side_sets"][side] - item["done_sides"][side] for side in sides)
    else:
        wanted = (item["sets"] or 1) - (item.get("done_sets") or 0)
    return max(wanted, 1)


def _distance(item: dict, slug: str) -> int:
    """Rungs between ``slug`` and the item's own exercise on its ladder, counted from the
    ladder's start when the item's exercise is not on it (a red day's stand-in may not be):
    the nearest item takes a variant first."""
    chain = item["ladder"]
    home = chain.index(item["exercise"]) if item["exercise"] in chain else 0
    return abs(chain.index(slug) - home)


def _planned_sets(catalog, item: dict, entry: dict) -> int:
    """How many of the item's planned sets one entry makes (see the module's rules): 3 holds of
    30 s make 3 sets of a 2 x 30 s plan, 3 holds of 25 s make none."""
    if item["unit"] == "none" or item["amount"] is None:
        return entry["sets"]
    if entry["exercise"] == item["exercise"]:
        unit, amount = item["unit"], item["amount"]
    else:
        variant = catalog.exercises.get(entry["exercise"])
        if not variant or not variant["amount"]:
            return 0
        unit, amount = variant["unit"], variant["amount"]
    if entry["unit"] != unit and _in_unit(1, entry["unit"], unit) == 0:
        return 0
    logged = _in_unit(entry["amount"] or 0, entry["unit"], unit)
    return entry["sets"] if logged + EPSILON >= amount else 0


def _in_unit(value: float, unit: str, wanted: str) -> float:
    """``value`` in ``unit`` as ``wanted``; 0 when the two do not convert (a run's km for
    its minutes): ``_in_unit(0.5, "minutes", "seconds") == 30``."""
    if unit == wanted:
        return value
    if (unit, wanted) == ("minutes", "seconds"):
        return value * 60
    if (unit, wanted) == ("seconds", "minutes"):
        return value / 60
    return 0


def _mark(catalog, item: dict, entries: list) -> None:
    shares = [(entry, _planned_sets(catalog, item, entry)) for entry in entries]
    variants = sorted(
        {e["exercise"] for e, share in shares if share > 0 and e["exercise"] != item["exercise"]}
    )
    if item["unit"] == "none" or item["amount"] is None:
        count = sum(share for _, share in shares)
        planned = item["sets"] or 1
        item.update(
            done_sets=min(count, planned),
            done=count >= planned,
            done_sides=None,
            done_with=None,
        )
        return
    item["done_with"] = [catalog.exercises[v]["name"] for v in variants] or None
    if item["side_sets"]:
        got = {
            side: sum(share for e, share in shares if e.get("side") in (side, "both", None))
            for side in SIDES
        }
        need = item["side_sets"]
        item["done_sides"] = {side: min(got[side], need[side]) for side in SIDES}
        item["done_sets"] = min(item["done_sides"].values())
        item["done"] = all(got[side] >= need[side] for side in SIDES)
    else:
        total = sum(share for _, share in shares)
        item["done_sides"] = None
        item["done_sets"] = total
        item["done"] = total >= item["sets"]
