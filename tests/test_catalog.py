"""The exercise catalog: contents, validation, name resolution, the user's own file."""

import os
import subprocess
import sys

import pytest
import typer

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
    assert "step-down" in err.value.message and "step-up" in err.value.message


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
name = "Test"
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
        + ENTRY.format(slug="pigeon", aliases="", extra="").replace(
            'name = "Test"', 'name = "My pigeon"'
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
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "--target", str(target), root],
        check=True, capture_output=True,
    )  # fmt: skip
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
