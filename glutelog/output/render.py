"""Turning plans, reports and entries into text for a terminal (and JSON for scripts).

Everything a user typed (notes) is shown through :func:`safe` so terminal control characters
stored in the database are never replayed raw.
"""

from __future__ import annotations

from glutelog import errors
from glutelog.output import terminal, units
from glutelog.output.units import distance_label, distance_text
from glutelog.parsing import format_amount, format_number, plural
from glutelog.stdlib import date


def _redflags():
    # Imported only where flags are shown: its table of names is built at import.
    from glutelog.planner import redflags

    return redflags


DISCLAIMER = (
    "glutelog is a self-tracking tool, not medical advice. Numbness, tingling, weakness, "
    "trouble with bladder or bowel, or pain that keeps getting worse: see a clinician."
)

# --- colour ------------------------------------------------------------------------------------
# A few SGR codes by hand: Rich would cost the everyday commands its start-up time. Whether to
# colour is decided once per run, at the edge (entry.main, through terminal.decide).

COLORS = {
    "green": "32",
    "amber": "33",
    "red": "31",
    "flare": "1;31",
    "paused": "1;35",
    "done": "32",
    "heading": "1",
    "emergency": "1;31",
}
RESET = "\x1b[0m"
_color = False

color_wanted = terminal.color_wanted


def use_color(on: bool) -> None:
    """Turn colour on or off for this run; the output guard then keeps exactly these codes."""
    global _color
    _color = on
    codes = {f"\x1b[{code}m" for code in COLORS.values()} | {RESET}
    errors.keep_escapes(sorted(codes) if on else ())


def paint(text: str, style: str) -> str:
    """``text`` in the colour for ``style`` (a zone, "done", "heading" or "emergency"), when
    colour is on."""
    code = COLORS.get(style)
    if not _color or code is None or not text:
        return text
    return f"\x1b[{code}m{text}{RESET}"


def heading(text: str) -> str:
    """A heading: bold when colour is on."""
    return paint(text, "heading")


BLOCK_TITLES = {"daily": "Stretch and release", "strength": "Strength", "recovery": "Recovery"}


def safe(text: str | None) -> str:
    """User text without control characters: ``safe("a\\x1b[2Jb") == "a?[2Jb"``."""
    if text is None:
        return ""
    return "".join(ch if ch.isprintable() or ch == " " else "?" for ch in text)


# A spreadsheet runs a cell that starts with one of these as a formula (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")


def cell(value, terminal: bool = False):
    """A CSV cell: a quote before a leading = + - or @ so a spreadsheet shows it as text
    instead of running it; otherwise the text exactly as stored (tabs and line breaks are
    quoted by the CSV writer), so a note leaves glutelog unchanged. Only when the CSV goes to
    a ``terminal`` are control characters shown escaped, never replayed. Numbers pass as they are.

    >>> cell("=1+1"), cell("a\tb"), cell("a\x1b[2Jb", terminal=True)
    ("'=1+1", 'a\tb', 'a\\x1b[2Jb')
    """
    if not isinstance(value, str):
        return value
    text = safe(value) if terminal else value
    return "'" + text if text.startswith(FORMULA_STARTS) else text


is_terminal = terminal.is_terminal


def dumps_rows(data: dict) -> str:
    """JSON of a report object: a key a line and, in its lists, a row a line. A year's report
    holds hundreds of rows; json.dumps with ``indent`` formats them in Python, this way the C
    encoder does (several times faster)."""
    encode = row_encoder()
    parts = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            rows = ",\n    ".join(map(encode, value))
            text = f"[\n    {rows}\n  ]"
        else:
            text = encode(value)
        parts.append(f"  {encode(key)}: {text}")
    return terminal.Verbatim(escape_controls("{\n" + ",\n".join(parts) + "\n}"))


def row_encoder():
    """A function giving what ``json.dumps(value, ensure_ascii=False)`` gives, made from the C
    encoder that ``json`` itself uses. Importing the ``json`` package costs more than a whole
    report (its decoder imports ``re``: about 13 ms, half of a command's own start-up), and a
    report only writes JSON. Falls back to ``json`` where the C encoder is missing."""
    try:
        from _json import encode_basestring, make_encoder
    except ImportError:  # another Python: the pure json module does the same
        import json

        return json.JSONEncoder(ensure_ascii=False).encode

    def default(value):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    # The arguments json.JSONEncoder passes for its defaults with ensure_ascii=False:
    # circular-reference markers, default, string encoder, no indent, separators, no key
    # sorting, no skipped keys, NaN allowed.
    chunks = make_encoder({}, default, encode_basestring, None, ": ", ", ", False, False, True)

    def encode(value) -> str:
        if isinstance(value, str):
            return encode_basestring(value)
        return "".join(chunks(value, 0))

    return encode


def dumps(data) -> str:
    """JSON for scripts; control characters JSON leaves raw (DEL, C1) are escaped too."""
    import json  # only for --json

    return terminal.Verbatim(escape_controls(json.dumps(data, indent=2, ensure_ascii=False)))


# DEL, the C1 controls and the marks that reorder text on a terminal, which json.dumps leaves
# raw, as \u escapes (str.translate is one C loop).
_CONTROLS = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def escape_controls(text: str) -> str:
    return text.translate(_CONTROLS)


def dose_text(sets: int | None, amount, unit: str, sides: list) -> str:
    if amount is None or unit == "none":
        return ""
    shown = distance_text(amount) if unit == "km" else format_amount(amount, unit)
    text = f"{sets} x {shown}"
    return text + (" each side" if sides == ["left", "right"] else "")


def entry_dose(entry: dict) -> str:
    """A logged set's dose with the time a distance took: ``1 x 12 km in 65 min``."""
    text = dose_text(entry["sets"], entry["amount"], entry["unit"], [])
    if entry.get("minutes"):
        text += f" in {duration_text(entry['minutes'])}"
    return text


def duration_text(minutes) -> str:
    """A logged time as it was typed under two hours (``105 min``), else in hours and minutes
    as every report says it: ``duration_text(1295) == "21 h 35 min"``."""
    if minutes < 120:
        return format_amount(minutes, "minutes")
    return units.minutes(minutes)


ZONE_TEXT = {
    "amber": "amber (hold)",
    "unknown": "unknown (no recent morning score: hold)",
    "red": "red (deload)",
    "flare": "flare (recovery only)",
    "paused": "PAUSED by a red flag",
}


def _progress_text(item: dict) -> str:
    """How far an item is: ``2/2``, or per side ``L 3/4 R 0/3``."""
    if item.get("done_sides") and item.get("side_sets"):
        done, planned = item["done_sides"], item["side_sets"]
        return f"L {done['left']}/{planned['left']} R {done['right']}/{planned['right']}"
    if item["sets"] is None:
        return ""
    return f"{item['done_sets']}/{item['sets']}"


def _item_dose(item: dict) -> str:
    if item.get("side_sets") and item["side_sets"]["left"] != item["side_sets"]["right"]:
        sides = item["side_sets"]
        amount = format_amount(item["amount"], item["unit"])
        return f"L {sides['left']} x {amount}, R {sides['right']} x {amount}"
    return dose_text(item["sets"], item["amount"], item["unit"], item["sides"])


def item_dose(item: dict) -> str:
    """An item's planned dose as the plan shows it: ``3 x 30 s each side``."""
    return _item_dose(item)


def plan_text(plan: dict, explain: bool = False, today: date | None = None) -> str:
    day = date.fromisoformat(plan["date"])
    title = f"{day.strftime('%A')} {day.isoformat()}: {plan['day_type']} day ({safe(plan['schedule'])} schedule)"
    if plan.get("projection"):
        title += ", a projection"
    lines = [heading(title)]
    if plan["zone"] != "green":
        zone = ZONE_TEXT.get(plan["zone"], plan["zone"])
        lines.append(f"Soreness zone: {paint(zone, plan['zone'])}")
    block = None
    width = max((len(item["name"]) for item in plan["items"]), default=0)
    for item in plan["items"]:
        if item["block"] != block:
            block = item["block"]
            lines.append("")
            lines.append(heading(BLOCK_TITLES.get(block, block)))
        mark = paint("[x]", "done") if item["done"] else "[ ]"
        dose = _item_dose(item)
        progress = (
            "" if item["done"] or not item.get("done_sets") else f"  ({_progress_text(item)})"
        )
        if item.get("done_sides") and not item["done"] and any(item["done_sides"].values()):
            progress = f"  ({_progress_text(item)})"
        lines.append(f"  {mark} {safe(item['name']):<{width}}  {dose}{progress}".rstrip())
        if item.get("done_with"):
            lines.append(f"      done as {', '.join(safe(n) for n in item['done_with'])}")
        lines.append(f"      {safe(item['cue'])}")
        if explain:
            lines.append(
                f"      why: {', '.join(item['why'])}; about {format_number(item['minutes'])} min"
            )
            if item.get("held"):
                lines.append(f"      held: {safe(item['held'])}")
    if plan.get("extra"):
        lines.append("")
        lines.append(heading("Extra (not in today's plan)"))
        for row in plan["extra"]:
            lines.append(
                f"  {safe(row['name'])}  {dose_text(row['sets'], row['amount'], row['unit'], [])}".rstrip()
            )
    done = sum(1 for item in plan["items"] if item["done"])
    lines.append("")
    if plan["items"]:
        lines.append(
            f"{done} of {len(plan['items'])} done (about {units.minutes(plan['minutes'])})."
        )
    if plan.get("run"):
        lines.append(plan["run"]["advice"])
    for message in plan["messages"]:
        lines.append(f"- {safe(message)}")
    if explain and "explain" in plan:
        lines.append("")
        lines.extend(explain_lines(plan["explain"]))
    return "\n".join(lines)


def explain_lines(explain: dict) -> list:
    """What ``plan --explain`` adds: the zone and its numbers, blocks left out and why."""
    lines = [f"Zone {explain['zone']}: " + ("; ".join(explain["reasons"]) or "no signals")]
    for block, why in explain["left_out"].items():
        lines.append(f"Left out {BLOCK_TITLES.get(block, block).lower()}: {why}")
    for slug in explain.get("left_out_for_time", []):
        lines.append(f"Left out for time: {slug}")
    if explain.get("run"):
        lines.append(f"Running: {explain['run']}")
    return lines


# ``plan --days``: units as short as a grid's cells need them.
GRID_UNITS = {"reps": "", "seconds": "s", "minutes": "m", "lengths": "len", "km": "km"}
GRID_DAYS = 7  # a week across
GRID_ZONES = {"unknown": "?"}  # every other zone's name fits a cell


def plan_days_text(plans: list, today: date) -> str:
    """``plan --days N``: a week at a time as a grid (exercises down, days across, each cell
    the dose, "done", or a dot where the day has none of it) when it fits the terminal's
    width, otherwise a block per day. Days after today are a projection."""
    weeks = [plans[i : i + GRID_DAYS] for i in range(0, len(plans), GRID_DAYS)]
    grids = [_grid(week) for week in weeks]
    if all(terminal.shown_width(line) <= terminal.width() for grid in grids for line in grid):
        parts = [line for grid in grids for line in [*grid, ""]][:-1]
        notes = []
        if any(_each_side(item) for plan in plans for item in plan["items"]):
            notes.append("* each side")
        if any(plan["zone"] == "unknown" for plan in plans):
            notes.append("? zone unknown: no recent morning score, planned as amber")
        if notes:
            parts += ["", *notes]
    else:
        parts = [line for plan in plans for line in [*_day_block(plan), ""]][:-1]
    if any(p.get("projection") for p in plans):
        parts.append(
            "~ a projection: it assumes every planned item is done and soreness stays as it is."
        )
    return "\n".join(parts)


def _each_side(item: dict) -> bool:
    return item["sides"] == ["left", "right"] and item["amount"] is not None


def _cell(item: dict, projection: bool) -> str:
    """One day's cell of an item: ``3x30s``, ``done``, or how far it is (``1/2``)."""
    if not projection and item["done"]:
        return "done"
    if not projection and (item.get("done_sets") or any((item.get("done_sides") or {}).values())):
        return _progress_text(item).replace(" ", "")
    if item["amount"] is None or item["unit"] == "none":
        return "yes"
    unit = GRID_UNITS.get(item["unit"], item["unit"])
    amount = format_number(item["amount"])
    sides = item.get("side_sets")
    if sides and sides["left"] != sides["right"]:
        return f"{sides['left']}/{sides['right']}x{amount}{unit}"
    return f"{item['sets']}x{amount}{unit}"


def _grid(plans: list) -> list:
    """The lines of one week's grid."""
    rows: dict = {}  # (block, exercise) -> {date: item}, in the order the plans give them
    for plan in plans:
        for item in plan["items"]:
            rows.setdefault((item["block"], item["exercise"]), {})[plan["date"]] = item
    names = {}
    for key, days in rows.items():
        item = next(iter(days.values()))
        names[key] = safe(item["name"]) + ("*" if _each_side(item) else "")
    heads = []
    for plan in plans:
        day = date.fromisoformat(plan["date"])
        mark = "~" if plan.get("projection") else ""
        heads.append((day.strftime("%a"), mark + plan["date"][5:]))
    cells = {
        key: [
            _cell(days[p["date"]], p.get("projection")) if p["date"] in days else "·" for p in plans
        ]
        for key, days in rows.items()
    }
    zones = [GRID_ZONES.get(p["zone"], p["zone"]) for p in plans]
    done = [
        "" if p.get("projection") else f"{sum(i['done'] for i in p['items'])}/{len(p['items'])}"
        for p in plans
    ]
    size = max(
        4,
        *(len(c) for row in cells.values() for c in row),
        *(len(h) for pair in heads for h in pair),
        *(len(z) for z in zones),
    )
    left = max(20, *(len(n) + 2 for n in names.values())) if names else 20

    def row(label: str, values: list, paint_as=None) -> str:
        shown = []
        for index, value in enumerate(values):
            text = f"{value:<{size}}"
            style = paint_as(index, value) if paint_as else None
            shown.append(paint(text, style) if style else text)
        return f"{label:<{left}}" + " " + " ".join(shown).rstrip()

    first, last = plans[0]["date"], plans[-1]["date"]
    lines = [
        heading(f"Plan {first} to {last}"),
        row("", [h[0] for h in heads]),
        row("", [h[1] for h in heads]),
        row("Zone", zones, lambda i, v: plans[i]["zone"]),
    ]
    block = None
    for key, values in cells.items():
        if key[0] != block:
            block = key[0]
            lines.append(heading(BLOCK_TITLES.get(block, block)))
        lines.append(row("  " + names[key], values, lambda i, v: "done" if v == "done" else None))
    if any(done):
        lines.append(row("Done", done))
    return [line.rstrip() for line in lines]


def _day_block(plan: dict) -> list:
    """One day of ``plan --days`` on its own: title, zone, and its items with their doses."""
    day = date.fromisoformat(plan["date"])
    mark = "~ " if plan.get("projection") else ""
    title = f"{mark}{day.strftime('%a')} {plan['date']}: {plan['day_type']} day"
    zone = paint(plan["zone"], plan["zone"])
    if not plan.get("projection"):
        done = sum(1 for i in plan["items"] if i["done"])
        zone += f", {done} of {len(plan['items'])} done"
    lines = [f"{heading(title)}, {zone}"]
    width = max((len(safe(item["name"])) for item in plan["items"]), default=0)
    for item in plan["items"]:
        tick = paint("[x]", "done") if item["done"] else "[ ]"
        if plan.get("projection"):
            tick = "-"  # nothing to tick yet
        lines.append(f"  {tick} {safe(item['name']):<{width}}  {_item_dose(item)}".rstrip())
    if not plan["items"]:
        lines.append("  nothing planned")
    return lines


def entry_text(entry: dict, name: str | None = None) -> str:
    """One logged entry on one line: ``#12 2026-11-24 07:14 Glute bridge 1 x 12 reps``."""
    moment = entry["at"][:16].replace("T", " ")
    what = name or entry["exercise"]
    dose = entry_dose(entry)
    parts = [f"#{entry['id']}", moment, what]
    if dose:
        parts.append(dose)
    if entry.get("side") in ("left", "right"):
        parts.append(entry["side"])
    if entry.get("pain") is not None:
        parts.append(f"pain {entry['pain']}")
    if entry.get("note"):
        parts.append(f"({safe(entry['note'])})")
    return " ".join(parts)


def logged_text(entry: dict, name: str, plan: dict, also=()) -> str:
    """The confirmation of a logged set; ``also``: rows logged with it (a run's time)."""
    done = sum(1 for item in plan["items"] if item["done"])
    total = len(plan["items"])
    if plan["zone"] == "paused":
        pause = next((m for m in plan["messages"]), "")
        return f"Logged #{entry['id']}. {pause}"
    side = entry["side"]
    side_text = (
        f", {side} side"
        if side in ("left", "right")
        else (", both sides" if side == "both" else "")
    )
    dose = entry_dose(entry)
    # The plan's per-side dose is logged side by side: each part says its side.
    each = any(row.get("side") != side for row in also)
    what = f"{name} {dose}{f' {side}' if each else ''}".strip()
    for row in also:
        where = f" {row['side']}" if each else ""
        what += (
            f" and {dose_text(row['sets'], row['amount'], row['unit'], [])}{where} (#{row['id']})"
        )
    if each:
        side_text = ""
    return f"Logged #{entry['id']}: {what}{side_text}. Plan for {plan['date']}: {done} of {total} done."


def sore_text(row: dict) -> str:
    side = f" ({row['side']})" if row.get("side") else ""
    return f"Logged soreness s{row['id']}: {row['score']}/10 {row['timing']}{side} on {row['day']}."


def soreness_text(row: dict) -> str:
    """One soreness score on one line: ``s3 2026-11-24 06:45 soreness 4/10 morning``."""
    side = f" {row['side']}" if row.get("side") else ""
    note = f" ({safe(row['note'])})" if row.get("note") else ""
    return f"s{row['id']} {row['at'][:16].replace('T', ' ')} soreness {row['score']}/10 {row['timing']}{side}{note}"


# --- red flags ---------------------------------------------------------------------------------

# How a raised flag opens: the most pressing are unmistakable.
FLAG_OPENINGS = {
    "emergency": "EMERGENCY",
    "urgent": "URGENT",
    "routine": "See a professional",
    "watch": "Symptom to watch",
}


def flag_what(flag: dict, names: dict) -> str:
    """A flag's symptom in plain words, with the exercise's name for tingling."""
    exercise = flag.get("exercise")
    what = _redflags().label(
        flag["symptom"], names.get(exercise, exercise), flag.get("side"), flag.get("place")
    )
    return f"{what} (suspected, from a note)" if flag.get("suspected") else what


def flag_line(flag: dict, names: dict) -> str:
    """``f3 2026-11-24 numbness in the saddle area (emergency)``."""
    until = f", set aside until {flag['until']}" if flag.get("until") else ""
    return f"f{flag['id']} {flag['day']} {flag_what(flag, names)} ({flag['tier']}{until})"


def flag_raised_text(flag: dict, names: dict, easier: str | None = None) -> str:
    """What `flag` prints when a flag is raised: the advice first, in one or two lines."""
    from glutelog.stdlib import timedelta

    symptom = _redflags().BY_SLUG.get(flag["symptom"])
    why = symptom["why"] if symptom else ""
    recorded = f"Recorded as f{flag['id']} on {flag['day']}."
    if flag["tier"] == "exercise":
        back = (date.fromisoformat(flag["until"]) + timedelta(days=1)).isoformat()
        name = names.get(flag["exercise"], flag["exercise"])
        instead = f"use {easier} instead" if easier else "leave it out"
        return (
            f"Stop {name}: it caused tingling or shooting pain. It is set aside until "
            f"{flag['until']} (back on {back}); {instead}.\n{why} {recorded}"
        )
    what = flag_what(flag, names)
    first = f"{FLAG_OPENINGS[flag['tier']]}: {what}. {_redflags().TIERS[flag['tier']]}"
    if flag["tier"] in _redflags().PAUSING:
        recorded += " Your plan is paused until you clear it: glutelog flag --clear"
    if flag["tier"] == "watch":
        recorded += (
            " If it spreads or comes with weakness, that is urgent: "
            "glutelog flag spreading-numbness"
        )
    return f"{first}\n{why} {recorded}"


# The tiers whose advice is framed and coloured: they send the person somewhere today.
ALERT_TIERS = ("emergency", "urgent")


def alert(text: str, tier: str) -> str:
    """What a raised flag says, framed and in red when its tier sends the person to a
    clinician (an emergency, an urgent sign), its opening word in bold; other tiers as they
    are. The frame fits the terminal; its lines are wrapped inside it. Framed on a terminal
    only (see ``terminal.decide``)."""
    if tier not in ALERT_TIERS or not terminal.framed():
        return paint(text, "emergency") if tier == "emergency" else text
    style = "emergency" if tier == "emergency" else "red"
    lines = terminal.frame(text.split("\n"), style=lambda edge: paint(edge, style))
    opening = FLAG_OPENINGS[tier]
    if _color:
        lines = [line.replace(opening, paint(opening, "emergency"), 1) for line in lines]
    return "\n".join(lines)


def flag_list_text(in_force: list, names: dict) -> str:
    """`glutelog flag` alone: every sign by tier with its aliases, then what is in force."""
    lines = ["Warning signs to record with `glutelog flag SIGN` (a name, an alias or a phrase):"]
    for tier, action in _redflags().TIERS.items():
        lines.append("")
        lines.append(f"{heading(tier.capitalize() + ':')} {action}")
        symptoms = [s for s in _redflags().SYMPTOMS if s["tier"] == tier]
        width = max(len(s["slug"]) for s in symptoms)
        for symptom in symptoms:
            lines.append(f"  {symptom['slug']:<{width}}  {_redflags().label(symptom['slug'])}")
            indent = " " * (width + 4)
            lines.extend(wrap(f"{indent}also: {', '.join(symptom['aliases'])}", indent))
    lines.extend(
        wrap(
            "  (tingling during an exercise names it: glutelog flag tingling pigeon; in one "
            "leg, say where: glutelog flag tingling left foot)",
            "  ",
        )
    )
    lines.append("")
    lines.extend(
        wrap(
            "Say it in your own words, e.g. glutelog flag trouble peeing, or glutelog flag had "
            "surgery 6 weeks ago; words that deny a sign (no numbness) record nothing, and "
            "unclear ones are asked about.",
            "",
        )
    )
    lines.append("")
    lines.extend(flags_in_force_lines(in_force, names))
    return "\n".join(lines)


def wrap(text: str, indent: str, width: int | None = None) -> list:
    """Text wrapped between words to this run's width (``terminal.wrap``): a leading indent
    in ``text`` starts the first line, ``indent`` the others."""
    body = text.lstrip(" ")
    return terminal.wrap(body, indent, width, first=text[: len(text) - len(body)])


def flags_in_force_lines(in_force: list, names: dict) -> list:
    if not in_force:
        return ["In force now: none."]
    lines = ["In force now:"]
    lines.extend(f"  {flag_line(flag, names)}" for flag in in_force)
    message = _redflags().pause_message(in_force)
    if message:
        lines.append(message)
    return lines


def flags_cleared_text(cleared: list, still: list, names: dict, symptom: dict | None) -> str:
    """What `flag --clear` prints: the flags it ended, then what is still in force."""
    if not cleared:
        what = f"No {_redflags().label(symptom['slug'])} flag" if symptom else "No flag"
        lines = [f"{what} is in force: nothing to clear."]
    else:
        lines = [f"Cleared {flag_line(flag, names)}." for flag in cleared]
    if still or not cleared:
        lines.extend(flags_in_force_lines(still, names))
    elif _redflags().pauses(cleared):
        lines.append("Nothing else is in force: your plan is back on.")
    return "\n".join(lines)


def flag_history_lines(rows: list, names: dict, first: str, last: str = "9999-12-31") -> list:
    """(moment, text) for each flag raised or cleared from ``first`` to ``last``, for history."""
    lines = []
    for row in rows:
        flag = _redflags().describe(row)
        what = flag_what(flag, names)
        if first <= row["day"] <= last:
            note = f" ({safe(row['note'])})" if row.get("note") else ""
            text = f"f{row['id']} {row['at'][:16].replace('T', ' ')} flag raised: {what}"
            lines.append((row["at"], f"{text} ({flag['tier']}){note}"))
        if row["cleared_at"] is not None and first <= row["cleared_day"] <= last:
            moment = row["cleared_at"][:16].replace("T", " ")
            lines.append((row["cleared_at"], f"f{row['id']} {moment} flag cleared: {what}"))
    return lines


def check_text(result: dict) -> str:
    integrity = (
        result["integrity"] if result["integrity"] == "ok" else "; ".join(result["integrity"][:5])
    )
    return (
        f"{result['path']}\nintegrity: {integrity}\nschema version: {result['schema_version']}\n"
        f"entries: {result['entries']}, soreness scores: {result['soreness']}, settings: {result['settings']}, "
        f"flags: {result['flags']}"
    )


def one_decimal(value) -> str:
    """A report figure for people: one decimal at most (the object keeps it unrounded)."""
    if value is None:
        return "-"
    text = f"{value:.1f}"
    return "0" if text == "-0.0" else (text[:-2] if text.endswith(".0") else text)


def _percent(value) -> str:
    return "-" if value is None else f"{round(value)}%"


def streak_span(report: dict) -> str:
    """``longest 6 in the last 56 days``: the longest streak and the span it was looked for in,
    which for a period in the past ends with that period, not today."""
    streak, period = report["streak"], report["period"]
    days = streak["lookback_days"]
    if period["kind"] == "year":
        span = "these months"
    elif period["end"] < period["today"]:
        span = f"the {days} days to {period['end']}"
    else:
        span = f"the last {days} days"
    return f"longest {streak['longest']} in {span}"


def streak_text(report: dict) -> str:
    """``6 days (longest 6 in the last 56 days)``; ``1 day (...)``."""
    current = report["streak"]["current"]
    return f"{current} day{'' if current == 1 else 's'} ({streak_span(report)})"


def active_text(report: dict) -> str:
    """``7 of 8, 3 in a row (longest 4 in the last 56 days)``: the days with any planned work
    done (rest days too), of the days counted, and their runs; a paused day is in neither."""
    active = report.get("active")
    if active is None:  # a report object from before active days
        return ""
    span = streak_span({**report, "streak": active}).removeprefix("longest ")
    return f"{active['days']} of {active['counted']}, {active['current']} in a row (longest {span})"


def full_days(report: dict) -> tuple[int, int]:
    """(full-plan days, days counted) of the period, counted as active days are: paused days
    are in neither, nor is today while nothing is done yet."""
    weeks = report.get("months") or report["weeks"]
    return sum(row["days_complete"] for row in weeks), report["active"]["counted"]


def _summary(title: str, report: dict) -> list:
    """The opening lines of a report: title, plan done, streaks, active and full-plan days."""
    adherence = report["adherence"]
    lines = [
        heading(title),
        f"Done {adherence['done']} of {plural(adherence['planned'], 'planned item')} "
        f"({_percent(adherence['percent'])}).",
        f"Streak: {streak_text(report)}.",
    ]
    if report.get("active") is not None:
        full, counted = full_days(report)
        lines += [
            f"Active days: {active_text(report)}.",
            f"Full-plan days: {full} of {counted}.",
        ]
    return [*lines, ""]


# Where a period's words differ: "this week", "these months"...
PERIOD_WORDS = {"week": "this week", "year": "in these months"}


def period_text(report: dict, ascii: bool = False) -> str:
    """The terminal report of any period: plan done, a row per day (week), per week or per
    month (year) with a bar of the plan done, a sparkline of morning soreness, the "is it
    helping?" statements, totals per exercise and the warning signs."""
    from glutelog.output import text_charts as charts

    kind = report["period"]["kind"]
    lines = []
    if report.get("pause") and terminal.framed():
        # framed above everything: no figure below matters more
        edge = "paused"
        lines = [*terminal.frame([report["pause"]], style=lambda e: paint(e, edge)), ""]
    elif report.get("pause"):
        lines = [paint(report["pause"], "paused"), ""]
    if kind == "week":
        title = f"Week {report['start']} to {report['end']}"
    else:
        title = report["period"]["label"]
    lines += _summary(title, report)
    if kind == "year":
        lines += _month_lines(report["months"], ascii)
        means = [m["morning_mean"] for m in report["months"]]
        lines.append(f"Mornings by month  {charts.spark(means, ascii=ascii)}  (0-10)")
    elif kind == "weeks" or len(report["days"]) > 31:
        lines += _week_lines(report["weeks"], ascii)
        means = [w["morning_mean"] for w in report["weeks"]]
        lines.append(f"Mornings by week  {charts.spark(means, ascii=ascii)}  (0-10)")
    else:
        lines += _day_lines(report["days"], ascii)
    mornings = [d["morning"] for d in report["days"]]
    # a mark a day fits a line up to about three months
    if any(m is not None for m in mornings) and kind != "year" and len(mornings) <= 92:
        # A mark a day, and never more marks than the line holds: a narrower terminal shows
        # the latest days, and says how many.
        room = terminal.width() - 18 - len("  (0-10)")
        label = "Mornings by day"
        if len(mornings) > room:
            mornings = mornings[-room:]
            label = f"Last {len(mornings)} days"
        lines.append(f"{label:<18}{charts.spark(mornings, ascii=ascii)}  (0-10)")
    km = sum(d["run_km"] for d in report["days"])
    minutes = sum(d["run_minutes"] for d in report["days"])
    if km or minutes:
        lines.append(f"Running: {units.run(km, minutes)}.")
    lines.append("")
    lines.append(heading("Is it helping?"))
    found = report["insight"]
    if report["soreness"]["statement"]:  # the report's one account of soreness
        lines.extend(_indented(report["soreness"]["statement"]))
    for part in ("course", "running", "strength", "sides"):
        lines.extend(_indented(found[part]["statement"]))
    lines.append("")
    where = PERIOD_WORDS.get(kind, "in this period")
    logged = any(d["morning"] is not None or d["after"] is not None for d in report["days"])
    rest = [row for row in report["exercises"] if row["unit"] == "none"]
    empty = "No sets logged" if logged or rest else "Nothing logged"
    lines.extend(
        _exercise_lines(
            [row for row in report["exercises"] if row["unit"] != "none"], f"{empty} {where}."
        )
    )
    if rest:
        lines.append(f"Rest days logged: {sum(row['sets'] for row in rest)}.")
    if report.get("flags"):
        lines.append("")
        lines.append(heading(f"Warning signs {where}:"))
        for flag in report["flags"]:
            cleared = f", cleared {flag['cleared_day']}" if flag["cleared_day"] else ""
            lines.append(
                f"  f{flag['id']} {flag['label']} ({flag['tier']}): flagged {flag['day']}{cleared}"
            )
    for message in report["messages"]:
        lines.append(f"- {message}")
    return "\n".join(lines)


def _day_lines(days: list, ascii: bool) -> list:
    from glutelog.output import text_charts as charts

    lines = [heading(f"{'Day':<9}  {'Items done':<17}  {'Morning':<7}  After session")]
    for row in days:
        day = date.fromisoformat(row["date"])
        if row["counted"]:
            plan = f"{row['done']}/{row['planned']}"
            share = row["done"] / row["planned"] if row["planned"] else None
            done = charts.bar(share, ascii=ascii)
        else:
            plan, done = "-", ""
        plan = f"{plan:<5}"
        if row["counted"] and row["planned"] and row["done"] >= row["planned"]:
            plan = paint(plan, "done")  # a full day, ticked
        morning = "-" if row["morning"] is None else str(row["morning"])
        after = "-" if row["after"] is None else str(row["after"])
        lines.append(
            f"{day.strftime('%a')} {row['date'][5:]}  {plan}  {done:<10}  {morning:<7}  {after}"
        )
    return lines


# The columns of a week's and a month's row, the same in both: what was done of the plan (a
# count and a bar), full days, sets, running and the mean morning score: (header, width, to
# the right). On a narrower terminal the bar, the full days and then the running give way, in
# that order, so that each row stays on one line.
GROUP_COLUMNS = (
    ("Items done", 9, False),
    ("", 10, False),
    ("Full-plan days", 14, False),
    ("Sets", 5, True),
    ("Running", 19, False),
    ("Morning mean", 0, False),
)
GROUP_DROPPED = (1, 2, 4)


def _group_cells(label: str, row: dict, full: str, ascii: bool) -> list:
    """A week's or a month's row, a cell a column (``full``: its full-plan days)."""
    from glutelog.output import text_charts as charts

    if row["days_counted"] and row["planned"]:
        plan = f"{row['done']}/{row['planned']}"
        done = charts.bar(row["done"] / row["planned"], ascii=ascii)
    else:
        plan, done = "-", ""
    run = units.run(row["run_km"], row["run_minutes"])
    sets = "-" if row["sets"] is None else row["sets"]
    return [label, plan, done, full, sets, run, one_decimal(row["morning_mean"])]


def _group_table(label: str, rows: list) -> list:
    """The header and rows of a week or month table, as wide as this run's width allows."""
    # each column as wide as its widest cell, so a long one ("18.6 km in 2 h 40 min") moves
    # the columns after it instead of pushing its own row out of line; every cell is measured
    # once, and a line's width is the sum of its parts'
    texts = [[str(cell) for cell in cells] for cells in rows]
    widths = [[terminal.shown_width(text) for text in cells] for cells in texts]
    columns = [
        (head, max([size, *(cells[i] for cells in widths)]), right)
        for i, (head, size, right) in enumerate([(label, 10, False), *GROUP_COLUMNS])
    ]
    kept = list(range(len(columns)))

    def joined(parts: list, used: int) -> tuple[str, int]:
        text = "  ".join(parts)
        line = text.rstrip()  # what is taken off is spaces, a column each
        return line, used + 2 * (len(parts) - 1) - (len(text) - len(line))

    def line(cells: list, sizes: list) -> tuple[str, int]:
        parts, used = [], 0
        for i in kept:
            head, size, right = columns[i]
            if i == 1 and 2 not in kept:
                size = max(size, len(columns[1][0]))  # the count alone under "Items done"
            pad = " " * max(0, size - sizes[i])
            parts.append(pad + cells[i] if right else cells[i] + pad)
            used += sizes[i] + len(pad)
        return joined(parts, used)

    def header() -> tuple[str, int]:
        parts = []
        for i in kept:
            head, size, right = columns[i]
            if i == 2:
                continue  # "Items done" heads the count and its bar together
            if i == 1:
                size = size + 2 + columns[2][1] if 2 in kept else max(size, len(head))
            parts.append(f"{head:>{size}}" if right else f"{head:<{size}}")
        return joined(parts, sum(map(len, parts)))

    for drop in (None, *(i + 1 for i in GROUP_DROPPED)):
        if drop is not None:
            kept.remove(drop)
        shown = [
            header(),
            *(line(cells, sizes) for cells, sizes in zip(texts, widths, strict=True)),
        ]
        if max(used for _, used in shown) <= terminal.width():
            break
    return [heading(shown[0][0]), *(text for text, _ in shown[1:])]


def _week_lines(weeks: list, ascii: bool) -> list:
    rows = []
    for row in weeks:
        # a paused day is in neither count (see period_report._complete)
        full = (
            f"{row['days_complete']}/{row['days_counted'] - row.get('days_paused', 0)}"
            if row["days_counted"]
            else "-"
        )
        rows.append(_group_cells(row["start"], row, full, ascii))
    return _group_table("Week of", rows)


def _indented(text: str) -> list:
    """A statement under a heading: indented, wrapped, its later lines indented further."""
    return wrap("  " + text, "    ") if text else []


def signed(value: float) -> str:
    text = one_decimal(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def _exercise_lines(exercises: list, empty: str) -> list:
    if not exercises:
        return [empty]
    lines = [heading("Exercise                     Sets  Total")]
    for row in exercises:
        total = units.total(row)
        sides = ""
        if row["left"] is not None:
            left, right = (units.quantity(row[side], row["unit"]) for side in ("left", "right"))
            sides = f"  (left {left}, right {right})"
        line = f"{row['name'][:28]:<28} {row['sets']:>5}  {total}"
        if sides and terminal.shown_width(line + sides) > terminal.width():
            # too wide for one line: the sides go under the total, whole, not broken mid-way
            sides = sides.strip()
            under = 36 if 36 + terminal.shown_width(sides) <= terminal.width() else 4
            lines += [line, " " * under + sides]
        else:
            lines.append(line + sides)
    return lines


def _empty_month(row: dict) -> bool:
    return not row["planned"] and not row["sets"] and row["morning_mean"] is None


def _month_lines(months: list, ascii: bool) -> list:
    lines = []
    quiet = 0  # months before anything was logged are one line, not a column of dashes
    while quiet < len(months) and _empty_month(months[quiet]):
        quiet += 1
    if quiet:
        span = (
            months[0]["month"]
            if quiet == 1
            else f"{months[0]['month']} to {months[quiet - 1]['month']}"
        )
        lines.append(f"{span}: nothing logged")
    rows = []
    for row in months[quiet:]:
        full = f"{row['days_complete']}/{row['days_planned']}" if row["planned"] else "-"
        rows.append(_group_cells(row["month"], row, full, ascii))
    top, *table = _group_table("Month", rows)
    return [top, *lines, *table]


def rules_text(rules: dict) -> str:
    """One line per rule: name, value, source."""
    width = max(len(name) for name in rules)
    return "\n".join(
        f"{heading(f'{name:<{width}}')}  {value!s:<8}  {source}"
        for name, (value, source) in rules.items()
    )


def exercise_list(exercises: list) -> str:
    width = max(len(e["slug"]) for e in exercises) if exercises else 0
    lines = []
    for e in sorted(exercises, key=lambda e: (e["block"], e["slug"])):
        dose = dose_text(
            e["sets"], e["amount"], e["unit"], ["left", "right"] if e["per_side"] else []
        )
        lines.append(f"{e['slug']:<{width}}  {e['kind']:<14} {e['block']:<9} {dose}")
    return "\n".join(lines)


def exercise_detail(e: dict) -> str:
    lines = [f"{e['name']} ({e['slug']})"]
    if e["aliases"]:
        lines.append(f"Also: {', '.join(e['aliases'])}")
    lines.append(f"Kind: {e['kind']}; block: {e['block']}; works: {', '.join(e['targets']) or '-'}")
    dose = dose_text(e["sets"], e["amount"], e["unit"], ["left", "right"] if e["per_side"] else [])
    if dose:
        lines.append(f"Dose: {dose}")
    if e["easier"] or e["harder"]:
        lines.append(f"Easier: {e['easier'] or '-'}; harder: {e['harder'] or '-'}")
    lines.append(f"Cue: {e['cue']}")
    if e["steps"]:
        lines.append("Steps:")
        lines.extend(f"  {i}. {step}" for i, step in enumerate(e["steps"], 1))
    if e["cautions"]:
        lines.append("Cautions:")
        lines.extend(f"  - {c}" for c in e["cautions"])
    return "\n".join(lines)


def config_text(rows: list) -> str:
    """Each setting on a line (``(default)`` when not set) with what it allows and its help below."""
    width = max(len(row["key"]) for row in rows)
    lines = []
    for row in rows:
        mark = ""
        if row["ignored"] is not None:
            mark = f"  (default: the stored value {safe(repr(row['ignored'][:40]))} is not valid)"
        elif row["default"]:
            mark = "  (default)"
        key = heading(f"{row['key']:<{width}}")
        lines.append(f"{key}  {row['value']}{mark}")
        lines.append(f"{'':<{width}}  {row['allowed']}. {row['help']}")
    return "\n".join(lines)


# --- status line -------------------------------------------------------------------------------

SHORT_UNITS = {"reps": "", "seconds": "s", "minutes": "min", "lengths": " lengths", "km": "km"}


def status_text(summary: dict, suspected: bool = False) -> str:
    """``glutelog 3/7 amber · next: pigeon 3x30s/side``: one line for a prompt or a status bar;
    ``suspected``: what pauses the plan is a warning sign heard in a note, not yet answered."""
    state = summary["state"]
    if state == "no-database":
        return "glutelog · no log yet"
    if state == "error":
        return "glutelog ? cannot read the log: glutelog check"
    if state == "paused":
        if suspected:
            return (
                f"glutelog {paint('PAUSED', 'paused')} · suspected warning sign from a note: "
                "glutelog flag"
            )
        return f"glutelog {paint('PAUSED', 'paused')} · red flag in force: glutelog flag"
    zone = paint(summary["zone"], summary["zone"])
    if state == "rest":
        return f"glutelog {zone} · rest day"
    count = f"{summary['done']}/{summary['planned']}"
    if state == "done":
        return f"glutelog {paint(count, 'done')} {zone} · all done"
    return f"glutelog {count} {zone} · next: {next_text(summary['next'])}"


def next_text(item: dict) -> str:
    """``pigeon 3x30s/side``, ``pigeon 2x30s right``, ``bridge 1x12``, or just the name."""
    name = safe(item["short"])
    if item["amount"] is None or item["unit"] == "none":
        return name
    unit = SHORT_UNITS.get(item["unit"], f" {item['unit']}")
    amount = format_number(item["amount"])
    if item["unit"] == "km":
        unit, amount = distance_label(), distance_text(item["amount"], unit=False)

    def dose(sets):
        return f"{sets}x{amount}{unit}"

    sides = item["side_sets"]
    if sides is None:
        return f"{name} {dose(item['sets'])}" if item["sets"] else name
    if sides["left"] == sides["right"]:
        return f"{name} {dose(sides['left'])}/side"
    due = [side for side in ("left", "right") if sides[side]]
    if len(due) == 1:
        return f"{name} {dose(sides[due[0]])} {due[0]}"
    return f"{name} {dose(sides['left'])} left, {dose(sides['right'])} right"
