"""Amounts and dates as people type them."""

from datetime import date, datetime, timedelta

import pytest

from glutelog.errors import BadInput
from glutelog.parsing import (
    check_amount,
    not_future,
    parse_amount,
    parse_amounts,
    parse_day,
    parse_int,
    parse_when,
)

NOW = datetime(2026, 11, 24, 18, 30).astimezone()  # a Tuesday evening
TODAY = NOW.date()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", (None, 12.0, None)),
        ("3x12", (3, 12.0, None)),
        ("3X12", (3, 12.0, None)),
        ("3×12", (3, 12.0, None)),
        ("30s", (None, 30.0, "seconds")),
        ("45sec", (None, 45.0, "seconds")),
        ("2m", (None, 2.0, "minutes")),
        ("2min", (None, 2.0, "minutes")),
        ("15min", (None, 15.0, "minutes")),
        ("1.5km", (None, 1.5, "km")),
        ("8km", (None, 8.0, "km")),
        ("1,5km", (None, 1.5, "km")),
        ("2x30s", (2, 30.0, "seconds")),
        ("1h", (None, 60.0, "minutes")),
        ("12reps", (None, 12.0, "reps")),
    ],
)
def test_amounts_people_type(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["", "x", "abc", "12 apples", "1.2.3", "-5", "3x", "km", "١٢"])
def test_unreadable_amounts_are_refused(text):
    with pytest.raises(BadInput):
        parse_amount(text)


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (0, "reps"),
        (1001, "reps"),
        (12.5, "reps"),
        (4 * 3600 + 1, "seconds"),
        (241, "minutes"),
        (301, "km"),
    ],
)
def test_zero_and_absurd_amounts_are_refused(value, unit):
    with pytest.raises(BadInput):
        check_amount(value, unit)


def test_whole_amounts_are_stored_as_whole_numbers():
    assert check_amount(12.0, "reps") == 12
    assert isinstance(check_amount(12.0, "reps"), int)
    assert check_amount(1.5, "km") == 1.5


def test_scores_are_whole_numbers_in_range():
    assert parse_int("4", "soreness", 0, 10) == 4
    for bad in ("11", "-1", "4.5", "four", ""):
        with pytest.raises(BadInput):
            parse_int(bad, "soreness", 0, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("yesterday", TODAY - timedelta(days=1)),
        ("2 days ago", TODAY - timedelta(days=2)),
        ("1 week ago", TODAY - timedelta(days=7)),
        ("last monday", date(2026, 11, 23)),
        ("last tuesday", date(2026, 11, 17)),  # "last" never means today
        ("tue", TODAY),  # a bare weekday is the latest one, today included
        ("mon", date(2026, 11, 23)),
        ("Sunday", date(2026, 11, 22)),
        ("2026-11-02", date(2026, 11, 2)),
        ("Nov 3", date(2026, 11, 3)),  # anything else goes to dateutil
    ],
)
def test_day_words(text, expected):
    assert parse_day(text, TODAY) == expected


def test_moments_keep_the_local_offset_and_time_of_day():
    moment = parse_when("mon 7am", NOW)
    assert moment.replace(tzinfo=None) == datetime(2026, 11, 23, 7, 0)
    assert moment.utcoffset() is not None
    assert parse_when("yesterday 19:45", NOW).replace(tzinfo=None) == datetime(2026, 11, 23, 19, 45)
    assert parse_when("7:30 pm", NOW).replace(tzinfo=None) == datetime(2026, 11, 24, 19, 30)
    assert parse_when("2026-11-20T06:15", NOW).replace(tzinfo=None) == datetime(2026, 11, 20, 6, 15)
    # a day without a time keeps the current time of day, so entries stay in order
    assert parse_when("2 days ago", NOW).replace(tzinfo=None) == datetime(2026, 11, 22, 18, 30)
    assert parse_when("now", NOW) == NOW


@pytest.mark.parametrize("text", ["", "not a date", "32/13/2026", "the day after", "9" * 40])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(BadInput):
        parse_when(text, NOW)


# --- days for planning ahead ------------------------------------------------------------------

WEDNESDAY = date(2026, 11, 25)
FRIDAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "today", "looking_back", "looking_ahead"),
    [
        # a bare weekday: the latest one when logging, the coming one when planning; today either way
        ("friday", WEDNESDAY, date(2026, 11, 20), FRIDAY),
        ("fri", FRIDAY, FRIDAY, FRIDAY),
        ("monday", FRIDAY, date(2026, 11, 23), date(2026, 11, 30)),
        # every other form means the same day whichever way the command looks
        ("next friday", WEDNESDAY, FRIDAY, FRIDAY),
        ("next friday", FRIDAY, date(2026, 12, 4), date(2026, 12, 4)),
        ("next monday", FRIDAY, date(2026, 11, 30), date(2026, 11, 30)),
        ("this friday", WEDNESDAY, FRIDAY, FRIDAY),
        ("this friday", FRIDAY, FRIDAY, FRIDAY),
        ("this monday", FRIDAY, date(2026, 11, 23), date(2026, 11, 23)),
        ("this sunday", FRIDAY, date(2026, 11, 29), date(2026, 11, 29)),
        ("last friday", FRIDAY, date(2026, 11, 20), date(2026, 11, 20)),
        ("in 3 days", FRIDAY, date(2026, 11, 30), date(2026, 11, 30)),
        ("in 1 week", WEDNESDAY, date(2026, 12, 2), date(2026, 12, 2)),
        ("next week", WEDNESDAY, date(2026, 12, 2), date(2026, 12, 2)),
        ("tomorrow", FRIDAY, date(2026, 11, 28), date(2026, 11, 28)),
        ("2026-12-01", FRIDAY, date(2026, 12, 1), date(2026, 12, 1)),
        ("2 days ago", FRIDAY, WEDNESDAY, WEDNESDAY),
    ],
)
def test_days_for_logging_and_for_planning_ahead(text, today, looking_back, looking_ahead):
    assert parse_day(text, today) == looking_back
    assert parse_day(text, today, ahead=True) == looking_ahead


def test_a_planned_day_in_the_future_is_still_refused_for_logging():
    with pytest.raises(BadInput, match="in the future"):
        not_future(parse_when("next friday 7am", NOW), NOW)


@pytest.mark.parametrize(
    "text", ["in 3 fortnights", "in many days", "next fortnight", "in 999999 days"]
)
def test_unreadable_days_ahead_are_refused(text):
    with pytest.raises(BadInput):
        parse_day(text, FRIDAY, ahead=True)


# --- two amounts at once ----------------------------------------------------------------------

RUN = [(None, 20.0, "km"), (None, 105.0, "minutes")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["20km", "105min"], RUN),
        (["20km", "in", "105min"], RUN),
        (["20", "km", "in", "105", "min"], RUN),
        (["105min", "20km"], RUN[::-1]),  # kept in the order typed
        (["20km", "1h45"], RUN),
        (["1h45"], [(None, 105.0, "minutes")]),
        (["1h", "45"], [(None, 105.0, "minutes")]),
        (["1:45:00"], [(None, 105.0, "minutes")]),
        (["1:45:30"], [(None, 105.5, "minutes")]),
        (["20km"], [(None, 20.0, "km")]),
        (["3x12"], [(3, 12.0, None)]),
    ],
)
def test_two_amounts_people_type_after_a_run(words, expected):
    assert parse_amounts(words) == expected


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["20km", "5km"], "both distance"),
        (["30s", "2min"], "both time"),
        (["12", "15"], "no units"),
        (["20-30s"], "give one number"),
        (["20\u201330s"], "give one number"),
        (["3x10-12"], "give one number"),
        (["1:45"], "could be hours or minutes"),
        (["1h75"], "at most 59"),
        (["1:75:00"], "more than 59"),
        (["20km", "105min", "3x12"], "at most two amounts"),
        ([], "no amount given"),
        (["in"], "no amount given"),
    ],
)
def test_amounts_that_clash_or_are_ranges_are_refused(words, message):
    with pytest.raises(BadInput, match=message):
        parse_amounts(words)


def test_one_amount_reads_as_it_always_did():
    for text in ("12", "3x12", "30s", "1.5km", "1h", "2x30s"):
        assert parse_amounts([text]) == [parse_amount(text)]
