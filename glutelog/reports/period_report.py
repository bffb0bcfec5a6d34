"""The period report: a week, the last N weeks, a month, a range of days or twelve months, as
one object every output format renders (text, JSON, CSV, Markdown, HTML) without working out
numbers of its own.

``build_period_report`` is pure: it is given the period, each day's plan status (planned, done),
the day and exercise totals, the soreness scores, the flags and ``today``. ``plan_statuses``
works statuses out with the planner; the command layer keeps past days' statuses in the
database so a report does not re-plan weeks of history every time. The "is it helping?" block
is built in insight.py.
"""

from __future__ import annotations

from glutelog.parsing import plural
from glutelog.planner.day_plan import History, history_start, make_plan
from glutelog.reports import insight
from glutelog.rules import rule
from glutelog.stdlib import date, timedelta


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def status(plan: dict) -> dict:
    """What a report keeps of a day's plan. A rest day counts as done: resting is the plan."""
    planned = len(plan["items"])
    done = sum(1 for item in plan["items"] if item["done"])
    if plan["day_type"] == "rest":
        done = planned
    return {"planned": planned, "done": done, "day_type": plan["day_type"]}


def history_range(days: list) -> tuple[date, date]:
    """The history the planner needs to plan ``days``."""
    return history_start(days[0]), days[-1]


def plan_statuses(catalog, history, settings, days: list, flags_on=None, minutes=None) -> dict:
    """Plan each of ``days`` (oldest first) from ``history`` and return {iso day: status};
    ``settings``: the settings, or ``settings(day)`` giving those in force on each day;
    ``minutes``: {iso day: the time budget chosen for it}."""
    minutes = minutes or {}
    zones: dict = {}
    if not callable(settings):
        settings = _always(settings)
    return {
        day.isoformat(): status(
            make_plan(
                catalog,
                [],
                [],
                today=day,
                zones=zones,
                history=history,
                settings=settings(day),
                flags=flags_on(day) if flags_on else (),
                minutes=minutes.get(day.isoformat()),
            )
        )
        for day in days
    }


def _always(settings):
    return lambda day: settings


def _pause(in_force: list, today: date) -> str | None:
    """Why the plan is paused today, or None; with no flag in force there is nothing to ask."""
    if not in_force:
        return None
    from glutelog.planner import redflags

    return redflags.pause_message(redflags.active(in_force, today)) or None


def week_flags(catalog, rows: list) -> list:
    """Flags raised or cleared in a report's period, oldest first, for people and scripts."""
    if not rows:  # most periods: then the warning-sign module is not loaded at all
        return []
    from glutelog.planner import redflags

    found = []
    for row in rows:
        flag = redflags.describe(row)
        exercise = catalog.exercises.get(flag["exercise"]) if flag["exercise"] else None
        found.append(
            {
                "id": flag["id"],
                "symptom": flag["symptom"],
                "tier": flag["tier"],
                "label": redflags.label(
                    flag["symptom"],
                    exercise["name"] if exercise else flag["exercise"],
                    flag["side"],
                    flag["place"],
                )
                + (" (suspected, from a note)" if flag["suspected"] else ""),
                "exercise": flag["exercise"],
                "day": flag["day"],
                "until": flag["until"],
                "suspected": flag["suspected"],
                "side": flag["side"],
                "place": flag["place"],
                "cleared_day": row["cleared_day"],
                "note": row["note"],
            }
        )
    return found


def _tidy(value):
    if isinstance(value, float):
        return int(value) if value == int(value) else round(value, 2)
    return value


def _totals(catalog, totals: list) -> list:
    """One row per exercise and unit; an exercise run over a distance has one row, in km, with
    ``minutes``: the time its distances took and the times logged alone (None elsewhere)."""
    rows: dict = {}
    distances = {slug for slug, unit, *_ in totals if unit == "km"}
    for slug, unit, side, sets, amount, *took in totals:
        if unit == "minutes" and slug in distances:
            row = rows.setdefault((slug, "km"), _row(catalog, slug, "km"))
            row["sets"] += sets
            row["minutes"] += amount
            continue
        if unit == "km":
            row = rows.setdefault((slug, "km"), _row(catalog, slug, "km"))
            row["minutes"] += took[0] if took else 0
        exercise = catalog.exercises.get(slug)
        per_side = bool(exercise and exercise["per_side"])
        row = rows.setdefault(
            (slug, unit),
            {
                "exercise": slug,
                "name": exercise["name"] if exercise else slug,
                "sets": 0,
                "total": 0,
                "unit": unit,
                "left": 0 if per_side else None,
                "right": 0 if per_side else None,
                "minutes": None,
            },
        )
        row["sets"] += sets
        row["total"] += amount
        if per_side:
            # a set logged for both sides counts for each of them
            if side in ("left", "both", None):
                row["left"] += amount
            if side in ("right", "both", None):
                row["right"] += amount
    for row in rows.values():
        for key in ("total", "left", "right", "minutes"):
            row[key] = _tidy(row[key])
    order = _block_order(catalog)
    return sorted(rows.values(), key=lambda r: (order(r["exercise"]), r["name"].lower(), r["unit"]))


def _block_order(catalog):
    """The sort key of an exercise's block: the order blocks come in the catalog (stretch and
    release, strength, recovery...), then exercises no longer in it."""
    blocks = list(dict.fromkeys(e["block"] for e in catalog.exercises.values()))

    def order(slug: str) -> int:
        exercise = catalog.exercises.get(slug)
        return blocks.index(exercise["block"]) if exercise else len(blocks)

    return order


def _row(catalog, slug: str, unit: str) -> dict:
    """The empty total of a distance exercise (see ``_totals``)."""
    exercise = catalog.exercises.get(slug)
    return {
        "exercise": slug,
        "name": exercise["name"] if exercise else slug,
        "sets": 0,
        "total": 0,
        "unit": unit,
        "left": None,
        "right": None,
        "minutes": 0,
    }


def _complete(status: dict | None) -> bool | None:
    """A full-plan day: everything planned done, or a rest day. None for a day paused by a red
    flag: seeking care is the plan then, so it neither counts nor breaks a run."""
    if status and status["day_type"] == "paused":
        return None
    if status and status["day_type"] == "rest":
        return True
    return bool(status and status["planned"] and status["done"] == status["planned"])


def _active(status: dict | None) -> bool | None:
    """An active day: any planned work done, or a rest day (resting is the plan); None for a
    paused day, as in ``_complete``.

    >>> _active({"planned": 8, "done": 1, "day_type": "recovery"})
    True
    """
    if status and status["day_type"] == "paused":
        return None
    if status and status["day_type"] == "rest":
        return True
    return bool(status and status["done"])


def _streaks(statuses: dict, last: date, today: date, lookback: int, counts=_complete) -> dict:
    """Days in a row that ``counts`` (full-plan days unless told), within ``lookback`` days
    before ``last``; a paused day is skipped, neither counted nor breaking the run.

    Today still in progress does not break the current streak.
    """
    start = last.toordinal() - lookback
    marks = [
        counts(statuses.get(date.fromordinal(start + n).isoformat())) for n in range(lookback + 1)
    ]
    if last == today and not marks[-1]:
        marks[-1] = None  # still in progress
    longest = run = 0
    for ok in marks:
        if ok is None:
            continue
        run = run + 1 if ok else 0
        longest = max(longest, run)
    current = 0
    for ok in reversed(marks):
        if ok is None:
            continue
        if not ok:
            break
        current += 1
    return {"current": current, "longest": longest, "lookback_days": lookback}


def _active_days(days: list, statuses: dict, last: date, today: date, lookback: int) -> dict:
    """Active days of the period: how many, of the days counted (a paused day is in neither,
    nor is today until it is active), and the current and longest run of them."""
    marks = [_active(d) if d["counted"] else None for d in days]
    marks = [
        m
        for m, d in zip(marks, days, strict=True)
        if not (d["date"] == today.isoformat() and not m)
    ]
    return {
        "days": sum(1 for m in marks if m),
        "counted": sum(1 for m in marks if m is not None),
        **_streaks(statuses, last, today, lookback, _active),
    }


# --- the year ----------------------------------------------------------------------------------


def year_start(today: date) -> date:
    """The first day of the twelve calendar months ending with ``today``'s month."""
    month = today.year * 12 + today.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1)


def month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


# --- periods -----------------------------------------------------------------------------------

PERIOD_OPTIONS = ("--week", "--weeks", "--month", "--since", "--year")


def period(
    kind: str, today: date, day: date | None = None, count: int = 1, until: date | None = None
) -> dict:
    """The days a report covers: ``kind`` week (the week holding ``day``), weeks (the last
    ``count`` Monday-Sunday weeks), month (the month starting ``day``), range (``day`` to
    ``until``) or year (twelve calendar months up to today)."""
    if kind == "week":
        start = week_start(day or today)
        end = start + timedelta(days=6)
        label = f"Week of {start.isoformat()}"
    elif kind == "weeks":
        end = week_start(today) + timedelta(days=6)
        start = end - timedelta(days=7 * count - 1)
        label = f"{plural(count, 'week')}, {start.isoformat()} to {end.isoformat()}"
    elif kind == "month":
        start = day
        end = month_after(start) - timedelta(days=1)
        label = start.strftime("%B %Y")
    elif kind == "range":
        start, end = day, until or today
        label = f"{start.isoformat()} to {end.isoformat()}"
    else:
        start, end = year_start(today), today
        label = f"Twelve months, {start.isoformat()} to {end.isoformat()}"
    return {"kind": kind, "start": start, "end": end, "label": label, "count": count}


def previous_period(found: dict) -> tuple[date, date, str]:
    """The stretch just before a period that soreness is compared with, and its name."""
    start, end = found["start"], found["end"]
    if found["kind"] == "month":
        first = (start - timedelta(days=1)).replace(day=1)
        return first, start - timedelta(days=1), "the month before"
    if found["kind"] == "year":  # the twelve calendar months before, not the days so far
        return (
            year_start(start - timedelta(days=1)),
            start - timedelta(days=1),
            ("the twelve months before"),
        )
    length = (end - start).days + 1
    names = {"week": "the week before"}
    if found["kind"] == "weeks":
        name = f"the {found['count']} weeks before" if found["count"] > 1 else "the week before"
    else:
        name = names.get(found["kind"], f"the {length} days before")
    return start - timedelta(days=length), start - timedelta(days=1), name


def streak_lookback(found: dict, today: date) -> int:
    last = min(found["end"], today)
    return max(rule("streak_lookback_days"), (last - found["start"]).days)


def needed_days(found: dict, today: date, first_day: date | None) -> list:
    """The days whose plan status a report needs: the period and its streak's look-back, from
    the first day anything was logged (days before it were never planned for anyone) to today."""
    last = min(found["end"], today)
    if first_day is None or first_day > last:
        return []
    first = max(
        first_day, min(found["start"], last - timedelta(days=streak_lookback(found, today)))
    )
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


# --- the report object -------------------------------------------------------------------------


def _group(days: list, month: str | None = None) -> dict:
    """A week's or a month's row from its days (plan figures from the counted days only)."""
    row = {"month": month} if month else {}
    row.update({"start": days[0]["date"], "end": days[-1]["date"]})
    planned = done = counted = with_plan = complete = active = paused = 0
    sets = km = minutes = 0
    mornings = []
    for d in days:  # one pass: a year's report groups 365 days twice (weeks and months)
        if d["counted"]:
            counted += 1
            planned += d["planned"]
            done += d["done"]
            with_plan += 1 if d["planned"] else 0
            complete += 1 if _complete(d) else 0
            active += 1 if _active(d) else 0
            paused += 1 if d["day_type"] == "paused" else 0
        sets += d["sets"] or 0
        km += d["run_km"]
        minutes += d["run_minutes"]
        if d["morning"] is not None:
            mornings.append(d["morning"])
    row.update(
        {
            "planned": planned,
            "done": done,
            "sets": None if days[0]["sets"] is None else sets,  # a year's days carry no sets
            "run_km": km,
            "run_minutes": minutes,
            "percent": 100 * done / planned if planned else None,
            "days_counted": counted,
            "days_planned": with_plan,
            "days_complete": complete,
            "days_active": active,
            "days_paused": paused,
            "morning_mean": insight.mean(mornings),
            "morning_count": len(mornings),
        }
    )
    return row


def _day_rows(found: dict, today: date, first_day, statuses: dict, sets, marks: dict, history):
    rows = []
    day = found["start"]
    while day <= found["end"]:
        iso = day.isoformat()
        counted = first_day is not None and first_day <= day <= today and iso in statuses
        status = statuses[iso] if counted else {"planned": None, "done": None, "day_type": None}
        run_sets, run_km, run_minutes, strength = marks.get(iso, (0, 0, 0, 0))
        rows.append(
            {
                "date": iso,
                "planned": status["planned"],
                "done": status["done"],
                "day_type": status["day_type"],
                "counted": counted,
                "morning": history.morning.get(iso),
                "after": history.after.get(iso),
                "sets": None if sets is None else sets.get(iso, 0),
                "run_km": run_km,
                "run_minutes": run_minutes,
                "run_sets": run_sets,
                "strength_entries": strength,
            }
        )
        day += timedelta(days=1)
    return rows


def _mornings(history: History, first: date, last: date) -> list:
    low, high = first.isoformat(), last.isoformat()
    return [value for day, value in history.morning.items() if low <= day <= high]


def _first_week(history: History, first_day: date | None) -> list:
    """Morning scores of the first 7 days logged: the baseline "is it helping?" is judged on."""
    if first_day is None:
        return []
    return _mornings(history, first_day, first_day + timedelta(days=6))


# How each kind of period is said in the soreness story: "averaged 2.4 in the week".
DURING = {"week": "in the week", "year": "in these twelve months"}


def _during(found: dict) -> str:
    if found["kind"] == "weeks":
        return f"in these {found['count']} weeks" if found["count"] > 1 else "in the week"
    if found["kind"] == "month":
        return f"in {found['label']}"
    days = (found["end"] - found["start"]).days + 1
    return DURING.get(found["kind"], f"in these {days} days")


def _soreness(found: dict, first_day, days: list, history: History, months=()) -> dict:
    """The soreness story (see ``insight.soreness_story``) with the period's daily scores."""
    mornings = [d["morning"] for d in days if d["morning"] is not None]
    first, last, before_name = previous_period(found)
    before = _mornings(history, first, last)
    # a mean over a few days of a long stretch says which days were scored, not the stretch
    share = rule("report_before_min_share") * ((last - first).days + 1)
    needed = max(rule("trend_min_scores"), -int((1e-9 - share) // 1))  # share rounded up
    block = {
        "days": [{"date": d["date"], "morning": d["morning"], "after": d["after"]} for d in days]
    }
    block.update(
        insight.soreness_story(
            _during(found),
            mornings,
            {
                "name": before_name,
                "scores": before,
                "needed": needed,
                "first_week": first == first_day and (last - first).days == 6,
            },
            {
                "start": first_day.isoformat() if first_day else None,
                "scores": _first_week(history, first_day),
                # the first week is the baseline: a period holding most of it is not compared
                # with it (a day or three of overlap barely moves a mean of weeks)
                "in_period": first_day is not None
                and found["start"] <= first_day + timedelta(days=rule("first_week_overlap_days")),
            },
            months,
        )
    )
    return block


def _messages(soreness: dict) -> list:
    """A lighter week when mornings rose on the period before (trend_worse_points)."""
    least = rule("trend_min_scores")
    change = soreness["change"]  # None unless the period before holds enough scores
    if change is None or soreness["count"] < least or soreness["previous_count"] < least:
        return []
    if change >= rule("trend_worse_points"):
        return [
            f"Morning soreness rose {change:.1f} points on {soreness['previous_name']}: make "
            "the coming week lighter (fewer sets, easier variants)."
        ]
    return []


def build_period_report(
    catalog,
    found: dict,
    today: date,
    first_day: date | None,
    statuses: dict,
    sets: dict | None,
    marks: dict,
    totals: list,
    soreness: list,
    flags: list = (),
    in_force: list = (),
    plan: dict | None = None,
    month_sets: dict | None = None,
) -> dict:
    """The report object for the period ``found`` (see :func:`period`), as of ``today``.

    ``statuses``: {ISO day: plan status} for :func:`needed_days`; ``sets``: {ISO day: sets
    logged} (None for a year, whose ``month_sets`` are {YYYY-MM: sets} instead); ``marks``:
    {ISO day: (run sets, run km, run minutes, strength entries)}; ``totals``:
    (exercise, unit, side, sets, amount) sums for the period; ``soreness``: every score from the
    start of :func:`previous_period` to the day after the period, and of the first week;
    ``flags``: flag rows raised or cleared in the period, ``in_force`` those that may be in
    force today; ``plan``: today's plan, for its doses.
    """
    history = History([], soreness)
    start, end = found["start"], found["end"]
    days = _day_rows(found, today, first_day, statuses, sets, marks, history)
    counted = [d for d in days if d["counted"]]
    planned = sum(d["planned"] for d in counted)
    done = sum(d["done"] for d in counted)
    weeks: list = []
    for day in days:
        if not weeks or date.fromisoformat(day["date"]).weekday() == 0:
            weeks.append([])
        weeks[-1].append(day)
    months: dict = {}
    if found["kind"] == "year":
        for day in days:
            months.setdefault(day["date"][:7], []).append(day)
    month_rows = [_group(rows, key) for key, rows in months.items()]
    for row in month_rows:
        row["sets"] = (month_sets or {}).get(row["month"], 0)
    sore = _soreness(found, first_day, days, history, month_rows)
    last = min(end, today)
    first_iso, end_iso = start.isoformat(), end.isoformat()
    period_scores = [s for s in soreness if first_iso <= s["day"] <= end_iso]
    flag_rows = week_flags(catalog, flags)
    result = {
        "period": {
            "kind": found["kind"],
            "start": start.isoformat(),
            "end": end.isoformat(),
            "today": today.isoformat(),
            "label": found["label"],
        },
        "start": start.isoformat(),
        "end": end.isoformat(),
        "first_day": first_day.isoformat() if first_day else None,
        "days": days,
        "weeks": [_group(rows) for rows in weeks],
        "adherence": {
            "planned": planned,
            "done": done,
            "percent": 100 * done / planned if planned else None,
        },
        "streak": _streaks(statuses, last, today, streak_lookback(found, today)),
        "active": _active_days(days, statuses, last, today, streak_lookback(found, today)),
        "exercises": _totals(catalog, totals),
        "soreness": sore,
        "insight": {
            "minimum": insight.minimum(),
            "course": insight.course(first_day, last, sore),
            "running": insight.running(days, history.morning),
            "strength": insight.strength(days, history.morning),
            "sides": insight.sides(catalog, totals, period_scores),
            "flags": flag_rows,
        },
        "doses": _doses(plan),
        "messages": _messages(sore),
        "flags": flag_rows,
        "pause": _pause(in_force, today),
    }
    if found["kind"] == "year":
        result["months"] = month_rows
    return result


def _doses(plan: dict | None) -> list:
    if not plan:
        return []
    return [
        {
            "exercise": item["exercise"],
            "name": item["name"],
            "block": item["block"],
            "sets": item["sets"],
            "amount": item["amount"],
            "unit": item["unit"],
            "sides": item["sides"],
        }
        for item in plan["items"]
    ]
