"""How long plan items take, and which ones are kept when time is short."""

import pytest

from glutelog.planner.timings import fit, item_minutes


def item(catalog, slug: str, block: str) -> dict:
    """A plan item as the planner makes it, at the catalog's default dose."""
    exercise = catalog.exercises[slug]
    return {
        "exercise": slug,
        "kind": exercise["kind"],
        "block": block,
        "sets": exercise["sets"],
        "amount": exercise["amount"],
        "unit": exercise["unit"],
        "sides": ["left", "right"] if exercise["per_side"] else ["both"],
    }


@pytest.fixture
def full_day(catalog) -> list[dict]:
    """Every routine item of every block, in plan order."""
    return [
        item(catalog, slug, block) for block, slugs in catalog.routine.items() for slug in slugs
    ]


def test_estimates_add_work_rests_and_a_side_switch(catalog):
    # 2 sets of 30 s on each side: 120 s of holds, a 10 s rest per side, one 10 s switch
    assert item_minutes(item(catalog, "pigeon", "daily")) == 2.5
    # 2 sets of 12 bridges at 3 s a rep, one 45 s rest between the sets
    assert item_minutes(item(catalog, "glute-bridge", "strength")) == 1.95
    # 2 sets of 2 room lengths at 30 s a length, one rest
    assert item_minutes(item(catalog, "lateral-band-walk", "strength")) == 2.75
    # timed items count as they are; the rest day takes no time
    assert item_minutes(item(catalog, "walk", "recovery")) == 20
    assert item_minutes(item(catalog, "rest", "recovery")) == 0


def test_a_second_side_takes_about_twice_as_long(catalog):
    one_side = dict(item(catalog, "clamshell", "strength"), sides=["both"])
    two_sides = item(catalog, "clamshell", "strength")
    assert 2 * item_minutes(one_side) <= item_minutes(two_sides) <= 2 * item_minutes(one_side) + 1


@pytest.mark.parametrize("budget", [5, 10, 15, 30])
def test_kept_items_fit_the_budget(catalog, full_day, budget):
    kept, left_out = fit(full_day, budget, catalog)
    assert sum(item_minutes(i) for i in kept) <= budget + 1e-9
    assert left_out, "the full routine is longer than 30 minutes, so something is left out"
    # nothing is lost or doubled, and both lists keep the plan's order
    assert sorted(map(id, kept + left_out)) == sorted(map(id, full_day))
    for part in (kept, left_out):
        assert part == [i for i in full_day if i in part]


def test_a_huge_budget_keeps_everything(catalog, full_day):
    assert fit(full_day, 10_000, catalog) == (full_day, [])


def test_the_same_plan_and_budget_give_the_same_choice(catalog, full_day):
    assert fit(full_day, 12, catalog) == fit([dict(i) for i in full_day], 12, catalog)


def test_release_and_main_piriformis_stretch_come_first(catalog, full_day):
    kept, _ = fit(full_day, 8, catalog)
    assert [i["exercise"] for i in kept] == ["tennis-ball-release", "figure4-supine"]


def test_strength_keeps_a_glute_med_and_a_glute_max_item_when_there_is_room(catalog, full_day):
    kept, _ = fit(full_day, 15, catalog)
    slugs = [i["exercise"] for i in kept]
    assert "clamshell" in slugs and "glute-bridge" in slugs
    # ...before the second piriformis stretch and the hamstring stretch
    assert "pigeon" not in slugs and "hamstring-stretch" not in slugs
    assert "walk" not in slugs and "ice" not in slugs


def test_recovery_is_left_out_first(catalog, full_day):
    total = sum(item_minutes(i) for i in full_day)
    _, left_out = fit(full_day, total - 1, catalog)
    assert [i["exercise"] for i in left_out] == ["ice"]  # the walk is longer but still fits


def test_targets_on_the_items_need_no_catalog(catalog, full_day):
    with_targets = [dict(i, targets=catalog.exercises[i["exercise"]]["targets"]) for i in full_day]
    assert fit(with_targets, 15) == fit(with_targets, 15, catalog)
