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
  means a review with a physio; the maintenance offer comes only on calm, steady days.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog import settings as settings_mod
from glutelog.history import (
    Context,
    History,
    course_verdict,
    history_start,
    logged_sets,
    side_sets,
)
from glutelog.progression import ladder, progress, start_dose, stretch_total
from glutelog.rules import rule

__all__ = ["History", "history_start", "ladder", "logged_sets", "make_plan", "project"]

SCHEDULES = ("daily", "alternate", "maintenance")
ZONES = ("green", "amber", "unknown", "red", "flare", "paused")
BASIS_FORMAT = 2

# The settings the planner reads, as ``settings.typed`` gives them; unset keys take these.
DEFAULT_SETTINGS = settings_mod.typed({})


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


def _last_strength_before(ctx: Context, today: date) -> date | None:
    strength = _strength_slugs(ctx.catalog)
    for back in range(1, rule("progress_window_days") + 1):
        day = today - timedelta(days=back)
        if any(e["exercise"] in strength for e in ctx.history.day(day)):
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


def _trend_messages(ctx: Context, today: date) -> tuple[list, list]:
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
            items.append(_item(ctx, exercise, block, sets, amount, why + swap_why, chain))
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
        "notes": list(dict.fromkeys(notes)) + [m for m in (offer, floors) if m],
        "items": items,
        "trend_why": trend_why,
        "flags": [dict(f) for f in flags],
    }


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
        sides = side_sets(hits)
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
