"""A report as Markdown, for notes or a message to a physiotherapist: the summary, a table of
days (weeks with ``--weeks``, months with ``--year``), the "is it helping?" statements, the
totals per exercise and the warning signs.

Example: glutelog report --month --format markdown > november.md
"""

from __future__ import annotations

from glutelog.output import units


def _one(value) -> str:
    from glutelog.output.render import one_decimal

    return "–" if value is None else one_decimal(value)


# Characters that would make user text (an exercise's name, a note) into markup: raw HTML, a
# link or an image, code, emphasis, a table's column. Each is backslash-escaped, which every
# Markdown reader shows as the character itself.
MARKUP = "\\`*_[]<>|"


def _text(value) -> str:
    """Text as it reads, never as markup: no control characters, and ``< > [ ] ` * _ |`` and
    the backslash escaped, so ``<script>`` or ``[x](javascript:...)`` stay words.

    >>> _text("<b>[x](javascript:alert(1))</b>")
    '\\<b\\>\\[x\\](javascript:alert(1))\\</b\\>'
    """
    from glutelog.output.render import safe

    return "".join("\\" + ch if ch in MARKUP else ch for ch in safe(str(value)))


def _table(header: list, rows: list) -> list:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_text(c) for c in row) + " |" for row in rows]
    return lines


def _plan(row: dict, counted: bool) -> tuple[str, str]:
    if not counted:
        return "–", "–"
    percent = "–" if not row["planned"] else f"{round(100 * row['done'] / row['planned'])}%"
    return f"{row['done']}/{row['planned']}", percent


# A week's and a month's columns, the same in both (as in the terminal's tables).
GROUP_COLUMNS = ["Items done", "% done", "Full-plan days", "Sets", "Running", "Morning mean"]


def _period_rows(report: dict) -> tuple[list, list]:
    kind = report["period"]["kind"]
    if kind in ("year", "weeks"):
        groups = report["months"] if kind == "year" else report["weeks"]
        first = "Month" if kind == "year" else "Week of"
        header = [first, *GROUP_COLUMNS]
        rows = []
        for g in groups:
            plan, percent = _plan(g, g["days_counted"] > 0)
            rows.append(
                [
                    g["month"] if kind == "year" else g["start"],
                    plan,
                    percent,
                    f"{g['days_complete']}/{g['days_counted'] - g.get('days_paused', 0)}"
                    if g["days_counted"]
                    else "–",
                    "–" if g["sets"] is None else g["sets"],
                    units.run(g["run_km"], g["run_minutes"]) or "–",
                    _one(g["morning_mean"]),
                ]
            )
        return header, rows
    header = ["Day", "Items done", "% done", "Sets", "Morning", "After session"]
    rows = []
    for d in report["days"]:
        plan, percent = _plan(d, d["counted"])
        rows.append([d["date"], plan, percent, d["sets"], _one(d["morning"]), _one(d["after"])])
    return header, rows


def render(report: dict) -> str:
    from glutelog.output.render import active_text, full_days, streak_text

    adherence, s = report["adherence"], report["soreness"]
    percent = "–" if adherence["percent"] is None else f"{round(adherence['percent'])}%"
    lines = [f"# {_text(report['period']['label'])}", ""]
    if report.get("pause"):
        lines += [f"> {_text(report['pause'])}", ""]
    lines.append(
        f"Done {adherence['done']} of {adherence['planned']} planned items ({percent}). "
        f"Streak {streak_text(report)}."
    )
    if report.get("active") is not None:
        full, counted = full_days(report)
        lines.append(f"Active days {active_text(report)}. Full-plan days {full} of {counted}.")
    lines.append("")
    lines += _table(*_period_rows(report))
    lines += ["", "## Is it helping?", ""]
    if s["statement"]:  # the report's one account of soreness
        lines.append(f"- {_text(s['statement'])}")
    for part in ("course", "running", "strength", "sides"):
        lines.append(f"- {_text(report['insight'][part]['statement'])}")
    exercises = [row for row in report["exercises"] if row["unit"] != "none"]
    if exercises:
        lines += ["", "## Exercises", ""]
        rows = [
            [
                e["name"],
                e["sets"],
                units.total(e),
                "–" if e["left"] is None else units.quantity(e["left"], e["unit"]),
                "–" if e["right"] is None else units.quantity(e["right"], e["unit"]),
            ]
            for e in exercises
        ]
        lines += _table(["Exercise", "Sets", "Total", "Left", "Right"], rows)
    if report["flags"]:
        lines += ["", "## Warning signs", ""]
        for flag in report["flags"]:
            cleared = f", cleared {flag['cleared_day']}" if flag["cleared_day"] else ""
            lines.append(f"- {_text(flag['label'])} ({flag['tier']}): {flag['day']}{cleared}")
    if report["messages"]:
        lines.append("")
        lines += [f"- {_text(m)}" for m in report["messages"]]
    return "\n".join(lines)
