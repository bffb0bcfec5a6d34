"""The exercise catalog: contents, validation, name resolution, the user's own file."""

import os
import subprocess
import sys

import pytest
import typer
from conftest import installed_copy

from glutelog import catalog as catalog_mod
from glutelog import paths
from glutelog.errors import BadInput, CatalogError

ROUTINE_FROM_THE_CLINIC = [
    "glute-bridge",
    "lateral-band-walk",
    "tennis-ball-release",
    "pigeon",
    "ice",
    "rest",
]


def test_catalog_has_the_routine_and_enough_exercises(catalog):
    assert len(catalog.exercises) >= 25
    for slug in ROUTINE_FROM_THE_CLINIC:
        assert slug in catalog.exercises
    kinds = {e["kind"] for e in catalog.exercises.values()}
    assert kinds == set(catalog_mod.KINDS)
    for e in catalog.exercises.values():
        assert e["cue"] and e["name"]
        if e["block"] != "log-only" and e["slug"] != "rest":
            assert e["steps"], e["slug"]


@pytest.mark.parametrize(
    ("typed", "slug"),
    [
        ("bridge", "glute-bridge"),
        ("Glute Bridge", "glute-bridge"),
        ("glute_bridge", "glute-bridge"),
        ("BRIDGES", "glute-bridge"),
        ("clams", "clamshell"),
        ("band-walk", "lateral-band-walk"),
        ("band walk", "lateral-band-walk"),
        ("pigeon", "pigeon"),
        ("ice", "ice"),
        ("frozen peas", "ice"),
        ("run", "run"),
        ("hip-th", "hip-thrust"),  # unique prefix
        ("steps-up", None),  # unknown: see below
    ],
)
def test_names_resolve_like_people_expect(catalog, typed, slug):
    if slug is None:
        with pytest.raises(BadInput):
            catalog.resolve(typed)
    else:
        assert catalog.resolve(typed)["slug"] == slug


def test_ambiguous_prefix_lists_the_candidates(catalog):
    with pytest.raises(BadInput) as err:
        catalog.resolve("step")
    message = err.value.message.lower()  # the names the plan shows, in any case
    assert "step-down" in message and "step-up" in message


def test_unknown_name_suggests_the_closest(catalog):
    with pytest.raises(BadInput) as err:
        catalog.resolve("brige")
    assert "did you mean" in err.value.message and "glute-bridge" in err.value.message


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return str(path)


ENTRY = """
[[exercise]]
slug = "{slug}"
name = "Test {slug}"
aliases = [{aliases}]
kind = "stretch"
unit = "seconds"
sets = 1
amount = 30
block = "daily"
cue = "Breathe."
{extra}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ENTRY.format(slug="x-one", aliases="", extra="colour = 'red'"), "unknown key 'colour'"),
        (ENTRY.format(slug="x-one", aliases='"bridge"', extra=""), "alias 'bridge'"),
        (
            ENTRY.format(slug="x-one", aliases="", extra='easier = "nowhere"'),
            "'nowhere', which does not exist",
        ),
        (
            ENTRY.format(slug="x-one", aliases="", extra='unit = "parsecs"').replace(
                'unit = "seconds"\n', ""
            ),
            "unit must be one of",
        ),
        (ENTRY.format(slug="x-one", aliases="", extra="") * 2, "appears twice"),
        ("this is = not toml [", "not valid TOML"),
    ],
)
def test_bad_catalog_files_are_refused_with_a_clear_message(tmp_path, text, message):
    user = write(tmp_path / "catalog.toml", text)
    with pytest.raises(CatalogError) as err:
        catalog_mod.build(paths.builtin_catalog(), user)
    assert message in err.value.message
    assert "catalog.toml" in err.value.message


def test_a_users_catalog_adds_and_overrides_exercises(tmp_path, cli):
    write(
        tmp_path / "catalog.toml",
        ENTRY.format(slug="doorway-stretch", aliases='"doorway"', extra="")
        + ENTRY.format(slug="pigeon", aliases="", extra='easier = "figure4-supine"').replace(
            'name = "Test pigeon"', 'name = "My pigeon"'
        ),
    )
    result = cli("exercises", "show", "doorway")
    assert result.exit_code == 0, result.output
    assert "doorway-stretch" in result.output
    result = cli("done", "pigeon", "45s")
    assert result.exit_code == 0, result.output
    assert "My pigeon" in result.output


def test_the_cache_follows_edits_to_the_users_catalog(tmp_path):
    db = str(tmp_path / "glutelog.db")
    user = tmp_path / "catalog.toml"
    assert "doorway-stretch" not in catalog_mod.load(db).exercises
    write(user, ENTRY.format(slug="doorway-stretch", aliases="", extra=""))
    assert "doorway-stretch" in catalog_mod.load(db).exercises
    os.unlink(user)
    assert "doorway-stretch" not in catalog_mod.load(db).exercises


def test_app_folder_is_the_one_typer_names(monkeypatch, tmp_path):
    monkeypatch.delenv("GLUTELOG_DB")
    assert paths.app_dir() == typer.get_app_dir("glutelog")
    assert paths.db_path() == os.path.join(typer.get_app_dir("glutelog"), "glutelog.db")
    assert paths.db_path("x.db") == os.path.abspath("x.db")


def test_installed_package_carries_the_catalog(tmp_path):
    """A plain (non-editable) install, run from another folder, finds the catalog."""
    target = installed_copy(tmp_path)
    assert (target / "glutelog" / "data" / "catalog.toml").exists()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", "from glutelog import catalog, paths; print(paths.builtin_catalog()); "
         "print(len(catalog.load().exercises))"],
        cwd=elsewhere, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    path, count = out.stdout.split()
    assert path.startswith(str(target))
    assert int(count) >= 25


# --- ladders, bands and doses -------------------------------------------------------------------


def exercise(slug: str, *lines: str, dosed: bool = True) -> str:
    """A small [[exercise]] table; ``lines`` are extra keys such as 'harder = "b"'."""
    text = ENTRY.format(slug=slug, aliases="", extra="\n".join(lines))
    return text if dosed else text.replace("sets = 1\n", "").replace("amount = 30\n", "")


def refused(tmp_path, text: str) -> str:
    """The message a catalog file made of ``text`` alone is refused with."""
    path = write(tmp_path / "catalog.toml", text)
    with pytest.raises(CatalogError) as err:
        catalog_mod.build(path)
    assert path in err.value.message  # the message names the file to fix
    return err.value.message


def test_the_built_in_ladders_are_clean_chains(catalog):
    for slug, entry in catalog.exercises.items():
        if entry["harder"]:
            assert catalog.exercises[entry["harder"]]["easier"] == slug
        if entry["easier"]:
            assert catalog.exercises[entry["easier"]]["harder"] == slug
    assert catalog.exercises["tennis-ball-release"]["easier"] == "ball-sock-wall"
    assert catalog.exercises["ball-sock-wall"]["easier"] == "foam-roll-glutes"
    assert catalog.exercises["knee-to-opposite-shoulder"]["harder"] is None
    assert catalog.exercises["lateral-band-walk"]["harder"] is None


def test_banded_exercises_are_marked_and_have_a_swap(catalog):
    for slug in ("banded-clamshell", "lateral-band-walk"):
        assert catalog_mod.needs_band(catalog.exercises[slug])
    assert not catalog_mod.needs_band(catalog.exercises["clamshell"])
    assert catalog.exercises["lateral-band-walk"]["no_band"] == "side-lying-abduction"


@pytest.mark.parametrize(
    ("lines_a", "lines_b", "message"),
    [
        (['harder = "b"'], [], "'a' says harder = 'b', so 'b' must say easier = 'a'"),
        ([], ['easier = "a"'], "'b' says easier = 'a', so 'a' must say harder = 'b'"),
        (['harder = "b"'], ['easier = "c"'], "so 'b' must say easier = 'a', not 'c'"),
    ],
)
def test_one_way_ladder_links_are_refused(tmp_path, lines_a, lines_b, message):
    text = exercise("a", *lines_a) + exercise("b", *lines_b) + exercise("c")
    assert message in refused(tmp_path, text)


def test_a_one_way_link_between_the_users_file_and_the_built_in_names_both_files(tmp_path):
    user = write(tmp_path / "catalog.toml", ENTRY.format(slug="pigeon", aliases="", extra=""))
    with pytest.raises(CatalogError) as err:
        catalog_mod.build(paths.builtin_catalog(), user)
    message = err.value.message
    assert user in message and paths.builtin_catalog() in message
    assert "'figure4-supine' says harder = 'pigeon'" in message


def test_a_ladder_that_loops_is_refused(tmp_path):
    text = (
        exercise("a", 'harder = "b"', 'easier = "c"')
        + exercise("b", 'easier = "a"', 'harder = "c"')
        + exercise("c", 'easier = "b"', 'harder = "a"')
    )
    assert "loops back" in refused(tmp_path, text)


def test_an_exercise_cannot_be_its_own_variant(tmp_path):
    assert "names itself" in refused(tmp_path, exercise("a", 'harder = "a"', 'easier = "a"'))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            exercise("a", 'equipment = ["band"]'),
            "'a' needs a band but has no easier variant without one",
        ),
        (  # the easier variant needs a band too
            exercise("a", 'equipment = ["band"]', 'easier = "b"')
            + exercise("b", 'equipment = ["band"]', 'harder = "a"', 'no_band = "c"')
            + exercise("c"),
            "'a' needs a band but has no easier variant without one",
        ),
        (
            exercise("a", 'equipment = ["band"]', 'no_band = "b"')
            + exercise("b", 'equipment = ["band"]', 'no_band = "c"')
            + exercise("c"),
            "'a' names no_band = 'b', but 'b' needs a band too",
        ),
        (exercise("a", 'no_band = "nowhere"'), "'nowhere', which does not exist"),
        (exercise("a", 'equipment = "band"'), "'equipment' has the wrong type"),
        (exercise("a", "equipment = [3]"), "equipment must be a list of words"),
    ],
)
def test_band_exercises_without_a_way_to_do_without_are_refused(tmp_path, text, message):
    assert message in refused(tmp_path, text)


def test_a_band_exercise_with_an_easier_variant_or_a_swap_is_accepted(tmp_path):
    text = (
        exercise("a", 'equipment = ["band"]', 'easier = "b"')
        + exercise("b", 'harder = "a"')
        + exercise("c", 'equipment = ["band"]', 'no_band = "b"')
    )
    built = catalog_mod.build(write(tmp_path / "catalog.toml", text))
    assert built.exercises["c"]["no_band"] == "b"


@pytest.mark.parametrize("link", ["easier", "harder", "no_band"])
def test_a_routine_items_variant_without_a_dose_is_refused(tmp_path, link):
    back = {"easier": 'harder = "a"', "harder": 'easier = "a"', "no_band": ""}[link]
    band = 'equipment = ["band"]' if link == "no_band" else ""
    text = (
        '[routine]\ndaily = ["a"]\n'
        + exercise("a", f'{link} = "b"', band)
        + exercise("b", back, dosed=False)
    )
    message = refused(tmp_path, text)
    assert f"'b', the {link} variant of routine item 'a', has no default dose" in message


def test_variants_without_a_dose_are_fine_outside_the_routine(tmp_path):
    text = exercise("a", 'harder = "b"') + exercise("b", 'easier = "a"', dosed=False)
    assert catalog_mod.build(write(tmp_path / "catalog.toml", text)).exercises["b"]["sets"] is None
