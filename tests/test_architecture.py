"""The shape of the code: layers whose arrows point down only, and no import circle.

Every import of an omrade module counts — at the top of a file, inside a function, under
``TYPE_CHECKING``: a reader follows each of them. The layer order is written down once,
here, and docs/architecture.md shows the same order (a test below keeps them equal).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "omrade"

# Bottom first. A module belongs to the layer of the longest prefix that names it; it may
# import its own layer (without a circle) and every layer below, never one above.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("ground", ("omrade", "omrade.diagnostics", "omrade.i18n", "omrade.labels")),
    ("load", ("omrade.load",)),
    ("model", ("omrade.model",)),
    ("allocation", ("omrade.allocation",)),
    ("repo", ("omrade.repo",)),
    ("rules", ("omrade.rules",)),
    ("run", ("omrade.run", "omrade.validation", "omrade.scenario", "omrade.diff")),
    ("present", ("omrade.present",)),
    ("exchange", ("omrade.exchange",)),
    ("write", ("omrade.write",)),
    ("catalogue", ("omrade.catalogue",)),
    ("api", ("omrade.api",)),
    ("cli", ("omrade.cli", "omrade.entry", "omrade.__main__", "omrade.lsp")),
]


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def layer_of(module: str) -> int:
    best, index = -1, -1
    for i, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, index = len(prefix), i
    assert index >= 0, f"{module} is in no layer: add it to LAYERS"
    return index


def imports(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, int]]:
    """(imported omrade module, line) for every import in the file, wherever it stands."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            # ``from package import module`` runs the package's __init__ too: both count
            targets = [base] + [
                f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module:
                yield target, node.lineno


def graph() -> dict[str, dict[str, int]]:
    known = modules()
    return {m: dict(imports(m, p, known)) for m, p in known.items()}


def test_every_module_has_a_layer() -> None:
    for module in modules():
        layer_of(module)


def test_no_import_points_up() -> None:
    known = modules()
    upward = [
        f"{known[m].relative_to(ROOT)}:{line}: {m} ({LAYERS[layer_of(m)][0]}) imports "
        f"{target} ({LAYERS[layer_of(target)][0]})"
        for m, targets in graph().items()
        for target, line in targets.items()
        if layer_of(target) > layer_of(m)
    ]
    assert upward == []


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_the_circle_finder_finds_a_circle() -> None:
    edges = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert circles(edges) == [["a", "b", "c"]]


def test_an_upward_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks see an import inside a function, the kind a lazy import hides."""
    known = modules()
    source = "def f():\n    from omrade.api import validate\n    return validate\n"
    path = tmp_path / "probe.py"
    path.write_text(source)
    found = dict(imports("omrade.diagnostics", path, known))
    assert found == {"omrade.api": 2}
    assert layer_of("omrade.api") > layer_of("omrade.diagnostics")


def test_docs_show_the_same_layers() -> None:
    """docs/architecture.md lists the same layers, top first as a reader meets them."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- layers -->\n```text\n(.*?)```", text, re.S)
    assert block, "docs/architecture.md has no layers block"
    named = [line.split()[0] for line in block.group(1).splitlines() if line[:1].isalpha()]
    assert named == [name for name, _prefixes in reversed(LAYERS)]


def test_the_catalogue_imports_every_module_that_defines_a_rule() -> None:
    """Whoever asks ``omrade.catalogue`` for every rule gets every rule: each module that
    defines one is among its MODULES (and so imported by it)."""
    import omrade.catalogue

    defining = {
        m for m, path in modules().items() if re.search(r"^\w+ = define\(", path.read_text(), re.M)
    }
    listed = {module.__name__ for module in omrade.catalogue.MODULES}
    assert defining and defining <= listed, sorted(defining - listed)


# What omrade may import from outside the standard library: what requirements/run.txt
# installs (typer and what it brings, rich, PyYAML, pydantic, Jinja2, Babel) and the
# optional extras, which are imported only inside the commands that need them.
THIRD_PARTY = {
    "typer",
    "rich",
    "yaml",
    "pydantic",
    "pydantic_core",
    "jinja2",
    "markupsafe",
    "babel",
    "git",  # gitpython (a run dependency)
    "openpyxl",  # the sheets extra
    "duckdb",  # the db extra
    "pygls",  # the lsp extra
    "lsprotocol",  # pygls's
}


def test_omrade_imports_only_what_it_installs() -> None:
    """A package that only the test tools bring (click, which typer no longer needs) would
    work in the tests and fail for a user who installed omrade alone (make demo)."""
    import sys

    outside = set()
    for _module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top != "omrade" and top not in sys.stdlib_module_names:
                    outside.add((top, str(path.relative_to(ROOT))))
    assert sorted(o for o in outside if o[0] not in THIRD_PARTY) == []
