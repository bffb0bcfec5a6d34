"""The page for a physio: the period report as one self-contained HTML file (``report --html``).

It renders the period report object (see ``reports``) and works out no numbers of its own; it
only rounds them for display. Everything the page needs is inside it: CSS inline, charts as
inline SVG (``svg_charts``), no script, no font, image or link from elsewhere, so it opens from a USB
stick and prints on A4 or Letter. The template is autoescaped: a note or an exercise name holding
markup is shown as text. Imported only by ``report --html``: jinja2 and pygal stay off the
everyday commands.
"""

from __future__ import annotations

from datetime import date

from glutelog.output import units
from glutelog.output.render import (
    BLOCK_TITLES,
    dose_text,
    full_days,
    signed,
    streak_span,
)

TEMPLATE = "physio.html"


def page(report: dict, version: str) -> str:
    """The whole HTML page for ``report`` (a period report object)."""
    from markupsafe import Markup

    from glutelog.reports import svg_charts as charts

    volume_rows, volume_labels, volume_by = _volume(report)
    sides = _side_rows(report.get("exercises") or [])
    days = report.get("days") or []
    scored = any(d.get("morning") is not None or d.get("after") is not None for d in days)
    drawn = {
        "soreness": charts.soreness_chart(days) if scored else "",
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
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            report=report,
            streak_span=streak_span(report),
            active=report.get("active"),
            active_span=streak_span({**report, "streak": report["active"]})
            if report.get("active")
            else "",
            full=full_days(report) if report.get("active") else None,
            insight=report.get("insight") or {},
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
        )
    )


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


def _day(iso: str | None) -> str:
    """``2026-11-23`` as ``Mon 23 Nov 2026``."""
    if not iso:
        return "–"
    day = date.fromisoformat(iso)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _volume(report: dict) -> tuple[list, list, str]:
    """The rows the volume chart and table show: weeks, months for a long period, or days when
    the period is a single week."""
    weeks = report.get("weeks") or []
    months = report.get("months") or []
    if months and len(weeks) > 26:
        return months, [row["month"] for row in months], "month"
    if len(weeks) >= 2:
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
