"""Issue 18, observations 4, 5, 6, 10 and 11: one thing done is one entry, undo undoes the
last command, a soreness score is never guessed into an after-score, a guided session keeps
the day it started, and an import keeps one morning score a day."""

from __future__ import annotations

from datetime import datetime, timedelta

from conftest import dump, fail, ok, rows

from glutelog.commands import entries
from glutelog.errors import BadInput

YESTERDAY = (datetime.now().astimezone() - timedelta(days=1)).date().isoformat()


# --- observation 6: `sore N` without a when ------------------------------------------------------


def test_sore_without_a_when_in_the_evening_is_refused_with_both_commands(cli, db_path):
    ok(cli("done", "bridge", "12", "--at", f"{YESTERDAY} 18:00"))
    before = dump(db_path)
    result = fail(cli("sore", "8", "--at", f"{YESTERDAY} 20:00"))
    assert "glutelog sore 8 --morning" in result.stderr
    assert "glutelog sore 8 --after" in result.stderr
    assert dump(db_path) == before
    # nothing logged that day, but past noon: still asked, never guessed
    fail(cli("sore", "7", "--note", "stiff", "--at", f"{YESTERDAY} 13:00"))
    assert dump(db_path) == before


def test_sore_without_a_when_before_noon_and_before_any_work_is_the_morning_score(cli, db_path):
    ok(cli("sore", "3", "--at", f"{YESTERDAY} 07:30"))
    ok(cli("done", "bridge", "12", "--at", f"{YESTERDAY} 09:00"))
    fail(cli("sore", "4", "--at", f"{YESTERDAY} 10:00"))  # work logged before it: asked
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(3, "morning")]


def test_sore_without_a_when_asks_on_a_terminal(db_path):
    evening = datetime.now().astimezone().replace(hour=20, minute=0, second=0, microsecond=0)
    asked = []

    def ask(value):
        asked.append(value)
        return "morning"

    entries.sore(db=db_path, score="8", now=evening, ask=ask)
    assert asked == [8]
    assert rows(db_path, "SELECT score, timing FROM soreness") == [(8, "morning")]
    try:
        entries.sore(db=db_path, score="7", now=evening, ask=lambda value: None)
    except BadInput as exc:
        assert "--morning" in exc.message and "--after" in exc.message
    else:
        raise AssertionError("a score with no answer was stored")
    assert rows(db_path, "SELECT count(*) FROM soreness") == [(1,)]


# --- observation 11: import keeps one morning score a day ----------------------------------------


def test_import_refuses_a_second_morning_score_for_a_day(cli, db_path, tmp_path):
    import json

    ok(cli("sore", "2", "--morning", "--at", f"{YESTERDAY} 07:00"))
    exported = tmp_path / "export.json"
    ok(cli("export", "-o", str(exported)))
    # the same record again is no second score: skipped, as before
    assert "skipped 1" in ok(cli("import", str(exported))).stdout
    data = json.loads(exported.read_text())
    data["soreness"][0].update(id=99, score=9, at=f"{YESTERDAY}T07:30:00+00:00")
    data["soreness"][0]["logged_at"] = "2026-01-01T00:00:00.000000Z"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    before = dump(db_path)
    result = fail(cli("import", str(other)))
    assert YESTERDAY in result.stderr and "second morning score" in result.stderr
    assert dump(db_path) == before
    # two mornings for one day inside one file, into an empty database: refused too
    empty = str(tmp_path / "empty.db")
    both = json.loads(exported.read_text())
    both["soreness"].append(data["soreness"][0])
    other.write_text(json.dumps(both))
    result = fail(cli("import", str(other), "--db", empty))
    assert YESTERDAY in result.stderr
    assert rows(empty, "SELECT count(*) FROM soreness") == [(0,)]


# --- observation 10: a guided session keeps the day it started -----------------------------------


class _Console:
    """A terminal that presses Enter at every question (the planned dose) and shows nothing."""

    def print(self, *args, **kwargs):
        pass

    def bell(self):
        pass

    def input(self, prompt=""):
        return ""


def test_a_session_started_before_midnight_logs_every_set_on_its_day(db_path):
    from glutelog.commands import guided
    from glutelog.commands.session import Session

    started = datetime.now().astimezone().replace(hour=23, minute=59, second=0, microsecond=0)
    started -= timedelta(days=1)
    after_midnight = started + timedelta(minutes=6)
    with Session(db_path) as session:
        plan = session.plan(started.date())
    items = [i for i in plan["items"] if not i["done"]]
    assert len(items) > 1
    guide = guided.Guide(db_path, _Console(), None, timer=False)
    guide.day, guide.clock_now = started.date(), lambda: after_midnight
    assert guide.run(items)
    days = rows(db_path, "SELECT DISTINCT day FROM entries")
    assert days == [(started.date().isoformat(),)]
    summary = guided.summary(guide, None, db_path, started.date())
    assert f"{len(items)} of {len(plan['items'])} done" in summary
