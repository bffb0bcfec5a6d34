"""The physio page's charts, as inline SVG: soreness over the zone bands, weekly volume, and the
left and right sides. Imported only by ``report --html``.

The charts are drawn with pygal rather than matplotlib. Measured on a 2-core machine in a fresh
virtualenv: matplotlib with numpy, pillow, fonttools and friends adds about 173 MB to
site-packages and takes ~760 ms to import (over a second on first use, while it builds its font
cache) and ~60 ms per chart; pygal adds about 1.5 MB, imports in ~80 ms and draws a chart in
~8 ms. Both write SVG without a browser; pygal's is plain elements and CSS, which we can clean.

A page that must open from a USB stick carries nothing from elsewhere, so every chart goes through
``_inline``: pygal's comments (which name its web site), its script (a JSON copy of the
configuration, which needs JavaScript anyway) and the SVG namespace URI (HTML5 needs no xmlns
on inline SVG) are removed. Text (exercise names, dates) is escaped by the XML serialiser.
"""

from __future__ import annotations

from datetime import date

import pygal
from pygal.etree import etree as _pygal_etree
from pygal.style import Style

from glutelog.rules import rule

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
        tooltip_font_size=12,
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


def _day_labels(days: list) -> list:
    """Which days get a label under a soreness chart: all of a week or two, else Mondays, else
    the first of each month."""
    if len(days) <= 14:
        return list(range(len(days)))
    first = 0 if len(days) <= 120 else 1
    picked = [i for i, d in enumerate(days) if (d.weekday() == 0 if first == 0 else d.day == 1)]
    return picked or [0]


def _day_text(day: date, short: bool) -> str:
    return f"{day:%a} {day.day}" if short else f"{day.day} {day:%b}"


def soreness_chart(days: list) -> str:
    """Morning and after-session scores, day by day, over the green, amber, red and flare bands.

    ``days``: the report's days ({"date", "morning", "after", ...}), oldest first.
    """
    when = [date.fromisoformat(d["date"]) for d in days]
    last = max(len(days) - 1, 1)
    many = len(days) > 60
    ticks = _day_labels(when)
    short = len(days) <= 14
    chart = pygal.XY(
        style=_style(tuple(ZONE_COLOURS[z] for z, *_ in reversed(zone_bands())) + (MORNING, AFTER)),
        js=[],
        width=900,
        height=340,
        range=(0, 10),
        xrange=(0, last),
        y_labels=list(range(11)),
        x_labels=ticks,
        x_value_formatter=lambda i: _day_text(when[int(i)], short) if 0 <= i < len(when) else "",
        x_label_rotation=0 if len(ticks) <= 10 else 30,
        show_x_guides=False,
        show_y_guides=False,
        legend_at_bottom=True,
        legend_at_bottom_columns=6,
        dots_size=2 if many else 4,
        margin=8,
    )
    # Each band is an area filled down to 0, drawn from the top one down, so each shows above
    # the next; a band reaches halfway to the next whole score.
    for zone, low, high in reversed(zone_bands()):
        top = 10 if zone == "flare" else high + 0.5
        chart.add(
            f"{zone} {low}-{high}",
            [(0, top), (last, top)],
            fill=True,
            show_dots=False,
            stroke_style={"width": 0},
        )
    chart.add(
        "morning",
        [(i, d["morning"]) for i, d in enumerate(days)],
        allow_interruptions=True,
        stroke_style={"width": 2.5},
    )
    chart.add(
        "after a session",
        [(i, d["after"]) for i, d in enumerate(days) if d["after"] is not None],
        stroke=False,
    )
    return _inline(chart, "soreness", "Soreness, 0 to 10, day by day, over the zone bands")


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
    chart = pygal.HorizontalStackedBar(
        style=_style((LEFT, RIGHT), values="white"),
        js=[],
        width=900,
        height=max(160, 60 + 44 * len(rows)),
        x_labels=[row["name"] for row in rows],
        range=(0, 100),
        show_x_guides=True,
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
