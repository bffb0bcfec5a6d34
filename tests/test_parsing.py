"""Amounts and dates as people type them."""

from datetime import date, datetime, timedelta

import pytest

from glutelog.errors import BadInput
from glutelog.parsing import check_amount, parse_amount, parse_day, parse_int, parse_when

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
