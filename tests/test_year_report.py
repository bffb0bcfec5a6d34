"""`report --year`: twelve months, month by month, and the month totals it reads from."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

from conftest import dump, examples, new_entry, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelog.commands import entries, views
from glutelog.reports.period_report import year_start
from glutelog.storage.opening import open_store

NOW = datetime(2026, 11, 24, 20, 0).astimezone()
TODAY = NOW.date()


def year(db: str) -> dict:
    return json.loads(views.report(db=db, year=True, as_json=True, now=NOW))


def recomputed_totals(db: str) -> list:
    """What migration m003's table must hold: the same sums, straight from the entries."""
    return rows(
        db,
        "SELECT substr(day, 1, 7), exercise, unit, coalesce(side, ''), sum(sets), "
        "round(sum(sets * coalesce(amount, 0)), 6), count(*) FROM entries GROUP BY 1, 2, 3, 4 "
        "ORDER BY 1, 2, 3, 4",
    )


def recomputed_day_sums(db: str) -> list:
    """What migration m005's table must hold, summed straight from the entries."""
    return rows(
        db,
        "SELECT day, sum(CASE WHEN unit != 'none' THEN sets ELSE 0 END), "
        "sum(CASE WHEN exercise = 'run' THEN sets ELSE 0 END), "
        "sum(CASE WHEN exercise = 'run' AND unit = 'km' THEN sets * amount ELSE 0 END), "
        "sum(CASE WHEN exercise = 'run' AND unit = 'minutes' THEN sets * amount ELSE 0 END) "
        "FROM entries GROUP BY day ORDER BY day",
    )


def kept_day_sums(db: str) -> list:
    return rows(db, "SELECT day, sets, run_sets, run_km, run_minutes FROM day_sums ORDER BY day")


def kept_totals(db: str) -> list:
    return rows(
        db,
        "SELECT month, exercise, unit, side, sets, round(amount, 6), entries FROM month_totals "
        "ORDER BY 1, 2, 3, 4",
    )


def test_twelve_calendar_months_ending_this_month():
    assert year_start(date(2026, 11, 24)) == date(2025, 12, 1)
    assert year_start(date(2026, 1, 1)) == date(2025, 2, 1)
    assert year_start(date(2026, 12, 31)) == date(2026, 1, 1)


def test_year_report_counts_from_the_first_day_anything_was_logged(db_path):
    # Started on 2026-09-28: three days a week done in full, mornings easing from 5 to 2.
    start = date(2026, 9, 28)
    day = start
    while day < TODAY:
        when = datetime(day.year, day.month, day.day, 7).astimezone().isoformat()
        morning = 5 if day.month == 9 else (4 if day.month == 10 else 2)
        entries.sore(db=db_path, score=str(morning), morning=True, at=when, now=NOW)
        entries.done(db=db_path, exercise="bridge", amount="2x12", at=when, now=NOW)
        day += timedelta(days=1)

    report = year(db_path)
    assert report["start"] == "2025-12-01" and report["end"] == TODAY.isoformat()
    months = {m["month"]: m for m in report["months"]}
    assert len(months) == 12
    # Months before the first log are not held against anyone.
    assert months["2026-08"]["planned"] == 0 and months["2026-08"]["percent"] is None
    assert months["2026-09"]["days_planned"] == 3  # 28, 29 and 30 September
    assert months["2026-10"]["days_planned"] == 31
    assert months["2026-11"]["days_planned"] == TODAY.day  # today included
    # Sets per month are what was logged: 2 bridge sets a day.
    assert months["2026-10"]["sets"] == 62
    assert months["2026-11"]["sets"] == 2 * (TODAY.day - 1)
    bridge = next(e for e in report["exercises"] if e["exercise"] == "glute-bridge")
    days_logged = (TODAY - start).days
    assert bridge["sets"] == 2 * days_logged and bridge["total"] == 24 * days_logged
    # Soreness: first month with scores against the last.
    assert report["soreness"]["first_month"] == "2026-09"
    assert report["soreness"]["first_mean"] == 5
    assert report["soreness"]["last_mean"] == 2
    assert report["soreness"]["month_change"] == -3
    assert report["adherence"]["planned"] == sum(m["planned"] for m in report["months"])
    assert 0 < report["adherence"]["done"] < report["adherence"]["planned"]

    text = views.report(db=db_path, year=True, now=NOW)
    assert text.startswith("Twelve months, 2025-12-01 to 2026-11-24")
    assert "\n2025-12 to 2026-08: nothing logged\n2026-09  " in text
    assert "by month 5 in 2026-09 (the first with scores) and 2 in 2026-11 (the last)" in " ".join(
        text.split()
    )
    # The second report reads the plans the first one kept, and says the same.
    assert year(db_path) == report


def test_an_empty_year(db_path):
    report = year(db_path)
    assert report["adherence"] == {"planned": 0, "done": 0, "percent": None}
    assert all(m["planned"] == 0 and m["sets"] == 0 for m in report["months"])
    assert "Nothing logged in these months." in views.report(db=db_path, year=True, now=NOW)


def test_year_and_week_together_are_refused(cli, db_path):
    before = dump(db_path)
    result = cli("report", "--year", "--week", "monday")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["glutelog: choose one of --week and --year"]
    assert dump(db_path) == before


# --- the month totals kept by triggers ---------------------------------------------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "add", "add", "delete", "update", "sql"]),
        st.integers(0, 400),  # day offset back from today: spans month boundaries
        st.sampled_from(["glute-bridge", "pigeon", "run", "rest"]),
        st.integers(1, 5),  # sets
        st.sampled_from([12, 30, 12.25, 0.1, 7.5]),  # amount
        st.sampled_from([None, "left", "right", "both"]),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_month_totals_always_equal_the_entries(tmp_path, ops):
    """Whatever is added, removed or changed (also by another program), the kept totals match."""
    db = str(tmp_path / f"t{abs(hash(tuple(ops)))}.db")
    apply_ops(db, ops)
    assert kept_totals(db) == recomputed_totals(db)


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=OPS)
def test_day_sums_always_equal_the_entries_exactly(tmp_path, ops):
    """The day sums kept by m005's triggers equal the sums of the entries to the last bit, also
    after a removal (0.1 km added and taken away leaves no 1e-17 behind)."""
    db = str(tmp_path / f"d{abs(hash(tuple(ops)))}.db")
    apply_ops(db, ops)
    assert kept_day_sums(db) == recomputed_day_sums(db)


def apply_ops(db: str, ops: list) -> None:
    store = open_store(db)
    try:
        for op, back, slug, sets, amount, side in ops:
            day = (TODAY - timedelta(days=back)).isoformat()
            ids = [r[0] for r in store.read("SELECT id FROM entries ORDER BY id")]
            unit = {"rest": "none", "pigeon": "seconds"}.get(slug, "reps")
            if slug == "run":
                unit = "km" if sets % 2 else "minutes"
            value = None if slug == "rest" else amount
            if op == "add" or not ids:
                store.add_entry(new_entry(day, slug, sets, value, unit, side))
            elif op == "delete":
                store.delete("entries", ids[back % len(ids)])
            elif op == "update":
                store.update(
                    "entries",
                    ids[back % len(ids)],
                    {"day": day, "sets": sets, "side": side, "amount": value, "unit": unit},
                )
            else:  # another program, straight through sqlite3
                conn = sqlite3.connect(db)
                with conn:
                    conn.execute(
                        "UPDATE entries SET day = ?, exercise = ? WHERE id = ?",
                        (day, slug, ids[back % len(ids)]),
                    )
                conn.close()
    finally:
        store.close()


def test_upgrading_fills_the_month_totals_from_existing_entries(tmp_path):
    from conftest import load_helper

    fixtures = load_helper("schema_fixtures")
    db = str(tmp_path / "v2.db")
    fixtures.build_v2(db)
    open_store(db).close()
    assert kept_totals(db) == recomputed_totals(db)
    assert len(kept_totals(db)) == len(fixtures.V1_ENTRIES)


def test_upgrading_fills_the_day_sums_from_existing_entries(tmp_path):
    from conftest import load_helper

    fixtures = load_helper("schema_fixtures")
    db = str(tmp_path / "v4.db")
    fixtures.build_v4(db)
    open_store(db).close()
    assert kept_day_sums(db) == recomputed_day_sums(db)
    # the fixture's days: a bridge and a pigeon, an 8.5 km run, a rest day, a clamshell and ice,
    # a 42-minute run
    assert kept_day_sums(db) == [
        ("2026-11-02", 4, 0, 0, 0),
        ("2026-11-03", 1, 1, 8.5, 0),
        ("2026-11-04", 0, 0, 0, 0),
        ("2026-11-05", 4, 0, 0, 0),
        ("2026-11-06", 1, 1, 0, 42),
    ]
