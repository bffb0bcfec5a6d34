"""The period report object on constructed histories: exact numbers, the statements at their
boundaries, the periods and options, and the CSV and JSON forms."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import dump, fail, ok

from glutelog.commands import entries, views
from glutelog.reports import insight, period_report
from glutelog.rules import rule

MONDAY = date(2026, 11, 23)


def status(planned, done, day_type="strength"):
    return {"planned": planned, "done": done, "day_type": day_type}


def morning(day: date, value: int, side=None, timing="morning") -> dict:
    iso = day.isoformat()
    return {"id": 0, "at": iso, "day": iso, "score": value, "timing": timing, "side": side, "note": None}  # fmt: skip


def build(
    catalog,
    today,
    statuses=None,
    first_day=None,
    sets=None,
    marks=None,
    totals=(),
    soreness=(),
    kind="week",
    day=MONDAY,
    **more,
):
    found = period_report.period(kind, today, day, **more)
    return period_report.build_period_report(
        catalog,
        found,
        today,
        first_day,
        statuses or {},
        sets or {},
        marks or {},
        list(totals),
        list(soreness),
    )


def days_from(first: date, values: list) -> dict:
    return {(first + timedelta(days=i)).isoformat(): v for i, v in enumerate(values) if v}


# --- adherence and streaks ---------------------------------------------------------------------


def test_a_planned_rest_day_counts_as_done():
    plan = {"day_type": "rest", "items": [{"done": False}]}
    assert period_report.status(plan) == {"planned": 1, "done": 1, "day_type": "rest"}


def test_adherence_with_a_mid_week_start_and_a_rest_day(catalog):
    wednesday = MONDAY + timedelta(days=2)
    statuses = days_from(
        wednesday, [status(7, 7), status(6, 3, "recovery"), status(1, 1, "rest"), status(7, 2)]
    )
    report = build(catalog, MONDAY + timedelta(days=5), statuses, first_day=wednesday)
    assert [d["counted"] for d in report["days"]] == [False, False, True, True, True, True, False]
    assert report["days"][0]["planned"] is None
    assert report["adherence"] == {"planned": 21, "done": 13, "percent": 100 * 13 / 21}
    week = report["weeks"][0]
    assert (week["days_counted"], week["days_complete"]) == (4, 2)  # Wednesday and the rest day


def test_streaks_run_across_week_boundaries(catalog):
    # complete from the Thursday before to this Wednesday; today (Thursday) is still open
    thursday = MONDAY - timedelta(days=4)
    statuses = days_from(thursday, [status(5, 5)] * 7 + [status(5, 1)])
    today = MONDAY + timedelta(days=3)
    report = build(catalog, today, statuses, first_day=thursday)
    assert report["streak"] == {"current": 7, "longest": 7, "lookback_days": 56}
    # the week before, as of its Sunday: four days in a row
    last_week = build(catalog, today, statuses, first_day=thursday, day=thursday)
    assert last_week["streak"]["current"] == 4


def test_a_missed_day_breaks_the_streak(catalog):
    statuses = days_from(MONDAY, [status(5, 5), status(5, 4), status(5, 5), status(5, 5)])
    report = build(catalog, MONDAY + timedelta(days=4), statuses, first_day=MONDAY)
    assert (report["streak"]["current"], report["streak"]["longest"]) == (2, 2)


# --- totals and means --------------------------------------------------------------------------


def test_per_side_totals_and_the_side_block(catalog):
    totals = [
        ("pigeon", "seconds", "left", 2, 60.0),
        ("pigeon", "seconds", "right", 1, 30.0),
        ("pigeon", "seconds", "both", 2, 60.0),
        ("clamshell", "reps", None, 2, 30.0),
        ("glute-bridge", "reps", None, 2, 24.0),
    ]
    report = build(catalog, MONDAY, totals=totals)
    pigeon = next(e for e in report["exercises"] if e["exercise"] == "pigeon")
    assert (pigeon["sets"], pigeon["total"], pigeon["left"], pigeon["right"]) == (5, 150, 120, 90)
    bridge = next(e for e in report["exercises"] if e["exercise"] == "glute-bridge")
    assert bridge["left"] is None
    sides = report["insight"]["sides"]
    assert sides["left"]["holds_seconds"] == 120 and sides["right"]["holds_seconds"] == 90
    assert sides["left"]["reps"] == sides["right"]["reps"] == 30  # the bridge is not per side
    assert (sides["left"]["sets"], sides["right"]["sets"]) == (6, 5)


def test_weekly_means_and_changes_are_unrounded(catalog):
    scores = [morning(MONDAY + timedelta(days=i), v) for i, v in enumerate([3, 3, 2, 2, 3, 2, 2])]
    scores += [morning(MONDAY - timedelta(days=i), v) for i, v in ((1, 5), (2, 5), (3, 4))]
    report = build(
        catalog, MONDAY + timedelta(days=6), soreness=scores, first_day=MONDAY - timedelta(days=3)
    )
    assert report["weeks"][0]["morning_mean"] == 17 / 7
    assert report["weeks"][0]["morning_count"] == 7
    assert report["soreness"]["previous_mean"] == 14 / 3
    assert report["soreness"]["change"] == 17 / 7 - 14 / 3


# --- the meaningful-change statement -----------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (2.9, 0.9, "fall"),  # 2 points, from under 4
        (2.9, 1.0, None),  # 1.9 points; 34% but the baseline is under 4
        (4.0, 2.8, "fall"),  # 30% of a baseline of 4
        (4.0, 2.9, None),  # 27.5%
        (3.9, 2.7, None),  # 31%, baseline just under 4
        (3.0, 2.0, None),  # 33% but 1 point (trend_baseline_min)
        (3.0, 1.0, "fall"),  # 2 points
        (1.0, 0.7, None),  # 30% of a tiny baseline
        (3.0, 5.0, "rise"),  # 2 points up
        (2.0, 3.9, None),  # 1.9 points up from under 3
    ],
)
def test_meaningful_change_boundaries(before, after, expected):
    assert insight.meaningful_change(before, after) == expected


def statement_for(catalog, before: list, now: list) -> str | None:
    scores = [morning(MONDAY - timedelta(days=7 - i), v) for i, v in enumerate(before)]
    scores += [morning(MONDAY + timedelta(days=i), v) for i, v in enumerate(now)]
    first = MONDAY - timedelta(days=7)
    return build(catalog, MONDAY + timedelta(days=6), soreness=scores, first_day=first)["soreness"][
        "statement"
    ]


def test_the_statement_at_two_points(catalog):
    assert (
        "2 lower than the week before (5, 3 scores), your first week, a meaningful improvement"
        in statement_for(catalog, [5, 5, 5], [3, 3, 3])
    )
    # 1.67 points from 2.67 (62%, but from under 3): no verdict
    assert "meaningful" not in statement_for(catalog, [3, 3, 2], [1, 1, 1])


def test_the_statement_at_30_percent(catalog):
    # from a baseline of 4 (the exact 30% boundary is in test_meaningful_change_boundaries)
    assert "meaningful" not in statement_for(catalog, [4, 4, 4], [3, 3, 3, 3, 3, 3, 2])  # 29%
    assert "a meaningful improvement" in statement_for(catalog, [4, 4, 4], [3, 3, 2])  # 33%
    # from under 4: 3 -> 2 is 33% but 1 point, 3.67 -> 2.67 is 27%: not meaningful
    assert "meaningful" not in statement_for(catalog, [3, 3, 3], [2, 2, 2])
    assert "meaningful" not in statement_for(catalog, [4, 4, 3], [3, 3, 2])


def test_a_rise_is_stated_too(catalog):
    assert (
        "2 higher than the week before (2, 3 scores), your first week, a meaningful rise"
        in statement_for(catalog, [2, 2, 2], [4, 4, 4])
    )


def test_too_few_scores_say_not_enough_data(catalog):
    text = statement_for(catalog, [5, 5, 5], [1, 1])
    assert "not enough data yet" in text and "(2 scores)" in text


# --- runs, strength, sides, the course ---------------------------------------------------------


def next_morning_report(catalog, key_index: int, marked_days: list):
    """Mornings 5 after the marked days, 2 after the others (3 on the Monday after)."""
    first = MONDAY
    values = {1: 5, 2: 2, 3: 5, 4: 2, 5: 5, 6: 2, 7: 3}
    scores = [morning(first + timedelta(days=i), v) for i, v in values.items()]
    marks = {}
    for offset in marked_days:
        row = [0, 0, 0, 0]
        row[key_index] = 2
        marks[(first + timedelta(days=offset)).isoformat()] = tuple(row)
    statuses = days_from(first, [status(5, 5)] * 8)
    return build(catalog, first + timedelta(days=7), statuses, first, marks=marks, soreness=scores)[
        "insight"
    ]


def test_mornings_after_runs_against_other_days(catalog):
    running = next_morning_report(catalog, 0, [0, 2, 4])["running"]
    assert (running["run_days"], running["other_days"]) == (3, 4)
    assert running["after_run_mean"] == 5 and running["after_other_mean"] == 9 / 4
    assert running["difference"] == 5 - 9 / 4 and running["enough"] is True
    assert running["statement"].startswith(
        "Mornings after run days average 5, after other days 2.2"
    )


def test_two_run_days_are_not_enough(catalog):
    running = next_morning_report(catalog, 0, [0, 2])["running"]
    assert running["enough"] is False and running["run_days"] == 2
    assert "not enough data yet (2 run days and 5 other days" in running["statement"]


def test_mornings_after_strength_days(catalog):
    found = next_morning_report(catalog, 3, [0, 2, 4])
    assert found["strength"]["after_strength_mean"] == 5 and found["strength"]["enough"]
    assert found["running"]["run_days"] == 0 and not found["running"]["enough"]


@pytest.mark.parametrize(("right", "lagging"), [(80, "right"), (81, None), (100, None)])
def test_the_side_lag_at_its_margin(catalog, right, lagging):
    totals = [
        ("clamshell", "reps", "left", 4, 100.0),
        ("clamshell", "reps", "right", 4, float(right)),
    ]
    sides = build(catalog, MONDAY, totals=totals)["insight"]["sides"]
    assert sides["enough"] and sides["lagging"] == lagging
    if lagging:
        assert sides["statement"].startswith("The right side lags by 20% or more")
    elif right < 100:  # under the lag threshold, yet not even: the gap is named
        assert sides["statement"].startswith("Left and right are within 20% of each other")
    else:
        assert sides["statement"].startswith("Left and right are even")


def test_sides_need_three_sets_each(catalog):
    totals = [("clamshell", "reps", "left", 4, 100.0), ("clamshell", "reps", "right", 2, 20.0)]
    sides = build(catalog, MONDAY, totals=totals, soreness=[morning(MONDAY, 4, "right", "after")])[
        "insight"
    ]["sides"]
    assert not sides["enough"] and sides["lagging"] is None
    assert "not enough data yet (4 sets on the left, 2 on the right" in sides["statement"]
    assert sides["right"]["sore_mean"] == 4 and sides["left"]["sore_count"] == 0


def course_for(catalog, first_week: list, this_week: list, days: int):
    """The course line on the Wednesday ``days`` after the first log, with the week's scores
    from Monday: judged on the report's one comparison with the first week."""
    today = MONDAY + timedelta(days=2)
    first = today - timedelta(days=days)
    scores = [morning(first + timedelta(days=i), v) for i, v in enumerate(first_week)]
    scores += [morning(MONDAY + timedelta(days=i), v) for i, v in enumerate(this_week)]
    return build(catalog, today, soreness=scores, first_day=first)["insight"]["course"]


def test_the_course_and_the_six_week_review(catalog):
    early = course_for(catalog, [5, 5, 5], [], 10)
    assert early["weeks_since_start"] == 1 and early["statement"].startswith("Week 2 since")
    review = course_for(catalog, [4, 4, 4], [4, 3, 4], rule("review_after_days"))
    assert review["weeks_since_start"] == 6
    assert "not a real improvement on your first week: time for a review" in review["statement"]
    better = course_for(catalog, [4, 4, 4], [2, 2, 2], rule("review_after_days"))
    assert "a real improvement" in better["statement"] and "review" not in better["statement"]
    not_yet = course_for(catalog, [4, 4, 4], [2, 2, 2], rule("review_after_days") - 1)
    assert "review" not in not_yet["statement"]


def test_within_the_usual_weeks_a_real_fall_is_said_not_left_to_watch(catalog):
    """Five weeks in, with mornings down from 5.7 to 0.7 on the first week, the course line
    said only "worth watching for a clear fall" right under the statement of that fall."""
    days = 5 * 7
    fallen = course_for(catalog, [6, 6, 5], [1, 1, 0], days)
    start = (MONDAY + timedelta(days=2 - days)).isoformat()
    assert fallen["statement"] == (
        f"5 weeks since you started on {start}: mornings are a real improvement on your first "
        "week already."
    )
    flat = course_for(catalog, [4, 4, 4], [4, 3, 4], days)
    assert "worth watching for a clear fall" in flat["statement"]
    few = course_for(catalog, [6, 6, 5], [1], days)  # too few recent scores to judge
    assert "worth watching for a clear fall" in few["statement"]


# --- periods through the command line ----------------------------------------------------------

NOW = datetime(2026, 11, 26, 20, 0).astimezone()


def seed(db: str) -> None:
    for back in range(20, 0, -1):
        day = NOW.date() - timedelta(days=back)
        when = datetime(day.year, day.month, day.day, 7).astimezone().isoformat()
        entries.sore(db=db, score=str(2 + back % 3), morning=True, at=when, now=NOW)
        entries.done(db=db, exercise="bridge", amount=["2x12"], at=when, now=NOW)
        if back % 4 == 0:
            entries.done(db=db, exercise="run", amount=["5.5km", "31.5min"], at=when, now=NOW)


def as_json(db: str, **options) -> dict:
    return json.loads(views.report(db=db, fmt="json", now=NOW, **options))


def test_the_periods(db_path):
    seed(db_path)
    weeks = as_json(db_path, weeks="3")["period"]
    assert (weeks["kind"], weeks["start"], weeks["end"]) == ("weeks", "2026-11-09", "2026-11-29")
    month = as_json(db_path, month="oct")["period"]
    assert (month["start"], month["end"], month["label"]) == (
        "2026-10-01",
        "2026-10-31",
        "October 2026",
    )
    assert as_json(db_path, month="this")["period"]["start"] == "2026-11-01"
    span = as_json(db_path, since="2026-11-10", until="2026-11-12")
    assert [d["date"] for d in span["days"]] == ["2026-11-10", "2026-11-11", "2026-11-12"]
    assert as_json(db_path, year=True)["period"]["start"] == "2025-12-01"


def test_weekly_running_distance_and_time(db_path):
    seed(db_path)
    report = as_json(db_path, weeks="3")
    # runs on 10, 14, 18 and 22 November
    assert [w["run_km"] for w in report["weeks"]] == [11.0, 11.0, 0]
    assert [w["run_minutes"] for w in report["weeks"]] == [63.0, 63.0, 0]
    # bridges and runs, per week: a run with its time is one set
    assert [w["sets"] for w in report["weeks"]] == [16, 16, 6]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--week", "mon", "--year"], "choose one of --week and --year"),
        (
            ["--weeks", "4", "--month", "nov", "--since", "mon"],
            "choose one of --weeks, --month and --since",
        ),
        (["--until", "today"], "--until goes with --since"),
        (["--since", "2026-11-10", "--until", "2026-11-01"], "is before --since"),
        (["--json", "--format", "csv"], "choose one of --json and --format csv"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--weeks", "0"], "weeks must be from 1 to"),
        (["--month", "nonsense"], "cannot read the month"),
    ],
)
def test_conflicting_or_bad_period_options(cli, db_path, args, message):
    ok(cli("sore", "3", "--morning"))
    before = dump(db_path)
    result = fail(cli("report", *args))
    assert message in result.stderr
    assert dump(db_path) == before


def test_month_alone_means_this_month_on_both_paths(db_path, capsys, monkeypatch):
    from glutelog.cli import dispatch, typer_app

    monkeypatch.setenv("GLUTELOG_DB", db_path)
    entries.sore(db=db_path, score="3", morning=True, now=datetime.now().astimezone())
    outputs = []
    for run in (dispatch.run, typer_app.run_cli):
        capsys.readouterr()
        assert run(["report", "--month", "--format", "json"]) == 0
        outputs.append(json.loads(capsys.readouterr().out)["period"])
    today = date.today()
    assert outputs[0] == outputs[1]
    assert outputs[0]["start"] == today.replace(day=1).isoformat()


# --- formats -----------------------------------------------------------------------------------


def documented_keys() -> dict:
    """The table of report JSON keys in docs/json.md: {"": top-level keys, "soreness": its keys...}."""
    readme = (Path(__file__).parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
    section = readme.split("<!-- report keys -->")[1].split("<!-- /report keys -->")[0]
    found: dict = {}
    for line in section.splitlines():
        match = re.match(r"\| `([a-z_]+)(?:\.([a-z_]+))?` \|", line)
        if match:
            parent, child = (
                (match.group(1), match.group(2)) if match.group(2) else ("", match.group(1))
            )
            found.setdefault(parent, set()).add(child)
    return found


YEAR_ONLY = {"months", "first_month", "first_mean", "last_month", "last_mean", "month_change"}


@pytest.mark.parametrize("options", [{}, {"weeks": "3"}, {"year": True}])
def test_json_keys_are_the_documented_ones(db_path, options):
    seed(db_path)
    report = as_json(db_path, **options)
    keys = documented_keys()
    keys["months"] = keys["months"] | keys["weeks"]  # a month's row has a week's keys too
    left_out = set() if "year" in options else YEAR_ONLY
    assert set(report) == keys[""] - left_out
    for parent, children in keys.items():
        value = report.get(parent)
        sample = value[0] if isinstance(value, list) and value else value
        if parent and isinstance(sample, dict):
            assert set(sample) == children - left_out, parent


@pytest.mark.parametrize(
    ("options", "rows_key"), [({}, "days"), ({"weeks": "3"}, "weeks"), ({"year": True}, "months")]
)
def test_csv_reads_back_as_the_json_numbers(db_path, options, rows_key):
    import csv

    seed(db_path)
    data = as_json(db_path, **options)
    text = views.report(db=db_path, fmt="csv", now=NOW, **options)
    parsed = list(csv.DictReader(text.splitlines()))
    assert len(parsed) == len(data[rows_key]) > 0
    for row, expected in zip(parsed, data[rows_key], strict=True):
        assert set(row) <= set(expected)
        for name, cell in row.items():
            value = expected[name]
            if value is None:
                assert cell == ""
            elif isinstance(value, bool):
                assert cell == ("true" if value else "false")
            elif isinstance(value, (int, float)):
                assert float(cell) == value, name
            else:
                assert cell == value


def test_markdown_and_ascii(db_path):
    seed(db_path)
    markdown = views.report(db=db_path, fmt="markdown", weeks="3", now=NOW)
    assert markdown.startswith("# 3 weeks, 2026-11-09 to 2026-11-29")
    assert "| Week of | Items done | % done |" in markdown and "## Is it helping?" in markdown
    text = views.report(db=db_path, weeks="3", ascii=True, now=NOW)
    assert text.isascii()
    assert "Mornings by week  " in text
    unicode = views.report(db=db_path, weeks="3", now=NOW)
    assert any(ch in unicode for ch in "▁▂▃▄▅▆▇█")


def test_totals_of_a_range_read_from_month_totals_match_the_entries(db_path):
    from conftest import new_entry

    from glutelog.storage.opening import open_store

    store = open_store(db_path)
    try:
        day = date(2026, 8, 25)
        while day <= date(2026, 11, 5):
            side = ("left", "right", "both", None)[day.day % 4]
            store.add_entry(new_entry(day.isoformat(), "pigeon", 2, 30.5, "seconds", side))
            if day.day % 3 == 0:
                run = new_entry(day.isoformat(), "run", 1, 7.25, "km")
                store.add_entry({**run, "minutes": 40.5 if day.day % 2 else None})
            day += timedelta(days=1)

        def summed(rows):
            return sorted((e, u, s or "", n, round(a, 6), m) for e, u, s, n, a, m in rows)

        for first, last in [
            ("2026-08-27", "2026-11-03"),  # two whole months and two edges
            ("2026-09-01", "2026-09-30"),  # one whole month
            ("2026-09-02", "2026-09-29"),  # no whole month
            ("2026-09-01", "2026-10-15"),
        ]:
            assert summed(store.range_totals(first, last)) == summed(store.week_totals(first, last))
    finally:
        store.close()


def test_report_json_is_what_the_json_module_writes():
    """The report's JSON comes from the C encoder without importing ``json`` (start-up): for
    every kind of value a report holds it must be exactly what json.dumps gives."""
    import json

    from glutelog.output import render

    encode = render.row_encoder()
    values = [
        {"a": 1, "b": 2.5, "c": None, "d": True, "e": False, "f": [1, 2.25, "x"]},
        {"name": "Glute bridge \u00e9\u00fc \u2013 \U0001f600", "note": 'quote " and \\ and \n'},
        {"nested": {"deep": [{"k": -0.1}, [], {}]}, "big": 2**60, "small": 1e-9},
        "plain text",
        3,
        0.1 + 0.2,
        None,
        [],
    ]
    for value in values:
        assert encode(value) == json.dumps(value, ensure_ascii=False)
    report = {"period": {"kind": "week"}, "days": [{"date": "2026-11-23", "morning": 2.43}]}
    assert json.loads(render.dumps_rows(report)) == report


def test_the_plan_and_the_report_judge_a_fall_by_one_rule():
    """Mornings 3,3,3,3,2 then 1,1,1,1,0 (2.8 to 0.8, a fall of exactly 2 in floating point
    1.9999999999999998): the plan asked for a review while the report called it a real
    improvement, because each had its own copy of the rule."""
    from glutelog.planner import history

    assert history.meaningful_fall(14 / 5, 4 / 5)
    for before in [x / 10 for x in range(0, 101, 3)]:
        for after in [x / 7 for x in range(0, 71, 2)]:
            assert history.meaningful_fall(before, after) == (
                insight.meaningful_change(before, after) == "fall"
            )


def test_a_year_is_compared_with_the_twelve_calendar_months_before():
    today = date(2026, 12, 2)
    found = period_report.period("year", today)
    assert period_report.previous_period(found) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        "the twelve months before",
    )  # it was the 336 days before 2026-01-01, as many days as this year had so far


def test_a_week_that_has_not_begun_is_refused(cli):
    result = cli("report", "--week", "2099-01-05")
    assert result.exit_code == 2 and "has not begun" in result.stderr


def test_the_streak_line_names_its_span_and_counts_one_day_in_the_singular(cli, db_path):
    """A past week's streak is looked for in the days up to that week's end, not "the last 56
    days"; one day is "1 day"."""
    ok(cli("done", "bridge", "12", "--at", "2025-06-04 08:00", "--db", db_path))
    past = ok(cli("report", "--week", "2025-06-04", "--db", db_path)).stdout.splitlines()
    assert past[2].startswith("Streak: ")
    assert past[2].endswith(" in the 56 days to 2025-06-08).")
    assert "in the last" not in past[2]
    markdown = ok(cli("report", "--week", "2025-06-04", "--format", "markdown", "--db", db_path))
    assert "in the 56 days to 2025-06-08)." in markdown.stdout
    now = ok(cli("report", "--db", db_path)).stdout.splitlines()
    assert now[2] == "Streak: 0 days (longest 0 in the last 56 days)."
    from glutelog.output.render import streak_text

    one = {
        "streak": {"current": 1, "longest": 3, "lookback_days": 56},
        "period": {"kind": "week", "end": "2026-12-06", "today": "2026-12-02"},
    }
    assert streak_text(one) == "1 day (longest 3 in the last 56 days)"
