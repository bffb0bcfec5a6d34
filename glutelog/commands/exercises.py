"""Your own exercises: `glutelog exercises add` and `glutelog exercises check`.

They live in ``catalog.toml`` beside the database (``paths.user_catalog``), a file a person may
also edit by hand. `add` edits it with tomlkit, so the comments, order and spacing written there
stay as they were; the whole resulting catalog is checked with ``catalog.build`` before anything
is written, and the file is replaced in one step. tomlkit is imported only here.
"""

from __future__ import annotations

import os
import re

from glutelog import catalog as catalog_mod
from glutelog import parsing, paths, settings
from glutelog.errors import BadInput, CatalogError
from glutelog.output import render

# The order keys are written in: the built-in catalog's.
ORDER = ("slug", "name", "aliases", "kind", "targets", "unit", "sets", "amount", "per_side")
ORDER += ("block", "cue", "steps", "cautions")

HEADER = """\
Your own exercises for glutelog, in the format of the built-in catalog (its header explains
every key: see `glutelog exercises show NAME` for any exercise). An entry whose slug is
already in the built-in catalog replaces it; a [routine] list here replaces that block of the
built-in routine. `glutelog exercises check` checks this file.
"""


def _choice(what: str, allowed, blank_ok: bool = False):
    def parse(text: str):
        value = text.strip().lower()
        if blank_ok and not value:
            return None
        if value not in allowed:
            raise BadInput(
                f"{what} must be one of {', '.join(allowed)}, got {text!r}"
                + catalog_mod.nearest(value, allowed)
            )
        return value

    return parse


def _text(what: str):
    def parse(text: str) -> str:
        value = " ".join(text.split())
        if not value:
            raise BadInput(f"{what} needs some text")
        if len(value) > 200:
            raise BadInput(f"{what} is longer than 200 characters")
        return value

    return parse


def _words(text) -> list:
    """A list option, or what was typed at a prompt: comma-separated."""
    items = text if isinstance(text, list | tuple) else text.split(",")
    return [" ".join(item.split()) for item in items if item.strip()]


def _yes(text: str) -> bool:
    value = text.strip().lower()
    if value in settings.YES:
        return True
    if value in ("", *settings.NO):  # a blank answer takes the default shown, [y/N]
        return False
    raise BadInput(f"answer yes or no, got {text!r}")


def _sets(text: str) -> int | None:
    if not text.strip():
        return None
    from glutelog.rules import rule

    return parsing.parse_int(text.strip(), "sets", 1, rule("max_sets_logged"))


# (key, prompt, parse, required). What the options give is checked by the same parsers.
FIELDS = (
    ("name", "Name", _text("the name"), True),
    ("kind", f"Kind ({', '.join(catalog_mod.KINDS)})", _choice("kind", catalog_mod.KINDS), True),
    ("unit", f"Unit ({', '.join(catalog_mod.UNITS)})", _choice("unit", catalog_mod.UNITS), True),
    ("sets", "Default sets (blank: no default dose)", _sets, False),
    ("amount", "Default amount per set, in the unit (blank: none)", lambda t: t.strip(), False),
    ("per_side", "Done on each side, left and right? [y/N]", _yes, False),
    ("cue", "Cue: one short line to keep in mind", _text("the cue"), True),
    ("aliases", "Other names, comma-separated (blank: none)", _words, False),
    ("targets", "Muscles or areas it works, comma-separated (blank: none)", _words, False),
    (
        "routine",
        "Add it to the plan's daily, strength or recovery block? (blank: log only)",
        _choice("the routine block", catalog_mod.ROUTINE_KEYS, blank_ok=True),
        False,
    ),
)


def add(db=None, ask=None, say=None, **given) -> str:
    """Add one exercise to the user's catalog.toml; ``ask(prompt) -> str`` asks for what the
    options left out (on a terminal), ``say(text)`` shows a problem with an answer."""
    db_path = paths.db_path(db)
    target = paths.user_catalog(db_path)
    current = catalog_mod.load(db_path)  # a broken file is reported before anything is asked
    values = _values(given, ask, say)
    entry, routine = _entry(values, current)
    from glutelog.storage.files import folder_locked, write_file

    # Read, change and write under the folder's lock: a second `exercises add` at the same
    # moment waits its turn and adds to what this one wrote. A hand edit takes no lock, so the
    # file's stamp is compared too.
    with folder_locked(os.path.realpath(target)):
        exists = paths.existing_file(target, "a catalog file", CatalogError)
        stamp = _stamp(target)  # before reading: an edit saved meanwhile is seen
        before = _read(target) if exists else ""
        text = _with_entry(target, before, entry, routine, catalog_mod.load(db_path))
        catalog_mod.build(paths.builtin_catalog(), target, text)
        if _stamp(target) != stamp:
            raise BadInput(
                f"{target} changed while the exercise was added; nothing written: try again"
            )
        write_file(
            os.path.realpath(target), lambda handle: handle.write(text), newline="", replace=True
        )
    where = f"the {routine} block of your plan" if routine else "your log (not planned)"
    return (
        f"Added {entry['name']} ({entry['slug']}) to {target}, for {where}. "
        f"Log it with: glutelog done {entry['slug']}"
        + (
            f" {parsing.format_number(entry['amount'])}"
            if "amount" in entry and entry["unit"] != "none"
            else ""
        )
    )


def _values(given: dict, ask, say) -> dict:
    """Each field checked: from its option, or asked for when there is ``ask``."""
    values: dict = {}
    for key, prompt, parse, required in FIELDS:
        typed = given.get(key)
        if typed is not None and typed != [] and typed is not False:
            values[key] = parse(typed) if isinstance(typed, str | list | tuple) else typed
            continue
        if ask is None:
            if required:
                missing = [f"--{k}" for k, _, _, need in FIELDS if need and given.get(k) is None]
                raise BadInput(
                    f"exercises add needs {', '.join(missing)} (or run it in a terminal to be "
                    "asked): see `glutelog exercises add --help`"
                )
            continue
        values[key] = _ask(ask, say, prompt, parse, required)
    values["slug"] = given.get("slug")
    for key in ("steps", "cautions"):
        values[key] = _words(given.get(key) or [])
    return values


def _ask(ask, say, prompt: str, parse, required: bool):
    while True:
        try:
            answer = ask(f"{prompt}: ")
        except EOFError:
            raise BadInput(
                "input ended before the exercise was complete; nothing was written"
            ) from None
        if not answer.strip() and required:
            say(f"{prompt.split(':')[0].split(' (')[0]} is needed.")
            continue
        try:
            return parse(answer)
        except BadInput as exc:
            say(exc.message)


def slug_for(name: str) -> str:
    """``slug_for("Hip hinge, slow") == "hip-hinge-slow"``: letters and digits, joined by '-'."""
    return "-".join(re.findall(r"[^\W_]+", name.lower()))


def _entry(values: dict, current) -> tuple[dict, str | None]:
    """The [[exercise]] table to write, in the catalog's key order, and the routine block."""
    slug = values["slug"] or slug_for(values["name"])
    if not slug or not catalog_mod.plain_slug(slug):
        raise BadInput(
            f"slug {slug!r} must be lower case words joined by '-': give one with --slug"
        )
    for name in (slug, *(values.get("aliases") or [])):
        taken = current.names.get(catalog_mod.normalize(name))
        if taken is not None:
            raise BadInput(
                f"{name!r} is already a name of {taken!r} in the catalog: choose another"
                + (" --slug" if name == slug else " alias")
            )
    unit = values["unit"]
    sets, amount = values.get("sets"), values.get("amount") or None
    if amount is not None:
        sets, amount = _amount(amount, unit, sets, slug)
    if sets is not None and amount is None and unit != "none":
        raise BadInput(f"--sets goes with --amount: how much per set, in {unit}?")
    routine = values.get("routine")
    if routine and (sets is None or (amount is None and unit != "none")):
        raise BadInput(
            f"an exercise in the {routine} block needs a default dose: give --sets and --amount"
        )
    entry = {
        "slug": slug,
        "name": values["name"],
        "aliases": values.get("aliases") or None,
        "kind": values["kind"],
        "targets": values.get("targets") or None,
        "unit": unit,
        "sets": sets,
        "amount": amount if unit != "none" else (1 if sets else None),
        "per_side": True if values.get("per_side") else None,
        "block": routine or "log-only",
        "cue": values["cue"],
        "steps": values.get("steps") or None,
        "cautions": values.get("cautions") or None,
    }
    return {key: entry[key] for key in ORDER if entry[key] is not None}, routine


def _amount(text: str, unit: str, sets: int | None, slug: str) -> tuple[int, float]:
    """(sets, amount) from ``--amount`` (30, 30s, 1h45, 3x12, 3 sets of 12) in the exercise's
    unit, read and checked as `glutelog done` reads an amount, sets against --sets included."""
    if unit == "none":
        raise BadInput("an exercise with unit none takes no --amount")
    from glutelog.commands.common import resolve_parsed

    (parsed,) = parsing.parse_amounts([text])
    n_sets, value, _ = resolve_parsed(
        {"slug": slug, "unit": unit, "other_units": []}, parsed, sets, text
    )
    return n_sets, value


def _with_entry(target: str, before: str, entry: dict, routine: str | None, current) -> str:
    """``before`` with the entry appended (and its slug added to the routine block), every
    other byte as the person left it."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(before) if before.strip() else _new_document()
    except TOMLKitError as exc:
        raise CatalogError(f"cannot edit {target}: {exc}") from None
    table = tomlkit.table()
    for key, value in entry.items():
        table.add(key, value)
    found = doc.get("exercise")
    if found is None:
        _blank_line(doc)
        found = tomlkit.aot()
        found.append(table)
        doc.append("exercise", found)
    elif isinstance(found, tomlkit.items.AoT):
        _blank_line(found[-1] if len(found) else doc)
        found.append(table)
        if list(doc)[-1] != "exercise":  # tables follow it: keep a blank line before them
            table.add(tomlkit.nl())
    else:  # exercise = [{...}, ...] written inline
        inline = tomlkit.inline_table()
        inline.update(entry)
        found.append(inline)
    if routine:
        listed = tomlkit.array()
        listed.extend([*current.routine[routine], entry["slug"]])
        if len(listed.as_string()) > 80:  # one slug a line, as a person would wrap it
            listed.multiline(True)
        block = doc.get("routine")
        if block is None:
            block = tomlkit.table()
            block.add(routine, listed)
            _blank_line(doc)
            doc.append("routine", block)
        else:
            block[routine] = listed
    return tomlkit.dumps(doc)


def _blank_line(container) -> None:
    """A blank line before what is appended after ``container``'s last line, as people write."""
    import tomlkit

    text = container.as_string()
    if text and not text.endswith("\n\n"):
        if not text.endswith("\n"):
            container.add(tomlkit.nl())
        container.add(tomlkit.nl())


def _new_document():
    import tomlkit

    doc = tomlkit.document()
    for line in HEADER.splitlines():
        doc.add(tomlkit.comment(line))
    return doc


def _read(path: str) -> str:
    from glutelog.rules import rule

    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read(rule("max_catalog_bytes") + 1)
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc}") from None


def _stamp(path: str):
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def check(db=None) -> str:
    """Check the user's catalog.toml as glutelog reads it; say what it adds and replaces."""
    db_path = paths.db_path(db)
    target = paths.user_catalog(db_path)
    builtin = catalog_mod.build(paths.builtin_catalog())
    if not paths.existing_file(target, "a catalog file", CatalogError):
        return (
            f"No catalog of your own at {target}: the built-in catalog is valid, with "
            f"{len(builtin.exercises)} exercises. Add one with `glutelog exercises add`."
        )
    merged = catalog_mod.build(paths.builtin_catalog(), target)
    data = catalog_mod.read_toml(target)
    slugs = [raw["slug"] for raw in data.get("exercise", [])]
    replaced = [slug for slug in slugs if slug in builtin.exercises]
    lines = [
        f"{target} is valid: {len(slugs)} exercise{'' if len(slugs) == 1 else 's'} of your own, "
        f"{len(merged.exercises)} in the catalog in all."
    ]
    if replaced:
        lines.append(f"Replacing built-in: {', '.join(replaced)}.")
    for block in data.get("routine", {}):
        lines.append(f"Your {block} block: {', '.join(merged.routine[block]) or 'empty'}.")
    return "\n".join(lines)


# What `exercises --json` gives for each exercise; `exercises show --json` gives every key.
EXERCISE_KEYS = ("slug", "name", "aliases", "kind", "block", "sets", "amount", "unit", "per_side")


def exercises(db=None, kind=None, as_json=False) -> str:
    if kind is not None and kind not in catalog_mod.KINDS:
        raise BadInput(f"kind must be one of {', '.join(catalog_mod.KINDS)}, got {kind!r}")
    found = catalog_mod.load(paths.db_path(db)).by_kind(kind)
    if as_json:
        ordered = sorted(found, key=lambda e: (e["block"], e["slug"]))
        return render.dumps([{key: e[key] for key in EXERCISE_KEYS} for e in ordered])
    return render.exercise_list(found)


def show_exercise(db=None, name=None, as_json=False) -> str:
    found = catalog_mod.load(paths.db_path(db)).resolve(name or "")
    if as_json:
        return render.dumps({key: found[key] for key in sorted(found, key=_slug_first)})
    return render.exercise_detail(found)


def _slug_first(key: str):
    return (key not in EXERCISE_KEYS, EXERCISE_KEYS.index(key) if key in EXERCISE_KEYS else key)


def missing_from_catalog(db_path: str, raws: list) -> tuple[list, object]:
    """Which of ``raws`` (exercise tables an export carries) this catalog lacks, and the
    catalog with them added (checked whole, nothing written): ([tables to add], catalog).

    An exercise with a slug already here is the same one when its table is the same as the one
    in the user's file (or the built-in one, for a slug only the built-in catalog has); with
    any other definition the import is refused, naming it: which one a log's records mean
    cannot be guessed.

    >>> missing_from_catalog(db, [{"slug": "doorway-stretch", ...}])[0]
    [{'slug': 'doorway-stretch', ...}]
    """
    target = paths.user_catalog(db_path)
    mine = _tables(target) if paths.existing_file(target, "a catalog file", CatalogError) else {}
    builtin = _tables(paths.builtin_catalog())
    adding = []
    for raw in raws:
        have = mine.get(raw["slug"], builtin.get(raw["slug"]))
        if have is None:
            if raw not in adding:
                adding.append(raw)
        elif have != raw:
            raise BadInput(
                f"import refused, nothing written: exercise {raw['slug']!r} in the file is not "
                f"the one of that name in your catalog ({target}): rename one of them first"
            )
    if not adding:
        return [], None
    text = _with_added(target, adding)
    try:
        merged = catalog_mod.build(paths.builtin_catalog(), target, text)
    except CatalogError as exc:
        raise BadInput(f"import refused, nothing written: the file's exercises: {exc}") from None
    return adding, merged


def add_tables(db_path: str, raws: list) -> None:
    """Append the exercise tables ``raws`` to the user's catalog.toml, under its lock, as
    `exercises add` does (those already there are left)."""
    from glutelog.storage.files import folder_locked, write_file

    target = paths.user_catalog(db_path)
    with folder_locked(os.path.realpath(target)):
        exists = paths.existing_file(target, "a catalog file", CatalogError)
        mine = _tables(target) if exists else {}
        adding = [raw for raw in raws if raw["slug"] not in mine]
        if not adding:
            return
        text = _with_added(target, adding)
        catalog_mod.build(paths.builtin_catalog(), target, text)
        write_file(
            os.path.realpath(target), lambda handle: handle.write(text), newline="", replace=True
        )


def _tables(path: str) -> dict:
    """{slug: table} of a catalog file's exercises, as written there."""
    found = catalog_mod.read_toml(path).get("exercise", [])
    return {raw.get("slug"): raw for raw in found if isinstance(raw, dict)}


def _with_added(target: str, raws: list) -> str:
    exists = paths.existing_file(target, "a catalog file", CatalogError)
    text = _read(target) if exists else ""
    for raw in raws:
        text = _with_entry(target, text, raw, None, None)
    return text
