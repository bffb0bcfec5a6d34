"""Red flags: recording warning signs, being told what to do, clearing them, and finding them
again in history, reports and exports."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from conftest import dump, fail, ok, rows

from glutelog.commands import entries, views
from glutelog.errors import BadInput
from glutelog.planner import redflags
from glutelog.storage.opening import open_store

NOW = datetime(2026, 11, 24, 9, 30).astimezone()
TODAY = NOW.date()
ONE_PER_TIER = [("saddle", "emergency"), ("foot drop", "urgent"), ("surgery", "routine")]


def stored(db: str) -> list:
    return rows(db, "SELECT symptom, exercise, day, cleared_day FROM flags ORDER BY id")


def flag(db: str, *words: str, now: datetime = NOW, **options) -> str:
    return entries.flag(db=db, words=list(words), now=now, **options)


# --- the table and the names people type -------------------------------------------------------


def test_every_sign_has_a_known_tier_a_label_aliases_and_advice():
    assert {s["tier"] for s in redflags.SYMPTOMS} == set(redflags.TIERS)
    for symptom in redflags.SYMPTOMS:
        assert symptom["label"] and len(symptom["aliases"]) >= 2, symptom["slug"]
        assert redflags.advice(symptom).startswith(redflags.TIERS[symptom["tier"]])
        assert redflags.resolve(symptom["slug"]) is symptom
        for alias in symptom["aliases"]:
            assert redflags.resolve(alias) is symptom, alias


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("numb saddle area", "saddle-numbness"),
        ("Numb_Saddle-AREA", "saddle-numbness"),
        ("saddle", "saddle-numbness"),
        ("sadd", "saddle-numbness"),  # a unique prefix
        ("numbness in the saddle", "saddle-numbness"),  # a tie goes to the more pressing sign
        ("can't control bladder", "bladder"),
        ("I can't control my bladder", "bladder"),
        ("bowels", "bowel"),
        ("both legs", "both-legs"),
        ("pain in both my legs", "both-legs"),
        ("weakness in both legs", "weak-both-legs"),
        ("foot drop", "leg-weakness"),
        ("fall", "fall"),
        ("pain since my fall", "fall"),
        ("fever", "fever"),
        ("night pain", "night-pain"),
        ("balance", "balance"),
        ("first episode", "first-episode-age"),
        ("pins and needles", "tingling"),
    ],
)
def test_everyday_words_resolve_to_a_sign(typed, slug):
    assert redflags.resolve(typed)["slug"] == slug


def test_unknown_and_ambiguous_signs_say_what_to_do():
    with pytest.raises(BadInput, match=r"unknown warning sign 'saddel numbnes'.*saddle-numbness"):
        redflags.resolve("saddel numbnes")
    with pytest.raises(BadInput, match="`glutelog flag` lists them all"):
        redflags.resolve("purple elephants")
    with pytest.raises(BadInput, match="could mean more than one.*saddle-numbness.*spreading"):
        redflags.resolve("numb")


# --- raising ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("words", "tier"), ONE_PER_TIER)
def test_every_tier_raises_says_what_to_do_and_is_listed(cli, db_path, words, tier):
    out = ok(cli("flag", *words.split())).stdout
    first = out.splitlines()[0]
    assert redflags.TIERS[tier] in first
    assert len(out.splitlines()) == (3 if tier == "routine" else 2)  # surgery: what the plan does
    if tier == "emergency":
        assert first.startswith("EMERGENCY: numbness in the saddle area.")
        assert "emergency department now" in first
    assert len(stored(db_path)) == 1
    listed = ok(cli("flag")).stdout
    assert "In force now:" in listed and f"({tier})" in listed.split("In force now:")[1]


def test_all_signs_are_listed_by_tier_with_their_aliases(cli):
    out = ok(cli("flag")).stdout
    headings = [line.split(":")[0] for line in out.splitlines() if line.endswith(".")]
    assert headings[:4] == ["Emergency", "Urgent", "Routine", "Exercise"]
    for symptom in redflags.SYMPTOMS:
        assert symptom["slug"] in out and symptom["aliases"][0] in out
    assert out.rstrip().endswith("In force now: none.")


def test_a_sign_can_take_several_words_and_a_note(cli, db_path):
    ok(cli("flag", "numb", "saddle", "area", "--note", "since this morning"))
    ok(cli("flag", "can't control my bladder"))
    assert rows(db_path, "SELECT symptom, note FROM flags ORDER BY id") == [
        ("saddle-numbness", "since this morning"),
        ("bladder", None),
    ]


def test_tingling_names_an_exercise_from_the_catalog(cli, db_path):
    out = ok(cli("flag", "tingling", "during", "Pigeon")).stdout
    assert out.startswith("Stop Pigeon stretch: it caused tingling or shooting pain.")
    assert "use Lying figure-4 stretch instead" in out
    assert rows(db_path, "SELECT symptom, exercise FROM flags") == [("tingling", "pigeon")]
    before = dump(db_path)
    assert "say which exercise" in fail(cli("flag", "tingling")).stderr
    assert "unknown exercise" in fail(cli("flag", "tingling", "moonwalk")).stderr
    assert "unknown warning sign" in fail(cli("flag", "purple", "elephants")).stderr
    fail(cli("flag", "saddle", "--at", "tomorrow"))
    fail(cli("flag", "saddle", "--note", "x" * 2001))
    assert dump(db_path) == before


def test_refused_input_creates_no_database(cli, db_path):
    import os

    fail(cli("flag", "tingling", "moonwalk"))
    fail(cli("flag", "nothing", "like", "this"))
    assert not os.path.exists(db_path)


def test_a_tingling_flag_sets_its_exercise_aside_for_14_days(db_path):
    out = flag(db_path, "tingling", "pigeon")
    assert "set aside until 2026-12-07 (back on 2026-12-08)" in out
    found = stored(db_path)
    assert found == [("tingling", "pigeon", "2026-11-24", None)]
    store = open_store(db_path)
    try:
        rows_ = store.flag_rows(TODAY.isoformat())
    finally:
        store.close()
    assert redflags.active(rows_, TODAY - timedelta(days=1)) == []
    for day in range(14):  # the day it was raised is day 1, the 14th is day 14
        (found,) = redflags.active(rows_, TODAY + timedelta(days=day))
        assert found["exercise"] == "pigeon" and found["until"] == "2026-12-07"
        assert found["tier"] == "exercise" and not redflags.pauses([found])
    assert redflags.active(rows_, TODAY + timedelta(days=14)) == []  # day 15: back in the plan
    listed = flag(db_path, now=NOW + timedelta(days=14))
    assert listed.endswith("In force now: none.")
    assert "tingling" in flag(db_path, now=NOW + timedelta(days=13)).split("In force now:")[1]


def test_active_flags_come_most_pressing_first_and_end_when_cleared():
    def row(id_, day, symptom, exercise=None, cleared=None):
        return {"id": id_, "at": day, "day": day, "symptom": symptom, "exercise": exercise,
                "note": None, "cleared_at": cleared, "cleared_day": cleared}  # fmt: skip

    flags = [
        row(1, "2026-11-20", "tingling", "pigeon"),
        row(2, "2026-11-21", "recent-surgery"),
        row(3, "2026-11-22", "fever"),
        row(4, "2026-11-23", "bladder", cleared="2026-11-25"),
        row(5, "2026-11-26", "saddle-numbness"),
    ]
    tiers = [f["tier"] for f in redflags.active(flags, "2026-11-24")]
    assert tiers == ["emergency", "urgent", "routine", "exercise"]
    assert [f["id"] for f in redflags.active(flags, date(2026, 11, 25))] == [3, 2, 1]
    assert [f["id"] for f in redflags.active(flags, "2026-11-26")] == [5, 3, 2, 1]
    in_force = redflags.active(flags, "2026-11-24")
    assert redflags.pauses(in_force)
    assert not redflags.pauses(redflags.active(flags[:2], "2026-11-24"))
    assert redflags.pause_message(redflags.active(flags[:2], "2026-11-24")) == ""
    assert redflags.pause_message(redflags.active([flags[4]], "2026-11-26")) == (
        "Plan paused: numbness in the saddle area (flagged 2026-11-26). Go to an emergency "
        "department now. When you have been assessed: glutelog flag --clear"
    )
    both = redflags.pause_message(in_force)
    assert both.startswith(
        "Plan paused: new trouble passing or controlling urine (flagged 2026-11-23); fever"
    )
    assert "Go to an emergency department now." in both


# --- clearing --------------------------------------------------------------------------------


def test_clear_one_sign_then_all_then_nothing(db_path):
    flag(db_path, "saddle")
    flag(db_path, "foot", "drop")
    flag(db_path, "tingling", "pigeon")
    later = NOW + timedelta(days=1)
    out = flag(db_path, "saddle", clear=True, now=later)
    assert out.startswith("Cleared f1 2026-11-24 numbness in the saddle area")
    assert "In force now:" in out and "f2" in out and "Plan paused: new leg weakness" in out
    assert stored(db_path) == [
        ("saddle-numbness", None, "2026-11-24", "2026-11-25"),
        ("leg-weakness", None, "2026-11-24", None),
        ("tingling", "pigeon", "2026-11-24", None),
    ]
    out = flag(db_path, clear=True, now=later)
    assert "Cleared f2" in out and "Cleared f3" in out
    assert out.endswith("Nothing else is in force: your plan is back on.")
    assert [r[3] for r in stored(db_path)] == ["2026-11-25"] * 3
    before = dump(db_path)
    assert flag(db_path, clear=True, now=later).startswith("No flag is in force: nothing to clear.")
    assert flag(db_path, "fever", clear=True, now=later).startswith(
        "No fever or chills with the pain flag is in force"
    )
    assert dump(db_path) == before


def test_clearing_through_the_command_line(cli, db_path):
    ok(cli("flag", "saddle"))
    ok(cli("flag", "fever"))
    assert "Cleared f2" in ok(cli("flag", "--clear", "fever")).stdout
    assert rows(db_path, "SELECT id FROM flags WHERE cleared_day IS NULL") == [(1,)]
    assert "Cleared f1" in ok(cli("flag", "--clear")).stdout
    assert "nothing to clear" in ok(cli("flag", "--clear")).stdout
    fail(cli("flag", "--clear", "--note", "seen by GP"))
    fail(cli("flag", "--note", "a note without a sign"))


def test_the_store_finds_the_flags_that_may_be_in_force_in_a_period(db_path):
    flag(db_path, "fever", now=NOW - timedelta(days=10))
    flag(db_path, "fever", clear=True, now=NOW - timedelta(days=5))
    flag(db_path, "balance", now=NOW - timedelta(days=3))
    store = open_store(db_path)
    try:

        def ids(rows_):
            return [row["id"] for row in rows_]

        assert ids(store.flag_rows("2026-11-24")) == [2]
        assert ids(store.flag_rows("2026-11-24", "2026-11-18")) == [1, 2]
        assert ids(store.flag_rows("2026-11-24", "2026-11-19")) == [2]  # cleared that day
        assert ids(store.flag_rows("2026-11-20", "2026-11-10")) == [1]
        assert ids(store.flags_between("2026-11-19", "2026-11-20")) == [1]  # cleared in it
        assert ids(store.flags_between("2026-11-21", "2026-11-30")) == [2]
    finally:
        store.close()


def test_an_expired_tingling_flag_is_not_cleared_again(db_path):
    flag(db_path, "tingling", "pigeon")
    out = flag(db_path, clear=True, now=NOW + timedelta(days=20))
    assert out.startswith("No flag is in force")
    assert stored(db_path)[0][3] is None


# --- done --tingling and undo ----------------------------------------------------------------


def test_done_tingling_logs_the_set_and_the_flag_together(cli, db_path):
    out = ok(cli("done", "pigeon", "30s", "--tingling")).stdout
    logged, stop = out.splitlines()[:2]
    assert logged.startswith("Logged #1: Pigeon stretch")
    assert stop.startswith("Stop Pigeon stretch:")
    assert rows(db_path, "SELECT exercise FROM entries") == [("pigeon",)]
    assert rows(db_path, "SELECT symptom, exercise, at = (SELECT at FROM entries) FROM flags") == [
        ("tingling", "pigeon", 1)
    ]
    before = dump(db_path)
    fail(cli("done", "pigeon", "0s", "--tingling"))
    assert dump(db_path) == before


def test_rm_leaves_flags_alone_and_undo_takes_back_its_commands_flags(cli, db_path):
    """Issue 18, observation 5: undo reverses the whole command, the flag `--tingling` raised
    with the set included; `rm` still never removes a flag."""
    ok(cli("flag", "saddle"))
    ok(cli("done", "pigeon", "30s", "--tingling"))
    fail(cli("rm", "f1"))
    undone = ok(cli("undo")).stdout
    assert "Pigeon stretch" in undone and "tingling" in undone
    assert [r[0] for r in stored(db_path)] == ["saddle-numbness"]
    assert "saddle" in ok(cli("undo")).stdout
    assert "nothing to undo" in fail(cli("undo")).stderr
    assert "`rm` never removes one" in ok(cli("flag", "--help")).stdout.replace("\n", " ")


# --- everywhere data goes ----------------------------------------------------------------------


def test_history_shows_flags_raised_and_cleared_but_not_per_exercise(db_path):
    entries.done(db=db_path, exercise="bridge", amount="12", now=NOW - timedelta(hours=2))
    flag(db_path, "night", "pain", note="woke at 3", now=NOW - timedelta(hours=1))
    flag(db_path, clear=True)
    lines = views.history(db=db_path, now=NOW).splitlines()
    assert (
        lines[0]
        == "f1 2026-11-24 09:30 flag cleared: severe pain at night or pain that rest does not ease"
    )
    assert lines[1].startswith("f1 2026-11-24 08:30 flag raised: severe pain at night")
    assert lines[1].endswith("(urgent) (woke at 3)")
    assert lines[2].startswith("#1 2026-11-24 07:30 Glute bridge")
    assert "flag" not in views.history(db=db_path, exercise="bridge", now=NOW)


def test_the_weekly_report_lists_flags_and_opens_with_the_pause(db_path):
    monday = NOW - timedelta(days=1)
    flag(db_path, "tingling", "pigeon", now=monday)
    flag(db_path, "balance", now=monday)
    flag(db_path, "balance", clear=True)
    out = views.report(db=db_path, now=NOW)
    assert out.startswith("Week 2026-11-23")  # nothing pausing is in force
    assert (
        "f2 new balance or coordination problems (urgent): flagged 2026-11-23, cleared 2026-11-24"
        in out
    )
    assert (
        "f1 tingling or shooting pain during Pigeon stretch (exercise): flagged 2026-11-23" in out
    )
    flag(db_path, "both", "legs")
    out = views.report(db=db_path, now=NOW)
    assert out.startswith("Plan paused: sciatica in both legs (flagged 2026-11-24). Go to an")
    data = json.loads(views.report(db=db_path, as_json=True, now=NOW))
    assert data["pause"].startswith("Plan paused: sciatica in both legs")
    assert [(f["id"], f["symptom"], f["cleared_day"]) for f in data["flags"]] == [
        (1, "tingling", None),
        (2, "balance", "2026-11-24"),
        (3, "both-legs", None),
    ]
    last_week = json.loads(views.report(db=db_path, week="2026-11-16", as_json=True, now=NOW))
    assert last_week["flags"] == [] and last_week["pause"] is not None


def test_export_import_round_trip_keeps_flags(cli, tmp_path):
    ok(cli("flag", "saddle", "--note", "ünïcode"))
    ok(cli("done", "pigeon", "30s", "--tingling"))
    ok(cli("flag", "--clear", "saddle"))
    first = ok(cli("export")).stdout
    data = json.loads(first)
    assert [f["symptom"] for f in data["flags"]] == ["saddle-numbness", "tingling"]
    assert data["flags"][0]["cleared_day"] is not None
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")
    other = str(tmp_path / "other.db")
    assert (
        "plus 2 new or newly cleared flags"
        in ok(cli("import", str(exported), "--db", other)).stdout
    )
    assert "skipped 3 already present" in ok(cli("import", str(exported), "--db", other)).stdout
    assert ok(cli("export", "--db", other)).stdout == first
    csv_types = [
        line.split(",")[0] for line in ok(cli("export", "--format", "csv")).stdout.splitlines()
    ]
    assert csv_types == ["type", "entry", "flag", "flag"]


def test_importing_a_clearing_ends_the_same_flag_here(cli, db_path, tmp_path):
    ok(cli("flag", "fever"))
    other = str(tmp_path / "other.db")
    exported = tmp_path / "before.json"
    ok(cli("export", "-o", str(exported)))
    ok(cli("import", str(exported), "--db", other))
    ok(cli("flag", "--clear"))
    cleared = tmp_path / "after.json"
    ok(cli("export", "-o", str(cleared)))
    assert (
        "plus 1 new or newly cleared flag;" in ok(cli("import", str(cleared), "--db", other)).stdout
    )
    assert rows(other, "SELECT count(*), count(cleared_day) FROM flags") == [(1, 1)]


GOOD_FLAG = {
    "id": 7,
    "at": "2026-11-20T08:00:00+00:00",
    "day": "2026-11-20",
    "symptom": "tingling",
    "exercise": "pigeon",
    "note": None,
    "cleared_at": None,
    "cleared_day": None,
    "logged_at": "2026-11-20T08:00:01+00:00",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"symptom": "hiccups"}, "unknown warning sign 'hiccups'"),
        ({"exercise": "moonwalk"}, "unknown exercise 'moonwalk'"),
        ({"exercise": None}, "an exercise goes with a tingling flag"),
        ({"symptom": "fever"}, "an exercise goes with a tingling flag"),
        ({"at": "yesterday"}, "at must be a moment such as 2026-11-24T07:30:00+01:00"),
        ({"day": "20261120"}, "day must be 2026-11-20, the date of at"),
        ({"note": "x" * 2001}, "note is longer than 2000 characters"),
        ({"cleared_at": "2026-11-21T08:00:00+00:00"}, "cleared_at and cleared_day go together"),
        (
            {"cleared_at": "2026-11-19T08:00:00+00:00", "cleared_day": "2026-11-19"},
            "before the day",
        ),
        ({"colour": "red"}, "must be an object with the keys"),
    ],
)
def test_bad_flag_records_are_refused_with_nothing_written(cli, db_path, tmp_path, change, message):
    ok(cli("done", "bridge", "12"))
    data = json.loads(ok(cli("export")).stdout)
    data["entries"][0].update(id=50, day="2026-01-01", at="2026-01-01T07:00:00+00:00")
    data["flags"] = [GOOD_FLAG, {**GOOD_FLAG, **change}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = dump(db_path)
    err = fail(cli("import", str(path))).stderr
    assert "flag 2" in err and message in err
    assert dump(db_path) == before
    data["flags"] = [GOOD_FLAG]
    path.write_text(json.dumps(data))
    ok(cli("import", str(path)))
    assert stored(db_path) == [("tingling", "pigeon", "2026-11-20", None)]


# --- kept plans ----------------------------------------------------------------------------------


def _keep_plans(db: str, days: list) -> None:
    conn = sqlite3.connect(db)
    with conn:
        for day in days:
            conn.execute("INSERT OR REPLACE INTO plan_basis VALUES (?, 'k', x'00')", (day,))
            conn.execute("INSERT OR REPLACE INTO day_status VALUES (?, 1, 0, 'daily', 'k')", (day,))
    conn.close()


def _kept(db: str) -> list:
    return [
        [r[0] for r in rows(db, f"SELECT day FROM {table} ORDER BY day")]
        for table in ("plan_basis", "day_status")
    ]


def test_raising_clearing_or_removing_a_flag_drops_the_kept_plans_from_its_day(cli, db_path):
    today = date.today()
    days = [(today + timedelta(days=n)).isoformat() for n in (-4, -3, -2, 1)]
    ok(cli("check"))
    _keep_plans(db_path, days)
    ok(cli("flag", "fever", "--at", f"{days[1]} 08:00"))
    assert _kept(db_path) == [days[:1]] * 2
    _keep_plans(db_path, days)
    ok(cli("flag", "--clear"))  # cleared today: plans from the day it was raised on change
    assert _kept(db_path) == [days[:1]] * 2
    _keep_plans(db_path, days)
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("DELETE FROM flags")
    conn.close()
    assert _kept(db_path) == [days[:1]] * 2
