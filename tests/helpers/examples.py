"""How many examples a generated (Hypothesis) test tries, decided in one place.

Each generated test names its full count, ``@settings(max_examples=examples(300))``. `make stress`
sets ``GLUTELOG_FULL_EXAMPLES=1``: every generated test then tries its full count, with fresh
random examples on each run. `make test` tries a fifth of it (at least ``FLOOR``, at most the
full count), drawn from a fixed seed, so the everyday suite gives the same answer on every run
while CI still searches the whole budget through `make stress`.
"""

from __future__ import annotations

import os

FULL = os.environ.get("GLUTELOG_FULL_EXAMPLES", "") not in ("", "0")
SHARE = 5  # `make test` tries one example in SHARE
FLOOR = 4  # but never fewer than this


def examples(full: int) -> int:
    """The count to try for a test whose full budget is ``full``: 300 gives 60 in `make test`."""
    if FULL:
        return full
    return min(full, max(FLOOR, full // SHARE))
