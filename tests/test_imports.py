"""The package's imports point down the flow: no circle, and no face reads the tables itself.

Every `import` in every module counts, at the top or inside a function or
an `if TYPE_CHECKING:` block, since a function-local import can hide a
circle as well as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import telcoradar

ROOT = Path(telcoradar.__file__).parent
# What each stage must not import (DESIGN's table, read as "may import only what is below").
FORBIDDEN = {
    "telcoradar.model": ("telcoradar.",),
    "telcoradar.sources": ("telcoradar.read", "telcoradar.extract", "telcoradar.store", "telcoradar.report"),
    "telcoradar.read": ("telcoradar.extract", "telcoradar.store", "telcoradar.analysis", "telcoradar.report"),
    "telcoradar.extract": ("telcoradar.store", "telcoradar.analysis", "telcoradar.report", "telcoradar.jobs"),
    # Inside extract/: the language layer serves all three fact kinds, and the kinds stand apart.
    "telcoradar.extract.lang": (
        "telcoradar.extract.plans",
        "telcoradar.extract.events",
        "telcoradar.extract.figures",
    ),
    "telcoradar.extract.plans": ("telcoradar.extract.events", "telcoradar.extract.figures"),
    "telcoradar.extract.events": ("telcoradar.extract.plans", "telcoradar.extract.figures"),
    "telcoradar.extract.figures": ("telcoradar.extract.plans", "telcoradar.extract.events"),
    "telcoradar.store": ("telcoradar.analysis", "telcoradar.report", "telcoradar.jobs"),
    "telcoradar.analysis": ("telcoradar.report", "telcoradar.jobs"),
    "telcoradar.report": ("telcoradar.store", "telcoradar.jobs"),
    "telcoradar.jobs": ("telcoradar.web",),
}
FACES = ("telcoradar.cli", "telcoradar.web", "telcoradar.api")


def module_names() -> dict[str, Path]:
    names = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


MODULES = module_names()


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name: str) -> set[str]:
    """The modules of ours that `name` imports anywhere in its text."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str | None] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(_resolve(alias.name) for alias in node.names if alias.name.startswith("telcoradar"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != "telcoradar":
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in MODULES else _resolve(base))
    return {module for module in found if module is not None and module != name}


GRAPH = {name: imports_of(name) for name in MODULES}


def circles() -> list[list[str]]:
    """The import circles (strongly connected groups of more than one module), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(GRAPH[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    return out


def test_the_walk_sees_function_local_and_relative_imports() -> None:
    assert "telcoradar.store.read" in GRAPH["telcoradar.cli.query"]  # imported inside a command
    assert "telcoradar.store.schema" in GRAPH["telcoradar.store.read"]
    assert "telcoradar.api" in GRAPH["telcoradar"]  # under TYPE_CHECKING and in __getattr__


def test_no_import_circle() -> None:
    assert circles() == []


def test_no_face_reads_the_tables() -> None:
    readers = sorted(
        name
        for name in MODULES
        if name.startswith(("telcoradar.report", *FACES)) and "telcoradar.store.schema" in GRAPH[name]
    )
    assert readers == []


def test_imports_point_down_the_flow() -> None:
    wrong = sorted(
        (name, imported)
        for name, imported_set in GRAPH.items()
        for stage, forbidden in FORBIDDEN.items()
        if name == stage or name.startswith(stage + ".")
        for imported in imported_set
        if imported.startswith(forbidden)
    )
    assert wrong == []


def test_nothing_below_the_faces_imports_a_face() -> None:
    wrong = sorted(
        (name, imported)
        for name, imported_set in GRAPH.items()
        if name != "telcoradar" and not name.startswith(FACES)
        for imported in imported_set
        if imported.startswith(FACES)
    )
    assert wrong == []
