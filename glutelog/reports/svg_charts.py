"""The physio page's charts, as inline SVG: soreness over the zone bands, weekly volume, and the
left and right sides. Imported only by ``report --html``.

The bar charts are drawn with pygal rather than matplotlib (the soreness chart by hand, see
``soreness_chart``). Measured on a 2-core machine in a fresh
virtualenv: matplotlib with numpy, pillow, fonttools and friends adds about 173 MB to
site-packages and takes ~760 ms to import (over a second on first use, while it builds its font
cache) and ~60 ms per chart; pygal adds about 1.5 MB, imports in ~80 ms and draws a chart in
~8 ms. Both write SVG without a browser; pygal's is plain elements and CSS, which we can clean.

A page that must open from a USB stick carries nothing from elsewhere, so every pygal chart goes
through ``_inline``: pygal's comments (which name its web site), its script (a JSON copy of the
configuration, which needs JavaScript anyway) and the SVG namespace URI (HTML5 needs no xmlns
on inline SVG) are removed. Text (exercise names, dates) is escaped by the XML serialiser, and
in the hand-drawn chart by ``html.escape``.
"""

from __future__ import annotations

import pygal
from pygal.etree import etree as _pygal_etree
from pygal.style import Style

from glutelog.rules import rule
from glutelog.stdlib import date

# pygal uses lxml when it is installed; the clean-up below works on the standard library's tree.
_pygal_etree.to_etree()
_pygal_etree.lxml = False

INK = "#1d2733"
MORNING = "#1f4e79"
AFTER = "#8a3b12"
LEFT = "#2f6f9f"
RIGHT = "#c0762b"
SETS = "#3c7d5a"
RUN = "#7a5195"
ZONE_COLOURS = {"green": "#cfeccb", "amber": "#fbe5a8", "red": "#f6bfae", "flare": "#e58f8f"}


def zone_bands() -> list:
    """(zone, lowest score, highest score) on the 0-10 scale, from the planner's own limits:
    a morning above green_max is amber, from red_min red, from flare_min a flare."""
    return [
        ("green", 0, rule("green_max")),
        ("amber", rule("green_max") + 1, rule("red_min") - 1),
        ("red", rule("red_min"), rule("flare_min") - 1),
        ("flare", rule("flare_min"), 10),
    ]


def _style(colours: tuple, scale: float = 1.0, values: str = INK) -> Style:
    """The house style; ``scale`` enlarges the text of a chart drawn narrow on the page."""
    return Style(
        background="white",
        plot_background="white",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle="#6b7785",
        opacity="1",
        opacity_hover="1",
        colors=colours,
        font_family="Helvetica, Arial, sans-serif",
        value_colors=(values,) * len(colours),
        label_font_size=round(13 * scale),
        major_label_font_size=round(13 * scale),
        legend_font_size=round(14 * scale),
        value_font_size=round(12 * scale),
        value_label_font_size=round(12 * scale),
        title_font_size=round(14 * scale),
        no_data_font_size=round(14 * scale),
        tooltip_font_size=round(12 * scale),
    )


def _inline(chart, name: str, label: str) -> str:
    """The chart as an <svg> element for an HTML page, with no reference to anything outside."""
    import xml.etree.ElementTree as ET

    chart.uuid = name  # a stable id: the same report gives the same page
    root = chart.render_tree()
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag is ET.Comment or child.tag in ("script", "title"):
                parent.remove(child)
    root.attrib.pop("xmlns", None)
    root.set("role", "img")
    root.set("aria-label", label)
    return ET.tostring(root, encoding="unicode")


# The soreness chart is drawn by hand rather than with pygal: it needs shapes that tell the two
# kinds of score apart without colour, patterned and labelled bands, axis titles, and classes
# the page's stylesheet can recolour for a dark screen; its text is sized for the width it is
# drawn at (a wide copy for a desktop and paper, a narrow one for a phone).
WIDE = {"width": 900, "height": 280, "font": 14}
NARROW = {"width": 360, "height": 300, "font": 12}
BAND_MARKS = {"green": None, "amber": "dots", "red": "hatch", "flare": "cross"}


def soreness_chart(days: list, size: dict = WIDE, name: str = "soreness") -> str:
    """Morning and after-session scores, day by day, over the green, amber, red and flare bands.

    ``days``: the report's days ({"date", "morning", "after", ...}), oldest first; ``size``:
    WIDE or NARROW; ``name``: the chart's id, unique on the page.
    """
    from html import escape

    width, height, font = size["width"], size["height"], size["font"]
    small = round(font * 0.9)
    left, right = round(font * 3.2), round(font * 4.2)  # y labels and title; the band names
    top, bottom = round(font * 0.8), round(font * 5.6)  # x labels, x title, legend
    plot_w, plot_h = width - left - right, height - top - bottom
    when = [date.fromisoformat(d["date"]) for d in days]
    last = max(len(days) - 1, 1)

    def x(i: float) -> float:
        return round(left + (plot_w * i / last if len(days) > 1 else plot_w / 2), 1)

    def y(v: float) -> float:
        return round(top + plot_h * (10 - v) / 10, 1)

    out = [
        f'<svg viewBox="0 0 {width} {height}" class="chart {name}" role="img" '
        f'aria-label="Soreness, 0 to 10, day by day, over the zone bands" font-size="{font}" '
        'font-family="Helvetica, Arial, sans-serif">',
        "<defs>",
        f'<pattern id="{name}-dots" width="7" height="7" patternUnits="userSpaceOnUse">'
        '<circle cx="3.5" cy="3.5" r="1.1" class="mark" fill="#5a4a1a"/></pattern>',
        f'<pattern id="{name}-hatch" width="7" height="7" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><line x1="0" y1="0" x2="0" y2="7" class="mark" '
        'stroke="#6b2a1a" stroke-width="1"/></pattern>',
        f'<pattern id="{name}-cross" width="7" height="7" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><path d="M0 0V7M0 0H7" class="mark" stroke="#5a1010" '
        'stroke-width="1.2"/></pattern>',
        "</defs>",
    ]
    for zone, low, high in zone_bands():
        upper = min(10, high + 0.5)
        lower = max(0, low - 0.5)
        box = f'x="{left}" y="{y(upper)}" width="{plot_w}" height="{round(y(lower) - y(upper), 1)}"'
        out.append(f'<rect {box} class="band band-{zone}" fill="{ZONE_COLOURS[zone]}"/>')
        if BAND_MARKS[zone]:
            out.append(
                f'<rect {box} class="band-mark" fill="url(#{name}-{BAND_MARKS[zone]})" '
                'opacity="0.45"/>'
            )
        middle = (y(upper) + y(lower)) / 2
        out.append(
            f'<text x="{left + plot_w + 6}" y="{round(middle - 2, 1)}" class="band-name" '
            f'font-size="{small}">{zone}</text>'
            f'<text x="{left + plot_w + 6}" y="{round(middle + small, 1)}" class="band-name" '
            f'font-size="{small}">{low}&#8211;{high}</text>'
        )
    step = 1 if plot_h >= 220 else 2
    for v in range(0, 11, step):
        out.append(
            f'<text x="{left - 6}" y="{round(y(v) + font * 0.35, 1)}" text-anchor="end" '
            f'class="tick">{v}</text>'
        )
    out.append(
        f'<path d="M{left} {top}V{top + plot_h}H{left + plot_w}" class="axis" fill="none" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    for i, text in _day_ticks(when, plot_w / max(len(days) - 1, 1), font):
        anchor = "middle"
        if x(i) - left < len(text) * font * 0.3:
            anchor = "start"
        elif left + plot_w - x(i) < len(text) * font * 0.3:
            anchor = "end"
        out.append(
            f'<path d="M{x(i)} {top + plot_h}v4" class="axis" stroke="{INK}"/>'
            f'<text x="{x(i)}" y="{top + plot_h + font + 4}" text-anchor="{anchor}" '
            f'class="tick">{escape(text)}</text>'
        )
    title_y = top + plot_h + round(font * 2.5)
    out.append(
        f'<text x="{left + plot_w / 2}" y="{title_y}" text-anchor="middle" '
        f'class="axis-title">Date</text>'
        f'<text transform="translate({round(font * 1.1)} {top + plot_h / 2}) rotate(-90)" '
        f'text-anchor="middle" class="axis-title">Soreness (0 none, 10 worst)</text>'
    )
    # The morning line, broken where a morning was not scored.
    runs, run = [], []
    for i, d in enumerate(days):
        if d["morning"] is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(f"{x(i)} {y(d['morning'])}")
    if run:
        runs.append(run)
    path = "".join("M" + "L".join(r) for r in runs if len(r) > 1)
    if path:
        out.append(
            f'<path d="{path}" class="morning-line" fill="none" stroke="{MORNING}" '
            'stroke-width="2.2" stroke-linejoin="round"/>'
        )
    dot = 3.2 if len(days) <= 60 else 2
    for i, (d, day) in enumerate(zip(days, when, strict=True)):
        label = f"{day.day} {day:%b}"
        if d["morning"] is not None:
            out.append(
                f'<circle cx="{x(i)}" cy="{y(d["morning"])}" r="{dot}" class="morning-dot" '
                f'fill="{MORNING}"><title>{label}: morning {d["morning"]}</title></circle>'
            )
        if d["after"] is not None:
            out.append(
                f'<path d="{_triangle(x(i), y(d["after"]), dot * 1.6)}" class="after-mark" '
                f'fill="white" stroke="{AFTER}" stroke-width="1.8">'
                f"<title>{label}: after a session {d['after']}</title></path>"
            )
    legend_y = height - round(font * 0.9)
    out.append(
        f'<path d="M{left} {legend_y - font * 0.35}h{font * 2}" class="morning-line" '
        f'stroke="{MORNING}" stroke-width="2.2"/>'
        f'<circle cx="{left + font}" cy="{legend_y - font * 0.35}" r="{dot}" '
        f'class="morning-dot" fill="{MORNING}"/>'
        f'<text x="{left + font * 2.5}" y="{legend_y}" class="legend">morning, on waking</text>'
    )
    second = left + font * 2.5 + font * 0.55 * 19 + font * 1.5
    out.append(
        f'<path d="{_triangle(second + font * 0.5, legend_y - font * 0.35, dot * 1.6)}" '
        f'class="after-mark" fill="white" stroke="{AFTER}" stroke-width="1.8"/>'
        f'<text x="{second + font * 1.5}" y="{legend_y}" class="legend">after a session</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _triangle(cx: float, cy: float, r: float) -> str:
    """An upward triangle centred on (cx, cy): after-session marks are not dots."""
    return (
        f"M{round(cx, 1)} {round(cy - r, 1)}L{round(cx + r * 0.87, 1)} {round(cy + r * 0.5, 1)}"
        f"L{round(cx - r * 0.87, 1)} {round(cy + r * 0.5, 1)}Z"
    )


def _day_ticks(days: list, per_day: float, font: int) -> list:
    """(index, text) of the days labelled under a chart: the densest of every day, Mondays,
    every other Monday, the first of each month or of every other month whose labels do not
    touch at ``per_day`` units a day."""
    if not days:
        return []
    short = len(days) <= 14
    choices = [
        (lambda i, d: True, (lambda d: f"{d:%a} {d.day}") if short else None),
        (lambda i, d: i % 2 == 0, (lambda d: f"{d:%a} {d.day}") if short else None),
        (lambda i, d: d.weekday() == 0, None),
        (lambda i, d: d.weekday() == 0 and (d.toordinal() // 7) % 2 == 0, None),
        (lambda i, d: d.day == 1, lambda d: f"{d:%b}"),
        (lambda i, d: d.day == 1 and d.month % 2 == 1, lambda d: f"{d:%b}"),
        (lambda i, d: d.day == 1 and d.month % 3 == 1, lambda d: f"{d:%b}"),
    ]
    for keep, words in choices:
        words = words or (lambda d: f"{d.day} {d:%b}")
        picked = [(i, words(d)) for i, d in enumerate(days) if keep(i, d)]
        if not picked:
            continue
        widest = max(len(text) for _, text in picked) * font * 0.6 + font
        gaps = [b[0] - a[0] for a, b in zip(picked, picked[1:], strict=False)] or [len(days)]
        if min(gaps) * per_day >= widest:
            return picked
    return [(0, f"{days[0].day} {days[0]:%b}")]


def volume_chart(values: list, labels: list, what: str, colour: str) -> str:
    """Bars of one measure (sets, or running km) per week, month or day; ``labels`` name them.

    One measure a chart: sets and kilometres have no common scale, and a second axis on the
    same chart prints as odd fractions.
    """
    chart = pygal.Bar(
        style=_style((colour,), scale=1.4, values="white"),
        js=[],
        width=450,
        height=300,
        x_labels=labels,
        x_label_rotation=0 if len(labels) <= 4 else 40,
        show_x_guides=False,
        show_legend=False,
        print_values=len(labels) <= 16,
        print_zeroes=False,
        value_formatter=_number,
        min_scale=3,
        max_scale=6,
        margin=8,
    )
    chart.add(what, [value or 0 for value in values])
    return _inline(chart, f"volume-{what.replace(' ', '-')}", f"{what} per period")


def sides_chart(rows: list) -> str:
    """Each per-side exercise's work split between left and right, as shares of 100%.

    ``rows``: {"name", "unit", "left", "right"} with at least one side above 0. Shares, not
    amounts: seconds of a hold and repetitions of a strength move compare only side to side.
    """
    rows = rows[::-1]  # pygal draws the first bar at the bottom: keep the table's order, top down
    # Drawn narrow with large text, so a phone shows it at a readable size; the page keeps it
    # from growing wider than that on a desktop.
    chart = pygal.HorizontalStackedBar(
        style=_style((LEFT, RIGHT), scale=1.4, values="white"),
        js=[],
        width=450,
        height=max(200, 90 + 50 * len(rows)),
        x_labels=[row["name"] for row in rows],
        range=(0, 100),
        show_x_guides=True,
        show_x_labels=False,  # each share is printed in its bar; a 0-100 scale only crowds
        legend_at_bottom=True,
        print_values=True,
        value_formatter=lambda v: f"{v:.0f}%",
        margin=8,
    )
    shares = [_shares(row["left"], row["right"]) for row in rows]
    chart.add("left", [s[0] for s in shares])
    chart.add("right", [s[1] for s in shares])
    return _inline(chart, "sides", "Share of each exercise done on the left and on the right")


def _shares(left: float, right: float) -> tuple:
    total = (left or 0) + (right or 0)
    return (100 * (left or 0) / total, 100 * (right or 0) / total) if total else (0, 0)


def _number(value) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"
