"""Write entries through glutelog's storage API and print each id once its commit returned.

    python writer.py DB COUNT [TAG]

COUNT 0 means "until killed". Every line on stdout is an acknowledged id: the reliability tests
kill this process at random moments and then check that every printed id is in the database.
An error prints one line on stderr and exits with glutelog's exit code for it.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime


def main(argv: list[str]) -> int:
    db, count = argv[0], int(argv[1])
    tag = argv[2] if len(argv) > 2 else f"w{os.getpid()}"
    from glutelog import errors
    from glutelog.storage import opening

    try:
        store = opening.open_store(db)
    except errors.GlutelogError as exc:
        return errors.emit(exc)
    i = 0
    try:
        while count == 0 or i < count:
            now = datetime.now().astimezone()
            row = {
                "at": now.isoformat(timespec="seconds"),
                "day": now.date().isoformat(),
                "exercise": "glute-bridge",
                "sets": 1,
                "amount": 12,
                "unit": "reps",
                "side": None,
                "pain": None,
                "note": f"{tag}-{i}",
            }
            try:
                new_id = store.add_entry(row)
            except errors.GlutelogError as exc:
                return errors.emit(exc)
            sys.stdout.write(f"{new_id}\n")
            sys.stdout.flush()
            i += 1
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
