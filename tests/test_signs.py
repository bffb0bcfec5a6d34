"""Warning signs in the person's own words, notes that are heard, symptoms to watch, surgery,
and clearing that tells the truth: what people type and what glutelog then records and plans.

Each test names the observation it comes from (issue 16, observations 1-6).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from conftest import dump, fail, ok, rows

from glutelog.commands import entries, views

NOW = datetime(2026, 11, 24, 9, 30).astimezone()
TODAY = NOW.date()


def flags(db: str) -> list:
    return rows(db, "SELECT symptom, day, cleared_day FROM flags ORDER BY id")


def no_flags(db: str) -> bool:
    """Nothing recorded: no database made, or no flag in it."""
    import os

    return not os.path.exists(db) or rows(db, "SELECT count(*) FROM flags") == [(0,)]


def flag(db: str, *words: str, now: datetime = NOW, **options) -> str:
    return entries.flag(db=db, words=list(words), now=now, **options)


def plan(db: str, now: datetime = NOW) -> dict:
    return json.loads(views.plan(db=db, as_json=True, now=now))


def planned(db: str, now: datetime = NOW) -> list:
    return [item["exercise"] for item in plan(db, now)["items"]]


# --- 1. everyday words for emergencies ------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "slug"),
    [
        ("numbness down there", "saddle-numbness"),
        ("trouble peeing", "bladder"),
        ("I wet myself", "bladder"),
        ("cauda equina", "cauda-equina"),
        ("urinary retention", "bladder"),
        ("incontinent", "bladder"),
        ("numb bum", "saddle-numbness"),
        ("peeing problems", "bladder"),
        ("bilateral leg weakness", "weak-both-legs"),
    ],
)
def test_everyday_words_for_an_emergency_are_an_emergency(cli, db_path, words, slug):
    """Observation 1: each was refused, ranked urgent, or taken for a balance problem."""
    out = ok(cli("flag", *words.split())).stdout
    assert out.startswith("EMERGENCY: "), out
    assert "emergency department now" in out.splitlines()[0]
    assert rows(db_path, "SELECT symptom FROM flags") == [(slug,)]


# --- 2. a denied sign is no sign -------------------------------------------------------------------


def test_a_denied_sign_records_nothing_and_says_how_to_record_it(cli, db_path):
    """Observation 2: "no numbness in the saddle area" recorded an EMERGENCY."""
    err = fail(cli("flag", "no numbness in the saddle area")).stderr
    assert "nothing was recorded" in err and "glutelog flag saddle-numbness" in err
    err = fail(cli("flag", "not numb down there any more")).stderr
    assert "nothing was recorded" in err
    assert no_flags(db_path)


@pytest.mark.parametrize("note", ["no numbness", "easy run at night", "not numb any more"])
def test_a_note_that_denies_a_sign_gets_no_warning(db_path, note):
    """Observation 2: "no numbness" hinted at spreading numbness, "at night" at night pain."""
    out = entries.sore(db=db_path, score="2", morning=True, note=note, now=NOW)
    assert "warning sign" not in out and "glutelog flag" not in out
    assert flags(db_path) == []
    assert plan(db_path)["zone"] != "paused"


# --- 3. notes are heard ----------------------------------------------------------------------------


def test_an_emergency_in_a_note_pauses_the_plan_until_answered(db_path):
    """Observation 3: a note "numb saddle area" printed a hint, then a normal strength day."""
    out = entries.sore(db=db_path, score="4", morning=True, note="numb saddle area", now=NOW)
    assert "numbness in the saddle area" in out and "emergency department now" in out
    assert "glutelog flag saddle-numbness" in out and "glutelog flag --clear saddle-numbness" in out
    assert rows(db_path, "SELECT symptom, suspected FROM flags") == [("saddle-numbness", 1)]
    shown = plan(db_path)
    assert shown["zone"] == "paused" and shown["items"] == []
    text = views.plan(db=db_path, now=NOW)
    assert "suspected" in text and "glutelog flag saddle-numbness" in text
    assert "PAUSED" in views.status(db=db_path, now=NOW)
    assert "suspected" in views.status(db=db_path, now=NOW)
    report = views.report(db=db_path, now=NOW)
    assert "suspected" in report and "numbness in the saddle area" in report
    # Confirmed with the command the message gave: the same flag, no longer suspected.
    flag(db_path, "saddle-numbness")
    assert rows(db_path, "SELECT symptom, suspected FROM flags") == [("saddle-numbness", 0)]
    assert plan(db_path)["zone"] == "paused"


def test_a_suspected_flag_that_is_not_new_is_cleared_with_one_command(db_path):
    entries.done(db=db_path, exercise="bridge", amount="12", note="trouble peeing", now=NOW)
    assert plan(db_path)["zone"] == "paused"
    out = flag(db_path, "bladder", clear=True)
    assert "Cleared" in out and "back on" in out
    assert plan(db_path)["zone"] != "paused"


def test_a_refused_score_still_says_what_its_note_warns_of_first(db_path):
    """Observation 3: a second morning score with an emergency note was refused, the note lost
    without a word."""
    entries.sore(db=db_path, score="3", morning=True, now=NOW)
    before = dump(db_path)
    note = "numb between my legs and can't control my bladder"
    from glutelog.errors import BadInput

    with pytest.raises(BadInput) as refused:
        entries.sore(db=db_path, score="9", morning=True, note=note, now=NOW)
    message = refused.value.message
    assert message.index("emergency department now") < message.index("already has a morning")
    assert "glutelog flag saddle-numbness" in message
    assert dump(db_path) == before


def test_a_refused_score_warns_on_one_line_through_the_command_line(cli):
    ok(cli("sore", "3", "--morning"))
    err = fail(cli("sore", "9", "--morning", "--note", "can't control my bladder")).stderr
    assert "emergency department now" in err and "already has a morning score" in err


@pytest.mark.parametrize(
    ("note", "slug"),
    [
        ("trouble peeing since yesterday", "bladder"),
        ("leg feels weak, foot catching", "leg-weakness"),
        ("I can't feel it when I wipe", "saddle-numbness"),
    ],
)
def test_everyday_words_in_a_note_raise_a_suspected_flag(db_path, note, slug):
    """Observation 3: these notes got no hint at all."""
    out = entries.sore(db=db_path, score="3", morning=True, note=note, now=NOW)
    assert f"glutelog flag {slug}" in out
    assert rows(db_path, "SELECT symptom, suspected FROM flags") == [(slug, 1)]
    assert plan(db_path)["zone"] == "paused"


def test_a_note_on_done_and_on_flag_is_heard_too(db_path):
    out = entries.done(db=db_path, exercise="bridge", amount="12", note="can't pee", now=NOW)
    assert "Logged" in out and "glutelog flag bladder" in out
    out = flag(db_path, "fever", note="and numb down there")
    assert "glutelog flag saddle-numbness" in out
    assert rows(db_path, "SELECT symptom, suspected FROM flags ORDER BY id") == [
        ("bladder", 1),
        ("fever", 0),
        ("saddle-numbness", 1),
    ]


def test_a_note_repeating_a_flag_in_force_adds_no_second_one(db_path):
    flag(db_path, "saddle")
    entries.sore(db=db_path, score="3", morning=True, note="still numb down there", now=NOW)
    assert rows(db_path, "SELECT symptom, suspected FROM flags") == [("saddle-numbness", 0)]


# --- 4. symptoms to watch ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "side", "place"),
    [
        ("my foot tingles", None, "foot"),
        ("tingling foot", None, "foot"),
        ("pins and needles left calf", "left", "calf"),
        ("numb right toes", "right", "toes"),
        ("tingling from my left buttock down to the knee", "left", "knee"),
    ],
)
def test_tingling_in_one_leg_is_recorded_as_a_symptom_without_a_pause(
    cli, db_path, words, side, place
):
    """Observation 4: "my foot tingles" asked for an exercise, "tingling foot" was an unknown
    exercise."""
    out = ok(cli("flag", *words.split())).stdout
    assert out.startswith("Symptom to watch"), out
    assert rows(db_path, "SELECT symptom, side, place, suspected FROM flags") == [
        ("leg-tingling", side, place, 0)
    ]
    shown = json.loads(ok(cli("plan", "--json")).stdout)
    assert shown["zone"] != "paused" and shown["items"]
    assert any(place in message and "watch" in message for message in shown["messages"])


def test_a_symptom_shows_in_plan_while_recent_and_in_every_report(db_path, tmp_path):
    flag(db_path, "pins", "and", "needles", "left", "calf", now=NOW - timedelta(days=1))
    text = views.plan(db=db_path, now=NOW)
    assert "left calf" in text
    assert "left calf" in views.plan(db=db_path, now=NOW + timedelta(days=12))
    later = views.plan(db=db_path, now=NOW + timedelta(days=13))
    assert "left calf" not in later  # day 15 after it was recorded
    report = views.report(db=db_path, now=NOW)
    assert "tingling, pins and needles or numbness in the left calf" in report
    data = json.loads(views.report(db=db_path, as_json=True, now=NOW))
    (row,) = data["flags"]
    assert (row["symptom"], row["side"], row["place"], row["tier"]) == (
        "leg-tingling",
        "left",
        "calf",
        "watch",
    )
    markdown = views.report(db=db_path, fmt="markdown", now=NOW)
    assert "left calf" in markdown
    page = tmp_path / "page.html"
    views.report(db=db_path, html=str(page), now=NOW)
    assert "left calf" in page.read_text(encoding="utf-8")


def test_a_note_of_tingling_reaches_the_report_and_the_page(db_path, tmp_path):
    """Observation 4: a note "left foot tingles" reached neither report nor page."""
    entries.sore(db=db_path, score="3", morning=True, note="left foot tingles", now=NOW)
    assert rows(db_path, "SELECT symptom, side, place, suspected, note FROM flags") == [
        ("leg-tingling", "left", "foot", 0, "left foot tingles")
    ]
    assert "left foot" in views.report(db=db_path, now=NOW)
    page = tmp_path / "page.html"
    views.report(db=db_path, html=str(page), now=NOW)
    assert "left foot" in page.read_text(encoding="utf-8")
    assert plan(db_path)["zone"] != "paused"


@pytest.mark.parametrize(
    "words",
    ["tingling in my left foot and it is spreading", "my left foot tingles and my leg is weak"],
)
def test_spreading_or_weak_asks_whether_it_is_urgent(cli, db_path, words):
    err = fail(cli("flag", words)).stderr
    assert "urgent" in err and "glutelog flag tingling left foot" in err
    assert "glutelog flag spreading-numbness" in err or "glutelog flag leg-weakness" in err
    assert no_flags(db_path)


def test_on_a_terminal_the_question_is_asked(db_path):
    asked = []

    def answer(question, choices):
        asked.append((question, choices))
        return 0  # the first choice: raise it as urgent

    out = entries.flag(
        db=db_path, words=["my left foot tingles and it is spreading"], now=NOW, ask=answer
    )
    assert asked and out.startswith("URGENT")
    assert rows(db_path, "SELECT symptom FROM flags") == [("spreading-numbness",)]


def test_tingling_during_a_stretch_still_names_the_stretch(cli, db_path):
    ok(cli("done", "pigeon", "30s", "--tingling"))
    ok(cli("flag", "tingling", "during", "figure", "4"))
    assert rows(db_path, "SELECT symptom, exercise FROM flags ORDER BY id") == [
        ("tingling", "pigeon"),
        ("tingling", "figure4-supine"),
    ]


# --- 5. surgery ------------------------------------------------------------------------------------


def test_surgery_weeks_ago_is_surgery_dated_then(db_path):
    """Observation 5: "had surgery 6 weeks ago" was recorded as "no better after 6 weeks"."""
    out = flag(db_path, "had", "surgery", "6", "weeks", "ago")
    assert "surgery" in out
    assert flags(db_path) == [("recent-surgery", "2026-10-13", None)]
    flag(db_path, "back surgery in october")
    assert flags(db_path)[1] == ("recent-surgery", "2026-10-31", None)


def test_recent_surgery_leaves_only_walks_and_the_easiest_stretches(db_path):
    """Observation 5: `flag surgery` left the full plan, pigeon and strength included."""
    entries.sore(db=db_path, score="1", morning=True, now=NOW)
    assert "glute-bridge" in planned(db_path) and "pigeon" in planned(db_path)
    flag(db_path, "surgery", "2", "weeks", "ago")
    gentle = plan(db_path)
    slugs = [item["exercise"] for item in gentle["items"]]
    assert gentle["zone"] != "paused"
    assert "pigeon" not in slugs and "glute-bridge" not in slugs and "figure4-supine" not in slugs
    assert "tennis-ball-release" not in slugs
    assert "walk" in slugs and "seated-figure4" in slugs
    assert {item["kind"] for item in gentle["items"]} <= {"stretch", "recovery"}
    assert any("glutelog flag --clear surgery" in m for m in gentle["messages"])
    flag(db_path, "surgery", clear=True)
    assert "glute-bridge" in planned(db_path)


def test_surgery_more_than_three_months_ago_restricts_nothing(db_path):
    entries.sore(db=db_path, score="1", morning=True, now=NOW)
    flag(db_path, "surgery 5 months ago")
    assert "glute-bridge" in planned(db_path)


# --- 6. dates and clearing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "at"),
    [
        ("saddle", "1900-01-01"),
        ("saddle", "2025-06-01"),  # more than a year ago
        ("tingling left foot", "2025-06-01"),
        ("surgery", "2015-06-01"),  # more than 10 years ago
        ("saddle", "2026-11-25"),  # in the future
    ],
)
def test_a_sign_dated_too_long_ago_or_ahead_is_refused(db_path, words, at):
    """Observation 6: `flag saddle --at 1900-01-01` was taken."""
    from glutelog.errors import BadInput

    with pytest.raises(BadInput, match="within the last|in the future"):
        flag(db_path, *words.split(), at=at)
    assert no_flags(db_path)


def test_surgery_years_ago_is_taken(db_path):
    flag(db_path, "surgery", at="2019-03-01")
    assert flags(db_path) == [("recent-surgery", "2019-03-01", None)]


def test_clearing_as_of_a_day_tells_what_is_still_in_force_and_plan_agrees(db_path):
    """Observation 6: `flag --clear --at` said the plan was back on while it stayed paused."""
    raised = datetime(2026, 12, 4, 8, 0).astimezone()
    now = datetime(2026, 12, 5, 9, 0).astimezone()
    flag(db_path, "saddle", now=raised)
    flag(db_path, "foot", "drop", now=raised)
    out = entries.flag(db=db_path, clear=True, at="2026-12-03", now=now)
    assert "back on" not in out
    assert "Plan paused" in out
    assert plan(db_path, now)["zone"] == "paused"
    out = entries.flag(db=db_path, clear=True, at="2026-12-05 08:00", now=now)
    assert "back on" in out
    assert plan(db_path, now)["zone"] != "paused"


# --- the flags' details in the file: upgrade, export and import ------------------------------------


def test_flags_from_before_their_details_upgrade_as_confirmed_with_no_side(tmp_path):
    from conftest import load_helper

    from glutelog.storage.opening import open_store

    fixtures = load_helper("schema_fixtures")
    path = str(tmp_path / "v5.db")
    fixtures.build_v5(path)
    conn_rows = rows(path, "SELECT count(*) FROM flags")
    open_store(path).close()
    assert rows(path, "SELECT count(*) FROM flags") == conn_rows
    assert set(rows(path, "SELECT suspected, side, place FROM flags")) == {(0, None, None)}
    assert rows(path, "SELECT count(*) FROM plan_basis") == [(0,)]
    # the surgery recorded before the upgrade now keeps its days gentle
    shown = json.loads(views.plan(db=path, as_json=True, now=datetime(2026, 11, 8, 9).astimezone()))
    assert "glute-bridge" not in [item["exercise"] for item in shown["items"]]


def test_export_and_import_keep_a_flags_details(cli, db_path, tmp_path):
    ok(cli("flag", "pins", "and", "needles", "left", "calf"))
    ok(cli("sore", "3", "--morning", "--note", "trouble peeing"))
    exported = ok(cli("export")).stdout
    data = json.loads(exported)
    assert [(f["symptom"], f["suspected"], f["side"], f["place"]) for f in data["flags"]] == [
        ("leg-tingling", 0, "left", "calf"),
        ("bladder", 1, None, None),
    ]
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    other = str(tmp_path / "other.db")
    ok(cli("import", str(path), "--db", other))
    assert ok(cli("export", "--db", other)).stdout == exported
    # an export written before flags had details imports as confirmed, with no side or place
    for flag_row in data["flags"]:
        for key in ("suspected", "side", "place"):
            del flag_row[key]
    data["flags"] = data["flags"][1:]
    path.write_text(json.dumps(data), encoding="utf-8")
    third = str(tmp_path / "third.db")
    ok(cli("import", str(path), "--db", third))
    assert rows(third, "SELECT symptom, suspected, side, place FROM flags") == [
        ("bladder", 0, None, None)
    ]
    csv_header = ok(cli("export", "--format", "csv")).stdout.splitlines()[0]
    assert csv_header.endswith("symptom,cleared_at,cleared_day,suspected,place")


def test_a_note_dated_more_than_a_year_ago_warns_but_pauses_nothing(db_path):
    out = entries.done(
        db=db_path, exercise="bridge", amount="12", at="2025-06-01", note="can't pee", now=NOW
    )
    assert "more than a year ago" in out and "glutelog flag bladder" in out
    assert flags(db_path) == []
