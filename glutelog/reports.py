"""The weekly report: done against plan, totals per exercise, soreness trend, streaks.

``build_report`` is a pure function of (catalog, entries, soreness, schedule, week start, today);
it plans each past day of the week with the planner to know what was planned.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.planner import History, make_plan
from glutelog.rules import rule


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def data_range(start: date) -> tuple[date, date]:
    """The days of history ``build_report`` needs for the week starting ``start``."""
    first = start - timedelta(days=rule("streak_lookback_days") + rule("progress_window_days") + 7)
    return first, start + timedelta(days=6)


def _mean(values: list) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def build_report(
    catalog, entries: list, soreness: list, schedule: str, start: date, today: date
) -> dict:
    """The report for the Monday-Sunday week starting ``start``, as of ``today``."""
    end = start + timedelta(days=6)
    history = History(entries, soreness)
    zones: dict = {}
    plans: dict = {}

    def plan_for(day: date) -> dict:
        if day not in plans:
            plans[day] = make_plan(
                catalog, entries, soreness, schedule, day, zones=zones, history=history
            )
        return plans[day]

    days = []
    planned_total = done_total = 0
    for offset in range(7):
        day = start + timedelta(days=offset)
        row = {"date": day.isoformat(), "planned": None, "done": None, "day_type": None}
        if day <= today:
            plan = plan_for(day)
            planned = len(plan["items"])
            done = sum(1 for item in plan["items"] if item["done"])
            row.update(planned=planned, done=done, day_type=plan["day_type"])
            planned_total += planned
            done_total += done
        days.append(row)

    exercises = _totals(
        catalog, [e for e in entries if start.isoformat() <= e["day"] <= end.isoformat()]
    )
    sore_days = [
        {
            "date": (start + timedelta(days=i)).isoformat(),
            "morning": history.morning.get((start + timedelta(days=i)).isoformat()),
            "after": history.after.get((start + timedelta(days=i)).isoformat()),
        }
        for i in range(7)
    ]
    mean = _mean([d["morning"] for d in sore_days if d["morning"] is not None])
    previous = _mean(
        [
            history.morning[(start - timedelta(days=i)).isoformat()]
            for i in range(1, 8)
            if (start - timedelta(days=i)).isoformat() in history.morning
        ]
    )
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "adherence": {
            "planned": planned_total,
            "done": done_total,
            "percent": round(100 * done_total / planned_total) if planned_total else None,
        },
        "streak": _streaks(plan_for, min(end, today), today),
        "exercises": exercises,
        "soreness": {
            "days": sore_days,
            "mean": mean,
            "previous_mean": previous,
            "change": round(mean - previous, 1)
            if mean is not None and previous is not None
            else None,
        },
        "messages": _trend_messages(mean, previous),
    }


def _totals(catalog, entries: list) -> list:
    rows: dict = {}
    for entry in entries:
        key = (entry["exercise"], entry["unit"])
        exercise = catalog.exercises.get(entry["exercise"])
        per_side = bool(exercise and exercise["per_side"])
        row = rows.setdefault(
            key,
            {
                "exercise": entry["exercise"],
                "name": exercise["name"] if exercise else entry["exercise"],
                "sets": 0,
                "total": 0,
                "unit": entry["unit"],
                "left": 0 if per_side else None,
                "right": 0 if per_side else None,
            },
        )
        amount = entry["sets"] * (entry["amount"] or 0)
        row["sets"] += entry["sets"]
        row["total"] += amount
        if per_side:
            if entry["side"] in ("left", "both", None):
                row["left"] += amount
            if entry["side"] in ("right", "both", None):
                row["right"] += amount
    for row in rows.values():
        for key in ("total", "left", "right"):
            if isinstance(row[key], float) and row[key] == int(row[key]):
                row[key] = int(row[key])
            elif isinstance(row[key], float):
                row[key] = round(row[key], 2)
    return sorted(rows.values(), key=lambda r: (r["exercise"], r["unit"]))


def _streaks(plan_for, last: date, today: date) -> dict:
    """Days in a row with every planned item done, within ``streak_lookback_days``.

    Today still in progress does not break the current streak.
    """
    lookback = rule("streak_lookback_days")
    complete = []
    for back in range(lookback, -1, -1):
        day = last - timedelta(days=back)
        plan = plan_for(day)
        complete.append(bool(plan["items"]) and all(item["done"] for item in plan["items"]))
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
    if -change >= rule("trend_better_points") or (
        previous > 0 and -change / previous >= rule("trend_better_fraction")
    ):
        return [f"Morning soreness fell {-change:.1f} points on last week: a real improvement."]
    return []
