"""The physio page read as a physio reads it: on a phone, on a dark screen, on paper, and in 30
seconds (issue 21, observations 6 and 7). The page's CSS and SVG are checked for the rules a
browser follows; docs/page-*.png are the same page photographed by headless Chromium
(scripts/page_screenshots.sh)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from conftest import new_entry, ok
from test_report_html import HOSTILE, Page, contract_report

from glutelog.commands import views
from glutelog.planner import redflags
from glutelog.reports import svg_charts as charts
from glutelog.reports import to_html
from glutelog.storage.opening import open_store

PHONE = 390  # px: a common phone's width
PHONE_MARGIN = 16  # px each side: the page's padding at that width (1rem)

FACTS = {
    "name": "Sam Jones",
    "side": "left",
    "programme": [
        {"block": "daily", "name": "Pigeon stretch", "exercise": "pigeon", "sets": 3,
         "amount": 30, "unit": "seconds", "sides": ["left", "right"], "day": "2026-11-29",
         "today": True, "finished": False},
        {"block": "strength", "name": "Glute bridge", "exercise": "glute-bridge", "sets": 2,
         "amount": 14, "unit": "reps", "sides": [], "day": "2026-11-30", "today": False},
    ],
    "variants": [
        {"name": "Clamshell", "used": [("Clamshell", 12), ("Side-lying abduction", 9)],
         "start": "2 x 15 reps", "now": "Side-lying abduction 2 x 10 reps", "days": 21},
    ],
    "notes": [
        {"at": "2026-11-28T18:05:00+00:00", "what": "Glute bridge 2 x 14 reps", "pain": 4,
         "note": f"sharp at the top {HOSTILE}"},
    ],
}  # fmt: skip


@pytest.fixture(scope="module")
def page() -> str:
    """The page of the shared contract report, as the report object alone gives it."""
    return to_html.page(contract_report(), "0.1.0")


@pytest.fixture(scope="module")
def full() -> str:
    """The same page with what the command adds: who, the programme, variants, pain and notes."""
    return to_html.page(contract_report(), "0.1.0", FACTS)


def style(page: str) -> str:
    return re.search(r"<style>(.*?)</style>", page, flags=re.S).group(1)


def at_rule(css: str, prelude: str) -> str:
    """The body of the first at-rule whose prelude matches the regex ``prelude``."""
    found = re.search(prelude + r"[^{]*\{", css)
    assert found, f"no {prelude} rule"
    depth, at = 1, found.end()
    while depth:
        depth += {"{": 1, "}": -1}.get(css[at], 0)
        at += 1
    return css[found.end() : at - 1]


def section(page: str, name: str) -> str:
    """The HTML of <section id=name> up to its own end (sections nest)."""
    start = page.index(f'<section id="{name}"')
    depth, at = 0, start
    for tag in re.finditer(r"<(/?)section\b", page[start:]):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            at = start + tag.end()
            break
    return page[start:at]


def figures(page: str) -> list:
    """(class of the <figure>, its <svg>) for every chart."""
    return re.findall(r'<figure(?: class="([^"]*)")?>\s*(<svg.*?</svg>)', page, flags=re.S)


def view_width(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))


def font_sizes(svg: str) -> list:
    sizes = [float(v) for v in re.findall(r'font-size="([\d.]+)"', svg)]
    return sizes + [float(v) for v in re.findall(r"font-size:\s*([\d.]+)px", svg)]


def soreness_svgs(page: str) -> list:
    """The soreness charts: a wide copy and a narrow one for phones."""
    found = [svg for _, svg in figures(page) if 'class="chart soreness' in svg]
    assert len(found) == 2, "a wide and a narrow soreness chart"
    return found


# --- observation 6: a phone, a dark screen, colour-blind eyes, paper ----------------------------


def test_a_phone_gets_one_column_and_tables_that_stack_or_scroll(page):
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    phone = at_rule(style(page), r"@media \(max-width: (\d+)px\)")
    width = int(re.search(r"@media \(max-width: (\d+)px\)", style(page)).group(1))
    assert width >= PHONE
    one_column = re.search(
        r"\.figures, \.columns, \.pair \{ grid-template-columns: minmax\(0, 1fr\)", phone
    )
    assert one_column, phone
    assert (
        "table.stack, table.stack tbody, table.stack tr, table.stack td { display: block" in phone
    )
    assert "content: attr(data-label)" in phone  # a stacked cell says what it is
    # every table either stacks or scrolls inside its own box, so none runs off the edge
    tables = re.findall(r"(<div class=\"scroll\">)?<table( class=\"stack\")?>", page)
    assert tables and all(wrapped or stacked for wrapped, stacked in tables)
    assert ".scroll { overflow-x: auto;" in style(page)
    # dates and numbers keep to one line; long words break rather than widen the page
    assert "td.day { white-space: nowrap; }" in style(page)
    assert "overflow-wrap: break-word" in style(page)


def test_chart_text_is_at_least_10px_on_a_phone(page):
    """Each chart a phone shows, drawn at the width left by the page's margins, has no text
    under 10 px; the soreness chart has a narrow copy for phones, the wide one is hidden there."""
    shown = PHONE - 2 * PHONE_MARGIN
    phone = [(kind, svg) for kind, svg in figures(page) if "wide-only" not in kind]
    assert len(phone) == 4  # soreness (narrow), sets, running km, left and right
    for _, svg in phone:
        scale = min(1, shown / view_width(svg))
        assert font_sizes(svg), svg[:200]
        assert min(font_sizes(svg)) * scale >= 10, (svg[:120], min(font_sizes(svg)), scale)
    kinds = [kind for kind, svg in figures(page) if 'class="chart soreness' in svg]
    assert kinds == ["wide-only", "phone-only"]
    assert re.search(
        r"\.wide-only \{ display: none; \}", at_rule(style(page), r"@media \(max-width")
    )


def test_a_dark_screen_gets_dark_colours_charts_included(page):
    assert '<meta name="color-scheme" content="light dark">' in page
    dark = at_rule(style(page), r"@media \(prefers-color-scheme: dark\)")

    def brightness(name: str, css: str) -> int:
        colour = re.search(rf"--{name}: #([0-9a-f]{{6}})", css).group(1)
        return sum(int(colour[i : i + 2], 16) for i in (0, 2, 4))

    assert brightness("paper", dark) < 150 < 600 < brightness("ink", dark)
    assert brightness("paper", style(page)) > 600  # light by default, and on paper
    for name in ("green", "amber", "red", "flare", "morning", "after"):
        assert f"--{name}:" in dark
    # the charts take their colours from the page, so the dark scheme recolours them
    for rule in ("svg .band-green { fill: var(--green); }", "svg .morning-dot { fill: var(--morning); }",
                 "svg .after-mark { stroke: var(--after); fill: var(--paper); }", "svg text { fill: var(--ink); }"):  # fmt: skip
        assert rule in style(page)
    assert "svg .background, svg .plot .background { fill: var(--paper) !important; }" in dark


def test_bands_and_marks_read_without_colour(page):
    """Under a colour-vision deficiency the zones and the two kinds of score still differ: the
    bands carry patterns and names, morning scores are dots, after-session scores triangles."""
    for svg in soreness_svgs(page):
        assert re.findall(r'<circle[^>]*class="morning-dot"', svg)
        assert not re.findall(r'<circle[^>]*class="after-mark"', svg)
        triangles = re.findall(
            r'<path d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+L[\d.]+ [\d.]+Z" class="after-mark"', svg
        )
        after = sum(1 for d in contract_report()["days"] if d["after"] is not None)
        assert len(triangles) == after + 1  # and one in the legend
        patterns = re.findall(r'class="band-mark" fill="url\(#([\w-]+)\)"', svg)
        assert len(patterns) == len(set(patterns)) == 3  # amber, red and flare; green is plain
        ids = re.findall(r'<pattern id="([\w-]+)"', svg)
        assert set(patterns) <= set(ids)
        names = re.findall(r'class="band-name"[^>]*>([a-z]+)</text>', svg)
        assert names == [zone for zone, *_ in charts.zone_bands()]
    ids = re.findall(r'<pattern id="([\w-]+)"', page)
    assert len(ids) == len(set(ids))  # two copies of the chart on one page, ids still unique


def test_the_soreness_chart_has_axis_titles_and_a_legend_that_fits(page):
    for svg in soreness_svgs(page):
        titles = re.findall(r'class="axis-title">([^<]+)</text>', svg)
        assert titles == ["Date", "Soreness (0 none, 10 worst)"]
        width = view_width(svg)
        font = float(re.search(r'<svg[^>]*font-size="([\d.]+)"', svg).group(1))
        for x, text in re.findall(
            r'<text x="([\d.]+)" y="[\d.]+" class="legend">([^<]+)</text>', svg
        ):
            assert float(x) + len(text) * font * 0.6 <= width, text  # never cut at the edge
        assert re.findall(r'class="legend">([^<]+)<', svg) == [
            "morning, on waking",
            "after a session",
        ]


@pytest.mark.parametrize("days", [7, 42, 92, 365])
@pytest.mark.parametrize("size", ["WIDE", "NARROW"])
def test_date_labels_never_overlap(days, size):
    size = getattr(charts, size)
    first = date(2025, 12, 1)
    rows = [{"date": (first + timedelta(days=i)).isoformat(), "morning": 3, "after": None}
            for i in range(days)]  # fmt: skip
    svg = charts.soreness_chart(rows, size, "t")
    found = re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)" class="tick">([^<]+)</text>', svg
    )
    lowest = max(float(y) for _, y, _, _ in found)  # the row of dates, under the scores
    ticks = [(float(x), anchor, text) for x, y, anchor, text in found if float(y) == lowest]
    assert len(ticks) >= 2
    spans = []
    for x, anchor, text in ticks:
        wide = len(text) * size["font"] * 0.6
        left = x - {"start": 0, "middle": wide / 2, "end": wide}[anchor]
        spans.append((left, left + wide))
        assert left >= 0 and left + wide <= size["width"], text
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert start >= end, ticks


def test_printed_pages_carry_page_numbers_and_a_running_header(full):
    css = style(full)
    printed = at_rule(css, r"@page")
    assert 'counter(page) " of " counter(pages)' in at_rule(printed, r"@bottom-right")
    header = re.search(r"content: (\"[^\"]*\")", at_rule(printed, r"@top-left")).group(1)
    assert css_string(header) == "Sam Jones \u00b7 Mon 9 Nov 2026 to Sun 29 Nov 2026"
    paper = at_rule(css, r"@media print")
    # page 1 is the summary and the detail follows on: no forced break, which left a page
    # holding one row when the summary ran a little long
    assert "break-before: page" not in css and "page-break-before: always" not in css
    assert "figure svg { max-height: 52mm; }" in paper  # the chart leaves room on page 1
    summary = section(full, "summary")
    for part in ("adherence", "morning", "soreness", "programme", "signs", "variants", "pain"):
        assert f'<section id="{part}"' in summary
    assert '<section id="detail"' not in summary


def css_string(quoted: str) -> str:
    """A CSS string's text: escapes (with the one space that ends each) decoded."""
    return re.sub(r"\\([0-9a-f]{1,6}) ?", lambda m: chr(int(m.group(1), 16)), quoted[1:-1])


def test_no_name_can_break_out_of_the_running_header():
    name = 'Jo "</style><script>x</script>\\'
    text = to_html.page(contract_report(), "0.1.0", {**FACTS, "name": name})
    assert "<script" not in text.lower()
    header = re.search(r"@top-left \{ content: (\"[^\"]*\");", text).group(1)
    assert css_string(header).startswith(name + " \u00b7 ")


# --- observation 7: the 30-second read -----------------------------------------------------------


def test_page_one_says_who_which_side_when_and_how_much_was_done(full):
    summary = Page(section(full, "summary")).words()
    assert "Sam Jones" in summary and "Affected side left" in summary
    assert "Period Mon 9 Nov 2026 to Sun 29 Nov 2026" in summary
    report = contract_report()
    figures_ = Page(section(full, "adherence")).words()
    assert "Streak" not in summary and "streak" not in figures_
    assert (
        f"{report['adherence']['done']} of {report['adherence']['planned']} planned items"
        in figures_
    )


def test_page_one_tells_one_soreness_story(full):
    """The period's mean with its count, and the report's one statement: no second set of
    figures for the period before or the first week, above the detail or in it."""
    report = contract_report()
    summary = Page(section(full, "summary")).words()
    sore = report["soreness"]
    assert "3.4 of 10 mean of 21 morning scores" in summary
    words = Page(full).words()
    assert words.count(sore["statement"]) == 1
    for other in ("5.1", "5.6", "-1.7", "-2.1"):
        assert other not in words.replace(sore["statement"], ""), other


def test_page_one_shows_the_programme_the_variants_and_pain_with_notes(full):
    shown = Page(section(full, "summary"))
    programme = shown.table("Exercise", "Dose", "When")
    assert programme[1:] == [
        ["Stretch and release"],
        ["Pigeon stretch", "3 x 30 s each side", "today"],
        ["Strength"],
        ["Glute bridge", "2 x 14 reps", "next Mon 30 Nov 2026"],
    ]
    variants = shown.table("Exercise", "At the start → now")
    assert variants[1] == [
        "Clamshell",
        "2 x 15 reps → Side-lying abduction 2 x 10 reps (planned as Clamshell on 12 days, "
        "Side-lying abduction on 9 days)",
    ]
    pain = shown.table("When", "What", "Pain", "Note")
    assert pain[1] == [
        "Sat 28 Nov 18:05",
        "Glute bridge 2 x 14 reps",
        "4",
        f"sharp at the top {HOSTILE}",
    ]


def test_warning_signs_say_what_they_call_for_in_plain_words(full):
    words = Page(full).words()
    assert "Tier" not in words and "tier" not in words
    signs = Page(section(full, "signs")).table("Day")
    assert signs[1][1] == (
        "tingling or shooting pain during Pigeon stretch " + redflags.TIERS["exercise"]
    )
    quiet = contract_report()
    quiet["insight"]["flags"] = []
    assert "None recorded in this period." in Page(to_html.page(quiet, "0.1.0")).words()


# --- the command: the whole programme, variants, pain and notes, a year from its first month ----

TUESDAY = datetime(2026, 12, 1, 20, 0).astimezone()


def logged(db_path: str, first: date, last: date, pain_note: bool = True) -> None:
    store = open_store(db_path)
    day = first
    while day <= last:
        iso = day.isoformat()
        store.add_soreness({"at": f"{iso}T07:00:00+00:00", "day": iso, "score": 3,
                            "timing": "morning", "side": None, "note": None})  # fmt: skip
        store.add_entry(new_entry(iso, "pigeon", 2, 30, "seconds", side="left"))
        day += timedelta(days=1)
    if pain_note:  # a strength session the day before: none is due on the last day
        before = (last - timedelta(days=1)).isoformat()
        row = new_entry(before, "glute-bridge", 2, 12, "reps", note="pinch at the top")
        store.add_entry({**row, "pain": 4})
        store.add_entry(new_entry(before, "clamshell", 2, 15, "reps", side="both"))
        store.add_entry(new_entry(before, "lateral-band-walk", 2, 2, "lengths"))
        store.add_soreness({"at": f"{last}T21:00:00+00:00", "day": last.isoformat(), "score": 5,
                            "timing": "after", "side": "left", "note": "stiff after the drive"})  # fmt: skip
    store.close()


def test_the_page_lists_the_whole_programme_on_a_day_without_strength(cli, db_path, tmp_path):
    logged(db_path, TUESDAY.date() - timedelta(days=9), TUESDAY.date())
    from glutelog.commands import config

    ok(cli("config", "name", "Sam  Jones"))
    config.config(key="side", value="left", now=TUESDAY - timedelta(days=9))  # from the start
    target = tmp_path / "page.html"
    views.report(weeks="2", html=str(target), now=TUESDAY)
    text = target.read_text(encoding="utf-8")
    shown = Page(section(text, "summary"))
    assert "Sam Jones" in shown.words() and "Affected side left" in shown.words()
    programme = shown.table("Exercise", "Dose", "When")
    from glutelog import catalog as catalog_mod
    from glutelog import paths

    catalog = catalog_mod.build(paths.builtin_catalog())
    names = [row[0] for row in programme[1:] if len(row) == 3]
    assert len(names) >= len(catalog.routine["daily"]) + len(catalog.routine["strength"])
    strength = programme[programme.index(["Strength"]) + 1 :][: len(catalog.routine["strength"])]
    assert programme[programme.index(["Strength"]) + 1 + len(strength) :][:1] in (
        [],
        [["Recovery"]],
    )
    assert len(strength) == len(catalog.routine["strength"]), programme
    assert all(row[2].startswith("next ") for row in strength), strength  # not due today
    pain = shown.table("When", "What", "Pain", "Note")[1:]
    assert ["Tue 1 Dec 21:00", "soreness after a session (left)", "5", "stiff after the drive"] in [
        [cell for cell in row] for row in pain
    ]
    assert any(row[2] == "4" and row[3] == "pinch at the top" for row in pain), pain


def test_a_year_page_starts_at_the_first_logged_month(db_path, tmp_path):
    logged(db_path, date(2026, 10, 20), TUESDAY.date(), pain_note=False)
    target = tmp_path / "year.html"
    views.report(year=True, html=str(target), now=TUESDAY)
    text = target.read_text(encoding="utf-8")
    months = Page(section(text, "volume")).table("Month")[1:]
    assert [row[0] for row in months] == ["2026-10", "2026-11", "2026-12"]  # no rows of zeros
    for svg in soreness_svgs(text):
        ticks = re.findall(r'class="tick">([^<]*[A-Z][a-z]{2})</text>', svg)
        assert ticks[0].endswith("Oct"), ticks  # from October, the first month logged
        assert not [t for t in ticks if t.endswith(("Jan", "Feb", "Sep"))], ticks


def test_config_name_keeps_a_tidy_name_and_refuses_what_is_not_one(cli):
    assert ok(cli("config", "name", " Sam ", "Jones ")).stdout.startswith("name set to Sam Jones")
    assert ok(cli("config", "name")).stdout == "Sam Jones\n"
    for bad in ("Sam\x1b[2J", "x" * 61, "   "):
        result = cli("config", "name", bad)
        assert (
            result.exit_code == 2 and "name must be a name of up to 60 characters" in result.stderr
        )
    assert ok(cli("config", "name")).stdout == "Sam Jones\n"
    ok(cli("config", "--unset", "name"))
    assert ok(cli("config", "name")).stdout.strip() == ""


def test_a_past_week_shows_the_programme_and_side_as_they_were(db_path, tmp_path):
    """A page of a week before today shows what its days planned, and the side then in force:
    a setting changed since leaves it as it was."""
    from glutelog.commands import config

    logged(db_path, TUESDAY.date() - timedelta(days=16), TUESDAY.date())
    config.config(key="side", value="right", now=TUESDAY - timedelta(days=20))
    config.config(key="side", value="left", now=TUESDAY)
    target = tmp_path / "past.html"
    views.report(
        week=(TUESDAY.date() - timedelta(days=7)).isoformat(), html=str(target), now=TUESDAY
    )
    summary = Page(section(target.read_text(encoding="utf-8"), "summary"))
    assert "Affected side right" in summary.words()
    assert "The programme as the period last planned it" in summary.words()
    whens = [row[-1] for row in summary.table("Exercise", "Dose", "When")[1:] if len(row) == 3]
    assert whens and all(w.startswith("last ") and w.endswith("Nov 2026") for w in whens), whens
