"""Run glutelog's entry point at an agreed moment, so several processes start together.

    python at_once.py START_EPOCH_SECONDS ARG...

Imports happen first; the process then waits until START (spinning for the last few
milliseconds) and runs ``glutelog.entry.main(ARGS)``, exiting with its code.
"""

from __future__ import annotations

import sys
import time


def main() -> int:
    start = float(sys.argv[1])
    argv = sys.argv[2:]
    from glutelog import catalog  # noqa: F401 - warm imports
    from glutelog.cli import entry

    while (left := start - time.time()) > 0.005:
        time.sleep(left - 0.005)
    while time.time() < start:
        pass
    return entry.main(argv)


if __name__ == "__main__":
    sys.exit(main())
