"""Is it helping? The insight block of a report: morning soreness against the period before and
the first week, the weeks since the start against the usual course, next-morning soreness after
runs and after strength days, left against right.

Pure functions of rows already read; every comparison carries the counts behind it and says "not
enough data yet" below the minimum in rules.py.
"""

from __future__ import annotations

from glutelog.output import units
from glutelog.output.render import one_decimal as _num
from glutelog.output.render import signed
from glutelog.parsing import plural
from glutelog.planner.history import EPSILON, course_verdict, meaningful_change
from glutelog.rules import rule
from glutelog.stdlib import date, timedelta


def mean(values: list) -> float | None:
    return sum(values) / len(values) if values else None


def _change_words(change: float, what: str, before: float, count: int, tail: str = "") -> str:
    """``2.2 lower than the week before (4.7, 3 scores)``: a change and what it is against."""
    amount = _num(abs(change))
    against = f"({_num(before)}, {plural(count, 'score')}{tail})"
    if amount == "0":
        return f"the same as {what} {against}"
    return f"{amount} {'lower' if change < 0 else 'higher'} than {what} {against}"


def _verdict(before: float, now: float) -> str:
    kind = meaningful_change(before, now)
    if kind is None:
        return ""
    return ", a meaningful improvement" if kind == "fall" else ", a meaningful rise"


def soreness_story(
    during: str,
    mornings: list,
    before: dict,
    first_week: dict,
    months: list = (),
) -> dict:
    """The report's one account of morning soreness, worked out once and said the same by
    every format: the period's mean; the period before, only when it holds enough scored
    mornings (``before["needed"]``: trend_min_scores, and report_before_min_share of its
    days); the first week, unless the period holds most of it (first_week_overlap_days).
    ``during``: the period in words ("in the week"); ``before``: {"name", "scores", "needed",
    "first_week": whether it is the first week's very days}; ``first_week``: {"start",
    "scores", "in_period"}; ``months``: a year's month rows, whose first and last scored
    months are said too.

    e.g. "Morning soreness averaged 2.7 in the week (3 scores): 2.2 lower than the week before
    (4.9, 7 scores), a meaningful improvement; 3.1 lower than your first week (5.8, 7 scores
    from 2026-10-19), a meaningful improvement."
    """
    least = rule("trend_min_scores")
    now, previous, baseline = mean(mornings), mean(before["scores"]), mean(first_week["scores"])
    enough = len(mornings) >= least
    compared = enough and len(before["scores"]) >= before["needed"]
    from_first = enough and not first_week["in_period"] and len(first_week["scores"]) >= least
    story = {
        "mean": now,
        "count": len(mornings),
        "previous_name": before["name"],
        "previous_mean": previous,
        "previous_count": len(before["scores"]),
        "previous_needed": before["needed"],
        "change": now - previous if compared else None,
        "first_week_start": first_week["start"],
        "first_week_mean": baseline,
        "first_week_count": len(first_week["scores"]),
        "first_week_in_period": first_week["in_period"],
        "change_from_first": now - baseline if from_first else None,
        "statement": None,
    }
    story.update(_months(months))
    if now is None:
        return story
    head = f"Morning soreness averaged {_num(now)} {during} ({plural(len(mornings), 'score')})"
    if not enough:
        story["statement"] = f"{head}: not enough data yet to judge a change ({least} needed)."
        return story
    parts = []
    # the period before may be the first week itself: said once, as both
    same = compared and from_first and before.get("first_week", False)
    if compared:
        tail = "), your first week" if same else ""
        words = _change_words(now - previous, before["name"], previous, len(before["scores"]))
        parts.append((words[:-1] + tail if same else words) + _verdict(previous, now))
    elif before["scores"]:
        parts.append(
            f"only {plural(len(before['scores']), 'score')} in {before['name']}, too few to "
            f"compare ({before['needed']} needed)"
        )
    if from_first and not same:
        parts.append(
            _change_words(
                now - baseline,
                "your first week",
                baseline,
                len(first_week["scores"]),
                f" from {first_week['start']}",
            )
            + _verdict(baseline, now)
        )
    elif not from_first and first_week["scores"] and not first_week["in_period"]:
        parts.append(
            f"only {plural(len(first_week['scores']), 'score')} in your first week, too few to "
            f"compare ({least} needed)"
        )
    if story.get("month_change") is not None:
        parts.append(
            f"by month {_num(story['first_mean'])} in {story['first_month']} (the first with "
            f"scores) and {_num(story['last_mean'])} in {story['last_month']} (the last)"
        )
    story["statement"] = head + (": " + "; ".join(parts) if parts else "") + "."
    return story


def _months(months: list) -> dict:
    """A year's own soreness keys: the first month with scores and the last."""
    if not months:
        return {}
    scored = [m for m in months if m["morning_mean"] is not None]
    first, last = (scored[0], scored[-1]) if scored else (None, None)
    return {
        "first_month": first and first["month"],
        "first_mean": first and first["morning_mean"],
        "last_month": last and last["month"],
        "last_mean": last and last["morning_mean"],
        "month_change": last["morning_mean"] - first["morning_mean"]
        if first and last and first is not last
        else None,
    }


def course(first_day: date | None, as_of: date, story: dict) -> dict:
    """Weeks since the first log against the usual 4-6 week course, judged on the report's one
    first-week comparison (see ``soreness_story``), whose numbers it does not repeat: past the
    review point (review_after_days) with no meaningful fall, the review statement, unless both
    are mild ("mild and steady", see ``history.course_verdict``)."""
    low, high = rule("course_usual_weeks")
    row = {"weeks_since_start": None, "usual_min": low, "usual_max": high, "statement": None}
    if first_day is None or first_day > as_of:
        row["statement"] = "Nothing logged yet: the weeks are counted from your first entry."
        return row
    days = (as_of - first_day).days
    weeks = days // 7
    row["weeks_since_start"] = weeks
    since = f"since you started on {first_day.isoformat()}"
    judged = story["change_from_first"] is not None
    verdict = course_verdict(story["first_week_mean"], story["mean"]) if judged else None
    if days < rule("review_after_days"):
        if weeks < low:
            row["statement"] = (
                f"Week {weeks + 1} {since}: sciatica usually eases within {low}-{high} weeks."
            )
        elif verdict == "better":
            # said as soon as it is true, not left as something to watch for
            row["statement"] = (
                f"{weeks} weeks {since}: mornings are a real improvement on your first week "
                "already."
            )
        else:
            row["statement"] = (
                f"{weeks} weeks {since}: within the usual {low}-{high} weeks, worth watching "
                "for a clear fall in morning soreness."
            )
        return row
    if not judged:
        why = (
            "this period holds your first week, so it cannot be measured against it"
            if story["first_week_in_period"]
            else "not enough morning scores to compare with your first week "
            f"({rule('trend_min_scores')} needed in each)"
        )
        row["statement"] = f"{weeks} weeks {since}: {why}."
    elif verdict == "better":
        row["statement"] = (
            f"{weeks} weeks {since}: mornings are a real improvement on your first week."
        )
    elif verdict == "mild":
        # a mild start that stays mild has not failed to improve (review_mild_max)
        row["statement"] = f"{weeks} weeks {since}: mornings mild and steady since your first week."
    else:
        row["statement"] = (
            f"After {weeks} weeks mornings are not a real improvement on your first week: time "
            "for a review with a physiotherapist or GP."
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
        f"left {units.duration(left['holds_seconds'])} of holds and {_num(left['reps'])} reps, "
        f"right {units.duration(right['holds_seconds'])} and {_num(right['reps'])} reps"
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
