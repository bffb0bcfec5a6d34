"""`glutelog calendar`: the coming plan days as iCalendar, read back with the icalendar library."""

import json
import re
import shutil
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import fail, ok, rows
from icalendar import Calendar

from glutelog.commands import calendar, entries, views

NOW = datetime(2026, 11, 24, 7, 30, tzinfo=UTC)


def export(db, path, days=None, now=NOW) -> bytes:
    calendar.calendar(db=db, days=days, output=str(path), now=now)
    return path.read_bytes()


def events(raw: bytes) -> list:
    return list(Calendar.from_ical(raw).walk("VEVENT"))


def planned(db, days, now=NOW) -> list:
    return json.loads(views.plan(db=db, days=str(days), as_json=True, now=now))


def test_one_all_day_event_a_day_from_today_for_a_week(db_path, tmp_path):
    raw = export(db_path, tmp_path / "plan.ics")
    found = events(raw)
    assert len(found) == 7
    days = [event.decoded("dtstart") for event in found]
    assert days == [NOW.date() + timedelta(days=i) for i in range(7)]
    for event in found:
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert type(start) is date and type(end) is date  # DATE values, not date-times
        assert end == start + timedelta(days=1)
        assert "VALUE=DATE" in event.content_line("dtstart", event["dtstart"])
    assert len({str(event["uid"]) for event in found}) == 7
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")  # RFC 5545 line ends


def test_days_chooses_how_many_and_is_capped_at_the_planning_horizon(db_path, tmp_path, cli):
    assert len(events(export(db_path, tmp_path / "a.ics", days="28"))) == 28
    assert len(events(export(db_path, tmp_path / "b.ics", days="1"))) == 1
    for bad in ("0", "29", "week"):
        result = fail(cli("calendar", "--days", bad))
        assert result.stdout == ""


def test_each_day_lists_the_plans_items_and_doses(db_path, tmp_path):
    found = events(export(db_path, tmp_path / "plan.ics"))
    for plan, event in zip(planned(db_path, 7), found, strict=True):
        lines = str(event["description"]).split("\n")
        for item in plan["items"]:
            line = next(line for line in lines if line.startswith(f"{item['name']}: "))
            assert f"{item['sets']} x " in line
        assert f"{len(plan['items'])} items" in str(event["summary"])
        assert plan["day_type"] in str(event["summary"])
        assert ("projection" in str(event["description"])) == (plan["date"] > "2026-11-24")


def versions(found) -> list:
    return [(int(e["sequence"]), e.decoded("last-modified")) for e in found]


def test_the_same_plan_again_keeps_its_sequence_and_a_changed_day_raises_it(db_path, tmp_path):
    """Calendar apps keep the text they have unless SEQUENCE rises: a changed plan must raise
    it (and LAST-MODIFIED), the same plan must not; DTSTAMP is when the file was written."""
    first = events(export(db_path, tmp_path / "a.ics"))
    assert [int(e["sequence"]) for e in first] == [0] * 7
    assert all(e.decoded("dtstamp") == NOW for e in first)
    assert all(e.decoded("last-modified") == NOW for e in first)

    later = NOW + timedelta(hours=3, seconds=12.5)
    again = events(export(db_path, tmp_path / "b.ics", now=later))
    assert versions(again) == versions(first)  # nothing changed
    assert all(e.decoded("dtstamp") == later.replace(microsecond=0) for e in again)

    entries.sore(db=db_path, score="7", morning=True, now=NOW + timedelta(hours=4))
    changed_at = NOW + timedelta(hours=5)
    changed = events(export(db_path, tmp_path / "c.ics", now=changed_at))
    assert [e["uid"] for e in changed] == [e["uid"] for e in first]
    assert "red" in str(changed[0]["description"])
    for before, after in zip(first, changed, strict=True):
        if str(after["description"]) != str(before["description"]):
            assert int(after["sequence"]) == int(before["sequence"]) + 1
            assert after.decoded("last-modified") == changed_at
        else:
            assert versions([after]) == versions([before])
    assert int(changed[0]["sequence"]) == 1

    # The next day's export overlaps the days already exported by the same UIDs.
    tomorrow = events(export(db_path, tmp_path / "d.ics", now=NOW + timedelta(days=1)))
    assert [e["uid"] for e in tomorrow][:6] == [e["uid"] for e in first][1:]
    assert tomorrow[0].decoded("dtstamp") > first[0].decoded("dtstamp")


def test_at_makes_timed_events_that_remind(db_path, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        now = datetime(2026, 11, 24, 6, 30).astimezone()
        calendar.calendar(db=db_path, days="7", output=str(tmp_path / "p.ics"), at="7am", now=now)
        found = events((tmp_path / "p.ics").read_bytes())
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    plans = planned(db_path, 7, now)
    timed = 0
    for plan, event in zip(plans, found, strict=True):
        start = event.decoded("dtstart")
        alarms = list(event.walk("VALARM"))
        if plan["items"] and plan["day_type"] != "rest":
            timed += 1
            assert isinstance(start, datetime)
            assert start == datetime(2026, 11, 24 + plan_offset(plan), 6, 0, tzinfo=UTC)
            minutes = (event.decoded("dtend") - start).total_seconds() / 60
            assert minutes >= plan["minutes"]
            assert len(alarms) == 1 and str(alarms[0]["action"]) == "DISPLAY"
            assert alarms[0].decoded("trigger") == timedelta(0)
            assert "glute routine" in str(alarms[0]["description"])
        else:  # a rest day needs no reminder
            assert type(start) is date and not alarms
    assert timed >= 5


def plan_offset(plan) -> int:
    return (date.fromisoformat(plan["date"]) - NOW.date()).days


def test_a_new_time_of_day_is_a_change(db_path, tmp_path):
    calendar.calendar(db=db_path, days="2", output=str(tmp_path / "a.ics"), at="07:00", now=NOW)
    calendar.calendar(db=db_path, days="2", output=str(tmp_path / "b.ics"), at="18:30", now=NOW)
    first, second = (events((tmp_path / n).read_bytes()) for n in ("a.ics", "b.ics"))
    assert [int(e["sequence"]) for e in second] == [int(e["sequence"]) + 1 for e in first]


@pytest.mark.parametrize("bad", ["25:00", "7", "soon", "7:5"])
def test_at_refuses_what_is_not_a_time_of_day(cli, bad):
    result = fail(cli("calendar", "--at", bad))
    assert "time of day" in result.stderr and result.stdout == ""


def test_writing_the_file_again_needs_force(db_path, tmp_path, cli):
    path = tmp_path / "plan.ics"
    ok(cli("calendar", "--db", db_path, "--days", "2", "-o", str(path)))
    kept = path.read_bytes()
    result = fail(cli("calendar", "--db", db_path, "--days", "3", "-o", str(path)))
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert path.read_bytes() == kept
    path.chmod(0o640)
    ok(cli("calendar", "--db", db_path, "--days", "3", "-o", str(path), "--force"))
    assert len(events(path.read_bytes())) == 3
    assert path.stat().st_mode & 0o777 == 0o640
    ok(cli("calendar", "--db", db_path, "--days", "4", "--output", str(path), "-f"))
    assert len(events(path.read_bytes())) == 4


def test_force_replaces_only_a_calendar(db_path, tmp_path, cli):
    mine = tmp_path / "notes.txt"
    mine.write_text("my own notes", encoding="utf-8")
    result = fail(cli("calendar", "--db", db_path, "-o", str(mine), "--force"))
    assert "not a calendar" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own notes"
    for logged in (False, True):  # the database before it exists and after
        result = fail(cli("calendar", "--db", db_path, "-o", db_path, "--force"))
        assert "is the database" in result.stderr
        if not logged:
            entries.sore(db=db_path, score="2", morning=True, now=NOW)
    assert rows(db_path, "SELECT score FROM soreness") == [(2,)]
    fail(cli("calendar", "--db", db_path, "-o", str(tmp_path), "--force"))
    fresh = tmp_path / "new.ics"
    ok(cli("calendar", "--db", db_path, "-o", str(fresh), "--force"))  # nothing there: written
    assert events(fresh.read_bytes())


def test_uids_belong_to_the_database_and_survive_a_move(db_path, tmp_path):
    mine = events(export(db_path, tmp_path / "mine.ics"))
    other_db = str(tmp_path / "other.db")
    other = events(export(other_db, tmp_path / "other.ics"))
    assert {e["uid"] for e in mine}.isdisjoint({e["uid"] for e in other})

    moved = tmp_path / "moved" / "glutelog.db"
    moved.parent.mkdir()
    shutil.move(db_path, moved)
    again = events(export(str(moved), tmp_path / "moved.ics"))
    assert [e["uid"] for e in again] == [e["uid"] for e in mine]


def test_names_and_cues_with_commas_semicolons_and_lines_round_trip(db_path, tmp_path):
    (tmp_path / "catalog.toml").write_text(
        """
[routine]
daily = ["hinge"]

[[exercise]]
slug = "hinge"
name = "Hip hinge, slow; with a band\\\\ at home"
kind = "stretch"
unit = "seconds"
sets = 2
amount = 30
block = "daily"
cue = "Hinge, don't bend; breathe."
""",
        encoding="utf-8",
    )
    raw = export(db_path, tmp_path / "plan.ics", days="2")
    event = events(raw)[0]
    name = "Hip hinge, slow; with a band\\ at home"
    lines = str(event["description"]).split("\n")
    assert f"{name}: 2 x 30 s" in lines
    unfolded = raw.decode().replace("\r\n ", "")
    assert "Hip hinge\\, slow\\; with a band\\\\ at home: 2 x 30 s\\n" in unfolded
    assert "\\n" in unfolded.split("DESCRIPTION:", 1)[1].split("\r\n", 1)[0]


def test_a_paused_plan_is_an_event_saying_so(db_path, tmp_path):
    entries.flag(db=db_path, words=["numb", "saddle"], now=NOW - timedelta(hours=1))
    for event in events(export(db_path, tmp_path / "plan.ics", days="3")):
        assert "paused" in str(event["summary"])
        text = str(event["description"])
        assert "glutelog flag --clear" in text
        assert "Glute bridge" not in text and "Pigeon" not in text


def test_without_o_it_prints_the_calendar(cli):
    result = ok(cli("calendar", "--days", "2"))
    assert len(events(result.stdout.encode())) == 2


@pytest.mark.parametrize("target", ["exists", "nowhere/plan.ics", ":memory:"])
def test_o_refuses_what_export_refuses_and_writes_nothing(tmp_path, cli, target):
    (tmp_path / "exists").write_text("mine", encoding="utf-8")
    path = str(tmp_path / target) if target != ":memory:" else target
    before = sorted(p.name for p in tmp_path.iterdir())
    fail(cli("calendar", "-o", path))
    assert (tmp_path / "exists").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_descriptions_use_plain_words_never_rule_ids(db_path, tmp_path):
    """A red morning, too much soreness after a session and a tingling exercise: the reasons
    reach the calendar in words ("soreness 6 or more"), never as "red_min 6"."""
    from glutelog.rules import RULES

    entries.done(db=db_path, exercise="bridge", amount=["12"], now=NOW - timedelta(days=1))
    entries.sore(db=db_path, score="7", after=True, now=NOW - timedelta(hours=20))
    entries.sore(db=db_path, score="6", morning=True, now=NOW - timedelta(hours=1))
    entries.flag(db=db_path, words=["tingling", "pigeon"], now=NOW - timedelta(minutes=30))
    raw = export(db_path, tmp_path / "plan.ics", days="14")
    shown = " ".join(str(e["summary"]) + " " + str(e["description"]) for e in events(raw))
    assert "6 or more" in shown
    leaked = sorted(rule_id for rule_id in RULES if re.search(rf"\b{rule_id}\b", shown))
    assert not leaked, leaked
