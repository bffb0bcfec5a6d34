"""`glutelog go`: a guided session through today's plan, on a terminal.

The loop, the timer and the prompts live together here. For every item of today's plan not yet
done it shows the name, cue and dose, counts each hold down (per set and per side, with a rest
between sets and a cue to switch sides) or asks how many reps were done, and logs each finished
set at once through ``entries.done``, the same action as `glutelog done`, so there is one way to
log a set. At the end it asks for the after-session soreness (``entries.sore``) and returns a
summary of what was logged.

Keys during a countdown: Enter ends it now (a hold ended early is logged as held so far), `s`
skips the rest of the exercise, `q` stops the session. Ctrl-C or a closed terminal stops it too:
sets logged before are kept, and a set is never half-written (the signals wait while one is saved).

Rich draws the countdowns; it is imported here only, so no other command pays for it.

Time comes from a clock object, never from sleeps, so tests can drive it. Two test aids choose
the clock: $GLUTELOG_GO_SECONDS scales time (``GLUTELOG_GO_SECONDS=0.01`` makes each second last
0.01 s), and $GLUTELOG_GO_CLOCK names a file holding the session's clock in seconds, which
moves only when the file is rewritten: a countdown then ends exactly when a test says so.
"""

from __future__ import annotations

import math
import os
import select
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from glutelog.catalog import KINDS
from glutelog.commands import entries
from glutelog.commands.session import Session, now_or_clock
from glutelog.errors import BadInput, Interrupted
from glutelog.output import render, units
from glutelog.parsing import UNIT_LABELS, format_amount, format_number, plural
from glutelog.planner.timings import rest_seconds, timing
from glutelog.stdlib import date, datetime, signal

SCALE_VARIABLE = "GLUTELOG_GO_SECONDS"  # a test aid: how long one second of the session lasts
CLOCK_VARIABLE = "GLUTELOG_GO_CLOCK"  # a test aid: a file whose number is the session clock
TIMED_UNITS = ("seconds", "minutes")  # counted down; every other unit is asked for
KEYS_LINE = (
    "Keys: Enter ends a hold or rest now (a hold is logged as held), s skips the rest of an "
    "exercise, q stops. Ctrl-C stops too; every set logged so far is kept."
)
SIDE_NAMES = {"left": "Left", "right": "Right", None: ""}
# Both stop the session; the set being saved when one arrives is finished first.
STOP_SIGNALS = (signal.SIGINT, signal.SIGHUP)


class Skip(Exception):
    """`s`: leave the rest of this exercise."""


class Stop(Exception):
    """`q`: end the session here."""


@dataclass
class Logged:
    """One set saved during the session."""

    name: str
    side: str | None
    amount: str  # as given to `done`: "30 s", "12 reps"


@dataclass
class Guide:
    """One guided session: where it writes, how it times, and what it has logged."""

    db: str | None
    console: object
    keys: Keys
    clock: ScaledClock | FileClock | None = None
    timer: bool = True
    bell: bool = True
    logged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    day: date | None = None  # the day the session started: every set of it counts for it
    clock_now: object = None  # the present moment, a function (tests); None: the real clock

    def moment(self) -> datetime:
        """When a set or score of the session is logged: now, or, once midnight has passed,
        the last second of the day it started, so the session stays one day's plan (a set
        logged on the next day ticked nothing and left the summary at "1 of 7 done").

        >>> Guide(None, None, None, day=date(2026, 12, 2), clock_now=after_midnight).moment()
        datetime.datetime(2026, 12, 2, 23, 59, 59, tzinfo=...)
        """
        now = self.clock_now() if self.clock_now else now_or_clock(None)
        if self.day is None or now.date() <= self.day:
            return now
        last = datetime(self.day.year, self.day.month, self.day.day, 23, 59, 59)
        return last.astimezone(now.tzinfo)

    # --- output -------------------------------------------------------------------------------

    def say(self, text: str = "", style: str | None = None, indent: int = 0) -> None:
        # Catalog text may come from the user's own file: shown safe, never read as markup.
        self.console.print(
            " " * indent + render.safe(text), style=style, markup=False, highlight=False
        )

    def ring(self) -> None:
        # Only while timing: with --no-timer nothing is waited for, so nothing to signal.
        if self.bell and self.timer:
            self.console.bell()

    # --- the loop -----------------------------------------------------------------------------

    def run(self, items: list) -> bool:
        """Guide every item in turn; False when the session was stopped with `q`."""
        for number, item in enumerate(items, 1):
            self.say()
            dose = render.dose_text(item["sets"], item["amount"], item["unit"], item["sides"])
            self.say(f"[{number}/{len(items)}] {item['name']}  {dose}".rstrip(), style="bold")
            self.say(item["cue"], style="italic", indent=6)
            try:
                self.item(item)
            except Skip:
                self.skipped.append(item["name"])
                self.say("Skipped.", style="yellow", indent=6)
            except Stop:
                self.say("Stopped.", style="yellow", indent=6)
                return False
        return True

    def item(self, item: dict) -> None:
        plan = remaining(item)
        timed = item["unit"] in TIMED_UNITS
        first = True
        for side_number, (side, count) in enumerate(plan):
            if side_number:
                self.ring()
                self.say(f"Switch sides: {side} side next.", style="bold magenta", indent=6)
                self.pause("Switch sides", timing("side_switch_seconds"))
            for set_number in range(1, count + 1):
                label = f"{SIDE_NAMES[side]} set" if side else "Set"
                label += f" {set_number} of {count}"
                if set_number > 1:
                    self.pause("Rest", rest_seconds(item))
                if timed and first:
                    where = f": {side} side" if side else ""
                    self.pause(f"Get ready{where}", timing("get_ready_seconds"))
                first = False
                amount = self.hold(label, item) if timed else self.ask(label, item)
                self.log(item, side, amount, label)

    # --- one set ------------------------------------------------------------------------------

    def hold(self, label: str, item: dict) -> float | None:
        """Count one hold down; returns the amount to log, in the item's unit."""
        planned = item["amount"] if item["unit"] == "seconds" else item["amount"] * 60
        if not self.timer:
            return item["amount"]
        held = self.countdown(f"{label}: hold", planned, style="green")
        if held >= planned:
            self.ring()
            return item["amount"]
        whole = math.floor(held)  # never more than was held
        if item["unit"] == "minutes":  # whole seconds, which `done` turns into minutes
            return format_amount(whole, "seconds") if whole else None
        return float(whole) or None

    def ask(self, label: str, item: dict) -> str | None:
        """Ask how much of a set was done; returns what `done` is to read, None for no amount."""
        planned = format_amount(item["amount"], item["unit"])
        if item["unit"] == "none" or item["amount"] is None:
            question = f"{label}: Enter when done, s skips, q stops: "
        else:
            question = f"{label}: {planned}. How many? Enter = {format_number(item['amount'])}, a number, s skips, q stops: "
        while True:
            answer = self.console.input(" " * 6 + question).strip().lower()
            if answer == "s":
                raise Skip
            if answer == "q":
                raise Stop
            if not answer:
                return planned or "done"
            if item["unit"] != "none":
                bare = answer.replace(".", "", 1)
                if bare.isascii() and bare.isdigit():  # a bare number is in the planned unit
                    return f"{answer} {UNIT_LABELS[item['unit']]}"
                return answer
            self.say("Press Enter when done, s to skip or q to stop.", style="yellow", indent=6)

    def log(self, item: dict, side: str | None, amount, label: str) -> None:
        """Save one set through the same action as `glutelog done`."""
        if amount is None:
            self.say("Ended before a whole second was held: not logged.", style="yellow", indent=6)
            return
        shown = amount if isinstance(amount, str) else format_amount(amount, item["unit"])
        while True:
            try:
                with signals_held():
                    text = entries.done(
                        db=self.db,
                        exercise=item["exercise"],
                        amount=None if item["unit"] == "none" else shown,
                        sets="1",
                        side=side,
                        now=self.moment(),
                    )
                    # Counted inside: a Ctrl-C let through afterwards cannot lose the count.
                    self.logged.append(Logged(item["name"], side, shown))
            except BadInput as exc:
                if isinstance(amount, str):  # a typed amount: say why and ask again
                    self.say(exc.message, style="red", indent=6)
                    shown = amount = self.ask(label, item)
                    continue
                raise
            break
        # `done`'s confirmation, shortened to the set and its id; cautions it adds are kept.
        first, *more = text.split("\n")
        number = first.split(":", 1)[0].removeprefix("Logged ")
        self.say(f"{label}: {shown}, logged {number}.", style="green", indent=6)
        for line in more:
            self.say(line, style="yellow", indent=6)

    # --- the timer ----------------------------------------------------------------------------

    def pause(self, label: str, seconds: float) -> None:
        """A rest, a side switch or time to get ready: Enter ends it early."""
        if self.timer and seconds > 0:
            self.countdown(label, seconds, style="cyan")

    def countdown(self, label: str, seconds: float, style: str) -> float:
        """Show ``seconds`` (session seconds) counting down; returns how many went by.

        Enter ends it early, `s` raises Skip, `q` raises Stop."""
        from rich.progress import BarColumn, Progress, TextColumn

        columns = (
            TextColumn(" " * 6 + "{task.description}", markup=False),
            BarColumn(bar_width=30, complete_style=style),
            TextColumn("{task.fields[left]}", markup=False),
        )
        progress = Progress(*columns, console=self.console, transient=True, auto_refresh=False)
        clock = self.clock or ScaledClock()
        with self.keys.single(), progress:
            start = clock.now()  # before add_task, which draws: time shown is time counted
            task = progress.add_task(label, total=seconds, left=_left(seconds))
            while True:
                elapsed = clock.now() - start
                if elapsed >= seconds:
                    return seconds
                progress.update(task, completed=elapsed, left=_left(seconds - elapsed))
                progress.refresh()
                # Wake for the next whole second shown or the end, whichever is first.
                key = self.keys.read(clock.real(min(1 - elapsed % 1, seconds - elapsed)))
                if key is None:
                    continue
                if key in ("\r", "\n"):
                    return elapsed
                if key == "s":
                    raise Skip
                if key == "q":
                    raise Stop

    # --- the end ------------------------------------------------------------------------------

    def soreness(self) -> str | None:
        """Ask for the after-session score (0-10, Enter skips); the confirmation, or None."""
        while True:
            answer = self.console.input("Soreness now, 0-10 (Enter skips): ").strip()
            if not answer or answer.lower() in ("s", "q"):
                return None
            try:
                with signals_held():
                    return entries.sore(db=self.db, score=answer, after=True, now=self.moment())
            except BadInput as exc:
                self.say(exc.message, style="red")


def _left(seconds: float) -> str:
    whole = math.ceil(seconds - 1e-9)
    return f"{whole // 60}:{whole % 60:02d}" if whole >= 60 else f"{whole} s"


def remaining(item: dict) -> list:
    """[(side, sets left)] for a plan item: per side for one-side-at-a-time work, else
    [(None, sets left)]; sets already logged today are not done again (the planner's own
    ``still_to_do``, so `go` asks for what `plan` shows as open)."""
    from glutelog.planner.ticks import still_to_do

    return still_to_do(item)


class Keys:
    """Single key presses from the terminal, without Enter, while a countdown runs."""

    def __init__(self, fd: int):
        self.fd = fd

    @contextmanager
    def single(self):
        import termios
        import tty

        try:
            saved = termios.tcgetattr(self.fd)
            # Keys pressed before the countdown began (during a prompt, say) do not end it.
            termios.tcflush(self.fd, termios.TCIFLUSH)
            tty.setcbreak(self.fd)  # keeps Ctrl-C a signal
        except termios.error as exc:  # the terminal has gone away
            raise EOFError from exc
        try:
            yield
        finally:
            try:
                termios.tcsetattr(self.fd, termios.TCSADRAIN, saved)
            except termios.error:  # the terminal went away meanwhile: nothing to put back
                pass

    def read(self, seconds: float) -> str | None:
        """The key pressed within ``seconds``, lower-cased, or None: none pressed, or only keys
        that mean nothing here (an arrow or function key arrives as one escape sequence and is
        ignored whole, so F2 is never read as its last byte, `q`)."""
        ready, _, _ = select.select([self.fd], [], [], max(0.0, seconds))
        if not ready:
            return None
        data = os.read(self.fd, 64)
        if not data:  # the terminal went away
            raise EOFError
        return first_key(data.decode("utf-8", "replace"))


def first_key(text: str) -> str | None:
    """The first plain key in what one read returned, escape sequences skipped whole.

    >>> first_key("\x1bOQ"), first_key("\x1b[15~s"), first_key("Q")
    (None, 's', 'q')
    """
    i = 0
    while i < len(text):
        char = text[i]
        if char != "\x1b":
            return char.lower()
        i += 1
        if i < len(text) and text[i] in "[O":  # CSI or SS3: parameters, then a final byte
            i += 1
            while i < len(text) and not "@" <= text[i] <= "~":
                i += 1
        i += 1  # the final byte (or the one character after a lone ESC)
    return None


class ScaledClock:
    """Session seconds from the monotonic clock, each lasting ``scale`` real seconds."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def now(self) -> float:
        return time.monotonic() / self.scale

    def real(self, seconds: float) -> float:
        """Real seconds to wait for ``seconds`` of the session (at most 50 wake-ups a second)."""
        return max(0.02, seconds * self.scale)


class FileClock:
    """Session seconds read from a file that a test rewrites: time stands still in between."""

    POLL = 0.02  # real seconds between looks at the file

    def __init__(self, path: str):
        self.path = path
        self.last = 0.0

    def now(self) -> float:
        try:
            with open(self.path, encoding="ascii") as file:
                self.last = float(file.read().strip() or 0)
        except (OSError, ValueError):  # unreadable for a moment: time has not moved
            pass
        return self.last

    def real(self, seconds: float) -> float:
        return self.POLL


@contextmanager
def signals_held():
    """Ctrl-C and a hang-up wait until the set being saved is saved (or not started)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _hang_up(signum, frame):
    raise KeyboardInterrupt


def session_clock() -> ScaledClock | FileClock:
    """The session's clock: real time, or a test aid's (see the module's docstring)."""
    path = os.environ.get(CLOCK_VARIABLE, "").strip()
    if path:
        return FileClock(path)
    text = os.environ.get(SCALE_VARIABLE, "").strip()
    if not text:
        return ScaledClock()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value <= 1:
        raise BadInput(f"{SCALE_VARIABLE} must be a number of seconds above 0 and at most 1")
    return ScaledClock(value)


def go(db=None, no_timer=False, only=None, quiet=False, now=None) -> str:
    """Guide today's plan on the terminal; returns the summary of what was logged."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise BadInput(
            "go guides a session on a terminal; from a script or a pipe, log sets with "
            "`glutelog done`"
        )
    clock = session_clock()
    if only is not None:
        only = only.strip().lower()
        if only not in KINDS:
            raise BadInput(f"--only takes one of {', '.join(KINDS)}, got {only!r}")
    today = now_or_clock(now).date()
    with Session(db) as session:
        plan = session.plan(today)
    if plan["zone"] == "paused":
        return " ".join(plan["messages"]) or "Today's plan is paused by a red flag."
    if plan["day_type"] == "rest":
        return "Today is a rest day: nothing to guide. The plan picks up again tomorrow."
    items = [i for i in plan["items"] if not i["done"] and (only is None or i["kind"] == only)]
    if not items:
        kind = f" of kind {only}" if only else ""
        return f"Nothing{kind} left in today's plan ({render.safe(plan['date'])})."

    from rich.console import Console

    console = Console(highlight=False)
    guide = Guide(db, console, Keys(sys.stdin.fileno()), clock, not no_timer, not quiet)
    guide.day, guide.clock_now = today, (lambda: now) if now is not None else None
    day = f"{plan['date']}, {plan['day_type']} day"
    minutes = units.minutes(sum(i["minutes"] for i in items))
    count = plural(len(items), "item")
    guide.say(f"Guided session for {day}: {count}, about {minutes}.", "bold")
    guide.say(KEYS_LINE, style="dim")
    previous = signal.signal(signal.SIGHUP, _hang_up)
    try:
        finished = guide.run(items)
        score = guide.soreness() if guide.logged else None
    except (KeyboardInterrupt, EOFError, OSError):  # OSError: the terminal was closed
        kept = len(guide.logged)
        sets = "set" if kept == 1 else "sets"
        raise Interrupted(
            f"interrupted after {kept} {sets} logged; they are kept and nothing is half-saved"
        ) from None
    finally:
        signal.signal(signal.SIGHUP, previous)
    return summary(guide, score, db, today, finished)


def summary(guide: Guide, score: str | None, db, today, finished: bool = True) -> str:
    """What was logged: each exercise's sets per side, the soreness score, the plan's progress."""
    if not guide.logged:
        return "Nothing logged."
    lines = [f"Logged {len(guide.logged)} {'set' if len(guide.logged) == 1 else 'sets'}:"]
    groups: dict = {}
    for row in guide.logged:
        groups.setdefault(row.name, {}).setdefault(row.side, []).append(row.amount)
    for name, sides in groups.items():
        parts = []
        for side, doses in sides.items():
            where = f" {side}" if side else ""
            parts.append(f"{_count(doses)}{where}")
        lines.append(f"  {name}: {', '.join(parts)}")
    if guide.skipped:
        lines.append(f"Skipped: {', '.join(guide.skipped)}.")
    if not finished:
        lines.append("Stopped before the end: `glutelog go` again takes up what is left.")
    if score:
        lines.append(score)
    with Session(db) as session:
        plan = session.plan(today)
    done = sum(1 for item in plan["items"] if item["done"])
    lines.append(f"Plan for {plan['date']}: {done} of {len(plan['items'])} done.")
    return "\n".join(lines)


def _count(doses: list) -> str:
    """["30 s", "30 s", "12 s"] -> "2 x 30 s + 1 x 12 s"."""
    counts: dict = {}
    for amount in doses:
        counts[amount] = counts.get(amount, 0) + 1
    return " + ".join(f"{n} x {amount}" for amount, n in counts.items())
