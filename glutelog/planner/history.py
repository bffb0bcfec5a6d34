"""What the planner knows of the past: sets and soreness by day, the soreness zone of each day
and the weekly trend of morning scores. Pure: built from lists, never from the database.
"""

from __future__ import annotations

from glutelog.rules import rule
from glutelog.rules import said as rule_words
from glutelog.stdlib import date, timedelta


class History:
    """Entries and soreness grouped by day, for fast look-ups while planning many days.

    ``earlier``: slugs with a set logged before the entries given (so a first session in the
    window is known to continue earlier work); ``first_day`` and ``baseline``: the first day
    anything was logged and the mean morning score of the first week, for the 6-week review;
    ``last_morning``: (day, score) of the last morning score before the scores given, so a flare
    long ago with no score since still counts.
    """

    def __init__(
        self,
        entries: list,
        soreness: list,
        earlier=(),
        first_day: str | None = None,
        baseline: float | None = None,
        last_morning: tuple | None = None,
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
        self.last_morning = tuple(last_morning) if last_morning else None
        self._scored: list | None = None  # the days with a morning score, sorted, when needed
        # Weekly trends and deload weeks depend on the morning scores alone: worked out once
        # for every plan made from this history (a report plans many days from one).
        self.trends: dict = {}
        self.deloads: dict = {}

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
        before = [s for s in soreness if s["timing"] == "morning" and s["day"] < start]
        last_morning = None
        if before:
            day = max(s["day"] for s in before)
            last_morning = (day, max(s["score"] for s in before if s["day"] == day))
        return cls(
            [e for e in entries if e["day"] >= start],
            [s for s in soreness if s["day"] >= start],
            earlier={e["exercise"] for e in entries if e["day"] < start},
            first_day=first_day,
            baseline=baseline,
            last_morning=last_morning,
        )

    def assume_morning(self, day: date, score: int) -> None:
        """Take ``score`` as ``day``'s morning score, unless one was logged: what a projection
        assumes ("soreness stays as it is")."""
        iso = day.isoformat()
        if iso not in self.morning:
            self.morning[iso] = score
            self._scored = None

    def add(self, entry: dict) -> None:
        self.by_day.setdefault(entry["day"], []).append(entry)
        self.by_exercise.setdefault((entry["day"], entry["exercise"]), []).append(entry)

    def day(self, day: date) -> list:
        return self.by_day.get(day.isoformat(), [])

    def morning_before(self, day: date) -> tuple | None:
        """(day, score) of the last morning score before ``day``, however long ago, or None.

        >>> History([], [{"day": "2026-11-20", "timing": "morning", "score": 8}]).morning_before(
        ...     date(2026, 11, 24))
        ('2026-11-20', 8)
        """
        from bisect import bisect_left

        if self._scored is None:
            self._scored = sorted(self.morning)
        iso = day.isoformat()
        index = bisect_left(self._scored, iso)
        if index:
            found = self._scored[index - 1]
            return found, self.morning[found]
        if self.last_morning is not None and self.last_morning[0] < iso:
            return self.last_morning
        return None


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
# A reason is [words, limit, rule]: the words say what was seen ("morning soreness 6"), the limit
# says it plainly for people ("6 or more"), the rule names the row of rules.py behind it for
# `plan --explain` and JSON. ``said`` and ``explained`` give the two texts.


def said(reason: list) -> str:
    """A reason in plain words: ``morning soreness 6 (soreness 6 or more)``."""
    words, limit, _ = reason
    return f"{words} ({limit})" if limit else words


def explained(reason: list) -> str:
    """A reason with its rule and the rule's value: ``morning soreness 6 (red_min 6)``."""
    words, _, name = reason
    return f"{words} ({name} {rule(name)})" if name else words


SEVERITY = {"green": 0, "amber": 1, "unknown": 1, "red": 2, "flare": 3}


def score_zone(morning: int) -> tuple[str, list]:
    """The zone of a morning score, and why: ``score_zone(6)[0] == "red"``."""
    if morning >= rule("flare_min"):
        return "flare", [[f"morning soreness {morning}", rule_words("flare_min"), "flare_min"]]
    if morning >= rule("red_min"):
        return "red", [[f"morning soreness {morning}", rule_words("red_min"), "red_min"]]
    if morning > rule("green_max"):
        return "amber", [[f"morning soreness {morning}", f"above {rule('green_max')}", "green_max"]]
    return "green", [[f"morning soreness {morning}", None, None]]


class Context:
    """One plan's view of the history, with memoised zones and trends (shared across days when a
    report plans many days)."""

    def __init__(self, catalog, history: History, settings: dict, zones: dict | None):
        self.catalog = catalog
        self.history = history
        self.settings = settings
        self.zones = {} if zones is None else zones
        self.trends = history.trends
        self.deloads = history.deloads

    # The zone of a day, from that day's own morning score (None when it has none). A rise on
    # the morning before is not a zone: it belongs to the work done in between (``lighter``).
    def morning_zone(self, day: date) -> tuple[str, list] | None:
        morning = self.history.morning.get(day.isoformat())
        return None if morning is None else score_zone(morning)

    def zone(self, day: date) -> tuple[str, list]:
        """The soreness zone that governs the plan for ``day``, and why (a list of reasons)."""
        found = self.zones.get(day)
        if found is not None:
            return found
        own = self.morning_zone(day)
        zone, reasons = own if own is not None else self._carried(day)
        after = self.history.after.get((day - timedelta(days=1)).isoformat())
        if after is not None and zone != "flare":
            if after > rule("green_max"):
                # a calm morning is no reason for the zone the after-score sets
                reasons = [r for r in reasons if r[1] or r[2]]
            if after >= rule("red_min"):
                zone = "red"
                reasons = [
                    *reasons,
                    [
                        f"soreness {after} after yesterday's session",
                        rule_words("red_min"),
                        "red_min",
                    ],
                ]
            elif after > rule("green_max") and zone in ("green", "unknown"):
                zone = "amber"
                reasons = [
                    *reasons,
                    [
                        f"soreness {after} after yesterday's session",
                        f"above {rule('green_max')}",
                        "green_max",
                    ],
                ]
        self.zones[day] = (zone, reasons)
        return zone, reasons

    def _carried(self, day: date) -> tuple[str, list]:
        """The zone of a day with no morning score. After a red or flare day it stays at that
        level until a score is logged, however long that takes: missing information never
        returns the full load. A green or amber zone stands for ``score_lookback_days``; after
        that the zone is unknown (planned like amber, asking for a score)."""
        lookback = rule("score_lookback_days")
        last = self.history.morning_before(day)
        if last is None:
            return "unknown", [["no morning score yet", None, "score_lookback_days"]]
        scored = date.fromisoformat(last[0])
        zone, reasons = score_zone(last[1])
        # an after-score at the red limit made the day after it red, and that stands too
        yesterday = (day - timedelta(days=1)).isoformat()
        red_after = [
            (d, score)
            for d, score in self.history.after.items()
            if last[0] <= d < yesterday and score >= rule("red_min")
        ]
        since = f"no morning score since {last[0]}"
        if red_after and SEVERITY[zone] < SEVERITY["red"]:
            d, score = max(red_after)
            limit = rule_words("red_min")
            return "red", [
                [f"{since}; soreness {score} after the session on {d}", limit, "red_min"]
            ]
        if zone in ("red", "flare"):
            return zone, [[f"{since}, when it was {last[1]}", r[1], r[2]] for r in reasons]
        if (day - scored).days <= lookback:
            return zone, [
                [f"no morning score yet; {r[0]} on {last[0]}", r[1], r[2]] for r in reasons
            ]
        return "unknown", [
            [f"no morning score in the last {lookback} days", None, "score_lookback_days"]
        ]

    # --- the work of a session: the next-morning rule and lighter sessions ------------------------

    def morning_rise(self, day: date) -> tuple | None:
        """(before, after): the morning before a session on ``day`` (that day's, or the last one
        in the ``score_lookback_days`` before it) and the morning after it; None when either
        is not known. The next-morning rule of the pain-monitoring model compares the two."""
        after = self.history.morning.get((day + timedelta(days=1)).isoformat())
        if after is None:
            return None
        for back in range(rule("score_lookback_days") + 1):
            before = self.history.morning.get((day - timedelta(days=back)).isoformat())
            if before is not None:
                return before, after
        return None

    def rose_after(self, day: date) -> bool:
        """Whether the morning after a session on ``day`` was higher than the morning before it
        (any rise): then that session does not count as a good one."""
        pair = self.morning_rise(day)
        return pair is not None and pair[1] - pair[0] >= rule("next_morning_any_rise")

    def last_session(self, day: date, slugs) -> date | None:
        """The last day before ``day`` (in the weeks progression looks back over) on which any
        of ``slugs`` was done."""
        for back in range(1, rule("progress_window_days") + 1):
            earlier = day - timedelta(days=back)
            iso = earlier.isoformat()
            if any(self.history.by_exercise.get((iso, slug)) for slug in slugs):
                return earlier
        return None

    def lighter(self, day: date, slugs) -> dict | None:
        """Why the next session of a kind of work (``slugs``: the strength exercises, or one
        stretch's ladder) is lighter when it falls on ``day``, or None.

        It is lighter when the last session of that work before ``day`` had an after-session
        score at the red limit, or the morning after it rose ``next_morning_rise_lighter`` or
        more above the morning before it. Being about the last session, it stands until the
        work is done again, whatever day that is.

        >>> ctx.lighter(date(2026, 11, 24), {"glute-bridge"})
        {'day': '2026-11-22', 'rule': 'red_min', 'words': 'soreness 7 after the session on 2026-11-22 (soreness 6 or more)'}
        """
        last = self.last_session(day, slugs)
        if last is None:
            return None
        iso = last.isoformat()
        after = self.history.after.get(iso)
        if after is not None and after >= rule("red_min"):
            words = f"soreness {after} after the session on {iso} ({rule_words('red_min')})"
            return {"day": iso, "rule": "red_min", "words": words}
        pair = self.morning_rise(last)
        if pair is not None and pair[1] - pair[0] >= rule("next_morning_rise_lighter"):
            size = rule("next_morning_rise_lighter")
            words = (
                f"morning soreness rose from {pair[0]} to {pair[1]} after the session on {iso} "
                f"(a rise of {size} or more)"
            )
            return {"day": iso, "rule": "next_morning_rise_lighter", "words": words}
        return None

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
        """The first day of the deload week in force on ``day``, if any.

        A deload week starts on a day whose 7-day mean of mornings is ``trend_worse_points`` or
        more above the week before, unless one is in force already, and lasts ``deload_days``
        from that day whatever the mornings do in it: its end never moves. The days are walked
        from the first one whose trend the plan's history holds (``history_start``), so the
        same day always gives the same week.
        """
        if day in self.deloads:
            return self.deloads[day]
        length = rule("deload_days")
        walk = (day - history_start(day)).days - 13  # a trend reads 14 days of mornings
        start = None
        for back in range(walk, -1, -1):
            current = day - timedelta(days=back)
            if start is not None and (current - start).days < length:
                continue
            change = self.trend(current)
            worse = change is not None and change >= rule("trend_worse_points") - EPSILON
            start = current if worse else None
        self.deloads[day] = start
        return start


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
