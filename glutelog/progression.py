"""Progression: each exercise's ladder (easier and harder variants) and its dose ladder (reps,
holds, sets, lengths), replayed over the last weeks to find where a routine item stands today.

Every pain signal counts here: a session counts towards a step up only on a green day with its
own after-session score and every set's pain in the green band; pain at the red limit, red
after-scores in two sessions, or reps below the range step the exercise down its ladder.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.history import Context, logged_sets
from glutelog.rules import rule


def ladder(catalog, slug: str, stop=()) -> list:
    """The exercise's ladder from easiest to hardest, ending before any exercise in ``stop``
    (other items of the routine keep their own ladders): ``ladder(c, "glute-bridge")`` is
    ``["bridge-hold", "glute-bridge", "march-bridge", ...]``."""
    exercises = catalog.exercises
    chain = [slug]
    while True:
        easier = exercises[chain[0]]["easier"]
        if not easier or easier in chain or easier in stop or easier not in exercises:
            break
        chain.insert(0, easier)
    while True:
        harder = exercises[chain[-1]]["harder"]
        if not harder or harder in chain or harder in stop or harder not in exercises:
            break
        chain.append(harder)
    return chain


# --- doses ---------------------------------------------------------------------------------------


def _rep_range(ctx: Context, exercise: dict) -> tuple:
    if ctx.settings["older_adult"]:
        return tuple(rule("older_adult_rep_range"))
    return tuple(exercise["rep_range"] or rule("rep_range"))


def _hold_max(ctx: Context) -> int:
    return (
        rule("older_adult_hold_max_seconds")
        if ctx.settings["older_adult"]
        else rule("hold_max_seconds")
    )


def _step(ctx: Context, exercise: dict, sets: int, amount: float) -> tuple[int, float] | None:
    """One step up the dose ladder, or None at the top (time for the harder variant)."""
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        high = _rep_range(ctx, exercise)[1]
        if amount < high:
            return sets, amount + 1
        if sets < rule("max_sets"):
            return sets + 1, amount
        return None
    if unit == "seconds" and exercise["kind"] in ("stretch", "strength"):
        if amount < _hold_max(ctx):
            return sets, min(amount + rule("hold_step_seconds"), _hold_max(ctx))
        if sets < rule("hold_max_sets"):
            return sets + 1, amount
        return None
    if unit == "lengths":
        if amount < rule("lengths_max"):
            return sets, amount + 1
        return None
    return None  # minutes, km and releases are not progressed


def _progresses(exercise: dict) -> bool:
    """Whether the exercise has a dose ladder at all (releases, walks and ice do not)."""
    unit, kind = exercise["unit"], exercise["kind"]
    return (
        (unit == "reps" and kind == "strength")
        or (unit == "seconds" and kind in ("stretch", "strength"))
        or unit == "lengths"
    )


def _top(ctx: Context, exercise: dict, sets: int, amount: float) -> tuple[int, float]:
    """The dose clamped to the top of the exercise's ladder."""
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        return min(sets, rule("max_sets")), min(amount, _rep_range(ctx, exercise)[1])
    if unit == "seconds" and exercise["kind"] in ("stretch", "strength"):
        return min(sets, rule("hold_max_sets")), min(amount, _hold_max(ctx))
    if unit == "lengths":
        return sets, min(amount, rule("lengths_max"))
    return sets, amount


def start_dose(ctx: Context, exercise: dict) -> tuple[int, float]:
    """The catalog's dose, and for reps at least the low end of the range in force."""
    sets, amount = exercise["sets"], exercise["amount"]
    if exercise["unit"] == "reps" and exercise["kind"] == "strength":
        low, high = _rep_range(ctx, exercise)
        amount = min(max(amount, low), high)
    if exercise["unit"] == "seconds":
        amount = min(amount, _hold_max(ctx))
    return sets, amount


def _reached(entries: list, exercise: dict) -> tuple[int, float] | None:
    """(sets done at the best amount, best amount) of one session, in the exercise's unit."""
    hits = [e for e in entries if e["unit"] == exercise["unit"] and e["amount"]]
    if not hits:
        return None
    best = max(e["amount"] for e in hits)
    return logged_sets(
        [e for e in hits if e["amount"] >= best], exercise["slug"], exercise["per_side"]
    ), best


def _good_session(entries: list, exercise: dict, sets: int, amount: float) -> bool:
    """Every planned set reached the target amount (on each side, for a per-side exercise)."""
    hits = [e for e in entries if e["unit"] == exercise["unit"] and (e["amount"] or 0) >= amount]
    return logged_sets(hits, exercise["slug"], exercise["per_side"]) >= sets


def _dose_text(exercise: dict, sets: int, amount: float) -> str:
    from glutelog.parsing import format_amount

    side = " each side" if exercise["per_side"] else ""
    return f"{sets} x {format_amount(amount, exercise['unit'])}{side}"


def progress(ctx: Context, slot: str, today: date, taken: set) -> dict:
    """Where ``slot`` (a routine exercise) stands today: which rung of its ladder, at what dose,
    and why. Replays the sessions of the last weeks, one day at a time.

    The rung the replay starts from is the ladder exercise done most often in the window (ties:
    the most recent), so a temporary swap (a red day's easier stretch) does not move the slot;
    its dose starts from what its first session in the window reached, counting for at most one
    step unless that exercise was done before the window, and never beyond the ladder's top.
    """
    catalog, history = ctx.catalog, ctx.history
    chain = ladder(catalog, slot, taken)
    window = rule("progress_window_days")
    days = [today - timedelta(days=back) for back in range(window, 0, -1)]
    counts: dict = {}
    for index, day in enumerate(days):
        for slug in chain:
            if history.by_exercise.get((day.isoformat(), slug)):
                count = counts.get(slug, (0, 0))[0]
                counts[slug] = (count + 1, index)
    state = {"slug": slot, "why": [], "message": None}
    if not counts:
        state["sets"], state["amount"] = start_dose(ctx, catalog.exercises[slot])
        return state
    slug = max(counts, key=lambda s: (*counts[s], s == slot))
    exercise = catalog.exercises[slug]
    sets, amount = start_dose(ctx, exercise)
    first = next(d for d in days if history.by_exercise.get((d.isoformat(), slug)))
    last_step = None
    reached = _reached(history.by_exercise[(first.isoformat(), slug)], exercise)
    if reached is not None and _step(ctx, exercise, sets, amount) is not None:
        if slug in history.earlier:
            best = _top(
                ctx, exercise, max(sets, min(reached[0], rule("max_sets"))), max(amount, reached[1])
            )
        else:
            best = (sets, amount)
            for _ in range(rule("first_dose_steps")):
                stepped = _step(ctx, exercise, *best)
                if stepped is None or not (
                    stepped[0] <= max(reached[0], sets) and stepped[1] <= reached[1]
                ):
                    break
                best = stepped
        # The first session in the window counts as a step, so a step taken just before the
        # window is not followed by another too soon.
        sets, amount = best
        last_step = first
    streak = strikes = 0
    topped = False
    message = None
    why = ["progress_window_days"] if (sets, amount) != start_dose(ctx, exercise) else []

    def may_step(day: date) -> bool:
        if not _progresses(exercise):
            return False
        recent = last_step is not None and (day - last_step).days < rule("progress_min_days")
        return (
            streak >= rule("progress_sessions")
            and not recent
            and ctx.zone(day)[0] == "green"
            and ctx.deload(day) is None
        )

    def step_up(day: date) -> str | None:
        nonlocal slug, exercise, sets, amount, last_step, streak, topped, strikes
        stepped = _step(ctx, exercise, sets, amount)
        if stepped is not None:
            sets, amount = stepped
            last_step, streak = day, 0
            return f"{exercise['name']}: up to {_dose_text(exercise, sets, amount)} (two good sessions running)"
        harder = exercise["harder"]
        if harder and harder not in taken and catalog.exercises[harder]["sets"] is not None:
            old = exercise["name"]
            slug, exercise = harder, catalog.exercises[harder]
            sets, amount = start_dose(ctx, exercise)
            if exercise["unit"] == "reps" and exercise["kind"] == "strength":
                amount = _rep_range(ctx, exercise)[0]
            last_step, streak, strikes = day, 0, 0
            return f"{old} is mastered: moving on to {exercise['name']} at {_dose_text(exercise, sets, amount)}"
        first_time = not topped
        topped = True
        if not first_time:
            return None
        if harder:
            return f"{exercise['name']} is at the top of its range; {catalog.exercises[harder]['name']} is already in your plan"
        return f"{exercise['name']} is at the top of its range: keep it there"

    def step_down(day: date, because: str) -> str:
        nonlocal slug, exercise, sets, amount, last_step, streak, strikes
        old = exercise["name"]
        easier = exercise["easier"]
        last_step, streak, strikes = day, 0, 0
        if easier and catalog.exercises[easier]["sets"] is not None:
            slug, exercise = easier, catalog.exercises[easier]
            sets, amount = start_dose(ctx, exercise)
            return f"{old}: {because}, so the easier {exercise['name']} ({_dose_text(exercise, sets, amount)}) for now"
        sets, amount = start_dose(ctx, exercise)
        return f"{old}: {because}, so back to {_dose_text(exercise, sets, amount)}"

    for day in days:
        if day < first:
            continue
        done = history.by_exercise.get((day.isoformat(), slug))
        if not done:
            continue
        if may_step(day):
            step_up(day)
            message = None  # a step down before it is no longer news
        pains = [e.get("pain") for e in done if e.get("pain") is not None]
        pain = max(pains) if pains else 0
        after = history.after.get(day.isoformat())
        if after is not None and after >= rule("red_min"):
            strikes += 1
        reps = _reached(done, exercise)
        too_few = (
            exercise["unit"] == "reps"
            and exercise["kind"] == "strength"
            and reps is not None
            and reps[1] < _rep_range(ctx, exercise)[0]
        )
        if pain >= rule("red_min"):
            message = step_down(
                day, f"pain {pain} during a set on {day.isoformat()} ({rule('red_min')} or more)"
            )
            why = ["red_min"]
            continue
        if strikes >= rule("after_red_sessions"):
            message = step_down(
                day, f"soreness of {rule('red_min')} or more after {strikes} sessions"
            )
            why = ["after_red_sessions"]
            continue
        if too_few:
            message = step_down(
                day, f"{format_reps(reps[1])} on {day.isoformat()}, below the bottom of its range"
            )
            why = ["rep_range"]
            continue
        good = (
            _good_session(done, exercise, sets, amount)
            and ctx.zone(day)[0] == "green"
            and (after is None or after <= rule("green_max"))
            and pain <= rule("green_max")
            and not ctx.rose_after(day)  # the next-morning rule: any rise, not a good session
        )
        streak = streak + 1 if good else 0
    # A step-down message says why the next session of that work is lighter: it stands until
    # that session is done, whatever day it falls on, then goes.
    if message is not None and any(
        history.by_exercise.get((day.isoformat(), rung))
        for day in days
        if day > last_step
        for rung in chain
    ):
        message = None
    if may_step(today):
        stepped = step_up(today)
        if stepped is not None:
            message = stepped
            why = ["progress_sessions", "progress_min_days"]
    return {"slug": slug, "sets": sets, "amount": amount, "why": why, "message": message}


def format_reps(value: float) -> str:
    from glutelog.parsing import format_number

    return f"{format_number(value)} reps"
