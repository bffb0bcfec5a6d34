"""The page for a physio: the period report as one self-contained HTML file (``report --html``).

It renders the period report object (see ``reports``) and works out no numbers of its own; it
only rounds them for display. Everything the page needs is inside it: CSS inline, charts as
inline SVG (``svg_charts``), no script, no font, image or link from elsewhere, so it opens from a USB
stick and prints on A4 or Letter. The template is autoescaped: a note or an exercise name holding
markup is shown as text. Imported only by ``report --html``: jinja2 and pygal stay off the
everyday commands.
"""

from __future__ import annotations

from glutelog.output import units
from glutelog.output.render import (
    BLOCK_TITLES,
    dose_text,
    entry_dose,
    full_days,
    signed,
    streak_span,
)
from glutelog.planner import redflags
from glutelog.stdlib import date

TEMPLATE = "physio.html"
# A period up to a quarter long has the variants of every day's plan read; a longer one (a
# year) one plan a week, which tells the same story at a seventh of the work (design choice).
EVERY_DAY_UP_TO = 92
NOTES_ON_PAGE_ONE = 4  # the latest pain and notes on the summary; all of them in the detail


def page(report: dict, version: str, facts: dict | None = None) -> str:
    """The whole HTML page for ``report`` (a period report object); ``facts``: what
    ``page_facts`` gives (who, the programme, variants, pain and notes), or None."""
    from markupsafe import Markup

    from glutelog.reports import svg_charts as charts

    facts = facts or {}
    shown = _from_first_log(report)
    volume_rows, volume_labels, volume_by = _volume(shown, len(report.get("weeks") or []))
    sides = _side_rows(report.get("exercises") or [])
    days = shown.get("days") or []
    scored = any(d.get("morning") is not None or d.get("after") is not None for d in days)
    drawn = {
        "soreness": charts.soreness_chart(days) if scored else "",
        "soreness_narrow": charts.soreness_chart(days, charts.NARROW, "soreness-narrow")
        if scored
        else "",
        "sets": charts.volume_chart(
            [r["sets"] for r in volume_rows], volume_labels, "sets", charts.SETS
        )
        if any(r["sets"] for r in volume_rows)
        else "",
        "run": charts.volume_chart(
            # the bars' heights in the unit the page shows (`config distance`)
            [float(units.distance_text(r["run_km"], places=2, unit=False)) for r in volume_rows],
            volume_labels,
            f"running {units.distance_label()}",
            charts.RUN,
        )
        if any(r["run_km"] for r in volume_rows)
        else "",
        "sides": charts.sides_chart(sides) if sides else "",
    }
    insight = report.get("insight") or {}
    flags = insight.get("flags") or report.get("flags") or []
    notes = facts.get("notes") or []
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            report=report,
            streak_span=streak_span(report),
            active=report.get("active"),
            full=full_days(report) if report.get("active") else None,
            insight=insight,
            flags=flags,
            tiers=redflags.TIERS,
            charts={
                name: Markup(svg) for name, svg in drawn.items()
            },  # built by charts, escaped there
            zones=charts.zone_bands(),
            zone_colours=charts.ZONE_COLOURS,
            volume_rows=volume_rows,
            volume_by=volume_by,
            distance_label=units.distance_label(),
            sides=sides,
            block_titles=BLOCK_TITLES,
            version=version,
            who=facts.get("name") or None,
            side=facts.get("side"),
            programme=facts.get("programme") or report_programme(report),
            variants=facts.get("variants") or [],
            notes=notes,
            latest_notes=notes[:NOTES_ON_PAGE_ONE],
            heading=_heading(report, facts),
            shown_from=days[0]["date"]
            if days and days[0]["date"] > report["period"]["start"]
            else None,
        )
    )


def _heading(report: dict, facts: dict) -> str:
    """The running header of a printed page: who, and the period."""
    who = facts.get("name") or "Glute and piriformis routine"
    return f"{who} \u00b7 {_day(report['period']['start'])} to {_day(report['period']['end'])}"


def _from_first_log(report: dict) -> dict:
    """The report with the days, weeks and months before the first log left out of charts and
    tables (a year that began to be logged in its last months is not drawn as rows of zeros);
    a year is shown from the first logged month, a shorter period from the first logged day."""
    first = report.get("first_day")
    if not first or first <= report["period"]["start"]:
        return report
    year = report["period"]["kind"] == "year"
    cut = first[:8] + "01" if year else first
    shown = dict(report)
    shown["days"] = [d for d in report.get("days") or [] if d["date"] >= cut]
    if report.get("weeks"):
        shown["weeks"] = [w for w in report["weeks"] if w["end"] >= cut]
    if report.get("months"):
        shown["months"] = [m for m in report["months"] if m["month"] >= first[:7]]
    return shown


def report_programme(report: dict) -> list:
    """The programme from the report's own doses (today's items) when no facts are given."""
    return [
        {**dose, "day": report["period"]["today"], "today": True}
        for dose in report.get("doses") or []
    ]


def page_facts(
    catalog,
    raw: dict,
    side: str | None,
    ahead: list | None,
    past: list,
    entries: list,
    scores: list,
) -> dict:
    """What the page shows beside the report object, from rows already read.

    ``raw``: the stored settings (for ``name``); ``side``: the affected side in force at the
    period's end (None: both); ``ahead``: today's plan and the projected days after it, or None
    for a period before today; ``past``: the plans of the period's days, oldest first;
    ``entries``: the period's sets with pain or a note; ``scores``: its soreness scores with a
    note.
    """
    from glutelog import settings

    name = settings.checked("name", raw)[0] or None
    return {
        "name": name,
        "side": side,
        "programme": programme(catalog, ahead)
        if ahead is not None
        else programme(catalog, past[::-1], last=True),
        "variants": variants(catalog, past),
        "notes": notes(catalog, entries, scores),
    }


def _slots(catalog, plan: dict) -> dict:
    """{routine item: the plan's item standing for it}: the item itself, else the variant of
    its ladder the plan chose (each item stands for one routine item only)."""
    found: dict = {}
    items = list(plan["items"])
    for block in ("daily", "strength", "recovery"):
        for slug in catalog.routine.get(block, []):
            for item in items:
                if item["exercise"] == slug:
                    found[slug] = item
                    items.remove(item)
                    break
    for block in ("daily", "strength", "recovery"):
        for slug in catalog.routine.get(block, []):
            if slug in found:
                continue
            for item in items:
                if slug in (item.get("ladder") or ()):
                    found[slug] = item
                    items.remove(item)
                    break
    return found


def programme(catalog, ahead: list, last: bool = False) -> list:
    """Every item of the stretching and strength programme (and recovery work when it is
    planned) with its dose today, or on the next day it is planned: {block, name, sets,
    amount, unit, sides, day, today, finished, last}. ``last``: ``ahead`` are a past period's
    plans, newest first, and each item is given as it was last planned."""
    rows = []
    today = ahead[0]["date"] if ahead and not last else None
    for block in ("daily", "strength", "recovery"):
        for slug in catalog.routine.get(block, []):
            item = plan = None
            for plan in ahead:
                item = _slots(catalog, plan).get(slug)
                if item is not None:
                    break
            if item is None and block == "recovery":
                continue  # recovery work is planned on bad days only
            exercise = catalog.exercises.get(slug) or {"name": slug}
            row = {"block": block, "name": exercise["name"], "exercise": slug, "last": last}
            if item is None:
                row.update(sets=None, amount=None, unit="none", sides=[], day=None, today=False)
            else:
                row.update(
                    name=item["name"],
                    exercise=item["exercise"],
                    sets=item["sets"],
                    amount=item["amount"],
                    unit=item["unit"],
                    sides=item.get("sides") or [],
                    day=plan["date"],
                    today=plan["date"] == today,
                    finished=bool(item.get("done")) and plan["date"] == today,
                )
            rows.append(row)
    return rows


def variants(catalog, past: list) -> list:
    """Routine items whose variant or dose changed over the period: {name, used: [(variant,
    days planned)], start, now} (doses as the plan shows them, with the variant's name)."""
    seen: dict = {}
    for plan in past:
        for slug, item in _slots(catalog, plan).items():
            seen.setdefault(slug, []).append(item)
    rows = []
    for block in ("daily", "strength", "recovery"):
        for slug in catalog.routine.get(block, []):
            items = seen.get(slug)
            if not items:
                continue
            used: dict = {}
            for item in items:
                used[item["name"]] = used.get(item["name"], 0) + 1
            name = (catalog.exercises.get(slug) or {"name": slug})["name"]
            first, last = _planned(items[0], name), _planned(items[-1], name)
            if len(used) == 1 and first == last:
                continue
            rows.append(
                {
                    "name": name,
                    "used": sorted(used.items(), key=lambda pair: -pair[1]),
                    "start": first,
                    "now": last,
                    "days": len(items),
                }
            )
    return rows


def _planned(item: dict, name: str) -> str:
    """An item's dose, after its name when it is a variant of the routine item ``name``."""
    dose = dose_text(item["sets"], item["amount"], item["unit"], item.get("sides") or [])
    return dose or "as you like" if item["name"] == name else f"{item['name']} {dose}".strip()


def notes(catalog, entries: list, scores: list) -> list:
    """Sets logged with pain or a note, and scores with a note, newest first: {at, what, pain,
    note}."""
    rows = []
    for entry in entries:
        exercise = catalog.exercises.get(entry["exercise"]) or {"name": entry["exercise"]}
        what = f"{exercise['name']} {entry_dose(entry)}".strip()
        if entry.get("side") in ("left", "right"):
            what += f" ({entry['side']})"
        rows.append({"at": entry["at"], "what": what, "pain": entry["pain"], "note": entry["note"]})
    for score in scores:
        what = "morning soreness" if score["timing"] == "morning" else "soreness after a session"
        if score.get("side"):
            what += f" ({score['side']})"
        rows.append(
            {"at": score["at"], "what": what, "pain": score["score"], "note": score["note"]}
        )
    return sorted(rows, key=lambda row: row["at"], reverse=True)


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("glutelog.reports", "templates"),
        autoescape=True,  # every value is escaped unless marked safe: user text never becomes markup
        undefined=StrictUndefined,  # a misspelt key fails loudly; optional keys use .get
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        num=number,
        pct=percent,
        amount=_amount,
        total=_total,
        running=_running,
        day=_day,
        dose=_dose,
        signed=signed,
        moment=_moment,
        css_text=_css_text,
    )
    env.filters["distance"] = lambda km: units.distance_text(km, places=1, unit=False)
    return env


def number(value, places: int = 1) -> str:
    """A number for display: ``number(3.4286) == "3.4"``, ``number(12.0) == "12"``, None is a dash."""
    if value is None:
        return "–"
    rounded = round(float(value), places)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{places}f}"


def percent(value) -> str:
    return "–" if value is None else f"{round(value)}%"


def _amount(value, unit: str) -> str:
    """A total in the units people read (``3 h 43 min``), or a dash."""
    if value is None or unit in (None, "none"):
        return "–"
    return units.quantity(value, unit)


def _total(row: dict) -> str:
    """An exercise's total (a distance with its time), or a dash for a rest day."""
    return _amount(row["total"], row["unit"]) if row["unit"] == "none" else units.total(row)


def _running(row: dict) -> str:
    """A week's, a month's or a day's running: ``16 km in 1 h 20 min``, or a dash."""
    return units.run(row["run_km"], row["run_minutes"]) or "–"


def _dose(dose: dict) -> str:
    """``3 x 30 s each side``, as the plan shows it; "as you like" for an undosed item."""
    return dose_text(dose["sets"], dose["amount"], dose["unit"], dose["sides"]) or "as you like"


def _moment(iso: str) -> str:
    """``2026-11-23T19:05:00+00:00`` as ``Mon 23 Nov 19:05`` (the time as it was logged)."""
    from glutelog.stdlib import datetime

    when = datetime.fromisoformat(iso)
    return f"{when:%a} {when.day} {when:%b %H:%M}"


def _css_text(text: str):
    """``text`` as a quoted CSS string for the stylesheet (the running header): every character
    but letters, digits and spaces as an escape (its space ends the escape and is not shown),
    so no text can close the string or the style."""
    from markupsafe import Markup

    quoted = "".join(
        c if c.isalnum() and c.isascii() or c == " " else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{quoted}"')


def _day(iso: str | None) -> str:
    """``2026-11-23`` as ``Mon 23 Nov 2026``."""
    if not iso:
        return "–"
    day = date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _volume(report: dict, weeks_asked: int) -> tuple[list, list, str]:
    """The rows the volume chart and table show: weeks, months for a long period, or days when
    the period is a single week."""
    weeks = report.get("weeks") or []
    months = report.get("months") or []
    if months:  # a year, by month (from the first logged month)
        return months, [row["month"] for row in months], "month"
    if weeks and weeks_asked >= 2:  # by week, however few were logged
        return weeks, [f"{_short(row['start'])}" for row in weeks], "week"
    days = [d for d in report.get("days") or [] if d.get("counted", True)]
    return (
        days,
        [f"{date.fromisoformat(d['date']):%a} {d['date'][8:].lstrip('0')}" for d in days],
        "day",
    )


def _short(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%b}"


def _side_rows(exercises: list) -> list:
    """Per-side exercises with work on either side, for the left-and-right chart and table."""
    return [
        row
        for row in exercises
        if row.get("left") is not None and ((row.get("left") or 0) + (row.get("right") or 0)) > 0
    ]
