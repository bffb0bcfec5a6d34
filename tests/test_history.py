"""`history` filters: --until, --kind and --format text|csv|json."""

import csv
import io
import json

from conftest import fail, new_entry, ok

from glutelog.storage import open_store


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
