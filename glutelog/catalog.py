"""The exercise catalog: loading ``data/catalog.toml`` (and the user's own file), validating it,
and resolving the names people type to exercises.

Parsing TOML costs more than the rest of ``glutelog done`` together, so the validated catalog is
cached with ``marshal`` and re-read only when a catalog file changes.
"""

from __future__ import annotations

import os

from glutelog import __version__, paths
from glutelog.errors import BadInput, CatalogError
from glutelog.rules import rule

KINDS = ("stretch", "strength", "release", "recovery", "cross-training")
UNITS = ("reps", "seconds", "minutes", "lengths", "km", "none")
BLOCKS = ("daily", "strength", "recovery", "log-only")
ROUTINE_KEYS = ("daily", "strength", "recovery")
REQUIRED = ("slug", "name", "kind", "unit", "block", "cue")
OPTIONAL = {
    "aliases": list,
    "targets": list,
    "other_units": list,
    "sets": int,
    "amount": (int, float),
    "per_side": bool,
    "easier": str,
    "harder": str,
    "rep_range": list,
    "steps": list,
    "cautions": list,
    "equipment": list,
    "no_band": str,
    "safe_max": (int, float),
}

# Each ladder link and the link that must point back: A harder B means B easier A.
REVERSE = {"easier": "harder", "harder": "easier"}


# Words the plan's names carry that say nothing about which exercise: "pigeon stretch" is
# the pigeon, "tennis ball release" the tennis ball.
PLAIN_WORDS = ("stretch", "stretches", "release", "releases", "exercise", "exercises")


def _name_words(name: str) -> list[str]:
    """``figure4-supine`` -> ``["figure", "4", "supine"]``: words, and digits apart from letters."""
    parts: list[str] = []
    for word in name.split("-"):
        current = ""
        for ch in word:
            if current and current[-1].isdigit() != ch.isdigit():
                parts.append(current)
                current = ""
            current += ch
        if current:
            parts.append(current)
    return parts


def normalize(name: str) -> str:
    """How names are compared: ``normalize("Glute_Bridge ") == "glute-bridge"``."""
    return "-".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


class Catalog:
    """Exercises by slug, the default routine, and the name index used to resolve what is typed."""

    def __init__(self, exercises: dict, routine: dict, names: dict, key: str = "built"):
        self.exercises = exercises
        self.routine = routine
        self.names = names
        self.key = key  # identifies the catalog files' versions, for caches derived from plans
        self._compact: dict | None = None
        self._shown: dict | None = None

    def resolve(self, typed: str) -> dict:
        """The exercise meant by ``typed``: slug or alias, any case, spaces/``_``/``-`` alike,
        a trailing "s", or a unique prefix. ``resolve("Bridges")`` is the glute bridge."""
        key = normalize(typed)
        if not key:
            raise BadInput("exercise name is empty: see `glutelog exercises`")
        slug = self._exact(key)
        if slug is None:
            matches = self._prefixed(key)
            if len(matches) > 1:
                raise BadInput(self._ambiguous(typed, matches))
            slug = matches[0] if matches else None
        if slug is None:
            raise BadInput(self._unknown(typed, key))
        return self.exercises[slug]

    def split_name(self, words: list[str]) -> tuple[dict, list[str]]:
        """(exercise, the words left for the amount) from the words typed after ``done``.

        The longest run of leading words that names an exercise wins, so names need no quotes:
        ``split_name(["tennis", "ball", "25", "sec"])`` is the tennis ball release and
        ``["25", "sec"]``, and in ``["figure", "4"]`` the 4 is part of the name (figure4).
        A run that is a unique prefix counts too (``hip th 10``); one that could be several
        exercises is refused with the choices rather than guessed from fewer words.
        """
        words = [w for word in words for w in word.split()]
        if not words or not normalize(words[0]):
            # nothing, or only punctuation ("_", "-"), would be a prefix of every name
            raise BadInput("exercise name is empty: see `glutelog exercises`")
        for cut in range(len(words), 0, -1):
            key = normalize(" ".join(words[:cut]))
            slug = self._exact(key)
            if slug is not None:
                return self.exercises[slug], words[cut:]
            matches = self._prefixed(key)
            if len(matches) == 1:
                cut += self._number_in_name(matches[0], words[: cut + 1])
                return self.exercises[matches[0]], words[cut:]
            if len(matches) > 1:
                raise BadInput(self._ambiguous(" ".join(words[:cut]), matches))
        # Nothing matched: the name is taken to end where the amount (a number) starts.
        cut = next((i for i, w in enumerate(words) if i and w[:1].isdigit()), len(words))
        typed = " ".join(words[:cut])
        raise BadInput(self._unknown(typed, normalize(typed)))

    def _number_in_name(self, slug: str, words: list[str]) -> int:
        """1 when the last of ``words`` is a number that is part of a name of ``slug``, each
        word before it the start of a word of that name: ``["fig", "4"]`` of "figure-4"
        (``done fig 4`` is the figure-4 stretch, not 4 seconds of it); else 0."""
        if len(words) < 2 or not (words[-1].isascii() and words[-1].isdigit()):
            return 0
        typed = [normalize(w) for w in words]
        own = [name for name, s in self.names.items() if s == slug]
        own.append(normalize(self.exercises[slug]["name"]))
        for name in own:
            parts = _name_words(name)
            if len(parts) >= len(typed) and all(
                part.startswith(word) if not word.isdigit() else part == word
                for part, word in zip(parts, typed, strict=False)
            ):
                return 1
        return 0

    def _lookup(self) -> tuple[dict, dict]:
        """(names, compact names): the compact form drops the hyphens, so ``figure-4`` and
        ``figure 4`` find ``figure4``. Built on first use, not kept in the catalog cache."""
        if self._compact is None:
            compact: dict = {}
            for name, slug in self.names.items():
                key = name.replace("-", "")
                compact[key] = slug if compact.get(key, slug) == slug else None  # None: clash
            self._compact = compact
        return self.names, self._compact

    def _exact(self, key: str) -> str | None:
        """The slug ``key`` names: a slug or alias, the name the plan shows ("lying figure-4
        stretch"), either with a trailing "s", or any of them with the words "stretch",
        "release" or "exercise" left out or added ("pigeon stretch" is the pigeon)."""
        slug = self._named(key)
        if slug is None:
            bare = "-".join(w for w in key.split("-") if w not in PLAIN_WORDS)
            if bare and bare != key:
                slug = self._named(bare)
        return slug

    def _named(self, key: str) -> str | None:
        names, compact = self._lookup()
        if key in names:  # the everyday case, before the shown names are gathered
            return names[key]
        if self._shown is None:
            # The names the plan prints, where no other exercise has one like it.
            shown: dict = {}
            for slug, entry in self.exercises.items():
                name = normalize(entry["name"])
                if names.get(name, slug) == slug:
                    shown[name] = slug if shown.get(name, slug) == slug else None
            self._shown = shown
        for each in (key, key[:-1] if key.endswith("s") else None):
            if each is None:
                continue
            slug = names.get(each) or self._shown.get(each)
            if slug is not None:
                return slug
        return compact.get(key.replace("-", ""))

    def _prefixed(self, key: str) -> list[str]:
        """Every exercise with a name that starts with ``key`` (hyphens or none), sorted."""
        names, compact = self._lookup()
        bare = key.replace("-", "")
        found = {s for name, s in names.items() if name.startswith(key)}
        found |= {s for name, s in compact.items() if s is not None and name.startswith(bare)}
        return sorted(found)

    def _ambiguous(self, typed: str, matches: list[str]) -> str:
        """The refusal of a name that starts several: each by the name the plan prints and
        the one that matched (``f``: "Cold pack (frozen peas)", not the internal ``ice``), and
        a command that works as typed, without quotes."""
        key = normalize(typed)
        shown = [self._as_matched(slug, key) for slug in matches[:8]]
        listed = ", ".join(shown) + (", ..." if len(matches) > 8 else "")
        example = self._typed_name(matches[0], key)
        return (
            f"{typed!r} could mean any of: {listed}; type more of the name, "
            f"e.g. glutelog done {example} ..."
        )

    def _typed_name(self, slug: str, key: str) -> str:
        """The shortest name of ``slug`` starting with ``key``, as a person types it."""
        names, _ = self._lookup()
        bare = key.replace("-", "")
        own = [n for n, s in names.items() if s == slug]
        fits = [n for n in own if n.startswith(key) or n.replace("-", "").startswith(bare)]
        return min(fits or own or [slug], key=len).replace("-", " ")

    def _as_matched(self, slug: str, key: str) -> str:
        name = self.exercises[slug]["name"]
        typed = self._typed_name(slug, key)
        return name if normalize(name) == normalize(typed) else f"{name} ({typed})"

    def _unknown(self, typed: str, key: str) -> str:
        import difflib  # only on this error path

        close = difflib.get_close_matches(key, list(self.names), n=3, cutoff=0.6)
        slugs = list(dict.fromkeys(self.names[name] for name in close))
        shown = typed if len(typed) <= 40 else typed[:40] + "..."
        hint = f"; did you mean {' or '.join(slugs)}?" if slugs else "; see `glutelog exercises`"
        return f"unknown exercise {shown!r}{hint}"

    def by_kind(self, kind: str | None = None) -> list[dict]:
        return [e for e in self.exercises.values() if kind is None or e["kind"] == kind]


# --- loading -----------------------------------------------------------------------------------


CACHE_FILE = "catalog.marshal"


def _stamp(path: str) -> tuple:
    try:
        info = os.stat(path)
    except OSError:
        # A link to nothing is not "no file": it must never match a catalog cached without a
        # user file, or a warm cache would hide what a cold one refuses.
        return (path, -1, 0) if os.path.islink(path) else (path, 0, 0)
    return (path, info.st_mtime_ns, info.st_size)


def load(db: str | None = None) -> Catalog:
    """The built-in catalog merged with ``catalog.toml`` next to the database, if there is one."""
    builtin = paths.builtin_catalog()
    user = paths.user_catalog(db) if db else None
    key = (__version__, _stamp(builtin), _stamp(user) if user else None)
    found = paths.read_cache(CACHE_FILE)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
        try:
            return Catalog(*found[1], key=repr(key))
        except TypeError:
            pass  # a cache of another shape: built again below
    mine = user if user and paths.existing_file(user, "a catalog file", CatalogError) else None
    catalog = build(builtin, mine)
    paths.write_cache(CACHE_FILE, (key, (catalog.exercises, catalog.routine, catalog.names)))
    catalog.key = repr(key)
    return catalog


def read_toml(path: str, text: str | None = None) -> dict:
    """A catalog file's TOML: a regular file no larger than the ``max_catalog_bytes`` rule.
    With ``text``, that text is read as the file's content instead (what `exercises add` would
    write, checked before it is written)."""
    import stat

    limit = rule("max_catalog_bytes")
    if text is not None:
        return _parse(path, text.encode("utf-8"), limit)
    try:
        # O_NONBLOCK: a FIFO put where the catalog was is refused instead of waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise CatalogError(f"catalog {path} is not a regular file")
            if os.fstat(fd).st_size > limit:
                raise CatalogError(f"catalog {path} is larger than {limit:,} bytes")
            with os.fdopen(os.dup(fd), "rb") as handle:
                data = handle.read(limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc.strerror}") from exc
    return _parse(path, data, limit)


def _parse(path: str, data: bytes, limit: int) -> dict:
    import tomllib

    if len(data) > limit:
        raise CatalogError(f"catalog {path} is larger than {limit:,} bytes")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CatalogError(f"catalog {path} is not valid TOML: {exc}") from exc
    except RecursionError:
        raise CatalogError(f"catalog {path} is nested too deeply") from None


def build(builtin: str, user: str | None = None, text: str | None = None) -> Catalog:
    """Read, merge and validate catalog files; raise CatalogError naming the file, the line
    where it can be found, and the entry. ``text``: the user's file as it would be written."""
    exercises: dict = {}
    routine: dict = {}
    origin: dict = {}
    for path in (builtin, user):
        if path is None:
            continue
        data = read_toml(path, text if path == user else None)
        source = _Source(path, text if path == user else None)
        unknown = sorted(set(data) - {"routine", "exercise"})
        if unknown:
            raise CatalogError(
                f"{source.at(key=unknown[0])}: unknown top-level key {unknown[0]!r}"
                + nearest(unknown[0], ("routine", "exercise"))
            )
        entries = data.get("exercise", [])
        if not isinstance(entries, list):
            raise CatalogError(f"{source.at(key='exercise')}: every [[exercise]] must be a table")
        seen: set = set()
        for index, raw in enumerate(entries):
            entry = _check_entry(raw, source, index)
            if entry["slug"] in seen:
                raise CatalogError(
                    f"{source.at(index, 'slug')}: exercise {entry['slug']!r} appears twice"
                )
            seen.add(entry["slug"])
            exercises[entry["slug"]] = entry  # a user's entry replaces a built-in one
            origin[entry["slug"]] = (source, index)
        table = data.get("routine", {})
        if not isinstance(table, dict):
            raise CatalogError(f"{source.at(key='routine')}: routine must be a table")
        for key, value in table.items():
            if key not in ROUTINE_KEYS:
                raise CatalogError(
                    f"{source.at(key=key, table='routine')}: unknown routine key {key!r}"
                    + nearest(key, ROUTINE_KEYS)
                )
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise CatalogError(
                    f"{source.at(key=key, table='routine')}: routine {key} must be a list of slugs"
                )
            routine[key] = value
            origin[("routine", key)] = source
    names = _check_links(exercises, routine, origin)
    return Catalog(exercises, {k: routine.get(k, []) for k in ROUTINE_KEYS}, names)


def nearest(word: object, choices) -> str:
    """`` (did you mean 'aliases'?)`` for a misspelt name; "" when nothing is close."""
    import difflib  # only on error paths

    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Source:
    """One catalog file being checked. Its lines are looked for only when an error is
    reported, so loading a valid catalog costs nothing more."""

    def __init__(self, path: str, text: str | None = None):
        self.path = path
        self._text = text

    def __str__(self) -> str:
        return self.path

    def _lines(self) -> list:
        if self._text is None:
            try:
                with open(self.path, encoding="utf-8", errors="replace") as handle:
                    self._text = handle.read(rule("max_catalog_bytes"))
            except OSError:
                self._text = ""
        return self._text.splitlines()

    def at(self, index: int | None = None, key: str | None = None, table=None) -> str:
        """``path line N`` for ``key`` in the ``index``-th [[exercise]] (or in ``[table]``, or
        at the top level); just ``path`` when it cannot be found (an inline table, say)."""
        import re

        lines = self._lines()
        header = re.compile(r"\s*\[")
        wanted = None
        if index is not None:
            wanted = re.compile(r"\s*\[\[\s*exercise\s*\]\]")
        elif table is not None:
            wanted = re.compile(rf"\s*\[\s*{re.escape(table)}\s*\]")
        found = None
        if wanted is not None:
            starts = [n for n, line in enumerate(lines) if wanted.match(line)]
            position = index if index is not None else 0
            if position >= len(starts):
                return self.path
            found = starts[position]
            stop = next(
                (n for n in range(found + 1, len(lines)) if header.match(lines[n])), len(lines)
            )
            span = range(found + 1, stop)
        else:
            span = range(len(lines))
        if key is not None:
            quoted = re.escape(key)
            pattern = re.compile(rf"""\s*(\[+\s*)?({quoted}|"{quoted}"|'{quoted}')\s*(=|\])""")
            found = next((n for n in span if pattern.match(lines[n])), found)
        return self.path if found is None else f"{self.path} line {found + 1}"


def _check_entry(raw: object, source: _Source, index: int) -> dict:
    import math  # only when a catalog is read afresh, not from the cache every command uses

    def fail(key: str | None, what: str):
        slug = raw.get("slug") if isinstance(raw, dict) else None
        label = f" exercise {slug!r}:" if isinstance(slug, str) else ""
        raise CatalogError(f"{source.at(index, key)}:{label} {what}")

    if not isinstance(raw, dict):
        fail(None, "every [[exercise]] must be a table")
    for key in REQUIRED:
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            fail(key if key in raw else None, f"{key!r} is required and must be text")
    for key, value in raw.items():
        if key in REQUIRED:
            continue
        if key not in OPTIONAL:
            fail(key, f"unknown key {key!r}" + nearest(key, (*REQUIRED, *OPTIONAL)))
        if not isinstance(value, OPTIONAL[key]) or (key != "per_side" and isinstance(value, bool)):
            fail(key, f"{key!r} has the wrong type")
    for key, value in raw.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and not text.isprintable():
                fail(key, f"{key!r} holds a control or invisible character")
            if isinstance(text, float) and not math.isfinite(text):
                fail(key, f"{key!r} must be a finite number")
    if not plain_slug(raw["slug"]):
        fail("slug", "slug must be lower case letters and digits in words joined by '-'")
    for key in ("name", "aliases"):
        for text in raw.get(key) or [] if key == "aliases" else [raw.get(key)]:
            problem = _name_problem(text) if isinstance(text, str) else None
            if problem:
                fail(key, f"{key} {text!r} {problem}")
    for key, allowed in (("kind", KINDS), ("unit", UNITS), ("block", BLOCKS)):
        if raw[key] not in allowed:
            fail(key, f"{key} must be one of {', '.join(allowed)}" + nearest(raw[key], allowed))
    for unit in raw.get("other_units", []):
        if unit not in UNITS or unit == "none":
            fail("other_units", f"other_units holds unknown unit {unit!r}" + nearest(unit, UNITS))
    if ("sets" in raw) != ("amount" in raw):
        fail("sets" if "sets" in raw else "amount", "give both sets and amount, or neither")
    if "sets" in raw and (raw["sets"] < 1 or raw["amount"] <= 0):
        fail("sets" if raw["sets"] < 1 else "amount", "sets and amount must be positive")
    if "sets" in raw:
        problem = _check_dose(raw)
        if problem:
            fail(*problem)
    if "rep_range" in raw:
        rng = raw["rep_range"]
        top = rule("max_rep_range")
        if (
            raw["unit"] != "reps"
            or len(rng) != 2
            or not all(isinstance(x, int) for x in rng)
            or not 0 < rng[0] <= rng[1] <= top
        ):
            fail(
                "rep_range",
                f"rep_range must be [low, high] whole numbers up to {top}, for reps only",
            )
    if "safe_max" in raw:
        limit = raw["safe_max"]
        if not math.isfinite(limit) or limit <= 0 or raw["unit"] == "none":
            fail("safe_max", "safe_max must be a positive number in the unit")
    if not all(isinstance(x, str) and x.strip() for x in raw.get("equipment", [])):
        fail("equipment", 'equipment must be a list of words such as ["band"]')
    entry = {
        "aliases": [],
        "targets": [],
        "other_units": [],
        "sets": None,
        "amount": None,
        "per_side": False,
        "easier": None,
        "harder": None,
        "rep_range": None,
        "steps": [],
        "cautions": [],
        "equipment": [],
        "no_band": None,
        "safe_max": None,
    }
    entry.update(raw)
    return entry


SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# Letters that show as nothing: a name made of them, or holding them, looks like another.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def plain_slug(slug: str) -> bool:
    """A slug is safe anywhere it goes (a file, a shell, a completion list, a spreadsheet):
    lower-case ASCII letters and digits in words joined by single '-', starting with a letter."""
    return (
        bool(slug)
        and set(slug) <= SLUG_CHARACTERS
        and slug[0].isalpha()
        and normalize(slug) == slug
    )


def _name_problem(text: str) -> str | None:
    """Why a name or alias could be mistaken for another, or None: an invisible letter, or
    letters of two scripts in one word (a Cyrillic 'е' in 'bridgе')."""
    if any(ch in BLANK_LETTERS for ch in text):
        return "holds an invisible letter"
    import unicodedata

    for word in text.split():
        scripts = {
            unicodedata.name(ch, "?").split()[0] for ch in word if ch.isalpha() and ord(ch) > 127
        }
        if any(ch.isascii() and ch.isalpha() for ch in word):
            scripts.add("LATIN")
        if len(scripts) > 1:
            return (
                f"mixes letters of {' and '.join(sorted(s.title() for s in scripts))} in one word"
            )
    return None


def name_key(text: str) -> str:
    """Names compared as people see them: Unicode-normalised (NFKC), any case, spaces and '-'
    alike. ``name_key("Glute  BRIDGE") == name_key("glute-bridge")``."""
    import unicodedata

    return normalize(unicodedata.normalize("NFKC", text).casefold())


def _at(origin: dict, slug: str, key: str | None = None) -> str:
    """Where ``slug``'s ``key`` is: ``path line N``, or the path."""
    source, index = origin[slug]
    return source.at(index, key)


def _path(origin: dict, slug: str) -> str:
    return origin[slug][0].path


def _check_links(exercises: dict, routine: dict, origin: dict) -> dict:
    names: dict = {}
    for slug in exercises:
        names[slug] = slug
    shown: dict = {}  # display names as people see them: two exercises never share one
    for slug, entry in exercises.items():
        key = name_key(entry["name"])
        if key in shown and shown[key] != slug:
            raise CatalogError(
                f"{_at(origin, slug, 'name')}: name {entry['name']!r} of {slug!r} is already "
                f"the name of {shown[key]!r}: choose another"
            )
        shown[key] = slug
    for slug, entry in exercises.items():
        for alias in entry["aliases"]:
            key = normalize(alias)
            if key in names and names[key] != slug:
                raise CatalogError(
                    f"{_at(origin, slug, 'aliases')}: alias {alias!r} of {slug!r} is already "
                    f"used by {names[key]!r}"
                )
            names[key] = slug
        for link in ("easier", "harder", "no_band"):
            target = entry[link]
            if target is not None and target not in exercises:
                raise CatalogError(
                    f"{_at(origin, slug, link)}: {slug!r} names {link} variant {target!r}, "
                    "which does not exist" + nearest(target, exercises)
                )
    for slug in exercises:
        _check_ladder(slug, exercises, origin)
    for slug in exercises:  # after every ladder is known to be loop-free
        _check_band(slug, exercises, origin)
    for block, slugs in routine.items():
        where = origin[("routine", block)].at(key=block, table="routine")
        for number, slug in enumerate(slugs):
            if slug in slugs[:number]:
                raise CatalogError(f"{where}: routine {block} names {slug!r} twice")
            if slug not in exercises:
                raise CatalogError(
                    f"{where}: routine {block} names {slug!r}, which is not in the catalog"
                    + nearest(slug, exercises)
                )
            if exercises[slug]["sets"] is None:
                raise CatalogError(
                    f"{where}: routine {block} names {slug!r}, which has no default dose"
                )
            _check_variants_dosed(slug, exercises, origin)
    return names


def _check_variants_dosed(start: str, exercises: dict, origin: dict) -> None:
    """The planner swaps a routine item for its variants on bad days, when it progresses and
    without a band, and then swaps those again: every exercise so reachable needs a dose."""
    todo = [(start, None, None)]
    seen = {start}
    while todo:
        slug, via, link_from = todo.pop()
        if exercises[slug]["sets"] is None:
            what = f"the {link_from} variant of routine item {start!r}"
            if via != start:
                what = f"the {link_from} variant of {via!r} (reached from routine item {start!r})"
            raise CatalogError(
                f"{_at(origin, slug)}: {slug!r}, {what}, has no default dose: "
                "give it sets and amount"
            )
        for link in ("easier", "harder", "no_band"):
            other = exercises[slug][link]
            if other is not None and other not in seen:
                seen.add(other)
                todo.append((other, slug, link))


def _check_dose(raw: dict) -> tuple[str, str] | None:
    """A default dose is checked as a logged one is: within the limits `glutelog done` keeps.
    (key, problem) when it is not."""
    from glutelog.parsing import check_amount

    if raw["sets"] > rule("max_sets_logged"):
        return "sets", f"sets must be at most {rule('max_sets_logged')}"
    if raw["unit"] == "none":
        return None
    try:
        check_amount(raw["amount"], raw["unit"])
    except BadInput as exc:
        return "amount", exc.message
    return None


def _files(located: str, other: str) -> str:
    """Where the first entry is (``path line N``), and the other entry's file when that is
    another file."""
    if located == other or located.startswith(f"{other} line "):
        return located
    return f"{located} and {other}"


def _check_ladder(slug: str, exercises: dict, origin: dict) -> None:
    """Links go both ways and a ladder never loops back on itself.

    If glute-bridge says ``harder = "march-bridge"``, march-bridge must say
    ``easier = "glute-bridge"``: otherwise stepping up and then down lands somewhere else.
    """
    entry = exercises[slug]
    for link, back in REVERSE.items():
        other = entry[link]
        if other is None:
            continue
        if other == slug:
            raise CatalogError(
                f"{_at(origin, slug, link)}: {slug!r} names itself as its {link} variant"
            )
        if exercises[other][back] != slug:
            says = exercises[other][back]
            raise CatalogError(
                f"{_files(_at(origin, slug, link), _path(origin, other))}: "
                f"{slug!r} says {link} = {other!r}, "
                f"so {other!r} must say {back} = {slug!r}" + (f", not {says!r}" if says else "")
            )
    seen = [slug]
    step = entry["harder"]
    while step is not None:
        if step in seen:
            raise CatalogError(
                f"{_at(origin, slug, 'harder')}: the ladder from {slug!r} loops back to {step!r}: "
                + " -> ".join([*seen, step])
            )
        seen.append(step)
        step = exercises[step]["harder"]


def needs_band(exercise: dict) -> bool:
    """Whether the exercise needs a resistance band: ``equipment = ["band"]`` in the catalog."""
    return "band" in exercise["equipment"]


def _check_band(slug: str, exercises: dict, origin: dict) -> None:
    """An exercise that needs a band has a way to do without one, so a plan can swap it."""
    entry = exercises[slug]
    swap = entry["no_band"]
    if swap is not None and needs_band(exercises[swap]):
        raise CatalogError(
            f"{_files(_at(origin, slug, 'no_band'), _path(origin, swap))}: "
            f"{slug!r} names no_band = {swap!r}, "
            f"but {swap!r} needs a band too"
        )
    if not needs_band(entry) or swap is not None:
        return
    step = entry["easier"]
    while step is not None:
        if not needs_band(exercises[step]):
            return
        step = exercises[step]["easier"]
    raise CatalogError(
        f"{_at(origin, slug, 'equipment')}: {slug!r} needs a band but has no easier variant "
        "without one: "
        "add easier or no_band naming an exercise done without a band"
    )
