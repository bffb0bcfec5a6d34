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


def read_time(at: str, order: str | None, monkeypatch) -> str:
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        monkeypatch.delenv(name, raising=False)
    if LOCALES[order]:
        monkeypatch.setenv("LC_ALL", LOCALES[order])
    with london():
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
