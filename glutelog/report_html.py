"""The page for a physio: the period report as one self-contained HTML file (``report --html``).

It renders the period report object (see ``reports``) and works out no numbers of its own; it
only rounds them for display. Everything the page needs is inside it: CSS inline, charts as
inline SVG (``charts``), no script, no font, image or link from elsewhere, so it opens from a USB
stick and prints on A4 or Letter. The template is autoescaped: a note or an exercise name holding
markup is shown as text. Imported only by ``report --html``: jinja2 and pygal stay off the
everyday commands.
"""

from __future__ import annotations

from datetime import date, timedelta

from glutelog.parsing import format_amount
from glutelog.render import BLOCK_TITLES, dose_text

TEMPLATE = "physio.html"


def page(report: dict, version: str) -> str:
    """The whole HTML page for ``report`` (a period report object)."""
    from markupsafe import Markup

    from glutelog import charts

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
            [r["run_km"] for r in volume_rows], volume_labels, "running km", charts.RUN
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
            insight=report.get("insight") or {},
            charts={
                name: Markup(svg) for name, svg in drawn.items()
            },  # built by charts, escaped there
            zones=charts.zone_bands(),
            zone_colours=charts.ZONE_COLOURS,
            volume_rows=volume_rows,
            volume_by=volume_by,
            sides=sides,
            block_titles=BLOCK_TITLES,
            version=version,
        )
    )


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("glutelog", "templates"),
        autoescape=True,  # every value is escaped unless marked safe: user text never becomes markup
        undefined=StrictUndefined,  # a misspelt key fails loudly; optional keys use .get
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=number, pct=percent, amount=_amount, day=_day, dose=_dose)
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
    if value is None or unit in (None, "none"):
        return "–"
    return format_amount(value, unit)


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


# --- until the period report lands ---------------------------------------------------------------
# `reports.build_period_report` gives the object the page renders. Until it is there, the weekly
# report is adapted to it here: replace the call to `from_week_report` in views.report_html with
# the period report and delete this section.


def from_week_report(
    catalog, report: dict, entries: list, plan: dict, first_day: str | None, today: date
) -> dict:
    """The weekly ``reports.build_report`` dict in the period report's shape.

    ``entries``: the week's sets (for sets and running per day); ``plan``: today's plan (its
    doses); ``first_day``: the first day anything was logged.
    """
    from glutelog.reports import _complete

    per_day: dict = {}
    for row in entries:
        found = per_day.setdefault(row["day"], {"sets": 0, "run_km": 0.0, "run_minutes": 0.0})
        exercise = catalog.exercises.get(row["exercise"]) or {}
        if row["exercise"] == "run":
            key = {"km": "run_km", "minutes": "run_minutes"}.get(row["unit"])
            if key and row["amount"] is not None:
                found[key] += row["amount"]
        elif exercise.get("kind") != "cross-training":
            found["sets"] += row["sets"]
    scores = {d["date"]: d for d in report["soreness"]["days"]}
    days = []
    for row in report["days"]:
        counted = bool(first_day) and first_day <= row["date"] <= today.isoformat()
        days.append(
            {
                **row,
                "counted": counted,
                "morning": scores[row["date"]]["morning"],
                "after": scores[row["date"]]["after"],
                **per_day.get(row["date"], {"sets": 0, "run_km": 0.0, "run_minutes": 0.0}),
            }
        )
    counted = [d for d in days if d["counted"]]
    mornings = [d["morning"] for d in counted if d["morning"] is not None]
    end = date.fromisoformat(report["start"]) + timedelta(days=6)
    week = {
        "start": report["start"],
        "end": report["end"],
        **report["adherence"],
        "days_counted": len(counted),
        "days_complete": sum(1 for d in counted if d["planned"] is not None and _complete(d)),
        "morning_mean": sum(mornings) / len(mornings) if mornings else None,
        "morning_count": len(mornings),
        "sets": sum(d["sets"] for d in days),
        "run_km": sum(d["run_km"] for d in days),
        "run_minutes": sum(d["run_minutes"] for d in days),
    }
    return {
        "period": {
            "kind": "week",
            "start": report["start"],
            "end": end.isoformat(),
            "today": today.isoformat(),
            "label": f"Week of {report['start']}",
        },
        "first_day": first_day,
        "days": days,
        "weeks": [week],
        "adherence": report["adherence"],
        "streak": report["streak"],
        "exercises": report["exercises"],
        "soreness": {
            **report["soreness"],
            "days": report["soreness"]["days"],
            "count": len(mornings),
            "statement": None,
        },
        "insight": {"flags": report["flags"]},
        "doses": [
            {k: item[k] for k in ("exercise", "name", "block", "sets", "amount", "unit", "sides")}
            for item in plan["items"]
        ],
        "messages": report["messages"],
        "pause": report["pause"],
    }
