"""`history` filters: --until, --kind and --format text|csv|json."""

import csv
import io
import json

import pytest
from conftest import fail, new_entry, ok

from glutelog.storage.opening import open_store


def logged(db_path):
    """Three sets of three kinds on three days, and a morning score, in November 2026."""
    store = open_store(db_path)
    store.add_entry(new_entry("2026-11-02", "glute-bridge", 2, 12, note='=HYPERLINK("x")'))
    store.add_entry(new_entry("2026-11-03", "pigeon", 1, 30, "seconds", side="left"))
    store.add_entry(new_entry("2026-11-04", "run", 1, 8, "km"))
    store.add_soreness(
        {"at": "2026-11-03T07:00:00+00:00", "day": "2026-11-03", "score": 4,
         "timing": "morning", "side": None, "note": None}
    )  # fmt: skip
    store.close()


def listed(result) -> list:
    return [line.split()[0] for line in result.stdout.splitlines()]


def test_until_ends_the_list_on_that_day(cli, db_path):
    logged(db_path)
    out = ok(cli("history", "--since", "2026-11-01", "--until", "2026-11-03"))
    assert listed(out) == ["#2", "s1", "#1"]  # the run on the 4th is left out
    only = json.loads(
        ok(cli("history", "--since", "2026-11-03", "--until", "2026-11-03", "--json")).stdout
    )
    assert [row["exercise"] for row in only] == ["pigeon"]


def test_until_alone_shows_the_two_weeks_ending_then(cli, db_path):
    logged(db_path)
    out = ok(cli("history", "--until", "2026-11-16"))
    assert listed(out) == ["#3", "#2", "s1"]  # 2026-11-03 to 16: the bridge on the 2nd is not


def test_until_before_since_is_refused(cli, db_path):
    logged(db_path)
    result = fail(cli("history", "--since", "2026-11-04", "--until", "2026-11-02"))
    assert "--until 2026-11-02 is before --since 2026-11-04" in result.stderr


def test_nothing_in_a_closed_range_names_both_ends(cli, db_path):
    logged(db_path)
    out = ok(cli("history", "--since", "2026-10-01", "--until", "2026-10-31")).stdout
    assert out.strip() == "Nothing logged from 2026-10-01 to 2026-10-31."


def test_kind_keeps_only_sets_of_that_kind(cli, db_path):
    logged(db_path)
    out = ok(cli("history", "--since", "2026-11-01", "--kind", "stretch"))
    assert listed(out) == ["#2"]  # no soreness score: it belongs to no kind
    rows = json.loads(
        ok(cli("history", "--since", "2026-11-01", "--kind", "cross-training", "--json")).stdout
    )
    assert [row["exercise"] for row in rows] == ["run"]
    assert ok(cli("history", "--since", "2026-11-01", "--kind", "release")).stdout.startswith(
        "Nothing logged"
    )


def test_an_unknown_kind_is_refused_with_the_choices(cli, db_path):
    logged(db_path)
    result = fail(cli("history", "--kind", "dance"))
    assert "stretch, strength, release, recovery, cross-training" in result.stderr


def test_csv_lists_the_sets_with_formulas_neutralised(cli, db_path):
    logged(db_path)
    text = ok(cli("history", "--since", "2026-11-01", "--format", "csv")).stdout
    table = list(csv.DictReader(io.StringIO(text)))
    assert [row["exercise"] for row in table] == ["run", "pigeon", "glute-bridge"]
    assert table[1]["side"] == "left" and table[1]["unit"] == "seconds"
    # a spreadsheet must show the note as text, not run it
    assert table[2]["note"] == '\'=HYPERLINK("x")'


def test_format_json_is_the_same_as_json(cli, db_path):
    logged(db_path)
    one = ok(cli("history", "--since", "2026-11-01", "--format", "json")).stdout
    assert one == ok(cli("history", "--since", "2026-11-01", "--json")).stdout
    assert (
        ok(cli("history", "--since", "2026-11-01", "--format", "TEXT")).stdout
        == ok(cli("history", "--since", "2026-11-01")).stdout
    )


def test_conflicting_or_unknown_formats_are_refused(cli, db_path):
    logged(db_path)
    assert "format must be text, csv, json" in fail(cli("history", "--format", "xml")).stderr
    assert (
        "choose one of --json and --format"
        in fail(cli("history", "--json", "--format", "csv")).stderr
    )


# --- reads bounded by the period shown (issue 19, observation 4) --------------------------------
# After an import of 800k sets onto a few days, `history` took 9 s and 950 MB and `status`
# 2.2 s and 480 MB: both held every row of their period as a dict.


def crowded(db_path, count: int, days: int = 10) -> None:
    """``count`` sets over the ``days`` before today, alike but for their notes and minutes."""
    from datetime import date, timedelta

    from glutelog.storage import database

    today = date.today()
    store = open_store(db_path)
    try:

        def add(conn):
            for i in range(count):
                day = (today - timedelta(days=1 + i % days)).isoformat()
                at = f"{day}T{6 + i % 12:02d}:{i % 60:02d}:00+00:00"
                database._insert(conn, "entries", new_entry(day, at=at, note=f"set {i}"))

        store.write(add)
    finally:
        store.close()


MAXRSS = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.stress
def test_history_and_status_memory_stays_flat_however_crowded_the_days(tmp_path):
    """The installed commands on 3,000 and on 30,000 sets in the days they show: the same peak."""
    import os
    import subprocess
    import sys

    from conftest import CLI

    def peaks(count: int) -> list:
        db = str(tmp_path / f"{count}.db")
        crowded(db, count)
        env = {**os.environ, "GLUTELOG_DB": db, "GLUTELOG_CACHE_DIR": str(tmp_path / "c")}
        return [
            int(
                subprocess.run(
                    [sys.executable, "-c", MAXRSS, *CLI, *command],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            )
            for command in (["history"], ["history", "--json"], ["status"])
        ]

    small, large = peaks(3_000), peaks(30_000)
    assert all(b < a + 8 * 1024 for a, b in zip(small, large, strict=True)), (small, large)


def test_a_long_history_is_written_as_it_is_read_and_reads_the_same(cli, db_path):
    """Past the size kept in memory, history writes as it reads: the text is the same."""
    from glutelog.commands import views

    crowded(db_path, 200)
    ok(cli("sore", "3", "--morning"))
    for args in ([], ["--json"], ["--format", "csv"], ["--kind", "strength"]):
        whole = ok(cli("history", *args)).stdout
        kept = views._OUTPUT_KEPT
        views._OUTPUT_KEPT = 100
        try:
            streamed = ok(cli("history", *args)).stdout
        finally:
            views._OUTPUT_KEPT = kept
        assert streamed == whole and len(whole.splitlines()) >= 200


def test_the_planner_reads_sets_logged_alike_as_one_row(db_path):
    """A day of a thousand identical sets is one row for the planner, their sets summed."""
    crowded(db_path, 1_000, days=1)
    store = open_store(db_path)
    try:
        found = store.planner_entries("2000-01-01", "9999-12-31", ["glute-bridge"])
    finally:
        store.close()
    assert [(row["exercise"], row["sets"]) for row in found] == [("glute-bridge", 1_000)]
