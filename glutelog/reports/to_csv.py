"""A report as CSV: a header, then one row per day (per week with ``--weeks``, per month with
``--year``), numbers unrounded, an empty cell for a value that is not there.

Example: glutelog report --weeks 12 --format csv > weeks.csv
"""

from __future__ import annotations

DAY_COLUMNS = (
    "date", "counted", "planned", "done", "day_type", "morning", "after", "sets", "run_km",
    "run_minutes",
)  # fmt: skip
GROUP_COLUMNS = (
    "start", "end", "planned", "done", "percent", "days_counted", "days_complete",
    "morning_mean", "morning_count", "sets", "run_km", "run_minutes",
)  # fmt: skip
MONTH_COLUMNS = ("month", *GROUP_COLUMNS)


def rows_of(report: dict) -> tuple[tuple, list]:
    """(columns, rows) for a report: days, weeks or months as the period calls for."""
    kind = report["period"]["kind"]
    if kind == "year":
        return MONTH_COLUMNS, report["months"]
    if kind == "weeks":
        return GROUP_COLUMNS, report["weeks"]
    return DAY_COLUMNS, report["days"]


def _value(value):
    from glutelog.output.render import cell

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    return cell(value)


def _quoted(text: str) -> str:
    """RFC 4180 quoting, by hand: the csv module imports ``re``, which the everyday commands
    do not load (tests/test_dispatch.py's import guard)."""
    if any(ch in text for ch in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def render(report: dict) -> str:
    columns, rows = rows_of(report)
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(_quoted(str(_value(row[name]))) for name in columns))
    return "\n".join(lines)
