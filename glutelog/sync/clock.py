"""A hybrid logical clock: when a record last changed, comparable across devices.

A stamp is one integer, the wall clock in milliseconds shifted left by 16 bits plus a counter,
so it sorts as (time, counter) and fits in an SQLite INTEGER. A device's next stamp is later
than both its wall clock and every stamp it has stored or seen, so a change made after seeing
another device's change always wins over it, even with the two clocks minutes apart. The same
rule runs in SQL in the triggers of migration m011 (``SQL_NEXT``), for changes the everyday
commands make without importing this module.
"""

from __future__ import annotations

import time

from glutelog.stdlib import UTC, datetime

SHIFT = 16  # bits of counter: 65,536 changes in one millisecond before the time part moves on

# The next stamp after ``clock`` in SQLite's words: the same as ``tick(clock, now)``.
SQL_NOW = "(CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) << 16)"
SQL_NEXT = f"max(clock + 1, {SQL_NOW})"


def wall_ms() -> int:
    return time.time_ns() // 1_000_000


def tick(last: int, now_ms: int | None = None) -> int:
    """The stamp of a change made now, after ``last`` (the newest stamp this device knows).

    >>> tick(0, 1000) == 1000 << 16
    True
    >>> tick(tick(0, 1000), 1000) - tick(0, 1000)  # same millisecond: the counter moves
    1
    """
    now = wall_ms() if now_ms is None else now_ms
    return max(last + 1, now << SHIFT)


def seen(last: int, remote: int) -> int:
    """What this device knows after reading ``remote``: later stamps than both follow."""
    return max(last, remote)


def moment(stamp: int) -> str:
    """A stamp as people read it, in UTC to the second: ``2026-12-04 23:30:12 UTC``."""
    when = datetime.fromtimestamp((stamp >> SHIFT) / 1000, UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S UTC")
