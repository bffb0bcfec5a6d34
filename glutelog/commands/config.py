"""Settings and the rules: `config`, `rules` and `where`."""

from __future__ import annotations

from glutelog import paths, settings
from glutelog.commands.session import Session
from glutelog.errors import BadInput
from glutelog.output import render
from glutelog.output.terminal import Verbatim


def rules(db=None, as_json=False) -> str:
    """Every rule; ``db`` is accepted like every command's, though rules do not depend on it."""
    from glutelog.rules import RULES

    if as_json:
        return render.dumps(
            {name: {"value": value, "source": source} for name, (value, source) in RULES.items()}
        )
    return render.rules_text(RULES)


def where(db=None, as_json=False) -> str:
    import os

    path = paths.db_path(db)
    if as_json:
        return render.dumps({"path": path, "exists": os.path.lexists(path)})
    return Verbatim(path)  # for scripts: `cd "$(dirname "$(glutelog where)")"`


def config(db=None, key=None, value=None, unset=None, as_json=False, now=None) -> str:
    """List every setting, show one, set one (``value``: the words typed), or return one to its
    default. A change applies from today: past days keep the settings they were planned with."""
    from glutelog.commands.session import now_or_clock

    if isinstance(value, list | tuple):
        value = " ".join(value) if value else None
    if unset is not None and key is not None:
        raise BadInput("give KEY [VALUE] or --unset KEY, not both")
    chosen = unset if unset is not None else key
    if chosen in ("sync-dir", "sync-passphrase"):  # this device's own, never synced or listed
        from glutelog.commands.sync import configure

        return configure(db, chosen, value, unset is not None)
    name = settings.key_name(chosen) if chosen is not None else None
    text = settings.parse(name, value) if value is not None else None
    with Session(db) as session:
        if unset is not None or text is not None:
            session.set_setting(name, text, now_or_clock(now).date())
        rows = settings.listing(session.store.settings())
    if name is not None:
        rows = [row for row in rows if row["key"] == name]
    if as_json:
        return render.dumps({row.pop("key"): row for row in rows})
    if name is None:
        return render.config_text(rows)
    shown = rows[0]["value"]
    if unset is not None:
        return f"{name} is back to its default, {shown}: {settings.meaning(name, shown)}."
    if text is not None:
        return f"{name} set to {shown}: {settings.meaning(name, shown)}."
    return Verbatim(shown)  # the value alone, for scripts
