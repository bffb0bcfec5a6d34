"""What the planner knows of the past: sets and soreness by day, the soreness zone of each day
and the weekly trend of morning scores. Pure: built from lists, never from the database.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.rules import rule


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


def logged_sets(entries: list, slug: str, per_side: bool) -> int:
    """Sets logged for ``slug``; for a per-side exercise, the sets done on the weaker side."""
    if not per_side:
        return sum(e["sets"] for e in entries if e["exercise"] == slug)
    sides = side_sets([e for e in entries if e["exercise"] == slug])
    return min(sides.values())


def side_sets(entries: list) -> dict:
    """{"left": n, "right": m}: a set logged for both sides (or no side) counts for each."""
    left = sum(e["sets"] for e in entries if e.get("side") in ("left", "both", None))
    right = sum(e["sets"] for e in entries if e.get("side") in ("right", "both", None))
    return {"left": left, "right": right}


# --- zones ---------------------------------------------------------------------------------------


class Context:
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


# Means of whole scores divided by counts land a hair off a boundary (14/5 - 4/5 is
# 1.9999999999999998): comparisons with a rule's boundary allow this much.
EPSILON = 1e-9


def meaningful_change(before: float, after: float) -> str | None:
    """ "fall" or "rise" when mean soreness moved from ``before`` to ``after`` by a real amount:
    2 points, or 30% from a baseline of at least 4 (Farrar 2001; the floor is a design choice,
    see trend_baseline_min); None otherwise. The one rule for the planner's week-6 review and
    the report's statements alike: ``meaningful_change(3, 2)`` is None (1 point)."""
    change = after - before
    points = abs(change) >= rule("trend_better_points") - EPSILON
    share = before >= rule("trend_baseline_min") and abs(change) >= (
        rule("trend_better_fraction") * before - EPSILON
    )
    if not (points or share) or change == 0:
        return None
    return "fall" if change < 0 else "rise"


def course_verdict(first: float, now: float) -> str:
    """How mean morning soreness ``now`` compares with the first week's, for the week-6
    review: "better" (a meaningful fall), "mild" (both weeks mild, with no meaningful rise: mild
    and steady, not a course that failed) or "no better" (time for a review).

    >>> course_verdict(4, 2), course_verdict(1, 0), course_verdict(4, 3)
    ('better', 'mild', 'no better')
    """
    change = meaningful_change(first, now)
    if change == "fall":
        return "better"
    mild = rule("review_mild_max") + EPSILON
    if change is None and first <= mild and now <= mild:
        return "mild"
    return "no better"


def meaningful_fall(first: float, last: float) -> bool:
    """Whether a fall in mean soreness from ``first`` to ``last`` is a real improvement."""
    return meaningful_change(first, last) == "fall"
