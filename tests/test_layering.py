"""The house stays layered: no import circles among synth's modules, counting imports inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

SYNTH = Path(__file__).resolve().parent.parent / "synth"


def imports() -> dict[str, set[str]]:
    """module -> the synth modules it imports anywhere in its text (module level or inside a function)."""
    modules = {}
    for path in SYNTH.rglob("*.py"):
        name = ".".join(path.relative_to(SYNTH.parent).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = path
    edges: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                parts = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join(parts + ([node.module] if node.module else []))
                for alias in node.names:
                    found = f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                    if found in modules and found != name:
                        edges[name].add(found)
            elif isinstance(node, ast.Import):
                edges[name].update(a.name for a in node.names if a.name in modules)
    return edges


def _runtime_nodes(tree: ast.AST):
    """Every node of ``tree`` except those under ``if TYPE_CHECKING:``: an import for annotations only is
    never executed, so it makes no circle."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING":
                stack.extend(child.orelse)
                continue
            stack.append(child)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circles():
    assert circles(imports()) == []


def test_the_check_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_type_checking_imports_make_no_edge():
    tree = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .route import Plan\n"
                     "from .units import Q_\n")
    found = [n.module for n in _runtime_nodes(tree) if isinstance(n, ast.ImportFrom)]
    assert sorted(found) == ["typing", "units"]


def test_the_library_never_imports_the_command_line():
    edges = imports()
    below = [m for m in edges if not m.startswith(("synth.cli", "synth.render", "synth.__main__"))]
    assert not [(m, t) for m in below for t in edges[m] if t.startswith("synth.cli")]
