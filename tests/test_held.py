"""Explain a held dose (issue 18, observation 12): `plan --explain` names what kept each dose
where it is, the session that blocked a step with its date and what it lacked, in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from conftest import entry, score

from glutelog.commands import entries, views
from glutelog.output import render
from glutelog.planner.day_plan import make_plan

TODAY = date(2026, 11, 24)


def back(days: int) -> date:
    return TODAY - timedelta(days=days)


def follow(catalog, change=None, days: int = 22, start: date | None = None) -> tuple:
    """(entries, scores) of someone who does every planned item as planned each day up to
    yesterday, mornings of 1; ``change(day, rows, scores)`` alters two days ago's work."""
    rows, scores = [], []
    start = start or back(days)
    day = start
    while day < TODAY:
        scores.append(score(day, 1))
        plan = make_plan(catalog, rows, scores, "daily", day)
        done = []
        for item in plan["items"]:
            if item["sets"] is None:
                continue
            for side, sets in (item["side_sets"] or {None: item["sets"]}).items():
                done.append(entry(day, item["exercise"], sets, item["amount"], item["unit"], side))
        if change and day == back(2):
            change(day, done, scores)
        rows += done
        day += timedelta(days=1)
    scores.append(score(TODAY, 1))
    return rows, scores


def bridge_rows(rows: list) -> list:
    return [r for r in rows if r["exercise"] == "glute-bridge"]


def held(plan: dict, slug: str) -> str:
    return next(i for i in plan["items"] if i["exercise"] == slug)["held"]


def test_12_explain_names_the_session_whose_pain_held_the_dose(catalog):
    def hurt(day, rows, scores):
        for row in bridge_rows(rows):
            row["pain"] = 4

    plan = make_plan(catalog, *follow(catalog, hurt), "daily", TODAY)
    words = held(plan, "glute-bridge")
    assert words.startswith("the session on 2026-11-22 did not count: pain 4 during a set")
    text = render.plan_text(plan, explain=True)
    assert "held: the session on 2026-11-22 did not count: pain 4 during a set, above 3" in text
    assert "held:" not in render.plan_text(plan)  # the plain plan stays plain


def test_12_explain_names_what_a_session_was_missing(catalog):
    def short(day, rows, scores):
        for row in bridge_rows(rows):
            row["sets"] = 1

    plan = make_plan(catalog, *follow(catalog, short), "daily", TODAY)
    bridge = next(i for i in plan["items"] if i["exercise"] == "glute-bridge")
    target = f"{bridge['amount']} reps"
    assert held(plan, "glute-bridge").startswith(
        f"the session on 2026-11-22 did not count: 1 of 2 sets at {target} or more; "
    )


def test_12_explain_names_an_after_score_that_held_the_dose(catalog):
    def sore_after(day, rows, scores):
        scores.append(score(day, 5, "after"))

    plan = make_plan(catalog, *follow(catalog, sore_after), "daily", TODAY)
    assert held(plan, "glute-bridge").startswith(
        "the session on 2026-11-22 did not count: soreness 5 after it, above 3"
    )


def test_12_a_release_held_for_weeks_says_it_is_not_stepped_up(db_path):
    # Older adults start one rung easier; seven green weeks later the release still says why.
    from glutelog.commands import config

    config.config(db=db_path, key="older-adult", value=["yes"])
    first = TODAY - timedelta(days=49)
    for offset in range(0, 49, 7):
        day = first + timedelta(days=offset)
        now = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        entries.sore(db=db_path, score="1", morning=True, now=now)
        entries.done(db=db_path, exercise="ball-sock-wall", now=now)
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 9, tzinfo=UTC)
    entries.sore(db=db_path, score="1", morning=True, now=now)
    text = views.plan(db=db_path, explain=True, now=now)
    assert "held: Ball-in-sock wall release keeps its dose: a release is not stepped up" in text
    assert "why: stretch_every_day;" in text


def test_12_following_the_plan_says_what_each_held_dose_waits_for(catalog):
    plan = make_plan(catalog, *follow(catalog), "daily", TODAY)
    for item in plan["items"]:
        if item["sets"] is None or item["block"] not in ("daily", "strength"):
            continue
        words = item["held"]
        assert words is None or any(
            part in words
            for part in ("last changed on", "good sessions", "top of its range", "not stepped up")
        ), (item["exercise"], words)
