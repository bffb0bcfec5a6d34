"""Your own exercises: `exercises add` writes catalog.toml beside the database without
disturbing what a person wrote there, `exercises check` names each mistake's line."""

import json
import os
import tomllib
from datetime import UTC, datetime

import pytest
from conftest import fail, ok

from glutelog.commands import entries, exercises, views

NOW = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)

DOORWAY = [
    "--name", "Doorway stretch", "--kind", "stretch", "--unit", "seconds", "--sets", "2",
    "--amount", "30s", "--per-side", "--cue", "Lean in gently", "--alias", "doorway",
]  # fmt: skip

HANDWRITTEN = """\
# My own additions -- keep this comment.

[routine]
# strength as my physio set it
strength = ["glute-bridge", "clamshell"]

[[exercise]]
name = "Box step"     # name before slug: the order I like
slug = "box-step"
cue = "Drive through the heel."
kind = "strength"
unit = "reps"
block = "log-only"
"""


@pytest.fixture
def mine(tmp_path):
    return tmp_path / "catalog.toml"


def test_a_persons_comments_and_key_order_survive_exercises_add(cli, mine):
    mine.write_text(HANDWRITTEN, encoding="utf-8")
    ok(cli("exercises", "add", *DOORWAY))
    after = mine.read_text(encoding="utf-8")
    assert after.startswith(HANDWRITTEN)  # every byte written by hand, in place
    added = tomllib.loads(after)["exercise"][-1]
    assert list(added)[:4] == ["slug", "name", "aliases", "kind"]
    assert added["slug"] == "doorway-stretch" and added["per_side"] is True

    ok(cli("exercises", "add", "--name", "Hip hinge", "--kind", "strength", "--unit", "reps",
           "--amount", "2x10", "--cue", "Back flat", "--routine", "strength"))  # fmt: skip
    after = mine.read_text(encoding="utf-8")
    for line in HANDWRITTEN.splitlines():
        if not line.startswith("strength ="):
            assert line in after.splitlines(), line
    assert after.index("# strength as my physio set it") < after.index("strength = [")
    assert tomllib.loads(after)["routine"]["strength"] == ["glute-bridge", "clamshell", "hip-hinge"]


def test_a_new_file_is_made_with_a_header_that_explains_it(cli, mine):
    ok(cli("exercises", "add", *DOORWAY))
    text = mine.read_text(encoding="utf-8")
    assert text.startswith("# Your own exercises")
    assert tomllib.loads(text)["exercise"][0]["name"] == "Doorway stretch"
    assert [p.name for p in mine.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_a_custom_exercise_is_planned_logged_ticked_and_reported(cli, db_path):
    ok(cli("exercises", "add", *DOORWAY, "--routine", "daily"))
    plan = json.loads(views.plan(db=db_path, as_json=True, now=NOW))
    item = next(i for i in plan["items"] if i["exercise"] == "doorway-stretch")
    assert (item["block"], item["sets"], item["amount"], item["done"]) == ("daily", 2, 30, False)

    entries.done(db=db_path, exercise="doorway", amount=["2x30s"], now=NOW)
    plan = json.loads(views.plan(db=db_path, as_json=True, now=NOW))
    assert next(i for i in plan["items"] if i["exercise"] == "doorway-stretch")["done"]
    assert "[x] Doorway stretch" in views.plan(db=db_path, now=NOW)
    assert "Doorway stretch 2 x 30 s" in views.history(db=db_path, now=NOW)
    report = json.loads(views.report(db=db_path, as_json=True, now=NOW))
    row = next(r for r in report["exercises"] if r["exercise"] == "doorway-stretch")
    assert (row["sets"], row["total"], row["unit"]) == (2, 60, "seconds")


def test_without_routine_an_exercise_is_logged_and_reported_but_never_planned(cli, db_path):
    ok(cli("exercises", "add", "--name", "Towel slide", "--kind", "strength", "--unit", "seconds",
           "--cue", "Back flat against the wall"))  # fmt: skip
    plans = json.loads(views.plan(db=db_path, days="7", as_json=True, now=NOW))
    assert all(i["exercise"] != "towel-slide" for p in plans for i in p["items"])
    entries.done(db=db_path, exercise="towel slide", amount=["45s"], now=NOW)
    report = json.loads(views.report(db=db_path, as_json=True, now=NOW))
    assert any(r["exercise"] == "towel-slide" and r["total"] == 45 for r in report["exercises"])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (["--kind", "strech"], "did you mean 'stretch'?"),
        (["--unit", "secs"], "did you mean 'seconds'?"),
        (["--alias", "bridge"], "'bridge' is already a name of 'glute-bridge'"),
        (["--name", "Pigeon"], "'pigeon' is already a name of 'pigeon'"),
        (["--amount", "0"], "amount must be more than 0"),
        (["--routine", "daly"], "did you mean 'daily'?"),
        # --amount is read as `done` reads it: its sets against --sets, and within the limit
        # (99x12 was refused with exit 65, naming a line the file did not have)
        (["--amount", "3x30s"], "'3x30s' says 3 sets but --sets says 2"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(cli, mine, change, message):
    mine.write_text(HANDWRITTEN, encoding="utf-8")
    args = list(DOORWAY)
    for option, value in zip(change[::2], change[1::2], strict=True):
        if option in args and option != "--alias":
            args[args.index(option) + 1] = value
        else:
            args += [option, value]
    result = fail(cli("exercises", "add", *args))
    assert message in result.stderr
    assert mine.read_text(encoding="utf-8") == HANDWRITTEN


def test_a_routine_item_needs_a_dose(cli, mine):
    result = fail(cli("exercises", "add", "--name", "Towel slide", "--kind", "strength",
                      "--unit", "seconds", "--cue", "Flat back", "--routine", "strength"))  # fmt: skip
    assert "needs a default dose" in result.stderr
    assert not mine.exists()


def test_without_a_terminal_the_missing_options_are_named(cli, mine):
    result = fail(cli("exercises", "add", "--name", "Towel slide", "--unit", "seconds"))
    assert "--kind" in result.stderr and "--cue" in result.stderr
    assert not mine.exists()


def test_on_a_terminal_it_asks_and_asks_again_after_a_bad_answer(db_path, mine):
    answers = iter(["Clock reach", "strech", "stretch", "reps", "", "", "y", "", "Reach slowly",
                    "clock", "", ""])  # fmt: skip
    said = []
    exercises.add(db=db_path, ask=lambda prompt: next(answers), say=said.append)
    assert any("did you mean 'stretch'?" in text for text in said)
    assert any("Cue is needed" in text for text in said)
    entry = tomllib.loads(mine.read_text(encoding="utf-8"))["exercise"][0]
    assert entry == {"slug": "clock-reach", "name": "Clock reach", "aliases": ["clock"],
                     "kind": "stretch", "unit": "reps", "per_side": True, "block": "log-only",
                     "cue": "Reach slowly"}  # fmt: skip


def test_the_file_keeps_its_permissions_when_replaced(cli, mine):
    mine.write_text(HANDWRITTEN, encoding="utf-8")
    os.chmod(mine, 0o600)
    ok(cli("exercises", "add", *DOORWAY))
    assert os.stat(mine).st_mode & 0o777 == 0o600


BROKEN = """\
# line 1

[[exercise]]
slug = "box-step"
name = "Box step"
alias = ["step"]
kind = "strength"
unit = "reps"
block = "log-only"
cue = "Drive through the heel."
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BROKEN, "line 6: exercise 'box-step': unknown key 'alias' (did you mean 'aliases'?)"),
        (
            BROKEN.replace('alias = ["step"]', "").replace('"strength"', '"strenght"'),
            "line 7: exercise 'box-step': kind must be one of stretch, strength, release, "
            "recovery, cross-training (did you mean 'strength'?)",
        ),
        (
            BROKEN.replace('alias = ["step"]', "").replace('"reps"', '"rep"'),
            "line 8: exercise 'box-step': unit must be one of reps, seconds, minutes, lengths, "
            "km, none (did you mean 'reps'?)",
        ),
        (
            BROKEN.replace('alias = ["step"]', 'easier = "glute-brige"'),
            "line 6: 'box-step' names easier variant 'glute-brige', which does not exist "
            "(did you mean 'glute-bridge'?)",
        ),
        ("[routine]\ndialy = []\n", "line 2: unknown routine key 'dialy' (did you mean 'daily'?)"),
        (
            "excercise = []\n",
            "line 1: unknown top-level key 'excercise' (did you mean 'exercise'?)",
        ),
    ],
)
def test_check_names_the_file_the_line_and_the_nearest_valid_name(cli, mine, text, message):
    mine.write_text(text, encoding="utf-8")
    result = fail(cli("exercises", "check"), code=65)
    assert f"{mine} {message}" in result.stderr
    # Every other command reads the same file and says the same.
    assert message in fail(cli("exercises", "add", *DOORWAY), code=65).stderr
    assert mine.read_text(encoding="utf-8") == text


def test_check_says_what_a_valid_file_adds_and_replaces(cli, mine):
    result = ok(cli("exercises", "check"))
    assert "No catalog of your own" in result.stdout
    mine.write_text(HANDWRITTEN, encoding="utf-8")
    ok(cli("exercises", "add", *DOORWAY))
    out = ok(cli("exercises", "check")).stdout
    assert f"{mine} is valid: 2 exercises of your own" in out
    assert "Your strength block: glute-bridge, clamshell." in out


def test_amounts_and_hints_read_as_done_reads_them(cli, mine, db_path):
    """`--amount 1h45` was refused although `done walk 1h45` logs 105 min; a unit-none
    exercise was suggested as `done plank-b 1`, which `done` refuses."""
    out = ok(cli("exercises", "add", "--name", "Long walk", "--kind", "recovery",
                 "--unit", "minutes", "--amount", "1h45", "--cue", "Easy pace")).stdout  # fmt: skip
    assert out.rstrip().endswith("Log it with: glutelog done long-walk 105")
    out = ok(cli("exercises", "add", "--name", "Plank hold", "--kind", "strength",
                 "--unit", "none", "--sets", "2", "--cue", "Brace")).stdout  # fmt: skip
    hint = out.rstrip().rsplit("Log it with: ", 1)[1]
    assert hint == "glutelog done plank-hold"
    ok(cli(*hint.split()[1:]))
    assert "is valid: 2 exercises of your own" in ok(cli("exercises", "check")).stdout
    before = mine.read_text(encoding="utf-8")
    refused = fail(cli("exercises", "add", "--name", "Hinge", "--kind", "strength",
                       "--unit", "reps", "--amount", "99x12", "--cue", "Flat back"))  # fmt: skip
    assert "sets must be from 1 to" in refused.stderr
    assert mine.read_text(encoding="utf-8") == before


def test_check_counts_one_exercise_in_the_singular(cli, mine):
    ok(cli("exercises", "add", *DOORWAY))
    assert f"{mine} is valid: 1 exercise of your own, " in ok(cli("exercises", "check")).stdout


UNITS_BY_KIND = {
    "stretch": ("seconds", "minutes", "reps"),
    "strength": ("reps", "seconds"),
    "release": ("seconds", "minutes"),
    "recovery": ("minutes",),
    "cross-training": ("minutes", "km", "lengths"),
}
AMOUNTS = {"seconds": "30s", "minutes": "5min", "reps": "12", "km": "3km", "lengths": "4"}


@pytest.mark.parametrize(
    ("kind", "unit"), [(k, u) for k, units in UNITS_BY_KIND.items() for u in units]
)
def test_an_exercise_added_without_a_dose_is_logged_on_any_day(cli, db_path, kind, unit):
    """An exercise of one's own with no default dose is for the log alone: every way of
    logging it and every view of it works (a stretch in seconds without a dose gave an
    internal error, because the caution for long holds looked for a planned total)."""
    ok(cli("exercises", "add", "--name", "Wall lean", "--kind", kind, "--unit", unit,
           "--cue", "Ease in"))  # fmt: skip
    amount = AMOUNTS[unit]
    ok(cli("done", "wall", "lean", amount, "--db", db_path))
    ok(cli("done", "wall", "lean", amount, "--at", "2 days ago", "--db", db_path))
    ok(cli("done", "wall", "lean", amount, "--pain", "2", "--note", "fine", "--db", db_path))
    for view in (["plan"], ["history"], ["report"], ["status"], ["plan", "--days", "3"]):
        ok(cli(*view, "--db", db_path))
    history = json.loads(ok(cli("history", "--json", "--db", db_path)).stdout)
    assert sum(row["exercise"] == "wall-lean" for row in history) == 3


@pytest.mark.parametrize(("unit", "example"), [("seconds", "30s"), ("reps", "12"), ("km", "5km")])
def test_an_amount_asked_for_is_shown_in_the_exercises_own_unit(cli, db_path, unit, example):
    kind = "cross-training" if unit == "km" else "stretch"
    ok(cli("exercises", "add", "--name", "Wall lean", "--kind", kind, "--unit", unit,
           "--cue", "Ease in"))  # fmt: skip
    result = fail(cli("done", "wall-lean", "--db", db_path))
    assert f"`glutelog done wall-lean {example}`" in result.output
