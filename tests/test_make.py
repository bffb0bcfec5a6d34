"""`make run` as a new user meets it (issue 10, observation 7): on a fresh clone it set up the
virtual environment and printed ~40 lines of pip and setuptools warnings before the plan.

The set-up's output now goes to a log that is shown only when a step fails. The failing case
needs no network and runs with the suite; the whole fresh set-up installs every dependency, so
it runs with the heavier battery (`make stress`, which CI runs too).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def fresh_clone(tmp_path: Path) -> Path:
    """The project as `git clone` gives it: tracked files only, no virtual environment."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of the project")
    target = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", str(ROOT), str(target)], check=True, capture_output=True
    )
    return target


def make(clone: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(clone), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture
def make_env(env, tmp_path) -> dict:
    if shutil.which("make") is None:
        pytest.skip("needs make")
    return {**env, "GLUTELOG_DB": str(tmp_path / "first.db")}


def test_a_failed_set_up_shows_its_log_and_says_so(tmp_path, make_env):
    clone = fresh_clone(tmp_path)
    # a Python that cannot make a virtual environment: the first step fails at once
    result = make(clone, make_env, "run", "PYTHON=false")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "Setting up .venv failed" in result.stderr
    assert (clone / ".venv" / "install.log").exists()
    assert not (clone / ".venv" / ".installed").exists()  # the next `make run` tries again


@pytest.mark.stress
def test_make_run_on_a_fresh_clone_prints_the_plan_and_nothing_else(tmp_path, make_env):
    clone = fresh_clone(tmp_path)
    result = make(clone, make_env, "run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # stdout is the plan, exactly as the installed command prints it
    again = subprocess.run(
        [str(clone / ".venv" / "bin" / "glutelog"), "plan"],
        env=make_env,
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0 and result.stdout == again.stdout
    assert "Stretch and release" in result.stdout
    noise = ("warning", "deprecat", "pip", "setuptools", "notice")
    assert not [line for line in lines if any(word in line.lower() for word in noise)]
    # stderr holds glutelog's own first-use lines only
    assert all(line.startswith("glutelog") for line in result.stderr.splitlines()), result.stderr
    assert os.path.exists(make_env["GLUTELOG_DB"])
