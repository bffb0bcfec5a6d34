"""The pain-monitoring model as the planning rules state it, rule by rule, each firing and not
firing at its boundary.

- With no morning score after a red or flare day, the plan stays at that level until one is
  logged: missing information never returns the full load.
- The next-morning rule: the morning after a session is compared with the morning before it; any
  rise means that session is not a good one, a rise of 2 or more makes the next session of the
  same work (strength, or that stretch) lighter. There is no floor.
- An after-session score, or a set's pain, at the red limit belongs to that work: it changes the
  next session of that work, whatever day it falls on, and the plan says why in words; pain at
  the red limit on a set is answered when it is logged.
- A deload week is less work (about a third fewer sets) for a fixed 7 days from its first day.

The numbers in test names are the observations a user reported; each test failed before.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from conftest import back, dose, entry, items, mornings, ok, score

from glutelog.commands import entries, views
from glutelog.planner.day_plan import make_plan
from glutelog.rules import rule

TODAY = date(2026, 11, 24)  # a Tuesday


def strength(day: date) -> list:
    """The strength block as the plan first gives it."""
    return [
        entry(day, "glute-bridge", 2, 12),
        entry(day, "clamshell", 2, 15, side="both"),
        entry(day, "lateral-band-walk", 2, 2, "lengths"),
    ]


def stretches(day: date) -> list:
    return [
        entry(day, "hamstring-stretch", 3, 30, "seconds", "both"),
        entry(day, "pigeon", 2, 30, "seconds", "both"),
    ]


def words_only(messages: list) -> None:
    """User text names no rule: "soreness 6 or more", never ``red_min``."""
    from glutelog.rules import RULES

    for message in messages:
        assert not [name for name in RULES if name in message], message


# --- 7. no full load after a flare without a score ------------------------------------------------


def before_the_flare() -> list:
    """Two weeks of strength every other day and stretches daily, up to 5 days ago."""
    rows = []
    for b in range(19, 4, -1):
        rows += stretches(back(b))
        if b % 2:
            rows += strength(back(b))
    return rows


def test_7_after_a_flare_morning_and_days_with_no_score_the_plan_stays_at_recovery(catalog):
    scores = mornings(1, 14, last=5) + [score(back(4), 8)]  # then nothing for 4 days
    plan = make_plan(catalog, before_the_flare(), scores, "daily", TODAY)
    assert plan["zone"] == "flare" and plan["day_type"] == "flare"
    assert {i["block"] for i in plan["items"]} == {"recovery"}
    said = " ".join(plan["messages"])
    assert back(4).isoformat() in said and "sore N --morning" in said
    words_only(plan["messages"])
    # a month on with still no score: still recovery only
    later = make_plan(catalog, before_the_flare(), scores, "daily", TODAY + timedelta(days=30))
    assert later["zone"] == "flare"
    # one morning score brings the plan back to what that score allows
    calm = make_plan(catalog, before_the_flare(), [*scores, score(TODAY, 2)], "daily", TODAY)
    assert calm["zone"] == "green" and calm["day_type"] == "strength"


def test_7_after_a_red_morning_with_no_score_since_the_plan_stays_red(catalog):
    scores = mornings(1, 14, last=5) + [score(back(4), rule("red_min"))]
    plan = make_plan(catalog, before_the_flare(), scores, "daily", TODAY)
    assert plan["zone"] == "red"
    assert not [i for i in plan["items"] if i["block"] == "strength"]
    assert "pigeon" not in items(plan) and "figure4-supine" in items(plan)  # easier variant


def test_7_a_red_day_from_an_after_score_also_stands_until_a_morning_score(catalog):
    scores = mornings(1, 14, last=6) + [score(back(6), rule("red_min"), "after")]
    plan = make_plan(catalog, before_the_flare(), scores, "daily", TODAY)
    assert plan["zone"] == "red"


def test_7_green_and_amber_still_stand_three_days_then_the_zone_is_unknown(catalog):
    lookback = rule("score_lookback_days")
    amber = rule("red_min") - 1
    inside = make_plan(catalog, [], [score(back(lookback), amber)], "daily", TODAY)
    assert inside["zone"] == "amber"
    outside = make_plan(catalog, [], [score(back(lookback + 1), amber)], "daily", TODAY)
    assert outside["zone"] == "unknown"


def test_7_a_flare_before_the_weeks_the_plan_reads_still_counts(db_path):
    now = datetime(2026, 11, 24, 9, 30).astimezone()
    long_ago = (now - timedelta(days=60)).strftime("%Y-%m-%d 07:00")
    entries.sore(db=db_path, score="9", morning=True, at=long_ago, now=now)
    plan = json.loads(views.plan(db=db_path, as_json=True, now=now))
    assert plan["zone"] == "flare"
    entries.sore(db=db_path, score="1", morning=True, now=now)
    assert json.loads(views.plan(db=db_path, as_json=True, now=now))["zone"] == "green"


# --- 8. the next-morning rule, with no floor --------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "bridge"),
    [
        (1, 1, (2, 13)),  # no rise: the session counts, and with the one before it steps up
        (2, 1, (2, 13)),
        (1, 2, (2, 12)),  # any rise: that session is not a good one, so no step up
        (3, 4, (2, 12)),
        (0, 2, (1, 12)),  # a rise of 2 makes the next strength session lighter, even in green
        (0, 3, (1, 12)),
        (1, 3, (1, 12)),
        (2, 4, (1, 12)),
    ],
)
def test_8_the_morning_after_a_strength_session_against_the_morning_before(
    catalog, before, after, bridge
):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    scores = mornings(1, 7, last=3) + [score(back(2), before), score(back(1), after)]
    scores.append(score(TODAY, 1))
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert plan["day_type"] == "strength"
    assert dose(plan, "glute-bridge") == bridge
    lighter = [m for m in plan["messages"] if "lighter" in m]
    if bridge[0] == 1:
        assert lighter and f"from {before} to {after}" in lighter[0]
        assert back(2).isoformat() in lighter[0]
        assert "next_morning" in " ".join(items(plan)["glute-bridge"]["why"])
    else:
        assert not lighter
    words_only(plan["messages"])
    assert plan["zone"] == "green"  # the rise lightens that work, not the whole day


def test_8_a_rise_after_a_strength_session_makes_the_next_one_lighter_whatever_day(catalog):
    # strength two days ago, mornings 0 -> 2 after it; today is the next strength session
    rows = strength(back(2))
    scores = [score(back(3), 0), score(back(2), 0), score(back(1), 2), score(TODAY, 2)]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert plan["zone"] == "green" and plan["day_type"] == "strength"
    assert dose(plan, "glute-bridge") == (1, 12)
    assert dose(plan, "clamshell") == (1, 15)
    assert dose(plan, "lateral-band-walk") == (1, 2)
    # no stretch session came before the rise: the stretches are as planned
    full = make_plan(catalog, [], [score(TODAY, 2)], "daily", TODAY)
    assert dose(plan, "hamstring-stretch") == dose(full, "hamstring-stretch")


@pytest.mark.parametrize(("today", "lighter"), [(1, False), (2, False), (3, True)])
def test_8_a_rise_after_a_stretch_makes_that_stretch_lighter_next_time(catalog, today, lighter):
    rows = [e for b in range(8, 0, -1) for e in stretches(back(b))]
    scores = mornings(1, 8, last=1) + [score(TODAY, today)]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    flat = make_plan(catalog, rows, mornings(1, 9), "daily", TODAY)
    sets, full = dose(plan, "hamstring-stretch")[0], dose(flat, "hamstring-stretch")[0]
    assert (sets < full) is lighter
    assert "tennis-ball-release" in items(plan)  # not done yesterday: left as it is
    assert dose(plan, "tennis-ball-release") == dose(flat, "tennis-ball-release")


def test_8_a_jump_with_no_session_before_it_is_the_zone_of_its_own_score(catalog):
    # no work the day before: nothing to compare, the morning is judged on its own
    scores = [score(back(1), 2), score(TODAY, 4)]
    plan = make_plan(catalog, [], scores, "daily", TODAY)
    assert plan["zone"] == "amber" and plan["day_type"] == "strength"


# --- 9. after-scores and set pain at the red limit ---------------------------------------------------


@pytest.mark.parametrize(("after", "lighter"), [(5, False), (6, True), (7, True)])
def test_9_an_after_score_at_the_red_limit_lightens_the_next_strength_session(
    catalog, after, lighter
):
    rows = strength(back(9)) + strength(back(2))
    scores = mornings(1, 10) + [score(back(2), after, "after")]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert plan["day_type"] == "strength" and plan["zone"] == "green"
    assert dose(plan, "glute-bridge") == ((1, 12) if lighter else (2, 12))
    said = [m for m in plan["messages"] if f"soreness {after} after" in m.lower()]
    assert bool(said) is lighter
    if lighter:
        assert back(2).isoformat() in said[0]
    words_only(plan["messages"])


def test_9_a_skipped_strength_day_leaves_the_next_session_still_lighter(catalog):
    rows = strength(back(4))  # its next strength day (2 days ago) was skipped
    scores = mornings(1, 5) + [score(back(4), 7, "after")]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert plan["day_type"] == "strength"
    assert dose(plan, "glute-bridge") == (1, 12)
    # once a session is done, the next one is full again
    rows += strength(back(1))
    tomorrow = make_plan(catalog, rows, [*scores, score(TODAY + timedelta(days=1), 1)], "daily",
                         TODAY + timedelta(days=2))  # fmt: skip
    assert dose(tomorrow, "glute-bridge") == (2, 12)


def test_9_the_day_after_says_what_changes_and_not_that_strength_was_taken_away(catalog):
    rows = strength(back(1)) + stretches(back(1))
    plan = make_plan(catalog, rows, [score(back(1), 1), score(back(1), 7, "after")], "daily",
                     TODAY)  # fmt: skip
    assert plan["zone"] == "red" and plan["day_type"] == "recovery"
    said = " ".join(plan["messages"])
    assert "no strength today" not in said
    assert "easier stretches" in said and "next strength session" in said
    words_only(plan["messages"])
    # when strength was due, the red zone does take it away, and says so
    rows = strength(back(3)) + stretches(back(1))
    plan = make_plan(catalog, rows, [score(back(1), 1), score(back(1), 7, "after")], "daily",
                     TODAY)  # fmt: skip
    assert "no strength today" in " ".join(plan["messages"])


def test_9_a_step_down_is_explained_at_the_next_session_not_only_the_day_after(catalog):
    rows = [entry(back(4), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    scores = mornings(1, 5) + [score(back(4), 7, "after"), score(back(2), 7, "after")]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert "bridge-hold" in items(plan)
    said = [m for m in plan["messages"] if m.startswith("Glute bridge")]
    assert said and "Bridge hold" in said[0] and "soreness" in said[0]
    words_only(plan["messages"])
    # the easier variant is the lighter session: not a third fewer sets on top of it
    assert dose(plan, "bridge-hold")[0] == catalog.exercises["bridge-hold"]["sets"]


def test_9_pain_at_the_red_limit_in_a_set_is_explained_at_the_next_session(catalog):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    rows[1]["pain"] = 8
    plan = make_plan(catalog, rows, mornings(1, 10), "daily", TODAY)
    said = [m for m in plan["messages"] if m.startswith("Glute bridge")]
    assert said and "pain 8" in said[0]
    words_only(plan["messages"])


@pytest.mark.parametrize(("pain", "advised"), [(None, False), (5, False), (6, True), (8, True)])
def test_9_pain_at_the_red_limit_is_answered_when_it_is_logged(cli, pain, advised):
    args = ["done", "bridge", "12"] + (["--pain", str(pain)] if pain is not None else [])
    out = ok(cli(*args)).stdout
    assert out.startswith("Logged")
    assert ("stop" in out.lower() and "next time" in out.lower()) is advised
    if advised:
        assert f"pain {pain}" in out.lower() and "Bridge hold" in out
        words_only([out])
    data = json.loads(ok(cli(*args, "--json")).stdout)
    assert any("next time" in n.lower() for n in data["notes"]) is advised


def test_9_pain_set_on_a_logged_set_by_edit_is_answered_too(cli):
    ok(cli("done", "clams", "15"))
    out = ok(cli("edit", "1", "--pain", "7")).stdout
    assert "stop" in out.lower() and "next time" in out.lower()
    assert "next time" not in ok(cli("edit", "1", "--pain", "2")).stdout.lower()


def test_9_pain_logged_on_an_earlier_day_says_what_comes_next_not_to_stop_today(cli):
    out = ok(cli("done", "bridge", "12", "--pain", "8", "--at", "yesterday")).stdout
    assert "Next time" in out and "stop it for today" not in out


# --- 10. a deload week: less work, for a fixed 7 days -------------------------------------------


def rising_week(first_high: int) -> list:
    """Mornings of 1 for two weeks, then three mornings of 4 ending ``first_high`` days ago
    (the third is the first day the weekly mean is a point above the week before), then 1s
    again to a week after today."""
    high = [first_high + 2, first_high + 1, first_high]
    scores = [score(back(b), 4 if b in high else 1) for b in range(first_high + 16, -8, -1)]
    return scores


def test_10_a_deload_week_starts_on_a_fixed_day_and_ends_7_days_later(catalog):
    scores = rising_week(3)
    start = back(3)
    end = start + timedelta(days=rule("deload_days") - 1)
    for offset in range(-1, 8):
        day = start + timedelta(days=offset)
        plan = make_plan(catalog, [], scores, "daily", day)
        if 0 <= offset < rule("deload_days"):
            assert plan["deload"]["start"] == start.isoformat(), day
            assert plan["deload"]["end"] == end.isoformat(), day
            said = [m for m in plan["messages"] if m.startswith("Deload week")]
            assert said and f"until {end.isoformat()}" in said[0], (day, said)
            words_only(plan["messages"])
        else:
            assert plan["deload"] is None, day
            assert not any(m.startswith("Deload week") for m in plan["messages"]), day


def test_10_a_deload_week_is_about_a_third_fewer_sets_not_only_no_step_up(catalog):
    rows = [entry(back(9), "glute-bridge", 2, 12), entry(back(2), "glute-bridge", 2, 12)]
    scores = [s for s in rising_week(0) if s["day"] <= TODAY.isoformat()]
    plan = make_plan(catalog, rows, scores, "daily", TODAY)
    assert plan["deload"]["start"] == TODAY.isoformat()
    flat = make_plan(catalog, rows, mornings(1, 17), "daily", TODAY)
    assert dose(flat, "glute-bridge") == (2, 13)
    assert dose(plan, "glute-bridge") == (1, 12)  # no step up, and a third fewer sets
    for item in plan["items"]:
        if item["block"] not in ("daily", "strength"):
            continue
        normal = items(flat)[item["exercise"]]["sets"]
        assert item["sets"] < normal or normal == 1, item["exercise"]
        assert item["sets"] >= normal / 2, item["exercise"]
        assert "deload_days" in item["why"]


@pytest.mark.parametrize(("score", "advised"), [(5, False), (6, True), (9, True)])
def test_an_after_score_at_the_red_limit_is_answered_as_it_is_logged(score, advised, cli):
    """As for a set's pain: an after-session score of 6 or more says what to do at once."""
    import json

    from conftest import ok

    ok(cli("done", "bridge", "12"))
    text = ok(cli("sore", str(score), "--after")).output
    assert ("too much (6 or more)" in text) == advised
    assert ("next session of that work will be lighter" in text) == advised
    notes = json.loads(ok(cli("sore", str(score), "--after", "--json")).output)["notes"]
    assert any("too much" in n for n in notes) == advised
