"""`glutelog calendar`: the coming plan days as an iCalendar file, one event a day.

The events come from the same plans `glutelog plan --days N` shows (``views.plans_ahead``: today as
it stands, later days a projection). Each event's UID is made of its date and this database's
identity (``Store.identity``), so importing a newer export into a calendar updates the days
already there instead of adding them again; calendar apps take the new text only when SEQUENCE
rises, so the database keeps what each UID last showed (``Store.calendar_versions``, migration
m011) and raises it exactly when that changed. The icalendar library is imported here only.
"""

from __future__ import annotations

import hashlib
import math
import os
import sys

from glutelog import __version__, parsing, paths
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.errors import BadInput
from glutelog.output import render
from glutelog.rules import rule
from glutelog.stdlib import UTC, date, datetime, time, timedelta


def calendar(db=None, days=None, output=None, at=None, force=False, now=None) -> str:
    """Write the next ``days`` plan days (today first) as iCalendar to ``output`` or stdout;
    with ``at`` (a time of day) each day with exercises is an event at that time with a
    reminder; ``force`` replaces a calendar file already at ``output``."""
    from glutelog.commands import views
    from glutelog.storage import files

    now = _now(now)
    today = now.date()
    count = parsing.parse_int(days, "days", 1, rule("max_plan_days")) or rule("calendar_days")
    start = parsing.parse_clock(at, "--at") if at is not None else None
    to_file = output is not None and output != files.STDOUT
    if to_file:
        if os.path.realpath(output) == os.path.realpath(paths.db_path(db)):
            raise BadInput(f"{output} is the database; write the calendar to another file")
        replaceable(output) if force else unclaimed(output)
    with Session(db) as session:
        plans = views.plans_ahead(session, today, count, today)
        identity = session.store.identity()
        events = [event_fields(plan, uid(plan["date"], identity), start) for plan in plans]
        stamp = written(now)
        versions = session.store.calendar_versions(
            {fields["uid"]: digest(fields) for fields in events}, ical_utc(stamp)
        )
    text = build(events, versions, stamp)
    if not to_file:
        files.to_stdout(lambda: sys.stdout.write(text))
        return ""
    files.write_file(output, lambda handle: handle.write(text), newline="", replace=force)
    days = parsing.plural(len(plans), "day")
    return f"Wrote {days} ({plans[0]['date']} to {plans[-1]['date']}) to {output}"


def unclaimed(path: str) -> None:
    """Without --force a file already there is refused, with the way to replace it."""
    from glutelog.storage import files

    if os.path.lexists(path) and not os.path.isdir(path):
        raise BadInput(f"{path} already exists; add --force to replace it, or choose another name")
    files.check_target(path)


def replaceable(path: str) -> None:
    """--force replaces a calendar, never anything else: a file there must read as iCalendar
    (a slip such as ``-o notes.txt --force`` must not cost the notes)."""
    from glutelog.storage import files

    if not os.path.lexists(path):
        files.check_target(path)
        return
    if os.path.isdir(path) or os.path.islink(path):
        raise BadInput(f"{path} is not a calendar file; --force replaces only a calendar")
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as exc:
        raise BadInput(f"cannot read {path} to check it is a calendar: {exc.strerror}") from exc
    if head and not head.upper().startswith(b"BEGIN:VCALENDAR"):
        raise BadInput(
            f"{path} is not a calendar file; --force replaces only a calendar, so choose "
            "another name"
        )


def written(now: datetime) -> datetime:
    """The DTSTAMP of every event: the moment the file is written, in UTC, to the second.

    RFC 5545 requires DTSTAMP; in a file without METHOD it says when the event's information
    was last written. Whether the event itself changed is told by SEQUENCE and LAST-MODIFIED,
    which stay as they were while the day's plan reads the same."""
    return now.astimezone(UTC).replace(microsecond=0)


def ical_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def uid(day: str, identity: str) -> str:
    """``2026-11-24-<16 hex>@glutelog``: the day and a digest of the database's identity, so
    the same day from the same database always has the same UID, whatever the plan holds."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return f"{day}-{digest}@glutelog"


def event_fields(plan: dict, event_uid: str, start: time | None) -> dict:
    """What one day's event shows: an all-day event, or with ``start`` (for a day with
    exercises) a timed one that lasts the plan's minutes and reminds when it begins."""
    day = date.fromisoformat(plan["date"])
    fields = {"uid": event_uid, "summary": summary(plan), "description": description(plan)}
    active = plan["zone"] != "paused" and plan["day_type"] != "rest" and plan["items"]
    if start is None or not active:
        fields["start"], fields["end"] = day, day + timedelta(days=1)  # end date is exclusive
        return fields
    begin, _ = parsing.local_moment(datetime.combine(day, start), typed=False)
    minutes = max(5, math.ceil(plan["minutes"]))
    fields["start"] = begin.astimezone(UTC)
    fields["end"] = fields["start"] + timedelta(minutes=minutes)
    fields["alarm"] = f"Time for the glute routine: {fields['summary'].removeprefix('Glutes: ')}"
    return fields


def digest(fields: dict) -> str:
    """A digest of everything the event shows, so a change in any of it raises SEQUENCE."""
    shown = "\x1f".join(
        str(fields.get(key, "")) for key in ("summary", "description", "start", "end", "alarm")
    )
    return hashlib.sha256(shown.encode("utf-8")).hexdigest()


def build(events: list, versions: dict, stamp: datetime) -> str:
    """The iCalendar text (CRLF line ends, as RFC 5545 asks) of ``events`` (``event_fields``),
    each with its (SEQUENCE, LAST-MODIFIED) from ``versions``."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//glutelog//glutelog {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "glutelog plan")
    for fields in events:
        sequence, modified = versions[fields["uid"]]
        event = Event()
        event.add("uid", fields["uid"])
        event.add("dtstamp", stamp)
        event.add(
            "last-modified", datetime.strptime(modified, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        )
        event.add("sequence", sequence)
        event.add("dtstart", fields["start"])
        event.add("dtend", fields["end"])
        event.add("summary", fields["summary"])
        event.add("description", fields["description"])
        event.add("transp", "TRANSPARENT")  # a routine to fit in, not time marked busy
        if "alarm" in fields:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", fields["alarm"])
            alarm.add("trigger", timedelta(0))  # when the event begins
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical().decode("utf-8")


def summary(plan: dict) -> str:
    """``Glutes: strength day, 7 items (about 32 min)``; a paused plan says it is paused."""
    if plan["zone"] == "paused":
        return "Glutes: plan paused by a red flag"
    items = plan["items"]
    if plan["day_type"] == "rest" or not items:
        return "Glutes: rest day"
    minutes = max(1, round(plan["minutes"]))
    count = parsing.plural(len(items), "item")
    return f"Glutes: {plan['day_type']} day, {count} (about {minutes} min)"


def description(plan: dict) -> str:
    """One line per item with its dose, then the plan's messages, then what a projection is."""
    lines = []
    if plan["zone"] == "paused":
        lines.append("No exercises while a red flag is in force.")
    elif plan["zone"] != "green":
        lines.append(f"Soreness zone: {render.ZONE_TEXT.get(plan['zone'], plan['zone'])}")
    for item in plan["items"]:
        dose = render.item_dose(item)
        lines.append(f"{item['name']}: {dose}" if dose else item["name"])
    if plan.get("run"):
        lines.append(plan["run"]["advice"])
    lines.extend(f"- {message}" for message in plan["messages"])
    if plan["zone"] == "paused":
        lines.append("Once you have been assessed: glutelog flag --clear")
    if plan.get("projection"):
        lines.append(
            "A projection: it assumes every planned item before this day is done and soreness "
            "stays as it is; export again to update it."
        )
    return "\n".join(lines)
