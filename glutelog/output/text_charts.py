"""Small text charts for the terminal report: a sparkline of soreness scores and a bar of the
share of the plan done, in Unicode blocks or, with ``ascii=True``, plain ASCII.

Plain text only: colour, where there is any, is the terminal renderer's business.
"""

from __future__ import annotations

SPARKS = "▁▂▃▄▅▆▇█"
ASCII_SPARKS = "_.-~=+*#"
EIGHTHS = " ▏▎▍▌▋▊▉"


def spark(values: list, top: float = 10, ascii: bool = False) -> str:
    """One character per value on a 0..``top`` scale; a missing value is a blank (or a dot).

    Example: ``spark([0, 5, 10, None]) == "▁▅█·"``.
    """
    levels = ASCII_SPARKS if ascii else SPARKS
    gap = " " if ascii else "·"
    out = []
    for value in values:
        if value is None:
            out.append(gap)
            continue
        share = min(max(value / top, 0), 1) if top else 0
        out.append(levels[round(share * (len(levels) - 1))])
    return "".join(out)


def bar(share: float | None, width: int = 10, ascii: bool = False) -> str:
    """A bar ``width`` cells long filled to ``share`` (0..1), in eighths of a cell; None (nothing
    planned) is an empty string. Example: ``bar(0.5, 4) == "██  "``."""
    if share is None:
        return ""
    share = min(max(share, 0), 1)
    if ascii:
        filled = round(share * width)
        return "#" * filled + "." * (width - filled)
    eighths = round(share * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return text + " " * (width - len(text))
