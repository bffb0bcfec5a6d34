"""Following the plan ticks it: one tick rule (``planner.ticks``) for plan, status, report, go
and the page. Observations 1 and 2 of issue 18 each failed before the rule was shared."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from conftest import entry, examples, rows, score
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from glutelog.commands import config, entries, views
from glutelog.commands.guided import remaining
from glutelog.planner.day_plan import make_plan
from glutelog.planner.ticks import still_to_do

TODAY = date(2026, 11, 24)
UNEVEN = {"side": "left", "older_adult": True}  # pigeon: L 3 x 30 s, R 2 x 30 s


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def items(plan: dict) -> dict:
    return {i["exercise"]: i for i in plan["items"]}


def follow_the_plan(db: str, day: date, hour: int = 9) -> dict:
    """A morning score, then `done X` with no amount for every item still open, as planned."""
    entries.sore(db=db, score="1", morning=True, now=at(day, hour))
    plan = json.loads(views.plan(db=db, as_json=True, now=at(day, hour)))
    for item in plan["items"]:
        if not item["done"]:
            entries.done(db=db, exercise=item["exercise"], now=at(day, hour + 1))
    return json.loads(views.plan(db=db, as_json=True, now=at(day, hour + 2)))


def settings(db: str, **chosen) -> None:
    for key, value in chosen.items():
        config.config(db=db, key=key.replace("_", "-"), value=[str(value)])


# --- observation 1: `done X` logs the plan's per-side dose ---------------------------------------


def test_1_done_without_an_amount_logs_the_plans_dose_on_each_side(db_path):
    settings(db_path, side="left", older_adult="yes")
    entries.sore(db=db_path, score="1", morning=True, now=at(TODAY, 8))
    plan = json.loads(views.plan(db=db_path, as_json=True, now=at(TODAY)))
    assert items(plan)["pigeon"]["side_sets"] == {"left": 3, "right": 2}
    text = entries.done(db=db_path, exercise="pigeon", now=at(TODAY))
    assert "3 x 30 s left and 2 x 30 s right" in text
    stored = rows(db_path, "SELECT side, sets, amount FROM entries WHERE exercise = 'pigeon'")
    assert sorted(stored) == [("left", 3, 30), ("right", 2, 30)]
    pigeon = items(json.loads(views.plan(db=db_path, as_json=True, now=at(TODAY))))["pigeon"]
    assert pigeon["done"] and pigeon["done_sides"] == {"left": 3, "right": 2}


def test_1_one_side_at_a_time_takes_that_sides_planned_sets(db_path, catalog):
    settings(db_path, side="left", older_adult="yes")
    entries.sore(db=db_path, score="1", morning=True, now=at(TODAY, 8))
    entries.done(db=db_path, exercise="pigeon", side="left", now=at(TODAY))
    plan = json.loads(views.plan(db=db_path, as_json=True, now=at(TODAY)))
    pigeon = items(plan)["pigeon"]
    assert pigeon["done_sides"] == {"left": 3, "right": 0}
    # status and go ask for what the plan shows as open: the right side's two sets
    status = views.status_summary({**plan, "items": [pigeon]}, catalog)
    assert status["next"]["side_sets"] == {"left": 0, "right": 2}
    assert remaining(pigeon) == [("right", 2)]
    entries.done(db=db_path, exercise="pigeon", side="right", now=at(TODAY))
    plan = json.loads(views.plan(db=db_path, as_json=True, now=at(TODAY)))
    assert items(plan)["pigeon"]["done"]  # done over two logs: the total reaches the plan


def test_1_three_weeks_of_following_the_plan_read_100_percent(db_path, tmp_path):
    settings(db_path, side="left", older_adult="yes")
    first = date(2026, 11, 2)
    for back in range(21):
        plan = follow_the_plan(db_path, first + timedelta(days=back))
        assert all(i["done"] for i in plan["items"]), plan["date"]
    now = at(first + timedelta(days=21))
    options = {"since": first.isoformat(), "until": (first + timedelta(days=20)).isoformat()}
    report = json.loads(views.report(db=db_path, fmt="json", now=now, **options))
    adherence = report["adherence"]
    assert adherence["planned"] > 0 and adherence["done"] == adherence["planned"]
    assert report["streak"]["current"] == 21
    text = views.report(db=db_path, now=now, **options)
    planned = adherence["planned"]
    assert f"Done {planned} of {planned} planned items (100%)" in text
    page = tmp_path / "page.html"
    views.report(db=db_path, now=now, html=str(page), **options)
    html = page.read_text()
    assert "21 days" in html and "100%" in html


# --- observation 2: each planned rung ticks its own item -----------------------------------------


def test_2_two_planned_rungs_of_one_ladder_each_tick_their_own_item(catalog):
    red = [score(TODAY, 6)]
    logged = [
        entry(TODAY, "seated-figure4", 2, 30, "seconds", "both"),
        entry(TODAY, "figure4-supine", 2, 30, "seconds", "both"),
    ]
    plan = items(make_plan(catalog, logged, red, "daily", TODAY))
    seated, lying = plan["seated-figure4"], plan["figure4-supine"]
    assert seated["done"] and seated["done_sets"] == 2 and seated["done_with"] is None
    assert lying["done"] and lying["done_sets"] == 2 and lying["done_with"] is None


def test_2_a_ladder_variant_ticks_the_item_whose_ladder_holds_it(catalog):
    red = [score(TODAY, 6)]
    # the red day's lying figure-4 stands in for pigeon: pigeon itself ticks it, named
    logged = [entry(TODAY, "pigeon", 2, 30, "seconds", "both")]
    plan = items(make_plan(catalog, logged, red, "daily", TODAY))
    assert plan["figure4-supine"]["done"]
    assert plan["figure4-supine"]["done_with"] == ["Pigeon stretch"]
    assert not plan["seated-figure4"]["done"]


def test_2_an_item_done_over_several_logs_ticks_when_the_sets_add_up(catalog):
    logged = [
        entry(TODAY, "glute-bridge", 1, 12),
        entry(TODAY, "glute-bridge", 1, 12, hour=18),
        entry(TODAY, "hamstring-stretch", 1, 30, "seconds", "both"),
        entry(TODAY, "hamstring-stretch", 1, 0.5, "minutes", "both", hour=18),
    ]
    plan = items(make_plan(catalog, logged, [score(TODAY, 1)], "daily", TODAY))
    assert plan["glute-bridge"]["done"]
    assert plan["hamstring-stretch"]["done"]


def test_what_is_left_of_an_item_is_one_rule_for_plan_go_and_status():
    item = {"done": False, "sets": 2, "done_sets": 0, "side_sets": {"left": 3, "right": 2}}
    item["done_sides"] = {"left": 1, "right": 2}
    assert still_to_do(item) == remaining(item) == [("left", 2)]
    assert still_to_do({**item, "done": True}) == []


# --- the property: following the plan, however it is set up, reads 100% ------------------------


def _variant(catalog, item: dict, choice: int, planned: set):
    """A ladder rung that can stand in for ``item`` (same sides, a dose of its own, not planned
    itself: a planned rung ticks its own item), picked by ``choice``; None when there is none."""
    per_side = item["side_sets"] is not None
    rungs = [
        slug
        for slug in item["ladder"]
        if slug not in planned
        and catalog.exercises[slug]["amount"] is not None
        and catalog.exercises[slug]["per_side"] == per_side
    ]
    return rungs[choice % len(rungs)] if rungs else None


# Each example is a database followed for days through the commands, so there are few of them.
@settings_hypothesis(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    side=st.sampled_from([None, "left", "right"]),
    older=st.booleans(),
    schedule=st.sampled_from(["daily", "alternate"]),
    days=st.integers(2, 6),
    variants=st.lists(st.integers(0, 3), min_size=60, max_size=60),
)
def test_following_every_planned_item_reads_100_percent_and_a_full_streak(
    catalog, tmp_path_factory, side, older, schedule, days, variants
):
    db = str(tmp_path_factory.mktemp("follow") / "g.db")
    settings(db, schedule=schedule, older_adult="yes" if older else "no")
    if side:
        settings(db, side=side)
    first = date(2026, 11, 2)
    picks = iter(variants)
    for offset in range(days):
        day = first + timedelta(days=offset)
        entries.sore(db=db, score="1", morning=True, now=at(day, 8))
        plan = json.loads(views.plan(db=db, as_json=True, now=at(day)))
        planned = {i["exercise"] for i in plan["items"]}
        for item in plan["items"]:
            choice = next(picks, 0)
            variant = _variant(catalog, item, choice, planned) if choice else None
            if variant is None:  # as planned: `done X`, the plan's dose
                entries.done(db=db, exercise=item["exercise"], now=at(day, 10))
                continue
            dose = catalog.exercises[variant]
            for where, sets in still_to_do(item):  # a variant at its own starting dose
                entries.done(
                    db=db, exercise=variant, amount=[str(dose["amount"])], sets=str(sets),
                    side=where, now=at(day, 10),
                )  # fmt: skip
        after = json.loads(views.plan(db=db, as_json=True, now=at(day, 11)))
        assert all(i["done"] for i in after["items"]), (after["date"], after["items"])
    last = first + timedelta(days=days - 1)
    options = {"since": first.isoformat(), "until": last.isoformat()}
    report = json.loads(
        views.report(db=db, fmt="json", now=at(last + timedelta(days=1)), **options)
    )
    assert all(d["done"] == d["planned"] for d in report["days"] if d["counted"])
    assert sum(d["counted"] for d in report["days"]) == days
    assert report["adherence"]["done"] == report["adherence"]["planned"]
    assert report["streak"]["current"] == days


def test_only_the_tick_rule_marks_an_item_done():
    """plan, status, report, go and the page read ``done`` from the items ``tick_items``
    marks: no other module sets it (observation 2 came from two places counting)."""
    import ast
    from pathlib import Path

    keys = {"done", "done_sets", "done_sides", "done_with"}
    package = Path(__file__).parent.parent / "glutelog"
    found = []
    for path in package.rglob("*.py"):
        if path.name == "ticks.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.slice, ast.Constant)
                    and target.slice.value in keys
                ):
                    found.append(f"{path.name}:{node.lineno}")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(k.arg in keys for k in node.keywords)
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []
