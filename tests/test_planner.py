"""The planner as a pure function: schedules, soreness zones, progression."""

from datetime import date, timedelta

from conftest import entry, score

from glutelog.planner.day_plan import make_plan

TODAY = date(2026, 11, 24)


def slugs(plan, block=None):
    return [i["exercise"] for i in plan["items"] if block is None or i["block"] == block]


def follow(catalog, schedule, days, start=TODAY):
    """Simulate someone who does every planned item, every day, with calm mornings (1 of 10);
    returns the plans."""
    entries, scores, plans = [], [], []
    for offset in range(days):
        day = start + timedelta(days=offset)
        scores.append(score(day, 1))
        plan = make_plan(catalog, entries, scores, schedule, day)
        plans.append(plan)
        for item in plan["items"]:
            entries.append(
                entry(day, item["exercise"], item["sets"], item["amount"], item["unit"], "both")
            )
    return plans


def test_same_history_and_day_give_the_same_plan(catalog):
    history = [entry(TODAY - timedelta(days=3), "glute-bridge", 2, 12)]
    assert make_plan(catalog, history, [], "daily", TODAY) == make_plan(
        catalog, list(history), [], "daily", TODAY
    )


def test_fresh_start_is_stretching_plus_strength(catalog):
    plan = make_plan(catalog, [], [], "daily", TODAY)
    assert slugs(plan, "daily") == catalog.routine["daily"]
    assert slugs(plan, "strength") == catalog.routine["strength"]
    assert plan["day_type"] == "strength"
    bridge = next(i for i in plan["items"] if i["exercise"] == "glute-bridge")
    assert (bridge["sets"], bridge["amount"], bridge["unit"]) == (2, 12, "reps")


def test_daily_schedule_never_puts_strength_on_consecutive_days(catalog):
    plans = follow(catalog, "daily", 14)
    strength = [p["day_type"] == "strength" for p in plans]
    assert strength == [True, False] * 7
    for plan in plans:
        assert slugs(plan, "daily") == catalog.routine["daily"]  # stretching every day
        if plan["day_type"] != "strength":
            assert slugs(plan, "recovery") == catalog.routine["recovery"]


def test_alternate_schedule_has_a_combined_session_every_second_day(catalog):
    plans = follow(catalog, "alternate", 14)
    for i, plan in enumerate(plans):
        if i % 2 == 0:
            assert slugs(plan) == catalog.routine["daily"] + catalog.routine["strength"]
        else:
            assert slugs(plan) == catalog.routine["recovery"]


def test_skipping_strength_brings_it_back_the_next_day(catalog):
    history = [entry(TODAY - timedelta(days=3), "glute-bridge")]
    assert make_plan(catalog, history, [], "daily", TODAY)["day_type"] == "strength"
    # a session is two strength exercises or more (strength_session_min_exercises)
    history = [entry(TODAY - timedelta(days=1), s) for s in ("glute-bridge", "clamshell")]
    plan = make_plan(catalog, history, [], "daily", TODAY)
    assert plan["day_type"] == "recovery"
    assert any("next strength day is 2026-11-25" in m for m in plan["messages"])


def test_items_done_today_are_marked(catalog):
    today = [
        entry(TODAY, "glute-bridge", 1, 12),
        entry(TODAY, "pigeon", 2, 30, "seconds", side="left"),
    ]
    plan = make_plan(catalog, today, [], "daily", TODAY)
    items = {i["exercise"]: i for i in plan["items"]}
    assert items["glute-bridge"]["done_sets"] == 1 and not items["glute-bridge"]["done"]
    assert not items["pigeon"]["done"]  # the right side is still to do
    today += [
        entry(TODAY, "glute-bridge", 1, 12),
        entry(TODAY, "pigeon", 2, 30, "seconds", side="right"),
    ]
    items = {i["exercise"]: i for i in make_plan(catalog, today, [], "daily", TODAY)["items"]}
    assert items["glute-bridge"]["done"] and items["pigeon"]["done"]


def test_amber_morning_holds_the_plan(catalog):
    plan = make_plan(catalog, [], [score(TODAY, 5)], "daily", TODAY)
    assert plan["zone"] == "amber"
    assert plan["day_type"] == "strength"
    assert any(m.startswith("Hold") for m in plan["messages"])


def test_red_morning_drops_strength_and_eases_stretches(catalog):
    plan = make_plan(catalog, [], [score(TODAY, 6)], "daily", TODAY)
    assert plan["zone"] == "red"
    assert not slugs(plan, "strength")
    assert "pigeon" not in slugs(plan) and "figure4-supine" in slugs(
        plan
    )  # pigeon's easier variant
    assert slugs(plan, "recovery") == catalog.routine["recovery"]


def test_soreness_after_yesterdays_session_counts(catalog):
    yesterday = TODAY - timedelta(days=1)
    plan = make_plan(catalog, [], [score(yesterday, 7, "after")], "daily", TODAY)
    assert plan["zone"] == "red"


def test_a_jump_in_morning_soreness_lightens_the_work_done_before_it(catalog):
    # The next-morning rule compares the mornings around a session: with no session before
    # it, a morning of 4 is amber on its own, whatever the morning before was.
    yesterday = TODAY - timedelta(days=1)
    history = [score(yesterday, 2), score(TODAY, 4)]
    assert make_plan(catalog, [], history, "daily", TODAY)["zone"] == "amber"
    # after a session, a rise of 2 makes the next session of that work lighter
    worked = [entry(yesterday, "hamstring-stretch", 2, 30, "seconds", "both")]
    plan = make_plan(catalog, worked, history, "daily", TODAY)
    assert plan["zone"] == "amber"
    hamstring = next(i for i in plan["items"] if i["exercise"] == "hamstring-stretch")
    assert hamstring["sets"] < 2  # 2 x 30 s is its whole dose: lighter is one set
    history = [score(yesterday, 3), score(TODAY, 4)]
    plan = make_plan(catalog, worked, history, "daily", TODAY)
    hamstring = next(i for i in plan["items"] if i["exercise"] == "hamstring-stretch")
    assert hamstring["sets"] == 2


def test_flare_means_recovery_only_and_repeated_flares_send_to_a_clinician(catalog):
    plan = make_plan(catalog, [], [score(TODAY, 8)], "daily", TODAY)
    assert plan["zone"] == "flare" and slugs(plan) == catalog.routine["recovery"]
    assert not any("clinician" in m for m in plan["messages"])
    flares = [score(TODAY - timedelta(days=d), 8) for d in range(3)]
    plan = make_plan(catalog, [], flares, "daily", TODAY)
    assert any("clinician" in m for m in plan["messages"])


def test_long_run_yesterday_moves_strength_to_tomorrow(catalog):
    run = [entry(TODAY - timedelta(days=1), "run", 1, 18, "km")]
    plan = make_plan(catalog, run, [], "daily", TODAY)
    assert plan["day_type"] == "recovery"
    assert any("Long run" in m for m in plan["messages"])
    short = [entry(TODAY - timedelta(days=1), "run", 1, 5, "km")]
    assert make_plan(catalog, short, [], "daily", TODAY)["day_type"] == "strength"


def bridge_dose(plan):
    item = next(i for i in plan["items"] if i["exercise"] == "glute-bridge")
    return item["sets"], item["amount"]


def calm(*days):
    """Green morning scores on ``days`` and today."""
    return [score(d, 1) for d in (*days, TODAY)]


def test_two_good_green_sessions_step_the_dose_up_once_a_week(catalog):
    day1, day2 = TODAY - timedelta(days=8), TODAY - timedelta(days=2)
    history = [entry(day1, "glute-bridge", 2, 12), entry(day2, "glute-bridge", 2, 12)]
    plan = make_plan(catalog, history, calm(day1, day2), "daily", TODAY)
    assert bridge_dose(plan) == (2, 13)
    assert any("Glute bridge: up to 2 x 13 reps" in m for m in plan["messages"])
    # a missed target (one set of two) resets the run of good sessions
    history = [entry(day1, "glute-bridge", 2, 12), entry(day2, "glute-bridge", 1, 12)]
    assert bridge_dose(make_plan(catalog, history, calm(day1, day2), "daily", TODAY)) == (2, 12)
    # and the first week after starting is too soon for a step
    day0 = TODAY - timedelta(days=4)
    soon = [entry(day0, "glute-bridge", 2, 12), entry(day2, "glute-bridge", 2, 12)]
    assert bridge_dose(make_plan(catalog, soon, calm(day0, day2), "daily", TODAY)) == (2, 12)
    # and without morning scores nothing is known to be green: the dose holds
    assert bridge_dose(make_plan(catalog, history[:1] + soon[1:], [], "daily", TODAY)) == (2, 12)


def test_no_step_up_on_an_amber_day(catalog):
    day1, day2 = TODAY - timedelta(days=8), TODAY - timedelta(days=2)
    history = [entry(day1, "glute-bridge", 2, 12), entry(day2, "glute-bridge", 2, 12)]
    # (the morning after the last session does not rise: a rise would be a rule of its own)
    scores = calm(day1, day2)[:-1] + [score(TODAY - timedelta(days=1), 1), score(TODAY, 4)]
    plan = make_plan(catalog, history, scores, "daily", TODAY)
    assert bridge_dose(plan) == (2, 12)


def test_progress_reaches_the_top_of_the_range_then_the_harder_variant(catalog):
    plans = follow(catalog, "daily", 150)
    strength = [p for p in plans if p["day_type"] == "strength"]
    first = [p["items"][4] for p in strength]  # the bridge's place in the strength block
    doses = [(i["sets"], i["amount"]) for i in first if i["exercise"] == "glute-bridge"]
    amounts = [amount for _, amount in doses]
    assert amounts == sorted(amounts)  # never goes backwards while sessions are good
    assert doses[-1] == (3, 20)  # bridges top out at 3 x 20 (range 12-20, max 3 sets)
    # then the harder variant is planned at the low end of its range, not just suggested
    after = [i for i in first if i["exercise"] != "glute-bridge"]
    assert after and after[0]["exercise"] == "march-bridge"
    assert (after[0]["sets"], after[0]["amount"]) == (2, 8)
    steps = [i for i in range(1, len(doses)) if doses[i] != doses[i - 1]]
    gaps = [b - a for a, b in zip(steps, steps[1:], strict=False)]
    assert min(gaps) >= 3  # at most one step per 7 days: strength days are 2 days apart
