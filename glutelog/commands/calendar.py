"""`glutelog calendar`: the coming plan days as an iCalendar file, one all-day event a day.

The events come from the same plans `glutelog plan --days N` shows (``views.plans_ahead``: today as
it stands, later days a projection). Each event's UID is made of its date and this database's
identity (``Store.identity``), so importing a newer export into a calendar updates the days
already there instead of adding them again. The icalendar library is imported here only.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, date, datetime, timedelta

from glutelog import __version__, parsing
from glutelog.commands.session import Session
from glutelog.commands.session import now_or_clock as _now
from glutelog.output import render
from glutelog.rules import rule


def calendar(db=None, days=None, output=None, now=None) -> str:
    """Write the next ``days`` plan days (today first) as iCalendar to ``output`` or stdout."""
    from glutelog.commands import views
    from glutelog.storage import files

    now = _now(now)
    today = now.date()
    count = parsing.parse_int(days, "days", 1, rule("max_plan_days")) or rule("calendar_days")
    if output is not None:
        files.check_target(output)
    with Session(db) as session:
        plans = views.plans_ahead(session, today, count, today)
        identity = session.store.identity()
    text = build(plans, identity, revised(now))
    if output is None or output == files.STDOUT:
        files.to_stdout(lambda: sys.stdout.write(text))
        return ""
    files.write_file(output, lambda handle: handle.write(text), newline="")
    days = parsing.plural(len(plans), "day")
    return f"Wrote {days} ({plans[0]['date']} to {plans[-1]['date']}) to {output}"


def revised(now: datetime) -> datetime:
    """The DTSTAMP of every event: the start of the local day the export is made, in UTC.

    RFC 5545 requires DTSTAMP; in a file without METHOD it says when the event's information
    was last revised. Each day's plan is made afresh when it is exported, so the day of the
    export is that moment; taking its start rather than the clock keeps two exports of the same
    plan on the same day byte for byte the same, and an export on a later day newer."""
    return now.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def uid(day: str, identity: str) -> str:
    """``2026-11-24-<16 hex>@glutelog``: the day and a digest of the database's identity, so
    the same day from the same database always has the same UID, whatever the plan holds."""
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return f"{day}-{digest}@glutelog"


def build(plans: list, identity: str, stamp: datetime) -> str:
    """The iCalendar text (CRLF line ends, as RFC 5545 asks) for ``plans``, one event each."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//glutelog//glutelog {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "glutelog plan")
    for plan in plans:
        day = date.fromisoformat(plan["date"])
        event = Event()
        event.add("uid", uid(plan["date"], identity))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # all-day: the end date is exclusive
        event.add("summary", summary(plan))
        event.add("description", description(plan))
        event.add("transp", "TRANSPARENT")  # a routine to fit in, not time marked busy
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
