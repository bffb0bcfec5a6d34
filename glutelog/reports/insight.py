"""Is it helping? The insight block of a report: morning soreness against the period before and
the first week, the weeks since the start against the usual course, next-morning soreness after
runs and after strength days, left against right.

Pure functions of rows already read; every comparison carries the counts behind it and says "not
enough data yet" below the minimum in rules.py.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.output.render import one_decimal as _num
from glutelog.output.render import signed
from glutelog.parsing import plural
from glutelog.planner.history import EPSILON, course_verdict, meaningful_change
from glutelog.rules import rule


def mean(values: list) -> float | None:
    return sum(values) / len(values) if values else None


def soreness_statement(
    mean_now: float | None,
    count: int,
    comparisons: list,
) -> str | None:
    """The meaningful-change statement: ``comparisons`` are (what, mean, count) to judge
    ``mean_now`` against, e.g. ("the week before", 4.7, 5). None when nothing moved enough."""
    least = rule("trend_min_scores")
    if mean_now is None:
        return None
    if count < least:
        return (
            f"Morning soreness: not enough data yet to judge a change ({plural(count, 'morning score')}; "
            f"{least} needed)."
        )
    parts = []
    for what, before, before_count in comparisons:
        if before is None or before_count < least:
            continue
        kind = meaningful_change(before, mean_now)
        if kind is None:
            continue
        verdict = "a meaningful improvement" if kind == "fall" else "a meaningful rise"
        word = "down" if kind == "fall" else "up"
        parts.append(
            f"{word} {plural(_num(abs(mean_now - before)), 'point')} on {what} ({_num(before)}), "
            f"{verdict}"
        )
    if not parts:
        return None
    return f"Morning soreness averages {_num(mean_now)}: " + "; ".join(parts) + "."


def course(first_day: date | None, as_of: date, recent: list, first_week: list) -> dict:
    """Weeks since the first log against the usual 4-6 week course; past the review point
    (review_after_days) with no meaningful fall on the first week, the review statement, unless
    both weeks are mild ("mild and steady", see ``history.course_verdict``).
    ``recent``: morning scores of the 7 days ending ``as_of``; ``first_week``: of the first 7."""
    low, high = rule("course_usual_weeks")
    row = {"weeks_since_start": None, "usual_min": low, "usual_max": high, "statement": None}
    if first_day is None or first_day > as_of:
        row["statement"] = "Nothing logged yet: the weeks are counted from your first entry."
        return row
    days = (as_of - first_day).days
    weeks = days // 7
    row["weeks_since_start"] = weeks
    since = f"since you started on {first_day.isoformat()}"
    least = rule("trend_min_scores")
    now, before = mean(recent), mean(first_week)
    enough = len(recent) >= least and len(first_week) >= least
    if days < rule("review_after_days"):
        if weeks < low:
            row["statement"] = (
                f"Week {weeks + 1} {since}: sciatica usually eases within {low}-{high} weeks."
            )
        elif enough and meaningful_change(before, now) == "fall":
            # said as soon as it is true, not left as something to watch for
            row["statement"] = (
                f"{weeks} weeks {since}: mornings average {_num(now)} against {_num(before)} "
                "in the first week, a real improvement already."
            )
        else:
            row["statement"] = (
                f"{weeks} weeks {since}: within the usual {low}-{high} weeks, worth watching "
                "for a clear fall in morning soreness."
            )
        return row
    if not enough:
        row["statement"] = (
            f"{weeks} weeks {since}: not enough data yet to compare with the first week "
            f"({plural(len(recent), 'morning score')} in the last 7 days, {len(first_week)} in "
            "the first "
            f"week; {least} needed in each)."
        )
    elif course_verdict(before, now) == "better":
        row["statement"] = (
            f"{weeks} weeks {since}: mornings average {_num(now)} against {_num(before)} in the "
            "first week, a real improvement."
        )
    elif course_verdict(before, now) == "mild":
        # a mild start that stays mild has not failed to improve (review_mild_max)
        row["statement"] = (
            f"{weeks} weeks {since}: mornings average {_num(now)} against {_num(before)} in the "
            "first week: mild and steady."
        )
    else:
        row["statement"] = (
            f"After {weeks} weeks mornings average {_num(now)} against {_num(before)} in the "
            "first week, not a real improvement: time for a review with a physiotherapist or GP."
        )
    return row


def next_morning(days: list, morning: dict, key: str, what: str) -> dict:
    """Next-morning soreness after days with ``key`` (run_sets, strength_entries) against other
    days, over the counted ``days`` of the period that have a score the morning after."""
    after_with, after_other = [], []
    if days:
        after_last = (date.fromisoformat(days[-1]["date"]) + timedelta(days=1)).isoformat()
        following_days = [row["date"] for row in days[1:]] + [after_last]
    else:
        following_days = []
    for row, following in zip(days, following_days, strict=True):
        if not row["counted"]:
            continue
        if following not in morning:
            continue
        (after_with if row[key] else after_other).append(morning[following])
    least = rule("report_min_days")
    with_mean, other_mean = mean(after_with), mean(after_other)
    enough = len(after_with) >= least and len(after_other) >= least
    found = {
        "days": len(after_with),
        "other_days": len(after_other),
        "after_mean": with_mean,
        "after_other_mean": other_mean,
        "difference": None if with_mean is None or other_mean is None else with_mean - other_mean,
        "enough": enough,
    }
    counts = f"{plural(len(after_with), what + ' day')} and {plural(len(after_other), 'other day')}"
    if enough:
        found["statement"] = (
            f"Mornings after {what} days average {_num(with_mean)}, after other days "
            f"{_num(other_mean)} ({signed(found['difference'])}; {counts})."
        )
    else:
        found["statement"] = (
            f"Soreness after {what} days: not enough data yet ({counts} with a score the next "
            f"morning; {least} of each needed)."
        )
    return found


def running(days: list, morning: dict) -> dict:
    return _named(next_morning(days, morning, "run_sets", "run"), "run")


def strength(days: list, morning: dict) -> dict:
    return _named(next_morning(days, morning, "strength_entries", "strength"), "strength")


def _named(found: dict, what: str) -> dict:
    """``next_morning``'s figures under the report's names: run_days, after_run_mean..."""
    return {
        f"{what}_days": found.pop("days"),
        "other_days": found.pop("other_days"),
        f"after_{what}_mean": found.pop("after_mean"),
        "after_other_mean": found.pop("after_other_mean"),
        **found,
    }


def sides(catalog, totals: list, soreness: list) -> dict:
    """Left against right: holds (seconds), reps and sets of the per-side exercises, and the
    soreness scored for each side. A set logged for both sides (or none) counts for each."""
    found = {
        side: {"holds_seconds": 0, "reps": 0, "sets": 0, "sore_mean": None, "sore_count": 0}
        for side in ("left", "right")
    }
    for slug, unit, side, sets, amount, *_ in totals:
        exercise = catalog.exercises.get(slug)
        if not exercise or not exercise["per_side"]:
            continue
        for name in ("left", "right"):
            if side in (name, "both", None):
                found[name]["sets"] += sets
                if unit == "seconds":
                    found[name]["holds_seconds"] += amount
                elif unit == "reps":
                    found[name]["reps"] += amount
    for name in ("left", "right"):
        scores = [row["score"] for row in soreness if row.get("side") == name]
        found[name]["sore_mean"] = mean(scores)
        found[name]["sore_count"] = len(scores)
    left, right = found["left"], found["right"]
    least = rule("side_min_sets")
    enough = left["sets"] >= least and right["sets"] >= least
    lagging = None
    # The side furthest behind on either measure, and by how much: "even" is said only when no
    # whole percent apart, so a gap under the lag threshold is still named (issue 18).
    behind, gap, measure_behind = None, 0.0, None
    if enough:
        share = 1 - rule("side_lag_fraction")
        for measure in ("holds_seconds", "reps"):
            low, high = sorted((left[measure], right[measure]))
            if high <= 0:
                continue
            if low <= high * share + EPSILON:
                lagging = "left" if left[measure] == low else "right"
                behind, gap, measure_behind = lagging, 1 - low / high, measure
                break
            if 1 - low / high > gap:
                behind = "left" if left[measure] == low else "right"
                gap, measure_behind = 1 - low / high, measure
    found["lagging"] = lagging
    found["enough"] = enough
    found["behind_percent"] = round(100 * gap) if enough else None
    work = (
        f"left {_num(left['holds_seconds'])} s of holds and {_num(left['reps'])} reps, right "
        f"{_num(right['holds_seconds'])} s and {_num(right['reps'])} reps"
    )
    if not enough:
        found["statement"] = (
            f"Left and right: not enough data yet ({plural(left['sets'], 'set')} on the left, "
            f"{right['sets']} on the right; {least} on each side needed)."
        )
    elif lagging:
        percent = round(100 * rule("side_lag_fraction"))
        found["statement"] = (
            f"The {lagging} side lags by {percent}% or more: {work}." + _side_soreness(left, right)
        )
    elif found["behind_percent"]:
        percent = round(100 * rule("side_lag_fraction"))
        on = "holds" if measure_behind == "holds_seconds" else "reps"
        found["statement"] = (
            f"Left and right are within {percent}% of each other: the {behind} side is "
            f"{found['behind_percent']}% behind on {on} ({work})." + _side_soreness(left, right)
        )
    else:
        found["statement"] = f"Left and right are even: {work}." + _side_soreness(left, right)
    return found


def _side_soreness(left: dict, right: dict) -> str:
    if left["sore_mean"] is None and right["sore_mean"] is None:
        return ""
    parts = [
        f"{name} {_num(row['sore_mean'])} ({plural(row['sore_count'], 'score')})"
        for name, row in (("left", left), ("right", right))
        if row["sore_mean"] is not None
    ]
    return " Soreness by side: " + ", ".join(parts) + "."


def minimum() -> dict:
    """The minimum counts behind the statements, as the report shows them."""
    return {
        "mornings": rule("trend_min_scores"),
        "days": rule("report_min_days"),
        "side_sets": rule("side_min_sets"),
    }
