"""Time zones: the day a set lands on, times that never happened or happened twice, order across
a change of zone, and TZ values the C library accepts but Python cannot use.

The tz database (zoneinfo) is the oracle here: glutelog itself reads the local zone through the
C library, so these tests check one against the other.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import subprocess
import time
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from conftest import CLI, examples, rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glutelog import parsing
from glutelog.commands import entries, views
from glutelog.errors import BadInput
from glutelog.rules import RULES
from glutelog.storage.opening import open_store

# Zones whose clocks change at midnight (checked below against the tz database), zones at the
# ends of the clock (+14, -11), half-hour offsets and a half-hour change, and a POSIX rule.
MIDNIGHT = ["America/Santiago", "America/Havana", "Asia/Beirut", "Africa/Cairo"]
ZONES = [
    *MIDNIGHT,
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/New_York",
    "UTC",
]
POSIX_RULE = "EST5EDT,M3.2.0,M11.1.0"


@contextlib.contextmanager
def local_zone(name: str):
    """Run the block with TZ=name, as a user in that zone would."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = saved
        time.tzset()


def changes(zone: str, first: int = 2019, last: int = 2027) -> list[tuple[datetime, timedelta]]:
    """(UTC instant, jump) for each change of offset from ``first`` to ``last``, found hour by
    hour in the tz database and refined to the minute; a positive jump is clocks going forward."""
    return list(_changes(zone, first, last))


@functools.cache
def _changes(zone: str, first: int, last: int) -> tuple[tuple[datetime, timedelta], ...]:
    # searched once per process: the search is most of the time this module takes to load
    info = ZoneInfo(zone)
    found = []
    moment = datetime(first, 1, 1, tzinfo=UTC)
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    offset = moment.astimezone(info).utcoffset()
    while moment < end:
        later = moment + timedelta(hours=1)
        new = later.astimezone(info).utcoffset()
        if new != offset:
            low, high = moment, later
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(info).utcoffset() == offset:
                    low = middle
                else:
                    high = middle
            found.append((high, new - offset))
            offset = new
        moment = later
    return tuple(found)


def at_midnight(zone: str) -> list[tuple[datetime, timedelta]]:
    """The changes whose old wall clock reads 00:00 (the clocks change at midnight)."""
    info = ZoneInfo(zone)
    return [
        (instant, jump)
        for instant, jump in changes(zone)
        if (instant - timedelta(seconds=1)).astimezone(info).strftime("%H:%M:%S") == "23:59:59"
    ]


def last_past(zone: str, forward: bool) -> date | None:
    """The local day of the latest past midnight change in one direction: the day that lost
    its first hour, or the day whose last hour came twice."""
    now = datetime.now(UTC) - timedelta(days=2)
    for instant, jump in reversed(at_midnight(zone)):
        if instant < now and (jump > timedelta(0)) == forward:
            return instant.astimezone(ZoneInfo(zone)).date()
    return None


@pytest.mark.parametrize("zone", MIDNIGHT)
def test_the_midnight_zones_really_change_at_midnight(zone):
    """The chosen zones are the class the issue names, in this system's tz database."""
    assert at_midnight(zone), f"{zone} has no change of clocks at midnight from 2019 to 2027"


# --- the oracle ------------------------------------------------------------------------------


def oracle(zone: str, wall: datetime) -> tuple[datetime | None, bool]:
    """(first moment the wall-clock time happened, whether it happened twice) per the tz
    database; (None, False) when it never happened."""
    info = ZoneInfo(zone)
    real = []
    for fold in (0, 1):
        moment = wall.replace(tzinfo=info, fold=fold).astimezone(UTC)
        if moment.astimezone(info).replace(tzinfo=None) == wall:
            real.append(moment)
    if not real:
        return None, False
    return min(real), len(set(real)) > 1


def near_changes(zones):
    """(zone, wall-clock minute) pairs within 150 minutes of a change of clocks in ``zones``,
    counted on the clock as it read before the change (so skipped times come up too)."""
    walls = []
    for zone in zones:
        info = ZoneInfo(zone)
        for instant, _ in changes(zone, 2020, 2026):
            old = (instant - timedelta(seconds=1)).astimezone(info).utcoffset()
            walls.append((zone, (instant + old).replace(tzinfo=None)))
    return st.tuples(st.sampled_from(walls), st.integers(-150, 150)).map(
        lambda pick: (pick[0][0], pick[0][1] + timedelta(minutes=pick[1]))
    )


TYPED_ZONES = [*MIDNIGHT, "America/New_York", "Australia/Lord_Howe", "Europe/London"]
LATER = datetime(2027, 6, 1, 12, tzinfo=UTC)


@settings(
    max_examples=examples(150),
    deadline=None,
    # the one fixture-made change is a constant rule, the same for every example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=near_changes(TYPED_ZONES))
def test_a_typed_time_lands_on_the_day_typed_or_is_refused_naming_the_change(
    case, tmp_path_factory, monkeypatch
):
    """For any wall-clock time near a change of clocks: a time that happened lands on the day
    and time typed (the first time when it happened twice, saying so); one that never happened
    is refused with exit code 2 naming the change, and nothing is stored."""
    # The changes tried go back to 2020 from a clock in 2027: past the years an entry may
    # go back (a typo guard, not what this test is about).
    monkeypatch.setitem(RULES, "oldest_entry_years", (10, "this test's limit"))
    zone, wall = case
    db = str(tmp_path_factory.mktemp("typed") / "g.db")
    expected, twice = oracle(zone, wall)
    with local_zone(zone):
        now = LATER.astimezone()
        typed = wall.strftime("%Y-%m-%d %H:%M")
        if expected is None:
            with pytest.raises(BadInput, match="clocks went forward") as refused:
                entries.done(db=db, exercise="bridge", amount="12", at=typed, now=now)
            assert refused.value.code == 2 and "\n" not in refused.value.message
            assert not os.path.exists(db) or rows(db, "SELECT count(*) FROM entries") == [(0,)]
            return
        out = entries.done(db=db, exercise="bridge", amount="12", at=typed, now=now)
    ((at, day),) = rows(db, "SELECT at, day FROM entries")
    stored = datetime.fromisoformat(at)
    assert day == wall.date().isoformat()
    assert stored.replace(tzinfo=None) == wall
    assert stored == expected
    assert ("happened twice" in out) == twice
    assert rows(db, "SELECT utc FROM entries") == [(expected.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),)]


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=near_changes([*MIDNIGHT, "America/New_York", "Pacific/Apia"]), back=st.integers(1, 3))
def test_days_ago_never_skips_or_repeats_a_day(case, back, tmp_path_factory):
    """`--at yesterday` / `--at "N days ago"` at any moment near a change of clocks is the day
    N days before today, local time; the set is not in the future."""
    zone, target = case
    wall = target + timedelta(days=back)  # now: so that the day asked for holds the change
    expected, _ = oracle(zone, wall)
    if expected is None:
        return  # no such "now"
    db = str(tmp_path_factory.mktemp("ago") / "g.db")
    with local_zone(zone):
        now = expected.astimezone()
        assert now.replace(tzinfo=None) == wall
        text = "yesterday" if back == 1 else f"{back} days ago"
        entries.done(db=db, exercise="bridge", amount="12", at=text, now=now)
    ((at, day),) = rows(db, "SELECT at, day FROM entries")
    assert day == (wall.date() - timedelta(days=back)).isoformat()
    assert datetime.fromisoformat(at).date().isoformat() == day
    assert datetime.fromisoformat(at) <= now


def test_the_repeated_hour_is_taken_the_first_time_and_the_second_can_be_written(tmp_path):
    zone = "America/New_York"
    db = str(tmp_path / "g.db")
    with local_zone(zone):
        now = LATER.astimezone()
        out = entries.done(db=db, exercise="bridge", amount="12", at="2026-11-01 01:30", now=now)
        assert "logged the first" in out and "--at 2026-11-01T01:30-05:00" in out
        entries.done(db=db, exercise="bridge", amount="12", at="2026-11-01T01:30-05:00", now=now)
    stored = rows(db, "SELECT at, day, utc FROM entries ORDER BY id")
    assert stored == [
        ("2026-11-01T01:30:00-04:00", "2026-11-01", "2026-11-01T05:30:00.000000Z"),
        ("2026-11-01T01:30:00-05:00", "2026-11-01", "2026-11-01T06:30:00.000000Z"),
    ]


# --- order: the UTC instant -------------------------------------------------------------------

OFFSETS = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
INSTANTS = st.datetimes(datetime(1950, 1, 1), datetime(2100, 1, 1)).map(
    lambda d: d.replace(tzinfo=UTC)
)


@settings(max_examples=examples(500), deadline=None)
@given(moments=st.lists(st.tuples(INSTANTS, OFFSETS), min_size=2, max_size=20))
def test_utc_text_sorts_as_time_whatever_the_offsets(moments):
    written = [instant.astimezone(offset).isoformat() for instant, offset in moments]
    keys = [parsing.utc_text(text) for text in written]
    assert len({len(key) for key in keys}) == 1, "fixed width"
    by_text = sorted(range(len(keys)), key=lambda i: (keys[i], i))
    by_time = sorted(range(len(keys)), key=lambda i: (moments[i][0], i))
    assert by_text == by_time


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.lists(
        st.tuples(st.sampled_from(ZONES), st.integers(0, 72 * 60)), min_size=2, max_size=8
    )
)
def test_history_and_undo_follow_the_instant_across_zone_changes(plan, tmp_path_factory):
    """Sets logged from several zones: history lists them newest instant first, and undo
    removes them newest first, whatever offsets they were written with."""
    db = str(tmp_path_factory.mktemp("order") / "g.db")
    base = datetime(2026, 6, 1, tzinfo=UTC)
    made = []
    for step, (zone, minutes) in enumerate(plan):
        with local_zone(zone):
            moment = (base + timedelta(minutes=minutes)).astimezone()
            entries.done(
                db=db, exercise="bridge", amount=str(step + 1), at=moment.isoformat(), now=LATER
            )
            made.append((base + timedelta(minutes=minutes), step + 1))
    # newest instant first; equal instants newest logged first
    order = sorted(range(len(made)), key=lambda i: (made[i][0], i), reverse=True)
    shown = views.history(db=db, since="2026-05-20", now=LATER)
    assert [int(n) for n in re.findall(r"1 x (\d+) reps", shown)] == [made[i][1] for i in order]
    # undo takes the last stored: the order they were logged in, from any zone
    with local_zone(plan[-1][0]):
        for _, amount in reversed(made):
            assert f"1 x {amount} reps" in entries.undo(db=db)


# --- the upgrade fills the instant ------------------------------------------------------------


def test_the_upgrade_gives_every_old_row_its_instant(tmp_path):
    from conftest import load_helper

    fixtures = load_helper("schema_fixtures")
    path = str(tmp_path / "v3.db")
    fixtures.build_v3(path)
    open_store(path).close()
    for table in ("entries", "soreness"):
        found = rows(path, f"SELECT at, utc FROM {table}")
        assert found
        for at, utc in found:
            assert utc == datetime.fromisoformat(at).astimezone(UTC).strftime(
                "%Y-%m-%dT%H:%M:%S.%fZ"
            )


# --- the matrix: everyday commands in subprocesses under many zones --------------------------


def run(env: dict, zone: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args], env={**env, "TZ": zone}, capture_output=True, text=True, timeout=60
    )


def one_line(result) -> str:
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("glutelog: ")
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize("zone", [*ZONES, POSIX_RULE])
def test_everyday_commands_under_each_zone(zone, env, tmp_path):
    db = str(tmp_path / "g.db")
    env = {**env, "GLUTELOG_DB": db}
    oracle_zone = "America/New_York" if zone == POSIX_RULE else zone
    info = ZoneInfo(oracle_zone)
    skipped = last_past(zone, forward=True) if zone in MIDNIGHT else None
    day = skipped or (datetime.now(info) - timedelta(days=3)).date()

    # a set at 01:30 on the day of a change lands on that day
    done = run(env, zone, "done", "bridge", "12", "--at", f"{day} 01:30")
    assert done.returncode == 0, done.stderr
    # 00:30 that day never happened where clocks jump at midnight: refused, nothing stored
    early = run(env, zone, "done", "bridge", "12", "--at", f"{day} 00:30")
    if skipped:
        assert "clocks went forward from 00:00 to 01:00" in one_line(early)
    else:
        assert early.returncode == 0, early.stderr
    sore = run(env, zone, "sore", "3", "--morning", "--at", f"{day} 12:00")
    assert sore.returncode == 0, sore.stderr
    repeated = last_past(zone, forward=False) if zone in MIDNIGHT else None
    if repeated is not None:
        # --yes: the last change back may be months before the day above (asked otherwise)
        twice = run(env, zone, "done", "clamshell", "10", "--at", f"{repeated} 23:30", "--yes")
        assert twice.returncode == 0, twice.stderr
        assert "happened twice" in twice.stdout
    expected_days = {"glute-bridge": {day.isoformat()}, "clamshell": {str(repeated)}}
    for exercise, stored_day, at in rows(db, "SELECT exercise, day, at FROM entries"):
        assert stored_day in expected_days[exercise], (exercise, stored_day, at)
        assert datetime.fromisoformat(at).date().isoformat() == stored_day
    assert rows(db, "SELECT day FROM soreness") == [(day.isoformat(),)]
    assert rows(db, "SELECT count(*) FROM entries WHERE utc IS NULL") == [(0,)]

    for command in (["plan"], ["report"]):
        result = run(env, zone, *command)
        assert result.returncode == 0, (command, result.stderr)

    # history: newest instant first
    shown = run(env, zone, "history", "--since", "2019-01-01")
    assert shown.returncode == 0, shown.stderr
    ids = [int(n) for n in re.findall(r"^#(\d+) ", shown.stdout, re.MULTILINE)]
    by_instant = [i for (i,) in rows(db, "SELECT id FROM entries ORDER BY utc DESC, id DESC")]
    assert ids == by_instant

    # a change of zone between two writes: the one logged last is undone first
    other = "Pacific/Pago_Pago" if zone != "Pacific/Pago_Pago" else "Pacific/Kiritimati"
    assert run(env, zone, "done", "pigeon", "30s").returncode == 0
    assert run(env, other, "sore", "2", "--after").returncode == 0
    undone = run(env, zone, "undo")
    assert undone.returncode == 0 and "soreness 2/10" in undone.stdout, undone.stdout
    undone = run(env, other, "undo")
    assert undone.returncode == 0 and "Pigeon stretch" in undone.stdout, undone.stdout


def test_history_orders_sets_logged_in_far_apart_zones(env, tmp_path):
    """+14 and -11 are 25 hours apart: a later set can carry an earlier-looking time."""
    db = str(tmp_path / "g.db")
    env = {**env, "GLUTELOG_DB": db}
    # 2026-01-10 10:00 at +14 is 2026-01-09 20:00 UTC; 2026-01-09 12:00 at -11 is 23:00 UTC
    assert (
        run(
            env, "Pacific/Kiritimati", "done", "bridge", "12", "--at", "2026-01-10 10:00"
        ).returncode
        == 0
    )
    assert (
        run(
            env, "Pacific/Pago_Pago", "done", "clamshell", "10", "--at", "2026-01-09 12:00"
        ).returncode
        == 0
    )
    shown = run(env, "UTC", "history", "--since", "2026-01-01")
    lines = [line for line in shown.stdout.splitlines() if line.startswith("#")]
    assert [line.split()[0] for line in lines] == ["#2", "#1"], shown.stdout
    assert rows(db, "SELECT day FROM entries ORDER BY id") == [("2026-01-10",), ("2026-01-09",)]


# --- TZ values Python cannot use ------------------------------------------------------------


@pytest.mark.parametrize("zone", ["UTC+99", "<+99>-99", "XYZ-25:00", ":nonsense", "Mars/Olympus"])
def test_a_tz_python_cannot_use_falls_back_to_utc(zone, env, tmp_path):
    """What the C library reads as UTC (unknown names) stays UTC; an offset of a day or more,
    which the C library allows and Python refuses, becomes UTC with one note on stderr."""
    db = str(tmp_path / "g.db")
    env = {**env, "GLUTELOG_DB": db}
    for command in (
        ["done", "bridge", "12", "--at", "2026-01-05 23:30"],
        ["sore", "3", "--morning"],
        ["plan"],
        ["history"],
        ["report"],
        ["undo"],
    ):
        result = run(env, zone, *command)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
        notes = [line for line in result.stderr.splitlines() if "time zone" in line]
        assert len(notes) == (1 if zone[0] in "U<X" else 0), result.stderr
    assert rows(db, "SELECT at, day FROM entries") == [("2026-01-05T23:30:00+00:00", "2026-01-05")]


TZ_TEXT = st.one_of(
    st.builds(
        lambda name, sign, hours, minutes: f"<{name}>{sign}{hours}:{minutes:02d}",
        st.sampled_from(["A", "+99", "XYZ"]),
        st.sampled_from(["", "+", "-"]),
        st.integers(0, 200),
        st.integers(0, 59),
    ),
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=30),
)


@settings(max_examples=examples(300), deadline=None)
@given(value=TZ_TEXT)
def test_any_tz_value_gives_a_usable_local_time(value):
    """Whatever TZ holds, after the check glutelog can read the clock and place a typed time."""
    with local_zone(value):
        parsing.usable_local_zone()
        now = datetime.now(UTC).astimezone()
        try:
            moment, _ = parsing.parse_moment("2026-01-05 23:30", now)
        except BadInput:
            return  # a time skipped by the zone's rules: refused, which is fine
        assert moment.replace(tzinfo=None) == datetime(2026, 1, 5, 23, 30)
