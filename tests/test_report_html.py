"""`report --html FILE`: one self-contained page for a physio, from the period report object."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from conftest import fail, installed_copy, new_entry, ok

from glutelog.output import units
from glutelog.output.render import dose_text
from glutelog.parsing import format_amount
from glutelog.planner.history import Context, History
from glutelog.reports import svg_charts as charts
from glutelog.reports import to_html
from glutelog.storage.opening import open_store

HOSTILE = "<script>alert(1)</script>"


def contract_report() -> dict:
    """A period report object that follows the shared contract key for key: three weeks, with
    every optional block, a custom exercise and a flag note that hold markup."""
    start = date(2026, 11, 9)
    days = []
    for i in range(21):
        day = start + timedelta(days=i)
        days.append(
            {
                "date": day.isoformat(),
                "planned": 6,
                "done": 6 if i % 4 else 3,
                "day_type": "strength" if i % 2 else "daily",
                "counted": True,
                "morning": [6, 5, 5, 4, 4, 3, 3][i % 7] - i // 7,
                "after": 5 if i % 3 == 0 else None,
                "sets": 20 + i,
                "run_km": 8.25 if i % 3 == 1 else 0.0,
                "run_minutes": 47.0 if i % 3 == 1 else 0.0,
            }
        )
    weeks = []
    for w in range(3):
        week = days[7 * w : 7 * w + 7]
        mornings = [d["morning"] for d in week]
        planned, done = sum(d["planned"] for d in week), sum(d["done"] for d in week)
        weeks.append(
            {
                "start": week[0]["date"],
                "end": week[-1]["date"],
                "planned": planned,
                "done": done,
                "percent": 100 * done / planned,
                "days_counted": 7,
                "days_complete": sum(d["done"] == d["planned"] for d in week),
                "morning_mean": sum(mornings) / 7,
                "morning_count": 7,
                "sets": sum(d["sets"] for d in week),
                "run_km": sum(d["run_km"] for d in week),
                "run_minutes": sum(d["run_minutes"] for d in week),
            }
        )
    planned, done = sum(w["planned"] for w in weeks), sum(w["done"] for w in weeks)
    return {
        "period": {
            "kind": "weeks",
            "start": days[0]["date"],
            "end": days[-1]["date"],
            "today": days[-1]["date"],
            "label": "3 weeks to 2026-11-29",
        },
        "first_day": "2026-11-02",
        "days": days,
        "weeks": weeks,
        "adherence": {"planned": planned, "done": done, "percent": 100 * done / planned},
        "streak": {"current": 3, "longest": 11, "lookback_days": 56},
        "exercises": [
            {
                "exercise": "pigeon",
                "name": "Pigeon stretch",
                "sets": 42,
                "total": 1260.0,
                "unit": "seconds",
                "left": 700.0,
                "right": 560.0,
            },
            {
                "exercise": "glute-bridge",
                "name": "Glute bridge",
                "sets": 21,
                "total": 252,
                "unit": "reps",
                "left": None,
                "right": None,
            },
            {
                "exercise": "my-move",
                "name": f"My move {HOSTILE}",
                "sets": 6,
                "total": 90,
                "unit": "reps",
                "left": 45,
                "right": 45,
            },
        ],  # fmt: skip
        "soreness": {
            "days": [
                {"date": d["date"], "morning": d["morning"], "after": d["after"]} for d in days
            ],
            "mean": 3.4285714285714284,
            "count": 21,
            "previous_mean": 5.142857142857143,
            "previous_count": 7,
            "change": -1.7142857142857144,
            "first_week_start": "2026-11-02",
            "first_week_mean": 5.571428571428571,
            "change_from_first": -2.142857142857143,
            "statement": "Mean morning soreness fell 2.1 points since the first week: a meaningful change.",
        },
        "insight": {
            "minimum": {"run_days": 3, "other_days": 3, "side_scores": 3},
            "course": {
                "weeks_since_start": 4,
                "usual_min": 4,
                "usual_max": 6,
                "statement": "Week 4 since you started: most episodes settle in 4-6 weeks.",
            },
            "running": {
                "run_days": 7,
                "other_days": 14,
                "after_run_mean": 4.142857142857143,
                "after_other_mean": 3.0714285714285716,
                "difference": 1.0714285714285714,
                "enough": True,
                "statement": "Mornings after a run average 1.1 points higher.",
            },
            "strength": {
                "strength_days": 2,
                "other_days": 19,
                "after_strength_mean": None,
                "after_other_mean": None,
                "difference": None,
                "enough": False,
                "statement": "Not enough data yet: 2 strength days of the 3 needed.",
            },
            "sides": {
                "left": {
                    "holds_seconds": 700.0,
                    "reps": 45,
                    "sets": 27,
                    "sore_mean": 4.5,
                    "sore_count": 4,
                },
                "right": {
                    "holds_seconds": 560.0,
                    "reps": 45,
                    "sets": 21,
                    "sore_mean": 3.25,
                    "sore_count": 4,
                },
                "lagging": "right",
                "enough": True,
                "statement": "The right side gets 20% less hold time than the left.",
            },
            "flags": [
                {
                    "id": 1,
                    "symptom": "tingling",
                    "tier": "exercise",
                    "label": "tingling or shooting pain during Pigeon stretch",
                    "exercise": "pigeon",
                    "day": "2026-11-20",
                    "until": "2026-12-03",
                    "cleared_day": None,
                    "note": HOSTILE,
                },
            ],
        },  # fmt: skip
        "doses": [
            {
                "exercise": "pigeon",
                "name": "Pigeon stretch",
                "block": "daily",
                "sets": 3,
                "amount": 30,
                "unit": "seconds",
                "sides": ["left", "right"],
            },
            {
                "exercise": "glute-bridge",
                "name": "Glute bridge",
                "block": "strength",
                "sets": 2,
                "amount": 14,
                "unit": "reps",
                "sides": [],
            },
        ],  # fmt: skip
        "messages": ["Morning soreness fell 1.7 points on last week: a real improvement."],
        "pause": None,
    }


class Page(HTMLParser):
    """The page's visible text (scripts and styles aside), its tags, and each <table>'s rows."""

    def __init__(self, text: str):
        super().__init__()
        self.tags: list = []
        self.text: list = []
        self.tables: list = []
        self._skip = 0
        self._row: list | None = None
        self._cell: list | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if self._cell is not None:
                self._cell.append(data)

    def words(self) -> str:
        return " ".join("".join(self.text).split())

    def table(self, *headers: str) -> list:
        """The first table whose header row starts with ``headers``."""
        return next(t for t in self.tables if t and t[0][: len(headers)] == list(headers))


@pytest.fixture(scope="module")
def page() -> str:
    return to_html.page(contract_report(), "0.1.0")


def test_the_charts_are_inline_svg_and_nothing_comes_from_elsewhere(page):
    tags = Page(page).tags
    # soreness (a wide copy and a narrow one for phones), sets, running km, left and right
    assert [t for t, _ in tags].count("svg") == 5
    assert not [t for t, _ in tags if t in ("img", "script", "link", "iframe", "object", "embed")]
    assert "http://" not in page and "https://" not in page
    # no protocol-relative reference either (//host/x), nor a namespace URI, nor @import
    assert "//" not in page
    assert "xmlns" not in page and "@import" not in page
    for _, attrs in tags:
        for name in ("src", "href", "xlink:href"):
            assert name not in attrs


def test_markup_in_a_note_or_an_exercise_name_is_shown_as_text(page):
    assert "<script" not in page.lower()
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert page.count(escaped) >= 3  # the flag's note, the totals table, the left-and-right chart
    words = Page(page).words()
    assert f"My move {HOSTILE}" in words
    flags = Page(page).table("Day")
    assert flags[1][2] == HOSTILE


def test_the_summary_numbers_are_the_report_objects(page):
    report = contract_report()
    words = Page(page).words()
    adherence = report["adherence"]
    assert f"{round(adherence['percent'])}% of planned items" in words
    assert f"{adherence['done']} of {adherence['planned']} planned items" in words
    assert "Full-plan days in a row: 3 now, longest 11 in the last 56 days" in words
    assert "3.4 of 10 mean of 21 morning scores" in words
    for key in ("course", "running", "strength", "sides"):
        assert report["insight"][key]["statement"] in words
    assert report["soreness"]["statement"] in words
    assert report["messages"][0] in words


def test_the_tables_show_the_report_objects_weeks_sides_totals_and_doses(page):
    report = contract_report()
    shown = Page(page)
    weeks = shown.table("Week")[1:]
    assert len(weeks) == 3
    for row, week in zip(weeks, report["weeks"], strict=True):
        assert row[1] == f"{week['done']}/{week['planned']} ({round(week['percent'])}%)"
        assert row[2] == f"{week['days_complete']}/7"
        assert row[3] == f"{round(week['morning_mean'], 1):g}"
        assert row[4] == str(week["sets"])
        assert row[5] == units.run(week["run_km"], week["run_minutes"])
    sides = shown.table("Exercise", "left", "right")
    assert sides[1] == ["Pigeon stretch", "11 min 40 s", "9 min 20 s"]  # no sides for the bridge
    totals = shown.table("Exercise", "sets", "total")
    assert [r[0] for r in totals[1:]] == [e["name"] for e in report["exercises"]]
    assert totals[2] == ["Glute bridge", "21", format_amount(252, "reps")]
    per_side = shown.table("Side")
    assert per_side[1][1:] == ["11 min 40 s", "45", "27", "4.5 (4 scores)"]
    assert per_side[2][0] == "right (lagging)"
    doses = shown.table("Exercise", "Dose", "When")[1:]
    assert doses == [
        ["Stretch and release"],
        ["Pigeon stretch", dose_text(3, 30, "seconds", ["left", "right"]), "today"],
        ["Strength"],
        ["Glute bridge", dose_text(2, 14, "reps", []), "today"],
    ]


def test_the_charts_plot_the_report_objects_numbers(page):
    report = contract_report()
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    for soreness in svgs[:2]:  # the wide copy and the narrow one
        points = [unescape(v) for v in re.findall(r"<title>([^<]*)</title>", soreness)]
        mornings = [p for p in points if ": morning " in p]
        after = [p for p in points if ": after a session " in p]
        assert len(mornings) == 21
        assert len(after) == sum(1 for d in report["days"] if d["after"] is not None)
        first = date.fromisoformat(report["days"][0]["date"])
        assert mornings[0] == f"{first.day} {first:%b}: morning {report['days'][0]['morning']}"
    sets = [unescape(v) for v in re.findall(r'class="value">([^<]*)</text>', svgs[2])]
    assert sets == [str(w["sets"]) for w in report["weeks"]]
    km = [unescape(v) for v in re.findall(r'class="value">([^<]*)</text>', svgs[3])]
    assert km == [f"{w['run_km']:.1f}".rstrip("0").rstrip(".") for w in report["weeks"]]
    shares = re.findall(r'class="value">([^<]*)</text>', svgs[4])
    assert shares == ["50%", "56%", "50%", "44%"]  # bottom up: my move 45:45, pigeon 700:560


def test_the_zone_bands_are_the_planners_zones():
    """Each whole score is drawn in the band whose zone the planner gives a morning of that score."""
    day = date(2026, 11, 23)
    bands = charts.zone_bands()
    assert [b[0] for b in bands] == ["green", "amber", "red", "flare"]
    assert bands[0][1] == 0 and bands[-1][2] == 10
    for zone, low, high in bands:
        for score in range(low, high + 1):
            history = History([], [{"day": day.isoformat(), "score": score, "timing": "morning"}])
            assert Context(None, history, {}, None).morning_zone(day)[0] == zone, score


def test_blocks_the_report_lacks_are_left_out():
    report = contract_report()
    for key in ("insight", "weeks", "doses"):
        del report[key]
    report["exercises"] = [e for e in report["exercises"] if e["left"] is None]
    words = Page(to_html.page(report, "0.1.0")).words()
    assert "What the log shows" not in words and "No plan for today in this report." in words
    assert "Volume by day" in words  # a period without weeks shows its days
    assert "No exercise done side by side in this period." in words


def test_the_same_report_gives_the_same_page(page):
    assert to_html.page(contract_report(), "0.1.0") == page


# --- the command ---------------------------------------------------------------------------------


def week_logged(db_path: str) -> None:
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    store = open_store(db_path)
    store.add_entry(new_entry(monday.isoformat(), "pigeon", 3, 30, "seconds", side="left"))
    store.add_entry(new_entry(monday.isoformat(), "pigeon", 2, 30, "seconds", side="right"))
    store.add_entry(new_entry(monday.isoformat(), "run", 1, 8, "km"))
    store.add_soreness(
        {"at": f"{monday}T07:00:00+00:00", "day": monday.isoformat(), "score": 4,
         "timing": "morning", "side": None, "note": None}
    )  # fmt: skip
    store.close()


def test_report_html_writes_the_week_as_a_page(cli, db_path, tmp_path):
    import json

    week_logged(db_path)
    ok(cli("flag", "tingling", "pigeon", "--note", HOSTILE))
    target = tmp_path / "week.html"
    out = ok(cli("report", "--html", str(target))).stdout
    assert out.startswith("Wrote the page for Week of ") and out.rstrip().endswith(str(target))
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "//" not in text
    assert "<script" not in text.lower() and "&lt;script&gt;alert(1)" in text
    report = json.loads(ok(cli("report", "--json")).stdout)
    shown = Page(text)
    words = shown.words()
    assert (
        f"{report['adherence']['done']} of {report['adherence']['planned']} planned items" in words
    )
    assert shown.table("Exercise", "left", "right")[1] == ["Pigeon stretch", "1 min 30 s", "1 min"]
    monday = shown.table("Day", "sets")[1]
    assert monday[1:3] == ["6", "8 km"]  # pigeon 3 + 2 sets and the run, as the report counts them
    assert os.listdir(tmp_path).count("week.html") == 1
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


_MONDAY = date.today() - timedelta(days=date.today().weekday())


@pytest.mark.parametrize(
    "period", [["--weeks", "6"], ["--month", _MONDAY.isoformat()[:7]], ["--year"]]
)
def test_report_html_draws_any_period_from_the_same_report(cli, db_path, tmp_path, period):
    """The page renders the period report every other format renders: same numbers."""
    import json

    week_logged(db_path)
    target = tmp_path / "period.html"
    ok(cli("report", *period, "--html", str(target)))
    text = target.read_text(encoding="utf-8")
    report = json.loads(ok(cli("report", *period, "--json")).stdout)
    assert "<svg" in text and "http" not in text and "//" not in text
    words = Page(text).words()
    assert report["period"]["label"] in words
    assert (
        f"{report['adherence']['done']} of {report['adherence']['planned']} planned items" in words
    )


def test_report_html_refuses_an_existing_file_and_leaves_it_alone(cli, db_path, tmp_path):
    week_logged(db_path)
    target = tmp_path / "week.html"
    target.write_text("keep me", encoding="utf-8")
    result = fail(cli("report", "--html", str(target)))
    assert "already exists; choose another name" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--html", ""], "the output needs a file name"),
        (["--html", "nowhere/week.html"], "no such folder"),
        (["--html", "week.html", "--json"], "choose one of --json and --html"),
        (["--html", "week.html", "--format", "csv"], "choose one of --format and --html"),
    ],
)
def test_report_html_refuses_what_it_cannot_write(
    cli, db_path, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    week_logged(db_path)
    result = fail(cli("report", *args))
    assert message in result.stderr
    assert not [name for name in os.listdir(tmp_path) if name.endswith((".html", ".tmp"))]


def test_the_installed_package_finds_its_template(tmp_path):
    """A plain (non-editable) install, run from another folder, renders the page."""
    target = installed_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from test_report_html import contract_report; "
        "from glutelog.reports import to_html; "
        "print(to_html._environment().get_template(to_html.TEMPLATE).filename); "
        "print(to_html.page(contract_report(), 'x').count('<svg'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, os.path.dirname(os.path.abspath(__file__))],
        cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    path, count = out.stdout.split()
    assert path.startswith(str(target)) and path.endswith("physio.html")
    assert int(count) == 5
