"""Six weeks of a made-up runner's log, for the README's physio-page screenshot.

Usage: python scripts/physio_demo.py FOLDER  (writes FOLDER/demo.db; then, for instance,
GLUTELOG_DB=FOLDER/demo.db glutelog report --weeks 6 --html FOLDER/page.html). The log ends on
2026-12-02, the day the README's screenshot was taken; run it with the clock on that day (faketime)
for the same page.
"""

import json
import os
import random
import sys
from datetime import date, datetime, timedelta

folder = sys.argv[1]
os.environ["GLUTELOG_DB"] = os.path.join(folder, "demo.db")
os.environ["GLUTELOG_CACHE_DIR"] = os.path.join(folder, "cache")
from glutelog.commands import config, entries, views  # noqa: E402  (after the database is chosen)

rng = random.Random(7)
today = date(2026, 12, 2)
start = today - timedelta(days=41)
config.config(key="name", value="Sam Jones", now=datetime(2026, 10, 22, 7, 0).astimezone())
config.config(key="side", value="left", now=datetime(2026, 10, 22, 7, 0).astimezone())
NOTES = {
    "pigeon": "pulls deep in the left buttock on the last hold",
    "glute-bridge": "left side tires first",
    "clamshell": "clicks in the hip, no pain",
}
for i in range(42):
    d = start + timedelta(days=i)
    now = datetime(d.year, d.month, d.day, 7, 0).astimezone()
    base = max(1, 6 - i // 8)
    entries.sore(
        score=str(max(0, min(10, base + rng.choice([-1, 0, 0, 1])))), morning=True, now=now
    )
    if d == today:
        break
    if rng.random() < 0.12:
        continue
    later = now + timedelta(hours=11)
    plan = json.loads(views.plan(as_json=True, now=later))
    for item in plan["items"]:
        if rng.random() < 0.08 or item["exercise"] == "rest":
            continue
        if item["exercise"] in NOTES and rng.random() < 0.2:
            entries.done(
                exercise=item["exercise"],
                pain=str(max(1, base - 1 + rng.choice([0, 1]))),
                note=NOTES[item["exercise"]],
                now=later,
            )
            continue
        entries.done(exercise=item["exercise"], now=later)
    if i % 7 in (2, 5):
        entries.done(
            exercise="run",
            amount=[f"{rng.choice([6, 8, 10])}km", f"{rng.choice([40, 50, 60])}min"],
            now=later - timedelta(hours=3),
        )
    entries.sore(
        score=str(max(0, base - 1 + rng.choice([0, 1]))),
        after=True,
        note="stiff after sitting all day" if i % 9 == 4 else None,
        now=later + timedelta(minutes=20),
    )
entries.flag(
    words=["tingling", "pigeon"],
    note="left calf, eased after 10 min",
    now=datetime(2026, 11, 20, 19, 0).astimezone(),
)
print(f"wrote {os.environ['GLUTELOG_DB']}")
