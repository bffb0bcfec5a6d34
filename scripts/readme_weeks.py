"""The `report --weeks 8` example in docs/reference.md: eight weeks of made-up history for a
runner whose mornings ease from about 6 to 1, logged through glutelog's own actions into a
scratch database, then the report as of 2026-11-26 20:00. Usage: .venv/bin/python scripts/readme_weeks.py
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from datetime import date, datetime, timedelta

NOW = datetime(2026, 11, 26, 20).astimezone()
START = date(2026, 9, 29)


def main() -> int:
    work = tempfile.mkdtemp()
    os.environ["GLUTELOG_CACHE_DIR"] = os.path.join(work, "cache")
    db = os.path.join(work, "glutelog.db")
    from glutelog.commands import entries, views

    rng = random.Random(3)
    day, count = START, 0
    while day < NOW.date():

        def at(hour: int, day=day) -> str:
            return datetime(day.year, day.month, day.day, hour).astimezone().isoformat()

        score = max(0, min(10, max(0, 6 - count // 9) + rng.choice([-1, 0, 0, 1])))
        entries.sore(db=db, score=str(score), morning=True, at=at(6), now=NOW)
        if rng.random() < 0.85:  # most of the plan on most days; the left side a little more
            plan = json.loads(views.plan(db=db, day=day.isoformat(), as_json=True, now=NOW))
            for item in plan["items"]:
                if item["amount"] is None:
                    entries.done(db=db, exercise=item["exercise"], amount=[], at=at(8), now=NOW)
                    continue
                unit = {"seconds": "s", "minutes": "min"}.get(item["unit"], "")
                side = "left" if item["sides"] == ["left", "right"] and rng.random() < 0.3 else None
                amount = [f"{item['sets']}x{item['amount']}{unit}"]
                entries.done(db=db, exercise=item["exercise"], amount=amount, side=side, at=at(8), now=NOW)  # fmt: skip
        if count % 3 == 1:
            entries.done(db=db, exercise="run", amount=["8km", "45min"], at=at(18), now=NOW)
        day += timedelta(days=1)
        count += 1
    sys.stdout.write("$ glutelog report --weeks 8\n")
    sys.stdout.write(views.report(db=db, weeks="8", now=NOW) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
