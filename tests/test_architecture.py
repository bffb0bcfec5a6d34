"""The house: layers as packages, imports only downwards, no circles, no private names taken
across modules, no module that has swallowed too much. docs/architecture.md draws the same map.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "glutelog"

# Lowest first. A module may import its own layer and the layers below; reports and storage
# sit side by side and never import each other.
LAYERS = {
    "foundation": 0,  # glutelog/*.py: errors, rules, parsing, paths, catalog, settings, stdlib
    "planner": 1,
    "output": 2,
    "reports": 3,
    "storage": 3,
    "sync": 3.5,  # beside storage, on top of it: sync reads and writes the store
    "commands": 4,
    "cli": 5,
}
MAX_SHARE = 0.08  # no module over 8% of the package's lines


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return "cli" if module == "glutelog.__main__" else "foundation"


def imports(module: str) -> list[tuple[str, str, int]]:
    """(imported module, name taken from it or "", line) for every glutelog import, lazy ones too."""
    tree = ast.parse(MODULES[module].read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [
                (a.name, "", node.lineno) for a in node.names if a.name.startswith("glutelog")
            ]
        elif (
            isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("glutelog")
        ):
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if target in MODULES:
                    found.append((target, "", node.lineno))
                else:
                    found.append((node.module, alias.name, node.lineno))
    return found


def graph() -> dict[str, set[str]]:
    return {m: {target for target, _, _ in imports(m) if target != m} for m in MODULES}


FOUNDATION = {"__main__", "catalog", "errors", "parsing", "paths", "rules", "settings", "stdlib"}


def test_every_module_sits_in_a_layer_package_or_the_foundation():
    top = {p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    assert top - FOUNDATION == set()


def test_imports_run_down_the_layers():
    wrong = []
    for module in MODULES:
        here = layer(module)
        for target, _, line in imports(module):
            there = layer(target)
            if target == "glutelog":
                continue  # the package itself: its version
            if LAYERS[there] > LAYERS[here] or (LAYERS[there] == LAYERS[here] and there != here):
                wrong.append(f"{module}:{line} ({here}) imports {target} ({there})")
    assert wrong == []


def find_circle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                circle = visit(nxt)
                if circle:
                    return circle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            circle = visit(node)
            if circle:
                return circle
    return None


def test_there_is_no_circle_of_imports():
    assert find_circle(graph()) is None


def test_a_circle_is_found_when_there_is_one():
    # The check itself: the circle the old flat package had.
    edges = {"actions": {"flagging", "views"}, "flagging": {"actions"}, "views": set()}
    assert find_circle(edges) == ["actions", "flagging", "actions"]


def test_no_module_takes_another_modules_private_names():
    taken = []
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text())
        aliases = set()
        for target, name, line in imports(module):
            if name.startswith("_") and not name.startswith("__"):
                taken.append(f"{module}:{line} imports {name} from {target}")
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("glutelog")
            ):
                aliases |= {
                    a.asname or a.name for a in node.names if f"{node.module}.{a.name}" in MODULES
                }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                taken.append(f"{module}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert taken == []


def test_no_module_is_over_its_share_of_the_package():
    sizes = {m: len(p.read_text().splitlines()) for m, p in MODULES.items()}
    limit = MAX_SHARE * sum(sizes.values())
    assert {m: n for m, n in sizes.items() if n > limit} == {}


@pytest.mark.parametrize("package", sorted(name for name in LAYERS if name != "foundation"))
def test_each_layer_package_says_what_it_holds(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc and len(doc) > 40, package


def test_the_architecture_page_names_every_module():
    page = (PACKAGE.parent / "docs" / "architecture.md").read_text()
    missing = [
        m
        for m, p in MODULES.items()
        if p.name != "__init__.py" and m != "glutelog.__main__" and f"{p.stem}" not in page
    ]
    assert missing == []


def test_datetime_and_sqlite_come_through_stdlib():
    """Each module takes dates, SQLite and signals from glutelog.stdlib (their C modules), so no
    command pays for the Python layers over them; tests/test_dispatch.py checks the result."""
    found = []
    for module, path in MODULES.items():
        if module == "glutelog.stdlib":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            found += [
                f"{module}:{node.lineno} {n}"
                for n in names
                if n in ("datetime", "sqlite3", "signal")
            ]
    assert not found, found
