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
    "strength_session_min_exercises": (
        2,
        "design choice: a day counts as a strength session, for the days between sessions, "
        "when it holds sets of at least 2 different strength exercises; one extra set does "
        "not move the next session",
    ),
    "long_run_minutes": (
        90,
        "design choice: a run this long, yesterday or today, moves strength on a day "
        "(`config long-run` changes it)",
    ),
    "long_run_km": (
        15.0,
        "design choice: a run this far, yesterday or today, moves strength on a day "
        "(`config long-run` changes it)",
    ),
    # Soreness zones, 0-10 scale (morning = on waking, after = after a session)
    # The zone cut-offs are glutelog's, more cautious than the pain-monitoring model they follow.
    "green_max": (
        3,
        "design choice, more cautious than Silbernagel 2007 (who lets patients progress while "
        "pain stays at 5 or less): only 0-3 counts towards a step up",
    ),
    "amber_max": (
        5,
        "design choice: 4-5 holds the doses, though Silbernagel 2007 counts 3-5 as acceptable "
        "during and after activity",
    ),
    "red_min": (
        6,
        "design choice: deload from 6, where Silbernagel 2007's 'above 5 is too much' begins",
    ),
    "flare_min": (8, "design choice: a morning score of 8+ means recovery only"),
    "flare_mornings_for_clinician": (
        3,
        "design choice: 3 flare mornings in a week -> see a clinician",
    ),
    "flare_lookback_days": (7, "design choice: window for counting flare mornings"),
    "morning_score_before_hour": (
        12,
        "design choice: `sore N` with no --morning or --after is a morning score only before "
        "noon and before the day's first logged work; otherwise glutelog asks",
    ),
    # Weekly trend of mean morning soreness
    "trend_worse_points": (1.0, "design choice: weekly mean up 1 point or more -> deload week"),
    "trend_better_points": (2.0, "Farrar 2001: about 2 points is a meaningful improvement"),
    "trend_better_fraction": (0.30, "Farrar 2001 / Salaffi 2004: about 30% is meaningful"),
    # Progression (double progression, "2-for-2")
    "progress_sessions": (
        2,
        "NSCA practice, through secondary sources (the '2-for-2' rule): beat the target in 2 "
        "sessions running",
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
    "hold_min_seconds": (
        10,
        "Garber 2011 / ACSM 2021: hold a stretch 10-30 s to mild tightness; the shortest hold a "
        "step down goes to",
    ),
    "stretch_total_seconds": (
        60,
        "Garber 2011 (ACSM): about 60 s in total for each stretch; glutelog counts it on each "
        "side, from the first plan on (2 x 30 s, not 3 x 30 s)",
    ),
    "older_adult_stretch_total_seconds": (
        120,
        "design choice: older adults hold 30-60 s (Garber 2011), so two holds of 60 s, 120 s "
        "a side, is their total for each stretch",
    ),
    "release_max_sets": (
        3,
        "Cheatham 2015: foam rolling and ball release in 1-3 sets of 30-120 s; releases are "
        "not stretches and are not held to the stretch total",
    ),
    "stretch_caution_factor": (
        2,
        "design choice: `done` cautions when one day's stretching of one exercise on one side "
        "passes twice its planned total (longer adds nothing: Garber 2011)",
    ),
    "gentle_start_rungs": (
        1,
        "design choice (older adults, or `config gentle-start yes`): start one rung easier on "
        "each ladder, at the bottom of the rep range (ACSM 2009: 10-15 reps for older or "
        "beginning adults)",
    ),
    "older_adult_never_faster": (
        True,
        "design choice: an older adult's rep range never goes above "
        "the exercise's own (the 10-15 of ACSM 2009 is for a lighter load, and a bodyweight "
        "exercise keeps its load), and on each rung the standard plan also climbs they take at "
        "least as many steps before moving on, holding the top dose for the steps left",
    ),
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
        "stands; older than that, the zone is unknown and the plan holds its doses. After a "
        "red or flare day the zone stands until a morning score is logged, however long "
        "(missing information after a flare never returns the full load)",
    ),
    "after_red_sessions": (
        2,
        "design choice in the spirit of Silbernagel 2007 (pain above 5 is too much): an "
        "after-session score at the red limit in 2 sessions of an exercise steps it down",
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
    # The pain-monitoring model: the next-morning rule and lighter sessions
    "next_morning_any_rise": (
        1,
        "Silbernagel 2007 pain-monitoring model: pain must settle by the next morning; a "
        "morning after a session higher than the morning before it (any rise) means that "
        "session does not count as a good one, so no step up comes from it",
    ),
    "next_morning_rise_lighter": (
        2,
        "Silbernagel 2007 (next-morning pain higher than before: reduce the load); the size, "
        "2 points, is a design choice: a rise this big makes the next session of the same "
        "work (strength, or that stretch) lighter, with no floor (0 to 2 counts as 2 to 4)",
    ),
    "lighter_sets_fraction": (
        0.33,
        "design choice: a lighter session, and every session of a deload week, has about a "
        "third fewer sets (at least one set less, never below one); an item already at one "
        "set takes its easier variant",
    ),
    # Weekly trend of morning soreness: deload, review, maintenance
    "trend_min_scores": (
        3,
        "design choice: a week with fewer morning scores than this gives no trend",
    ),
    "deload_days": (
        7,
        "design choice: a deload week (mornings rising on the week before) lasts 7 days from "
        "the day it starts, whatever the mornings do in it: about a third fewer sets, no step ups",
    ),
    "trend_baseline_min": (
        4,
        "design choice: Farrar 2001 (about 2 points or about 30%) sets no floor, and its "
        "people had chronic pain; from a first week under 4, 30% is less than 1.2 points, "
        "within day-to-day noise, so there only the 2 points count (3 -> 2 is not a "
        "meaningful fall, 3 -> 1 is)",
    ),
    "review_mild_max": (
        3,
        "design choice: a first week and a last week both averaging 3 or less (the green band) "
        "are 'mild and steady' at the week-6 review, not a course that failed to improve",
    ),
    "review_after_days": (
        42,
        "NHS 'Sciatica': usually better in 4-6 weeks; see a doctor if not improving",
    ),
    "maintenance_calm_days": (
        14,
        "design choice: after 2 weeks of mornings at 2 or less, offer a maintenance routine",
    ),
    "maintenance_calm_max": (2, "design choice: a morning of 2 or less counts as calm"),
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
    "max_rep_range": (
        100,
        "design choice: a catalog's rep range above 100 reps is a slip of the keyboard",
    ),
    "status_wait_ms": (
        500,
        "design choice: `status` runs before every shell prompt; it waits at most half a "
        "second for another program's lock, then says it could not read",
    ),
    "max_note_chars": (2000, "design choice: notes are short remarks, not documents"),
    "max_removed_at_once": (
        500,
        "design choice: `rm` with a range wider than this is a typo, not a clear-out",
    ),
    "days_before_first_entry": (
        7,
        "design choice: a set more than a week before the first entry is asked about "
        "(or needs --yes), as a mistyped year would make a report count months of missed days",
    ),
    "earliest_entry_year": (
        1970,
        "design choice: a set or a score logged before 1970 is a typo in the year",
    ),
    "oldest_entry_years": (
        3,
        "design choice: a set or a score more than 3 years back is a typo in the year, "
        "not a routine being caught up on",
    ),
    "plausible_sets_max": (
        6,
        "design choice: `AxB` with B at most this and A far above it could be either way round",
    ),
    "sets_far_above": (
        10,
        "design choice: `AxB` with A this many or more and B a plausible set count asks which "
        "was meant (12x3: 12 sets of 3, or 3 sets of 12?)",
    ),
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
    "report_before_min_share": (
        0.4,
        "design choice: a report compares morning soreness with the period before only when "
        "at least 2 days in 5 of it have a morning score (3 of a week, as trend_min_scores "
        "asks; 23 of 8 weeks): a mean of a few days says which days were scored, not the period",
    ),
    "first_week_overlap_days": (
        3,
        "design choice: a report is compared with the first week unless it holds 4 or more of "
        "that week's 7 days; up to 3 shared days barely move a mean over weeks",
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
        "Garber 2011 (ACSM flexibility guidance): older adults hold stretches 30-60 s",
    ),
    # Maintenance schedule floors (`glutelog config strength-days` / `stretch-days`)
    "maintenance_strength_per_week": (
        2,
        "ACSM 2009: strength 2-3 days a week; the maintenance floor is its low end",
    ),
    "maintenance_stretch_per_week": (
        3,
        "ACSM 2021 / Garber 2011: stretching at least 2-3 days a week; the maintenance floor "
        "of 3 is a design choice within it",
    ),
    # Red flags (see redflags.py)
    "tingling_days": (
        14,
        "design choice (the red-flag sources give no day count): a stretch that provoked "
        "tingling is set aside for 14 days; the day it was flagged is day 1, it is back on day 15",
    ),
    "pausing_tiers": (
        ("emergency", "urgent"),
        "NHS 'Sciatica', NHS Lothian RefHelp, BMJ Best Practice, AHCPR: these signs need an "
        "emergency department or a clinician soon; the plan, runs included, waits until cleared",
    ),
    "urgent_within_days": (
        (1, 2),
        "design choice: the red-flag sources (NHS 'Sciatica', NHS Lothian RefHelp) call these "
        "signs urgent; glutelog says to see a clinician within 1-2 days",
    ),
    "surgery_months": (
        3,
        "design choice (no published cut-off): surgery on the back or hip in the last 3 months "
        "needs the surgeon's clearance before these exercises",
    ),
    "first_episode_ages": (
        (20, 50),
        "AHCPR 1994 red-flag table: a first episode under 20 or over 50 is worth a check-up",
    ),
    # Catalog numbers (data/catalog.toml holds them; tests check them against these)
    "glute_rep_range": (
        (12, 20),
        "design choice: bridges and clamshells, light bodyweight work, progress over 12-20 "
        "reps (the catalog's rep_range for them)",
    ),
    "cold_max_minutes": (
        20,
        "general first-aid guidance (low authority): cold for 15-20 min at most, over a cloth "
        "(the catalog's safe_max for the cold pack)",
    ),
    # Running while sore (see planner.run_advice)
    "run_easy_pain_max": (
        5,
        "design choice in the spirit of Silbernagel 2007 (pain up to 5 is acceptable during "
        "activity): on an amber day an easy run, shorter than usual, stopped if pain passes 5",
    ),
    "symptom_recent_days": (
        14,
        "design choice: tingling or numbness in one leg is shown in the plan for 14 days from "
        "the day it was recorded (day 1); it stays in reports and history",
    ),
    "sign_max_age_days": (
        365,
        "design choice: a warning sign or symptom is dated within the last year; older ones "
        "are history to tell a clinician, not something to record as new",
    ),
    "surgery_max_age_years": (
        10,
        "design choice: a surgery is dated within the last 10 years",
    ),
    # Sync through a shared folder (`glutelog sync`)
    "sync_scrypt_n": (
        2**15,
        "design choice, following RFC 7914 and the cryptography library's documentation: the "
        "scrypt work factor for the sync passphrase, 2^15 with r=8, p=1 (about 32 MiB, 0.1 s)",
    ),
    "sync_records_per_file": (
        10_000,
        "design choice: records in one file of the sync folder, so a year away is a few files "
        "and no file needs much memory to read",
    ),
    "sync_compact_after": (
        64,
        "design choice: a device folds its change files into one snapshot once it has this "
        "many, so the folder does not grow without end",
    ),
}


def rule(name: str):
    """The value of one rule, e.g. ``rule("strength_gap_days") == 2``."""
    return RULES[name][0]


# --- rules in words --------------------------------------------------------------------------
# Reasons name their rules ("morning soreness 6 (red_min 6)") for `plan --explain` and JSON;
# what people read says the rule in words instead. {} is the value given, else the rule's own.
WORDS = {
    "green_max": "soreness above {}",
    "amber_max": "soreness up to {}",
    "red_min": "soreness {} or more",
    "flare_min": "soreness {} or more",
    "next_morning_rise_lighter": "a rise of {} or more",
    "trend_worse_points": "{} point or more",
    "maintenance_strength_per_week": "at least {} a week",
    "maintenance_stretch_per_week": "at least {} a week",
    "run_easy_pain_max": "pain up to {}",
}


def shown(value) -> str:
    """A rule's value as people read it: ``shown(1.0) == "1"``, ``shown((8, 12)) == "8-12"``."""
    if isinstance(value, list | tuple):
        return "-".join(shown(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def said(name: str, value=None) -> str:
    """One rule in words, e.g. ``said("red_min") == "soreness 6 or more"``; "" for a rule that
    has no words (its parenthesis is then left out of what people read)."""
    template = WORDS.get(name)
    if template is None:
        return ""
    return template.format(shown(rule(name) if value is None else value))


def plain(text: str) -> str:
    """``text`` for people: each parenthesis naming rules, "(red_min 6)" or "(review_after_days)",
    is worded by :func:`said`, or left out when the rule has no words. Other parentheses stay.

    >>> plain("Deload: morning soreness 6 (red_min 6).")
    'Deload: morning soreness 6 (soreness 6 or more).'
    """
    if "_" not in text:  # every rule id has one: most messages are done here
        return text
    end = text.find(")")
    while end != -1:
        start = text.rfind("(", 0, end)
        worded = None if start == -1 else _worded(text[start + 1 : end])
        if worded is None:  # not a parenthesis of rules
            end = text.find(")", end + 1)
            continue
        if worded:
            text = f"{text[:start]}({worded}){text[end + 1 :]}"
            end = text.find(")", start + len(worded) + 2)
        else:
            cut = start - 1 if start and text[start - 1] == " " else start
            text = text[:cut] + text[end + 1 :]
            end = text.find(")", cut)
    return text


def _worded(inner: str) -> str | None:
    """The words for the inside of a parenthesis, "" for rules with no words, or None when it
    names no rule (or holds another parenthesis)."""
    if "(" in inner:
        return None
    parts = []
    named = False
    for part in inner.split(", "):
        name, _, value = part.partition(" ")
        if name in RULES:
            named = True
            try:
                number = float(value) if value else None
            except ValueError:
                number = None
            words = said(name, number if number is not None else (value or None))
            if words:
                parts.append(words)
        else:
            parts.append(part)
    return ", ".join(parts) if named else None
