"""Issue 21, observations 4 and 5: one soreness story in every format of a report, and totals
in the units people read (hours and minutes, km in a time), in the catalog's order."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta

from glutelog.output import render
from glutelog.reports import period_report, to_html, to_markdown
from glutelog.rules import rule

MONDAY = date(2026, 11, 23)
WEDNESDAY = MONDAY + timedelta(days=2)


def morning(day: date, value: int) -> dict:
    iso = day.isoformat()
    return {"id": 0, "at": iso, "day": iso, "score": value, "timing": "morning", "side": None, "note": None}  # fmt: skip


def scores(first: date, values: list) -> list:
    return [morning(first + timedelta(days=i), v) for i, v in enumerate(values) if v is not None]


def statuses(first: date, last: date, planned=5, done=4) -> dict:
    found, day = {}, first
    while day <= last:
        found[day.isoformat()] = {"planned": planned, "done": done, "day_type": "strength"}
        day += timedelta(days=1)
    return found


def build(catalog, today, soreness=(), first_day=None, kind="week", day=MONDAY, **more):
    found = period_report.period(
        kind, today, day, **{k: v for k, v in more.items() if k in ("count", "until")}
    )
    first_day = first_day or min((date.fromisoformat(s["day"]) for s in soreness), default=today)
    return period_report.build_period_report(
        catalog,
        found,
        today,
        first_day,
        more.get("statuses", statuses(first_day, today)),
        more.get("sets", {}),
        more.get("marks", {}),
        list(more.get("totals", ())),
        list(soreness),
    )


def page_text(report: dict, tables: bool = True) -> str:
    """The words of the physio page, without its markup and its charts (and its tables)."""
    page = to_html.page(report, "test")
    if not tables:
        page = re.sub(r"<table.*?</table>", " ", page, flags=re.S)
    page = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def formats(report: dict) -> dict:
    """The one report as each format says it (the page as its words)."""
    return {
        "text": render.period_text(report),
        "markdown": to_markdown.render(report),
        "json": render.dumps_rows(report),
        "html": page_text(report),
    }


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# --- observation 4: soreness told once -----------------------------------------------------------


def week_in_progress(catalog):
    """Five weeks in, on a Wednesday: a first week at 6.4, the week before at 4.7, and Monday
    to Wednesday at 1.3. The last seven days (3.1) are another figure nobody asked for."""
    first = MONDAY - timedelta(days=35)
    soreness = scores(first, [7, 7, 7, 6, 6, 6, 6])  # 45/7 = 6.43
    soreness += scores(MONDAY - timedelta(days=7), [5, 5, 5, 4, 4, 5, 5])  # 33/7 = 4.71
    soreness += scores(MONDAY, [1, 2, 1])  # 4/3 = 1.33
    return build(catalog, WEDNESDAY, soreness, first_day=first)


def test_4_soreness_is_told_once_with_one_set_of_numbers(catalog):
    report = week_in_progress(catalog)
    s = report["soreness"]
    assert (round(s["mean"], 1), round(s["change"], 1), round(s["change_from_first"], 1)) == (
        1.3,
        -3.4,
        -5.1,
    )
    for name, said in formats(report).items():
        words = one_line(said)
        if name != "json":
            assert words.count(s["statement"]) == 1, (name, said)
            # said once: the first week's mean and the week before's appear in one sentence
            assert words.count("6.4") == 1 and words.count("4.7") == 1, (name, said)
        # no second figure for "now": the last seven days' mean is not the report's
        assert "3.1" not in words, (name, said)
        course = report["insight"]["course"]["statement"]
        assert not re.search(r"\d\.\d", course) and "averag" not in course
    assert "5.1" in s["statement"] and "3.4" in s["statement"]


def test_4_the_period_before_is_compared_only_when_it_holds_enough_logged_days(catalog):
    """--weeks 8 compared with "the 8 weeks before" when those weeks held 2 scored mornings."""
    first = MONDAY - timedelta(days=7 * 7 + 2)  # the Saturday before the period
    soreness = scores(first, [7, 7] + [3] * 54)
    sunday = MONDAY + timedelta(days=6)
    report = build(catalog, sunday, soreness, first_day=first, kind="weeks", count=8)
    s = report["soreness"]
    assert s["previous_count"] == 2
    assert s["change"] is None
    assert s["previous_needed"] == max(
        rule("trend_min_scores"), -(-56 * rule("report_before_min_share") // 1)
    )
    for name, said in formats(report).items():
        if name == "json":
            continue
        words = one_line(said)
        assert "vs the 8 weeks before" not in words
        assert not re.search(r"the 8 weeks before \(\d", words), (name, said)
        assert "too few to compare" in words, (name, said)
    assert report["messages"] == []


def test_4_a_week_before_with_enough_mornings_is_compared(catalog):
    soreness = scores(MONDAY - timedelta(days=7), [5, 5, 4]) + scores(MONDAY, [3, 3, 2, 2, 3, 2, 2])
    report = build(catalog, MONDAY + timedelta(days=6), soreness)
    s = report["soreness"]
    assert s["previous_count"] == 3 and round(s["change"], 1) == -2.2
    assert "2.2 lower than the week before (4.7, 3 scores)" in s["statement"]


def test_4_a_year_says_one_story_with_its_first_and_last_months(catalog):
    first = date(2026, 9, 1)
    soreness = scores(first, [5] * 30 + [3] * 31 + [2] * 23)
    today = date(2026, 11, 23)
    report = build(catalog, today, soreness, first_day=first, kind="year")
    s = report["soreness"]
    assert s["change"] is None  # the twelve months before hold nothing
    assert s["month_change"] == -3
    for name, said in formats(report).items():
        if name != "json":
            assert one_line(said).count(s["statement"]) == 1, (name, said)
    assert "5 in 2026-09" in s["statement"] and "2 in 2026-11" in s["statement"]


def test_4_the_same_soreness_numbers_in_text_markdown_json_and_the_page(catalog):
    report = week_in_progress(catalog)
    said = formats(report)
    data = json.loads(said["json"])
    assert data["soreness"]["statement"] == report["soreness"]["statement"]
    # the page's tables hold other measures (next-morning soreness after runs), not the story
    said["html"] = page_text(report, tables=False)
    figures = {
        name: sorted(set(re.findall(r"\d+\.\d", one_line(words))))
        for name, words in said.items()
        if name != "json"
    }
    story = sorted(set(re.findall(r"\d+\.\d", report["soreness"]["statement"])))
    assert story == ["1.3", "3.4", "4.7", "5.1", "6.4"]
    for name, found in figures.items():
        assert found == story, (name, found)
    assert round(data["soreness"]["mean"], 1) == 1.3
    assert round(data["soreness"]["first_week_mean"], 1) == 6.4


# --- observation 5: human units, the catalog's order, headers that say what is under them ------


def heavy_weeks(catalog):
    """Two weeks of holds, a cold pack most evenings and long runs."""
    sunday = MONDAY + timedelta(days=6)
    marks = {(MONDAY + timedelta(days=i)).isoformat(): (1, 220 / 7, 185, 1) for i in range(7)}
    totals = [  # (exercise, unit, side, sets, amount summed, minutes of a distance)
        ("pigeon", "seconds", "left", 100, 6675),  # 1 h 51 min a side, 3 h 43 min in all
        ("pigeon", "seconds", "right", 100, 6675),
        ("ice", "minutes", None, 22, 330),
        ("run", "km", None, 7, 220, 1295),
        ("glute-bridge", "reps", None, 10, 120),
        ("clamshell", "reps", "both", 4, 60),
        ("ball-sock-wall", "seconds", "both", 4, 330),  # 5 min 30 s
        ("walk", "minutes", None, 3, 60),
    ]
    return build(
        catalog, sunday, scores(MONDAY, [3] * 7), first_day=MONDAY, marks=marks, totals=totals
    )


def test_5_totals_are_in_hours_and_minutes_and_km_in_a_time(catalog):
    report = heavy_weeks(catalog)
    for name, said in formats(report).items():
        if name == "json":
            continue
        words = one_line(said)
        assert "13350 s" not in words and "6675" not in words, (name, said)
        assert "330 min" not in words and "1295" not in words, (name, said)
        assert "5 h 30 min" in words, (name, said)  # the cold pack
        assert "220 km in 21 h 35 min" in words, (name, said)
        assert "5 min 30 s" in words, (name, said)  # the ball against the wall, a side
        assert "3 h 43 min" in words or "1 h 51 min" in words, (name, said)
    assert "left 1 h 57 min of holds" in report["insight"]["sides"]["statement"]


def test_5_the_weekly_text_says_running_as_a_distance_in_a_time(catalog):
    text = render.period_text(heavy_weeks(catalog))
    assert "220 km in 21 h 35 min" in text
    assert not re.search(r"\d+ km, \d+ min", text)


def test_5_a_plan_says_about_how_long_in_whole_minutes(cli):
    from conftest import ok

    out = ok(cli("plan")).stdout
    assert re.search(r"about (\d+ min|\d+ h( \d+ min)?)\)", out), out
    assert not re.search(r"about \d+\.\d+ min", out), out


def test_5_exercises_are_listed_by_block_then_name(catalog):
    report = heavy_weeks(catalog)
    blocks = list(dict.fromkeys(e["block"] for e in catalog.exercises.values()))
    expected = sorted(
        report["exercises"],
        key=lambda e: (blocks.index(catalog.exercises[e["exercise"]]["block"]), e["name"]),
    )
    names = [e["name"] for e in expected]
    assert [e["name"] for e in report["exercises"]] == names
    assert names[:2] == ["Ball-in-sock wall release", "Pigeon stretch"]  # stretch and release
    tables = {"text": "Exercise ", "markdown": "## Exercises", "html": "Totals by exercise"}
    for name, said in formats(report).items():
        if name == "json":
            continue
        words = one_line(said)
        words = words[words.index(tables[name]) :]
        places = [words.index(n) for n in names]
        assert places == sorted(places), (name, said)


def test_5_the_daily_table_heads_what_was_done_as_done(catalog):
    report = heavy_weeks(catalog)
    lines = render.period_text(report).splitlines()
    header = next(line for line in lines if line.startswith("Day "))
    row = next(line for line in lines if line.startswith("Mon 11-23"))
    column = row.index("4/5")
    assert header[column:].startswith("Items done"), (header, row)
    markdown = to_markdown.render(report).splitlines()
    header = next(line for line in markdown if line.startswith("| Day"))
    row = next(line for line in markdown if line.startswith("| 2026-11-23"))
    cells = dict(zip(header.split("|"), row.split("|"), strict=True))
    assert cells[" Items done "] == " 4/5 "
    assert "Plan" not in header


def test_5_weeks_and_the_year_have_the_same_columns_in_the_same_order(catalog):
    first = date(2026, 9, 28)
    soreness = scores(first, [4] * 57)
    today = first + timedelta(days=56)
    weeks = build(catalog, today, soreness, first_day=first, kind="weeks", count=4)
    year = build(catalog, today, soreness, first_day=first, kind="year")

    def text_header(report, first_word):
        line = next(x for x in render.period_text(report).splitlines() if x.startswith(first_word))
        return line.split("  ")[1:]

    def markdown_header(report, first_word):
        line = next(
            x for x in to_markdown.render(report).splitlines() if x.startswith(f"| {first_word}")
        )
        return line.split("|")[2:]

    week_words = [w.strip() for w in text_header(weeks, "Week of") if w.strip()]
    month_words = [w.strip() for w in text_header(year, "Month") if w.strip()]
    assert week_words == month_words
    assert markdown_header(weeks, "Week of") == markdown_header(year, "Month")
    assert "Running" in week_words


def test_5_one_duration_function_for_every_format():
    from glutelog.output import units

    assert units.duration(13350) == "3 h 43 min"
    assert units.duration(1295 * 60) == "21 h 35 min"
    assert units.duration(330) == "5 min 30 s"
    assert units.duration(45) == "45 s"
    assert units.duration(3600) == "1 h"
    assert units.quantity(330, "minutes") == "5 h 30 min"
    assert units.quantity(12, "reps") == "12 reps"
    assert units.total({"total": 220, "unit": "km", "minutes": 1295}) == "220 km in 21 h 35 min"


def test_4_a_report_that_shares_a_few_days_with_the_first_week_is_compared_with_it(catalog):
    """Eight weeks from a Monday, five days after the first log: the flagship report said only
    that the period held the first week, never whether it was helping."""
    sunday = MONDAY + timedelta(days=6)
    start = sunday - timedelta(days=55)
    shared = rule("first_week_overlap_days")
    for before, compared in ((7 - shared, True), (7 - shared - 1, False)):
        first = start - timedelta(days=before)
        soreness = scores(first, [7] * 7 + [2] * 56)
        report = build(catalog, sunday, soreness, first_day=first, kind="weeks", count=8)
        s = report["soreness"]
        assert (s["change_from_first"] is not None) is compared, before
        assert ("than your first week" in s["statement"]) is compared
        if compared:
            assert "real improvement on your first week" in report["insight"]["course"]["statement"]
