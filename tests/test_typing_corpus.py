"""A corpus of phrasings as people type them, each with the value it must store, or the words
of its refusal. Nothing here may be taken as something else: a phrasing that reads two ways
is refused. The README's "Typing dates and amounts" section lists the words read here.

Times are read on Friday 4 December 2026 at 18:23:41 in Europe/London (GMT then), so a
stored minute of 23 says "the time of day now", anything else the time typed.
"""

from __future__ import annotations

import contextlib
import os
import time
from datetime import datetime

import pytest
from conftest import examples, rows

from glutelog.commands import entries
from glutelog.commands.common import moment_of
from glutelog.errors import BadInput

# How a locale says dates are written, for the rows that depend on it (see config date-order).
LOCALES = {None: None, "dmy": "en_GB.UTF-8", "mdy": "en_US.UTF-8", "ymd": "ja_JP.UTF-8"}

# (typed after --at, date order or None, stored local time or "refused: words of the refusal")
TIMES = [
    # plain days: the time of day now
    ("now", None, "2026-12-04 18:23"),
    ("just now", None, "2026-12-04 18:23"),
    ("today", None, "2026-12-04 18:23"),
    ("Today", None, "2026-12-04 18:23"),
    ("yesterday", None, "2026-12-03 18:23"),
    ("day before yesterday", None, "2026-12-02 18:23"),
    ("the day before yesterday", None, "2026-12-02 18:23"),
    ("2 days ago", None, "2026-12-02 18:23"),
    ("3 days ago", None, "2026-12-01 18:23"),
    ("a day ago", None, "2026-12-03 18:23"),
    ("a week ago", None, "2026-11-27 18:23"),
    ("one week ago", None, "2026-11-27 18:23"),
    ("2 weeks ago", None, "2026-11-20 18:23"),
    ("last week", None, "2026-11-27 18:23"),
    ("mon", None, "2026-11-30 18:23"),
    ("monday", None, "2026-11-30 18:23"),
    ("fri", None, "2026-12-04 18:23"),
    ("last fri", None, "2026-11-27 18:23"),
    ("last monday", None, "2026-11-30 18:23"),
    ("this monday", None, "2026-11-30 18:23"),
    ("wednesday", None, "2026-12-02 18:23"),
    # times of day with a colon, a dot, am or pm: exactly that time
    ("7am", None, "2026-12-04 07:00"),
    ("7 am", None, "2026-12-04 07:00"),
    ("7AM", None, "2026-12-04 07:00"),
    ("7:30", None, "2026-12-04 07:30"),
    ("7.30", None, "2026-12-04 07:30"),
    ("07:30", None, "2026-12-04 07:30"),
    ("7.30am", None, "2026-12-04 07:30"),
    ("7.30 am", None, "2026-12-04 07:30"),
    ("7:30am", None, "2026-12-04 07:30"),
    ("7.30a.m.", None, "2026-12-04 07:30"),
    ("5.30pm", None, "2026-12-04 17:30"),
    ("5.30 pm", None, "2026-12-04 17:30"),
    ("5:30pm", None, "2026-12-04 17:30"),
    ("5.30p.m.", None, "2026-12-04 17:30"),
    ("6pm", None, "2026-12-04 18:00"),
    ("at 6pm", None, "2026-12-04 18:00"),
    ("18:05", None, "2026-12-04 18:05"),
    ("18.05", None, "2026-12-04 18:05"),
    ("3.30", None, "2026-12-04 03:30"),
    ("1.15", None, "2026-12-04 01:15"),
    ("12am", None, "2026-12-04 00:00"),
    ("12pm", None, "2026-12-04 12:00"),
    ("noon", None, "2026-12-04 12:00"),
    ("midday", None, "2026-12-04 12:00"),
    ("midnight", None, "2026-12-04 00:00"),
    ("6.30pm", None, "refused: today at 18:30 is in the future"),
    ("19.30", None, "refused: today at 19:30 is in the future"),
    ("7pm", None, "refused: today at 19:00 is in the future"),
    ("at 7pm", None, "refused: today at 19:00 is in the future"),
    # a day and a time
    ("yesterday 6.30pm", None, "2026-12-03 18:30"),
    ("yesterday at 7pm", None, "2026-12-03 19:00"),
    ("yesterday at 7 pm", None, "2026-12-03 19:00"),
    ("yesterday 7pm", None, "2026-12-03 19:00"),
    ("yesterday, 7pm", None, "2026-12-03 19:00"),
    ("yesterday at 19.30", None, "2026-12-03 19:30"),
    ("yesterday at 19:30", None, "2026-12-03 19:30"),
    ("yesterday 7:30", None, "2026-12-03 07:30"),
    ("yesterday at noon", None, "2026-12-03 12:00"),
    ("6pm yesterday", None, "2026-12-03 18:00"),
    ("mon 7am", None, "2026-11-30 07:00"),
    ("monday at 7.15am", None, "2026-11-30 07:15"),
    ("last fri 6pm", None, "2026-11-27 18:00"),
    ("2 days ago 7am", None, "2026-12-02 07:00"),
    ("day before yesterday at 9pm", None, "2026-12-02 21:00"),
    # parts of the day: morning 08:00, noon 12:00, afternoon 15:00, evening 19:00,
    # night 22:00, midnight 00:00
    ("this morning", None, "2026-12-04 08:00"),
    ("morning", None, "2026-12-04 08:00"),
    ("this afternoon", None, "2026-12-04 15:00"),
    ("afternoon", None, "2026-12-04 15:00"),
    ("this evening", None, "refused: today at 19:00 is in the future"),
    ("tonight", None, "refused: today at 22:00 is in the future"),
    ("last night", None, "2026-12-03 22:00"),
    ("yesterday morning", None, "2026-12-03 08:00"),
    ("Yesterday Morning", None, "2026-12-03 08:00"),
    ("yesterday afternoon", None, "2026-12-03 15:00"),
    ("yesterday evening", None, "2026-12-03 19:00"),
    ("yesterday night", None, "2026-12-03 22:00"),
    ("yesterday in the morning", None, "2026-12-03 08:00"),
    ("last evening", None, "2026-12-03 19:00"),
    ("monday morning", None, "2026-11-30 08:00"),
    ("monday evening", None, "2026-11-30 19:00"),
    ("last monday evening", None, "2026-11-30 19:00"),
    ("wednesday night", None, "2026-12-02 22:00"),
    ("fri morning", None, "2026-12-04 08:00"),
    ("2026-12-01 evening", None, "2026-12-01 19:00"),
    ("1 dec morning", None, "2026-12-01 08:00"),
    ("day before yesterday evening", None, "2026-12-02 19:00"),
    ("this morning at 7", None, "2026-12-04 07:00"),
    ("this morning at 7.45", None, "2026-12-04 07:45"),
    ("this afternoon at 2", None, "2026-12-04 14:00"),
    ("yesterday evening at 7", None, "2026-12-03 19:00"),
    ("last night at 11", None, "2026-12-03 23:00"),
    ("tonight at 6", None, "2026-12-04 18:00"),
    ("tonight at 7", None, "refused: today at 19:00 is in the future"),
    ("tomorrow morning", None, "refused: tomorrow at 08:00 is in the future"),
    # counted back from now
    ("an hour ago", None, "2026-12-04 17:23"),
    ("a minute ago", None, "2026-12-04 18:22"),
    ("1 hour ago", None, "2026-12-04 17:23"),
    ("2 hours ago", None, "2026-12-04 16:23"),
    ("3 hrs ago", None, "2026-12-04 15:23"),
    ("30 minutes ago", None, "2026-12-04 17:53"),
    ("90 mins ago", None, "2026-12-04 16:53"),
    ("20 min ago", None, "2026-12-04 18:03"),
    ("in 2 hours", None, "refused: today at 20:23 is in the future"),
    ("in 20 minutes", None, "refused: today at 18:43 is in the future"),
    ("in 2 days", None, "refused: Sunday 6 December 2026 at 18:23 is in the future"),
    ("tomorrow", None, "refused: tomorrow at 18:23 is in the future"),
    ("next week", None, "refused: Friday 11 December 2026 at 18:23 is in the future"),
    # ISO dates and times
    ("2026-12-01", None, "2026-12-01 18:23"),
    ("2026-12-01T07:30", None, "2026-12-01 07:30"),
    ("2026-12-01 07:30", None, "2026-12-01 07:30"),
    ("2026-11-24 7am", None, "2026-11-24 07:00"),
    ("2026-12-01T07:30+00:00", None, "2026-12-01 07:30"),
    ("2026-12-01T08:30+01:00", None, "2026-12-01 07:30"),
    ("2024-01-10", None, "2024-01-10 18:23"),
    # dates in words
    ("dec 1", None, "2026-12-01 18:23"),
    ("1 dec", None, "2026-12-01 18:23"),
    ("1 december", None, "2026-12-01 18:23"),
    ("december 1st", None, "2026-12-01 18:23"),
    ("1 dec 7am", None, "2026-12-01 07:00"),
    ("dec 1 7.30pm", None, "2026-12-01 19:30"),
    ("30 november 2026", None, "2026-11-30 18:23"),
    # dates with slashes, dots or dashes: read one way, or in the order set, or refused
    ("30/11", None, "2026-11-30 18:23"),
    ("30/11/2026", None, "2026-11-30 18:23"),
    ("30/11/26", None, "2026-11-30 18:23"),
    ("11/30/2026", None, "2026-11-30 18:23"),
    ("13/11", None, "2026-11-13 18:23"),
    ("2026/11/30", None, "2026-11-30 18:23"),
    ("30.11.2026", None, "2026-11-30 18:23"),
    ("30-11-2026", None, "2026-11-30 18:23"),
    ("5/5", None, "2026-05-05 18:23"),
    ("30/11 7am", None, "2026-11-30 07:00"),
    ("30/11 evening", None, "2026-11-30 19:00"),
    ("01/12", None, "refused: could be 1 December 2026 (day/month) or 12 January 2026"),
    ("4/12", None, "refused: could be 4 December 2026 (day/month) or 12 April 2026"),
    ("1/12/26", None, "refused: (day/month)"),
    ("01.12.2026", None, "refused: (month/day)"),
    ("01-12-2026", None, "refused: (month/day)"),
    ("01/12", "dmy", "2026-12-01 18:23"),
    ("1/12", "dmy", "2026-12-01 18:23"),
    ("01/12/2026", "dmy", "2026-12-01 18:23"),
    ("01.12.2026", "dmy", "2026-12-01 18:23"),
    ("4/12", "dmy", "2026-12-04 18:23"),
    ("01/12 7.30am", "dmy", "2026-12-01 07:30"),
    ("30/11", "dmy", "2026-11-30 18:23"),
    ("01/12", "mdy", "2026-01-12 18:23"),
    ("4/12", "mdy", "2026-04-12 18:23"),
    ("11/30", "mdy", "2026-11-30 18:23"),
    ("30/11", "mdy", "2026-11-30 18:23"),
    ("4/12", "ymd", "2026-04-12 18:23"),
    ("2026/12/01", "ymd", "2026-12-01 18:23"),
    ("01/12/2026", "ymd", "refused: (day/month)"),
    ("31/11", None, "refused: is not a date in the calendar"),
    ("31/11", "dmy", "refused: is not a date in the calendar"),
    ("2026/13/01", None, "refused: is not a date in the calendar"),
    ("1/2/3/4", None, "refused: cannot read the date"),
    ("25/12", "dmy", "refused: Friday 25 December 2026 at 18:23 is in the future"),
    # no day, or a year that cannot be meant
    ("july 2013", None, "refused: names no day: give the day too, like '1 july 2013'"),
    ("july", None, "refused: names no day: give the day too, like '1 july 2026'"),
    ("jul 2026", None, "refused: names no day"),
    ("December", None, "refused: names no day"),
    ("2013", None, "refused: names no day: give the day too, like '1 december 2013'"),
    ("2026", None, "refused: names no day"),
    ("1999-01-01", None, "refused: is more than 3 years ago"),
    ("2023-11-30", None, "refused: is more than 3 years ago"),
    ("1 jan 1999", None, "refused: is more than 3 years ago"),
    ("1969-07-20", None, "refused: is before 1970"),
    ("1850-01-01", None, "refused: too far in the past"),
    # not understood: refused, never guessed
    ("3", None, "refused: is a bare number: write a time as 7am or 19:00, a day as 2026-12-03"),
    ("at 7", None, "refused: is a bare number"),
    ("1.5", None, "refused: cannot read the time '1.5'"),
    ("25.13", None, "refused: cannot read the time"),
    ("yesterday 25:00", None, "refused: cannot read the date"),
    ("7:75", None, "refused: cannot read the date"),
    ("13pm", None, "refused: cannot read the time '13pm'"),
    ("blah", None, "refused: try 2026-12-03, yesterday, 'yesterday at 7pm'"),
    ("soonish", None, "refused: cannot read the date 'soonish'"),
    ("", None, "refused: the date is empty"),
]


@contextlib.contextmanager
def london():
    """Europe/London, and no locale naming a country (so no date order but the one set)."""
    names = ("TZ", "LC_ALL", "LC_TIME", "LANG")
    before = {name: os.environ.get(name) for name in names}
    for name in names[1:]:
        os.environ.pop(name, None)
    os.environ["TZ"] = "Europe/London"
    time.tzset()
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        time.tzset()


def read_time(at: str, order: str | None, monkeypatch) -> str:
    with london():
        if LOCALES[order]:
            os.environ["LC_ALL"] = LOCALES[order]  # put back as it was by london()
        now = datetime(2026, 12, 4, 18, 23, 41).astimezone()
        try:
            moment, _ = moment_of(at, now, entry=True)
        except BadInput as refused:
            assert refused.code == 2 and "\n" not in refused.message
            return f"refused: {refused.message}"
        return moment.astimezone().strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(("at", "order", "stored"), TIMES)
def test_a_time_as_typed_stores_what_was_meant_or_is_refused(at, order, stored, monkeypatch):
    found = read_time(at, order, monkeypatch)
    if stored.startswith("refused: "):
        assert found.startswith("refused: "), found
        assert stored.removeprefix("refused: ") in found, found
    else:
        assert found == stored


def test_the_corpus_is_large_and_has_no_repeats():
    assert len({(at, order) for at, order, _ in TIMES}) == len(TIMES)
    assert len(TIMES) >= 150


# (typed after `glutelog done`, the rows stored as (exercise, sets, amount, unit, side, note),
# or "refused: words of the refusal")
BRIDGE = ("glute-bridge", 1, 12, "reps", None, None)
PIGEON = ("pigeon", 1, 30, "seconds", "both", None)
FIGURE4 = ("figure4-supine", 1, 30, "seconds", "both", None)
BALL = ("tennis-ball-release", 1, 30, "seconds")
CLAMS = ("clamshell", 1, 15, "reps")
AMOUNTS = [
    # names as typed, as the plan prints them, with "stretch", "release", "exercise", a plural
    ("bridge 12", [BRIDGE]),
    ("bridges 12", [BRIDGE]),
    ("glute bridge 12", [BRIDGE]),
    ("Glute Bridge 12", [BRIDGE]),
    ("glute bridges 12", [BRIDGE]),
    ("bridge exercise 12", [BRIDGE]),
    ("pigeon 30s", [PIGEON]),
    ("pigeon stretch 30s", [PIGEON]),
    ("Pigeon Stretch 30s", [PIGEON]),
    ("pigeon stretches 30s", [PIGEON]),
    ("pigeon pose 30s", [PIGEON]),
    ("lying figure-4 stretch 30s", [FIGURE4]),
    ("lying figure 4 stretch 30s", [FIGURE4]),
    ("Lying Figure-4 Stretch 30s", [FIGURE4]),
    ("figure-4 stretch 30s", [FIGURE4]),
    ("figure 4 stretch 30s", [FIGURE4]),
    ("figure4 30s", [FIGURE4]),
    ("fig 4 30s", [FIGURE4]),
    ("figure four 30s", [FIGURE4]),
    ("seated figure-4 stretch 45s", [("seated-figure4", 1, 45, "seconds", "both", None)]),
    ("seated fig 4 45s", [("seated-figure4", 1, 45, "seconds", "both", None)]),
    ("tennis ball release 30s", [(*BALL, "both", None)]),
    ("tennis ball 30s", [(*BALL, "both", None)]),
    ("ball release 30s", [(*BALL, "both", None)]),
    ("hamstring stretch 30s", [("hamstring-stretch", 1, 30, "seconds", "both", None)]),
    ("calf stretch 30s", [("calf-stretch", 1, 30, "seconds", "both", None)]),
    ("clamshell 15", [(*CLAMS, "both", None)]),
    ("clams 15", [(*CLAMS, "both", None)]),
    ("side plank 30s", [("side-plank", 1, 30, "seconds", "both", None)]),
    ("band walk 2 lengths", [("lateral-band-walk", 1, 2, "lengths", None, None)]),
    ("frozen peas 10 minutes", [("ice", 1, 10, "minutes", None, None)]),
    ("hip th 10", [("hip-thrust", 1, 10, "reps", None, None)]),
    # sides anywhere in the amount; "each side", "per side", "a side": both
    ("tennis ball 30 sec left", [(*BALL, "left", None)]),
    ("tennis ball left 30 sec", [(*BALL, "left", None)]),
    ("tennis ball 30s right", [(*BALL, "right", None)]),
    ("tennis ball right side 30s", [(*BALL, "right", None)]),
    ("tennis ball 30s left side", [(*BALL, "left", None)]),
    ("tennis ball Left 30s", [(*BALL, "left", None)]),
    ("pigeon 30s left leg", [("pigeon", 1, 30, "seconds", "left", None)]),
    ("pigeon left 2x30s", [("pigeon", 2, 30, "seconds", "left", None)]),
    ("side plank 30s left", [("side-plank", 1, 30, "seconds", "left", None)]),
    ("clams 15 each side", [(*CLAMS, "both", None)]),
    ("clams 15 per side", [(*CLAMS, "both", None)]),
    ("clams 15 a side", [(*CLAMS, "both", None)]),
    ("clams both sides 15", [(*CLAMS, "both", None)]),
    ("clams 2x15 each side", [("clamshell", 2, 15, "reps", "both", None)]),
    ("clams 2 sets of 15 each side", [("clamshell", 2, 15, "reps", "both", None)]),
    ("clams 15 right", [(*CLAMS, "right", None)]),
    ("tennis ball 30s left right", "refused: names two sides"),
    ("bridge 12 left", "refused: is not done one side at a time"),
    # sets: AxB that reads either way is refused with both readings
    ("bridge 3x12", [("glute-bridge", 3, 12, "reps", None, None)]),
    ("bridge 3 x 12", [("glute-bridge", 3, 12, "reps", None, None)]),
    ("bridge 3×12", [("glute-bridge", 3, 12, "reps", None, None)]),
    ("bridge 3 sets of 12", [("glute-bridge", 3, 12, "reps", None, None)]),
    ("bridge 3x12 reps", [("glute-bridge", 3, 12, "reps", None, None)]),
    ("bridge 12 sets of 3", [("glute-bridge", 12, 3, "reps", None, None)]),
    ("bridge 9x3", [("glute-bridge", 9, 3, "reps", None, None)]),
    ("bridge 12x8", [("glute-bridge", 12, 8, "reps", None, None)]),
    ("ball 10x30s", [("tennis-ball-release", 10, 30, "seconds", "both", None)]),
    ("bridge 12x3", "refused: '12x3' could be 12 sets of 3 or 3 sets of 12"),
    ("bridge 12 x 3", "refused: could be 12 sets of 3 or 3 sets of 12"),
    ("bridge 10x3", "refused: could be 10 sets of 3 or 3 sets of 10"),
    ("bridge 20x1 reps", "refused: could be 20 sets of 1 or 1 sets of 20"),
    # runs: miles stored as km, unrounded (so they can be shown as typed); long, easy and tempo runs are runs with the kind as the note
    ("run 5 miles", [("run", 1, 8.04672, "km", None, None)]),
    ("run 5 mi", [("run", 1, 8.04672, "km", None, None)]),
    ("run 1 mile", [("run", 1, 1.609344, "km", None, None)]),
    ("run 5k", [("run", 1, 5, "km", None, None)]),
    ("running 5k", [("run", 1, 5, "km", None, None)]),
    ("jog 20 min", [("run", 1, 20, "minutes", None, None)]),
    # A distance with its time is one entry (its minutes kept with it: tests/test_run_entry.py).
    ("run 20km in 1h45", [("run", 1, 20, "km", None, None)]),
    ("long run 32km 3h", [("run", 1, 32, "km", None, "long run")]),
    ("tempo run 8k 40min", [("run", 1, 8, "km", None, "tempo run")]),
    ("easy run 5k", [("run", 1, 5, "km", None, "easy run")]),
    ("easy run 30 min", [("run", 1, 30, "minutes", None, "easy run")]),
    ("Long Run 20 km", [("run", 1, 20, "km", None, "long run")]),
    ("easy run 3 miles", [("run", 1, 4.828032, "km", None, "easy run")]),
    # not understood: refused, never guessed
    ("bridge 12 apples", "refused: write it like 12, 30s"),
    ("bridge twelve", "refused: is not a number"),
    ("bridge 20-30", "refused: is a range"),
    ("run 5km 3km", "refused: are both distance"),
    ("bridge 0", "refused: amount must be more than 0"),
    ("bridge 3 sets", "refused: gives the sets but not the amount in each"),
    ("pigeon 30 parsecs", "refused: is not a number: write it like"),
]

LOGGED = "SELECT exercise, sets, amount, unit, side, note FROM entries ORDER BY id"


@pytest.fixture(scope="module")
def one_db(tmp_path_factory):
    """One database for the whole table: each row compares the rows it adds."""
    return str(tmp_path_factory.mktemp("corpus") / "g.db")


@pytest.mark.parametrize(("line", "stored"), AMOUNTS)
def test_a_name_and_amount_as_typed_stores_what_was_meant_or_is_refused(line, stored, one_db):
    words = line.split()  # as the command line hands them over: the first word, then the rest
    before = len(rows(one_db, LOGGED)) if os.path.exists(one_db) else 0
    now = datetime(2026, 12, 4, 18, 23, 41).astimezone()
    try:
        entries.done(db=one_db, exercise=words[0], amount=words[1:], now=now)
    except BadInput as refused:
        assert refused.code == 2 and "\n" not in refused.message
        assert stored.startswith("refused: "), refused.message
        assert stored.removeprefix("refused: ") in refused.message
        assert not os.path.exists(one_db) or len(rows(one_db, LOGGED)) == before
        return
    assert not isinstance(stored, str), f"taken, though it should be {stored}"
    assert rows(one_db, LOGGED)[before:] == stored


def test_the_amounts_have_no_repeats():
    assert len({line for line, _ in AMOUNTS}) == len(AMOUNTS)
    assert len(TIMES) + len(AMOUNTS) >= 200


# --- generated phrasings: what is taken round-trips; what reads two ways is never taken ----------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

DAYS = ["", "today", "yesterday", "day before yesterday", "2 days ago", "last monday", "mon",
        "wednesday", "2026-11-30", "30/11", "1 dec", "a week ago"]  # fmt: skip
CLOCKS = ["", "7am", "at 7am", "7.30", "7:30 am", "at 6.15pm", "18:05", "noon", "midnight",
          "morning", "afternoon", "evening", "night", "in the morning", "at 9.45"]  # fmt: skip


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.sampled_from(DAYS), clock=st.sampled_from(CLOCKS), later=st.booleans())
def test_a_moment_taken_is_the_moment_history_gives_back(day, clock, later, tmp_path_factory):
    """Whatever `--at` takes is stored as that moment: `history --json` gives it back."""
    import json

    from glutelog.commands import views

    at = f"{clock} {day}" if later else f"{day} {clock}"
    if not at.strip():
        return
    db = str(tmp_path_factory.mktemp("round") / "g.db")
    with london():
        now = datetime(2026, 12, 4, 23, 23, 41).astimezone()
        try:
            expected, _ = moment_of(at, now, entry=True)
        except BadInput:
            return  # refused (e.g. "in the morning" alone before a day): nothing to give back
        entries.done(db=db, exercise="bridge", amount="12", at=at, now=now)
        listed = json.loads(views.history(db=db, since="2026-11-01", as_json=True, now=now))
    (entry,) = listed if isinstance(listed, list) else listed["entries"]
    assert datetime.fromisoformat(entry["at"]) == expected.replace(microsecond=0)


@settings(max_examples=examples(80), deadline=None)
@given(
    first=st.integers(1, 12),
    second=st.integers(1, 12),
    year=st.sampled_from(["", "/2026", "/26"]),
    mark=st.sampled_from("/.-"),
)
def test_a_date_that_reads_two_ways_is_never_taken_without_an_order(first, second, year, mark):
    """01/12 with no date order: refused with both readings, whatever the marks."""
    if mark != "/" and not year:
        return  # 1.12 is a time and 1-12 is not a date form: only slashes stand without a year
    typed = f"{first}{mark}{second}{year.replace('/', mark)}"
    with london():
        now = datetime(2026, 12, 4, 23, 23, 41).astimezone()
        try:
            moment, _ = moment_of(typed, now, entry=True)
        except BadInput as refused:
            if first != second:
                assert "(day/month)" in refused.message and "(month/day)" in refused.message
            return
    assert first == second and moment.day == first and moment.month == second
