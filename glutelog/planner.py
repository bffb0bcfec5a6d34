"""The planner: today's routine from the catalog, the history and the schedule.

``make_plan`` is a pure function of (catalog, entries, soreness, schedule, today): it never reads
the clock or the database, so the same history and the same day always give the same plan.

Rules (numbers in ``rules.py``):
- the daily block (stretch and release) every day;
- daily schedule: the strength block when the last strength session was at least two calendar
  days ago, the recovery block on the other days;
- alternate schedule: one combined session (daily + strength) every second day, recovery between;
- soreness zones: green follow the plan and progress; amber hold; red no strength, easier
  stretches; flare (morning 8+) recovery only, and after repeated flares, see a clinician;
- progression: beat the target in two sessions running on green days and the dose steps up,
  at most once a week.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.rules import rule

SCHEDULES = ("daily", "alternate")
ZONES = ("green", "amber", "red", "flare")


class History:
    """Entries and soreness grouped by day, for fast look-ups while planning many days."""

    def __init__(self, entries: list, soreness: list):
        self.by_day: dict = {}
        self.by_exercise: dict = {}  # (day, slug) -> entries: the planner's most frequent look-up
        for entry in entries:
            self.by_day.setdefault(entry["day"], []).append(entry)
            self.by_exercise.setdefault((entry["day"], entry["exercise"]), []).append(entry)
        self.morning: dict = {}
        self.after: dict = {}
        for score in soreness:
            target = self.morning if score["timing"] == "morning" else self.after
            day = score["day"]
            # the highest score of the day counts: a spike matters more than a later calm reading
            target[day] = max(target.get(day, 0), score["score"])

    def day(self, day: date) -> list:
        return self.by_day.get(day.isoformat(), [])


def zone_on(history: History, day: date) -> tuple[str, list]:
    """The soreness zone that governs the plan for ``day``, and why."""
    key = day.isoformat()
    morning = history.morning.get(key)
    after = history.after.get((day - timedelta(days=1)).isoformat())
    reasons = []
    previous = None
    for back in range(1, 4):
        previous = history.morning.get((day - timedelta(days=back)).isoformat())
        if previous is not None:
            break
    if morning is not None and morning >= rule("flare_min"):
        return "flare", [f"morning soreness {morning}"]
    if morning is not None and morning >= rule("red_min"):
        reasons.append(f"morning soreness {morning}")
    if after is not None and after >= rule("red_min"):
        reasons.append(f"soreness {after} after yesterday's session")
    if (
        morning is not None
        and previous is not None
        and morning - previous >= rule("morning_jump")
        and morning >= rule("morning_jump_floor")
    ):
        reasons.append(f"morning soreness up from {previous} to {morning}")
    if reasons:
        return "red", reasons
    if morning is not None and morning > rule("green_max"):
        reasons.append(f"morning soreness {morning}")
    if after is not None and after > rule("green_max"):
        reasons.append(f"soreness {after} after yesterday's session")
    return ("amber" if reasons else "green"), reasons


def history_start(day: date) -> date:
    """The first day whose entries and soreness the plan for ``day`` can depend on: the
    progression window, plus the three days a zone looks back for an earlier morning score."""
    return day - timedelta(days=rule("progress_window_days") + 3)


def planned_slugs(catalog) -> list:
    """Every exercise whose history the planner looks at: the routine, its easier variants,
    every strength exercise (for the every-other-day rule) and runs (long-run rule)."""
    slugs = set(_strength_slugs(catalog)) | {"run"}
    for block in catalog.routine.values():
        for slug in block:
            slugs.add(slug)
            easier = catalog.exercises[slug]["easier"]
            if easier:
                slugs.add(easier)
    return sorted(slugs)


def _strength_slugs(catalog) -> set:
    return {slug for slug, e in catalog.exercises.items() if e["block"] == "strength"}


def _last_strength_before(history: History, strength: set, today: date) -> date | None:
    for back in range(1, rule("progress_window_days") + 1):
        day = today - timedelta(days=back)
        if any(e["exercise"] in strength for e in history.day(day)):
            return day
    return None


def _long_run(history: History, day: date) -> bool:
    minutes = km = 0.0
    for entry in history.day(day):
        if entry["exercise"] == "run" and entry["amount"]:
            if entry["unit"] == "km":
                km += entry["sets"] * entry["amount"]
            elif entry["unit"] == "minutes":
                minutes += entry["sets"] * entry["amount"]
    return minutes >= rule("long_run_minutes") or km >= rule("long_run_km")


def logged_sets(entries: list, slug: str, per_side: bool) -> int:
    """Sets logged for ``slug``; for a per-side exercise, the sets done on the weaker side."""
    if not per_side:
        return sum(e["sets"] for e in entries if e["exercise"] == slug)
    left = sum(
        e["sets"] for e in entries if e["exercise"] == slug and e["side"] in ("left", "both", None)
    )
    right = sum(
        e["sets"] for e in entries if e["exercise"] == slug and e["side"] in ("right", "both", None)
    )
    return min(left, right)


# --- progression -------------------------------------------------------------------------------


def _step(exercise: dict, sets: int, amount: float) -> tuple[int, float] | None:
    """One step up the dose ladder, or None at the top (time for the harder variant)."""
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        low, high = exercise["rep_range"] or rule("rep_range")
        if amount < high:
            return sets, amount + 1
        if sets < rule("max_sets"):
            return sets + 1, amount
        return None
    if unit == "seconds" and exercise["kind"] in ("stretch", "strength"):
        if amount < rule("hold_max_seconds"):
            return sets, min(amount + rule("hold_step_seconds"), rule("hold_max_seconds"))
        if sets < rule("hold_max_sets"):
            return sets + 1, amount
        return None
    if unit == "lengths":
        if amount < rule("lengths_max"):
            return sets, amount + 1
        return None
    return None  # minutes, km and releases are not progressed


def _good_session(entries: list, exercise: dict, sets: int, amount: float) -> bool:
    """Every planned set reached the target amount (on each side, for a per-side exercise)."""
    hits = [e for e in entries if e["unit"] == exercise["unit"] and (e["amount"] or 0) >= amount]
    return logged_sets(hits, exercise["slug"], exercise["per_side"]) >= sets


def dose(
    exercise: dict, history: History, zones: dict, today: date
) -> tuple[int, float, str | None]:
    """Today's (sets, amount) for ``exercise`` and a message when it steps up or tops out.

    Replays the sessions of the last weeks: two good sessions running on green days earn one
    step, at most once every ``progress_min_days``. The replay starts from what was actually
    done in the first session of the window, so progress is not forgotten as weeks pass.
    """
    sets, amount = exercise["sets"], exercise["amount"]
    slug = exercise["slug"]
    window = rule("progress_window_days")
    sessions = []
    for back in range(window, 0, -1):
        day = today - timedelta(days=back)
        done = history.by_exercise.get((day.isoformat(), slug))
        if done:
            sessions.append((day, done))
    if not sessions:
        return sets, amount, None
    streak = 0
    last_step = None
    if _step(exercise, sets, amount) is not None:
        # Start from what the first session in the window actually reached, and count that day
        # as a step, so a step taken just before the window is not followed by another too soon.
        first = [e for e in sessions[0][1] if e["unit"] == exercise["unit"] and e["amount"]]
        if first:
            best = max(e["amount"] for e in first)
            if exercise["unit"] == "reps" and exercise["kind"] == "strength":
                best = min(best, (exercise["rep_range"] or rule("rep_range"))[1])
            if exercise["unit"] == "seconds":
                best = min(best, rule("hold_max_seconds"))
            most_sets = rule("hold_max_sets") if exercise["unit"] == "seconds" else rule("max_sets")
            done_sets = logged_sets(
                [e for e in first if e["amount"] >= best], slug, exercise["per_side"]
            )
            sets, amount = max(sets, min(done_sets, most_sets)), max(amount, best)
            last_step = sessions[0][0]
    topped = False

    def may_step(day: date) -> bool:
        recent = last_step is not None and (day - last_step).days < rule("progress_min_days")
        return streak >= rule("progress_sessions") and not recent and zone(day) == "green"

    def zone(day: date) -> str:
        if day not in zones:
            zones[day] = zone_on(history, day)[0]
        return zones[day]

    for day, done in sessions:
        if may_step(day):
            stepped = _step(exercise, sets, amount)
            if stepped is None:
                topped = True
            else:
                sets, amount = stepped
                last_step, streak = day, 0
        good = _good_session(done, exercise, sets, amount) and zone(day) == "green"
        streak = streak + 1 if good else 0
    message = None
    if may_step(today):
        stepped = _step(exercise, sets, amount)
        if stepped is None:
            topped = True
        else:
            sets, amount = stepped
            message = f"{exercise['name']}: up to {_dose_text(exercise, sets, amount)} (two good sessions running)"
    if topped and exercise["harder"]:
        message = f"{exercise['name']} is at the top of its range: try the harder variant, {exercise['harder']}"
    return sets, amount, message


def _dose_text(exercise: dict, sets: int, amount: float) -> str:
    from glutelog.parsing import format_amount

    side = " each side" if exercise["per_side"] else ""
    return f"{sets} x {format_amount(amount, exercise['unit'])}{side}"


# --- the plan ----------------------------------------------------------------------------------
# A plan is made in two steps. ``plan_basis`` works out everything that depends only on the days
# before ``today`` and on today's soreness: the zone, whether strength is due, each exercise's
# dose. ``finish_plan`` adds what is logged today. The basis stays the same all day while sets
# are logged, so the command layer keeps it in the database and re-plans only when history
# before today or a soreness score changes.

BASIS_FORMAT = 1


def plan_basis(catalog, history: History, today: date, zones=None) -> dict:
    """What today's plan takes from the days before it and from today's soreness.

    Only plain values (str, int, float, bool, None, lists, dicts), so it can be stored as is.
    """
    zones = {} if zones is None else zones
    strength = _strength_slugs(catalog)
    zone, reasons = zone_on(history, today)
    zones[today] = zone
    last = _last_strength_before(history, strength, today)
    rested = last is None or (today - last).days >= rule("strength_gap_days")
    long_run = _long_run(history, today - timedelta(days=1))

    opening: list = []  # zone messages, always shown
    if zone == "flare":
        opening.append(
            f"Flare ({', '.join(reasons)}): recovery only today. Ease off until mornings settle."
        )
        window = rule("flare_lookback_days")
        flares = sum(
            1
            for back in range(window)
            if history.morning.get((today - timedelta(days=back)).isoformat(), -1)
            >= rule("flare_min")
        )
        if flares >= rule("flare_mornings_for_clinician"):
            opening.append(
                f"{flares} flare mornings in {window} days: please see a clinician or physiotherapist."
            )
    elif zone == "red":
        opening.append(f"Deload ({'; '.join(reasons)}): no strength today, easier stretches.")
    elif zone == "amber":
        opening.append(f"Hold ({'; '.join(reasons)}): keep today's doses, no step up.")
    timing = None  # why strength is not today: shown unless strength was done today anyway
    if zone in ("green", "amber"):
        if long_run and rested:
            timing = "Long run yesterday: strength moves to tomorrow."
        elif not rested and last is not None:
            timing = (
                f"Strength was done {last.isoformat()}: next strength day is "
                f"{(last + timedelta(days=rule('strength_gap_days'))).isoformat()}."
            )
    reminder = None
    if history.morning.get(today.isoformat()) is None:
        reminder = "No morning soreness yet today: `glutelog sore N --morning` (0-10)."

    doses: dict = {}  # slug -> [sets, amount, progress message or None], for every block
    for block, slugs in catalog.routine.items():
        for slug in slugs:
            exercise = _planned_exercise(catalog, slug, block, zone)
            if exercise["slug"] in doses:
                continue
            if zone in ("green", "amber"):  # amber holds the dose: dose() steps only on green days
                doses[exercise["slug"]] = list(dose(exercise, history, zones, today))
            else:
                doses[exercise["slug"]] = [exercise["sets"], exercise["amount"], None]
    return {
        "format": BASIS_FORMAT,
        "date": today.isoformat(),
        "zone": zone,
        "strength_due": rested and not long_run and zone in ("green", "amber"),
        "opening": opening,
        "timing": timing,
        "reminder": reminder,
        "doses": doses,
    }


def _planned_exercise(catalog, slug: str, block: str, zone: str) -> dict:
    exercise = catalog.exercises[slug]
    if zone == "red" and block == "daily" and exercise["easier"]:
        return catalog.exercises[exercise["easier"]]
    return exercise


def finish_plan(catalog, basis: dict, schedule: str, today_entries: list) -> dict:
    """The plan from its basis and the sets logged today (entries of that day only)."""
    zone = basis["zone"]
    did_strength = any(e["exercise"] in _strength_slugs(catalog) for e in today_entries)
    strength_day = did_strength or basis["strength_due"]
    if zone == "flare":
        blocks = ["recovery"]
    elif schedule == "alternate":
        blocks = ["daily", "strength"] if strength_day else ["recovery"]
    else:
        blocks = ["daily", "strength" if strength_day else "recovery"]

    messages = list(basis["opening"])
    if basis["timing"] and not did_strength:
        messages.append(basis["timing"])
    if basis["reminder"]:
        messages.append(basis["reminder"])
    items = []
    for block in blocks:
        for slug in catalog.routine[block]:
            exercise = _planned_exercise(catalog, slug, block, zone)
            sets, amount, note = basis["doses"][exercise["slug"]]
            if note:
                messages.append(note)
            done_sets = logged_sets(today_entries, exercise["slug"], exercise["per_side"])
            items.append(
                {
                    "exercise": exercise["slug"],
                    "name": exercise["name"],
                    "kind": exercise["kind"],
                    "block": block,
                    "sets": sets,
                    "amount": amount,
                    "unit": exercise["unit"],
                    "sides": ["left", "right"] if exercise["per_side"] else ["both"],
                    "done_sets": done_sets,
                    "done": done_sets >= sets,
                    "cue": exercise["cue"],
                }
            )
    day_type = "flare" if zone == "flare" else ("strength" if "strength" in blocks else "recovery")
    return {
        "date": basis["date"],
        "schedule": schedule,
        "day_type": day_type,
        "zone": zone,
        "items": items,
        "messages": messages,
    }


def make_plan(
    catalog, entries: list, soreness: list, schedule: str, today: date, zones=None, history=None
) -> dict:
    """The plan for ``today``.

    ``entries`` and ``soreness`` must cover at least the ``progress_window_days`` before today
    (more is fine; anything after today is ignored).

    >>> plan = make_plan(catalog, [], [], "daily", date(2026, 11, 24))
    >>> [item["exercise"] for item in plan["items"]][:2]
    ['tennis-ball-release', 'figure4-supine']
    """
    history = history or History(entries, soreness)
    basis = plan_basis(catalog, history, today, zones)
    return finish_plan(catalog, basis, schedule, history.day(today))
