"""Plans kept in the database (plan_basis, day_status) never differ from plans made afresh.

Each step below changes the history the way a user would (sets today, back-dated sets, soreness,
edits, removals, another program writing the file) and then checks that `plan` and `report`
agree with a plan computed from scratch from every row in the database.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta

import pytest
from conftest import new_entry, rows

from glutelog import catalog as catalog_mod
from glutelog.commands import entries, views
from glutelog.commands.session import Session
from glutelog.planner.day_plan import History, make_plan
from glutelog.storage.opening import open_store

NOW = datetime(2026, 11, 24, 9, 30).astimezone()
TODAY = NOW.date()


def fresh_plan(db: str, day, schedule: str = "daily") -> dict:
    """The plan for ``day`` from every row in the database, with no cache involved."""
    store = open_store(db)
    try:
        entries = store.entries_between("2000-01-01", day.isoformat())
        soreness = store.soreness_between("2000-01-01", day.isoformat())
    finally:
        store.close()
    history = History.complete(entries, soreness, day)
    return make_plan(catalog_mod.load(db), [], [], schedule, day, history=history)


def kept_plan(db: str, day=TODAY) -> dict:
    """The plan as the commands make it, from the kept basis when there is one."""
    if day == TODAY:
        plan = json.loads(views.plan(db=db, day=day.isoformat(), as_json=True, now=NOW))
        assert plan.pop("projection") is False
        return plan
    with Session(db) as session:  # later days: `plan` projects, but `done` uses this
        return json.loads(json.dumps(session.plan(day)))


def kept_bases(db: str) -> list:
    """Days from today on whose plan basis is kept."""
    return [
        r[0] for r in rows(db, f"SELECT day FROM plan_basis WHERE day >= '{TODAY}' ORDER BY day")
    ]


def at(days_back: int, hour: int = 8) -> str:
    return (NOW - timedelta(days=days_back)).replace(hour=hour).isoformat(timespec="minutes")


@pytest.fixture
def history(db_path):
    """Three weeks of every-other-day strength and daily stretching, all green mornings."""
    for back in range(21, 0, -1):
        entries.sore(db=db_path, score="1", morning=True, at=at(back, 7), now=NOW)
        entries.done(db=db_path, exercise="pigeon", amount="2x30s", at=at(back), now=NOW)
        if back % 2 == 0:
            entries.done(db=db_path, exercise="bridge", amount="3x12", at=at(back), now=NOW)
            entries.done(db=db_path, exercise="clamshell", amount="3x15", at=at(back), now=NOW)
    return db_path


def test_the_kept_plan_follows_every_kind_of_change(history):
    db = history
    steps = [
        # a set today: the basis stays, only what is done changes
        lambda: entries.done(db=db, exercise="pigeon", amount="2x30s", side="left", now=NOW),
        # a morning score today: the zone may change, so the basis is made again
        lambda: entries.sore(db=db, score="6", morning=True, now=NOW),
        lambda: entries.sore(db=db, score="2", morning=True, replace=True, now=NOW),
        # strength yesterday, logged late: strength is no longer due today
        lambda: entries.done(db=db, exercise="bridge", amount="3x13", at=at(1), now=NOW),
        # and removed again
        lambda: entries.rm(db=db, row_id=str(_last_id(db))),
        # a long run yesterday moves strength
        lambda: entries.done(db=db, exercise="run", amount="100min", at=at(1, 18), now=NOW),
        lambda: entries.edit(db=db, row_id=str(_last_id(db)), at=at(9, 18), now=NOW),
        # soreness after yesterday's session
        lambda: entries.sore(db=db, score="7", after=True, at=at(1, 20), now=NOW),
        lambda: entries.undo(db=db),
        # strength done today after all
        lambda: entries.done(db=db, exercise="bridge", amount="12", now=NOW),
        lambda: entries.undo(db=db),
    ]
    for number, step in enumerate(steps, 1):
        step()
        assert kept_plan(db) == fresh_plan(db, TODAY), f"after step {number}"
        assert TODAY.isoformat() in kept_bases(db), "the plan made a basis to keep"


def test_a_set_today_keeps_todays_basis_and_clears_later_ones(history):
    db = history
    kept_plan(db)
    kept_plan(db, TODAY + timedelta(days=1))
    assert kept_bases(db) == [TODAY.isoformat(), (TODAY + timedelta(days=1)).isoformat()]
    entries.done(db=db, exercise="bridge", amount="12", now=NOW)
    assert kept_bases(db) == [TODAY.isoformat()]
    tomorrow = TODAY + timedelta(days=1)
    assert kept_plan(db, tomorrow) == fresh_plan(db, tomorrow)
    # A soreness score today clears today's basis too: the zone depends on it.
    entries.sore(db=db, score="3", morning=True, now=NOW)
    assert kept_bases(db) == []


def test_another_program_changing_the_history_is_seen(history):
    """Triggers live in the database, so a change made with the sqlite3 shell also counts."""
    db = history
    kept_plan(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE soreness SET score = 9 WHERE day = ?",
            ((TODAY - timedelta(days=0)).isoformat(),),
        )
        conn.execute(
            "INSERT INTO soreness (at, day, score, timing, logged_at) VALUES (?, ?, 9, 'morning', ?)",
            (NOW.isoformat(), TODAY.isoformat(), NOW.isoformat()),
        )
    conn.close()
    plan = kept_plan(db)
    assert plan["zone"] == "flare"
    assert plan == fresh_plan(db, TODAY)


def test_an_unreadable_kept_basis_is_made_again(history):
    db = history
    expected = kept_plan(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE plan_basis SET basis = x'00ff00'")
    conn.close()
    assert kept_plan(db) == expected


def test_a_cache_is_not_kept_when_another_glutelog_wrote_meanwhile(history):
    """The basis is computed from reads; if another process commits before it is saved, the
    save is skipped rather than hiding that process's set behind a stale basis."""
    db = history
    store = open_store(db)
    try:
        version = store.data_version()
        other = open_store(db)
        try:
            other.add_entry(new_entry((TODAY - timedelta(days=1)).isoformat(), at=NOW.isoformat()))
        finally:
            other.close()
        store.save_plan_basis(TODAY.isoformat(), "key", {"format": 1}, version)
        store.save_day_statuses(
            {"2026-11-01": {"planned": 1, "done": 1, "day_type": "recovery"}},
            {"2026-11-01": "key"},
            version,
        )
        assert kept_bases(db) == []
        assert rows(db, "SELECT count(*) FROM day_status WHERE plan_key = 'key'") == [(0,)]
        # With nothing written in between, it is kept.
        version = store.data_version()
        store.save_plan_basis(TODAY.isoformat(), "key", {"format": 1}, version)
        assert kept_bases(db) == [TODAY.isoformat()]
    finally:
        store.close()


def test_reports_agree_with_fresh_plans(history):
    db = history
    entries.done(db=db, exercise="pigeon", amount="2x30s", now=NOW)
    for _ in range(2):  # the second report reads what the first one kept
        report = json.loads(views.report(db=db, as_json=True, now=NOW))
        for day in report["days"]:
            if day["planned"] is None:
                continue
            plan = fresh_plan(db, datetime.fromisoformat(day["date"]).date())
            assert day["planned"] == len(plan["items"])
            assert day["done"] == sum(1 for item in plan["items"] if item["done"])


def _last_id(db: str) -> int:
    return rows(db, "SELECT max(id) FROM entries")[0][0]
