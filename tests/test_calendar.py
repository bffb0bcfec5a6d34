"""`glutelog calendar`: the coming plan days as iCalendar, read back with the icalendar library."""

import json
import shutil
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import fail, ok
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


def test_two_exports_of_the_same_plan_are_identical_and_keep_their_uids(db_path, tmp_path):
    first = export(db_path, tmp_path / "a.ics")
    later = export(db_path, tmp_path / "b.ics", now=NOW + timedelta(hours=3))
    assert first == later  # DTSTAMP is the day's start, not the clock

    entries.done(db=db_path, exercise="bridge", amount=["15"], now=NOW)
    changed = export(db_path, tmp_path / "c.ics")
    assert changed != first
    assert [e["uid"] for e in events(changed)] == [e["uid"] for e in events(first)]
    # The next day's export overlaps the days already exported by the same UIDs.
    tomorrow = export(db_path, tmp_path / "d.ics", now=NOW + timedelta(days=1))
    assert [e["uid"] for e in events(tomorrow)][:6] == [e["uid"] for e in events(first)][1:]
    assert events(tomorrow)[0].decoded("dtstamp") > events(first)[0].decoded("dtstamp")


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
