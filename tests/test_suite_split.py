"""What `make test` leaves to `make stress` (issue 17, observation 4): the everyday suite tries a
fifth of each generated test's examples from a fixed seed, and `make stress`, which CI runs
after it, tries every one; nothing a test proves is dropped, only moved."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import examples, load_helper
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def recipe(target: str) -> str:
    """The commands of a Makefile target."""
    text = (ROOT / "Makefile").read_text()
    return text.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]


def test_every_generated_test_takes_its_count_from_one_place():
    """A count written straight into a test would run in full in `make test` as well."""
    written = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"max_examples\s*=\s*(?!examples\()", line):
                written.append(f"{path.name}:{number}: {line.strip()}")
    assert written == []


def test_make_stress_runs_the_stress_tests_and_every_generated_example():
    assert '-m "not stress"' in recipe("test")
    assert "GLUTELOG_FULL_EXAMPLES" not in recipe("test")
    stress = recipe("stress")
    assert "GLUTELOG_FULL_EXAMPLES=1" in stress and '-m "stress or generated"' in stress


def test_the_full_count_is_tried_only_when_asked_for(monkeypatch):
    monkeypatch.setenv("GLUTELOG_FULL_EXAMPLES", "1")
    assert load_helper("examples").examples(300) == 300
    monkeypatch.delenv("GLUTELOG_FULL_EXAMPLES")
    share = load_helper("examples")
    assert share.examples(300) == 60
    assert share.examples(8) == share.FLOOR  # a small budget still tries a few
    assert share.examples(2) == 2  # and never more than the full count


@settings(max_examples=examples(5), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers())
def test_a_generated_test_is_marked_generated(request, number):
    assert request.node.get_closest_marker("generated") is not None
