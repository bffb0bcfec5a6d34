"""The README is a short front door and the pages under docs/ hold the rest: the command
reference names every command and option the app has, every page is linked, and every link
inside them leads somewhere."""

import re

import pytest
import typer.main
from conftest import load_helper

from glutelog.cli.typer_app import app

docs = load_helper("docs")

README_MAX_BYTES = 12 * 1024
# [text](target), not inside inline code; images too
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def reference_rows() -> dict:
    """{"report": "its arguments and options cell", ...} from the reference's table."""
    rows = {}
    for line in docs.text("docs/reference.md").splitlines():
        match = re.match(r"\| `glutelog( [a-z -]+)?` \| (.*) \|", line)
        if match:
            rows[(match.group(1) or "").strip()] = match.group(2)
    return rows


def commands(command=None, path=()):
    """(path, click command) for the app, each group and each command in it."""
    command = command or typer.main.get_command(app)
    yield " ".join(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from commands(sub, (*path, name))


COMMANDS = dict(commands())


def test_the_reference_is_found_and_has_a_row_per_command():
    rows = reference_rows()
    assert "" in rows and "done" in rows and "exercises show" in rows
    assert not set(COMMANDS) - set(rows), "commands missing from docs/reference.md"


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_option_is_in_its_commands_row(path):
    row = reference_rows().get(path)
    assert row is not None, f"no row for `glutelog {path}` in docs/reference.md"
    for param in COMMANDS[path].params:
        if param.param_type_name != "option":
            continue
        for name in (*param.opts, *param.secondary_opts):
            # whole names only: --week must not pass because --weeks is there
            assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", row), (path, name)


def test_help_is_mentioned():
    assert "-h`/`--help" in reference_rows()[""]


# --- the front door and its pages ---------------------------------------------------------------


def pages() -> list[str]:
    return ["README.md", *sorted(f"docs/{p.name}" for p in docs.DOCS.glob("*.md"))]


def links(page: str) -> list[str]:
    """The link targets of a page, outside code blocks and inline code."""
    markdown = re.sub(r"```.*?```", "", docs.text(page), flags=re.S)
    markdown = re.sub(r"`[^`\n]*`", "", markdown)
    return LINK.findall(markdown)


def test_the_readme_is_a_short_front_door():
    size = len(docs.README.read_bytes())
    assert size <= README_MAX_BYTES, f"README.md is {size} bytes; the rest belongs in docs/"
    front = docs.text("README.md")
    for part in (
        "When to stop and see someone",
        "make run",
        "make test",
        "A morning with glutelog",
        "docs/physio-page.png",
        "Typing dates and amounts",
    ):
        assert part in front, part


def test_every_docs_page_is_linked_from_the_readme():
    linked = {target.split("#")[0] for target in links("README.md")}
    for page in pages()[1:]:
        assert page in linked, f"{page} is not linked from README.md"


@pytest.mark.parametrize("page", pages())
def test_every_relative_link_leads_to_a_file_and_a_heading(page):
    base = (docs.ROOT / page).parent
    for target in links(page):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, fragment = target.partition("#")
        file = (base / path).resolve() if path else docs.ROOT / page
        assert file.is_file(), f"{page}: {target} leads to no file"
        if fragment:
            shown = file.relative_to(docs.ROOT).as_posix()
            titles = {docs.anchor(title) for _, title, _ in docs.headings(docs.text(shown))}
            assert fragment in titles, f"{page}: no heading for #{fragment} in {shown}"


def test_the_performance_page_shows_the_last_bench_results():
    """scripts/bench.py copies bench/results.md into docs/performance.md; they never differ."""
    page = docs.text("docs/performance.md")
    shown = page.split("<!-- bench/results.md -->\n", 1)[1].split("\n<!-- /bench/results.md -->")[0]
    results = docs.text("bench/results.md")
    assert shown == results.split("\n", 1)[1].strip()


def test_bench_copies_its_results_between_the_markers_and_keeps_the_rest(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench", docs.ROOT / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    results = tmp_path / "results.md"
    results.write_text("# glutelog start-up benchmark\n\nnew table\n\n3/3 PASS\n")
    page = tmp_path / "performance.md"
    page.write_text(
        f"# Performance\n\nbefore\n\n{bench.DOCS_START}\nold\n{bench.DOCS_END}\n\nafter\n"
    )
    bench.copy_into_docs(str(results), str(page))
    assert page.read_text() == (
        f"# Performance\n\nbefore\n\n{bench.DOCS_START}\nnew table\n\n3/3 PASS\n{bench.DOCS_END}\n\nafter\n"
    )
