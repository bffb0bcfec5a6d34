"""The JSON a script gets back from the commands that store, change or remove a set or a
soreness score (``done``, ``sore``, ``edit``, ``undo``, ``rm`` with ``--json``).

Only on the ``--json`` path: the text confirmations are in ``render.py``.
"""

from __future__ import annotations

from glutelog.output import render

# A set as `history --json` shows it, and a soreness score; "kind" tells them apart.
# ``minutes``: the time a distance took, per set (null for every other set).
FIELDS = {
    "entries": (
        "kind",
        "id",
        "at",
        "exercise",
        "sets",
        "amount",
        "unit",
        "minutes",
        "side",
        "pain",
        "note",
    ),  # fmt: skip
    "soreness": ("kind", "id", "at", "score", "timing", "side", "note"),
}


def fields(table: str, row: dict) -> dict:
    """A stored row of ``entries`` or ``soreness`` with the keys of :data:`FIELDS`."""
    row = {**row, "kind": "set" if table == "entries" else "soreness"}
    return {key: row.get(key) for key in FIELDS[table]}


def note_lines(notes: list) -> list:
    """The asides a text confirmation adds on lines of their own ("\\nCaution: ..."), as a list."""
    return [line for text in notes for line in text.split("\n") if line.strip()]


def logged_json(rows: list, plan: dict, notes: list, raised: dict | None = None) -> str:
    """`done --json`: the sets stored, the day's progress, the flag raised with them
    (``--tingling``) and the lines the text would add."""
    from glutelog.planner import redflags

    done = sum(1 for item in plan["items"] if item["done"])
    progress = {"date": plan["date"], "zone": plan["zone"], "done": done,
                "planned": len(plan["items"]),
                "pause": redflags.pause_message(plan.get("flags") or []) or None}  # fmt: skip
    return render.dumps(
        {
            "logged": [fields("entries", row) for row in rows],
            "plan": progress,
            "flag": redflags.describe(raised) if raised is not None else None,
            "notes": note_lines(notes),
        }
    )


def sore_json(row: dict, replaced: list, notes: list) -> str:
    """`sore --json`: the score stored and the morning scores it replaced, as (id, score)."""
    return render.dumps(
        {
            "logged": fields("soreness", row),
            "replaced": [{"id": row_id, "score": old} for row_id, old in replaced or []],
            "notes": note_lines(notes),
        }
    )


def changed_json(table: str, before: dict, after: dict, notes: list) -> str:
    """`edit --json`: the set before and after the change."""
    return render.dumps(
        {"before": fields(table, before), "after": fields(table, after), "notes": note_lines(notes)}
    )
