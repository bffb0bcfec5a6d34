"""The reports: a week (done against plan, totals per exercise, soreness trend, streaks) and a
year, month by month.

``build_report`` and ``build_year_report`` are pure functions: it is given the week's totals, the soreness scores and each
day's plan status (planned, done), and ``today``. ``plan_statuses`` works statuses out with the
planner; the command layer keeps past days' statuses in the database so a report does not re-plan
weeks of history every time.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog import redflags
from glutelog.planner import History, history_start, make_plan
from glutelog.rules import rule


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def status_days(start: date, today: date) -> list:
    """The days whose plan status the report for the week starting ``start`` needs."""
    last = min(start + timedelta(days=6), today)
    first = min(start, last - timedelta(days=rule("streak_lookback_days")))
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


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


def plan_statuses(
    catalog, history, settings: dict, days: list, flags_on=None, minutes=None
) -> dict:
    """Plan each of ``days`` (oldest first) from ``history`` and return {iso day: status};
    ``minutes``: {iso day: the time budget chosen for it}."""
    minutes = minutes or {}
    zones: dict = {}
    return {
        day.isoformat(): status(
            make_plan(
                catalog,
                [],
                [],
                today=day,
                zones=zones,
                history=history,
                settings=settings,
                flags=flags_on(day) if flags_on else (),
                minutes=minutes.get(day.isoformat()),
            )
        )
        for day in days
    }


def _mean(values: list) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_report(
    catalog,
    totals: list,
    soreness: list,
    statuses: dict,
    start: date,
    today: date,
    flags: list = (),
    in_force: list = (),
) -> dict:
    """The report for the Monday-Sunday week starting ``start``, as of ``today``.

    ``totals`` are (exercise, unit, side, sets, amount) sums for the week; ``soreness`` covers
    the week and the one before; ``statuses`` maps ISO days to their plan status. ``flags`` are
    the flag rows raised or cleared in the week, ``in_force`` those that may be in force today.
    """
    end = start + timedelta(days=6)
    days = []
    planned_total = done_total = 0
    for offset in range(7):
        day = (start + timedelta(days=offset)).isoformat()
        row = {"date": day, "planned": None, "done": None, "day_type": None}
        if day in statuses:
            row.update(statuses[day])
            planned_total += row["planned"]
            done_total += row["done"]
        days.append(row)

    history = History([], soreness)
    sore_days = []
    for offset in range(7):
        day = (start + timedelta(days=offset)).isoformat()
        sore_days.append(
            {"date": day, "morning": history.morning.get(day), "after": history.after.get(day)}
        )
    mean = _mean([d["morning"] for d in sore_days if d["morning"] is not None])
    before = [(start - timedelta(days=i)).isoformat() for i in range(1, 8)]
    previous = _mean([history.morning[d] for d in before if d in history.morning])
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "adherence": {
            "planned": planned_total,
            "done": done_total,
            "percent": round(100 * done_total / planned_total) if planned_total else None,
        },
        "streak": _streaks(statuses, min(end, today), today, rule("streak_lookback_days")),
        "exercises": _totals(catalog, totals),
        "soreness": {
            "days": sore_days,
            "mean": mean,
            "previous_mean": previous,
            "change": round(mean - previous, 1)
            if mean is not None and previous is not None
            else None,
        },
        "messages": _trend_messages(mean, previous),
        "flags": week_flags(catalog, flags),
        "pause": redflags.pause_message(redflags.active(in_force, today)) or None,
    }


def week_flags(catalog, rows: list) -> list:
    """Flags raised or cleared in a report's period, oldest first, for people and scripts."""
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
                    flag["symptom"], exercise["name"] if exercise else flag["exercise"]
                ),
                "exercise": flag["exercise"],
                "day": flag["day"],
                "until": flag["until"],
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
    rows: dict = {}
    for slug, unit, side, sets, amount in totals:
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
        for key in ("total", "left", "right"):
            row[key] = _tidy(row[key])
    return sorted(rows.values(), key=lambda r: (r["exercise"], r["unit"]))


def _complete(status: dict | None) -> bool:
    """A day that keeps a streak going: everything done, or a rest day, or a day paused by a
    red flag (seeking care is the plan then)."""
    if status and status["day_type"] in ("rest", "paused"):
        return True
    return bool(status and status["planned"] and status["done"] == status["planned"])


def _streaks(statuses: dict, last: date, today: date, lookback: int) -> dict:
    """Days in a row with every planned item done, within ``lookback`` days before ``last``.

    Today still in progress does not break the current streak.
    """
    complete = []
    for back in range(lookback, -1, -1):
        complete.append(_complete(statuses.get((last - timedelta(days=back)).isoformat())))
    longest = run = 0
    for ok in complete:
        run = run + 1 if ok else 0
        longest = max(longest, run)
    current = 0
    flags = complete[:-1] if (last == today and not complete[-1]) else complete
    for ok in reversed(flags):
        if not ok:
            break
        current += 1
    return {"current": current, "longest": longest, "lookback_days": lookback}


def _trend_messages(mean: float | None, previous: float | None) -> list:
    if mean is None or previous is None:
        return []
    change = mean - previous
    if change >= rule("trend_worse_points"):
        return [
            f"Morning soreness rose {change:.1f} points on last week: make this a lighter week "
            "(fewer sets, easier variants)."
        ]
    better = -change >= rule("trend_better_points")
    if better or (previous > 0 and -change / previous >= rule("trend_better_fraction")):
        return [f"Morning soreness fell {-change:.1f} points on last week: a real improvement."]
    return []


# --- the year ----------------------------------------------------------------------------------


def year_start(today: date) -> date:
    """The first day of the twelve calendar months ending with ``today``'s month."""
    month = today.year * 12 + today.month - 1 - 11
    return date(month // 12, month % 12 + 1, 1)


def year_status_days(start: date, today: date, first_logged: date | None) -> list:
    """The days a year report plans: from the first day anything was logged, up to today.

    Days before someone started using glutelog were not planned for them, so they do not count
    against adherence.
    """
    if first_logged is None or first_logged > today:
        return []
    first = max(start, first_logged)
    return [first + timedelta(days=i) for i in range((today - first).days + 1)]


def build_year_report(
    catalog, totals: list, soreness: list, statuses: dict, start: date, today: date
) -> dict:
    """Twelve calendar months from ``start`` up to ``today``, month by month.

    ``totals`` are (month, exercise, unit, side, sets, amount) sums; ``soreness`` covers the
    period; ``statuses`` maps ISO days to their plan status (days not planned are left out).
    """
    history = History([], soreness)
    months: list = []
    by_month: dict = {}
    month = start
    while month <= today:
        key = month.isoformat()[:7]
        row = {
            "month": key,
            "planned": 0,
            "done": 0,
            "percent": None,
            "days_planned": 0,
            "days_complete": 0,
            "sets": 0,
            "morning_mean": None,
        }
        months.append(row)
        by_month[key] = row
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    for day, found in statuses.items():
        row = by_month.get(day[:7])
        if row is None or not found["planned"]:
            continue
        row["planned"] += found["planned"]
        row["done"] += found["done"]
        row["days_planned"] += 1
        row["days_complete"] += _complete(found)
    mornings: dict = {}
    for day, value in history.morning.items():
        if day[:7] in by_month:
            mornings.setdefault(day[:7], []).append(value)
    for row in months:
        row["percent"] = round(100 * row["done"] / row["planned"]) if row["planned"] else None
        row["morning_mean"] = _mean(mornings.get(row["month"], []))
    for month_key, *_, sets, _amount in totals:
        if month_key in by_month:
            by_month[month_key]["sets"] += sets

    planned = sum(r["planned"] for r in months)
    done = sum(r["done"] for r in months)
    scored = [r for r in months if r["morning_mean"] is not None]
    first, last = (scored[0], scored[-1]) if scored else (None, None)
    return {
        "start": start.isoformat(),
        "end": today.isoformat(),
        "months": months,
        "adherence": {
            "planned": planned,
            "done": done,
            "percent": round(100 * done / planned) if planned else None,
        },
        "streak": _streaks(statuses, today, today, (today - start).days),
        "exercises": _totals(catalog, [row[1:] for row in totals]),
        "soreness": {
            "first_month": first and first["month"],
            "first_mean": first and first["morning_mean"],
            "last_month": last and last["month"],
            "last_mean": last and last["morning_mean"],
            "change": round(last["morning_mean"] - first["morning_mean"], 1)
            if first and last and first is not last
            else None,
        },
    }
