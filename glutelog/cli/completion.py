"""What the shell offers when Tab is pressed: exercise names, kinds, sides, schedules, warning
signs and settings.

Each function takes the command's context so far and the word being typed, and returns
(value, description) pairs that start with it. They run only for completion requests, which
``glutelog.cli.entry`` sends to the Typer app; no everyday command imports this module.
"""

from __future__ import annotations

SIDES = [("left", "the left side"), ("right", "the right side"), ("both", "both sides")]


def _starting(pairs, incomplete: str) -> list[tuple[str, str]]:
    typed = (incomplete or "").lower()
    return [(value, help) for value, help in pairs if value.lower().startswith(typed)]


def _db(ctx) -> str | None:
    """The --db given so far, after the command or before it."""
    while ctx is not None:
        if ctx.params.get("db"):
            return ctx.params["db"]
        ctx = ctx.parent
    return None


def exercises(ctx, incomplete: str) -> list[tuple[str, str]]:
    """Every slug and alias, the user's own catalog.toml included, each with its exercise."""
    from glutelog import catalog, paths
    from glutelog.errors import GlutelogError

    try:
        found = catalog.load(paths.db_path(_db(ctx)))
    except GlutelogError:
        return []  # a broken catalog file: nothing to offer, and no error in the middle of a line
    names = sorted(found.names.items(), key=lambda item: (item[0] != item[1], item[0]))
    return _starting(
        [(name, found.exercises[slug]["name"]) for name, slug in names],
        incomplete.replace(" ", "-"),
    )


def kinds(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.catalog import KINDS

    return _starting([(kind, f"{kind} exercises") for kind in KINDS], incomplete)


def sides(incomplete: str) -> list[tuple[str, str]]:
    return _starting(SIDES, incomplete)


def sore_sides(incomplete: str) -> list[tuple[str, str]]:
    return _starting(SIDES[:2], incomplete)


def schedules(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.settings import SCHEDULE_MEANS

    return _starting(list(SCHEDULE_MEANS.items()), incomplete)


def symptoms(ctx, incomplete: str) -> list[tuple[str, str]]:
    """A warning sign; after tingling (or shooting pain...), the exercise it came with."""
    from glutelog.planner import redflags

    typed = ctx.params.get("words") or []
    if typed:
        try:
            tingling = redflags.resolve(" ".join(typed))["slug"] == redflags.TINGLING
        except Exception:  # noqa: BLE001 - half-typed words: offer nothing rather than fail
            return []
        return exercises(ctx, incomplete) if tingling else []
    return _starting(
        [(s["slug"], redflags.label(s["slug"])) for s in redflags.SYMPTOMS], incomplete
    )


def setting_keys(incomplete: str) -> list[tuple[str, str]]:
    from glutelog.settings import KEYS

    return _starting([(key, spec.help) for key, spec in KEYS.items()], incomplete)
