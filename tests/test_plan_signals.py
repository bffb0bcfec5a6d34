"""A plan that hears every warning sign: each rule firing and not firing at its boundary.

The planner is a pure function of (catalog, history, settings, flags, day), so weeks of history are
built here as lists and the plan for one day is checked. The numbered observations are the ones a
user reported: each failed before the rule existed.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from conftest import back, dose, entry, items, mornings, score

from glutelog.planner import redflags, timings
from glutelog.planner.day_plan import History, make_plan, project
from glutelog.rules import rule

TODAY = date(2026, 11, 24)  # a Tuesday


def strength_history(days: int, after=None, pain=None, bridge=(2, 12)) -> list:
    """Bridges, clams and band walks every other day for ``days`` days, pigeon daily."""
    rows = []
    for b in range(days, 0, -1):
        day = back(b)
        pigeon = entry(day, "pigeon", 2, 30, "seconds", "both")
        rows.append(pigeon)
        if b % 2 == 0:
            bridges = entry(day, "glute-bridge", *bridge)
            bridges["pain"] = pain
            rows += [
                bridges,
                entry(day, "clamshell", 2, 15, side="both"),
                entry(day, "lateral-band-walk", 2, 2, "lengths"),
            ]
    return rows


def with_after(rows: list, value: int) -> list:
    """An after-session score of ``value`` on every strength day in ``rows``."""
    days = sorted({e["day"] for e in rows if e["exercise"] == "glute-bridge"})
    return [score(date.fromisoformat(d), value, "after") for d in days]


def flag(symptom: str, raised: date, exercise=None) -> dict:
    row = {
        "id": 1,
        "at": f"{raised}T08:00:00+00:00",
        "day": raised.isoformat(),
        "symptom": symptom,
        "exercise": exercise,
        "note": None,
        "cleared_at": None,
        "cleared_day": None,
    }
    return row


# --- 1. red flags ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symptom", "paused"),
    [
        ("saddle-numbness", True),  # emergency
        ("foot-drop", True),  # urgent
        ("recent-surgery", False),  # routine: the plan goes on, gentle (test_signs.py)
    ],
)
def test_every_flag_tier_pauses_or_not(catalog, symptom, paused):
    slug = redflags.resolve(symptom.replace("-", " "))["slug"]
    active = redflags.active([flag(slug, back(1))], TODAY)
    plan = make_plan(catalog, [], mornings(1, 3), "daily", TODAY, flags=active)
    assert (plan["zone"] == "paused") is paused
    assert (plan["items"] == []) is paused
    assert plan["flags"] and plan["flags"][0]["symptom"] == slug
    if paused:
        assert plan["day_type"] == "paused"
        assert "Plan paused" in plan["messages"][0]
    else:
        assert any("glutelog flag --clear surgery" in m for m in plan["messages"])


def test_a_cleared_flag_no_longer_pauses(catalog):
    row = flag("saddle-numbness", back(3))
    row["cleared_day"] = back(1).isoformat()
    plan = make_plan(
        catalog, [], mornings(1, 3), "daily", TODAY, flags=redflags.active([row], TODAY)
    )
    assert plan["zone"] == "green" and plan["items"]
    paused_then = redflags.active([row], back(2))
    assert make_plan(catalog, [], [], "daily", back(2), flags=paused_then)["zone"] == "paused"


def test_tingling_sets_an_exercise_aside_for_14_days_then_it_returns(catalog):
    raised = back(13)  # today is its 14th day
    rows = [flag("tingling", raised, "pigeon")]
    plan = make_plan(
        catalog, [], mornings(1, 3), "daily", TODAY, flags=redflags.active(rows, TODAY)
    )
    assert "pigeon" not in items(plan)
    assert "figure4-supine" in items(plan)  # its easier variant, already in the routine
    assert any("Pigeon" in m and "tingling" in m for m in plan["messages"])
    day15 = TODAY + timedelta(days=1)
    plan = make_plan(
        catalog, [], mornings(1, 3), "daily", day15, flags=redflags.active(rows, day15)
    )
    assert "pigeon" in items(plan)


def test_tingling_in_a_stretch_with_a_free_easier_variant_plans_that_variant(catalog):
    rows = [flag("tingling", TODAY, "figure4-supine")]
    plan = make_plan(
        catalog, [], mornings(1, 3), "daily", TODAY, flags=redflags.active(rows, TODAY)
    )
    assert "figure4-supine" not in items(plan)
    assert "seated-figure4" in items(plan)
    assert "tingling_days" in items(plan)["seated-figure4"]["why"]


# --- 2-3. after-session soreness and pain during sets --------------------------------------------


def test_2_after_scores_of_7_after_every_session_never_step_up(catalog):
    rows = strength_history(21)
    plan = make_plan(catalog, rows, mornings(1, 22) + with_after(rows, 7), "daily", TODAY)
    doses = {i["exercise"]: (i["sets"], i["amount"]) for i in plan["items"]}
    # bridges, band walks and pigeon stepped down to their easier variants, nothing stepped up
    assert "glute-bridge" not in doses and doses["bridge-hold"] == (3, 20)
    assert "lateral-band-walk" not in doses and doses["side-lying-abduction"] == (2, 12)
    assert "pigeon" not in doses and doses["figure4-supine"] == (2, 30)
    # no easier variant: each step down lowers the dose (2 x 12, then one set fewer)
    assert doses["clamshell"] == (1, 12)


def test_after_scores_at_the_red_limit_in_two_sessions_step_the_exercise_down(catalog):
    rows = [entry(back(4), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    limit = rule("red_min")
    one = [score(back(4), limit, "after")]
    plan = make_plan(catalog, rows, mornings(1, 5) + one, "daily", TODAY)
    assert "glute-bridge" in items(plan)  # one red session: held, not stepped down
    two = one + [score(back(2), limit, "after")]
    plan = make_plan(catalog, rows, mornings(1, 5) + two, "daily", TODAY)
    assert "glute-bridge" not in items(plan) and "bridge-hold" in items(plan)
    assert "after_red_sessions" in items(plan)["bridge-hold"]["why"]
    below = [score(back(4), limit - 1, "after"), score(back(2), limit - 1, "after")]
    plan = make_plan(catalog, rows, mornings(1, 5) + below, "daily", TODAY)
    assert "glute-bridge" in items(plan)


@pytest.mark.parametrize(
    ("pain", "expected"),
    [
        (rule("green_max"), ("glute-bridge", (2, 13))),  # within the green band: progresses
        (rule("green_max") + 1, ("glute-bridge", (2, 12))),  # above it: held
        (rule("red_min") - 1, ("glute-bridge", (2, 12))),
        (rule("red_min"), ("bridge-hold", (3, 20))),  # at the red limit: stepped down
        (9, ("bridge-hold", (3, 20))),  # 3. pain 9 every set never progresses
    ],
)
def test_3_pain_during_sets_holds_then_steps_down(catalog, pain, expected):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    rows[1]["pain"] = pain
    rows[0]["pain"] = pain
    plan = make_plan(catalog, rows, mornings(1, 10), "daily", TODAY)
    slug, wanted = expected
    assert slug in items(plan), [i["exercise"] for i in plan["items"]]
    assert dose(plan, slug) == wanted


# --- 4. no morning score ------------------------------------------------------------------------


def test_4_the_day_after_four_flares_with_no_score_is_still_a_flare(catalog):
    flares = [score(back(b), 8) for b in range(1, 5)]
    plan = make_plan(catalog, [], flares, "daily", TODAY)
    assert plan["zone"] == "flare"
    assert not [i for i in plan["items"] if i["block"] == "strength"]


def test_a_morning_score_stands_for_three_days_then_the_zone_is_unknown(catalog):
    lookback = rule("score_lookback_days")
    inside = make_plan(catalog, [], [score(back(lookback), 5)], "daily", TODAY)
    assert inside["zone"] == "amber"
    outside = make_plan(catalog, [], [score(back(lookback + 1), 5)], "daily", TODAY)
    assert outside["zone"] == "unknown"
    # a red morning stands until a morning score is logged (tests/test_pain_model.py)
    red = make_plan(catalog, [], [score(back(lookback + 1), 6)], "daily", TODAY)
    assert red["zone"] == "red"
    assert outside["day_type"] == "strength"  # planned like amber: the schedule, no step up
    assert any("sore N --morning" in m for m in outside["messages"])


def test_an_unknown_zone_holds_the_dose(catalog):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    green = mornings(1, 10)
    assert dose(make_plan(catalog, rows, green, "daily", TODAY), "glute-bridge") == (2, 13)
    old = mornings(1, 6, last=4)  # the last score is 4 days old
    plan = make_plan(catalog, rows, old, "daily", TODAY)
    assert plan["zone"] == "unknown" and dose(plan, "glute-bridge") == (2, 12)


# --- 5. the first dose --------------------------------------------------------------------------


def test_5_a_big_first_session_counts_for_one_step_at_most(catalog):
    day1 = back(2)
    rows = [
        entry(day1, "glute-bridge", 1, 20),
        entry(day1, "clamshell", 1, 30, side="both"),
        entry(day1, "lateral-band-walk", 1, 10, "lengths"),
    ]
    plan = make_plan(catalog, rows, mornings(1, 3), "daily", TODAY)
    assert dose(plan, "glute-bridge") == (2, 13)
    assert dose(plan, "clamshell") == (2, 16)
    assert dose(plan, "lateral-band-walk") == (2, 3)


def test_a_session_continuing_earlier_work_keeps_its_level_up_to_the_top(catalog):
    old = entry(back(60), "glute-bridge", 2, 16)
    rows = [
        old,
        entry(back(20), "glute-bridge", 2, 16),
        entry(back(20), "lateral-band-walk", 2, 9, "lengths"),
    ]
    plan = make_plan(
        catalog, rows + [entry(back(60), "lateral-band-walk", 2, 4, "lengths")], [], "daily", TODAY
    )
    assert dose(plan, "glute-bridge") == (2, 16)
    assert dose(plan, "lateral-band-walk") == (2, rule("lengths_max"))  # never beyond the top


# --- 6. alternate schedule on red days -----------------------------------------------------------


def test_6_alternate_red_day_keeps_easier_stretches_as_the_message_says(catalog):
    plan = make_plan(catalog, [], [score(TODAY, 6)], "alternate", TODAY)
    assert plan["zone"] == "red"
    stretches = [i for i in plan["items"] if i["block"] == "daily"]
    assert stretches and "figure4-supine" in items(plan)  # pigeon's easier variant
    assert not [i for i in plan["items"] if i["block"] == "strength"]
    assert any("easier stretches" in m for m in plan["messages"])
    # a recovery day of the alternate schedule has no stretches, and says none
    # yesterday's session: two strength exercises (strength_session_min_exercises)
    rows = [entry(back(1), "glute-bridge", 2, 12), entry(back(1), "clamshell", 2, 12)]
    plan = make_plan(catalog, rows, [score(TODAY, 6)], "alternate", TODAY)
    assert not [i for i in plan["items"] if i["block"] == "daily"]
    assert not any("easier stretches" in m for m in plan["messages"])


# --- 7. ladders ---------------------------------------------------------------------------------


def follow(catalog, days, schedule="daily", settings=None, value=1):
    """Someone who does every planned item every day, with morning scores of ``value``."""
    entries, scores, plans = [], [], []
    for offset in range(days):
        day = TODAY + timedelta(days=offset)
        scores.append(score(day, value))
        plan = make_plan(catalog, entries, scores, schedule, day, settings=settings)
        plans.append(plan)
        for item in plan["items"]:
            if item["sets"] is None:
                continue
            sides = item["side_sets"] or {"both": item["sets"]}
            for side, sets in sides.items():
                entries.append(
                    entry(day, item["exercise"], sets, item["amount"], item["unit"], side)
                )
    return plans


def test_7_the_top_of_range_message_is_not_repeated_every_day(catalog):
    # Older adults climb figure-4 holds to 2 x 60 s (a standard plan starts at its top, 2 x 30 s,
    # and says nothing): from the seated rung, then the lying one.
    plans = follow(catalog, 130, settings={"older_adult": True})
    top = [
        p["date"]
        for p in plans
        if any(m.startswith("Lying figure-4 stretch is at the top") for m in p["messages"])
    ]
    assert top, "figure-4 reaches the top of its range in eighteen weeks"
    assert len(top) == 1, top
    standard = follow(catalog, 56)
    assert not any("stretch is at the top" in m for p in standard for m in p["messages"])


def test_ladders_go_up_to_the_harder_variant_and_down_to_the_easier(catalog):
    plans = follow(catalog, 150)
    firsts = [p["items"][4]["exercise"] for p in plans if p["day_type"] == "strength"]
    assert "march-bridge" in firsts
    assert firsts.index("march-bridge") > 0 and firsts[0] == "glute-bridge"
    # down: pain at the red limit in a march-bridge session brings back the glute bridge
    day = back(2)
    rows = [
        entry(back(40), "march-bridge", 2, 8, side="both"),
        entry(day, "march-bridge", 2, 8, side="both"),
    ]
    rows[1]["pain"] = rule("red_min")
    plan = make_plan(catalog, rows, mornings(1, 3), "daily", TODAY)
    assert "glute-bridge" in items(plan) and "march-bridge" not in items(plan)


# --- 8. ticking ---------------------------------------------------------------------------------


def test_8_strength_on_a_recovery_day_is_extra_and_changes_nothing(catalog):
    yesterday = [entry(back(1), "glute-bridge", 2, 12), entry(back(1), "clamshell", 2, 12)]
    before = make_plan(catalog, yesterday, mornings(1, 2), "daily", TODAY)
    assert before["day_type"] == "recovery"
    today = [entry(TODAY, "glute-bridge", 2, 13)]
    after = make_plan(catalog, yesterday + today, mornings(1, 2), "daily", TODAY)
    assert after["day_type"] == "recovery"
    assert [i["exercise"] for i in after["items"]] == [i["exercise"] for i in before["items"]]
    assert after["extra"] == [
        {
            "exercise": "glute-bridge",
            "name": "Glute bridge",
            "sets": 2,
            "amount": 13,
            "unit": "reps",
        }
    ]


def test_8_an_item_is_ticked_only_at_or_above_its_planned_amount(catalog):
    short = [entry(TODAY, "hamstring-stretch", 3, 25, "seconds", "both")]
    plan = make_plan(catalog, short, mornings(1, 1), "daily", TODAY)
    assert not items(plan)["hamstring-stretch"]["done"]
    full = [entry(TODAY, "hamstring-stretch", 3, 30, "seconds", "both")]
    assert items(make_plan(catalog, full, mornings(1, 1), "daily", TODAY))["hamstring-stretch"][
        "done"
    ]


def test_8_one_side_shows_its_progress(catalog):
    left = [entry(TODAY, "hamstring-stretch", 2, 30, "seconds", "left")]
    item = items(make_plan(catalog, left, mornings(1, 1), "daily", TODAY))["hamstring-stretch"]
    assert item["done_sides"] == {"left": 2, "right": 0} and not item["done"]


def test_8_the_easier_variant_of_a_planned_item_ticks_it_and_is_named(catalog):
    easier = [entry(TODAY, "seated-figure4", 3, 30, "seconds", "both")]
    item = items(make_plan(catalog, easier, mornings(1, 1), "daily", TODAY))["figure4-supine"]
    assert item["done"] and item["done_with"] == ["Seated figure-4 stretch"]


# --- 9. rest ------------------------------------------------------------------------------------


def test_9_done_rest_makes_the_day_a_complete_rest_day(catalog):
    from glutelog.reports.period_report import _complete, status

    plan = make_plan(catalog, [entry(TODAY, "rest", 1, None, "none")], [], "daily", TODAY)
    assert plan["day_type"] == "rest"
    assert [i["exercise"] for i in plan["items"]] == ["rest"] and plan["items"][0]["done"]
    assert _complete(status(plan))


# --- 10. looking ahead --------------------------------------------------------------------------


def test_10_a_projection_of_a_new_start_alternates_strength_days(catalog):
    plans = project(catalog, History.complete([], [], TODAY), TODAY, 6)
    assert [p["day_type"] for p in plans] == ["strength", "recovery"] * 3
    assert not any("yet today" in m for p in plans[1:] for m in p["messages"])


# --- 11. runs -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "minutes", "long"),
    [
        (15, None, True),
        (14.9, None, False),
        (None, 90, True),
        (None, 89, False),
        (14, 80, True),  # 11. both close to the limit: one long run
        (12.75, 76.5, True),  # exactly 85% of each
        (12.7, 80, False),
        (14, 76, False),
    ],
)
def test_11_a_run_is_long_by_distance_time_or_both_together(catalog, km, minutes, long):
    rows = []
    if km is not None:
        rows.append(entry(back(1), "run", 1, km, "km"))
    if minutes is not None:
        rows.append(entry(back(1), "run", 1, minutes, "minutes"))
    plan = make_plan(catalog, rows, mornings(1, 2), "daily", TODAY)
    assert (plan["day_type"] == "recovery") is long
    assert any("Long run" in m for m in plan["messages"]) is long


def test_the_long_run_setting_moves_the_limits(catalog):
    rows = [entry(back(1), "run", 1, 10, "km")]
    settings = {"long_run_km": 10.0}
    assert make_plan(catalog, rows, [], "daily", TODAY, settings=settings)["day_type"] == "recovery"
    assert make_plan(catalog, rows, [], "daily", TODAY)["day_type"] == "strength"


# --- 12. maintenance, older adults, affected side, no band ---------------------------------------


def test_12_maintenance_plans_strength_and_stretching_on_their_weekdays(catalog):
    settings = {"strength_days": [0, 3], "stretch_days": [0, 2, 4]}
    week = [TODAY + timedelta(days=d) for d in range(6)]  # Tue .. Sun
    kinds = []
    for day in week:
        plan = make_plan(catalog, [], [], "maintenance", day, settings=settings)
        blocks = {i["block"] for i in plan["items"]}
        kinds.append((day.strftime("%a"), plan["day_type"], sorted(blocks)))
    assert kinds == [
        ("Tue", "rest", ["rest"]),
        ("Wed", "recovery", ["daily"]),
        ("Thu", "strength", ["strength"]),
        ("Fri", "recovery", ["daily"]),
        ("Sat", "rest", ["rest"]),
        ("Sun", "rest", ["rest"]),
    ]


def test_maintenance_says_when_a_week_falls_below_its_floors(catalog):
    last_week = [TODAY - timedelta(days=TODAY.weekday() + 7 - d) for d in range(7)]
    done = [entry(d, "glute-bridge", 2, 12) for d in last_week[:2]]
    done += [entry(d, "pigeon", 2, 30, "seconds", "both") for d in last_week[:3]]
    first = [entry(back(30), "walk", 1, 20, "minutes")]
    plan = make_plan(catalog, first + done, [], "maintenance", TODAY)
    assert not any("maintenance floor" in m for m in plan["messages"])
    plan = make_plan(catalog, first + done[1:], [], "maintenance", TODAY)
    assert any("maintenance floor" in m and "strength on 1 days" in m for m in plan["messages"])
    plan = make_plan(catalog, first + done[:2] + done[3:], [], "maintenance", TODAY)
    assert any("stretching on 2 days" in m for m in plan["messages"])


def test_maintenance_is_offered_after_14_calm_days(catalog):
    days = rule("maintenance_calm_days")
    plan = make_plan(catalog, [], mornings(2, days), "daily", TODAY)
    assert any("config schedule maintenance" in m for m in plan["messages"])
    plan = make_plan(catalog, [], mornings(2, days - 1), "daily", TODAY)
    assert not any("config schedule maintenance" in m for m in plan["messages"])
    bumpy = mornings(2, days)
    bumpy[5] = score(back(5), 3)
    plan = make_plan(catalog, [], bumpy, "daily", TODAY)
    assert not any("config schedule maintenance" in m for m in plan["messages"])


def test_the_affected_side_gets_one_extra_set_of_stretches_and_releases(catalog):
    # within the limits: a stretch's total (60 s a side, older adults 120 s), a release's 3 sets
    older = {"side": "left", "older_adult": True}
    plan = make_plan(catalog, [], mornings(1, 1), "daily", TODAY, settings=older)
    pigeon = items(plan)["pigeon"]
    assert pigeon["side_sets"] == {"left": 3, "right": 2}
    assert "affected_side_extra_sets" in pigeon["why"]
    clam = items(plan)["clamshell"]  # strength stays even
    assert clam["side_sets"] == {"left": 2, "right": 2}
    even = make_plan(catalog, [], mornings(1, 1), "daily", TODAY, settings={"older_adult": True})
    assert items(even)["pigeon"]["side_sets"] == {"left": 2, "right": 2}
    # a standard plan's 2 x 30 s is the whole 60 s, and the ball's 3 sets the most: no extra
    plan = make_plan(catalog, [], mornings(1, 1), "daily", TODAY, settings={"side": "left"})
    assert items(plan)["pigeon"]["side_sets"] == {"left": 2, "right": 2}
    assert items(plan)["tennis-ball-release"]["side_sets"] == {"left": 3, "right": 3}
    # a red day's ball-in-sock release, 2 x 60 s, takes the extra set
    plan = make_plan(catalog, [], [score(TODAY, 6)], "daily", TODAY, settings={"side": "left"})
    assert items(plan)["ball-sock-wall"]["side_sets"] == {"left": 3, "right": 2}


def test_older_adults_progress_within_10_to_15_reps_and_60_s_holds(catalog):
    settings = {"older_adult": True}
    plans = follow(catalog, 150, settings=settings)
    bridges = [dose(p, "glute-bridge") for p in plans if "glute-bridge" in items(p)]
    assert max(amount for _, amount in bridges) == 15
    holds = [dose(p, "hamstring-stretch")[1] for p in plans]
    assert max(holds) == 60
    assert max(dose(p, "hamstring-stretch")[1] for p in follow(catalog, 60)) == 30


def test_no_band_swaps_banded_items_for_bodyweight_ones(catalog):
    plan = make_plan(catalog, [], mornings(1, 1), "daily", TODAY, settings={"band": False})
    assert "lateral-band-walk" not in items(plan)
    assert "side-lying-abduction" in items(plan)
    assert "no_band_swap" in items(plan)["side-lying-abduction"]["why"]


# --- weekly trend --------------------------------------------------------------------------------


def test_a_rising_week_means_a_deload_week_with_no_step_up(catalog):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    steady = mornings(1, 7, last=7) + mornings(1, 7)
    assert dose(make_plan(catalog, rows, steady, "daily", TODAY), "glute-bridge") == (2, 13)
    rising = mornings(1, 7, last=7) + mornings(2, 6, last=1) + [score(TODAY, 2)]
    plan = make_plan(catalog, rows, rising, "daily", TODAY)
    assert dose(plan, "glute-bridge") == (1, 12)  # no step up, and a third fewer sets
    assert any(m.startswith("Deload week") for m in plan["messages"])
    below = mornings(1, 7, last=7) + mornings(1, 1) + [score(back(b), 2) for b in range(1, 6)]
    plan = make_plan(catalog, rows, below, "daily", TODAY)  # up 5/7 of a point: no deload
    assert not any(m.startswith("Deload week") for m in plan["messages"])


def test_rising_two_weeks_running_asks_for_a_review(catalog):
    scores = mornings(0, 7, last=14) + mornings(1, 7, last=7) + mornings(2, 7)
    plan = make_plan(catalog, [], scores, "daily", TODAY)
    assert any("Time for a review" in m for m in plan["messages"])
    scores = mornings(0, 7, last=14) + mornings(1, 7, last=7) + mornings(1, 7)
    plan = make_plan(catalog, [], scores, "daily", TODAY)
    assert not any("Time for a review" in m for m in plan["messages"])


@pytest.mark.parametrize(
    ("first_week", "now", "weeks", "review"),
    [
        (4, 3, 6, True),  # 25% and 1 point: no real improvement by week 6
        (4, 2, 6, False),  # 2 points: a real improvement
        (4, 3, 5, False),  # too early to judge
        (5, 3.5, 6, False),  # 30% from a baseline of at least 3
    ],
)
def test_no_improvement_on_the_first_week_by_week_6_asks_for_a_review(
    catalog, first_week, now, weeks, review
):
    start = TODAY - timedelta(days=7 * weeks)
    first = [score(start + timedelta(days=d), first_week) for d in range(7)]
    # this week's mean is ``now``: halves as two neighbouring whole scores
    low, high = int(now), int(now) + (now != int(now))
    last = [score(back(b), low if b % 2 else high) for b in range(6)] + [score(back(6), low)]
    if now == int(now):
        last = mornings(int(now), 7)
    scores = first + mornings(int(now), 7, last=7) + last
    plan = make_plan(catalog, [entry(start, "walk", 1, 20, "minutes")], scores, "daily", TODAY)
    assert any("Time for a review" in m for m in plan["messages"]) is review


# --- views --------------------------------------------------------------------------------------


def test_the_same_history_gives_the_same_views(catalog):
    rows = strength_history(20)
    scores = mornings(1, 21) + with_after(rows, 2)
    first = make_plan(catalog, rows, scores, "daily", TODAY, minutes=10)
    again = make_plan(catalog, list(rows), list(scores), "daily", TODAY, minutes=10)
    assert first == again
    ahead = project(catalog, History.complete(rows, scores, TODAY), TODAY, 7)
    assert ahead == project(catalog, History.complete(rows, scores, TODAY), TODAY, 7)


def test_every_item_names_a_rule_that_exists(catalog):
    settings_cases = [{}, {"side": "right", "band": False, "older_adult": True}]
    for settings in settings_cases:
        for scores in ([], [score(TODAY, 5)], [score(TODAY, 6)], [score(TODAY, 8)]):
            plan = make_plan(catalog, [], scores, "daily", TODAY, settings=settings)
            for item in plan["items"]:
                assert item["why"], item["exercise"]
                assert all(name in rule.__globals__["RULES"] for name in item["why"]), item


@pytest.mark.parametrize("budget", [5, 10, 15, 30])
def test_minutes_keep_the_plan_within_the_time_given(catalog, budget):
    plan = make_plan(catalog, [], mornings(1, 1), "daily", TODAY, minutes=budget)
    assert plan["items"]
    assert sum(timings.item_minutes(i) for i in plan["items"]) <= budget
    full = make_plan(catalog, [], mornings(1, 1), "daily", TODAY)
    assert len(plan["items"]) <= len(full["items"])
    left = set(plan["explain"]["left_out_for_time"])
    assert left == {i["exercise"] for i in full["items"]} - {i["exercise"] for i in plan["items"]}
