"""Every number the planner and the checks use, in one table, each with where it comes from.

Change a rule here and nowhere else. ``glutelog rules`` prints this table.
Values marked "design choice" are not published cut-offs: they are reasonable defaults that
glutelog picked and documents as such.
"""

# name: (value, source)
RULES = {
    # Scheduling
    "strength_gap_days": (
        2,
        "ACSM position stand 2009: strength 2-3 days a week on non-consecutive days (~48 h apart)",
    ),
    "long_run_minutes": (90, "design choice: a run this long yesterday moves strength to tomorrow"),
    "long_run_km": (15.0, "design choice: a run this far yesterday moves strength to tomorrow"),
    # Soreness zones, 0-10 scale (morning = on waking, after = after a session)
    "green_max": (3, "Silbernagel 2007 pain-monitoring model: 0-2 safe, up to ~3 fine"),
    "amber_max": (5, "Silbernagel 2007: 3-5 acceptable during/after activity, >5 too much"),
    "red_min": (6, "Silbernagel 2007: pain above 5 is too much; deload"),
    "flare_min": (8, "design choice: a morning score of 8+ means recovery only"),
    "morning_jump": (
        2,
        "Farrar 2001: a 2-point change on the 0-10 scale is meaningful; a morning this much "
        "above the previous one means yesterday was too much",
    ),
    "morning_jump_floor": (
        4,
        "design choice: a 2-point jump counts only when the morning is above the green band",
    ),
    "flare_mornings_for_clinician": (
        3,
        "design choice: 3 flare mornings in a week -> see a clinician",
    ),
    "flare_lookback_days": (7, "design choice: window for counting flare mornings"),
    # Weekly trend of mean morning soreness
    "trend_worse_points": (1.0, "design choice: weekly mean up 1 point or more -> deload week"),
    "trend_better_points": (2.0, "Farrar 2001: about 2 points is a meaningful improvement"),
    "trend_better_fraction": (0.30, "Farrar 2001 / Salaffi 2004: about 30% is meaningful"),
    # Progression (double progression, "2-for-2")
    "progress_sessions": (
        2,
        "ACSM 2009 / NSCA 2-for-2 rule: beat the target in 2 sessions running",
    ),
    "progress_min_days": (7, "design choice: at most one step per exercise every 7 days"),
    "progress_window_days": (
        28,
        "design choice: progression is worked out from the last 4 weeks of sessions",
    ),
    "rep_range": ((8, 12), "ACSM 2009: 8-12 repetitions for healthy adults"),
    "max_sets": (3, "ACSM 2009: 1-3 sets for novices; glutelog stops adding sets at 3"),
    "hold_step_seconds": (5, "design choice: holds grow 5 s at a time"),
    "hold_max_seconds": (30, "Bandy & Irion 1994/1997: a 30 s hold is as good as longer ones"),
    "hold_max_sets": (4, "Garber 2011 (ACSM): 2-4 repetitions of each stretch"),
    "lengths_max": (4, "design choice: band walks grow to 4 lengths"),
    "long_run_combined_fraction": (
        0.85,
        "design choice: a run logged with both distance and time is long when each reaches "
        "this share of its limit (14 km in 80 min is long; 10 km in 60 min is not)",
    ),
    # Every pain signal counts (one set of thresholds: the zones above)
    "score_lookback_days": (
        3,
        "design choice: with no morning score yet, the most recent zone of the last 3 days "
        "stands; older than that, the zone is unknown and the plan holds its doses",
    ),
    "after_red_sessions": (
        2,
        "domain rule (Silbernagel 2007 model): an after-session score at the red limit in 2 "
        "sessions of an exercise steps it down to its easier variant",
    ),
    "first_dose_steps": (
        1,
        "design choice: a first logged dose above the plan counts for at most one step",
    ),
    "stretch_every_day": (7, "ACSM 2021 / Garber 2011: stretching daily is most effective"),
    "affected_side_extra_sets": (
        1,
        "design choice: the affected side gets one extra set of its stretches and releases",
    ),
    # Weekly trend of morning soreness: deload, review, maintenance
    "trend_min_scores": (
        3,
        "design choice: a week with fewer morning scores than this gives no trend",
    ),
    "deload_days": (7, "design choice: a week of rising mornings holds progression for 7 days"),
    "trend_baseline_min": (
        3,
        "Farrar 2001: a 30% fall is meaningful only from a baseline of at least 3 points",
    ),
    "review_after_days": (
        42,
        "NHS 'Sciatica': usually better in 4-6 weeks; see a doctor if not improving",
    ),
    "maintenance_calm_days": (
        14,
        "domain rule: after 2 weeks of mornings at 2 or less, offer a maintenance routine",
    ),
    "maintenance_calm_max": (2, "domain rule: a morning of 2 or less counts as calm"),
    "maintenance_min_mornings": (
        10,
        "design choice: at least 10 of those 14 mornings must have a score",
    ),
    "no_band_swap": (
        1,
        "design choice: with `config band no`, each banded exercise is swapped one step, to its "
        "no_band or easier variant in the catalog",
    ),
    "max_day_minutes": (240, "design choice: `plan --minutes` takes up to 4 hours"),
    "max_plan_days": (28, "design choice: `plan --days` looks at most 4 weeks ahead"),
    "calendar_days": (7, "design choice: `calendar` exports a week of plan days by default"),
    # Sanity limits on what can be logged
    "max_reps": (1000, "design choice: more than 1,000 reps in one set is a typo"),
    "max_seconds": (4 * 3600, "design choice: more than 4 hours in one set is a typo"),
    "max_km": (300.0, "design choice: more than 300 km in one go is a typo"),
    "max_lengths": (1000, "design choice: more than 1,000 lengths is a typo"),
    "max_sets_logged": (50, "design choice: more than 50 sets in one line is a typo"),
    "max_note_chars": (2000, "design choice: notes are short remarks, not documents"),
    "max_row_id": (
        2**53,
        "design choice: ids of imported sets and scores go from 1 to 2^53, the largest whole "
        "number every JSON reader keeps exactly; SQLite's ids go to 2^63 - 1, so ids made "
        "after an import never run out",
    ),
    "max_import_bytes": (
        512 * 2**20,
        "design choice: `import` refuses a file above 512 MiB; an export of 20 years of heavy "
        "use (40 sets a day) is about 70 MB, or 150 MB as older versions indented it",
    ),
    "max_catalog_bytes": (
        1_000_000,
        "design choice: a catalog file is refused above 1 MB (the built-in one is about 26 KB), "
        "so a huge or endless file cannot slow every command down",
    ),
    # Reports
    "streak_lookback_days": (
        56,
        "design choice: streaks are counted over the 8 weeks before the report's last day",
    ),
    "report_min_days": (
        3,
        "design choice: a comparison of next-morning soreness (after runs, after strength) "
        "needs at least 3 mornings on each side, else it says there is not enough data yet",
    ),
    "side_min_sets": (
        3,
        "design choice: left and right are compared once each side has at least 3 sets",
    ),
    "side_lag_fraction": (
        0.20,
        "design choice: a side lags when its holds or reps are at least 20% below the other's",
    ),
    "course_usual_weeks": (
        (4, 6),
        "NHS 'Sciatica': usually better in 4-6 weeks",
    ),
    "max_report_weeks": (104, "design choice: `report --weeks` goes back at most two years"),
    "max_report_days": (
        3 * 366,
        "design choice: `report --since` covers at most about three years",
    ),
    "history_default_days": (14, "design choice: `history` shows two weeks unless told otherwise"),
    # Older adults (`glutelog config older-adult yes`)
    "older_adult_rep_range": ((10, 15), "ACSM 2009: 10-15 repetitions for older adults"),
    "older_adult_hold_max_seconds": (
        60,
        "ACSM 2009 / Garber 2011: older adults hold stretches 30-60 s",
    ),
    # Maintenance schedule floors (`glutelog config strength-days` / `stretch-days`)
    "maintenance_strength_per_week": (
        2,
        "ACSM 2009: strength at least 2 days a week (domain notes, maintenance floor)",
    ),
    "maintenance_stretch_per_week": (
        3,
        "ACSM 2021 / Garber 2011: stretching at least 2-3 days a week; glutelog keeps 3 "
        "(domain notes, maintenance floor)",
    ),
    # Red flags (see redflags.py)
    "tingling_days": (
        14,
        "design choice (domain: a stretch that provokes tingling is set aside for 14 days): "
        "the day it was flagged counts as day 1, the exercise is back on day 15",
    ),
}


def rule(name: str):
    """The value of one rule, e.g. ``rule("strength_gap_days") == 2``."""
    return RULES[name][0]
