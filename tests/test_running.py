"""Issue 16, observation 16: "Can I run today?" is answered by every plan, from the soreness zone
(domain notes §5, a design choice in the spirit of the pain-monitoring model), and runs move
strength: a long run today or yesterday, or a red morning after a run.

Each boundary is checked on both sides: the zone edges (3/4, 5/6, 7/8) and the long-run limits.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from conftest import entry, rows, score

from glutelog import commands
from glutelog.planner import redflags
from glutelog.planner.day_plan import make_plan
from glutelog.rules import RULES, rule

TODAY = date(2026, 11, 24)  # a Tuesday
NOW = datetime(2026, 11, 24, 18, 0).astimezone()


def back(days: int) -> date:
    return TODAY - timedelta(days=days)


def strength(plan) -> list:
    return [i["exercise"] for i in plan["items"] if i["block"] == "strength"]


def calm_mornings(days: int = 3) -> list:
    return [score(back(b), 1) for b in range(1, days + 1)]


# --- advice by zone ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("morning", "zone", "go", "rule_id"),
    [
        (0, "green", "yes", "green_max"),
        (3, "green", "yes", "green_max"),  # the top of green
        (4, "amber", "easy", "run_easy_pain_max"),  # the bottom of amber
        (5, "amber", "easy", "run_easy_pain_max"),
        (6, "red", "no", "red_min"),  # the bottom of red
        (7, "red", "no", "red_min"),
        (8, "flare", "no", "flare_min"),  # the bottom of a flare
        (10, "flare", "no", "flare_min"),
    ],
)
def test_every_plan_says_whether_and_how_to_run_by_zone(catalog, morning, zone, go, rule_id):
    # a steady week at this level, so no morning jump turns amber into red
    scores = [score(back(b), morning) for b in range(0, 4)]
    plan = make_plan(catalog, [], scores, "daily", TODAY)
    assert plan["zone"] == zone
    run = plan["run"]
    assert (run["go"], run["rule"]) == (go, rule_id)
    assert run["rule"] in RULES
    advice = run["advice"]
    if go == "yes":
        assert "as planned" in advice
    elif go == "easy":
        assert "easy run" in advice and "shorter than usual" in advice
        assert f"stop if the pain goes above {rule('run_easy_pain_max')}" in advice
    else:
        assert "no run" in advice
    if zone == "red":
        assert "walk or cycle instead" in advice
    for name in RULES:  # words for people, never a rule's id
        assert name not in advice


def test_no_recent_morning_score_is_advised_like_amber(catalog):
    plan = make_plan(catalog, [], [], "daily", TODAY)
    assert plan["zone"] == "unknown"
    assert plan["run"]["go"] == "easy" and "easy run" in plan["run"]["advice"]
    assert "morning score" in plan["run"]["advice"]


def test_a_red_after_score_yesterday_means_no_run_today(catalog):
    scores = [*calm_mornings(), score(TODAY, 1), score(back(1), 6, "after")]
    plan = make_plan(catalog, [], scores, "daily", TODAY)
    assert plan["zone"] == "red" and plan["run"]["go"] == "no"


@pytest.mark.parametrize("symptom", ["saddle-numbness", "fall"])  # emergency, urgent
def test_a_paused_plan_says_no_run(catalog, symptom):
    row = {"id": 1, "at": f"{TODAY}T07:00:00+00:00", "day": TODAY.isoformat(), "symptom": symptom,
           "exercise": None, "note": None, "cleared_at": None, "cleared_day": None}  # fmt: skip
    flags = redflags.active([row], TODAY)
    plan = make_plan(catalog, [], [score(TODAY, 1)], "daily", TODAY, flags=flags)
    assert plan["zone"] == "paused"
    assert plan["run"]["go"] == "no" and plan["run"]["rule"] == "pausing_tiers"
    assert "no run" in plan["run"]["advice"]
    assert tuple(rule("pausing_tiers")) == tuple(redflags.PAUSING)


# --- a long run today moves today's remaining strength --------------------------------------------


@pytest.mark.parametrize(
    ("km", "minutes", "long"),
    [
        (15, None, True),  # the distance limit exactly
        (14.9, None, False),  # just under it
        (None, 90, True),  # the time limit exactly
        (None, 89, False),
        (12.75, 76.5, True),  # 85% of both
        (12.7, 80, False),
    ],
)
def test_a_long_run_today_moves_todays_strength(catalog, km, minutes, long):
    runs = []
    if km is not None:
        runs.append(entry(TODAY, "run", 1, km, "km"))
    if minutes is not None:
        runs.append(entry(TODAY, "run", 1, minutes, "minutes"))
    before = make_plan(catalog, [], [score(TODAY, 1)], "daily", TODAY)
    assert before["day_type"] == "strength" and strength(before)
    plan = make_plan(catalog, runs, [score(TODAY, 1)], "daily", TODAY)
    assert (not strength(plan)) is long
    assert (plan["day_type"] == "recovery") is long
    said = [m for m in plan["messages"] if m.startswith("Long run today")]
    assert bool(said) is long
    if long:
        # the day after a long run is easy too (domain notes §5), so strength lands the day after
        assert (TODAY + timedelta(days=2)).isoformat() in said[0]
        assert plan["run"]["long_run_today"] is True
        # the stretches stay
        assert [i["exercise"] for i in plan["items"]] == catalog.routine["daily"]


def test_the_long_run_setting_sets_the_same_day_limit(catalog):
    runs = [entry(TODAY, "run", 1, 10, "km")]
    assert strength(make_plan(catalog, runs, [], "daily", TODAY))
    moved = make_plan(catalog, runs, [], "daily", TODAY, settings={"long_run_km": 10.0})
    assert not strength(moved)


def test_strength_done_before_the_long_run_stays_done_and_the_rest_moves(catalog):
    done = [entry(TODAY, "glute-bridge", 2, 12, hour=7)]
    runs = [*done, entry(TODAY, "run", 1, 20, "km", hour=9)]
    plan = make_plan(catalog, runs, [score(TODAY, 1)], "daily", TODAY)
    assert strength(plan) == ["glute-bridge"]  # done: kept and ticked
    assert all(i["done"] for i in plan["items"] if i["block"] == "strength")
    assert plan["day_type"] == "strength"
    assert any(m.startswith("Long run today") for m in plan["messages"])
    # a strength exercise half done is no longer planned: its set shows as extra work
    half = [entry(TODAY, "glute-bridge", 1, 12, hour=7), entry(TODAY, "run", 1, 20, "km")]
    plan = make_plan(catalog, half, [score(TODAY, 1)], "daily", TODAY)
    assert not strength(plan)
    assert [row["exercise"] for row in plan["extra"]] == ["glute-bridge", "run"]


def test_a_long_run_today_on_the_alternate_schedule_keeps_the_stretches(catalog):
    runs = [entry(TODAY, "run", 1, 100, "minutes")]
    plan = make_plan(catalog, runs, [score(TODAY, 1)], "alternate", TODAY)
    assert not strength(plan) and plan["items"]


def test_the_days_after_a_long_run_today(catalog):
    runs = [entry(TODAY, "run", 1, 18, "km")]
    scores = [score(TODAY + timedelta(days=d), 1) for d in range(3)]
    tomorrow = make_plan(catalog, runs, scores, "daily", TODAY + timedelta(days=1))
    assert tomorrow["day_type"] == "recovery"  # a long run yesterday (§5)
    assert any("Long run yesterday" in m for m in tomorrow["messages"])
    after = make_plan(catalog, runs, scores, "daily", TODAY + timedelta(days=2))
    assert after["day_type"] == "strength"


def test_a_red_morning_after_a_run_moves_strength_to_the_next_day(catalog):
    runs = [entry(back(1), "run", 1, 8, "km")]  # not long
    red = make_plan(catalog, runs, [*calm_mornings(), score(TODAY, 6)], "daily", TODAY)
    assert red["zone"] == "red" and not strength(red) and red["run"]["go"] == "no"
    tomorrow = TODAY + timedelta(days=1)
    scores = [*calm_mornings(), score(TODAY, 6), score(tomorrow, 2)]
    assert strength(make_plan(catalog, runs, scores, "daily", tomorrow))
    # the same run with a calm morning leaves today a strength day
    assert strength(make_plan(catalog, runs, [*calm_mornings(), score(TODAY, 2)], "daily", TODAY))


# --- through the command line ------------------------------------------------------------------


def run(db, action, **values):
    return commands.function(action)(db=db, now=NOW, **values)


def test_a_run_logged_on_a_flare_morning_is_logged_with_the_advice(db_path):
    run(db_path, "sore", score="9", morning=True)
    out = run(db_path, "done", exercise="run", amount=["12km"])
    assert out.startswith("Logged #1")
    assert "no run" in out
    assert rows(db_path, "SELECT exercise, amount, unit FROM entries") == [("run", 12, "km")]
    data = json.loads(run(db_path, "done", exercise="run", amount=["2km"], as_json=True))
    assert any("no run" in line for line in data["notes"])


@pytest.mark.parametrize(("morning", "advised"), [(3, False), (5, False), (6, True), (8, True)])
def test_done_run_gives_the_advice_on_red_and_flare_days_only(db_path, morning, advised):
    run(db_path, "sore", score=str(morning), morning=True)
    out = run(db_path, "done", exercise="run", amount=["5km"])
    assert ("no run" in out) is advised
    assert "red_min" not in out and "flare_min" not in out


def test_a_run_logged_while_paused_is_logged_with_the_advice(db_path):
    run(db_path, "flag", words=["saddle"])
    out = run(db_path, "done", exercise="jog", amount=["30min"])
    assert "Logged #1" in out and "no run" in out


def test_the_plan_text_and_json_say_it(db_path):
    run(db_path, "sore", score="5", morning=True)
    text = run(db_path, "plan")
    assert "Running today: an easy run only" in text
    data = json.loads(run(db_path, "plan", as_json=True))
    assert data["run"]["go"] == "easy" and data["run"]["rule"] == "run_easy_pain_max"
    assert data["run"]["advice"] in text


def test_a_long_run_logged_today_turns_today_into_a_recovery_day(db_path):
    run(db_path, "sore", score="1", morning=True)
    assert json.loads(run(db_path, "plan", as_json=True))["day_type"] == "strength"
    out = run(db_path, "done", exercise="run", amount=["16km", "95min"])
    assert "Long run today" in out
    data = json.loads(run(db_path, "plan", as_json=True))
    assert data["day_type"] == "recovery"
    assert not [i for i in data["items"] if i["block"] == "strength"]
    assert any(m.startswith("Long run today") for m in data["messages"])
    # a short run the same day says nothing of strength
    text = run(db_path, "done", exercise="run", amount=["5km"], at="4 days ago 6pm")
    assert "Long run" not in text
