"""The terminal the output goes to: how wide it is, whether it takes colour, and text laid out
to fit it (wrapped between words, with hanging indents).

By hand rather than with Rich or textwrap: the everyday commands print through here, and those
imports (Rich, or ``re`` under textwrap) would cost more than the commands themselves. The width
and the colour are decided once per run, at the edge (``cli/entry.py``); until then (tests that
call the Typer app directly) the output is laid out for 80 columns without colour.

>>> fit("Your plan is paused until you clear it: glutelog flag --clear", 30).split("\\n")
['Your plan is paused until you', '  clear it: glutelog flag', '  --clear']
"""

from __future__ import annotations

import os
import sys

from glutelog import errors

# Text that does not go to a terminal (a pipe, a file) is laid out for this many columns, the
# width of a classic terminal; below NARROWEST, words could no longer be kept whole.
DEFAULT_WIDTH = 80
NARROWEST = 20

_width = DEFAULT_WIDTH
_color = False
_framed = False
_ascii = False


class Verbatim(str):
    """Output that is already laid out, or is data (JSON, a path, the status line): printed as
    it is, never wrapped to the terminal's width."""


def _on(value: str | None) -> bool:
    # Set to anything but "" or "0" (the CLICOLOR_FORCE convention; FORCE_COLOR=0 is read the
    # same way, as Node reads it).
    return bool(value) and value != "0"


def color_wanted(stream=None, environ=None) -> bool:
    """Whether to colour the output. ``NO_COLOR`` (any non-empty value, as no-color.org asks)
    always wins; then ``FORCE_COLOR`` or ``CLICOLOR_FORCE`` turn colour on even in a pipe;
    otherwise ``CLICOLOR=0``, ``TERM=dumb``, a pipe or a file turn it off.

    >>> color_wanted(open(os.devnull), {"FORCE_COLOR": "1"})
    True
    """
    environ = os.environ if environ is None else environ
    if environ.get("NO_COLOR"):
        return False
    if _on(environ.get("FORCE_COLOR")) or _on(environ.get("CLICOLOR_FORCE")):
        return True
    if environ.get("CLICOLOR") == "0" or environ.get("TERM") == "dumb":
        return False
    return is_terminal(sys.stdout if stream is None else stream)


def is_terminal(stream) -> bool:
    """Whether ``stream`` is a terminal (False for anything that cannot say)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def columns(stream=None, environ=None) -> int:
    """The width to lay text out for: ``COLUMNS`` when set (as ``shutil`` reads it), the
    terminal's width, or 80 when the output is not a terminal."""
    environ = os.environ if environ is None else environ
    value = environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return max(NARROWEST, int(value))
    stream = sys.stdout if stream is None else stream
    if is_terminal(stream):
        try:
            found = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            found = 0
        if found > 0:  # some terminals (a serial line) say 0: then as for a pipe
            return max(NARROWEST, found)
    return DEFAULT_WIDTH


def decide(stream=None, environ=None) -> None:
    """Settle this run's width and colour from the output stream and the environment, and
    whether warnings are framed: on a terminal (``NO_COLOR`` too: the frame is the emphasis
    that is left), or where colour was forced; not in a pipe or a file, where a box would only
    get in the way of whatever reads it. A dumb terminal gets its frame in ``+-|``."""
    global _width, _color, _framed, _ascii
    environ = os.environ if environ is None else environ
    stream = sys.stdout if stream is None else stream
    _width = columns(stream, environ)
    _color = color_wanted(stream, environ)
    _framed = is_terminal(stream) or _color
    _ascii = environ.get("TERM") == "dumb"


def width() -> int:
    """The width this run lays text out for."""
    return _width


def colored() -> bool:
    """Whether this run's output is coloured."""
    return _color


def framed() -> bool:
    """Whether this run frames its warnings (see :func:`decide`)."""
    return _framed


def set_layout(width_: int | None = None, framed_: bool | None = None) -> None:
    """Set the width, and whether warnings are framed, directly (for tests)."""
    global _width, _framed
    if width_ is not None:
        _width = max(NARROWEST, width_)
    if framed_ is not None:
        _framed = framed_


# --- how wide text shows -------------------------------------------------------------------------


def strip_escapes(text: str) -> str:
    """``text`` without its colour codes (ESC [ ... m)."""
    if "\x1b" not in text:
        return text
    head, *pieces = text.split("\x1b[")
    parts = [head]
    for piece in pieces:
        end = piece.find("m")
        parts.append(piece[end + 1 :] if end >= 0 else "\x1b[" + piece)
    return "".join(parts)


# Characters beyond ASCII that glutelog itself prints (bars and day marks, frames, the dot of
# a day without a score, dashes), each one column wide: text made of these and ASCII alone is
# measured by its length, not character by character through unicodedata. Made on first use.
NARROW_MARKS = "·–—…°×✓✗→←↑↓" + "".join(map(chr, range(0x2500, 0x25A0)))
_narrow: dict = {}


def shown_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: colour codes take none, wide characters (CJK,
    most emoji) two, combining marks none.

    >>> shown_width("Mornings ▃▄▂··"), shown_width("日本"), shown_width("\x1b[1mBold\x1b[0m")
    (14, 4, 4)
    """
    text = strip_escapes(text)
    if text.isascii():
        return len(text)
    if not _narrow:
        _narrow.update(dict.fromkeys(map(ord, NARROW_MARKS)))
    if text.translate(_narrow).isascii():
        return len(text)
    import unicodedata  # only for text beyond ASCII: a note in another script, an emoji

    total = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200d\ufe0f":
            continue
        total += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return total


# --- wrapping ------------------------------------------------------------------------------------

# Line openings whose later lines line up after them: bullets and tick boxes.
_MARKERS = ("- ", "* ", "· ", "[ ] ", "[x] ", "~ ")


def hanging_indent(line: str, width: int | None = None) -> str:
    """The indent of a line's continuation: under its last column when it is laid out in
    columns (two spaces or more between them), under the text after a bullet or a tick box,
    otherwise two spaces further in than the line itself."""
    width = _width if width is None else width
    plain = strip_escapes(line)
    body = plain.lstrip(" ")
    lead = len(plain) - len(body)
    # a column that starts early enough to leave room for a few words beside it
    gap = plain.rfind("  ", lead, max(lead, width * 3 // 5))
    if gap > lead:
        column = gap + 2
        while column < len(plain) and plain[column] == " ":
            column += 1
        if column < width * 3 // 5:
            return " " * column
    for marker in _MARKERS:
        if body.startswith(marker):
            return " " * (lead + len(marker))
    return " " * (lead + 2)


def wrap(text: str, indent: str = "", width: int | None = None, first: str = "") -> list:
    """``text`` as lines of at most ``width`` columns (this run's width by default), broken
    between words: the first line starts with ``first``, the others with ``indent``. Spaces
    between words are kept where a line is not broken, so columns stay aligned. A word wider
    than the line (a long path) is never cut: it stands alone on its line.

    >>> wrap("one two three", "  ", 9)
    ['one two', '  three']
    """
    width = _width if width is None else width
    lines: list = []
    line, used = first, shown_width(first)
    start = True  # nothing but the opening on the line yet
    gap = ""
    for token in _tokens(text, width):
        if token == " ":
            gap += " "
            continue
        size = len(token) if token.isascii() and "\x1b" not in token else shown_width(token)
        if not start and used + len(gap) + size > width:
            lines.append(line)
            line, used, start = indent, len(indent), True
        if start:
            gap = ""
        line += gap + token
        used += len(gap) + size
        gap, start = "", False
    if line.strip() or not lines:
        lines.append(line)
    return lines


def _tokens(text: str, width: int):
    """Words and single spaces: ``"a  b"`` gives ``a``, `` ``, `` ``, ``b``; a command to type
    (``glutelog flag --clear``) is one word, so it is never split over two lines, unless it
    is wider than half a line."""
    pieces = _pieces(text)
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        if piece.lstrip("`") == "glutelog":
            end = index
            while end + 2 < len(pieces) and pieces[end + 1] == " ":
                following = pieces[end + 2]
                if following == " " or following[0].isupper() or following[0] in "(\x1b":
                    break
                end += 2
                if following[-1] in ".,;:)`":
                    break
            command = "".join(pieces[index : end + 1])
            if end > index and shown_width(command) <= width // 2:
                yield command
                index = end + 1
                continue
        yield piece
        index += 1


def _pieces(text: str) -> list:
    # str.split rather than a loop over characters: every wrapped line of a report passes here
    pieces: list = []
    for index, part in enumerate(text.split(" ")):
        if index:
            pieces.append(" ")
        if part:
            pieces.append(part)
    return pieces


def fit(text: str, width: int | None = None) -> str:
    """Each line of ``text`` that is wider than ``width`` (this run's width by default)
    wrapped between words, its later lines under a hanging indent; lines that fit, data and
    text marked :class:`Verbatim` are left as they are."""
    if isinstance(text, Verbatim | errors.Exact) or _json(text):
        return text
    width = _width if width is None else width
    lines = text.split("\n")
    if all(len(line) <= width for line in lines) and "\x1b" not in text and text.isascii():
        return text  # the usual case, at the cost of one pass over the lines
    out = []
    for line in lines:
        if shown_width(line) <= width:
            out.append(line)
            continue
        body = line.lstrip(" ")
        lead = line[: len(line) - len(body)]
        out.extend(wrap(body, hanging_indent(line, width), width, first=lead))
    return "\n".join(out)


def table(head: list, rows: list, drop: tuple = (), right: tuple = ()) -> tuple[str, list]:
    """(header, lines) of a table: columns two spaces apart, each as wide as its widest cell
    (colour codes take no room). While it is wider than this run's width, the columns named
    in ``drop`` are left out, in that order (a bar, a detail), so it shrinks to a narrow
    terminal rather than wrapping every row; ``right``: columns aligned to the right.

    >>> table(["Day", "Sets", "Bar"], [["Mon", "2", "##"]], drop=("Bar",), right=("Sets",))
    ('Day  Sets  Bar', ['Mon     2  ##'])
    """
    keep = list(range(len(head)))
    for name in (None, *drop):
        if name is not None and name in head:
            keep.remove(head.index(name))
        sizes = {i: max(shown_width(str(cells[i])) for cells in [head, *rows]) for i in keep}
        if sum(sizes.values()) + 2 * (len(keep) - 1) <= _width:
            break

    def line(cells) -> str:
        parts = []
        for i in keep:
            text = str(cells[i])
            pad = " " * (sizes[i] - shown_width(text))
            parts.append(pad + text if head[i] in right else text + pad)
        return "  ".join(parts).rstrip()

    return line(head), [line(cells) for cells in rows]


def _json(text: str) -> bool:
    # JSON read by programs, however it was put together (a marked text joined to another
    # is a plain str again): no text for people starts with a brace or a bracket and ends
    # with one.
    return text[:1] in ("{", "[") and text.rstrip()[-1:] in ("}", "]")


def frame(lines: list, width: int | None = None, style=None) -> list:
    """``lines`` in a box as wide as the text needs (at most ``width``), each wrapped inside
    it; ``style(text)`` paints the edges. Box-drawing characters where the output takes them,
    ``+-|`` otherwise."""
    width = _width if width is None else width
    inner = width - 4
    body = []
    for line in lines:
        body.extend(wrap(line, "", inner) if line else [""])
    size = max((shown_width(line) for line in body), default=0)
    h, v, corners = _box_parts()
    paint = style or (lambda text: text)
    top = paint(corners[0] + h * (size + 2) + corners[1])
    bottom = paint(corners[2] + h * (size + 2) + corners[3])
    rows = [f"{paint(v)} {line}{' ' * (size - shown_width(line))} {paint(v)}" for line in body]
    return [top, *rows, bottom]


def _box_parts() -> tuple[str, str, str]:
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if not _ascii and encoding in ("utf8", "utf16", "utf32"):
        return "─", "│", "┌┐└┘"
    return "-", "|", "++++"
