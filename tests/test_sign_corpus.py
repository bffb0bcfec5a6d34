"""The corpus of phrasings (tests/data/sign_corpus.txt): every emergency phrasing reaches an
emergency, every denial reaches nothing, and unclear words ask, both when typed after
`glutelog flag` and when written in a note (issue 16, observations 1-3)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from glutelog.commands import flags
from glutelog.errors import BadInput
from glutelog.planner import redflags

CORPUS = Path(__file__).parent / "data" / "sign_corpus.txt"


def corpus() -> list[tuple[str, str]]:
    found = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            expected, phrase = (part.strip() for part in line.split("|", 1))
            found.append((expected, phrase))
    return found


def tier(expected: str) -> str:
    if expected in ("none", "ask"):
        return expected
    return redflags.BY_SLUG[expected]["tier"]


CASES = corpus()


def test_the_corpus_is_large_and_covers_every_tier():
    counts = Counter(tier(expected) for expected, _ in CASES)
    assert len(CASES) >= 150
    assert counts["emergency"] >= 100 and counts["none"] >= 30 and counts["ask"] >= 5
    assert set(counts) >= {"emergency", "urgent", "routine", "watch", "none", "ask"}
    phrases = [phrase for _, phrase in CASES]
    assert len(set(phrases)) == len(phrases), "each phrasing once"


def corpus_counts() -> dict:
    """{tier: phrasings}, as the red-flag section of docs/planning.md gives them."""
    return dict(Counter(tier(expected) for expected, _ in CASES))


@pytest.mark.parametrize(("expected", "phrase"), CASES, ids=[phrase for _, phrase in CASES])
def test_each_phrasing_reaches_what_it_says(expected, phrase):
    if expected == "ask":
        with pytest.raises(redflags.Unclear) as unclear:
            redflags.read(phrase)
        assert "glutelog flag" in unclear.value.message and len(unclear.value.choices) >= 2
        return
    if expected == "none":
        heard = redflags.hear(phrase)
        assert heard["signs"] == [] and heard["unclear"] == [], heard
        with pytest.raises(BadInput) as refused:
            redflags.read(phrase)
        assert not isinstance(refused.value, redflags.Unclear)
        note = flags.hear_note(phrase)
        assert note["pausing"] == [] and note["leg"] is None and note["unclear"] is None
        return
    reading = redflags.read(phrase)
    assert expected in reading["signs"], reading
    if tier(expected) == "emergency":
        # written in a note, an emergency phrasing raises a suspected emergency
        note = flags.hear_note(phrase)
        assert expected in note["pausing"], note


def test_the_planning_page_gives_the_corpus_counts_by_tier():
    page = (Path(__file__).parent.parent / "docs" / "planning.md").read_text(encoding="utf-8")
    section = page.split("\n## Red flags\n", 1)[1].split("\n## ", 1)[0]
    said = " ".join(section.split())
    counts = corpus_counts()
    assert f"holds {len(CASES)} phrasings" in said
    for words, key in (
        ("emergency", "emergency"),
        ("urgent", "urgent"),
        ("routine", "routine"),
        ("symptoms to watch", "watch"),
        ("denials", "none"),
        ("unclear", "ask"),
    ):
        assert f"{counts[key]} {words}" in said, (words, counts[key])
