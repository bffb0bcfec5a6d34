"""One command's open database and catalog, and the plans it reads from them.

``Session`` opens the store lazily (input checked before it never creates a database), keeps the
checked settings, and makes a day's plan from its kept basis (``planner.plan_basis``) or afresh.
"""

from __future__ import annotations

import sys

from glutelog import catalog as catalog_mod
from glutelog import paths, settings
from glutelog.errors import GlutelogError
from glutelog.output import render, units
from glutelog.planner.day_plan import (
    BASIS_FORMAT,
    History,
    finish_plan,
    history_start,
    plan_basis,
    planned_slugs,
)
from glutelog.rules import rule
from glutelog.stdlib import UTC, date, datetime, timedelta
from glutelog.storage.database import Store
from glutelog.storage.opening import open_store


class Session:
    """An open database and catalog for one command."""

    def __init__(self, db_option: str | None, wait_ms: int | None = None):
        self.path = paths.db_path(db_option)
        self.catalog = catalog_mod.load(self.path)
        self._store: Store | None = None
        self.wait_ms = wait_ms  # how long to wait for a lock (None: the store's usual wait)

    @property
    def store(self) -> Store:
        """Opened on first use, so input checked before it never creates a database."""
        if self._store is None:
            self._store = open_store(self.path, self.wait_ms)
            # Every distance this command shows is worded as this database's setting says
            # (a file too damaged to say shows km: `check` and the like still run).
            try:
                shown = settings.distance({"distance": self._store.setting("distance")})
            except GlutelogError:
                shown = "km"
            units.use_distance(shown)
        return self._store

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc):
        if self._store is not None:
            self._store.close()
            # Said once, on success only, so an error stays the single line on stderr.
            if self._store.created and exc_type is None:
                sys.stderr.write(
                    f"glutelog: created a new database at {render.safe(self.path)}\n"
                    f"glutelog: {render.DISCLAIMER}\n"
                )

    def schedule(self, chosen: str | None = None, today: date | None = None) -> str:
        """The schedule to use; a newly chosen one is checked like `config schedule` and
        remembered from ``today`` on, and a stored one that fails its check gives the default."""
        if chosen is None:
            return self.settings()["schedule"]
        chosen = settings.parse("schedule", chosen)
        self.set_setting("schedule", chosen, today)
        return chosen

    def set_setting(self, key: str, text: str | None, today: date | None) -> None:
        """Store ``text`` for ``key`` (None: back to its default) from ``today`` on; the days
        before keep the value they were planned with."""
        day = today.isoformat() if today is not None else None
        if text is None:
            self.store.unset_setting(key, day)
        else:
            self.store.set_setting(key, text, day)
        self._settings = None
        self._past = None

    def settings(self, day: date | None = None) -> dict:
        """The planner's settings, checked on read (see ``settings.typed``): those in force on
        ``day`` (``settings_history``), or now when it is None or no change came after it.

        >>> session.settings(date(2026, 11, 25))["schedule"]  # before a change to maintenance
        'daily'
        """
        if getattr(self, "_settings", None) is None:
            self._raw = self.store.settings()
            self._settings = settings.typed(self._raw)
            self._typed: dict = {}  # a year's report asks for 365 days: each past set once
        if day is None:
            return self._settings
        kept = self._kept_before(day.isoformat())
        if not kept:
            return self._settings
        key = tuple(sorted(kept.items()))
        if key not in self._typed:
            self._typed[key] = settings.typed({**self._raw, **kept})
        return self._typed[key]

    def _kept_before(self, iso: str) -> dict:
        """{key: stored text} of the keys that changed after ``iso``, as they were on it."""
        if getattr(self, "_past", None) is None:
            self._past = self.store.settings_history()
        kept: dict = {}
        for key, until, value in self._past:  # oldest first: the first row covering it wins
            if until >= iso and key not in kept:
                kept[key] = value
        return kept

    def plan_key(self, day: date | None = None) -> str:
        """What kept plans of ``day`` were made with: a kept plan made with another is not
        used."""
        if day is not None:
            self.settings()  # read the settings and the days they changed, once
            if getattr(self, "_past", None) is None:
                self._past = self.store.settings_history()
            if not self._past:  # never changed since the history began: one key for every day
                day = None
        chosen = self.settings(day)
        # Worked out once per set of settings: a report asks it of every day it covers.
        keys = self.__dict__.setdefault("_plan_keys", {})
        found = keys.get(id(chosen))
        if found is None or found[0] is not chosen:
            # The planner's format too: days kept by an older planner are planned again.
            version = f"py{sys.version_info[0]}.{sys.version_info[1]}|plan{BASIS_FORMAT}"
            found = keys[id(chosen)] = (
                chosen,
                f"{version}|{self.catalog.key}|{sorted(chosen.items())}",
            )
        return found[1]

    def history(self, first: date, last: date, scores_last: date | None = None) -> History:
        """Everything the planner reads: sets from ``first`` to ``last``, soreness scores to
        ``scores_last`` (default ``last``), and the first week's mean for the 6-week review."""
        store = self.store
        slugs = planned_slugs(self.catalog)
        start = store.first_logged_day()
        baseline = None
        if start is not None:
            week_end = (date.fromisoformat(start) + timedelta(days=6)).isoformat()
            week = store.mornings(start, week_end)
            if len(week) >= rule("trend_min_scores"):
                baseline = sum(week) / len(week)
        return History(
            store.planner_entries(first.isoformat(), last.isoformat(), slugs),
            store.soreness_between(first.isoformat(), (scores_last or last).isoformat()),
            earlier=store.done_before(first.isoformat(), slugs),
            first_day=start,
            baseline=baseline,
            last_morning=store.morning_before(first.isoformat()),
        )

    def flags_on(self, day: date) -> list:
        """The red flags in force on ``day`` (``redflags.active``)."""
        return self.flags_between(day, day)(day)

    def flags_between(self, first: date, last: date):
        """``flags_on`` for the days of [first, last], from one read: a report plans many."""
        rows = self.store.flag_rows(last.isoformat(), first.isoformat())
        if not rows:
            return lambda day: []
        from glutelog.planner import redflags

        return lambda day: redflags.active(rows, day)

    def plan(self, day: date) -> dict:
        """The plan for ``day``, from its kept basis when there is one (see planner.plan_basis),
        shortened to the minutes chosen for that day with `plan --minutes`, if any."""
        store = self.store
        iso = day.isoformat()
        minutes = store.day_minutes(iso, iso).get(iso)
        key = self.plan_key(day)
        basis = store.plan_basis(iso, key)
        if basis is None or basis.get("format") != BASIS_FORMAT:
            version = store.data_version()
            history = self.history(history_start(day), day - timedelta(days=1), day)
            basis = plan_basis(self.catalog, history, day, self.settings(day), self.flags_on(day))
            store.save_plan_basis(iso, key, basis, version)
        today = store.planner_entries(iso, iso, list(self.catalog.exercises))
        return finish_plan(self.catalog, basis, today, minutes)


def now_or_clock(now: datetime | None) -> datetime:
    # From a UTC instant, so that even in the hour repeated when clocks go back the local
    # offset is the one in force.
    return now or datetime.now(UTC).astimezone()
