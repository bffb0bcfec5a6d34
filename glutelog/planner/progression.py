"""Progression: each exercise's ladder (easier and harder variants) and its dose ladder (reps,
holds, sets, lengths), replayed over the last weeks to find where a routine item stands today.

Every pain signal counts here: a session counts towards a step up only on a green day with its
own after-session score and every set's pain in the green band; pain at the red limit, red
after-scores in two sessions, or reps below the range step the exercise down its ladder, and a
step down always lowers the dose. A stretch stays within its total a side (``stretch_total``).
"""

from __future__ import annotations

from glutelog.parsing import plural
from glutelog.planner.history import Context, logged_sets
from glutelog.rules import rule
from glutelog.stdlib import date, timedelta


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


def gentle(ctx: Context) -> bool:
    """Whether the plan starts gently: older adults, and anyone who asks (gentle-start)."""
    return bool(ctx.settings["older_adult"] or ctx.settings.get("gentle_start"))


def _rep_range(ctx: Context, exercise: dict) -> tuple:
    """The range reps progress within. An older adult's range never goes above the exercise's
    own (older_adult_never_faster): clamshell's 12-20 becomes 10-15, the default 8-12 stays."""
    low, high = exercise["rep_range"] or rule("rep_range")
    if ctx.settings["older_adult"]:
        older_low, older_high = rule("older_adult_rep_range")
        return min(low, older_low), min(high, older_high)
    return low, high


def _stretch(exercise: dict) -> bool:
    return exercise["kind"] == "stretch" and exercise["unit"] == "seconds"


def _hold_max(ctx: Context, exercise: dict) -> int:
    """The longest hold: older adults hold stretches longer (not strength holds)."""
    if ctx.settings["older_adult"] and _stretch(exercise):
        return rule("older_adult_hold_max_seconds")
    return rule("hold_max_seconds")


def _hold_min(ctx: Context, exercise: dict) -> int:
    if ctx.settings["older_adult"] and _stretch(exercise):
        return rule("hold_max_seconds")  # older adults hold 30-60 s
    return rule("hold_min_seconds")


def stretch_total(ctx: Context) -> int:
    """Seconds of one stretch a side, all repetitions together: ``stretch_total(ctx) == 60``."""
    if ctx.settings["older_adult"]:
        return rule("older_adult_stretch_total_seconds")
    return rule("stretch_total_seconds")


def _most_sets(ctx: Context, exercise: dict, amount: float) -> int:
    """The most sets of ``amount``: a stretch's repetitions stay within its total."""
    if _stretch(exercise):
        fit = int(stretch_total(ctx) // amount) if amount else rule("hold_max_sets")
        return max(1, min(rule("hold_max_sets"), fit))
    return rule("max_sets")


def _step(ctx: Context, exercise: dict, sets: int, amount: float) -> tuple[int, float] | None:
    """One step up the dose ladder, or None at the top (time for the harder variant).

    Holds: 5 s longer up to the longest hold, then one more repetition while a stretch stays
    within its total: ``_step(ctx, pigeon, 1, 30) == (2, 30)``, ``_step(ctx, pigeon, 2, 30)`` is
    None (a third would pass 60 s).
    """
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        high = _rep_range(ctx, exercise)[1]
        if amount < high:
            return sets, amount + 1
        if sets < rule("max_sets"):
            return sets + 1, amount
        return None
    if unit == "seconds" and exercise["kind"] in ("stretch", "strength"):
        longer = min(amount + rule("hold_step_seconds"), _hold_max(ctx, exercise))
        if amount < longer and sets <= _most_sets(ctx, exercise, longer):
            return sets, longer
        if sets < _most_sets(ctx, exercise, amount):
            return sets + 1, amount
        return None
    if unit == "lengths":
        if amount < rule("lengths_max"):
            return sets, amount + 1
        return None
    return None  # minutes, km and releases are not progressed


def step_down_dose(ctx: Context, exercise: dict, sets: int, amount: float) -> tuple[int, float]:
    """The dose a step down gives where there is no easier variant: the amount at the bottom of
    its range, else one set fewer, else one set at the bottom; the same dose only when it is
    already one set at the bottom. ``step_down_dose(ctx, clamshell, 2, 15) == (2, 12)``,
    ``step_down_dose(ctx, hamstring, 2, 30) == (1, 30)``."""
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        low = _rep_range(ctx, exercise)[0]
    elif unit == "seconds":
        low = _hold_min(ctx, exercise)
    elif unit == "lengths":
        low = 1
    else:
        low = amount
    if unit == "reps" and amount > low:
        return sets, low
    if sets > 1:
        return sets - 1, amount
    return 1, min(amount, low)


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
        amount = min(amount, _hold_max(ctx, exercise))
        return min(sets, _most_sets(ctx, exercise, amount)), amount
    if unit == "lengths":
        return sets, min(amount, rule("lengths_max"))
    return sets, amount


def start_dose(ctx: Context, exercise: dict) -> tuple[int, float]:
    """The catalog's dose within the ladder's limits: reps within the range in force (at its
    bottom for a gentle start), a stretch within its total from the first plan on (3 x 30 s
    becomes 2 x 30 s)."""
    sets, amount = exercise["sets"], exercise["amount"]
    if exercise["unit"] == "reps" and exercise["kind"] == "strength":
        low, high = _rep_range(ctx, exercise)
        amount = low if gentle(ctx) else min(max(amount, low), high)
    if exercise["unit"] == "seconds" and exercise["kind"] in ("stretch", "strength"):
        amount = min(amount, _hold_max(ctx, exercise))
        sets = min(sets, _most_sets(ctx, exercise, amount))
    return sets, amount


def first_rung(ctx: Context, chain: list, slot: str) -> str:
    """The rung a slot starts at: the routine's own, or one easier (gentle_start_rungs) for a
    gentle start, when the slot's ladder has an easier rung with a dose."""
    if not gentle(ctx):
        return slot
    index = max(0, chain.index(slot) - rule("gentle_start_rungs"))
    while index < chain.index(slot) and ctx.catalog.exercises[chain[index]]["sets"] is None:
        index += 1
    return chain[index]


def _climb(ctx: Context, exercise: dict, dose: tuple) -> int:
    """Steps from ``dose`` to the top of the exercise's dose ladder."""
    count = 0
    while (dose := _step(ctx, exercise, *dose)) is not None:
        count += 1
    return count


def _standard_steps(ctx: Context, exercise: dict, slot: str, chain: list) -> int:
    """Steps the standard plan takes on this rung before moving on (0 on rungs below the
    routine's own, which it never visits): what an older adult must take at least."""
    if not ctx.settings["older_adult"] or chain.index(exercise["slug"]) < chain.index(slot):
        return 0
    standard = Context(ctx.catalog, ctx.history, {**ctx.settings, "older_adult": False}, None)
    standard.settings["gentle_start"] = False
    if exercise["slug"] == slot:
        dose = start_dose(standard, exercise)
    else:
        dose = (exercise["sets"], _entry_amount(standard, exercise))
    return _climb(standard, exercise, dose)


def _entry_amount(ctx: Context, exercise: dict) -> float:
    """The amount a harder variant starts at: the low end of its rep range."""
    if exercise["unit"] == "reps" and exercise["kind"] == "strength":
        return _rep_range(ctx, exercise)[0]
    return start_dose(ctx, exercise)[1]


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


def _hurt(ctx: Context, exercise: dict, entries: list, day: str) -> bool:
    """Whether a session shows a reason to step down: pain at the red limit in a set or after
    it, or reps below the range."""
    pains = [e["pain"] for e in entries if e.get("pain") is not None]
    reached = _reached(entries, exercise)
    return (
        max(pains, default=0) >= rule("red_min")
        or ctx.history.after.get(day, 0) >= rule("red_min")
        or (
            exercise["unit"] == "reps"
            and exercise["kind"] == "strength"
            and reached is not None
            and reached[1] < _rep_range(ctx, exercise)[0]
        )
    )


def _stepped_down_from(ctx: Context, chain: list, slug: str, days: list) -> str | None:
    """A harder rung than ``slug`` that hurt in the window before ``slug`` was first done: the
    replay begins there, so the step down it caused, and the way back up, are known even when
    the easier rung has been done more often since."""
    by_exercise = ctx.history.by_exercise
    for day in days:
        iso = day.isoformat()
        if by_exercise.get((iso, slug)):
            return None
        for harder in chain[chain.index(slug) + 1 :]:
            entries = by_exercise.get((iso, harder))
            if entries and _hurt(ctx, ctx.catalog.exercises[harder], entries, iso):
                return harder
    return None


def _entry_dose(ctx: Context, exercise: dict) -> tuple[int, float]:
    """The dose a rung is entered at from below: its start, reps at the low end of the range."""
    sets, amount = start_dose(ctx, exercise)
    return sets, _entry_amount(ctx, exercise) if exercise["unit"] == "reps" else amount


def progress(ctx: Context, slot: str, today: date, taken: set) -> dict:
    """Where ``slot`` (a routine exercise) stands today: which rung of its ladder, at what dose,
    and why. Replays the sessions of the last weeks, one day at a time.

    The rung the replay starts from is the ladder exercise done most often in the window (ties:
    the most recent), so a temporary swap (a red day's easier stretch) does not move the slot;
    its dose starts from what its first session in the window reached, counting for at most one
    step unless that exercise was done before the window, and never beyond the ladder's top.
    What happened before the window is not known, so while the replay has taken no step of its
    own, a session logged at exactly the next step (on a green day) is the step the plan made
    then; and a logged move to the harder variant is followed once the dose is at its top.

    Steps have hysteresis: after a step down to the easier variant, the way back needs the usual
    good sessions there and 7 days, and returns to the variant it came from; a step down with no
    easier variant always lowers the dose (``step_down_dose``).

    >>> progress(ctx, "glute-bridge", date(2026, 11, 24), taken)["slug"]  # nothing logged yet
    'glute-bridge'
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
    if not counts:
        slug = first_rung(ctx, chain, slot)
        sets, amount = start_dose(ctx, catalog.exercises[slug])
        why = ["gentle_start_rungs"] if gentle(ctx) else []
        return {
            "slug": slug,
            "sets": sets,
            "amount": amount,
            "why": why,
            "message": None,
            "step": None,
            "held": _held(ctx, catalog.exercises[slug], today, None, 0, None, None, True)
            if not _progresses(catalog.exercises[slug])
            else f"no session of it in the last {window} days yet",
        }
    slug = max(counts, key=lambda s: (*counts[s], s == slot))
    slug = _stepped_down_from(ctx, chain, slug, days) or slug
    exercise = catalog.exercises[slug]

    def rung_start(exercise: dict) -> tuple[int, float]:
        """A rung above the one the slot starts at is entered at its low end."""
        above = chain.index(exercise["slug"]) > chain.index(first_rung(ctx, chain, slot))
        return _entry_dose(ctx, exercise) if above else start_dose(ctx, exercise)

    sets, amount = rung_start(exercise)
    first = next(d for d in days if history.by_exercise.get((d.isoformat(), slug)))
    last_step = None
    reached = _reached(history.by_exercise[(first.isoformat(), slug)], exercise)
    # done before the window: in the rows read before it, or in the History's ``earlier``
    continuing = slug in history.earlier or any(
        history.by_exercise.get(((days[0] - timedelta(days=back)).isoformat(), slug))
        for back in range(1, window + 1)
    )
    if reached is not None and _step(ctx, exercise, sets, amount) is not None:
        if continuing:
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
    # Continuing work from before the window: when its last step was is not known.
    anchored = last_step is not None and continuing
    came_from = None  # the harder rung a step down left, to return to
    standard_steps: dict = {}
    rung_steps = max(
        0, _climb(ctx, exercise, _entry_dose(ctx, exercise)) - _climb(ctx, exercise, (sets, amount))
    )
    streak = strikes = 0
    topped = False
    message = None
    step = None
    why = ["progress_window_days"] if (sets, amount) != rung_start(exercise) else []

    def green(day: date) -> bool:
        return ctx.zone(day)[0] == "green" and ctx.deload(day) is None

    def may_step(day: date) -> bool:
        if not _progresses(exercise) and came_from is None:
            return False
        recent = last_step is not None and (day - last_step).days < rule("progress_min_days")
        return streak >= rule("progress_sessions") and not recent and green(day)

    def upward() -> tuple | None:
        """(rung, sets, amount, kind) of the next step up, or None at the very top."""
        if came_from is not None:
            return (came_from, *_entry_dose(ctx, catalog.exercises[came_from]), "back")
        stepped = _step(ctx, exercise, sets, amount)
        if stepped is not None:
            return (slug, *stepped, "dose")
        if slug not in standard_steps:
            standard_steps[slug] = _standard_steps(ctx, exercise, slot, chain)
        if rung_steps < standard_steps[slug]:
            return (slug, sets, amount, "hold")  # older_adult_never_faster
        harder = exercise["harder"]
        if harder and harder not in taken and catalog.exercises[harder]["sets"] is not None:
            return (harder, *_entry_dose(ctx, catalog.exercises[harder]), "harder")
        return None

    def take(day: date, target: str, new_sets: int, new_amount: float) -> None:
        nonlocal slug, exercise, sets, amount, last_step, streak, strikes, rung_steps
        nonlocal came_from, anchored
        if target != slug:
            slug, exercise = target, catalog.exercises[target]
            rung_steps, strikes, came_from = 0, 0, None
        else:
            rung_steps += 1
        sets, amount = new_sets, new_amount
        last_step, streak, anchored = day, 0, False

    def step_up(day: date) -> str | None:
        nonlocal topped
        found = upward()
        if found is None:
            first_time = not topped
            topped = True
            # said once, and only of an exercise that climbed there
            if not first_time or (sets, amount) == rung_start(exercise):
                return None
            harder = exercise["harder"]
            if harder:
                return f"{exercise['name']} is at the top of its range; {catalog.exercises[harder]['name']} is already in your plan"
            return f"{exercise['name']} is at the top of its range: keep it there"
        target, new_sets, new_amount, kind = found
        old = exercise["name"]
        take(day, target, new_sets, new_amount)
        dose = _dose_text(exercise, sets, amount)
        if kind == "hold":
            return None
        if kind == "dose":
            return f"{old}: up to {dose} (two good sessions running)"
        if kind == "back":
            return f"{old} went well again: back to {exercise['name']} at {dose}"
        return f"{old} is mastered: moving on to {exercise['name']} at {dose}"

    def caught_up(day: date, logged: set) -> bool:
        """Whether the day's session shows a step the plan made then: exactly the next step
        while the replay is anchored, or a move to the harder rung once at the top."""
        found = upward()
        if found is None or found[3] == "back" or not green(day):
            return False
        target, new_sets, new_amount, kind = found
        if kind == "hold" or (kind == "dose" and not anchored):
            if kind == "hold" and exercise["harder"] in logged:
                target, new_sets, new_amount = (
                    exercise["harder"],
                    *_entry_dose(ctx, catalog.exercises[exercise["harder"]]),
                )
            else:
                return False
        if target not in logged:
            return False
        entries = history.by_exercise[(day.isoformat(), target)]
        if not _good_session(entries, catalog.exercises[target], new_sets, new_amount):
            return False
        take(day, target, new_sets, new_amount)
        return True

    def step_down(day: date, because: str) -> str:
        nonlocal slug, exercise, sets, amount, last_step, streak, strikes, came_from
        nonlocal rung_steps, anchored
        old = exercise["name"]
        easier = exercise["easier"]
        last_step, streak, strikes, rung_steps, anchored = day, 0, 0, 0, False
        if easier and catalog.exercises[easier]["sets"] is not None:
            came_from = slug
            slug, exercise = easier, catalog.exercises[easier]
            sets, amount = start_dose(ctx, exercise)
            return f"{old}: {because}, so the easier {exercise['name']} ({_dose_text(exercise, sets, amount)}) for now"
        came_from = None
        lower = step_down_dose(ctx, exercise, sets, amount)
        if lower == (sets, amount):
            return (
                f"{old}: {because}; it is already at its lowest dose "
                f"({_dose_text(exercise, sets, amount)}): if it hurts again, leave it out and "
                "ask a physiotherapist"
            )
        sets, amount = lower
        return f"{old}: {because}, so down to {_dose_text(exercise, sets, amount)} for now"

    last_done = None
    blocker = None  # (day, what kept it from counting): the last session that was not good
    for day in days:
        if day < first:
            continue
        iso = day.isoformat()
        logged = {s for s in (*chain, slug, came_from) if s and history.by_exercise.get((iso, s))}
        if not logged:
            continue
        if may_step(day):
            step_up(day)
            message, step = None, None  # a step down before it is no longer news
        elif slug not in logged or anchored:
            caught_up(day, logged)
        done = history.by_exercise.get((iso, slug))
        if not done:
            continue
        last_done = (slug, *(_reached(done, exercise) or (None, None)))
        pains = [e.get("pain") for e in done if e.get("pain") is not None]
        pain = max(pains) if pains else 0
        after = history.after.get(iso)
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
                day, f"pain {pain} during a set on {iso} ({rule('red_min')} or more)"
            )
            why, step = ["red_min"], "down"
            continue
        if strikes >= rule("after_red_sessions"):
            message = step_down(
                day, f"soreness of {rule('red_min')} or more after {strikes} sessions"
            )
            why, step = ["after_red_sessions"], "down"
            continue
        if too_few:
            message = step_down(
                day, f"{format_reps(reps[1])} on {iso}, below the bottom of its range"
            )
            why, step = ["rep_range"], "down"
            continue
        missed = _not_good(ctx, exercise, done, sets, amount, day, after, pain)
        good = missed is None
        streak = streak + 1 if good else 0
        if not good:
            blocker = (day, missed)
    # A step-down message says why the next session of that work is lighter: it stands until
    # that session is done, whatever day it falls on, then goes.
    if message is not None and any(
        history.by_exercise.get((day.isoformat(), rung))
        for day in days
        if day > last_step
        for rung in chain
    ):
        message, step = None, None
    held = None
    if may_step(today):
        before = (slug, sets, amount)
        stepped = step_up(today)
        # each step is said once: not again when the last session already had this dose
        after = (slug, sets, amount)
        if stepped is not None and (before == after or last_done != after):
            message, step = stepped, "up"
            why = ["progress_sessions", "progress_min_days"]
        if before == after:
            held = f"{exercise['name']} is at the top of its range"
    else:
        found = upward() if _progresses(exercise) or came_from else None
        if blocker is not None and last_step is not None and blocker[0] < last_step:
            blocker = None  # a step since then: that session no longer holds the dose
        held = _held(ctx, exercise, today, found, streak, last_step, blocker, green(today))
    return {
        "slug": slug,
        "sets": sets,
        "amount": amount,
        "why": why,
        "message": message,
        "step": step,
        "held": held,
    }


def _not_good(ctx, exercise: dict, done: list, sets: int, amount: float, day, after, pain):
    """What kept one session from counting towards a step up, in words, or None when it was a
    good session: every planned set at the target, on a green day, with the set pain and the
    after-score in the green band, and no rise in soreness the next morning. For one bridge set
    of 12 where 2 were planned: ``"1 of 2 sets at 12 reps or more"``."""
    from glutelog.parsing import format_amount

    green_max = rule("green_max")
    if not _good_session(done, exercise, sets, amount):
        got = _sets_at(done, exercise, amount)
        side = " on the weaker side" if exercise["per_side"] else ""
        target = format_amount(amount, exercise["unit"])
        return f"{got} of {plural(sets, 'set')} at {target} or more{side}"
    zone = ctx.zone(day)[0]
    if zone != "green":
        return f"an {zone} day" if zone[0] in "aeiou" else f"a {zone} day"
    if pain > green_max:
        return f"pain {pain} during a set, above {green_max}"
    if after is not None and after > green_max:
        return f"soreness {after} after it, above {green_max}"
    if ctx.rose_after(day):
        return "morning soreness rose the next day"
    return None


def _sets_at(entries: list, exercise: dict, amount: float) -> int:
    hits = [e for e in entries if e["unit"] == exercise["unit"] and (e["amount"] or 0) >= amount]
    return logged_sets(hits, exercise["slug"], exercise["per_side"])


def _held(ctx, exercise: dict, today, found, streak, last_step, blocker, green_today) -> str | None:
    """Why a dose did not step up today, in words, naming the session that held it where one did:
    ``"the session on 2026-11-20 did not count: pain 4 during a set, above 3; 1 of 2 good
    sessions in a row since"``."""
    name = exercise["name"]
    needed = rule("progress_sessions")
    if found is None:
        if not _progresses(exercise):
            return f"{name} keeps its dose: {_KIND_WORDS.get(exercise['kind'], 'this work')} is not stepped up"
        return f"{name} is at the top of its range"
    if found[3] == "hold":
        return f"{name} stays at the top of its range as long as the standard plan would"
    if not green_today:
        return "not a green day: doses hold today"
    # Every reason that holds the dose, the session that broke the run of good ones first.
    reasons = []
    so_far = f"{streak} of {needed} good sessions in a row"
    if blocker is not None:
        day, missed = blocker
        reasons.append(f"the session on {day.isoformat()} did not count: {missed}; {so_far} since")
    elif streak < needed:
        reasons.append(f"{so_far} so far")
    if last_step is not None and (today - last_step).days < rule("progress_min_days"):
        reasons.append(
            f"last changed on {last_step.isoformat()}: at most one step every "
            f"{rule('progress_min_days')} days"
        )
    return "; ".join(reasons) or None


_KIND_WORDS = {
    "release": "a release",
    "recovery": "recovery work",
    "cross-training": "cross-training",
}


def format_reps(value: float) -> str:
    from glutelog.parsing import format_number

    return f"{format_number(value)} reps"
