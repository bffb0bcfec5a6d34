"""The planner: today's routine from the catalog, the history, the settings and any red flags.

``make_plan`` is a pure function of (catalog, history, settings, flags, today): it never reads the
clock or the database, so the same history and the same day always give the same plan.

Rules (every number in ``rules.py``, named there; ``plan --explain`` shows which fired):
- red flags of the emergency or urgent tier pause the plan (zone ``paused``, no items);
- soreness zones from the morning score, the after-session score of the day before and a jump
  on the previous morning: green progresses, amber holds, red deloads (no strength, easier
  stretches), flare is recovery only. With no morning score the most recent zone of the last
  three days stands; older than that the zone is ``unknown``: planned like amber, asking for one;
- schedules: daily (stretching every day, strength every other day), alternate (one combined
  session every second day), maintenance (strength and stretching on set weekdays);
- every pain signal counts: a session counts towards a step only on a green day, with its own
  after-score and every set's pain within the green band; pain at the red limit during a set, or
  after-scores at the red limit in two sessions, step the exercise down its ladder;
- ladders both ways: at the top of its range an exercise moves on to its harder variant at the
  variant's low end; a step down is its easier variant;
- a rising weekly trend of morning soreness means a deload week; rising two weeks running, or no
  meaningful improvement on the first week by week 6, means a review with a physio.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog import settings as settings_mod
from glutelog.rules import rule

SCHEDULES = ("daily", "alternate", "maintenance")
ZONES = ("green", "amber", "unknown", "red", "flare", "paused")
BASIS_FORMAT = 2

# The settings the planner reads, as ``settings.typed`` gives them; unset keys take these.
DEFAULT_SETTINGS = settings_mod.typed({})


class History:
    """Entries and soreness grouped by day, for fast look-ups while planning many days.

    ``earlier``: slugs with a set logged before the entries given (so a first session in the
    window is known to continue earlier work); ``first_day`` and ``baseline``: the first day
    anything was logged and the mean morning score of the first week, for the 6-week review.
    """

    def __init__(
        self,
        entries: list,
        soreness: list,
        earlier=(),
        first_day: str | None = None,
        baseline: float | None = None,
    ):
        self.by_day: dict = {}
        self.by_exercise: dict = {}  # (day, slug) -> entries: the planner's most frequent look-up
        for entry in entries:
            self.add(entry)
        self.morning: dict = {}
        self.after: dict = {}
        for score in soreness:
            target = self.morning if score["timing"] == "morning" else self.after
            day = score["day"]
            # the highest score of the day counts: a spike matters more than a later calm reading
            target[day] = max(target.get(day, 0), score["score"])
        self.earlier = set(earlier)
        self.first_day = first_day
        self.baseline = baseline

    @classmethod
    def complete(cls, entries: list, soreness: list, today: date) -> History:
        """A history made from every row there is, with ``earlier``, ``first_day`` and
        ``baseline`` worked out as the command layer reads them for the plan of ``today``."""
        start = history_start(today).isoformat()
        days = [row["day"] for row in entries] + [row["day"] for row in soreness]
        first_day = min(days) if days else None
        baseline = None
        if first_day is not None:
            week_end = (date.fromisoformat(first_day) + timedelta(days=6)).isoformat()
            week = [
                s["score"]
                for s in soreness
                if s["timing"] == "morning" and first_day <= s["day"] <= week_end
            ]
            if len(week) >= rule("trend_min_scores"):
                baseline = sum(week) / len(week)
        return cls(
            [e for e in entries if e["day"] >= start],
            [s for s in soreness if s["day"] >= start],
            earlier={e["exercise"] for e in entries if e["day"] < start},
            first_day=first_day,
            baseline=baseline,
        )

    def add(self, entry: dict) -> None:
        self.by_day.setdefault(entry["day"], []).append(entry)
        self.by_exercise.setdefault((entry["day"], entry["exercise"]), []).append(entry)

    def day(self, day: date) -> list:
        return self.by_day.get(day.isoformat(), [])


def history_start(day: date) -> date:
    """The first day whose entries and soreness the plan for ``day`` can depend on: the
    progression window, plus the weeks a trend and a zone look back."""
    return day - timedelta(days=rule("progress_window_days") + 14 + rule("score_lookback_days"))


def planned_slugs(catalog) -> list:
    """Every exercise whose history the planner looks at: the routine and every rung of its
    ladders, every strength exercise (for the every-other-day rule), runs and rest days."""
    slugs = set(_strength_slugs(catalog)) | {"run", "rest"}
    for block in catalog.routine.values():
        for slug in block:
            slugs.update(ladder(catalog, slug))
    return sorted(s for s in slugs if s in catalog.exercises)


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


def _strength_slugs(catalog) -> set:
    return {slug for slug, e in catalog.exercises.items() if e["block"] == "strength"}


def logged_sets(entries: list, slug: str, per_side: bool) -> int:
    """Sets logged for ``slug``; for a per-side exercise, the sets done on the weaker side."""
    if not per_side:
        return sum(e["sets"] for e in entries if e["exercise"] == slug)
    sides = _side_sets([e for e in entries if e["exercise"] == slug])
    return min(sides.values())


def _side_sets(entries: list) -> dict:
    """{"left": n, "right": m}: a set logged for both sides (or no side) counts for each."""
    left = sum(e["sets"] for e in entries if e.get("side") in ("left", "both", None))
    right = sum(e["sets"] for e in entries if e.get("side") in ("right", "both", None))
    return {"left": left, "right": right}


# --- zones ---------------------------------------------------------------------------------------


class _Context:
    """One plan's view of the history, with memoised zones and trends (shared across days when a
    report plans many days)."""

    def __init__(self, catalog, history: History, settings: dict, zones: dict | None):
        self.catalog = catalog
        self.history = history
        self.settings = settings
        self.zones = {} if zones is None else zones
        self.trends: dict = {}

    # The zone of a day, from that day's own morning score (None when it has none).
    def morning_zone(self, day: date) -> tuple[str, list] | None:
        morning = self.history.morning.get(day.isoformat())
        if morning is None:
            return None
        if morning >= rule("flare_min"):
            return "flare", [f"morning soreness {morning} (flare_min {rule('flare_min')})"]
        previous = None
        for back in range(1, rule("score_lookback_days") + 1):
            previous = self.history.morning.get((day - timedelta(days=back)).isoformat())
            if previous is not None:
                break
        if morning >= rule("red_min"):
            return "red", [f"morning soreness {morning} (red_min {rule('red_min')})"]
        if (
            previous is not None
            and morning - previous >= rule("morning_jump")
            and morning >= rule("morning_jump_floor")
        ):
            return "red", [
                f"morning soreness up from {previous} to {morning} "
                f"(morning_jump {rule('morning_jump')})"
            ]
        if morning > rule("green_max"):
            return "amber", [f"morning soreness {morning} (green_max {rule('green_max')})"]
        return "green", [f"morning soreness {morning}"]

    def zone(self, day: date) -> tuple[str, list]:
        """The soreness zone that governs the plan for ``day``, and why."""
        found = self.zones.get(day)
        if found is not None:
            return found
        own = self.morning_zone(day)
        if own is None:
            zone, reasons = (
                "unknown",
                [
                    f"no morning score in the last {rule('score_lookback_days')} days "
                    f"(score_lookback_days)"
                ],
            )
            for back in range(1, rule("score_lookback_days") + 1):
                earlier = self.morning_zone(day - timedelta(days=back))
                if earlier is not None:
                    zone = earlier[0]
                    reasons = [
                        f"no morning score yet; {r} on {day - timedelta(days=back)}"
                        for r in earlier[1]
                    ]
                    break
        else:
            zone, reasons = own
        after = self.history.after.get((day - timedelta(days=1)).isoformat())
        if after is not None and zone != "flare":
            if after >= rule("red_min"):
                zone = "red"
                reasons = [*reasons, f"soreness {after} after yesterday's session (red_min)"]
            elif after > rule("green_max") and zone in ("green", "unknown"):
                zone = "amber"
                reasons = [*reasons, f"soreness {after} after yesterday's session (green_max)"]
        self.zones[day] = (zone, reasons)
        return zone, reasons

    # --- weekly trend ---------------------------------------------------------------------------

    def week_mean(self, last: date) -> float | None:
        """Mean morning score over the 7 days ending ``last``; None with too few scores."""
        scores = [
            self.history.morning[d]
            for d in ((last - timedelta(days=b)).isoformat() for b in range(7))
            if d in self.history.morning
        ]
        return sum(scores) / len(scores) if len(scores) >= rule("trend_min_scores") else None

    def trend(self, day: date) -> float | None:
        """This week's mean morning score minus last week's, as of ``day``."""
        if day not in self.trends:
            now, before = self.week_mean(day), self.week_mean(day - timedelta(days=7))
            self.trends[day] = None if now is None or before is None else now - before
        return self.trends[day]

    def deload(self, day: date) -> date | None:
        """The day a deload week in force on ``day`` began, if any."""
        for back in range(rule("deload_days")):
            start = day - timedelta(days=back)
            change = self.trend(start)
            if change is not None and change >= rule("trend_worse_points"):
                return start
        return None


def meaningful_fall(first: float, last: float) -> bool:
    """Whether a fall in mean soreness from ``first`` to ``last`` is a real improvement:
    2 points, or 30% from a baseline of at least 3 (Farrar 2001)."""
    fall = first - last
    if fall >= rule("trend_better_points"):
        return True
    return first >= rule("trend_baseline_min") and fall / first >= rule("trend_better_fraction")


# --- doses ---------------------------------------------------------------------------------------


def _rep_range(ctx: _Context, exercise: dict) -> tuple:
    if ctx.settings["older_adult"]:
        return tuple(rule("older_adult_rep_range"))
    return tuple(exercise["rep_range"] or rule("rep_range"))


def _hold_max(ctx: _Context) -> int:
    return (
        rule("older_adult_hold_max_seconds")
        if ctx.settings["older_adult"]
        else rule("hold_max_seconds")
    )


def _step(ctx: _Context, exercise: dict, sets: int, amount: float) -> tuple[int, float] | None:
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


def _top(ctx: _Context, exercise: dict, sets: int, amount: float) -> tuple[int, float]:
    """The dose clamped to the top of the exercise's ladder."""
    unit = exercise["unit"]
    if unit == "reps" and exercise["kind"] == "strength":
        return min(sets, rule("max_sets")), min(amount, _rep_range(ctx, exercise)[1])
    if unit == "seconds" and exercise["kind"] in ("stretch", "strength"):
        return min(sets, rule("hold_max_sets")), min(amount, _hold_max(ctx))
    if unit == "lengths":
        return sets, min(amount, rule("lengths_max"))
    return sets, amount


def _start_dose(ctx: _Context, exercise: dict) -> tuple[int, float]:
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


def progress(ctx: _Context, slot: str, today: date, taken: set) -> dict:
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
        state["sets"], state["amount"] = _start_dose(ctx, catalog.exercises[slot])
        return state
    slug = max(counts, key=lambda s: (*counts[s], s == slot))
    exercise = catalog.exercises[slug]
    sets, amount = _start_dose(ctx, exercise)
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
    why = ["progress_window_days"] if (sets, amount) != _start_dose(ctx, exercise) else []

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
            sets, amount = _start_dose(ctx, exercise)
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
            sets, amount = _start_dose(ctx, exercise)
            return f"{old}: {because}, so the easier {exercise['name']} ({_dose_text(exercise, sets, amount)}) for now"
        sets, amount = _start_dose(ctx, exercise)
        return f"{old}: {because}, so back to {_dose_text(exercise, sets, amount)}"

    for day in days:
        if day < first:
            continue
        done = history.by_exercise.get((day.isoformat(), slug))
        if not done:
            continue
        if may_step(day):
            step_up(day)
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
            message = step_down(day, f"pain {pain} during a set on {day.isoformat()} (red_min)")
            why = ["red_min"]
            continue
        if strikes >= rule("after_red_sessions"):
            message = step_down(
                day, f"soreness of {rule('red_min')}+ after {strikes} sessions (after_red_sessions)"
            )
            why = ["after_red_sessions"]
            continue
        if too_few:
            message = step_down(
                day, f"{format_reps(reps[1])} on {day.isoformat()}, below the range (rep_range)"
            )
            why = ["rep_range"]
            continue
        good = (
            _good_session(done, exercise, sets, amount)
            and ctx.zone(day)[0] == "green"
            and (after is None or after <= rule("green_max"))
            and pain <= rule("green_max")
        )
        streak = streak + 1 if good else 0
    # A step-down message stands only on the day right after the session that caused it.
    if message is not None and last_step != today - timedelta(days=1):
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


# --- the plan ----------------------------------------------------------------------------------
# A plan is made in two steps. ``plan_basis`` works out everything that depends only on the days
# before ``today``, today's soreness, the settings and the flags: the zone, the blocks, each
# item and its dose. ``finish_plan`` adds what is logged today. The basis stays the same all day
# while sets are logged, so the command layer keeps it in the database and re-plans only when
# history before today, a soreness score, a flag or a setting changes.


def _long_run(ctx: _Context, day: date) -> str | None:
    """Why yesterday's running counts as a long run, or None."""
    minutes = km = 0.0
    for entry in ctx.history.day(day):
        if entry["exercise"] == "run" and entry["amount"]:
            if entry["unit"] == "km":
                km += entry["sets"] * entry["amount"]
            elif entry["unit"] == "minutes":
                minutes += entry["sets"] * entry["amount"]
    limit_min, limit_km = ctx.settings["long_run_minutes"], ctx.settings["long_run_km"]
    share = rule("long_run_combined_fraction")
    if minutes >= limit_min or km >= limit_km:
        return f"{_num(km)} km, {_num(minutes)} min (long_run_minutes {_num(limit_min)}, long_run_km {_num(limit_km)})"
    if minutes >= share * limit_min and km >= share * limit_km:
        return f"{_num(km)} km in {_num(minutes)} min (long_run_combined_fraction {share})"
    return None


def _num(value: float) -> str:
    from glutelog.parsing import format_number

    return format_number(value)


def _last_strength_before(ctx: _Context, today: date) -> date | None:
    strength = _strength_slugs(ctx.catalog)
    for back in range(1, rule("progress_window_days") + 1):
        day = today - timedelta(days=back)
        if any(e["exercise"] in strength for e in ctx.history.day(day)):
            return day
    return None


def _weekly_floors(ctx: _Context, today: date) -> str | None:
    """Maintenance: last Monday-Sunday week below the strength or stretching floor."""
    strength = _strength_slugs(ctx.catalog)
    stretch = {s for s, e in ctx.catalog.exercises.items() if e["kind"] in ("stretch", "release")}
    monday = today - timedelta(days=today.weekday() + 7)
    days = [monday + timedelta(days=i) for i in range(7)]
    if ctx.history.first_day is None or ctx.history.first_day > monday.isoformat():
        return None
    strength_days = sum(
        1 for d in days if any(e["exercise"] in strength for e in ctx.history.day(d))
    )
    stretch_days = sum(1 for d in days if any(e["exercise"] in stretch for e in ctx.history.day(d)))
    short = []
    if strength_days < rule("maintenance_strength_per_week"):
        short.append(
            f"strength on {strength_days} days (maintenance_strength_per_week {rule('maintenance_strength_per_week')})"
        )
    if stretch_days < rule("maintenance_stretch_per_week"):
        short.append(
            f"stretching on {stretch_days} days (maintenance_stretch_per_week {rule('maintenance_stretch_per_week')})"
        )
    if not short:
        return None
    return f"Last week was below the maintenance floor: {', '.join(short)}. Symptoms often come back when the routine stops."


def _calm_streak(ctx: _Context, today: date) -> bool:
    """Mornings at or below the calm limit for the last ``maintenance_calm_days`` days."""
    days = [(today - timedelta(days=b)).isoformat() for b in range(rule("maintenance_calm_days"))]
    scores = [ctx.history.morning[d] for d in days if d in ctx.history.morning]
    first = ctx.history.first_day
    return (
        first is not None
        and first <= days[-1]
        and len(scores) >= rule("maintenance_min_mornings")
        and max(scores) <= rule("maintenance_calm_max")
    )


def _trend_messages(ctx: _Context, today: date) -> tuple[list, list]:
    """(messages, rule names) from the weekly trend: deload week, review, improvement."""
    messages, why = [], []
    start = ctx.deload(today)
    if start is not None:
        change = ctx.trend(start)
        until = start + timedelta(days=rule("deload_days") - 1)
        messages.append(
            f"Deload week until {until.isoformat()}: mornings averaged {change:.1f} points higher "
            f"than the week before (trend_worse_points {rule('trend_worse_points')}); no step ups."
        )
        why.append("trend_worse_points")
    this_week, last_week = ctx.trend(today), ctx.trend(today - timedelta(days=7))
    worse = rule("trend_worse_points")
    review = None
    if (
        this_week is not None
        and last_week is not None
        and this_week >= worse
        and last_week >= worse
    ):
        review = "morning soreness has risen two weeks running"
    first = ctx.history.first_day
    if (
        review is None
        and first is not None
        and ctx.history.baseline is not None
        and (today - date.fromisoformat(first)).days >= rule("review_after_days")
    ):
        now = ctx.week_mean(today)
        if now is not None and not meaningful_fall(ctx.history.baseline, now):
            review = (
                f"after {(today - date.fromisoformat(first)).days // 7} weeks mornings average "
                f"{now:.1f} against {ctx.history.baseline:.1f} in the first week, not a real improvement"
            )
    if review:
        messages.append(
            f"Time for a review: {review}. Please see a physiotherapist or GP (review_after_days)."
        )
        why.append("review_after_days")
    return messages, why


def _swap(
    ctx: _Context, slug: str, block: str, zone: str, tingling: dict
) -> tuple[str | None, list, str | None]:
    """Today's stand-in for ``slug``: (exercise or None to leave out, rule names, message)."""
    catalog = ctx.catalog
    why: list = []
    message = None
    if zone == "red" and block == "daily" and catalog.exercises[slug]["easier"]:
        slug = catalog.exercises[slug]["easier"]
        why.append("red_min")
    seen = set()
    while slug in tingling and slug not in seen:
        seen.add(slug)
        flag = tingling[slug]
        easier = catalog.exercises[slug]["easier"]
        name = catalog.exercises[slug]["name"]
        why.append("tingling_days")
        if easier is None or catalog.exercises[easier]["sets"] is None:
            return (
                None,
                why,
                f"{name} is set aside until {flag['until']} (tingling); no easier variant, so it is left out.",
            )
        message = f"{name} is set aside until {flag['until']} (tingling): {catalog.exercises[easier]['name']} instead."
        slug = easier
    if not ctx.settings["band"]:
        while "band" in catalog.exercises[slug].get("equipment", []):
            swap = catalog.exercises[slug].get("no_band") or catalog.exercises[slug]["easier"]
            if swap is None:
                return (
                    None,
                    [*why, "no_band_swap"],
                    f"{catalog.exercises[slug]['name']} needs a band: left out.",
                )
            slug = swap
            why.append("no_band_swap")
    return slug, why, message


def _blocks(ctx: _Context, today: date, zone: str) -> tuple[list, dict, list]:
    """(blocks, {block left out: reason}, messages) for the day."""
    schedule = ctx.settings["schedule"]
    left_out: dict = {}
    messages: list = []
    if zone == "paused":
        return [], {b: "paused by a red flag" for b in ("daily", "strength", "recovery")}, []
    if zone == "flare":
        return (
            ["recovery"],
            {
                "daily": f"flare (flare_min {rule('flare_min')})",
                "strength": f"flare (flare_min {rule('flare_min')})",
            },
            [],
        )
    last = _last_strength_before(ctx, today)
    gap = rule("strength_gap_days")
    rested = last is None or (today - last).days >= gap
    long_run = _long_run(ctx, today - timedelta(days=1))
    if schedule == "maintenance":
        weekday = today.weekday()
        strength = weekday in ctx.settings["strength_days"]
        stretch = weekday in ctx.settings["stretch_days"]
        blocks = (["daily"] if stretch else []) + (["strength"] if strength else [])
        if not stretch:
            left_out["daily"] = "not a stretching day (config stretch-days)"
        if not strength:
            left_out["strength"] = "not a strength day (config strength-days)"
        if not blocks:
            blocks = ["rest"]
    else:
        due = rested
        if due and long_run:
            due = False
            left_out["strength"] = f"long run yesterday: {long_run}"
            messages.append("Long run yesterday: strength moves to tomorrow.")
        elif not rested:
            left_out["strength"] = f"strength was done {last.isoformat()} (strength_gap_days {gap})"
            messages.append(
                f"Strength was done {last.isoformat()}: next strength day is "
                f"{(last + timedelta(days=gap)).isoformat()}."
            )
        if schedule == "alternate":
            blocks = ["daily", "strength"] if due else ["recovery"]
            if not due:
                left_out["daily"] = "alternate schedule: stretching comes with the strength session"
        else:
            blocks = ["daily", "strength" if due else "recovery"]
    if zone == "red" and "strength" in blocks:
        blocks = [b for b in blocks if b != "strength"] + ["recovery"]
        left_out["strength"] = f"red zone (red_min {rule('red_min')})"
    return blocks, left_out, messages


def plan_basis(catalog, history: History, today: date, settings=None, flags=(), zones=None) -> dict:
    """What today's plan takes from the days before it, today's soreness, the settings and the
    red flags in force (``redflags.active``).

    Only plain values (str, int, float, bool, None, lists, dicts), so it can be stored as is.
    """
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    ctx = _Context(catalog, history, settings, zones)
    zone, reasons = ctx.zone(today)
    pausing = [f for f in flags if f["tier"] in ("emergency", "urgent")]
    if pausing:
        zone, reasons = "paused", [f"red flag: {f['label']}" for f in pausing]
    tingling = {f["exercise"]: f for f in flags if f["tier"] == "exercise" and f.get("exercise")}
    opening: list = []
    if pausing:
        from glutelog import redflags

        opening.append(redflags.pause_message(list(flags)))
    for flag in flags:
        if flag["tier"] == "routine":
            opening.append(f"{flag['label']} (flagged {flag['day']}): {flag['advice']}")
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
    elif zone == "unknown":
        opening.append(
            "No recent morning score, so today's doses are held: log one with "
            "`glutelog sore N --morning` (0-10)."
        )
    blocks, left_out, timing = _blocks(ctx, today, zone)
    if zone == "red" and "daily" not in blocks:
        opening[-1] = f"Deload ({'; '.join(reasons)}): no strength today."
    trend_messages, trend_why = ([], []) if zone == "paused" else _trend_messages(ctx, today)

    taken = {slug for block in catalog.routine.values() for slug in block}
    items: list = []
    notes: list = []
    seen: set = set()
    for block in blocks:
        slots = ["rest"] if block == "rest" else catalog.routine[block]
        for slot in slots:
            if slot not in catalog.exercises:
                continue
            why = {
                "daily": ["stretch_every_day"],
                "strength": ["strength_gap_days"],
                "recovery": ["strength_gap_days"],
                "rest": ["maintenance_strength_per_week"],
            }[block]
            if block == "recovery" and zone in ("red", "flare"):
                why = ["red_min" if zone == "red" else "flare_min"]
            if block in ("daily", "strength") and zone in ("green", "amber", "unknown"):
                state = progress(ctx, slot, today, taken - {slot})
                if state["message"]:
                    notes.append(state["message"])
                why = why + state["why"]
                if zone != "green":
                    why.append("green_max")
            else:
                exercise = catalog.exercises[slot]
                state = {"slug": slot, "sets": exercise["sets"], "amount": exercise["amount"]}
            slug, swap_why, swap_note = _swap(ctx, state["slug"], block, zone, tingling)
            if swap_note:
                notes.append(swap_note)
            if slug is None or slug in seen:
                continue
            seen.add(slug)
            exercise = catalog.exercises[slug]
            sets, amount = state["sets"], state["amount"]
            if slug != state["slug"]:  # a stand-in is planned at its own starting dose
                sets, amount = _start_dose(ctx, exercise) if exercise["sets"] else (None, None)
            chain = ladder(catalog, slot, taken - {slot})
            items.append(_item(ctx, exercise, block, sets, amount, why + swap_why, chain))
    offer = None
    if (
        settings["schedule"] != "maintenance"
        and zone in ("green", "amber", "unknown")
        and _calm_streak(ctx, today)
    ):
        offer = (
            f"Mornings have been {rule('maintenance_calm_max')} or less for "
            f"{rule('maintenance_calm_days')} days: you could move to a lighter maintenance "
            "routine with `glutelog config schedule maintenance`."
        )
    floors = _weekly_floors(ctx, today) if settings["schedule"] == "maintenance" else None
    return {
        "format": BASIS_FORMAT,
        "date": today.isoformat(),
        "schedule": settings["schedule"],
        "zone": zone,
        "reasons": reasons,
        "blocks": blocks,
        "left_out": left_out,
        "opening": opening + trend_messages,
        "timing": timing,
        "notes": notes + [m for m in (offer, floors) if m],
        "items": items,
        "trend_why": trend_why,
        "flags": [dict(f) for f in flags],
    }


def _item(ctx: _Context, exercise: dict, block: str, sets, amount, why: list, chain: list) -> dict:
    per_side = exercise["per_side"]
    side_sets = None
    affected = ctx.settings["side"]
    if per_side and sets is not None:
        side_sets = {"left": sets, "right": sets}
        if affected in ("left", "right") and exercise["kind"] in ("stretch", "release"):
            side_sets[affected] += rule("affected_side_extra_sets")
            why = [*why, "affected_side_extra_sets"]
    return {
        "exercise": exercise["slug"],
        "name": exercise["name"],
        "kind": exercise["kind"],
        "block": block,
        "sets": sets,
        "amount": amount,
        "unit": exercise["unit"],
        "sides": ["left", "right"] if per_side else ["both"],
        "side_sets": side_sets,
        "cue": exercise["cue"],
        "why": list(dict.fromkeys(why)),
        "ladder": chain,
    }


def finish_plan(catalog, basis: dict, today_entries: list, minutes: float | None = None) -> dict:
    """The plan from its basis and the sets logged today (entries of that day only).

    Work that was not planned is listed as ``extra`` and never changes the day's plan; only
    ``done rest`` turns the day into a rest day. With ``minutes``, the plan keeps the items that
    fit that many minutes (``timings.fit``) and the day counts against the shorter plan.
    """
    from glutelog import timings

    items = [dict(item) for item in basis["items"]]
    messages = list(basis["opening"])
    day_type = _day_type(basis)
    rested = any(e["exercise"] == "rest" for e in today_entries) and basis["zone"] != "paused"
    if rested and day_type != "rest":
        day_type = "rest"
        rest = catalog.exercises["rest"]
        items = [_item_for_rest(rest)]
        messages.append("Rest day taken: the plan picks up again tomorrow.")
    for item in items:
        item["minutes"] = round(timings.item_minutes(item), 1)
    left_out = []
    if minutes is not None:
        items, left_out = timings.fit(items, minutes, catalog)
        if left_out:
            names = ", ".join(i["name"] for i in left_out)
            messages.append(f"To fit {_num(minutes)} minutes, left out today: {names}.")
    used: set = set()
    for item in items:
        _tick(catalog, item, today_entries, used)
    if not rested:
        messages.extend(basis["timing"])
    messages.extend(basis["notes"])
    extra = _extra(catalog, today_entries, used)
    return {
        "date": basis["date"],
        "schedule": basis["schedule"],
        "day_type": day_type,
        "zone": basis["zone"],
        "items": items,
        "extra": extra,
        "messages": messages,
        "flags": basis["flags"],
        "minutes": round(sum(i["minutes"] for i in items), 1),
        "explain": {
            "zone": basis["zone"],
            "reasons": basis["reasons"],
            "left_out": basis["left_out"],
            "left_out_for_time": [i["exercise"] for i in left_out],
            "trend": basis["trend_why"],
        },
    }


def _day_type(basis: dict) -> str:
    if basis["zone"] == "paused":
        return "paused"
    if basis["zone"] == "flare":
        return "flare"
    if basis["blocks"] == ["rest"]:
        return "rest"
    return "strength" if "strength" in basis["blocks"] else "recovery"


def _item_for_rest(rest: dict) -> dict:
    return {
        "exercise": "rest",
        "name": rest["name"],
        "kind": rest["kind"],
        "block": "rest",
        "sets": None,
        "amount": None,
        "unit": "none",
        "sides": ["both"],
        "side_sets": None,
        "cue": rest["cue"],
        "why": ["maintenance_strength_per_week"],
        "ladder": ["rest"],
    }


def _tick(catalog, item: dict, entries: list, used: set) -> None:
    """Mark ``item`` done when its planned sets are logged at or above the planned amount, on
    each side; a ladder variant's sets count too, and the variant is named."""
    slug = item["exercise"]
    mine = [e for e in entries if e["exercise"] in item["ladder"]]
    for e in mine:
        used.add(id(e))
    if item["unit"] == "none" or item["amount"] is None:
        count = sum(e["sets"] for e in mine)
        planned = item["sets"] or 1
        item.update(
            done_sets=min(count, planned), done=count >= planned, done_sides=None, done_with=None
        )
        return

    def counts(entry) -> bool:
        if entry["exercise"] == slug:
            return entry["unit"] == item["unit"] and (entry["amount"] or 0) >= item["amount"]
        variant = catalog.exercises.get(entry["exercise"])
        # another rung of the ladder counts at its own starting dose or more
        return bool(
            variant
            and variant["amount"]
            and entry["unit"] == variant["unit"]
            and (entry["amount"] or 0) >= variant["amount"]
        )

    hits = [e for e in mine if counts(e)]
    variants = sorted({e["exercise"] for e in hits if e["exercise"] != slug})
    item["done_with"] = [catalog.exercises[v]["name"] for v in variants] or None
    if item["side_sets"]:
        sides = _side_sets(hits)
        item["done_sides"] = {
            side: min(sides[side], item["side_sets"][side]) for side in ("left", "right")
        }
        item["done_sets"] = min(sides.values())
        item["done"] = all(sides[s] >= item["side_sets"][s] for s in ("left", "right"))
    else:
        total = sum(e["sets"] for e in hits)
        item["done_sides"] = None
        item["done_sets"] = total
        item["done"] = total >= item["sets"]


def _extra(catalog, entries: list, used: set) -> list:
    """Today's work that matched no planned item, summed per exercise and unit."""
    rows: dict = {}
    for e in entries:
        if id(e) in used or e["exercise"] == "rest":
            continue
        key = (e["exercise"], e["unit"])
        row = rows.setdefault(
            key,
            {
                "exercise": e["exercise"],
                "name": catalog.exercises[e["exercise"]]["name"]
                if e["exercise"] in catalog.exercises
                else e["exercise"],
                "sets": 0,
                "amount": e["amount"],
                "unit": e["unit"],
            },
        )
        row["sets"] += e["sets"]
        if row["amount"] != e["amount"]:
            row["amount"] = max(row["amount"] or 0, e["amount"] or 0) or None
    return list(rows.values())


def make_plan(
    catalog,
    entries: list,
    soreness: list,
    schedule: str | None = None,
    today: date | None = None,
    zones=None,
    history=None,
    settings=None,
    flags=(),
    minutes=None,
) -> dict:
    """The plan for ``today``.

    ``entries`` and ``soreness``: everything logged (at least from ``history_start(today)``,
    and every earlier day for the first-dose rule and the 6-week review); anything after
    today is ignored.

    >>> plan = make_plan(catalog, [], [], "daily", date(2026, 11, 24))
    >>> [item["exercise"] for item in plan["items"]][:2]
    ['tennis-ball-release', 'figure4-supine']
    """
    history = history or History.complete(entries, soreness, today)
    settings = dict(settings or {})
    if schedule is not None:
        settings["schedule"] = schedule
    basis = plan_basis(catalog, history, today, settings, flags, zones)
    return finish_plan(catalog, basis, history.day(today), minutes)


def project(
    catalog, history: History, today: date, days: int, settings=None, flags_on=None
) -> list:
    """Plans for ``today`` and the ``days - 1`` days after it, as a projection: each day's
    planned items are taken as done in full, and no new soreness is assumed, so later days
    show where the plan is heading, not a promise. ``flags_on(day)`` gives each day's flags.
    """
    plans = []
    for offset in range(days):
        day = today + timedelta(days=offset)
        flags = flags_on(day) if flags_on else ()
        basis = plan_basis(catalog, history, day, settings, flags)
        plan = finish_plan(catalog, basis, history.day(day))
        plans.append(plan)
        for item in plan["items"]:
            remaining = _remaining(item)
            for side, sets in remaining:
                history.add(
                    {
                        "day": day.isoformat(),
                        "exercise": item["exercise"],
                        "sets": sets,
                        "amount": item["amount"],
                        "unit": item["unit"],
                        "side": side,
                        "pain": None,
                    }
                )
    return plans


def _remaining(item: dict) -> list:
    """(side, sets) still to do for ``item``, to complete it in a projection."""
    if item["done"] or item["sets"] is None:
        return [] if item["done"] else [(None, 1)]
    if item["side_sets"]:
        done = item["done_sides"] or {"left": 0, "right": 0}
        return [
            (side, item["side_sets"][side] - done[side])
            for side in ("left", "right")
            if item["side_sets"][side] > done[side]
        ]
    return [(None, item["sets"] - item["done_sets"])]
