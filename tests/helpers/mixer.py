"""Run a random mix of `done`, `undo`, `rm` and `edit` through glutelog's entry point, in one
process, and print one line per command once it has returned: its exit code, the command and
its first line of output.

    python mixer.py DB COUNT SEED HIGHEST_ID

Ids for `rm` and `edit` are drawn from 1 .. HIGHEST_ID plus the ids this process logged, so
several mixers at once keep asking for the same rows. The stress battery checks every
acknowledgement against the database afterwards.
"""

from __future__ import annotations

import contextlib
import io
import random
import re
import sys


def main(argv: list[str]) -> int:
    db, count, seed, highest = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    from glutelog.cli import entry

    rng = random.Random(seed)
    logged: list[int] = []
    for i in range(count):
        pick = rng.random()
        target = str(
            rng.choice(logged) if logged and rng.random() < 0.3 else rng.randint(1, highest)
        )
        if pick < 0.3:
            args = ["done", "bridge", str(rng.randint(5, 15))]
        elif pick < 0.55:
            args = ["undo"]
        elif pick < 0.8:
            args = ["rm", target]
        else:
            args = ["edit", target, "--note", f"m{seed}-{i}"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = entry.main([*args, "--db", db])
        first = (out.getvalue() or err.getvalue()).split("\n", 1)[0]
        if code == 0 and args[0] == "done":
            logged.append(int(re.search(r"#(\d+)", first).group(1)))
        sys.stdout.write(f"{code}\t{' '.join(args)}\t{first}\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
