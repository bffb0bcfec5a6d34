"""`glutelog done` read the way people type: names and amounts in several unquoted words."""

import json
import shlex
from datetime import UTC, datetime

import pytest
from conftest import dump, examples, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelog import catalog as catalog_mod
from glutelog import paths
from glutelog.cli import dispatch, typer_app
from glutelog.commands import entries
from glutelog.errors import BadInput
from glutelog.rules import rule

FRONT_ENDS = {"fast": dispatch.run, "typer": typer_app.run_cli}

LOGGED = "SELECT exercise, sets, amount, unit FROM entries ORDER BY id"


def run_line(front, line, capsys):
    """(exit code, stdout, stderr) of one command line through one front end."""
    capsys.readouterr()
    code = FRONT_ENDS[front](shlex.split(line))
    assert code is not None, f"the fast path declined {line!r}"
    out, err = capsys.readouterr()
    return code, out, err


SPOKEN = [
    ("done tennis ball 25 sec", [("tennis-ball-release", 1, 25, "seconds")]),
    ("done 'tennis ball' 25s", [("tennis-ball-release", 1, 25, "seconds")]),
    ("done band walk 2 lengths", [("lateral-band-walk", 1, 2, "lengths")]),
    ("done ice 15 min", [("ice", 1, 15, "minutes")]),
    ("done frozen peas 10 minutes", [("ice", 1, 10, "minutes")]),
    ("done figure 4 30s", [("figure4-supine", 1, 30, "seconds")]),
    ("done figure-4 30 s", [("figure4-supine", 1, 30, "seconds")]),
    ("done seated figure 4 45 seconds", [("seated-figure4", 1, 45, "seconds")]),
    ("done hip th 10", [("hip-thrust", 1, 10, "reps")]),
    ("done bridge 3 sets of 12", [("glute-bridge", 3, 12, "reps")]),
    ("done bridge '3 sets of 12'", [("glute-bridge", 3, 12, "reps")]),
    ("done bridge 3 sets of 12 reps", [("glute-bridge", 3, 12, "reps")]),
    ("done bridge 3x12", [("glute-bridge", 3, 12, "reps")]),
    ("done bridge 3 x 12", [("glute-bridge", 3, 12, "reps")]),
    ("done pigeon 2 sets of 30 s --side left", [("pigeon", 2, 30, "seconds")]),
    ("done run 20km 105min", [("run", 1, 20, "km")]),  # one entry, its time kept with it
    ("done run 20km in 105min", [("run", 1, 20, "km")]),
    ("done run 20 km in 1h45", [("run", 1, 20, "km")]),
]


@pytest.mark.parametrize("front", sorted(FRONT_ENDS))
@pytest.mark.parametrize(("line", "logged"), SPOKEN)
def test_names_and_amounts_typed_in_words_log_what_was_meant(front, line, logged, capsys, db_path):
    code, out, err = run_line(front, line, capsys)
    assert code == 0, err
    assert out.startswith("Logged #1: ")
    assert rows(db_path, LOGGED) == logged


@pytest.mark.parametrize("front", sorted(FRONT_ENDS))
def test_a_number_that_belongs_to_a_name_is_not_taken_as_the_amount(front, capsys, db_path):
    """`done figure 4` is the figure-4 stretch at its planned dose, not 4 seconds of it."""
    assert run_line(front, "done figure4", capsys)[0] == 0
    assert run_line(front, "done figure 4", capsys)[0] == 0
    first, second = rows(db_path, LOGGED)
    assert first == second
    assert first[0] == "figure4-supine" and first[2] != 4


ASKED = [
    # a name that is still ambiguous lists the choices by the names the plan shows, and a
    # command that works as typed: no quotes, which names do not need
    ("done side 12", ["could mean any of", "Side plank", "Lateral band walk", "glutelog done s"]),
    # an amount not understood says which forms are
    ("done bridge 3 sets of twelve", ["3 sets of 12", "3x12", "30s"]),
    ("done bridge 12 apples", ["3 sets of 12", "30s", "20km in 105min"]),
    # a negative number is a value, not an option
    ("sore -1", ["soreness must be from 0 to 10, got -1"]),
    ("sore -3 --morning", ["soreness must be from 0 to 10, got -3"]),
    ("done bridge -5", ["more than 0, got -5"]),
    ("done bridge 12 --pain -2", ["pain must be from 0 to 10, got -2"]),
    # the sets without the amount in each ("unknown unit 'x'" named a letter nobody typed)
    ("done bridge 3 sets", ["gives the sets but not the amount in each", "3 sets of 12"]),
    ("done bridge 3 sets of", ["gives the sets but not the amount in each"]),
    # a name of nothing but punctuation is a prefix of every name: it is empty, not ambiguous
    ("done _ 12", ["exercise name is empty"]),
    ("done '' 12", ["exercise name is empty"]),
]


@pytest.mark.parametrize("front", sorted(FRONT_ENDS))
@pytest.mark.parametrize(("line", "said"), ASKED)
def test_refusals_say_what_would_work(front, line, said, capsys, db_path):
    run_line(front, "done bridge 12", capsys)
    before = dump(db_path)
    code, out, err = run_line(front, line, capsys)
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1 and err.startswith("glutelog: "), err
    for words in said:
        assert words in err
    assert "No such option" not in err and "unknown unit" not in err
    assert dump(db_path) == before


def test_an_unknown_option_is_still_refused_as_one(cli):
    result = cli("sore", "4", "--bogus")
    assert result.exit_code == 2 and "No such option: --bogus" in result.stderr


# --- every catalog name, typed with spaces ------------------------------------------------------

CATALOG = catalog_mod.build(paths.builtin_catalog())
NAMES = sorted(
    (name, slug)
    for slug, entry in CATALOG.exercises.items()
    for name in [slug, *entry["aliases"]]
    if entry["unit"] != "none"
)
UNIT_SPELLINGS = {
    "reps": ["", " reps", "reps", " rep"],
    "seconds": ["s", " s", " sec", " seconds", " secs"],
    "minutes": ["min", " min", " minutes", " mins", "m"],
    "lengths": ["", " lengths", " length", " laps"],
    "km": ["km", " km", " k"],
}


def spaced(name: str, split_digits: bool) -> str:
    """``seated-figure4`` as a person types it: ``seated figure4`` or ``seated figure 4``."""
    words = name.replace("-", " ")
    if split_digits:
        words = "".join(
            f" {c}" if c.isdigit() and i and words[i - 1].isalpha() else c
            for i, c in enumerate(words)
        )
    return words


@st.composite
def typed_sets(draw):
    name, slug = draw(st.sampled_from(NAMES))
    entry = CATALOG.exercises[slug]
    unit = draw(st.sampled_from([entry["unit"], *entry["other_units"]]))
    high = {"reps": 50, "seconds": 300, "minutes": 60, "lengths": 10, "km": 40}[unit]
    amount = draw(st.integers(1, high))
    amount_text = f"{amount}{draw(st.sampled_from(UNIT_SPELLINGS[unit]))}"
    sets = draw(st.one_of(st.none(), st.integers(1, rule("max_sets_logged"))))
    if sets is not None:
        form = draw(st.sampled_from(["{n}x{a}", "{n} x {a}", "{n} sets of {a}"]))
        if (
            unit in ("reps", "lengths")
            and sets >= rule("sets_far_above")
            and amount <= rule("plausible_sets_max")
        ):
            form = "{n} sets of {a}"  # 12x3 reads either way and is refused (test_typed_as_said)
        amount_text = form.format(n=sets, a=amount_text)
    return name, slug, spaced(name, draw(st.booleans())), amount_text, (sets or 1, amount, unit)


@pytest.fixture(scope="module")
def one_db(tmp_path_factory):
    """One database for every generated example: each compares the two rows it adds."""
    return str(tmp_path_factory.mktemp("spoken") / "g.db")


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=typed_sets())
def test_every_catalog_name_typed_with_spaces_logs_that_exercise(one_db, case):
    name, slug, typed, amount_text, (sets, amount, unit) = case
    now = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    # As the command line hands it over: the first word, then every other word.
    words = f"{typed} {amount_text}".split()
    entries.done(db=one_db, exercise=words[0], amount=words[1:], now=now)
    entries.done(db=one_db, exercise=name, amount=[amount_text], now=now)  # the quoted form
    spoken, quoted = rows(one_db, LOGGED.replace("ORDER BY id", "ORDER BY id DESC LIMIT 2"))[::-1]
    assert spoken == quoted == (slug, sets, amount, unit), (typed, amount_text)


def test_an_ambiguous_prefix_in_several_words_is_refused_not_guessed():
    with pytest.raises(BadInput) as caught:
        CATALOG.split_name(["step", "10"])
    message = caught.value.message.lower()  # the names the plan shows, in any case
    assert "step-up" in message and "step-down" in message


def test_an_unknown_option_beside_a_negative_number_is_the_one_named(cli):
    result = cli("sore", "-1", "--mornin")
    assert result.exit_code == 2
    assert "No such option: --mornin" in result.stderr and "--morning" in result.stderr


@pytest.mark.parametrize("front", sorted(FRONT_ENDS))
def test_a_run_with_distance_and_time_keeps_the_note_warning(front, capsys, db_path):
    """`done run 20km --note "numb saddle"` pointed to `glutelog flag`; with the time too
    (`20km in 105min`) the same note was logged without a word."""
    code, out, _ = run_line(front, "done run 20km in 105min --note 'numb saddle'", capsys)
    assert code == 0 and "glutelog flag saddle" in out
    code, out, _ = run_line(front, "done run 20km in 105min --note 'numb saddle' --json", capsys)
    assert code == 0 and any("glutelog flag saddle" in n for n in json.loads(out)["notes"])
