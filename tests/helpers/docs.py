"""The README and the pages under docs/, read by the tests that hold them to the code."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def text(page: str) -> str:
    """A page by its path from the project root: "README.md", "docs/planning.md"..."""
    return (ROOT / page).read_text(encoding="utf-8")


def headings(markdown: str) -> list[tuple[int, str, int]]:
    """(level, title, offset) of every heading outside code blocks."""
    found, fenced, offset = [], False, 0
    for line in markdown.splitlines(keepends=True):
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.+?)\s*$", line)):
            found.append((len(match.group(1)), match.group(2), offset))
        offset += len(line)
    return found


def section(page: str, title: str) -> str:
    """The text under a heading, up to the next heading of the same or a higher level."""
    markdown = text(page)
    found = headings(markdown)
    for index, (level, name, offset) in enumerate(found):
        if name == title:
            end = next((o for lv, _, o in found[index + 1 :] if lv <= level), len(markdown))
            return markdown[offset:end]
    raise AssertionError(f"no heading {title!r} in {page}")


def anchor(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
