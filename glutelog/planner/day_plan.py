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
  variant's low end; a step down is its easier variant, or a smaller dose where there is none,
  and the way back up needs the usual good sessions (see ``progression.progress``);
- a rising weekly trend of morning soreness means a deload week; rising two weeks running, or no
  meaningful improvement on the first week by week 6 (a mild and steady course is not a failure),
  means a review with a physio; the maintenance offer comes only on calm, steady days;
- running: every plan says whether and how to run today by zone (``run_advice``); a long run
  yesterday moves strength to tomorrow, and a long run logged today takes the strength still
  to do off today (``running``).
"""

from __future__ import annotations

from glutelog import settings as settings_mod
from glutelog.planner.history import (
    Context,
    History,
    course_verdict,
    explained,
    history_start,
    logged_sets,
    said,
)
from glutelog.planner.progression import ladder, progress, start_dose, stretch_total
from glutelog.planner.ticks import still_to_do, tick_items
from glutelog.rules import plain, rule, shown
from glutelog.stdlib import date, timedelta

__all__ = ["History", "history_start", "ladder", "logged_sets", "make_plan", "project"]

SCHEDULES = ("daily", "alternate", "maintenance")
ZONES = ("green", "amber", "unknown", "red", "flare", "paused")
# Kept plans and day statuses carry this: 4 since the tick rule (``ticks``) counts what was logged
# towards each item's own plan, so days kept by an older rule are counted again.
BASIS_FORMAT = 4

# The settings the planner reads, as ``settings.typed`` gives them; unset keys take these.
DEFAULT_SETTINGS = settings_mod.typed({})

# The rules ``progress`` names when it steps an exercise down its ladder.
STEP_DOWN_RULES = {"red_min", "after_red_sessions", "rep_range"}


def planned_slugs(catalog) -> list:
    """Every exercise whose history the planner looks at: the routine and every rung of its
    ladders, every strength exercise (for the every-other-day rule), runs and rest days."""
    slugs = set(_strength_slugs(catalog)) | {"run", "rest"}
    for block in catalog.routine.values():
        for slug in block:
            slugs.update(ladder(catalog, slug))
    return sorted(s for s in slugs if s in catalog.exercises)


def _strength_slugs(catalog) -> set:
    return {slug for slug, e in catalog.exercises.items() if e["block"] == "strength"}


# --- the plan ----------------------------------------------------------------------------------
# A plan is made in two steps. ``plan_basis`` works out everything that depends only on the days
# before ``today``, today's soreness, the settings and the flags: the zone, the blocks, each
# item and its dose. ``finish_plan`` adds what is logged today. The basis stays the same all day
# while sets are logged, so the command layer keeps it in the database and re-plans only when
# history before today, a soreness score, a flag or a setting changes.


def _long_run(ctx: Context, day: date) -> str | None:
    """Why the running of ``day`` counts as a long run, or None."""
    limits = ctx.settings["long_run_minutes"], ctx.settings["long_run_km"]
    return long_run(ctx.history.day(day), *limits)


def long_run(entries: list, limit_min: float, limit_km: float) -> str | None:
    """Why the runs among one day's ``entries`` count as a long run (with the rules, for
    ``--explain``), or None: ``long_run([<run 1 x 18 km>], 90, 15)`` is
    ``"18 km, 0 min (long_run_minutes 90, long_run_km 15)"``."""
    minutes = km = 0.0
    for entry in entries:
        if entry["exercise"] == "run" and entry["amount"]:
            if entry["unit"] == "km":
                km += entry["sets"] * entry["amount"]
                # the time the distance took, kept with it since migration m009
                minutes += entry["sets"] * (entry.get("minutes") or 0)
            elif entry["unit"] == "minutes":
                minutes += entry["sets"] * entry["amount"]
    share = rule("long_run_combined_fraction")
    if minutes >= limit_min or km >= limit_km:
        return f"{_num(km)} km, {_num(minutes)} min (long_run_minutes {_num(limit_min)}, long_run_km {_num(limit_km)})"
    if minutes >= share * limit_min and km >= share * limit_km:
        return f"{_num(km)} km in {_num(minutes)} min (long_run_combined_fraction {share})"
    return None


def _num(value: float) -> str:
    from glutelog.parsing import format_number

    return format_number(value)


def strength_session(catalog, entries: list) -> bool:
    """Whether one day's ``entries`` make a strength session, for the days between sessions:
    sets of at least ``strength_session_min_exercises`` different strength exercises, so one
    extra bridge set on a day between sessions does not move the next one. Used for the days
    before a plan and for the day itself, so a day and the day after say the same.

    >>> strength_session(catalog, [<glute-bridge 1 x 12>])
    False
    """
    strength = _strength_slugs(catalog)
    done = {e["exercise"] for e in entries if e["exercise"] in strength}
    return len(done) >= rule("strength_session_min_exercises")


def _last_strength_before(ctx: Context, today: date) -> date | None:
    for back in range(1, rule("progress_window_days") + 1):
        day = today - timedelta(days=back)
        if strength_session(ctx.catalog, ctx.history.day(day)):
            return day
    return None


def _weekly_floors(ctx: Context, today: date) -> str | None:
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


def _calm_streak(ctx: Context, today: date) -> bool:
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


def deload_week(ctx: Context, today: date) -> dict | None:
    """The deload week in force on ``today``: ``{"start", "end", "change"}`` (ISO days, and how
    many points the weekly mean of mornings had risen on its first day), or None."""
    start = ctx.deload(today)
    if start is None:
        return None
    end = start + timedelta(days=rule("deload_days") - 1)
    return {"start": start.isoformat(), "end": end.isoformat(), "change": ctx.trend(start)}


def _trend_messages(ctx: Context, today: date) -> tuple[list, list]:
    """(messages, rule names) from the weekly trend: deload week, review, improvement."""
    messages, why = [], []
    week = deload_week(ctx, today)
    if week is not None:
        messages.append(
            f"Deload week {week['start']} to {week['end']}: mornings averaged "
            f"{week['change']:.1f} points higher than the week before (a rise of "
            f"{_num(rule('trend_worse_points'))} or more), so about a third fewer sets and no "
            f"step ups until {week['end']}."
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
        and not _calm_streak(ctx, today)  # never beside the maintenance offer
    ):
        now = ctx.week_mean(today)
        if now is not None and course_verdict(ctx.history.baseline, now) == "no better":
            review = (
                f"after {(today - date.fromisoformat(first)).days // 7} weeks mornings average "
                f"{now:.1f} against {ctx.history.baseline:.1f} in the first week, not a real improvement"
            )
    rising = this_week is not None and this_week >= worse  # as a deload week starts
    if rising and ctx.settings["schedule"] == "maintenance":
        messages.append(
            f"Mornings averaged {this_week:.1f} points higher than the week before: you could go "
            "back to the daily schedule for a while with `glutelog config schedule daily`."
        )
        why.append("trend_worse_points")
    if review:
        messages.append(
            f"Time for a review: {review}. Please see a physiotherapist or GP (review_after_days)."
        )
        why.append("review_after_days")
    return messages, why


def _swap(
    ctx: Context, slug: str, block: str, zone: str, tingling: dict
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


def _blocks(ctx: Context, today: date, zone: str) -> tuple[list, dict, list]:
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
    ctx = Context(catalog, history, settings, zones)
    zone, reasons = ctx.zone(today)
    pausing = [f for f in flags if f["tier"] in ("emergency", "urgent")]
    if pausing:
        zone, reasons = "paused", [[f"red flag: {f['label']}", None, None] for f in pausing]
    words = "; ".join(said(r) for r in reasons)
    # With no score this morning, a red or flare day stands: say how to move on from it.
    unscored = (
        " Log this morning's score with `glutelog sore N --morning` (0-10): until then the "
        "plan stays here."
        if zone in ("red", "flare") and today.isoformat() not in history.morning
        else ""
    )
    tingling = {f["exercise"]: f for f in flags if f["tier"] == "exercise" and f.get("exercise")}
    opening: list = []
    if pausing:
        from glutelog.planner import redflags

        opening.append(redflags.pause_message(list(flags)))
    for flag in flags:
        if flag["symptom"] == "recent-surgery" and flag.get("gentle_until"):
            opening.append(_surgery_message(flag, today))
        elif flag["tier"] == "routine":
            opening.append(f"{flag['label']} (flagged {flag['day']}): {flag['advice']}")
        elif flag["tier"] == "watch":
            opening.append(
                f"Symptom to watch: {flag['label']} (recorded {flag['day']}). Not a reason to "
                "stop; if it spreads or comes with weakness, see a clinician within "
                f"{shown(rule('urgent_within_days'))} days: "
                "glutelog flag spreading-numbness"
            )
    if zone == "flare":
        opening.append(
            f"Flare ({words}): recovery only today. Ease off until mornings settle.{unscored}"
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
        opening.append("")  # said once the blocks are known: is strength taken away today?
    elif zone == "amber":
        opening.append(f"Hold ({words}): keep today's doses, no step up.")
    elif zone == "unknown":
        opening.append(
            "No recent morning score, so today's doses are held: log one with "
            "`glutelog sore N --morning` (0-10)."
        )
    blocks, left_out, timing = _blocks(ctx, today, zone)
    if zone == "red":
        # Only a strength day loses its strength: the day after a session was not one anyway.
        taken_away = "strength" in left_out and left_out["strength"].startswith("red zone")
        what = {
            (True, True): "no strength today, easier stretches.",
            (True, False): "no strength today.",
            (False, True): "easier stretches today.",
            (False, False): "today is a recovery day.",
        }[(taken_away, "daily" in blocks)]
        opening[-1] = f"Deload ({words}): {what}{unscored}"
    trend_messages, trend_why = ([], []) if zone == "paused" else _trend_messages(ctx, today)
    week = None if zone == "paused" else deload_week(ctx, today)
    strength_lighter = None if week else ctx.lighter(today, _strength_slugs(catalog))
    lighter_notes: dict = {}  # reason words -> names of the items made lighter for it

    taken = {slug for block in catalog.routine.values() for slug in block}
    items: list = []
    notes: list = []
    seen: set = set()
    stepped_down = False
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
                stepped_down = stepped_down or state["step"] == "down"
                why = why + state["why"]
                if zone != "green":
                    why.append("green_max")
            else:
                exercise = catalog.exercises[slot]
                dose = start_dose(ctx, exercise) if exercise["sets"] else (None, None)
                state = {"slug": slot, "sets": dose[0], "amount": dose[1]}
            slug, swap_why, swap_note = _swap(ctx, state["slug"], block, zone, tingling)
            if swap_note:
                notes.append(swap_note)
            if slug is None or slug in seen:
                continue
            seen.add(slug)
            exercise = catalog.exercises[slug]
            sets, amount = state["sets"], state["amount"]
            if slug != state["slug"]:  # a stand-in is planned at its own starting dose
                sets, amount = start_dose(ctx, exercise) if exercise["sets"] else (None, None)
            chain = ladder(catalog, slot, taken - {slot})
            if block in ("daily", "strength") and sets is not None and "red_min" not in swap_why:
                item_stepped_down = bool(state.get("message")) and bool(
                    set(state.get("why", ())) & STEP_DOWN_RULES
                )
                lighter = (
                    None
                    if item_stepped_down  # the step down is this session's lighter dose already
                    else _lighter_reason(ctx, today, block, chain, slug, week, strength_lighter)
                )
                if lighter is not None:
                    exercise, sets, amount = _lighter_dose(
                        ctx, exercise, sets, amount, seen | taken
                    )
                    seen.add(exercise["slug"])
                    swap_why = [*swap_why, lighter["rule"], "lighter_sets_fraction"]
                    if lighter["rule"] != "deload_days":
                        name = "the strength session" if block == "strength" else exercise["name"]
                        names = lighter_notes.setdefault(lighter["words"], [])
                        if name not in names:
                            names.append(name)
            items.append(_item(ctx, exercise, block, sets, amount, why + swap_why, chain))
            # Its own dose, not made lighter today: what kept it from stepping up.
            if exercise["slug"] == state["slug"] and "lighter_sets_fraction" not in swap_why:
                items[-1]["held"] = state.get("held")
    if zone != "paused" and _gentle(flags, today):
        items, blocks = _after_surgery(ctx, items)
        left_out["strength"] = f"recent surgery (surgery_months {rule('surgery_months')})"
    offer = None
    this_week = ctx.trend(today)
    if (
        settings["schedule"] != "maintenance"
        and zone in ("green", "amber", "unknown")
        and _calm_streak(ctx, today)
        # never beside a step down, a deload week or a rising week
        and not stepped_down
        and ctx.deload(today) is None
        and (this_week is None or this_week < rule("trend_worse_points"))
    ):
        offer = (
            f"Mornings have been {rule('maintenance_calm_max')} or less for "
            f"{rule('maintenance_calm_days')} days: you could move to a lighter maintenance "
            "routine with `glutelog config schedule maintenance`."
        )
    floors = _weekly_floors(ctx, today) if settings["schedule"] == "maintenance" else None
    lighter = [_lighter_text(because, names) for because, names in lighter_notes.items()]
    if strength_lighter is not None and "strength" not in blocks and zone != "paused":
        lighter.append(
            f"Your next strength session will be lighter (about a third fewer sets): "
            f"{strength_lighter['words']}."
        )
    return {
        "format": BASIS_FORMAT,
        "date": today.isoformat(),
        "schedule": settings["schedule"],
        "zone": zone,
        "reasons": [explained(r) for r in reasons],
        "blocks": blocks,
        "left_out": left_out,
        "opening": opening + trend_messages + lighter,
        "timing": timing,
        "deload": week,
        "notes": list(dict.fromkeys(notes)) + [m for m in (offer, floors) if m],
        "items": items,
        "trend_why": trend_why,
        "flags": [dict(f) for f in flags],
        # for a long run logged today (see ``running``)
        "long_run": [settings["long_run_minutes"], settings["long_run_km"]],
    }


def _gentle(flags, today: date) -> bool:
    """Whether a surgery in the last 3 months (surgery_months), not cleared, keeps the
    plan to walks and the easiest stretches."""
    iso = today.isoformat()
    return any(
        f["symptom"] == "recent-surgery" and (f.get("gentle_until") or "") >= iso for f in flags
    )


def _surgery_message(flag: dict, today: date) -> str:
    if flag["gentle_until"] >= today.isoformat():
        return (
            f"Surgery on {flag['day']}: until your surgeon clears exercise, only walks and the "
            "easiest stretches (no strength, no deep stretches such as pigeon). When cleared: "
            "glutelog flag --clear surgery"
        )
    return (
        f"Surgery on {flag['day']} was more than {rule('surgery_months')} months ago: the plan "
        "is not changed for it. "
        "When your surgeon has cleared exercise: glutelog flag --clear surgery"
    )


def _after_surgery(ctx: Context, items: list) -> tuple[list, list]:
    """(items, blocks) after recent surgery: each stretch at the easiest rung of its ladder,
    a walk, and nothing else (no strength, no releases pressing on the area)."""
    catalog = ctx.catalog
    kept: list = []
    seen: set = set()
    for item in items:
        exercise = catalog.exercises[item["exercise"]]
        if exercise["kind"] == "stretch":
            easiest = catalog.exercises[ladder(catalog, item["exercise"])[0]]
            if easiest["slug"] in seen or easiest["sets"] is None:
                continue
            seen.add(easiest["slug"])
            if easiest["slug"] == item["exercise"]:
                kept.append({**item, "why": [*item["why"], "surgery_months"]})
                continue
            sets, amount = start_dose(ctx, easiest)
            chain = ladder(catalog, easiest["slug"])
            why = ["stretch_every_day", "surgery_months"]
            kept.append(_item(ctx, easiest, "daily", sets, amount, why, chain))
    walk = catalog.exercises.get("walk")
    if walk is not None:
        kept.append(
            _item(ctx, walk, "recovery", walk["sets"], walk["amount"], ["surgery_months"],
                  ["walk"])
        )  # fmt: skip
    blocks = ["daily", "recovery"] if any(i["block"] == "daily" for i in kept) else ["recovery"]
    return kept, blocks


def _lighter_reason(
    ctx: Context, today: date, block: str, chain: list, slug: str, week, strength
) -> dict | None:
    """Why an item of the ``daily`` or ``strength`` block is lighter today, or None: a deload
    week in force, or its work's last session (``Context.lighter``: the strength exercises
    together, or one stretch's ladder). A step down the ladder since that session is the
    lighter session already, so it is not made lighter twice."""
    if week is not None:
        return {"rule": "deload_days", "words": "deload week"}
    found = strength if block == "strength" else ctx.lighter(today, set(chain))
    if found is None:
        return None
    done = [chain.index(s) for s in chain if ctx.history.by_exercise.get((found["day"], s))]
    if done and slug in chain and chain.index(slug) < min(done):
        return None
    return found


def _lighter_dose(ctx: Context, exercise: dict, sets: int, amount, taken: set) -> tuple:
    """(exercise, sets, amount) for a lighter session: about a third fewer sets, at least one
    less and never below one; an item already at one set takes its easier variant at that
    variant's starting dose, when the variant is free (not another item of the plan)."""
    if sets > 1:
        cut = max(1, round(sets * rule("lighter_sets_fraction")))
        return exercise, max(1, sets - cut), amount
    easier = ctx.catalog.exercises.get(exercise["easier"] or "")
    if easier is None or easier["sets"] is None or easier["slug"] in taken:
        return exercise, sets, amount
    return easier, *start_dose(ctx, easier)


def _lighter_text(words: str, names: list) -> str:
    """One line for the items made lighter for one reason, e.g. ``Soreness 7 after the
    session on 2026-11-22 (6 or more): Pigeon stretch is lighter today (about a third fewer
    sets, or the easier variant of an item with one set).``"""
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    verb = "is" if len(names) == 1 else "are"
    return (
        f"{words[0].upper()}{words[1:]}: {listed} {verb} lighter today (about a third fewer "
        "sets, or the easier variant of an item with one set)."
    )


def _item(ctx: Context, exercise: dict, block: str, sets, amount, why: list, chain: list) -> dict:
    per_side = exercise["per_side"]
    side_sets = None
    affected = ctx.settings["side"]
    if per_side and sets is not None:
        side_sets = {"left": sets, "right": sets}
        if affected in ("left", "right") and exercise["kind"] in ("stretch", "release"):
            more = sets + rule("affected_side_extra_sets")
            # the extra set only within the limits: a stretch's total, a release's sets
            if exercise["kind"] == "stretch":
                fits = amount is not None and more * amount <= stretch_total(ctx)
            else:
                fits = more <= rule("release_max_sets")
            if fits:
                side_sets[affected] = more
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
        "held": None,
        "ladder": chain,
    }


def finish_plan(catalog, basis: dict, today_entries: list, minutes: float | None = None) -> dict:
    """The plan from its basis and the sets logged today (entries of that day only).

    Work that was not planned is listed as ``extra`` and never changes the day's plan; only
    ``done rest`` turns the day into a rest day. With ``minutes``, the plan keeps the items that
    fit that many minutes (``timings.fit``) and the day counts against the shorter plan.
    """
    from glutelog.planner import timings

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
    used = tick_items(catalog, items, today_entries)
    run, kept, moved = running(basis, today_entries, items)
    left_out_today = dict(basis["left_out"])
    if moved:  # sets of a moved exercise are no longer ticked: they show as extra work
        items = kept
        used = tick_items(catalog, items, today_entries)
        if day_type == "strength" and not any(i["block"] == "strength" for i in items):
            day_type = "recovery"
        messages.append(moved[0])
        left_out_today["strength"] = moved[1]
    if not rested:
        messages.extend(_timing(catalog, basis, today_entries))
    messages.extend(basis["notes"])
    # Reasons name their rules for --explain; people read the rules in words.
    messages = [plain(message) for message in messages]
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
        "deload": basis["deload"],
        "minutes": round(sum(i["minutes"] for i in items), 1),
        "run": run,
        "explain": {
            "zone": basis["zone"],
            "reasons": basis["reasons"],
            "left_out": left_out_today,
            "left_out_for_time": [i["exercise"] for i in left_out],
            "trend": basis["trend_why"],
            "run": run["rule"],
        },
    }


# --- running -----------------------------------------------------------------------------------
# "Can I run today?" by zone: domain notes §5, a design choice in the spirit of the
# pain-monitoring model. zone: (go, the rule behind it, advice).
RUN_ADVICE = {
    "green": ("yes", "green_max", "Running today: as planned."),
    "amber": (
        "easy",
        "run_easy_pain_max",
        "Running today: an easy run only, shorter than usual; stop if the pain goes above {}.",
    ),
    "unknown": (
        "easy",
        "run_easy_pain_max",
        "Running today: with no recent morning score, an easy run only, shorter than usual; "
        "stop if the pain goes above {}.",
    ),
    "red": (
        "no",
        "red_min",
        "Running today: no run (soreness in the red zone); walk or cycle instead.",
    ),
    "flare": (
        "no",
        "flare_min",
        "Running today: no run (a flare: recovery only); a gentle walk or rest instead.",
    ),
    "paused": (
        "no",
        "pausing_tiers",
        "Running today: no run while a warning sign pauses the plan; have it checked first.",
    ),
}


def run_advice(zone: str) -> dict:
    """Whether and how to run on a day in ``zone``: ``go`` is "yes", "easy" or "no", ``rule``
    the rule behind it (as ``glutelog rules`` names it) and ``advice`` the words for people
    (``running`` adds ``long_run_today`` and ``strength_moved``).

    >>> run_advice("amber")["advice"]
    'Running today: an easy run only, shorter than usual; stop if the pain goes above 5.'
    """
    go, name, advice = RUN_ADVICE[zone]
    return {"go": go, "rule": name, "advice": advice.format(rule("run_easy_pain_max"))}


def running(basis: dict, today_entries: list, items: list) -> tuple[dict, list, tuple | None]:
    """(today's ``run`` advice, the items, None), or, once a long run is logged today, the items
    without the strength still to do and (the message saying where it went, why for
    ``--explain``). Strength already done stays done; the day after a long run is easy too
    (``_blocks``), so strength comes back two days on."""
    run = run_advice(basis["zone"])
    limits = basis.get("long_run")
    why = long_run(today_entries, *limits) if limits else None
    run["long_run_today"] = why is not None
    run["strength_moved"] = None
    moved = [i for i in items if i["block"] == "strength" and not i["done"]]
    if why is None or not moved or basis["zone"] == "paused":
        return run, items, None
    kept = [i for i in items if not (i["block"] == "strength" and not i["done"])]
    if basis["schedule"] == "maintenance":
        message = "Long run today: leave today's strength for your next strength day."
    else:
        day = date.fromisoformat(basis["date"]) + timedelta(days=2)
        message = (
            "Long run today: the strength still to do today moves on, and the day after a long "
            f"run is an easy day too, so strength is next on {day.isoformat()}."
        )
    run["strength_moved"] = message
    return run, kept, (message, f"long run today: {why}")


def _timing(catalog, basis: dict, today_entries: list) -> list:
    """When strength is next, as the day after will see it: a whole strength session logged
    on a day without one planned moves the next session on, and this day says so too."""
    if (
        basis["schedule"] == "maintenance"
        or "strength" in basis["blocks"]
        or basis["zone"] in ("paused", "flare")
        or not strength_session(catalog, today_entries)
    ):
        return basis["timing"]
    day = date.fromisoformat(basis["date"])
    gap = rule("strength_gap_days")
    return [
        f"Strength was done today: next strength day is {(day + timedelta(days=gap)).isoformat()}."
    ]


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
        "held": None,
        "ladder": ["rest"],
    }


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
                "amount": 0 if e["unit"] == "km" else e["amount"],
                "unit": e["unit"],
            },
        )
        if e["unit"] == "km":  # distances add up: runs of 8 and 5 km are one line of 13 km
            row["sets"] = 1
            row["amount"] = round(row["amount"] + e["sets"] * (e["amount"] or 0), 9)
            continue
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
    show where the plan is heading, not a promise: each later day's morning score is the last
    one known. ``flags_on(day)`` gives each day's flags.
    """
    plans = []
    # The score today's zone stands on, carried to the days ahead; none when today's zone is
    # unknown already, so that the days ahead stay unknown too.
    last = history.morning_before(today + timedelta(days=1))
    if last is not None and (today - date.fromisoformat(last[0])).days > rule(
        "score_lookback_days"
    ):
        last = None
    for offset in range(days):
        day = today + timedelta(days=offset)
        if offset and last is not None:
            history.assume_morning(day, last[1])
        flags = flags_on(day) if flags_on else ()
        basis = plan_basis(catalog, history, day, settings, flags)
        plan = finish_plan(catalog, basis, history.day(day))
        plans.append(plan)
        for item in plan["items"]:
            for side, sets in still_to_do(item):
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
