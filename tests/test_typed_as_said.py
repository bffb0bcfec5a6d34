"""Issue 20's observations, each as it was seen: times, dates and amounts typed as people say
them are stored as meant, or refused in words; never stored as something else."""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime

import pytest
from conftest import rows

from glutelog.cli import dispatch
from glutelog.commands import entries
from glutelog.errors import BadInput

AT = "SELECT substr(at, 1, 16) FROM entries ORDER BY id"


@contextlib.contextmanager
def london():
    """Europe/London, on GMT in December: wall-clock times are what is stored."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(autouse=True)
def no_locale(monkeypatch):
    """No locale names a country unless a test says so: dates that read two ways are refused."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(name, raising=False)
    with london():
        yield


def now_at(hour=18, minute=23):
    """Friday 4 December 2026, 18:23:41 local time: the minutes are not on any typed time."""
    return datetime(2026, 12, 4, hour, minute, 41).astimezone()


def logged_at(at, db_path, now=None, yes=False):
    entries.done(exercise="bridge", amount="12", at=at, now=now or now_at(), yes=yes)
    return rows(db_path, AT)[-1][0]


# --- 1: times with a dot or a colon store exactly that time ------------------------------------


@pytest.mark.parametrize(
    ("at", "stored"),
    [
        ("6.30pm", "2026-12-04T18:30"),
        ("7.30am", "2026-12-04T07:30"),
        ("3.30", "2026-12-04T03:30"),
        ("1.15", "2026-12-04T01:15"),
        ("7:30", "2026-12-04T07:30"),
    ],
)
def test_a_time_with_a_dot_stores_that_time(at, stored, db_path):
    assert logged_at(at, db_path, now_at(20)) == stored


# --- 2: dates with slashes follow config date-order, or are refused with both readings ---------


@pytest.mark.parametrize("at", ["01/12", "4/12"])
def test_a_date_that_reads_two_ways_is_refused_with_both_readings(at, db_path):
    with pytest.raises(BadInput) as refused:
        logged_at(at, db_path)
    message = refused.value.message
    assert refused.value.code == 2
    assert "(day/month)" in message and "(month/day)" in message
    assert "date-order" in message
    assert not os.path.exists(db_path) or rows(db_path, "SELECT count(*) FROM entries") == [(0,)]


def test_a_date_that_reads_one_way_is_taken(db_path):
    assert logged_at("30/11", db_path) == "2026-11-30T18:23"


@pytest.mark.parametrize(
    ("order", "at", "stored"),
    [
        ("dmy", "01/12", "2026-12-01T18:23"),
        ("dmy", "4/12", "2026-12-04T18:23"),
        ("mdy", "4/12", "2026-04-12T18:23"),
        ("ymd", "4/12", "2026-04-12T18:23"),
        ("mdy", "30/11", "2026-11-30T18:23"),
    ],
)
def test_config_date_order_says_how_dates_are_written(order, at, stored, db_path, capsys):
    assert dispatch.run(["config", "date-order", order]) == 0
    assert logged_at(at, db_path) == stored


def test_the_locale_gives_the_date_order_where_it_names_a_country(db_path, monkeypatch):
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert logged_at("01/12", db_path) == "2026-12-01T18:23"
    monkeypatch.setenv("LC_TIME", "en_US.UTF-8")
    assert logged_at("01/12", db_path, yes=True) == "2026-01-12T18:23"


# --- 3: no day, or a year that cannot be meant ---------------------------------------------------


@pytest.mark.parametrize("at", ["july 2013", "july", "2013"])
def test_a_month_or_a_year_without_a_day_is_refused_with_an_example(at, db_path):
    with pytest.raises(BadInput, match="names no day: give the day too, like"):
        logged_at(at, db_path)


@pytest.mark.parametrize(
    ("at", "said"),
    [("1999-01-01", "more than 3 years ago"), ("1969-07-20", "before 1970")],
)
def test_a_set_years_back_is_refused(at, said, db_path):
    with pytest.raises(BadInput, match=said):
        logged_at(at, db_path)


# --- 5: times in words -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "stored"),
    [
        ("this morning", "2026-12-04T08:00"),
        ("last night", "2026-12-03T22:00"),
        ("tonight", "2026-12-04T22:00"),
        ("yesterday at 7pm", "2026-12-03T19:00"),
        ("yesterday morning", "2026-12-03T08:00"),
        ("a week ago", "2026-11-27T23:23"),
        ("an hour ago", "2026-12-04T22:23"),
        ("2 hours ago", "2026-12-04T21:23"),
        ("day before yesterday", "2026-12-02T23:23"),
    ],
)
def test_times_in_words_are_taken(at, stored, db_path):
    assert logged_at(at, db_path, now_at(23)) == stored


def test_a_word_for_a_time_of_day_says_the_time_it_was_taken_as(db_path):
    out = entries.done(exercise="bridge", amount="12", at="yesterday evening", now=now_at())
    assert "evening is taken as 19:00" in out


def test_in_two_hours_is_in_the_future_in_words(db_path):
    with pytest.raises(BadInput, match="^today at 20:23 is in the future"):
        logged_at("in 2 hours", db_path)


# --- 10: messages in words, with today's dates -------------------------------------------------


def test_tomorrow_is_said_in_words_not_as_a_timestamp(db_path):
    with pytest.raises(BadInput) as refused:
        logged_at("tomorrow", db_path)
    assert refused.value.message == "tomorrow at 18:23 is in the future"


def test_the_date_hint_uses_todays_dates(db_path):
    with pytest.raises(BadInput) as refused:
        logged_at("blah", db_path)
    assert "2026-12-03" in refused.value.message
    with pytest.raises(BadInput) as refused:
        logged_at("blah", db_path, datetime(2027, 3, 10, 12).astimezone())
    assert "2027-03-09" in refused.value.message


# --- 4, 6, 7, 8: names and amounts as the plan shows them, through both front ends -------------

LOGGED = "SELECT exercise, sets, amount, unit, side, note FROM entries ORDER BY id"


def run_line(line, capsys, front=dispatch.run):
    import shlex

    from glutelog.cli import typer_app

    capsys.readouterr()
    code = (typer_app.run_cli if front == "typer" else front)(shlex.split(line))
    assert code is not None, f"the fast path declined {line!r}"
    out, err = capsys.readouterr()
    return code, out, err


def test_a_number_that_is_part_of_a_name_stays_with_it(db_path, capsys):
    code, out, err = run_line("done fig 4", capsys)
    assert code == 0, err
    ((exercise, sets, amount, unit, _, _),) = rows(db_path, LOGGED)
    assert exercise == "figure4-supine" and amount != 4  # the planned dose, not 4 seconds
    assert run_line("done fig 4 45s", capsys)[0] == 0
    assert rows(db_path, LOGGED)[-1][:4] == ("figure4-supine", 1, 45, "seconds")


@pytest.mark.parametrize("front", ["fast", "typer"])
def test_sets_and_reps_that_read_either_way_are_refused_with_both(front, db_path, capsys):
    line = "done bridge 12x3"
    code, out, err = run_line(line, capsys, dispatch.run if front == "fast" else "typer")
    assert code == 2 and out == ""
    assert "12 sets of 3" in err and "3 sets of 12" in err
    assert not os.path.exists(db_path) or rows(db_path, "SELECT count(*) FROM entries") == [(0,)]
    assert run_line("done bridge 12 sets of 3", capsys)[0] == 0  # said in words: taken
    assert rows(db_path, LOGGED)[-1][:4] == ("glute-bridge", 12, 3, "reps")


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        # 6: the names the plan prints
        ("done pigeon stretch 30s", ("pigeon", 1, 30, "seconds", "both", None)),
        ("done lying figure-4 stretch 30s", ("figure4-supine", 1, 30, "seconds", "both", None)),
        ("done figure-4 stretch 30s", ("figure4-supine", 1, 30, "seconds", "both", None)),
        # 7: sides anywhere in the amount
        ("done tennis ball 30 sec left", ("tennis-ball-release", 1, 30, "seconds", "left", None)),
        ("done tennis ball left 30 sec", ("tennis-ball-release", 1, 30, "seconds", "left", None)),
        ("done tennis ball 30s right", ("tennis-ball-release", 1, 30, "seconds", "right", None)),
        (
            "done tennis ball right side 30s",
            ("tennis-ball-release", 1, 30, "seconds", "right", None),
        ),
        ("done clams 15 each side", ("clamshell", 1, 15, "reps", "both", None)),
        ("done clams 15 per side", ("clamshell", 1, 15, "reps", "both", None)),
        ("done clams 2x15 each side", ("clamshell", 2, 15, "reps", "both", None)),
        # 8: runners' words
        ("done run 5 miles", ("run", 1, 8.04672, "km", None, None)),
        ("done long run 32km 3h", ("run", 1, 32, "km", None, "long run")),
        ("done tempo run 8k 40min", ("run", 1, 8, "km", None, "tempo run")),
    ],
)
@pytest.mark.parametrize("front", ["fast", "typer"])
def test_names_sides_and_runs_as_people_type_them(front, line, logged, db_path, capsys):
    code, out, err = run_line(line, capsys, dispatch.run if front == "fast" else "typer")
    assert code == 0, err
    assert rows(db_path, LOGGED)[0] == logged


def test_the_readme_lists_the_words_and_the_times_they_stand_for():
    from pathlib import Path

    from glutelog import parsing
    from glutelog.commands import common

    text = Path(__file__).parent.parent.joinpath("README.md").read_text(encoding="utf-8")
    section = text.split("\n## Typing dates and amounts\n", 1)[1].split("\n## ", 1)[0]
    for word, at in parsing.DAY_PARTS.items():
        assert f"{word} {at:%H:%M}" in section, word
    for kind in common.RUN_KINDS:
        assert f"**{kind} run**" in section
    for word in ("left", "right", "each side", "per side", "a side", "both sides", "mi", "miles"):
        assert f"**{word}**" in section, word
    for word in ("stretch", "release", "exercise"):
        assert f"**{word}**" in section, word
    assert "`config date-order`" in section and "tonight" in section


# --- 9: several ids at once; help as a command ---------------------------------------------------


@pytest.mark.parametrize("front", ["fast", "typer"])
def test_rm_takes_several_ids_and_ranges_and_lists_them(front, db_path, capsys):
    call = dispatch.run if front == "fast" else "typer"
    for reps in range(10, 16):
        assert run_line(f"done bridge {reps}", capsys)[0] == 0
    code, out, err = run_line("rm 6 5", capsys, call)
    assert code == 0, err
    assert out.startswith("Removed 2 entries:") and "#6" in out and "#5" in out
    code, out, err = run_line("rm 1-3", capsys, call)
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()[1:]] == ["#1", "#2", "#3"]
    assert rows(db_path, "SELECT id FROM entries ORDER BY id") == [(4,)]


def test_rm_of_several_removes_none_when_one_is_not_there(db_path, capsys):
    for reps in (10, 11):
        assert run_line(f"done bridge {reps}", capsys)[0] == 0
    code, out, err = run_line("rm 1 2 9", capsys)
    assert code == 2 and "no entry 9: nothing was removed" in err
    assert rows(db_path, "SELECT id FROM entries ORDER BY id") == [(1,), (2,)]


@pytest.mark.parametrize(
    ("line", "start"),
    [("help", "Usage: glutelog [OPTIONS]"), ("help done", "Usage: glutelog done")],
)
def test_help_as_a_command_is_the_help(line, start, capsys):
    from glutelog.cli import entry

    capsys.readouterr()
    assert entry.main(line.split()) == 0
    assert capsys.readouterr().out.startswith(start)


# --- 10: a name that starts several is answered with the plan's names, without quotes -----------


@pytest.mark.parametrize(
    ("line", "said", "unsaid"),
    [
        ("done f", ["Cold pack (frozen peas)", "Lying figure-4 stretch"], ["ice", '"']),
        ("done pi", ["Pigeon stretch", "e.g. glutelog done "], ['"']),
    ],
)
def test_a_name_that_starts_several_lists_the_plans_names_without_quotes(
    line, said, unsaid, capsys
):
    code, out, err = run_line(line, capsys)
    assert code == 2
    for words in said:
        assert words in err
    for words in unsaid:
        assert words not in err.replace("'f'", "").replace("'pi'", "")


# --- one grammar: history, report and plan read dates as --at does ------------------------------


def test_history_since_reads_a_written_date_in_the_date_order(db_path, capsys):
    import json

    from glutelog.commands import views

    now = now_at()
    for at in ("2026-11-30", "2026-12-02"):
        entries.done(exercise="bridge", amount="12", at=at, now=now)
    with pytest.raises(BadInput, match=r"\(day/month\)"):
        views.history(since="01/12", as_json=True, now=now)
    assert dispatch.run(["config", "date-order", "dmy"]) == 0
    listed = json.loads(views.history(since="01/12", as_json=True, now=now))
    found = listed if isinstance(listed, list) else listed["entries"]
    assert [e["at"][:10] for e in found] == ["2026-12-02"]


# --- 3: a set long before the first entry -------------------------------------------------------


def test_a_set_long_before_the_first_entry_is_refused_unless_yes(db_path):
    now = now_at()
    entries.done(exercise="bridge", amount="12", at="2026-11-01", now=now)
    entries.done(exercise="bridge", amount="12", at="2026-10-26", now=now)  # 6 days before
    with pytest.raises(BadInput, match=r"is 19 days before your first entry \(2026-10-26\)"):
        entries.done(exercise="bridge", amount="12", at="2026-10-07", now=now)
    asked = []
    with pytest.raises(BadInput, match="add --yes"):
        entries.done(
            exercise="bridge", amount="12", at="2026-10-07", now=now, ask=lambda q: asked.append(q)
        )
    assert asked and "Log it there? [y/N]" in asked[0]
    entries.done(exercise="bridge", amount="12", at="2026-10-07", now=now, ask=lambda q: "y")
    entries.done(exercise="bridge", amount="12", at="2025-06-01", now=now, yes=True)
    assert len(rows(db_path, AT)) == 4


@pytest.mark.parametrize("front", ["fast", "typer"])
def test_yes_is_an_option_of_done_on_both_paths(front, db_path, capsys):
    call = dispatch.run if front == "fast" else "typer"
    assert run_line("done bridge 12 --at 2026-11-01", capsys, call)[0] == 0
    code, out, err = run_line("done bridge 12 --at 2026-01-01", capsys, call)
    assert code == 2 and "add --yes" in err
    assert run_line("done bridge 12 --at 2026-01-01 --yes", capsys, call)[0] == 0


@pytest.mark.parametrize(("answer", "logged"), [("1", (12, 3)), ("2", (3, 12))])
def test_sets_and_reps_that_read_either_way_are_asked_about_on_a_terminal(answer, logged, db_path):
    asked = []

    def ask(question):
        asked.append(question)
        return answer

    entries.done(exercise="bridge", amount=["12x3"], now=now_at(), ask=ask)
    assert asked == ["12x3: 1) 12 sets of 3, or 2) 3 sets of 12? [1/2] "]
    assert rows(db_path, "SELECT sets, amount FROM entries") == [logged]


def test_an_unclear_answer_to_either_way_stores_nothing(db_path):
    with pytest.raises(BadInput, match="could be 12 sets of 3 or 3 sets of 12"):
        entries.done(exercise="bridge", amount=["12x3"], now=now_at(), ask=lambda q: "maybe")
    assert not os.path.exists(db_path) or rows(db_path, "SELECT count(*) FROM entries") == [(0,)]
